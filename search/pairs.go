package search

import (
	"bytes"
	"fmt"
	"slices"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
)

// Pair fields. A phrase of common words ("city council") is costly to
// find from positions: every document holding both words has both terms'
// locations read to see whether they stand side by side, and common
// words are in most documents. So each text field has a companion field
// holding the pairs of adjacent terms its analyzer makes — text_en's
// "city council" is the term "citi council" of textbi_en — without
// positions. A stop word left out between two words makes no pair, as
// it leaves a gap in the positions: a pair is exactly Bleve's phrase of
// two terms, and the evaluator (eval.go) takes such a phrase's matches
// from the pair's postings, reading no locations. A longer phrase reads
// locations only in the documents holding all of its pairs.

// pairSep joins the two terms of a pair. No analyzer of a text field
// makes a term holding it (the unicode tokenizer splits at spaces); a
// pair of such a term is not made, nor looked for.
const pairSep = ' '

// pairFieldOf maps a field to its pair field.
var pairFieldOf = pairFields()

func pairFields() map[string]string {
	m := make(map[string]string, len(textLangs))
	for _, tl := range textLangs {
		m[textField(tl.suffix)] = textPairField(tl.suffix)
	}
	return m
}

// textPairField is the field of the term pairs of text_<suffix>.
func textPairField(suffix string) string { return "textbi_" + suffix }

func pairAnalyzerName(base string) string { return "gazette_pairs_" + base }

// pairTerm is the term of the pair (a, b) in a pair field; false when a
// term holds pairSep.
func pairTerm(a, b []byte) ([]byte, bool) {
	if len(a) == 0 || len(b) == 0 || bytes.IndexByte(a, pairSep) >= 0 || bytes.IndexByte(b, pairSep) >= 0 {
		return nil, false
	}
	t := make([]byte, 0, len(a)+1+len(b))
	t = append(append(append(t, a...), pairSep), b...)
	return t, true
}

// pairAnalyzer makes the pairs of terms at adjacent positions of what
// base makes (every term at a position with every term at the next, were
// an analyzer to put several at one).
type pairAnalyzer struct{ base analysis.Analyzer }

func (a pairAnalyzer) Analyze(input []byte) analysis.TokenStream {
	toks := a.base.Analyze(input)
	if !slices.IsSortedFunc(toks, byPosition) {
		toks = slices.Clone(toks)
		slices.SortStableFunc(toks, byPosition)
	}
	out := make(analysis.TokenStream, 0, len(toks))
	for i, ti := range toks {
		for _, tj := range toks[i+1:] {
			if tj.Position > ti.Position+1 {
				break
			}
			if tj.Position != ti.Position+1 {
				continue
			}
			if term, ok := pairTerm(ti.Term, tj.Term); ok {
				out = append(out, &analysis.Token{Term: term, Position: len(out) + 1,
					Start: ti.Start, End: tj.End, Type: analysis.Shingle})
			}
		}
	}
	return out
}

func byPosition(a, b *analysis.Token) int { return a.Position - b.Position }

func init() {
	for _, tl := range textLangs {
		base := tl.analyzer
		err := registry.RegisterAnalyzer(pairAnalyzerName(base), func(_ map[string]interface{}, cache *registry.Cache) (analysis.Analyzer, error) {
			a, err := cache.AnalyzerNamed(base)
			if err != nil {
				return nil, fmt.Errorf("pair analyzer of %s: %w", base, err)
			}
			return pairAnalyzer{base: a}, nil
		})
		if err != nil {
			panic(err) // only on a name clash at program start, as in Bleve's own packages
		}
	}
}
