package search

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/token/stop"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/registry"
)

// Bleve ships no Ukrainian analysis, so Gazette brings its own: the unicode
// tokenizer, lowercasing, a Ukrainian stop-word list and the light stemmer
// below. The names are registered with Bleve's registry (the way Bleve's own
// language packages do it) so that an index created with this mapping can be
// reopened by name.
const (
	ukAnalyzerName    = "gazette_uk"
	ukStopMapName     = "gazette_uk_stop_words"
	ukStopFilterName  = "gazette_uk_stop"
	ukStemmerName     = "gazette_uk_stem"
	placeAnalyzerName = "gazette_placename"
	apostropheName    = "gazette_apostrophe"
)

// ukStopWords are frequent Ukrainian function words: conjunctions,
// prepositions, particles and pronouns. They carry no meaning for search.
var ukStopWords = strings.Fields(`
а або адже але аж б без би бо був була були було бути в вам вас весь вже
ви від він вона вони воно все всі вся втім де для до є ж же з за зі із
її їй їм їх й і коли куди лише майже ми мене мені між мій мною на навіть над
нам нас наш не нею ним ними них ні ніж о об однак от ось отже по під після
поки при про проте саме свій своє свої своя себе собі та так також там те
тебе тим ти тих тієї тільки то тобто той тому ту тут у хоч хоча хто це цей
ці ця цього цієї цим цих чи чим чого що щоб щодо як яка які який яке якщо
`)

// ukEndings are the inflectional endings the stemmer strips (step 1), longest
// first so that the longest matching ending wins. They cover the case endings
// of nouns and adjectives; verbs are left alone.
var ukEndings = []string{
	// adjectives, hard and soft declension
	"ього", "ьому", "ьої", "ьою",
	"ого", "ому", "ими", "ою", "ої", "ій", "ий", "их", "им", "ім",
	// nouns, plural
	"ами", "ями", "ах", "ях", "ам", "ям",
	// nouns, dative -ові/-еві/-єві and genitive plural -ів/-їв/-ей
	"ові", "еві", "єві", "ів", "їв", "ей",
	// nouns, instrumental singular
	"ом", "ем", "єм", "ею", "єю",
	// single letters
	"а", "я", "у", "ю", "о", "е", "є", "і", "ї", "и", "ь", "й",
}

// ukSuffixes are stripped once more after the ending (step 2): the
// possessive/place-name suffix -ов/-ів/-ев/-єв/-їв that alternates between
// nominative and oblique cases (Харків, Харкова; Київ, Києва) and what is
// left of -ові after step 1 (президентові → президентов).
var ukSuffixes = []string{"ов", "ів", "ев", "єв", "їв"}

const ukVowels = "аеєиіїоуюя"

// ukStem reduces a lowercased Ukrainian word to a stem. It is a light,
// rule-based stemmer meant for recall, not a morphological analyser:
//
//  0. Apostrophe variants (’ ʼ `) become ' so м’ясо and м'ясо meet.
//  1. The longest inflectional ending in ukEndings is removed, if at least
//     two letters stay: області → област, область → област, Харкові → харков.
//  2. A trailing -ов/-ів/-ев/-єв/-їв is removed, if at least two letters
//     stay: харков → харк and харків → харк, києв → ки and київ → ки.
//  3. The і of a closed final syllable becomes о (consonant + і + consonant
//     at the end of the stem), mirroring the Ukrainian о/і alternation:
//     рік and року both give рок, ніч and ночі both give ноч.
//
// Words of fewer than three letters and words with non-Cyrillic letters are
// returned unchanged apart from step 0. Known misses: verbs are not stemmed,
// consonant mutations are not undone (рік/році, рука/руці), and -ння/-нь
// nouns (питання, питань) do not meet.
func ukStem(word string) string {
	word = normalizeApostrophes(word)
	if utf8.RuneCountInString(word) < 3 || !isCyrillic(word) {
		return word
	}
	stem := word
	for _, e := range ukEndings {
		if s, ok := strings.CutSuffix(stem, e); ok && utf8.RuneCountInString(s) >= 2 {
			stem = s
			break
		}
	}
	for _, e := range ukSuffixes {
		if s, ok := strings.CutSuffix(stem, e); ok && utf8.RuneCountInString(s) >= 2 {
			stem = s
			break
		}
	}
	return ukAlternate(stem)
}

// ukAlternate applies step 3 of ukStem: a final consonant-і-consonant
// becomes consonant-о-consonant.
func ukAlternate(stem string) string {
	r := []rune(stem)
	n := len(r)
	if n < 3 || r[n-2] != 'і' || !isUkConsonant(r[n-1]) || !isUkConsonant(r[n-3]) {
		return stem
	}
	r[n-2] = 'о'
	return string(r)
}

