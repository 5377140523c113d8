package search

import (
	"context"
	"slices"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/searcher"
	index "github.com/blevesearch/bleve_index_api"
)

// proximityQuery matches documents in which every slot has one of its
// terms in one field, with at most slop other words between the first and
// the last, in any order: "izyum kupiansk"~10. A slot holds the analysed
// word and, for a place name, the analysed names of the place in every
// spelling and script, so that the example finds "Izium … Kupiansk" and
// "Изюм … Купянск" too. Bleve's phrase queries have no slop, so this query
// finds the documents holding a term of every slot and keeps those whose
// positions fit the window.
type proximityQuery struct {
	field string
	slots [][]string
	slop  int
	boost float64 // 0: none, as 1
}

// SetBoost implements query.BoostableQuery: the field's boost and the
// user's ("a b"~3^2) multiply the score of every term of the match.
func (q *proximityQuery) SetBoost(b float64) { q.boost = b }

// Boost implements query.BoostableQuery.
func (q *proximityQuery) Boost() float64 {
	if q.boost == 0 {
		return 1
	}
	return q.boost
}

// Searcher implements query.Query.
func (q *proximityQuery) Searcher(ctx context.Context, r index.IndexReader, _ mapping.IndexMapping, options search.SearcherOptions) (search.Searcher, error) {
	options.IncludeTermVectors = true // the filter needs the positions
	var subs []search.Searcher
	closeAll := func() {
		for _, s := range subs {
			s.Close()
		}
	}
	for _, slot := range q.slots {
		var alts []search.Searcher
		for _, t := range slot {
			s, err := searcher.NewTermSearcher(ctx, r, t, q.field, q.Boost(), options)
			if err != nil {
				closeAll()
				for _, a := range alts {
					a.Close()
				}
				return nil, err
			}
			alts = append(alts, s)
		}
		if len(alts) == 1 {
			subs = append(subs, alts[0])
			continue
		}
		d, err := searcher.NewDisjunctionSearcher(ctx, r, alts, 1, options)
		if err != nil {
			closeAll()
			for _, a := range alts {
				a.Close()
			}
			return nil, err
		}
		subs = append(subs, d)
	}
	conj, err := searcher.NewConjunctionSearcher(ctx, r, subs, options)
	if err != nil {
		closeAll()
		return nil, err
	}
	return searcher.NewFilteringSearcher(ctx, conj, q.within), nil
}

// within reports whether the document's positions fit the window: a
// smallest span holding a term of each slot is at most len(slots)-1+slop
// positions long.
func (q *proximityQuery) within(_ *search.SearchContext, d *search.DocumentMatch) bool {
	type occurrence struct {
		pos  uint64
		slot int
	}
	var occ []occurrence
	for _, ftl := range d.FieldTermLocations {
		if ftl.Field != q.field {
			continue
		}
		for i, slot := range q.slots {
			if slices.Contains(slot, ftl.Term) {
				occ = append(occ, occurrence{ftl.Location.Pos, i})
			}
		}
	}
	slices.SortFunc(occ, func(a, b occurrence) int {
		switch {
		case a.pos < b.pos:
			return -1
		case a.pos > b.pos:
			return 1
		}
		return a.slot - b.slot
	})
	// Sliding window: the shortest run of occurrences covering every slot.
	seen := make([]int, len(q.slots))
	covered, lo := 0, 0
	limit := uint64(len(q.slots) - 1 + q.slop)
	for hi := range occ {
		if seen[occ[hi].slot] == 0 {
			covered++
		}
		seen[occ[hi].slot]++
		for covered == len(q.slots) {
			if occ[hi].pos-occ[lo].pos <= limit {
				return true
			}
			seen[occ[lo].slot]--
			if seen[occ[lo].slot] == 0 {
				covered--
			}
			lo++
		}
	}
	return false
}
