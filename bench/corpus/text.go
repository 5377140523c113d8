package corpus

import (
	"embed"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

//go:embed data/words_*.txt data/phrases_*.txt
var wordFiles embed.FS

// Langs are the languages of the corpus, with the share of sites in each.
var Langs = []string{"en", "ru", "uk"}

// zipfS is the exponent of the word, place and site frequencies: the word
// of rank r is drawn with probability proportional to 1/r^zipfS.
const zipfS = 1.1

// tailWords is how many rare made-up words each language's vocabulary
// gets after the listed words and their inflected forms, so that the
// vocabulary has the long tail of real news text (names, rare terms).
const tailWords = 20000

// zipf draws ranks 0..n-1 with probability proportional to 1/(r+1)^s.
type zipf struct{ cum []float64 }

func newZipf(n int, s float64) zipf {
	cum := make([]float64, n)
	total := 0.0
	for r := range n {
		total += 1 / math.Pow(float64(r+1), s)
		cum[r] = total
	}
	return zipf{cum}
}

func (z zipf) draw(rng *rand.Rand) int {
	u := rng.Float64() * z.cum[len(z.cum)-1]
	return min(sort.SearchFloat64s(z.cum, u), len(z.cum)-1)
}

// language is one language's vocabulary and sentence frames.
type language struct {
	code    string
	words   []string // by rank
	wordsZ  zipf
	phrases []string // collocations, by rank
	phraseZ zipf
	// placeFrames put a place name into a sentence: the name replaces
	// "%s"; frames starting with "%s" open a sentence.
	placeFrames []string
	first, last []string // authors' names
}

// newLanguage builds a language's vocabulary: the listed words, their
// inflected forms, then made-up words, ranked in that order (the forms and
// made-up words shuffled by seed).
func newLanguage(code string, seed uint64) (*language, error) {
	words, err := readList("data/words_" + code + ".txt")
	if err != nil {
		return nil, err
	}
	phrases, err := readList("data/phrases_" + code + ".txt")
	if err != nil {
		return nil, err
	}
	rng := rand.New(rand.NewPCG(seed, hashString("vocab-"+code)))
	seen := map[string]bool{}
	var listed []string
	for _, line := range words {
		for w := range strings.FieldsSeq(line) {
			if !seen[w] {
				seen[w] = true
				listed = append(listed, w)
			}
		}
	}
	var forms []string
	for _, w := range listed[min(60, len(listed)):] { // function words are not inflected
		for _, f := range inflect(code, w) {
			if !seen[f] {
				seen[f] = true
				forms = append(forms, f)
			}
		}
	}
	rng.Shuffle(len(forms), func(i, j int) { forms[i], forms[j] = forms[j], forms[i] })
	vocab := append(listed, forms...)
	for len(vocab) < len(listed)+len(forms)+tailWords {
		w := madeUpWord(code, rng)
		if !seen[w] {
			seen[w] = true
			vocab = append(vocab, w)
		}
	}
	l := &language{code: code, words: vocab, wordsZ: newZipf(len(vocab), zipfS),
		phrases: phrases, phraseZ: newZipf(len(phrases), 1)}
	switch code {
	case "en":
		l.placeFrames = []string{"in %s", "near %s", "from %s", "around %s", ", %s,", "%s:"}
		l.first = strings.Fields("James Mary John Patricia Robert Jennifer Michael Linda David Elizabeth William Susan Richard Jessica Thomas Sarah Daniel Karen Matthew Nancy Anthony Lisa Mark Emily Paul Helen Steven Laura Andrew Rachel Peter Anna Oliver Sophie Harry Grace Jack Lucy")
		l.last = strings.Fields("Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Thomas Moore Martin Thompson White Harris Clark Lewis Robinson Walker Young Allen King Wright Scott Green Baker Adams Nelson Hill Campbell Mitchell Roberts Carter Phillips Evans Turner Parker Collins Edwards")
	case "ru":
		l.placeFrames = []string{", %s,", "%s:", "(%s)", "— %s —"}
		l.first = strings.Fields("Александр Елена Сергей Ольга Дмитрий Наталья Андрей Татьяна Алексей Ирина Максим Светлана Иван Марина Михаил Анна Николай Юлия Владимир Екатерина Павел Мария Игорь Людмила Олег Виктория")
		l.last = strings.Fields("Иванов Смирнова Кузнецов Попова Соколов Лебедева Козлов Новикова Морозов Петрова Волков Соловьева Васильев Зайцева Павлов Семенова Голубев Виноградова Богданов Воробьева Федоров Михайлова Беляев Тарасова Комаров Орлова")
	case "uk":
		l.placeFrames = []string{", %s,", "%s:", "(%s)", "— %s —"}
		l.first = strings.Fields("Олександр Олена Сергій Ольга Дмитро Наталія Андрій Тетяна Олексій Ірина Максим Світлана Іван Марина Михайло Анна Микола Юлія Володимир Катерина Павло Марія Ігор Людмила Олег Вікторія Богдан Оксана Тарас Галина")
		l.last = strings.Fields("Шевченко Коваленко Бондаренко Ткаченко Кравченко Олійник Шевчук Поліщук Бойко Ткачук Мельник Савченко Руденко Марченко Лисенко Петренко Гончаренко Мороз Кравчук Левченко Павленко Романенко Кузьменко Клименко Іваненко Федоренко")
	default:
		return nil, fmt.Errorf("corpus: no vocabulary for language %q", code)
	}
	return l, nil
}

// readList reads an embedded list: one entry a line, "#" comments.
func readList(name string) ([]string, error) {
	b, err := wordFiles.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("corpus: %w", err)
	}
	var out []string
	for line := range strings.SplitSeq(string(b), "\n") {
		line = strings.TrimSpace(line)
		if line != "" && !strings.HasPrefix(line, "#") {
			out = append(out, line)
		}
	}
	return out, nil
}

