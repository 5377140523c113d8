package search

import (
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/ru"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/registry"
)

// Russian is analysed like Bleve's "ru" analyzer (unicode tokenizer,
// lowercase, Russian stop words, Snowball stemmer) with two additions:
//
//   - ё is folded to е before anything else, as Russian texts use both;
//   - after Snowball, a trailing -ов/-ев is removed (if two letters stay).
//     Snowball strips -ов as a genitive plural ending, so it stems Харьков
//     to харьк but Харькове to харьков, and the two never meet; the extra
//     step makes both харьк (likewise Киев/Киеве, Ростов/Ростове).
const (
	ruAnalyzerName = "gazette_ru"
	ruFoldName     = "gazette_ru_fold"
	ruSuffixName   = "gazette_ru_suffix"
)

// ruFoldFilter folds ё to е.
type ruFoldFilter struct{}

func (ruFoldFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	for _, tok := range input {
		if strings.ContainsRune(string(tok.Term), 'ё') {
			tok.Term = []byte(strings.ReplaceAll(string(tok.Term), "ё", "е"))
		}
	}
	return input
}

// ruSuffixFilter removes a trailing -ов/-ев left by the Snowball stemmer.
type ruSuffixFilter struct{}

func (ruSuffixFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	for _, tok := range input {
		setTerm(tok, ruStripSuffix(string(tok.Term)))
	}
	return input
}

func ruStripSuffix(stem string) string {
	for _, suf := range []string{"ов", "ев"} {
		if s, ok := strings.CutSuffix(stem, suf); ok && utf8.RuneCountInString(s) >= 2 {
			return s
		}
	}
	return stem
}

func init() {
	regs := []error{
		registry.RegisterTokenFilter(ruFoldName, func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
			return ruFoldFilter{}, nil
		}),
		registry.RegisterTokenFilter(ruSuffixName, func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
			return ruSuffixFilter{}, nil
		}),
		registry.RegisterAnalyzer(ruAnalyzerName, func(_ map[string]interface{}, cache *registry.Cache) (analysis.Analyzer, error) {
			return newAnalyzer(cache, lowercase.Name, ruFoldName, ru.StopName, ru.SnowballStemmerName, ruSuffixName)
		}),
	}
	for _, err := range regs {
		if err != nil {
			panic(err) // only on a name clash at program start, as in Bleve's own packages
		}
	}
}
