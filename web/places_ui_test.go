package web

import (
	"net/http"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

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
	if places := facetLinks(narrowed, "Cities and towns"); places["Izium"] == "" || places["Kharkiv"] == "" || places["Ukraine"] != "" {
		t.Errorf("places inside Kharkiv Oblast: %v", places)
	}
	if !strings.Contains(narrowed.Find(".active-filters").Text(), "Kharkiv Oblast") {
		t.Error("the active filter does not name Kharkiv Oblast")
	}
}

// TestUIPlaceFilter types place names into the search form's place field:
// one place that fits redirects to the filtered search, several are
// offered as choices, none gets a notice. No JavaScript is involved.
func TestUIPlaceFilter(t *testing.T) {
	srv := newTestServer(t, Config{Search: hierarchyIndex(t), Places: newFakeGazetteer()})
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	tests := []struct {
		query        string
		wantLocation string   // a redirect to this search
		wantChoices  []string // else these choices, in this order
	}{
		{query: "where=Изюм", wantLocation: "/?place=707292"},
		{query: "where=+izyum+&q=water&page=3", wantLocation: "/?place=707292&q=water"},
		{query: "place=UA&where=Izium", wantLocation: "/?place=UA&place=707292"},
		{query: "where=Kharkiv", wantChoices: []string{"Kharkiv (Kharkiv Oblast, Ukraine)", "Kharkiv (Belgorod Oblast, Russia)"}},
		{query: "where=" + url.QueryEscape("Kharkiv (Kharkiv Oblast, Ukraine)"), wantLocation: "/?place=706483"},
		{query: "where=" + url.QueryEscape("Kharkiv, Belgorod"), wantLocation: "/?place=999001"},
		{query: "where=Khar", wantChoices: []string{"Kharkiv (Kharkiv Oblast, Ukraine)", "Kharkiv (Belgorod Oblast, Russia)", "Kharkiv Oblast (Ukraine)"}},
		{query: "where=Atlantis", wantChoices: nil},
		{query: "where=" + strings.Repeat("x", 101), wantChoices: nil},
		// Qualifiers in any script, and the country code.
		{query: "where=" + url.QueryEscape("Харків, Україна"), wantLocation: "/?place=706483"},
		{query: "where=" + url.QueryEscape("Kharkiv (Харківська область)"), wantLocation: "/?place=706483"},
		{query: "where=" + url.QueryEscape("Kharkiv, RU"), wantLocation: "/?place=999001"},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			res, err := client.Get(srv.URL + "/?" + tt.query)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			if tt.wantLocation != "" {
				if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != tt.wantLocation {
					t.Errorf("status %d, Location %q; want 303 to %q", res.StatusCode, res.Header.Get("Location"), tt.wantLocation)
				}
				return
			}
			if res.StatusCode != http.StatusOK {
				t.Fatalf("status %d, want 200", res.StatusCode)
			}
			doc, err := goquery.NewDocumentFromReader(res.Body)
			if err != nil {
				t.Fatal(err)
			}
			notice := doc.Find(".place-choices")
			var got []string
			notice.Find("li a").Each(func(_ int, a *goquery.Selection) {
				got = append(got, a.Text())
				if href, _ := a.Attr("href"); !strings.HasPrefix(href, "/?place=") {
					t.Errorf("choice %q links to %q", a.Text(), href)
				}
			})
			if !slices.Equal(got, tt.wantChoices) {
				t.Errorf("choices %q, want %q", got, tt.wantChoices)
			}
			if tt.wantChoices == nil && !strings.Contains(notice.Text(), "No place called “") {
				t.Errorf("notice %q", notice.Text())
			}
			if v, _ := doc.Find("#where").Attr("value"); v == "" {
				t.Error("the place field lost what was typed")
			}
		})
	}

	// Without JavaScript the field suggests the places of the results.
	doc := getPage(t, srv.URL+"/", 200)
	var options []string
	doc.Find("#place-options option").Each(func(_ int, o *goquery.Selection) {
		v, _ := o.Attr("value")
		options = append(options, v)
	})
	for _, want := range []string{"Izium", "Ukraine"} {
		if !slices.Contains(options, want) {
			t.Errorf("datalist %q lacks %q", options, want)
		}
	}
}