// inflect returns regular inflected forms of a word: English plural and
// past forms, Russian and Ukrainian case endings. They need not all be
// correct; they give the vocabulary the shape of real text.
func inflect(code, w string) []string {
	if utf8.RuneCountInString(w) < 4 || strings.ContainsAny(w, "'-") {
		return nil
	}
	rs := []rune(w)
	stem := func(n int) string { return string(rs[:len(rs)-n]) }
	last := rs[len(rs)-1]
	switch code {
	case "en":
		switch {
		case strings.HasSuffix(w, "ed") || strings.HasSuffix(w, "ing") || strings.HasSuffix(w, "ly") || strings.HasSuffix(w, "er") || strings.HasSuffix(w, "s"):
			return nil // inflected already
		case strings.HasSuffix(w, "e"):
			return []string{w + "s", w + "d", stem(1) + "ing"}
		case strings.HasSuffix(w, "y"):
			return []string{stem(1) + "ies", stem(1) + "ied"}
		}
		return []string{w + "s", w + "ed", w + "ing", w + "er"}
	case "ru":
		switch {
		case strings.HasSuffix(w, "ый") || strings.HasSuffix(w, "ий"):
			return []string{stem(2) + "ого", stem(2) + "ому", stem(2) + "ым", stem(2) + "ая", stem(2) + "ое", stem(2) + "ые", stem(2) + "ых"}
		case strings.HasSuffix(w, "ия"):
			return []string{stem(1) + "и", stem(1) + "ю", stem(1) + "ей"}
		case last == 'а':
			return []string{stem(1) + "ы", stem(1) + "е", stem(1) + "у", stem(1) + "ой"}
		case last == 'о':
			return []string{stem(1) + "а", stem(1) + "у", stem(1) + "ом", stem(1) + "е"}
		case strings.HasSuffix(w, "ть"):
			return []string{stem(2) + "л", stem(2) + "ла", stem(2) + "ли", stem(2) + "ет"}
		case isConsonant(last):
			return []string{w + "а", w + "у", w + "ом", w + "е", w + "ы", w + "ов"}
		}
	case "uk":
		switch {
		case strings.HasSuffix(w, "ий"):
			return []string{stem(2) + "ого", stem(2) + "ому", stem(2) + "им", stem(2) + "а", stem(2) + "е", stem(2) + "і", stem(2) + "их"}
		case strings.HasSuffix(w, "ія"):
			return []string{stem(1) + "ї", stem(1) + "ю", stem(1) + "єю"}
		case last == 'а':
			return []string{stem(1) + "и", stem(1) + "і", stem(1) + "у", stem(1) + "ою"}
		case last == 'о':
			return []string{stem(1) + "а", stem(1) + "у", stem(1) + "ом", stem(1) + "і"}
		case strings.HasSuffix(w, "ти"):
			return []string{stem(2) + "в", stem(2) + "ла", stem(2) + "ли", stem(2) + "є"}
		case isConsonant(last):
			return []string{w + "а", w + "у", w + "ом", w + "і", w + "и", w + "ів"}
		}
	}
	return nil
}

