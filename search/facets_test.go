package search

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"
)

// facetDocs are the hierarchy articles plus one about Belgorod (Russia),
// one about the Oskil river, one about Europe and an undated one about
// Izium, with dates and languages, for the facet tests.
func facetDocs() []Doc {
	docs := hierarchyDocs()
	ua := PlaceRef{ID: "UA", Name: "Ukraine", Kind: KindCountry}
	ru := PlaceRef{ID: "RU", Name: "Russia", Kind: KindCountry}
	kharkiv := PlaceRef{ID: "UA.07", Name: "Kharkiv Oblast", Kind: KindRegion}
	docs = append(docs,
		Doc{ID: "belgorod", Title: "Shelling in Belgorod and Izium", Lang: "ru", Text: "Belgorod and Izium.",
			Places: []Place{
				{ID: "578072", Name: "Belgorod", Country: "RU", Kind: KindCity, Ancestors: []PlaceRef{{ID: "RU.09", Name: "Belgorod Oblast", Kind: KindRegion}, ru}},
				{ID: "707292", Name: "Izium", Country: "UA", Kind: KindCity, Ancestors: []PlaceRef{kharkiv, ua}},
			}},
		Doc{ID: "oskil", Title: "Troops cross the Oskil", Lang: "uk", Text: "The Oskil river was crossed.",
			Places: []Place{{ID: "x-oskil", Name: "Oskil", Country: "UA", Kind: KindWater, Ancestors: []PlaceRef{ua}}}},
		Doc{ID: "europe", Title: "Europe debates gas", Lang: "en", Text: "Europe and the European Union.",
			Places: []Place{
				{ID: "x-europe", Name: "Europe", Kind: KindContinent},
				{ID: "x-eu", Name: "European Union", Kind: KindUnion},
			}},
		Doc{ID: "undated-izium", Title: "Izium market", Lang: "uk", Text: "The market of Izium.",
			Places: []Place{{ID: "707292", Name: "Izium", Country: "UA", Kind: KindCity, Ancestors: []PlaceRef{kharkiv, ua}}}},
	)
	dates := map[string]string{"izium": "2022-09-10", "kupiansk": "2022-09-12", "lyman": "2022-10-01", "riga": "2022-03-01",
		"metcalfe": "2021-07-04", "belgorod": "2022-05-15", "oskil": "2022-09-20", "europe": "2022-09-01"}
	for i := range docs {
		if d, ok := dates[docs[i].ID]; ok {
			docs[i].Published = day(d)
		}
	}
	return docs
}

func facetIndex(t *testing.T) *Index {
	t.Helper()
	ix := openTemp(t)
	if err := ix.Put(facetDocs()...); err != nil {
		t.Fatal(err)
	}
	return ix
}

func placeIDs(pcs []PlaceCount) []string {
	out := make([]string, len(pcs))
	for i, pc := range pcs {
		out[i] = pc.ID
	}
	return sorted(out)
}

