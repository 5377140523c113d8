package web

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gazette-news/gazette/search"
)

// hierarchyIndex holds three articles: about Izium, about Kharkiv, and
// about Ukraine as a whole.
func hierarchyIndex(t *testing.T) *search.Index {
	t.Helper()
	ix, err := search.Open(filepath.Join(t.TempDir(), "index"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	ua := search.PlaceRef{ID: "UA", Name: "Ukraine", Kind: search.KindCountry}
	kh := search.PlaceRef{ID: "UA.07", Name: "Kharkiv Oblast", Kind: search.KindRegion}
	places := map[string]search.Place{
		"UA":     {ID: "UA", Name: "Ukraine", Country: "UA", Kind: search.KindCountry, Names: []string{"Ukraine", "Україна"}},
		"707292": {ID: "707292", Name: "Izium", Country: "UA", Kind: search.KindCity, Ancestors: []search.PlaceRef{kh, ua}, Names: []string{"Izium", "Izyum", "Изюм"}},
		"706483": {ID: "706483", Name: "Kharkiv", Country: "UA", Kind: search.KindCity, Ancestors: []search.PlaceRef{kh, ua}, Names: []string{"Kharkiv", "Харків"}},
	}
	place := func(id string) search.Place { return places[id] }
	err = ix.Put(
		search.Doc{ID: "izium", Title: "Water is back in Izium", Text: "Pumps were repaired.", Lang: "en", Places: []search.Place{place("707292")}},
		search.Doc{ID: "kharkiv", Title: "Kharkiv metro runs again", Text: "Trains every ten minutes.", Lang: "en", Places: []search.Place{place("706483")}},
		search.Doc{ID: "kyiv", Title: "Ukraine budget passed", Text: "The parliament voted.", Lang: "en", Places: []search.Place{place("UA")}},
	)
	if err != nil {
		t.Fatal(err)
	}
	return ix
}

// TestUIPlaceLevels: the search page shows Countries and Regions boxes that
// count articles about places inside them, and a click drills down.
func TestUIPlaceLevels(t *testing.T) {
	srv := newTestServer(t, Config{Search: hierarchyIndex(t)})
	doc := getPage(t, srv.URL+"/", 200)
	countries := facetLinks(doc, "Countries")
	regions := facetLinks(doc, "Regions")
	if countries["Ukraine"] == "" || regions["Kharkiv Oblast"] == "" {
		t.Fatalf("level facets missing: countries %v, regions %v", countries, regions)
	}
	count := doc.Find(`.facet[data-facet="Regions"] li .count`).First().Text()
	if count != "2" {
		t.Errorf("Kharkiv Oblast counts %q, want 2", count)
	}
	if got := hrefQuery(t, regions["Kharkiv Oblast"])["place"]; !slices.Equal(got, []string{"UA.07"}) {
		t.Errorf("Kharkiv Oblast link filters by %v", got)
	}

	narrowed := getPage(t, srv.URL+regions["Kharkiv Oblast"], 200)
	if n := narrowed.Find(".hit").Length(); n != 2 {
		t.Errorf("filtered by Kharkiv Oblast: %d hits, want 2", n)
	}
	if places := facetLinks(narrowed, "Places"); places["Izium"] == "" || places["Kharkiv"] == "" || places["Ukraine"] != "" {
		t.Errorf("places inside Kharkiv Oblast: %v", places)
	}
	if !strings.Contains(narrowed.Find(".active-filters").Text(), "Kharkiv Oblast") {
		t.Error("the active filter does not name Kharkiv Oblast")
	}
}
