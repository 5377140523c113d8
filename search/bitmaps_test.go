package search

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"
)

// equivalenceIndex fills an index with random articles over several
// segments, later batches replacing some earlier articles (which leaves
// deleted documents behind): a small vocabulary, so that scores tie;
// a few shared publication instants, so that dates tie too; undated
// articles; places with and without coordinates.
func equivalenceIndex(t *testing.T) *Index {
	ix := openTemp(t)
	places := benchPlaces()
	for i := range places {
		if places[i].Kind == KindCity {
			places[i].Lat, places[i].Lon = 48+float64(i)/2, 36+float64(i)/3
		}
	}
	// A long tail of villages, more than a facet list shows, many with
	// the same count; some share a name.
	kh := PlaceRef{ID: "UA.07", Name: "Kharkiv Oblast", Kind: KindRegion}
	ua := PlaceRef{ID: "UA", Name: "Ukraine", Kind: KindCountry}
	for i := range 120 {
		places = append(places, Place{ID: fmt.Sprint("v", i), Name: fmt.Sprint("Village ", i%100), Country: "UA",
			Kind: KindCity, Ancestors: []PlaceRef{kh, ua}})
	}
	words := []string{"bridge", "river", "mayor", "school", "market", "storm", "court", "harvest", "railway", "festival"}
	rng := rand.New(rand.NewPCG(7, 8))
	start := time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC)
	shared := []time.Time{start.Add(100 * time.Hour), start.Add(5000 * time.Hour), start.Add(20000 * time.Hour)}
	doc := func(i int) Doc {
		var text []string
		for range 3 + rng.IntN(12) {
			text = append(text, words[rng.IntN(len(words))])
		}
		d := Doc{ID: fmt.Sprint("d", i), URL: fmt.Sprintf("https://site%d.test/%d", i%9, i),
			Title: words[rng.IntN(len(words))], Text: strings.Join(text, " "),
			Site: fmt.Sprint("Site ", i%9), Lang: []string{"en", "ru", "uk", "de"}[rng.IntN(4)]}
		switch rng.IntN(10) {
		case 0: // undated
		case 1, 2:
			p := shared[rng.IntN(len(shared))].In(time.FixedZone("", 3*3600))
			d.Published = &p
		default:
			p := start.Add(time.Duration(rng.IntN(4*365*24)) * time.Hour)
			d.Published = &p
		}
		for range rng.IntN(4) {
			d.Places = append(d.Places, places[rng.IntN(9)])
		}
		for range rng.IntN(3) {
			d.Places = append(d.Places, places[9+rng.IntN(len(places)-9)])
		}
		return d
	}
	for b := range 6 {
		var docs []Doc
		for range 150 {
			docs = append(docs, doc(rng.IntN(600+b*10)))
		}
		if err := ix.Put(docs...); err != nil {
			t.Fatal(err)
		}
	}
	return ix
}