// TestPlaceDrillDown: choosing a country lists its regions only, choosing
// a region its cities only; rivers, continents and unions are never
// regions; each level agrees with the others and with the total.
func TestPlaceDrillDown(t *testing.T) {
	ix := facetIndex(t)
	tests := []struct {
		name                                string
		places                              []string
		countries, regions, cities, other   []string
		total                               uint64
		wantRegionCount, wantCountryCountUA int
		regionForCount                      string
	}{
		{name: "everything", places: nil,
			countries: []string{"LV", "RU", "UA", "US"},
			regions:   []string{"LV.25", "RU.09", "UA.05", "UA.07", "US.KY", "US.KY.169", "x-donbas"},
			cities:    []string{"456172", "578072", "702320", "704508", "707292"},
			other:     []string{"x-eu", "x-europe", "x-oskil"},
			total:     9, regionForCount: "UA.07", wantRegionCount: 4, wantCountryCountUA: 6},
		{name: "Ukraine", places: []string{"UA"},
			countries: []string{"LV", "RU", "UA", "US"}, // disjunctive: the other countries stay
			regions:   []string{"UA.05", "UA.07", "x-donbas"},
			cities:    []string{"702320", "704508", "707292"},
			other:     []string{"x-oskil"},
			total:     6, regionForCount: "UA.07", wantRegionCount: 4, wantCountryCountUA: 6},
		{name: "Ukraine, Kharkiv Oblast", places: []string{"UA", "UA.07"},
			countries: []string{"RU", "UA"},
			regions:   []string{"UA.05", "UA.07", "x-donbas"},
			cities:    []string{"704508", "707292"},
			other:     nil,
			total:     4, regionForCount: "UA.07", wantRegionCount: 4, wantCountryCountUA: 4},
		{name: "Ukraine, Kharkiv Oblast, Izium", places: []string{"UA", "UA.07", "707292"},
			countries: []string{"RU", "UA"},
			regions:   []string{"UA.07"}, // the regions of articles about Izium
			cities:    []string{"704508", "707292"},
			other:     nil,
			total:     3, regionForCount: "UA.07", wantRegionCount: 3, wantCountryCountUA: 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := mustSearch(t, ix, Request{Places: tt.places})
			if res.Total != tt.total {
				t.Errorf("total %d, want %d", res.Total, tt.total)
			}
			pl := res.Facets.PlaceLevels
			for _, l := range []struct {
				name      string
				got, want []string
			}{{"countries", placeIDs(pl.Countries), tt.countries}, {"regions", placeIDs(pl.Regions), tt.regions},
				{"cities", placeIDs(pl.Cities), tt.cities}, {"other", placeIDs(pl.Other), tt.other}} {
				if !slices.Equal(l.got, sorted(l.want)) {
					t.Errorf("%s = %v, want %v", l.name, l.got, sorted(l.want))
				}
			}
			count := func(pcs []PlaceCount, id string) int {
				for _, pc := range pcs {
					if pc.ID == id {
						return pc.Count
					}
				}
				return -1
			}
			if got := count(pl.Regions, tt.regionForCount); got != tt.wantRegionCount {
				t.Errorf("%s counts %d under regions, want %d", tt.regionForCount, got, tt.wantRegionCount)
			}
			if got := count(pl.Countries, "UA"); got != tt.wantCountryCountUA {
				t.Errorf("UA counts %d, want %d", got, tt.wantCountryCountUA)
			}
			// The same place has the same count in the one list of places
			// when its level has no choice (counted over the results).
			for _, pc := range res.Facets.Places {
				if pc.Count > int(res.Total) {
					t.Errorf("place %s counts %d, more than the %d results", pc.ID, pc.Count, res.Total)
				}
			}
		})
	}
}

// TestFacetsAddUp: every value of every facet counts exactly the articles
// its link finds: the request with that facet's choice replaced by the
// value. A region never counts more than its country, a city never more
// than its region.
func TestFacetsAddUp(t *testing.T) {
	ix := facetIndex(t)
	reqs := []Request{
		{},
		{Query: "Izium"},
		{Places: []string{"UA"}},
		{Places: []string{"UA", "UA.07"}, Langs: []string{"en"}},
		{Places: []string{"707292", "704508"}},
		{Langs: []string{"ru", "uk"}},
		{Places: []string{"x-oskil"}},
		{From: day("2022-09-01"), To: day("2022-09-30")},
	}
	for _, r := range reqs {
		t.Run(fmt.Sprintf("%+v", r), func(t *testing.T) {
			res := mustSearch(t, ix, r)
			f := res.Facets
			check := func(facet string, value string, got int, with Request) {
				t.Helper()
				want := mustSearch(t, ix, with).Total
				if uint64(got) != want {
					t.Errorf("%s %s counts %d, its filter finds %d", facet, value, got, want)
				}
			}
			known, err := ix.lookupPlaces(r.Places)
			if err != nil {
				t.Fatal(err)
			}
			for _, level := range []struct {
				name  string
				level byte
				pcs   []PlaceCount
			}{{"countries", levelCountry, f.PlaceLevels.Countries}, {"regions", levelRegion, f.PlaceLevels.Regions},
				{"cities", levelCity, f.PlaceLevels.Cities}, {"other", levelOther, f.PlaceLevels.Other}} {
				for _, pc := range level.pcs {
					with := r
					with.Places = slices.DeleteFunc(slices.Clone(r.Places), func(id string) bool { return known[id].level == level.level })
					with.Places = append(with.Places, pc.ID)
					check(level.name, pc.ID, pc.Count, with)
				}
			}
			for _, tc := range f.Langs {
				with := r
				with.Langs = []string{tc.Key}
				check("langs", tc.Key, tc.Count, with)
			}
			for _, b := range f.Timeline.Buckets {
				with := r
				with.From, with.To = day(b.From), day(b.To)
				if r.From != nil && r.From.After(*with.From) {
					with.From = r.From
				}
				if r.To != nil && r.To.Before(*with.To) {
					with.To = r.To
				}
				check("timeline", b.From, b.Count, with)
			}
			if r.From == nil && r.To == nil {
				with := r
				with.Undated = UndatedOnly
				check("timeline", "undated", f.Timeline.Undated, with)
			}
			// Region ≤ its country, city ≤ its region (over the same results).
			whole := mustSearch(t, ix, Request{Query: r.Query, Langs: r.Langs, From: r.From, To: r.To}).Facets.Places
			byID := map[string]PlaceCount{}
			for _, pc := range whole {
				byID[pc.ID] = pc
			}
			for _, pc := range whole {
				if p, ok := byID[pc.Parent]; pc.Parent != "" && (!ok || p.Count < pc.Count) {
					t.Errorf("%s counts %d, its parent %s counts %d", pc.ID, pc.Count, pc.Parent, p.Count)
				}
			}
		})
	}
}

