package search

import (
	"context"
	"fmt"
	"reflect"
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

// TestCompareEqualsBleve: on a snapshot whose segments hold deleted
// documents left by articles imported again, Compare's timelines, counted
// per segment over the result sets' bitmaps, are those Bleve counts hit by
// hit (compareBleve, the path before), bar for bar, share for share, with
// the same totals and undated counts, for words, phrases, NOT, OR, place
// names, fuzzy words and prefixes, and queries the evaluator leaves to
// Bleve (a proximity, a date range in the query), under place, language,
// site, date and undated filters and every interval; and every series adds
// up to its total. Result sets take each path of the day count: whole
// segments (the day totals less the deleted), most of a segment (the
// totals less the rest) and few documents (one by one).
func TestCompareEqualsBleve(t *testing.T) {
	ix, s := updatedIndexWhen(t, "three segments, two with deleted documents", func(s *snapshot) bool {
		withDeleted := 0
		for _, seg := range s.segs {
			if d := seg.Deleted(); d != nil && !d.IsEmpty() {
				withDeleted++
			}
		}
		return len(s.segs) >= 3 && withDeleted >= 2
	})
	defer s.Close()
	for i, seg := range s.segs {
		t.Logf("segment %d: %d documents, %d live", i, s.data[i].n, seg.Count())
	}
	sets := [][]string{
		{"bridge", "river"},
		{`"bridge river"`, "NOT bridge", "bridge -river"},
		{"+bridge +river", "bridge OR river", `"river bridge"`, "nothingatall"},
		{"izium", "placename:kharkiv", `"bridge river"~2`, "report"},
		{"", "bridge"},
		{"brige~1", "riv*", "river published:2021", "title:report -(bridge river)"},
	}
	filters := []Request{
		{},
		{Places: []string{"UA"}},
		{Places: []string{"UA.07"}, Langs: []string{"ru"}},
		{Places: []string{"707292", "578072"}},
		{Places: []string{"UA"}, Langs: []string{"ru"}, Sites: []string{"site 2"}},
		{Langs: []string{"en", "uk"}, Sites: []string{"Site 3", "site 4"}},
		{From: day("2021-01-01"), To: day("2021-03-31")},
		{From: day("2020-06-01"), Interval: IntervalWeek, Places: []string{"UA.05"}},
		{To: day("2020-12-31"), Undated: UndatedInclude, Interval: IntervalMonth},
		{Undated: UndatedOnly},
		{Undated: UndatedExclude, Interval: IntervalYear},
		{Interval: IntervalDay, From: day("2020-03-01"), To: day("2020-05-31")},
		{From: day("2019-06-01"), To: day("2023-06-30")}, // the axis beyond every date
	}
	ctx := context.Background()
	n := 0
	for _, qs := range sets {
		for _, f := range filters {
			got, err := ix.compareOn(ctx, s, f, qs)
			if err != nil {
				t.Fatalf("%q %+v: %v", qs, f, err)
			}
			want, err := ix.compareBleve(ctx, f, qs)
			if err != nil {
				t.Fatalf("%q %+v: Bleve: %v", qs, f, err)
			}
			n++
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%q %+v:\n%+v\nBleve\n%+v", qs, f, got, want)
				continue
			}
			checkAddsUp(t, fmt.Sprintf("%q %+v", qs, f), got)
		}
	}
	t.Logf("%d comparisons", n)
}

