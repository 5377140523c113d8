package search

import (
	"context"
	"fmt"
	"time"

	"github.com/blevesearch/bleve/v2"
)

// The reference TestCompareEqualsBleve holds Compare to, and the "before"
// of BenchmarkCompare: Compare as it was at b0b364e, every series and the
// denominator counted by Bleve alone.

// compareBleve is Compare as it was before it counted per segment: each
// query, with the filters, a Bleve search of no hits whose terms facet on
// the publication day counts every hit through the doc values.
func (ix *Index) compareBleve(ctx context.Context, base Request, queries []string) (*Comparison, error) {
	if len(queries) == 0 || len(queries) > MaxCompare {
		return nil, &QueryError{Msg: fmt.Sprintf("compare takes 1 to %d queries, not %d", MaxCompare, len(queries))}
	}
	if base.Interval != "" && !ValidInterval(base.Interval) {
		return nil, &QueryError{Msg: fmt.Sprintf("interval %q: use day, week, month or year", base.Interval)}
	}
	known, err := ix.lookupPlaces(base.Places)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	base.known = known
	count := func(q string) (dayList, uint64, error) {
		r := base
		r.Query = q
		tree, err := parseQuery(q)
		if err != nil {
			return nil, 0, err
		}
		bq, err := ix.buildQuery(r, tree)
		if err != nil {
			return nil, 0, err
		}
		req := bleve.NewSearchRequestOptions(bq, 0, 0, false)
		req.AddFacet(facetDays, bleve.NewFacetRequest(fieldPubDay, allTerms))
		res, err := ix.bleve.SearchInContext(ctx, req)
		if err != nil {
			return nil, 0, fmt.Errorf("search: compare %q: %w", q, err)
		}
		return dayListOf(termCountsOf(res.Facets, facetDays)), res.Total, nil
	}

	days := make([]dayList, len(queries))
	totals := make([]uint64, len(queries))
	var lo, hi time.Time
	found := false
	for i, q := range queries {
		if days[i], totals[i], err = count(q); err != nil {
			return nil, err
		}
		if l, h, ok := days[i].span(); ok {
			if !found || l.Before(lo) {
				lo = l
			}
			if !found || h.After(hi) {
				hi = h
			}
			found = true
		}
	}
	all, allTotal, err := count("")
	if err != nil {
		return nil, err
	}
	// A date range chosen sets the axis, as on the search page.
	lo, hi, found = rangeSpan(lo, hi, found, base.From, base.To)

	out := &Comparison{Interval: base.Interval}
	if !found {
		if out.Interval == "" {
			out.Interval = IntervalMonth
		}
		for i, q := range queries {
			out.Series = append(out.Series, Series{Query: q, Total: totals[i], Undated: int(totals[i]) - days[i].dated(), Buckets: []ShareBucket{}})
		}
		out.All = Series{Total: allTotal, Undated: int(allTotal) - all.dated(), Buckets: []ShareBucket{}}
		return out, nil
	}
	if out.Interval, err = chooseInterval(base.Interval, lo, hi); err != nil {
		return nil, err
	}
	allBars := all.buckets(lo, hi, out.Interval)
	series := func(q string, dc dayList, total uint64) Series {
		s := Series{Query: q, Total: total, Undated: max(int(total)-dc.dated(), 0)}
		for j, b := range dc.buckets(lo, hi, out.Interval) {
			sb := ShareBucket{From: b.From, To: b.To, Count: b.Count}
			if n := allBars[j].Count; n > 0 {
				sb.Share = float64(b.Count) / float64(n)
			}
			s.Buckets = append(s.Buckets, sb)
		}
		return s
	}
	for i, q := range queries {
		out.Series = append(out.Series, series(q, days[i], totals[i]))
	}
	out.All = series("", all, allTotal)
	return out, nil
}