// TestDisjunctiveCounts: a facet with a value chosen keeps the counts of
// its other values, while the other facets count the filtered results.
func TestDisjunctiveCounts(t *testing.T) {
	ix := facetIndex(t)
	all := mustSearch(t, ix, Request{})
	res := mustSearch(t, ix, Request{Langs: []string{"ru"}})
	if !slices.Equal(res.Facets.Langs, all.Facets.Langs) {
		t.Errorf("langs with lang=ru %v, want those of everything %v", res.Facets.Langs, all.Facets.Langs)
	}
	if res.Total != 1 {
		t.Errorf("lang=ru: %d results, want 1", res.Total)
	}
	// The countries count only the Russian article.
	if got := placeIDs(res.Facets.PlaceLevels.Countries); !slices.Equal(got, []string{"RU", "UA"}) {
		t.Errorf("countries with lang=ru %v, want RU and UA", got)
	}
	// A chosen value no result has stays listed, with 0.
	res = mustSearch(t, ix, Request{Query: "Riga", Places: []string{"UA.05"}})
	if !slices.ContainsFunc(res.Facets.PlaceLevels.Regions, func(pc PlaceCount) bool {
		return pc.ID == "UA.05" && pc.Name == "Donetsk Oblast" && pc.Count == 0
	}) {
		t.Errorf("chosen region missing: %+v", res.Facets.PlaceLevels.Regions)
	}
}

// TestFacetMore: long facets are cut to their first values, with the
// number left out; More returns them in full; chosen values are kept.
func TestFacetMore(t *testing.T) {
	ix := openTemp(t)
	var docs []Doc
	for i := range placeFacetSize + 5 {
		docs = append(docs, Doc{ID: fmt.Sprint("d", i), Title: "t", Text: "x", Lang: "en", Site: fmt.Sprintf("Site %02d", i),
			Places: []Place{{ID: fmt.Sprint(1000 + i), Name: fmt.Sprint("Town ", i), Kind: KindCity, Country: "UA"}}})
	}
	if err := ix.Put(docs...); err != nil {
		t.Fatal(err)
	}
	res := mustSearch(t, ix, Request{})
	if n := len(res.Facets.PlaceLevels.Cities); n != placeFacetSize || res.Facets.Omitted[FacetCities] != 5 {
		t.Errorf("cities: %d listed, %d omitted; want %d and 5", n, res.Facets.Omitted[FacetCities], placeFacetSize)
	}
	last := fmt.Sprint(1000 + placeFacetSize + 4) // sorts last by name
	res = mustSearch(t, ix, Request{Places: []string{last}})
	if !slices.ContainsFunc(res.Facets.PlaceLevels.Cities, func(pc PlaceCount) bool { return pc.ID == last && pc.Count == 1 }) {
		t.Errorf("chosen city %s not listed", last)
	}
	res = mustSearch(t, ix, Request{More: []string{FacetCities}})
	if n := len(res.Facets.PlaceLevels.Cities); n != placeFacetSize+5 || res.Facets.Omitted[FacetCities] != 0 {
		t.Errorf("more=cities: %d listed, %d omitted", n, res.Facets.Omitted[FacetCities])
	}
	if _, err := ix.Search(t.Context(), Request{More: []string{"towns"}}); !isQueryError(err) {
		t.Errorf("more=towns: %v, want a QueryError", err)
	}
}