// TestCompareGeoEqualsBleve: the geographic filters (near, a box), run as
// searches into bitmaps, restrict every series and the denominator as
// Bleve's query does.
func TestCompareGeoEqualsBleve(t *testing.T) {
	ix := equivalenceIndex(t)
	ctx := context.Background()
	for _, f := range []Request{
		{Near: &Near{Lat: 50, Lon: 37, Km: 150}},
		{BBox: &BBox{MinLon: 36, MinLat: 48, MaxLon: 38, MaxLat: 50}, Langs: []string{"en"}},
		{Near: &Near{Lat: 50, Lon: 37, Km: 300}, From: day("2020-03-01"), To: day("2021-06-30")},
	} {
		qs := []string{"bridge", `"bridge river"`, "+mayor -storm", "harvst~1", `"bridge river"~2`}
		got, err := ix.Compare(ctx, f, qs)
		if err != nil {
			t.Fatalf("%+v: %v", f, err)
		}
		want, err := ix.compareBleve(ctx, f, qs)
		if err != nil {
			t.Fatalf("%+v: Bleve: %v", f, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%+v:\n%+v\nBleve\n%+v", f, got, want)
			continue
		}
		if got.All.Total == 0 || got.All.Total == uint64(docCount(t, ix)) {
			t.Errorf("%+v: %d of %d articles under the filter; want some, not all", f, got.All.Total, docCount(t, ix))
		}
		checkAddsUp(t, fmt.Sprintf("%+v", f), got)
	}
}

// docCount is the number of articles in the index.
func docCount(t *testing.T, ix *Index) uint64 {
	t.Helper()
	n, err := ix.bleve.DocCount()
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// checkAddsUp checks that every series of cmp adds up to its total (its
// bars and undated articles), that each bar is at most the denominator's
// bar with its share of it, and that the bars are the denominator's.
func checkAddsUp(t *testing.T, name string, cmp *Comparison) {
	t.Helper()
	for _, s := range cmp.Series {
		if len(s.Buckets) != len(cmp.All.Buckets) {
			t.Errorf("%s: %q has %d bars, the denominator %d", name, s.Query, len(s.Buckets), len(cmp.All.Buckets))
			continue
		}
		sum := s.Undated
		for i, b := range s.Buckets {
			all := cmp.All.Buckets[i]
			if b.From != all.From || b.To != all.To || b.Count > all.Count ||
				all.Count > 0 && b.Share != float64(b.Count)/float64(all.Count) || all.Count == 0 && b.Share != 0 {
				t.Errorf("%s: %q bar %+v, the denominator's %+v", name, s.Query, b, all)
			}
			sum += b.Count
		}
		if uint64(sum) != s.Total || s.Total > cmp.All.Total {
			t.Errorf("%s: %q: bars and undated %d, total %d, of %d", name, s.Query, sum, s.Total, cmp.All.Total)
		}
	}
}

// BenchmarkCompare measures Compare over 5,000 generated articles (ten
// years, three languages, up to four places each): counted per segment
// over the result sets' bitmaps, and as it was before, by Bleve hit by hit
// (/bleve). The words are common: each is in nearly every article of its
// language, as "river" and "bridge" are at 100,000 articles.
func BenchmarkCompare(b *testing.B) {
	ix := facetBenchIndex(b, 5000)
	cases := []struct {
		name    string
		base    Request
		queries []string
	}{
		{"two words", Request{}, []string{"river", "bridge"}},
		{"five kinds", Request{}, []string{"river", "мост OR міст", `"school road"`, "ferry -harbour", "brige~1"}},
		{"region", Request{Places: []string{"UA.07"}}, []string{"river", "bridge"}},
		{"years, by month", Request{From: day("2016-01-01"), To: day("2019-12-31"), Interval: IntervalMonth}, []string{"river", "bridge"}},
		{"proximity", Request{}, []string{`"river bridge"~3`, "bridge"}}, // the first matched by Bleve's searcher
	}
	ctx := context.Background()
	// Once each before the clocks start: the segments' columns read, and
	// most of Scorch's merging after the import done.
	for _, c := range cases {
		for _, compare := range []func(context.Context, Request, []string) (*Comparison, error){ix.Compare, ix.compareBleve} {
			if _, err := compare(ctx, c.base, c.queries); err != nil {
				b.Fatal(err)
			}
		}
	}
	for _, c := range cases {
		for _, before := range []bool{false, true} {
			name, compare := c.name, ix.Compare
			if before {
				name, compare = name+"/bleve", ix.compareBleve
			}
			b.Run(name, func(b *testing.B) {
				start := cpuTime()
				for b.Loop() {
					if _, err := compare(ctx, c.base, c.queries); err != nil {
						b.Fatal(err)
					}
				}
				// CPU time is steadier than wall time on a busy machine.
				b.ReportMetric(float64((cpuTime()-start).Microseconds())/1000/float64(b.N), "cpu-ms/op")
			})
		}
	}
}