// isUkConsonant reports whether r is a lowercase Ukrainian consonant letter.
func isUkConsonant(r rune) bool {
	isLetter := r >= 'а' && r <= 'я' || r == 'ґ' || r == 'є' || r == 'і' || r == 'ї'
	return isLetter && r != 'ь' && !strings.ContainsRune(ukVowels, r)
}

// isCyrillic reports whether every letter of s is Cyrillic, so that the
// stemmer leaves Latin words and numbers in Ukrainian text alone.
func isCyrillic(s string) bool {
	for _, r := range s {
		if r == '\'' || r == '-' {
			continue
		}
		if r < 0x0400 || r > 0x04FF {
			return false
		}
	}
	return true
}

// normalizeApostrophes maps the apostrophe look-alikes used in Ukrainian
// spelling (м’ясо, мʼясо, м`ясо) to the ASCII apostrophe.
func normalizeApostrophes(s string) string {
	if !strings.ContainsAny(s, apostropheLookalikes) {
		return s
	}
	return apostropheReplacer.Replace(s)
}

// apostropheLookalikes are the characters normalizeApostrophes replaces.
const apostropheLookalikes = "’ʼ`‘"

var apostropheReplacer = strings.NewReplacer("’", "'", "ʼ", "'", "`", "'", "‘", "'")

// ukStemFilter is the Bleve token filter around ukStem.
type ukStemFilter struct{}

func (ukStemFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	for _, tok := range input {
		setTerm(tok, ukStem(string(tok.Term)))
	}
	return input
}

// setTerm gives tok the term s: the start of its own term when s is one
// (a stem without its ending), which needs no copy, else a copy of s.
func setTerm(tok *analysis.Token, s string) {
	if len(s) <= len(tok.Term) && string(tok.Term[:len(s)]) == s {
		tok.Term = tok.Term[:len(s)]
		return
	}
	tok.Term = []byte(s)
}

// apostropheFilter normalises apostrophes without stemming; the place-name
// analyzer uses it so Мар’їнка and Мар'їнка meet.
type apostropheFilter struct{}

func (apostropheFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	for _, tok := range input {
		if bytes.ContainsAny(tok.Term, apostropheLookalikes) { // most words have none: no copy
			tok.Term = []byte(normalizeApostrophes(string(tok.Term)))
		}
	}
	return input
}

func init() {
	regs := []error{
		registry.RegisterTokenMap(ukStopMapName, func(map[string]interface{}, *registry.Cache) (analysis.TokenMap, error) {
			tm := analysis.NewTokenMap()
			for _, w := range ukStopWords {
				tm.AddToken(w)
			}
			return tm, nil
		}),
		registry.RegisterTokenFilter(ukStopFilterName, func(_ map[string]interface{}, cache *registry.Cache) (analysis.TokenFilter, error) {
			tm, err := cache.TokenMapNamed(ukStopMapName)
			if err != nil {
				return nil, err
			}
			return stop.NewStopTokensFilter(tm), nil
		}),
		registry.RegisterTokenFilter(ukStemmerName, func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
			return ukStemFilter{}, nil
		}),
		registry.RegisterTokenFilter(apostropheName, func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
			return apostropheFilter{}, nil
		}),
		registry.RegisterAnalyzer(ukAnalyzerName, func(_ map[string]interface{}, cache *registry.Cache) (analysis.Analyzer, error) {
			return newAnalyzer(cache, lowercase.Name, ukStopFilterName, ukStemmerName)
		}),
		registry.RegisterAnalyzer(placeAnalyzerName, func(_ map[string]interface{}, cache *registry.Cache) (analysis.Analyzer, error) {
			return newAnalyzer(cache, lowercase.Name, apostropheName)
		}),
	}
	for _, err := range regs {
		if err != nil {
			panic(err) // only on a name clash at program start, as in Bleve's own packages
		}
	}
}

// newAnalyzer builds a unicode-tokenizer analyzer with the named filters.
func newAnalyzer(cache *registry.Cache, filters ...string) (analysis.Analyzer, error) {
	tok, err := cache.TokenizerNamed(unicode.Name)
	if err != nil {
		return nil, err
	}
	a := &analysis.DefaultAnalyzer{Tokenizer: tok}
	for _, name := range filters {
		f, err := cache.TokenFilterNamed(name)
		if err != nil {
			return nil, err
		}
		a.TokenFilters = append(a.TokenFilters, f)
	}
	return a, nil
}