// TestTimelineIntervals: the interval is the finest giving at most about
// 100 bars over the results' dates; empty bars are kept; the bars and the
// undated add up to the total; Interval forces one, refused when it would
// draw too many bars.
func TestTimelineIntervals(t *testing.T) {
	tests := []struct {
		name      string
		dates     []string
		req       Request
		interval  string
		bars      int
		first     Bucket
		emptyBars bool
	}{
		{"a fortnight by day", []string{"2022-09-01", "2022-09-03", "2022-09-14"}, Request{},
			IntervalDay, 14, Bucket{From: "2022-09-01", To: "2022-09-01", Count: 1}, true},
		{"half a year by week", []string{"2022-03-02", "2022-05-20", "2022-08-31"}, Request{},
			IntervalWeek, 27, Bucket{From: "2022-02-28", To: "2022-03-06", Count: 1}, true},
		{"three years by month", []string{"2020-01-15", "2021-06-01", "2022-12-31"}, Request{},
			IntervalMonth, 36, Bucket{From: "2020-01-01", To: "2020-01-31", Count: 1}, true},
		{"twenty years by year", []string{"2003-05-05", "2010-01-01", "2022-12-31"}, Request{},
			IntervalYear, 20, Bucket{From: "2003-01-01", To: "2003-12-31", Count: 1}, true},
		{"a range sets the span", []string{"2022-09-10"}, Request{From: day("2022-09-01"), To: day("2022-09-30")},
			IntervalDay, 30, Bucket{From: "2022-09-01", To: "2022-09-01"}, true},
		{"forced month", []string{"2022-09-01", "2022-09-03"}, Request{Interval: IntervalMonth},
			IntervalMonth, 1, Bucket{From: "2022-09-01", To: "2022-09-30", Count: 2}, false},
		{"one day", []string{"2022-09-01"}, Request{},
			IntervalDay, 1, Bucket{From: "2022-09-01", To: "2022-09-01", Count: 1}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ix := openTemp(t)
			var docs []Doc
			for i, d := range tt.dates {
				docs = append(docs, Doc{ID: fmt.Sprint("d", i), Title: "t", Text: "x", Lang: "en", Published: day(d)})
			}
			docs = append(docs, Doc{ID: "undated", Title: "t", Text: "x", Lang: "en"})
			if err := ix.Put(docs...); err != nil {
				t.Fatal(err)
			}
			res := mustSearch(t, ix, tt.req)
			tl := res.Facets.Timeline
			if tl.Interval != tt.interval || len(tl.Buckets) != tt.bars {
				t.Fatalf("interval %s with %d bars, want %s with %d", tl.Interval, len(tl.Buckets), tt.interval, tt.bars)
			}
			if tl.Buckets[0] != tt.first {
				t.Errorf("first bar %+v, want %+v", tl.Buckets[0], tt.first)
			}
			sum, empty := tl.Undated, false
			for i, b := range tl.Buckets {
				sum += b.Count
				empty = empty || b.Count == 0
				if i > 0 {
					prevTo, _ := time.Parse(time.DateOnly, tl.Buckets[i-1].To)
					if from, _ := time.Parse(time.DateOnly, b.From); !from.Equal(prevTo.AddDate(0, 0, 1)) {
						t.Errorf("bar %d starts %s, the one before ends %s", i, b.From, tl.Buckets[i-1].To)
					}
				}
			}
			if uint64(sum) != res.Total {
				t.Errorf("bars and undated add up to %d, total %d", sum, res.Total)
			}
			if empty != tt.emptyBars {
				t.Errorf("empty bars: %v, want %v", empty, tt.emptyBars)
			}
		})
	}

	ix := openTemp(t)
	if err := ix.Put(Doc{ID: "a", Title: "t", Text: "x", Published: day("2000-01-01")}, Doc{ID: "b", Title: "t", Text: "x", Published: day("2015-01-01")}); err != nil {
		t.Fatal(err)
	}
	for _, r := range []Request{{Interval: IntervalDay}, {Interval: "fortnight"}, {Interval: IntervalDay, From: day("1800-01-01")}} {
		if _, err := ix.Search(t.Context(), r); !isQueryError(err) {
			t.Errorf("interval %q from %v: %v, want a QueryError", r.Interval, r.From, err)
		}
	}
	if res := mustSearch(t, ix, Request{Interval: IntervalWeek}); len(res.Facets.Timeline.Buckets) != 784 {
		t.Errorf("15 years by week: %d bars, want 784", len(res.Facets.Timeline.Buckets))
	}
}