func isConsonant(r rune) bool {
	return unicode.IsLetter(r) && !strings.ContainsRune("аеёиоуыэюяіїєaeiouyьй", r)
}

// Syllables of made-up words, per language.
var syllables = map[string][2][]string{
	"en": {strings.Fields("b c d f g h k l m n p r s t v w br cr dr fl gr pl pr st tr sh ch th"), strings.Fields("a e i o u ea ee oo ai ou")},
	"ru": {strings.Fields("б в г д ж з к л м н п р с т ф х ц ч ш щ бр вл гр др кр пр ст тр"), strings.Fields("а е и о у ы я ю")},
	"uk": {strings.Fields("б в г ґ д ж з к л м н п р с т ф х ц ч ш щ бр вл гр др кр пр ст тр"), strings.Fields("а е и і о у я ю є ї")},
}

// madeUpWord returns a pronounceable word of two to four syllables.
func madeUpWord(code string, rng *rand.Rand) string {
	cv := syllables[code]
	var b strings.Builder
	for range 2 + rng.IntN(3) {
		b.WriteString(cv[0][rng.IntN(len(cv[0]))])
		b.WriteString(cv[1][rng.IntN(len(cv[1]))])
	}
	if rng.IntN(2) == 0 {
		b.WriteString(cv[0][rng.IntN(len(cv[0])/2)])
	}
	return b.String()
}

// word draws one word.
func (l *language) word(rng *rand.Rand) string { return l.words[l.wordsZ.draw(rng)] }

// Word returns the word of rank r in the vocabulary (0 is the most
// frequent), for benchmarks that query words of a known frequency.
func (l *language) Word(r int) string { return l.words[min(r, len(l.words)-1)] }

// sentence returns one sentence of n words: Zipf-drawn words, now and then
// a collocation or a comma, and the place name, if any, in one of the
// language's frames. The first letter is upper-cased; no full stop.
func (l *language) sentence(rng *rand.Rand, n int, place string) string {
	var b strings.Builder
	at := -1
	if place != "" {
		at = rng.IntN(n)
	}
	for i := range n {
		if i == at {
			frame := l.placeFrames[rng.IntN(len(l.placeFrames))]
			if strings.HasPrefix(frame, "%s") && i != 0 {
				frame = l.placeFrames[0]
			}
			if strings.HasPrefix(frame, ",") && i == 0 {
				frame = frame[2:]
			}
			if i > 0 && !strings.HasPrefix(frame, ",") {
				b.WriteByte(' ')
			}
			fmt.Fprintf(&b, frame, place)
			continue
		}
		if i > 0 {
			b.WriteByte(' ')
		}
		if rng.IntN(12) == 0 {
			b.WriteString(l.phrases[l.phraseZ.draw(rng)])
		} else {
			b.WriteString(l.word(rng))
		}
		if i > 0 && i < n-2 && i+1 != at && rng.IntN(14) == 0 {
			b.WriteByte(',')
		}
	}
	return capitalize(b.String())
}

// capitalize upper-cases the first letter of s.
func capitalize(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	if !unicode.IsLower(r) {
		return s
	}
	return string(unicode.ToUpper(r)) + s[size:]
}

// hashString is FNV-1a, for deriving stream numbers from names.
func hashString(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := range len(s) {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

// pick returns one element of list.
func pick[T any](rng *rand.Rand, list []T) T { return list[rng.IntN(len(list))] }
