package search

import (
	"context"
	"fmt"
	"time"

	"github.com/blevesearch/bleve/v2/search/query"
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
//
// It counts as Search counts its timeline, on one snapshot: the filters
// are bitmaps per segment (geographic ones run as searches into bitmaps),
// each query's matches are evaluated per segment (eval.go; a kind of
// query the evaluator leaves to Bleve is matched by Bleve's searcher into
// the same bitmaps), and each result set's days are counted from the
// segments' day columns (facetcount.go). The denominator, every article
// under the filters, is the filters' bitmaps counted the same way: for no
// filter at all, the segments' day totals less their deleted documents. No
// series visits its hits one by one through Bleve.
func (ix *Index) Compare(ctx context.Context, base Request, queries []string) (*Comparison, error) {
	s, err := ix.openSnapshot()
	if err != nil {
		return nil, fmt.Errorf("search: compare: %w", err)
	}
	defer s.Close()
	return ix.compareOn(ctx, s, base, queries)
}

// compareOn is Compare on the snapshot s.
func (ix *Index) compareOn(ctx context.Context, s *snapshot, base Request, queries []string) (*Comparison, error) {
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
	// Every query is parsed and built with the filters first, for its
	// errors (a malformed query, an empty date range, an unknown
	// language), before anything is counted.
	texts := make([]query.Query, len(queries))
	for i, q := range queries {
		tree, err := parseQuery(q)
		if err != nil {
			return nil, err
		}
		if texts[i], err = ix.textQuery(tree); err != nil {
			return nil, err
		}
		if _, err := withFilters(base, texts[i]); err != nil {
			return nil, err
		}
	}
	geo, err := geoFilters(base)
	if err != nil {
		return nil, err
	}
	fs, err := s.filters(base)
	if err != nil {
		return nil, fmt.Errorf("search: compare: %w", err)
	}
	m := ix.bleve.Mapping()
	for _, g := range geo {
		set, err := s.run(ctx, g, m, false, nil)
		if err != nil {
			return nil, fmt.Errorf("search: compare: %w", err)
		}
		fs.base = and(fs.base, set)
	}
	keep := fs.without(nil, "") // every article under the filters
	// count returns the days and the number of the articles of set.
	count := func(set docSet) (dayList, uint64, error) {
		t, err := s.tallyOver(set, true)
		if err != nil {
			return nil, 0, fmt.Errorf("search: compare: %w", err)
		}
		return t.days, uint64(set.card()), nil
	}

	days := make([]dayList, len(queries))
	totals := make([]uint64, len(queries))
	var lo, hi time.Time
	found := false
	for i, q := range queries {
		hits := keep
		if texts[i] != nil {
			matched, err := s.match(ctx, texts[i], m, false, keep, nil, nil)
			if err != nil {
				return nil, fmt.Errorf("search: compare %q: %w", q, err)
			}
			hits = and(matched, keep)
		}
		if days[i], totals[i], err = count(hits); err != nil {
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
	all, allTotal, err := count(keep)
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
