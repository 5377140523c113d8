package search

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// total runs r and returns its total.
func total(t *testing.T, ix *Index, r Request) uint64 {
	t.Helper()
	r.Size = 1
	return mustSearch(t, ix, r).Total
}

func q(s string) Request { return Request{Query: s} }

// TestQueryEquivalences checks, on a real index, that equivalent forms of a
// query find the same number of articles and that broader and narrower
// forms are ordered as the language says. Every row must also be
// non-trivial: it fails if both sides find nothing.
func TestQueryEquivalences(t *testing.T) {
	ix := fixtureIndex(t)
	all := total(t, ix, Request{})
	const (
		eq = "="
		le = "≤"
		lt = "<"
	)
	tests := []struct {
		name string
		a    Request
		rel  string
		b    Request
	}{
		{"A AND B = +A +B", q("Kharkiv AND council"), eq, q("+Kharkiv +council")},
		{"+A +B = A B", q("+Kharkiv +council"), eq, q("Kharkiv council")},
		{"A B = B A", q("Kharkiv council"), eq, q("council Kharkiv")},
		{"A B = (A B)", q("Kharkiv council"), eq, q("(Kharkiv council)")},
		{"A B < A", q("Kharkiv council"), lt, q("Kharkiv")},
		{"A NOT B < A", q("Kharkiv NOT council"), lt, q("Kharkiv")},
		{"A NOT B = A -B", q("Kharkiv NOT council"), eq, q("Kharkiv -council")},
		{"A NOT B = A AND NOT B", q("Kharkiv NOT council"), eq, q("Kharkiv AND NOT council")},
		{"A NOT B = -B A", q("Kharkiv NOT council"), eq, q("-council Kharkiv")},
		{"A < (A OR B)", q("Kharkiv"), lt, q("(Kharkiv OR ferry)")},
		{"B < (A OR B)", q("ferry"), lt, q("(Kharkiv OR ferry)")},
		{"A OR B = B OR A", q("Kharkiv OR ferry"), eq, q("ferry OR Kharkiv")},
		{"NOT B = -B", q("NOT ferry"), eq, q("-ferry")},
		{"NOT B excludes: NOT B < everything", q("NOT ferry"), lt, Request{}},
		{"NOT (A OR B) = -A -B", q("NOT (Kharkiv OR ferry)"), eq, q("-Kharkiv -ferry")},
		{"A (B OR C) = (A B) OR (A C)", q("Kharkiv (council OR бібліотека)"), eq, q("(Kharkiv council) OR (Kharkiv бібліотека)")},
		{"a lowercase or is a word, not OR", q("ferry or timetable"), lt, q("ferry OR timetable")},
		{"a lowercase and is a word: AND anyway", q("ferry and timetable"), eq, q("ferry AND timetable")},
		{"phrase < its words", q(`"timetable page"`), le, q("timetable page")},
		{"exact phrase < proximity", q(`"ferry island"`), lt, q(`"ferry island"~1`)},
		{"proximity ≤ words", q(`"ferry island"~1`), le, q("ferry island")},
		{"far proximity = words here", q(`"island timetable"~50`), eq, q("island timetable")},
		{"too close proximity < words", q(`"island timetable"~2`), lt, q("island timetable")},
		{"word ≤ prefix", q("harbour"), le, q("harb*")},
		{"word ≤ fuzzy", q("ferry"), le, q("ferry~1")},
		{"title: ≤ unfielded", q("title:ferry"), lt, q("ferry")},
		{"title:(A OR B) = title:A OR title:B", q("title:(ferry OR harbour)"), eq, q("title:ferry OR title:harbour")},
		{"published:month = from/to filter", q("published:2022-03"), eq, Request{From: day("2022-03-01"), To: day("2022-03-31")}},
		{"published:[a TO b] = published:month", q("published:[2022-03-01 TO 2022-03-31]"), eq, q("published:2022-03")},
		{"published:>= and < = range", q("published:>=2022-03-01 published:<2022-04-01"), eq, q("published:2022-03")},
		{"published:{a TO b} < [a TO b]", q("published:{2022-03-05 TO 2022-03-31}"), lt, q("published:[2022-03-05 TO 2022-03-31]")},
		{"site: is case-insensitive", q(`site:"Harbour-Daily.TEST"`), eq, Request{Sites: []string{"harbour-daily.test"}}},
		{"lang: = lang filter", q("lang:uk"), eq, Request{Langs: []string{"uk"}}},
		{"place: id = place filter", q("place:UA.07"), eq, Request{Places: []string{"UA.07"}}},
		{"query and filter agree", Request{Query: "Kharkiv", Langs: []string{"en"}}, eq, q("Kharkiv lang:en")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := total(t, ix, tt.a), total(t, ix, tt.b)
			if a == 0 && b == 0 {
				t.Fatalf("%q and %q both find nothing: the row proves nothing", tt.a.Query, tt.b.Query)
			}
			ok := false
			switch tt.rel {
			case eq:
				ok = a == b
			case le:
				ok = a <= b
			case lt:
				ok = a < b
			}
			if !ok {
				t.Errorf("%+v finds %d, %+v finds %d: want %s", tt.a, a, tt.b, b, tt.rel)
			}
			if a > all || b > all {
				t.Errorf("more hits than articles: %d, %d of %d", a, b, all)
			}
		})
	}

	// Sums: A splits into A B and A -B; NOT B is the rest of the archive;
	// A OR B counts each article once (inclusion-exclusion); dated and
	// undated articles make up the archive.
	sums := []struct {
		name        string
		whole       Request
		parts       []Request
		overlapping Request // subtracted once
	}{
		{"A = A B + A -B", q("Kharkiv"), []Request{q("Kharkiv council"), q("Kharkiv -council")}, Request{}},
		{"all = B + NOT B", Request{}, []Request{q("ferry"), q("NOT ferry")}, Request{}},
		{"A OR B = A + B - A B", q("Kharkiv OR council"), []Request{q("Kharkiv"), q("council")}, q("Kharkiv council")},
		{"all = dated + undated", Request{}, []Request{q("published:[* TO *]"), q("-published:[* TO *]")}, Request{}},
	}
	for _, tt := range sums {
		t.Run(tt.name, func(t *testing.T) {
			whole := total(t, ix, tt.whole)
			var sum uint64
			for _, p := range tt.parts {
				n := total(t, ix, p)
				if n == 0 {
					t.Errorf("%+v finds nothing: the row proves little", p)
				}
				sum += n
			}
			if tt.overlapping.Query != "" {
				sum -= total(t, ix, tt.overlapping)
			}
			if whole != sum {
				t.Errorf("%+v finds %d, the parts add up to %d", tt.whole, whole, sum)
			}
		})
	}
}

