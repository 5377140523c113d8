package search

import (
	"slices"
	"testing"
)

// TestCompare: several queries on one axis, each bar also a share of all
// articles of its days; every series adds up to its total.
func TestCompare(t *testing.T) {
	ix := facetIndex(t)
	cmp, err := ix.Compare(t.Context(), Request{}, []string{"Izium", "Kupiansk", "Riga"})
	if err != nil {
		t.Fatal(err)
	}
	// Izium (10 and 15 September 2022, undated), Kupiansk (12 September),
	// Riga (1 March 2022): 1 March to 15 September by week.
	if cmp.Interval != IntervalWeek || len(cmp.Series) != 3 {
		t.Fatalf("interval %s, %d series; want week and 3", cmp.Interval, len(cmp.Series))
	}
	first, last := cmp.All.Buckets[0], cmp.All.Buckets[len(cmp.All.Buckets)-1]
	if first.From != "2022-02-28" || last.To != "2022-09-18" {
		t.Errorf("axis %s to %s, want the weeks of 1 March and 15 September 2022", first.From, last.To)
	}
	totals := map[string]uint64{"Izium": 3, "Kupiansk": 1, "Riga": 1}
	for _, s := range cmp.Series {
		if len(s.Buckets) != len(cmp.All.Buckets) {
			t.Fatalf("%s: %d bars, the axis has %d", s.Query, len(s.Buckets), len(cmp.All.Buckets))
		}
		sum := s.Undated
		for i, b := range s.Buckets {
			if b.From != cmp.All.Buckets[i].From || b.To != cmp.All.Buckets[i].To {
				t.Errorf("%s: bar %d is %s..%s, the axis has %s..%s", s.Query, i, b.From, b.To, cmp.All.Buckets[i].From, cmp.All.Buckets[i].To)
			}
			all := cmp.All.Buckets[i].Count
			if b.Count > all || all > 0 && b.Share != float64(b.Count)/float64(all) || all == 0 && b.Share != 0 {
				t.Errorf("%s: bar %s has %d of %d, share %v", s.Query, b.From, b.Count, all, b.Share)
			}
			sum += b.Count
		}
		if s.Total != totals[s.Query] || uint64(sum) != s.Total {
			t.Errorf("%s: total %d, bars and undated %d; want %d", s.Query, s.Total, sum, totals[s.Query])
		}
	}
	// The week of 5 September has one article, about Izium; that of 12
	// September one about Kupiansk.
	i := slices.IndexFunc(cmp.All.Buckets, func(b ShareBucket) bool { return b.From == "2022-09-05" })
	if b := cmp.Series[0].Buckets[i]; b.Count != 1 || b.Share != 1 || cmp.Series[1].Buckets[i].Count != 0 {
		t.Errorf("week of 5 September: Izium %+v, Kupiansk %+v", b, cmp.Series[1].Buckets[i])
	}
	if b := cmp.Series[1].Buckets[i+1]; b.Count != 1 || b.Share != 1 || cmp.Series[0].Buckets[i+1].Count != 0 {
		t.Errorf("week of 12 September: Kupiansk %+v, Izium %+v", b, cmp.Series[0].Buckets[i+1])
	}

	// Filters apply to every series and to the denominator.
	cmp, err = ix.Compare(t.Context(), Request{Langs: []string{"uk"}, Interval: IntervalMonth}, []string{"Izium"})
	if err != nil {
		t.Fatal(err)
	}
	if cmp.Interval != IntervalMonth || cmp.Series[0].Total != 1 || cmp.All.Total != 2 {
		t.Errorf("uk by month: %s, Izium %d of %d; want month, 1 of 2", cmp.Interval, cmp.Series[0].Total, cmp.All.Total)
	}

	for _, qs := range [][]string{nil, {"a", "b", "c", "d", "e", "f"}} {
		if _, err := ix.Compare(t.Context(), Request{}, qs); !isQueryError(err) {
			t.Errorf("%d queries: %v, want a QueryError", len(qs), err)
		}
	}
	if _, err := ix.Compare(t.Context(), Request{Interval: IntervalDay, From: day("1900-01-01")}, []string{"Izium"}); !isQueryError(err) {
		t.Errorf("too many days: %v, want a QueryError", err)
	}
}
