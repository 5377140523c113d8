package search

import (
	"context"
	"fmt"
	"time"

	"github.com/blevesearch/bleve/v2"
)

// MaxCompare is the most queries Compare takes at once.
const MaxCompare = 5

// Comparison is the attention-over-time view of several queries: their
// timelines on one shared axis, each bar also as a share of all articles
// of that bar (under the same filters), as MediaCloud shows it.
type Comparison struct {
	Interval string   `json:"interval"` // IntervalDay, IntervalWeek, IntervalMonth or IntervalYear
	Series   []Series `json:"series"`
	// All counts every article under the filters, per bar: the
	// denominator of the shares.
	All Series `json:"all"`
}

// Series is one query's timeline in a Comparison.
type Series struct {
	Query   string        `json:"query"`
	Total   uint64        `json:"total"`   // articles found, dated or not
	Undated int           `json:"undated"` // of which without a date
	Buckets []ShareBucket `json:"buckets"`
}

// ShareBucket is one bar of a Series: Count articles published From..To,
// Share of all articles of those days (0 to 1; 0 when there are none).
type ShareBucket struct {
	From  string  `json:"from"`
	To    string  `json:"to"`
	Count int     `json:"count"`
	Share float64 `json:"share"`
}

// Compare runs each query under the filters of base (its Query, paging
// and sort are ignored) and returns their timelines over the span from the
// first to the last date any of them has (or base.From..base.To), with the
// interval base.Interval or the finest giving at most about 100 bars.
// It takes 1 to MaxCompare queries.
func (ix *Index) Compare(ctx context.Context, base Request, queries []string) (*Comparison, error) {
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