// TestUndatedFilter: undated=only cannot be combined with a date range.
func TestUndatedFilter(t *testing.T) {
	ix := facetIndex(t)
	if res := mustSearch(t, ix, Request{Undated: UndatedOnly}); res.Total != 1 || res.Facets.Timeline.Undated != 1 || len(res.Facets.Timeline.Buckets) != 0 {
		t.Errorf("undated only: %d results, timeline %+v", res.Total, res.Facets.Timeline)
	}
	for _, r := range []Request{{Undated: UndatedOnly, From: day("2022-01-01")}, {Undated: "yes"}} {
		if _, err := ix.Search(t.Context(), r); !isQueryError(err) {
			t.Errorf("%+v: %v, want a QueryError", r, err)
		}
	}
}

// TestFirstPlaces: the places a facet list shows, picked with a heap, are
// exactly the first of the whole list sorted, followed by the chosen
// places that come later, and the count left out is the same — over
// random lists with many equal counts and names.
func TestFirstPlaces(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := range 300 {
		var pcs []PlaceCount
		var chosen []string
		for i := range rng.IntN(200) {
			id := fmt.Sprint("p", i)
			pcs = append(pcs, PlaceCount{ID: id, Name: fmt.Sprint("Place ", rng.IntN(30)), Count: 1 + rng.IntN(6)})
			if rng.IntN(15) == 0 {
				chosen = append(chosen, id)
			}
		}
		n := []int{1, 3, 50}[trial%3]
		sorted := slices.Clone(pcs)
		slices.SortStableFunc(sorted, comparePlaceCounts)
		wantOmitted := map[string]int{}
		want := cutKeeping(sorted, n, "x", wantOmitted, func(pc PlaceCount) bool { return slices.Contains(chosen, pc.ID) })
		omitted := map[string]int{}
		got := firstPlaces(slices.Clone(pcs), n, "x", omitted, chosen)
		if !slices.Equal(got, want) || !maps.Equal(omitted, wantOmitted) {
			t.Fatalf("%d places, first %d, chosen %v:\ngot  %v (omitted %v)\nwant %v (omitted %v)", len(pcs), n, chosen, got, omitted, want, wantOmitted)
		}
	}
}

// comparePlaceCounts orders by count desc, then name and id (a total
// order: the ids of a list differ).
func comparePlaceCounts(a, b PlaceCount) int {
	if a.Count != b.Count {
		return b.Count - a.Count
	}
	if c := strings.Compare(a.Name, b.Name); c != 0 {
		return c
	}
	return strings.Compare(a.ID, b.ID)
}

// firstPlaces returns the first n places of pcs in comparePlaceCounts
// order and, after them, those of the chosen ids that come later,
// recording how many were left out under name (as cutKeeping does over
// the sorted list); pcs is reordered, the result is a new slice.
func firstPlaces(pcs []PlaceCount, n int, name string, omitted map[string]int, chosen []string) []PlaceCount {
	out, left := firstOf(pcs, n, comparePlaceCounts, func(pc PlaceCount) bool { return slices.Contains(chosen, pc.ID) })
	if left >= 0 {
		omitted[name] = left
	}
	return out
}
