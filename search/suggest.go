package search

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

// Title suggestions complete what a reader is typing in the browser's
// search bar. They must cost little whatever is typed, so the last,
// unfinished word is looked up in each title field's term dictionary,
// reading at most suggestScanTerms terms and keeping the suggestTerms
// most frequent, instead of Bleve's prefix query, which expands to every
// term with the prefix.
const (
	suggestScanTerms = 1000
	suggestTerms     = 32
	maxSuggestions   = 50
)

// SuggestTitles returns at most limit titles of articles matching what is
// typed: every finished word, and a word starting with the unfinished
// last one (text ending in a space has no unfinished word). Titles come
// best match first, each once; text with no word gives none.
func (ix *Index) SuggestTitles(ctx context.Context, typed string, limit int) ([]string, error) {
	limit = min(max(limit, 1), maxSuggestions)
	words := strings.FieldsFunc(strings.ToLower(typed), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.IsMark(r)
	})
	if len(words) == 0 {
		return nil, nil
	}
	done, partial := words, ""
	if last := []rune(typed); !unicode.IsSpace(last[len(last)-1]) {
		done, partial = words[:len(words)-1], words[len(words)-1]
	}

	var perField []query.Query
	m := ix.bleve.Mapping()
	for _, tl := range textLangs {
		field := titleField(tl.suffix)
		var must []query.Query
		for _, w := range done {
			if a := m.AnalyzerNamed(tl.analyzer); a != nil && len(a.Analyze([]byte(w))) == 0 {
				continue // a stop word of this language: no title has it
			}
			mq := bleve.NewMatchQuery(w)
			mq.SetField(field)
			must = append(must, mq)
		}
		if partial != "" {
			terms, err := ix.prefixTerms(field, partial)
			if err != nil {
				return nil, err
			}
			if len(terms) == 0 && len(must) > 0 {
				// No indexed word starts so: it may be a stop word
				// being typed ("road betw…"); the finished words decide.
				perField = append(perField, bleve.NewConjunctionQuery(must...))
				continue
			}
			// The word as typed, analysed: a finished word whose stem is
			// shorter than it ("reopens" is indexed as "reopen").
			mq := bleve.NewMatchQuery(partial)
			mq.SetField(field)
			alts := []query.Query{mq}
			for _, t := range terms {
				tq := bleve.NewTermQuery(t)
				tq.SetField(field)
				alts = append(alts, tq)
			}
			must = append(must, bleve.NewDisjunctionQuery(alts...))
		}
		if len(must) > 0 {
			perField = append(perField, bleve.NewConjunctionQuery(must...))
		}
	}
	if len(perField) == 0 {
		return nil, nil
	}

	req := bleve.NewSearchRequestOptions(bleve.NewDisjunctionQuery(perField...), limit*3, 0, false)
	req.Fields = []string{fieldSource}
	res, err := ix.bleve.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("search: suggest %q: %w", typed, err)
	}
	var titles []string
	seen := map[string]bool{}
	for _, h := range res.Hits {
		source, _ := h.Fields[fieldSource].(string)
		d, err := decodeSource(h.ID, source)
		if err != nil {
			return nil, fmt.Errorf("search: suggest: hit %s: %w", h.ID, err)
		}
		title := strings.Join(strings.Fields(d.Title), " ")
		if key := strings.ToLower(title); title != "" && !seen[key] {
			seen[key] = true
			titles = append(titles, title)
		}
		if len(titles) == limit {
			break
		}
	}
	return titles, nil
}

// prefixTerms returns the most frequent terms of field that start with
// prefix, reading a bounded part of the term dictionary.
func (ix *Index) prefixTerms(field, prefix string) ([]string, error) {
	dict, err := ix.bleve.FieldDictPrefix(field, []byte(prefix))
	if err != nil {
		return nil, fmt.Errorf("search: terms of %s: %w", field, err)
	}
	defer dict.Close()
	type entry struct {
		term  string
		count uint64
	}
	var entries []entry
	for range suggestScanTerms {
		e, err := dict.Next()
		if err != nil {
			return nil, fmt.Errorf("search: terms of %s: %w", field, err)
		}
		if e == nil {
			break
		}
		entries = append(entries, entry{e.Term, e.Count})
	}
	slices.SortStableFunc(entries, func(a, b entry) int { return cmp.Compare(b.count, a.count) })
	terms := make([]string, 0, min(len(entries), suggestTerms))
	for _, e := range entries[:min(len(entries), suggestTerms)] {
		terms = append(terms, e.term)
	}
	return terms, nil
}

// PlaceArticles returns, for each place id, about how many articles a
// filter by it finds (articles about the place or a place inside it),
// read from the term dictionary of the place filter: one dictionary seek
// per id, no search. Articles replaced but not yet merged away may still
// count, so use it to rank and to tell places the archive mentions from
// places it does not.
func (ix *Index) PlaceArticles(ids []string) (map[string]uint64, error) {
	out := make(map[string]uint64, len(ids))
	for _, id := range ids {
		if id == "" {
			continue
		}
		n, err := ix.termCount(fieldPlace, id)
		if err != nil {
			return nil, err
		}
		out[id] = n
	}
	return out, nil
}

// termCount is the number of documents with term in field, per the term
// dictionary.
func (ix *Index) termCount(field, term string) (uint64, error) {
	dict, err := ix.bleve.FieldDictPrefix(field, []byte(term))
	if err != nil {
		return 0, fmt.Errorf("search: terms of %s: %w", field, err)
	}
	defer dict.Close()
	e, err := dict.Next()
	if err != nil {
		return 0, fmt.Errorf("search: terms of %s: %w", field, err)
	}
	if e == nil || e.Term != term {
		return 0, nil
	}
	return e.Count, nil
}
