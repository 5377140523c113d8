package search

import (
	"context"
	"slices"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/searcher"
	index "github.com/blevesearch/bleve_index_api"
)

// proximityQuery matches documents in which every one of its terms occurs
// in one field with at most slop other words between the first and the
// last, in any order: "izyum kupiansk"~10. Bleve's phrase queries have no
// slop, so this query finds the documents holding all the terms and keeps
// those whose term positions fit the window.
type proximityQuery struct {
	field string
	terms []string // distinct analysed terms
	slop  int
}

func newProximityQuery(field string, terms []string, slop int) *proximityQuery {
	var distinct []string
	for _, t := range terms {
		if !slices.Contains(distinct, t) {
			distinct = append(distinct, t)
		}
	}
	return &proximityQuery{field: field, terms: distinct, slop: slop}
}

// Searcher implements query.Query.
func (q *proximityQuery) Searcher(ctx context.Context, r index.IndexReader, _ mapping.IndexMapping, options search.SearcherOptions) (search.Searcher, error) {
	options.IncludeTermVectors = true // the filter needs the positions
	subs := make([]search.Searcher, 0, len(q.terms))
	closeAll := func() {
		for _, s := range subs {
			s.Close()
		}
	}
	for _, t := range q.terms {
		s, err := searcher.NewTermSearcher(ctx, r, t, q.field, 1, options)
		if err != nil {
			closeAll()
			return nil, err
		}
		subs = append(subs, s)
	}
	conj, err := searcher.NewConjunctionSearcher(ctx, r, subs, options)
	if err != nil {
		closeAll()
		return nil, err
	}
	return searcher.NewFilteringSearcher(ctx, conj, q.within), nil
}

// within reports whether the document's positions of the terms fit the
// window: a smallest span holding each term once is at most
// len(terms)-1+slop positions long.
func (q *proximityQuery) within(_ *search.SearchContext, d *search.DocumentMatch) bool {
	type occurrence struct {
		pos  uint64
		term int
	}
	var occ []occurrence
	for _, ftl := range d.FieldTermLocations {
		if ftl.Field != q.field {
			continue
		}
		if i := slices.Index(q.terms, ftl.Term); i >= 0 {
			occ = append(occ, occurrence{ftl.Location.Pos, i})
		}
	}
	slices.SortFunc(occ, func(a, b occurrence) int {
		switch {
		case a.pos < b.pos:
			return -1
		case a.pos > b.pos:
			return 1
		}
		return 0
	})
	// Sliding window: the shortest run of occurrences covering every term.
	seen := make([]int, len(q.terms))
	covered := 0
	lo := 0
	limit := uint64(len(q.terms) - 1 + q.slop)
	for hi := range occ {
		if seen[occ[hi].term] == 0 {
			covered++
		}
		seen[occ[hi].term]++
		for covered == len(q.terms) {
			if occ[hi].pos-occ[lo].pos <= limit {
				return true
			}
			seen[occ[lo].term]--
			if seen[occ[lo].term] == 0 {
				covered--
			}
			lo++
		}
	}
	return false
}
