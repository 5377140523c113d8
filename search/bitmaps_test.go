package search

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"
)

// TestBitmapCountsEqualPerHit: the facets a filter-only search counts from
// posting bitmaps are exactly those Bleve counts hit by hit, for random
// filters over an index with several segments, replaced and deleted
// documents.
func TestBitmapCountsEqualPerHit(t *testing.T) {
	ix := openTemp(t)
	places := benchPlaces()
	rng := rand.New(rand.NewPCG(7, 8))
	start := time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC)
	doc := func(i int) Doc {
		d := Doc{ID: fmt.Sprint("d", i), URL: fmt.Sprintf("https://site%d.test/%d", i%9, i), Title: "t", Text: "x",
			Site: fmt.Sprint("Site ", i%9), Lang: []string{"en", "ru", "uk", "de"}[rng.IntN(4)]}
		if rng.IntN(10) > 0 {
			p := start.Add(time.Duration(rng.IntN(4*365*24)) * time.Hour)
			d.Published = &p
		}
		for range rng.IntN(4) {
			d.Places = append(d.Places, places[rng.IntN(len(places))])
		}
		return d
	}
	// Several batches make several segments; the later ones replace some
	// of the earlier documents, which leaves deleted documents behind.
	for b := range 6 {
		var docs []Doc
		for range 150 {
			docs = append(docs, doc(rng.IntN(600+b*10)))
		}
		if err := ix.Put(docs...); err != nil {
			t.Fatal(err)
		}
	}
	from, to := day("2020-03-01"), day("2021-06-30")
	reqs := []Request{
		{},
		{Places: []string{"UA"}},
		{Places: []string{"UA", "UA.07"}},
		{Places: []string{"UA.07", "RU.09", "707292"}},
		{Places: []string{"x-donbas", "nowhere"}},
		{Langs: []string{"ru", "uk"}, Sites: []string{"site 3", "Site 4"}},
		{From: from, To: to},
		{From: from},
		{To: to, Undated: UndatedInclude, Langs: []string{"en"}},
		{Undated: UndatedOnly},
		{Undated: UndatedExclude, Places: []string{"RU"}},
		{Places: []string{"UA"}, Langs: []string{"de"}, From: from, To: to, More: []string{FacetCities}},
		{Interval: IntervalYear, Sites: []string{"site 1"}},
		{Interval: IntervalWeek, Langs: []string{"ru"}},
		{Interval: IntervalMonth, From: from},
		{From: day("2021-01-15"), To: day("2021-01-20")},
		{From: day("2019-01-01"), To: day("2021-01-31")}, // 25 months: by month
		{From: day("2019-01-01"), To: day("2020-12-31")}, // 24 months: by week
		{From: day("2019-02-10"), To: day("2021-02-09"), Places: []string{"UA"}},
	}
	for _, r := range reqs {
		ix.perHitFacets = false
		ix.facets = newFacetCache()
		fast := mustSearch(t, ix, r)
		ix.perHitFacets = true
		ix.facets = newFacetCache()
		slow := mustSearch(t, ix, r)
		if fast.Total != slow.Total || !reflect.DeepEqual(fast.Facets, slow.Facets) {
			t.Errorf("%+v:\nbitmaps  %d %+v\nper hit  %d %+v", r, fast.Total, fast.Facets, slow.Total, slow.Facets)
		}
	}
}