// TestSearchEqualsBleve: Search (its own collection pass, facets from
// bitmaps) returns exactly what Bleve alone returns — total, hits in
// order with their snippets, every facet with its counts — for searches
// of every kind, filter, sort and page over an index with several
// segments, replaced and deleted documents, tied scores and dates.
func TestSearchEqualsBleve(t *testing.T) {
	ix := equivalenceIndex(t)
	from, to := day("2020-03-01"), day("2021-06-30")
	queries := []string{"", "bridge", "bridge river", `"bridge river"`, "+mayor -storm", "mayor OR court",
		"harvst~1", "rail*", "title:market", "izium", "nothingatall", "the",
		// Phrases and fields, which Gazette evaluates itself (eval.go).
		`"river bridge" OR "court mayor"`, `text:"market storm" OR title:market`, `+"bridge river" -mayor`, `"bridge the river"`,
		`"village 7"`, "NOT bridge", `bridge^3 "river court"`, `"storm storm"`, "text:harvest OR title:harvest",
		// Highlighted from the evaluator's postings (highlight.go): phrases
		// beside words, several fields, place names (a list of names per
		// article), fuzzy words and prefixes; a proximity, left to Bleve.
		`"bridge river" market`, `title:bridge text:river`, `placename:kharkiv`, `"kharkiv oblast"`, `+izium +"market storm"`,
		`harv* OR "river court"`, `brige~1 river`, `mark* -storm`, `"bridge river"~2`}
	filters := []Request{
		{},
		{Places: []string{"UA"}},
		{Places: []string{"UA", "UA.07"}},
		{Places: []string{"UA.07", "RU.09", "707292"}},
		{Places: []string{"x-donbas", "nowhere"}},
		{Places: []string{"v7", "v111"}},
		{Places: []string{"v99", "v98", "v89"}, Langs: []string{"en"}},
		{Places: []string{"v7", "707292"}, More: []string{FacetPlaces}},
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
		{To: day("2030-01-01")},                                                   // every dated document: the months outside taken away
		{From: day("2019-01-03"), To: day("2030-01-01"), Undated: UndatedInclude}, // most days of the first month too
		{From: day("2019-01-01"), To: day("2021-01-31")},                          // 25 months: by month
		{From: day("2019-01-01"), To: day("2020-12-31")},                          // 24 months: by week
		{From: day("2019-02-10"), To: day("2021-02-09"), Places: []string{"UA"}},
		{Near: &Near{Lat: 50, Lon: 37, Km: 150}},
		{BBox: &BBox{MinLon: 36, MinLat: 48, MaxLon: 38, MaxLat: 50}, Langs: []string{"en"}},
	}
	pages := []struct {
		sort       string
		page, size int
	}{{"", 0, 0}, {"newest", 0, 0}, {"oldest", 2, 7}, {"relevance", 3, 20}, {"newest", 40, 25}, {"", 2, 10}}
	ctx := context.Background()
	n := 0
	for _, q := range queries {
		for fi, f := range filters {
			r := f
			r.Query = q
			// Every sort and page for a few filters, one of them for the rest.
			for pi, p := range pages {
				if fi > 3 && pi != (fi+len(q))%len(pages) {
					continue
				}
				r.Sort, r.Page, r.Size = p.sort, p.page, p.size
				ix.facets = newFacetCache()
				got, err := ix.Search(ctx, r)
				if err != nil {
					t.Fatalf("%+v: %v", r, err)
				}
				want, err := ix.searchBleve(ctx, r)
				if err != nil {
					t.Fatalf("%+v: Bleve: %v", r, err)
				}
				n++
				if got.Total != want.Total {
					t.Errorf("%+v: total %d, Bleve %d", r, got.Total, want.Total)
				}
				if !reflect.DeepEqual(hitIDs(got), hitIDs(want)) {
					t.Errorf("%+v: hits\n%v\nBleve\n%v", r, hitIDs(got), hitIDs(want))
				} else if !reflect.DeepEqual(got.Hits, want.Hits) {
					t.Errorf("%+v: hits\n%+v\nBleve\n%+v", r, got.Hits, want.Hits)
				}
				if !reflect.DeepEqual(got.Facets, want.Facets) {
					t.Errorf("%+v: facets\n%+v\nBleve\n%+v", r, got.Facets, want.Facets)
				}
			}
		}
	}
	t.Logf("%d searches compared", n)
}

// TestRankTextByDate: a text search sorted by date is ranked from its
// result set as a search without a text query is (offerAll: by walking a
// segment's documents in date order where the matches are most of it),
// not by offering each match in document order; its pages, as deep as the
// undated documents at the end and through tied dates, are those of
// Bleve's sort, for queries matching most, some and few documents.
func TestRankTextByDate(t *testing.T) {
	ix := equivalenceIndex(t)
	ctx := context.Background()
	for _, q := range []string{"bridge", "bridge OR river", `"bridge river"`, "+mayor -storm", "title:market", "harvst~1", "nothingatall"} {
		for _, f := range []Request{{}, {Langs: []string{"en", "ru"}}, {Undated: UndatedInclude, To: day("2030-01-01")}} {
			r := f
			r.Query = q
			r.Sort = "newest"
			total := mustSearch(t, ix, r).Total
			for _, sort := range []string{"newest", "oldest"} {
				for _, p := range []struct{ page, size int }{{1, 1}, {1, 10}, {2, 7}, {int(total)/100 + 1, 100}, {int(total) / 50, 50}} {
					r.Sort, r.Page, r.Size = sort, max(p.page, 1), p.size
					got := mustSearch(t, ix, r)
					want, err := ix.searchBleve(ctx, r)
					if err != nil {
						t.Fatal(err)
					}
					if got.Total != want.Total || !reflect.DeepEqual(hitIDs(got), hitIDs(want)) {
						t.Errorf("%+v: %d hits\n%v\nBleve %d\n%v", r, got.Total, hitIDs(got), want.Total, hitIDs(want))
					}
				}
			}
		}
	}
}

// TestRankByDate: a search without a text query over most of a segment is
// ranked by walking the segment's documents in date order; its pages, in
// every order and as deep as the undated documents at the end, are those of
// Bleve's sort.
func TestRankByDate(t *testing.T) {
	ix := equivalenceIndex(t)
	ctx := context.Background()
	for _, f := range []Request{{}, {Undated: UndatedInclude, To: day("2030-01-01")}, {Langs: []string{"en", "ru", "uk", "de"}}} {
		total := mustSearch(t, ix, f).Total
		for _, sort := range []string{"", "newest", "oldest"} {
			for _, p := range []struct{ page, size int }{{1, 1}, {1, 10}, {2, 7}, {int(total)/100 + 1, 100}, {int(total) / 50, 50}} {
				r := f
				r.Sort, r.Page, r.Size = sort, max(p.page, 1), p.size
				got := mustSearch(t, ix, r)
				want, err := ix.searchBleve(ctx, r)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(hitIDs(got), hitIDs(want)) {
					t.Errorf("%+v: hits\n%v\nBleve\n%v", r, hitIDs(got), hitIDs(want))
				}
			}
		}
	}
}