func TestQueryLanguage(t *testing.T) {
	ix := fixtureIndex(t)
	tests := []struct {
		query string
		want  []string
	}{
		{"Kharkiv council", []string{"en-election"}},
		{"Izyum", []string{"en-izium", "ru-izium"}},
		{"Izyum NOT bridge", []string{"ru-izium"}},
		{"Izyum AND Kyiv", nil},
		{"Izyum AND Kharkiv", []string{"en-izium"}}, // "the road to Kharkiv"
		{"Izyum OR Kyiv", []string{"en-izium", "ru-izium", "uk-kyiv"}},
		{"(Izyum OR Kyiv) -трамвай", []string{"en-izium", "ru-izium"}},
		{"NOT (Izyum OR Kharkiv OR ferry)", []string{"uk-kyiv"}},
		{`"river bridge"`, []string{"en-izium"}},
		{`"bridge river"`, nil},
		{`"bridge river"~1`, []string{"en-izium"}},
		{`"izium bridge"~5`, []string{"en-izium"}},
		{"Kharkiv-based", nil}, // two words that must stand together
		// Prefixes and patterns find place-name variants too.
		{"kharkiv*", []string{"en-election", "en-izium", "ru-kharkiv", "uk-kharkiv", "de-wahl"}},
		{"title:харк*", []string{"uk-kharkiv"}},
		{"title:харьк*", []string{"ru-kharkiv"}},
		{"title:харьк?в", []string{"ru-kharkiv"}},
		{"text:бібліот*", []string{"uk-kharkiv"}},
		{"timetabel~1", []string{"en-election", "en-ferry"}},
		{"author:quill", []string{"en-election"}},
		{`author:"mara quill"`, []string{"en-election"}},
		{"lang:de OR lang:ru", []string{"de-wahl", "ru-izium", "ru-kharkiv"}},
		{"published:2023", []string{"uk-kyiv"}},
		{"published:<2022-03-06", []string{"en-election"}},
		{"-published:[* TO *]", []string{"en-ferry"}},
		{"site:harbour*", []string{"en-ferry", "en-harbour"}},
		{"the", nil},
		{"the ferry", []string{"en-ferry", "en-harbour"}},
		{"ferry^3 harbour", []string{"en-harbour"}},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			res := mustSearch(t, ix, Request{Query: tt.query, Size: 100})
			if got, want := sorted(hitIDs(res)), sorted(tt.want); !slices.Equal(got, want) {
				t.Errorf("%q finds %v, want %v", tt.query, got, want)
			}
		})
	}
}

