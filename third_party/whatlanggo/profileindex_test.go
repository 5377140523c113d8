package whatlanggo

import (
	"encoding/json"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"unicode"
)

// Gazette patch: the indexed scoring and the ASCII path of DetectScript
// give upstream's results.

// equivalenceTexts are the examples of every language, their prefixes, and
// texts mixed from them with digits, punctuation, upper case, control
// characters and broken UTF-8.
func equivalenceTexts(t *testing.T) []string {
	t.Helper()
	raw, err := os.ReadFile("testdata/examples.json")
	if err != nil {
		t.Fatal(err)
	}
	var examples map[string]string
	if err := json.Unmarshal(raw, &examples); err != nil {
		t.Fatal(err)
	}
	texts := []string{"", " ", "a", "-a-", "yes", "Give - IT...", "\x01\x02abc", "ab\xffcd", "\xff", "  x  y  ", "Ж", "ΑΒΓ abc"}
	var all []string
	for _, text := range examples {
		all = append(all, text)
		texts = append(texts, text, strings.ToUpper(text))
		for n := 1; n < len(text); n += 7 {
			texts = append(texts, text[:n]) // some cut inside a rune
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	noise := []string{" ", "  ", "1984", "!", "...", "\t", "\n", "©", "€", "\x00", "\xc3", "ǅ", "ß", "İ"}
	for range 300 {
		var b strings.Builder
		for range 1 + rng.IntN(8) {
			text := all[rng.IntN(len(all))]
			i, j := rng.IntN(len(text)+1), rng.IntN(len(text)+1)
			if i > j {
				i, j = j, i
			}
			b.WriteString(text[i:j])
			b.WriteString(noise[rng.IntN(len(noise))])
		}
		texts = append(texts, b.String())
	}
	return texts
}

func TestDistancesEqualUpstream(t *testing.T) {
	lists := map[string]langProfileList{
		"latin": latinLangs, "cyrillic": cyrillicLangs, "arabic": arabicLangs,
		"devanagari": devanagariLangs, "ethiopic": ethiopicLangs, "hebrew": hebrewLangs,
	}
	indexes := map[string]*profileIndex{
		"latin": latinIndex(), "cyrillic": cyrillicIndex(), "arabic": arabicIndex(),
		"devanagari": devanagariIndex(), "ethiopic": ethiopicIndex(), "hebrew": hebrewIndex(),
	}
	for _, text := range equivalenceTexts(t) {
		weights := count(text)
		for name, list := range lists {
			got := indexes[name].distances(text)
			if len(got) != len(list) {
				t.Fatalf("%s: %d languages, want %d", name, len(got), len(list))
			}
			for _, d := range got {
				dist, n := calculateDistance(list[d.lang], weights)
				if d.dist != dist || d.numTrigrams != n {
					t.Fatalf("%s, %q: %s scores %d with %d trigrams, upstream %d with %d", name, text, Langs[d.lang], d.dist, d.numTrigrams, dist, n)
				}
			}
		}
	}
}

func TestDetectScriptEqualsUpstream(t *testing.T) {
	for _, text := range equivalenceTexts(t) {
		if got, want := DetectScript(text), detectScriptUpstream(text); got != want {
			t.Fatalf("%q: %v, upstream %v", text, Scripts[got], Scripts[want])
		}
	}
	// Ties between scripts are broken by the counters' order, which the
	// Latin letters move as upstream's loop does.
	for _, text := range []string{"abcЖЗИ", "ЖЗИabc", "aЖbЗcИ", "ЖaЗbИc", "ab ΑΒ Жз", "1 a Ж"} {
		if got, want := DetectScript(text), detectScriptUpstream(text); got != want {
			t.Fatalf("%q: %v, upstream %v", text, Scripts[got], Scripts[want])
		}
	}
}

func TestRuneTables(t *testing.T) {
	for c := rune(0); c < tableRunes; c++ {
		want := runeIsStop - runeInScript
		if !isStopChar(c) {
			want = runeInNone - runeInScript // no script counted
			for k, sc := range tableScripts {
				if unicode.Is(sc, c) {
					if want != runeInNone-runeInScript {
						t.Errorf("%q is in two scripts", c)
					}
					want = k
				}
			}
		}
		got := int(runeScript[c]) - runeInScript
		if got != want {
			t.Errorf("%q: script %d, want %d", c, got, want)
		}
		if got, want := trigramChar[c], unicode.ToLower(toTrigramChar(c)); got != want {
			t.Errorf("%q: trigram char %q, want %q", c, got, want)
		}
	}
}

// detectScriptUpstream is upstream's DetectScript.
func detectScriptUpstream(text string) *unicode.RangeTable {
	halfLen := len(text) / 2
	scriptCounter := []scriptCounter{
		{isLatin, unicode.Latin, 0}, {isCyrillic, unicode.Cyrillic, 0}, {isArabic, unicode.Arabic, 0},
		{isDevanagari, unicode.Devanagari, 0}, {isHiraganaKatakana, _HiraganaKatakana, 0}, {isEthiopic, unicode.Ethiopic, 0},
		{isHebrew, unicode.Hebrew, 0}, {isBengali, unicode.Bengali, 0}, {isGeorgian, unicode.Georgian, 0},
		{isHan, unicode.Han, 0}, {isHangul, unicode.Hangul, 0}, {isGreek, unicode.Greek, 0},
		{isKannada, unicode.Kannada, 0}, {isTamil, unicode.Tamil, 0}, {isThai, unicode.Thai, 0},
		{isGujarati, unicode.Gujarati, 0}, {isGurmukhi, unicode.Gurmukhi, 0}, {isTelugu, unicode.Telugu, 0},
		{isMalayalam, unicode.Malayalam, 0}, {isOriya, unicode.Oriya, 0}, {isMyanmar, unicode.Myanmar, 0},
		{isSinhala, unicode.Sinhala, 0}, {isKhmer, unicode.Khmer, 0},
	}
	for _, ch := range text {
		if isStopChar(ch) {
			continue
		}
		for i, sc := range scriptCounter {
			if sc.checkFunc(ch) {
				scriptCounter[i].count++
				if scriptCounter[i].count > halfLen {
					return sc.script
				}
				if i > 0 {
					scriptCounter[i], scriptCounter[i-1] = scriptCounter[i-1], scriptCounter[i]
				}
			}
		}
	}
	jpCount := 0
	max := 0
	maxScript := &unicode.RangeTable{}
	for _, script := range scriptCounter {
		if script.count > max {
			max = script.count
			maxScript = script.script
			if script.script == _HiraganaKatakana {
				jpCount = max
			}
		}
	}
	switch {
	case max == 0:
		return nil
	case maxScript == unicode.Han && jpCount > 0:
		return _HiraganaKatakana
	default:
		return maxScript
	}
}

func BenchmarkDetect(b *testing.B) {
	raw, err := os.ReadFile("testdata/examples.json")
	if err != nil {
		b.Fatal(err)
	}
	var examples map[string]string
	if err := json.Unmarshal(raw, &examples); err != nil {
		b.Fatal(err)
	}
	text := strings.Repeat(examples["eng"]+" ", 16)
	rus := strings.Repeat(examples["rus"]+" ", 8)
	b.Run("eng", func(b *testing.B) {
		for b.Loop() {
			Detect(text)
		}
	})
	b.Run("rus", func(b *testing.B) {
		for b.Loop() {
			Detect(rus)
		}
	})
}