// TestExpansionBounds: fuzzy words, prefixes and patterns stand for at
// most a bounded number of index terms, and a query holds at most a
// bounded number of them; past either bound the search is refused.
func TestExpansionBounds(t *testing.T) {
	ix := openTemp(t)
	// One article with 400 distinct words "ka000" … "ka399".
	var words []string
	for i := range 400 {
		words = append(words, fmt.Sprintf("ka%03d", i))
	}
	if err := ix.Put(Doc{ID: "many", URL: "https://x.test/many", Title: "Many words", Text: strings.Join(words, " "), Lang: "en"}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		query string
		msg   string // "" for success
	}{
		{"ka00*", ""},
		{"ka0*", ""},
		{"ka*", "stands for more than 300 different words"},
		{"ka?01", ""},
		{"ka*9", ""},
		{"k*", "needs at least 2 letters"},
		{strings.Repeat("ka1* ", 11), "more than 10 words with *, ? or ~"},
		{strings.TrimSpace(strings.Repeat("ab~2 ", 200)), "too short for ~2"},
		{strings.TrimSpace(strings.Repeat("abcde~2 ", 20)), "more than 10 words with *, ? or ~"},
	}
	for _, tt := range tests {
		t.Run(tt.query[:min(len(tt.query), 30)], func(t *testing.T) {
			res, err := ix.Search(context.Background(), Request{Query: tt.query})
			if tt.msg == "" {
				if err != nil {
					t.Fatalf("%q: %v", tt.query, err)
				}
				if res.Total != 1 {
					t.Errorf("%q finds %d, want the article", tt.query, res.Total)
				}
				return
			}
			var qe *QueryError
			if !errors.As(err, &qe) || !strings.Contains(qe.Msg, tt.msg) {
				t.Fatalf("%q: %v, want a *QueryError saying %q", tt.query, err, tt.msg)
			}
			if !qe.Positioned() {
				t.Errorf("%q: the error %q points at no part of the query", tt.query, qe.Msg)
			}
		})
	}
}

// fakePlaces is a gazetteer of four places for place: and near:.
type fakePlaces map[string]GeoPlace

func newFakePlaces() fakePlaces {
	return fakePlaces{
		"UA":     {ID: "UA", Name: "Ukraine", Lat: 49, Lon: 32},
		"UA.07":  {ID: "UA.07", Name: "Kharkiv Oblast", Lat: 49.9, Lon: 36.3},
		"706483": {ID: "706483", Name: "Kharkiv", Lat: 49.98, Lon: 36.25},
		"707292": {ID: "707292", Name: "Izium", Lat: 49.21, Lon: 37.26, Names: []string{"Izium", "Izyum", "Изюм", "Ізюм"}},
		"703448": {ID: "703448", Name: "Kyiv", Lat: 50.45, Lon: 30.52},
	}
}

func (f fakePlaces) GeoPlace(id string) (GeoPlace, bool) { p, ok := f[id]; return p, ok }

func (f fakePlaces) ResolvePlace(name string) (GeoPlace, bool) {
	names := map[string]string{"kharkiv": "706483", "харків": "706483", "izyum": "707292", "izium": "707292",
		"харківщина": "UA.07", "kharkiv oblast": "UA.07", "kyiv": "703448", "ukraine": "UA"}
	id, ok := names[strings.ToLower(name)]
	if !ok {
		return GeoPlace{}, false
	}
	return f[id], true
}

// geoIndex is the fixture index with coordinates on its towns and cities
// and the fake gazetteer.
func geoIndex(t *testing.T) *Index {
	t.Helper()
	places := newFakePlaces()
	ix := openTemp(t)
	ix.SetPlaces(places)
	docs := fixtures(t)
	for i := range docs {
		for j, p := range docs[i].Places {
			switch p.ID {
			case "706483", "707292", "703448":
				docs[i].Places[j].Kind = KindCity
				docs[i].Places[j].Lat, docs[i].Places[j].Lon = places[p.ID].Lat, places[p.ID].Lon
			case "UA":
				docs[i].Places[j].Kind = KindCountry
			case "UA.07":
				docs[i].Places[j].Kind = KindRegion
			}
		}
	}
	if err := ix.Put(docs...); err != nil {
		t.Fatal(err)
	}
	return ix
}

func TestPlaceAndNear(t *testing.T) {
	ix := geoIndex(t)
	tests := []struct {
		req  Request
		want []string
	}{
		{q("place:Харківщина"), []string{"en-election", "en-izium", "uk-kharkiv"}},
		{q(`place:"Kharkiv Oblast"`), []string{"en-election", "en-izium", "uk-kharkiv"}},
		{q("place:UA.07"), []string{"en-election", "en-izium", "uk-kharkiv"}},
		{q("place:Izyum"), []string{"en-izium", "ru-izium"}},
		{q("place:Izyum OR place:Kyiv"), []string{"en-izium", "ru-izium", "uk-kyiv"}},
		{q("near:Izium~10km"), []string{"en-izium", "ru-izium"}},
		// Kharkiv is about 120 km from Izium, Kyiv about 480 km.
		{q("near:Izium~150km"), []string{"en-election", "en-izium", "ru-izium", "ru-kharkiv", "uk-kharkiv", "de-wahl"}},
		{q("near:Izium~150km -place:Kharkiv"), []string{"en-izium", "ru-izium"}},
		{q("near:Izium~600km"), []string{"en-election", "en-izium", "ru-izium", "ru-kharkiv", "uk-kharkiv", "de-wahl", "uk-kyiv"}},
		{q("near:Izium~100mi bridge"), []string{"en-izium"}},
		// Proximity takes a place's every name: the Russian text writes Изюм.
		{q(`"izyum хлеб"~10`), []string{"ru-izium"}},
		{q(`"izyum хлеб"~2`), nil},
		{Request{Near: &Near{Place: "707292", Lat: 49.21, Lon: 37.26, Km: 10}}, []string{"en-izium", "ru-izium"}},
		{Request{BBox: &BBox{MinLon: 30, MinLat: 50, MaxLon: 31, MaxLat: 51}}, []string{"uk-kyiv"}},
		{Request{BBox: &BBox{MinLon: 36, MinLat: 49, MaxLon: 38, MaxLat: 50.5}}, []string{"en-election", "en-izium", "ru-izium", "ru-kharkiv", "uk-kharkiv", "de-wahl"}},
		{Request{BBox: &BBox{MinLon: 0, MinLat: 0, MaxLon: 10, MaxLat: 10}}, nil},
	}
	for _, tt := range tests {
		res := mustSearch(t, ix, Request{Query: tt.req.Query, Near: tt.req.Near, BBox: tt.req.BBox, Size: 100})
		if got, want := sorted(hitIDs(res)), sorted(tt.want); !slices.Equal(got, want) {
			t.Errorf("%+v finds %v, want %v", tt.req, got, want)
		}
	}

	bad := []struct {
		req Request
		msg string
	}{
		{q("place:Nowhereville"), `no place called “Nowhereville”`},
		{q("place:Kharkiv*"), "not a pattern"},
		{q("near:Atlantis~10km"), `no place called “Atlantis”`},
		{Request{Near: &Near{Lat: 91, Lon: 0, Km: 10}}, "not a point"},
		{Request{Near: &Near{Lat: 49, Lon: 37, Km: 0}}, "radius"},
		{Request{BBox: &BBox{MinLon: 38, MinLat: 49, MaxLon: 36, MaxLat: 50}}, "each minimum below its maximum"},
		{Request{BBox: &BBox{MinLon: -200, MinLat: 49, MaxLon: 36, MaxLat: 50}}, "within -180 to 180"},
	}
	for _, tt := range bad {
		_, err := ix.Search(context.Background(), tt.req)
		var qe *QueryError
		if !errors.As(err, &qe) || !strings.Contains(qe.Msg, tt.msg) {
			t.Errorf("%+v: %v, want a *QueryError saying %q", tt.req, err, tt.msg)
		}
	}

	// Without a gazetteer, place: takes ids and near: is refused.
	plain := fixtureIndex(t)
	if got := sorted(hitIDs(mustSearch(t, plain, q("place:707292")))); !slices.Equal(got, []string{"en-izium", "ru-izium"}) {
		t.Errorf("place:707292 without a gazetteer finds %v", got)
	}
	if _, err := plain.Search(context.Background(), q("near:Izium~10km")); !isQueryError(err) {
		t.Errorf("near: without a gazetteer: %v, want a *QueryError", err)
	}
}

func TestSuggestions(t *testing.T) {
	ix := fixtureIndex(t)
	tests := []struct {
		query      string
		suggestion string
		broader    string
		broaderN   uint64
	}{
		{"Izyumm", "Izyum", "", 0},
		{"Izyumm bridge", "Izyum bridge", "bridge", 1}, // "Izyumm" alone finds nothing either
		{"timetabel", "timetable", "", 0},
		{"Харкив", "Харків", "", 0},
		{"bridge catamaran", "", "bridge", 1},
		{`title:izium title:ferry`, "", "title:izium", 1},
		{"ferry", "", "", 0}, // finds enough
		{"zzzzzz", "", "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			res := mustSearch(t, ix, q(tt.query))
			if res.Suggestion != tt.suggestion {
				t.Errorf("%q: suggestion %q, want %q", tt.query, res.Suggestion, tt.suggestion)
			}
			if tt.suggestion != "" && total(t, ix, q(tt.suggestion)) <= res.Total {
				t.Errorf("%q: the suggestion %q finds no more", tt.query, tt.suggestion)
			}
			switch {
			case tt.broader == "" && res.Broader != nil:
				t.Errorf("%q: broader %+v, want none", tt.query, res.Broader)
			case tt.broader != "" && (res.Broader == nil || res.Broader.Query != tt.broader || res.Broader.Total != tt.broaderN):
				t.Errorf("%q: broader %+v, want %q finding %d", tt.query, res.Broader, tt.broader, tt.broaderN)
			case res.Broader != nil && res.Broader.Total != total(t, ix, q(res.Broader.Query)):
				t.Errorf("%q: broader %+v has the wrong count", tt.query, res.Broader)
			}
		})
	}
}

// TestQueryErrorsFromSearch: errors found while building the query (after
// parsing) point at their part of the query too.
func TestQueryErrorsFromSearch(t *testing.T) {
	ix := geoIndex(t)
	_, err := ix.Search(context.Background(), q("bridge place:Atlantis"))
	var qe *QueryError
	if !errors.As(err, &qe) || qe.Start != 7 || qe.End != 21 {
		t.Fatalf("place:Atlantis: %v (%+v), want span [7, 21)", err, qe)
	}
}
