package web

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/gazette-news/gazette/search"
)

// fakeGazetteer is a three-level gazetteer in memory: Ukraine, Kharkiv
// Oblast, Izium and Kharkiv.
type fakeGazetteer map[string]PlaceInfo

func newFakeGazetteer() fakeGazetteer {
	ua := search.PlaceRef{ID: "UA", Name: "Ukraine", Kind: "country"}
	kh := search.PlaceRef{ID: "UA.07", Name: "Kharkiv Oblast", Kind: "region"}
	return fakeGazetteer{
		"UA":     {ID: "UA", Name: "Ukraine", Kind: "country", Country: "UA", Lat: 48.6, Lon: 32.1, Population: 32806561, Names: []string{"Ukraine", "Україна", "Украина"}},
		"UA.07":  {ID: "UA.07", Name: "Kharkiv Oblast", Kind: "region", Country: "UA", Lat: 49.9, Lon: 36.3, Hierarchy: []search.PlaceRef{ua}, Names: []string{"Kharkiv Oblast", "Харківська область", "Харківщина"}},
		"707292": {ID: "707292", Name: "Izium", Kind: "city", Country: "UA", Lat: 49.207, Lon: 37.2768, Population: 45884, Hierarchy: []search.PlaceRef{kh, ua}, Names: []string{"Izium", "Izyum", "Изюм", "Ізюм"}},
		// A second, smaller Kharkiv elsewhere makes the name ambiguous.
		"999001": {ID: "999001", Name: "Kharkiv", Kind: "city", Country: "RU", Lat: 50.6, Lon: 36.6, Population: 300, Hierarchy: []search.PlaceRef{{ID: "RU.09", Name: "Belgorod Oblast", Kind: "region"}, {ID: "RU", Name: "Russia", Kind: "country"}}, Names: []string{"Kharkiv"}},
		"706483": {ID: "706483", Name: "Kharkiv", Kind: "city", Country: "UA", Lat: 50.0, Lon: 36.25, Population: 1430885, Hierarchy: []search.PlaceRef{kh, ua}, Names: []string{"Kharkiv", "Kharkov", "Харків", "Харьков"}},
	}
}

// Lookup matches any name by case-insensitive prefix, biggest first.
func (g fakeGazetteer) Lookup(prefix string, limit int) []PlaceInfo {
	var out []PlaceInfo
	for _, p := range g {
		for _, n := range p.Names {
			if strings.HasPrefix(strings.ToLower(n), strings.ToLower(prefix)) {
				p.Names = nil
				out = append(out, p)
				break
			}
		}
	}
	slices.SortFunc(out, func(a, b PlaceInfo) int { return b.Population - a.Population })
	return out[:min(limit, len(out))]
}

func (g fakeGazetteer) Place(id string) (PlaceInfo, bool) { p, ok := g[id]; return p, ok }

func TestAPIPlaces(t *testing.T) {
	srv := newTestServer(t, Config{Search: hierarchyIndex(t), Places: newFakeGazetteer()})
	type hit struct {
		PlaceInfo
		Articles uint64 `json:"articles"`
	}
	tests := []struct {
		prefix string
		want   []string // ids in order
		counts []uint64
	}{
		{"Харк", []string{"706483", "UA.07"}, []uint64{1, 2}},
		{"izy", []string{"707292"}, []uint64{1}},
		{"Ukr", []string{"UA"}, []uint64{3}},
		{"Nowhere", nil, nil},
	}
	for _, tt := range tests {
		var body struct{ Places []hit }
		getJSON(t, srv.URL+"/api/v1/places?prefix="+url.QueryEscape(tt.prefix), 200, &body)
		var ids []string
		var counts []uint64
		for _, p := range body.Places {
			ids = append(ids, p.ID)
			counts = append(counts, p.Articles)
		}
		if !slices.Equal(ids, tt.want) || !slices.Equal(counts, tt.counts) {
			t.Errorf("prefix %q: %v with articles %v, want %v with %v", tt.prefix, ids, counts, tt.want, tt.counts)
		}
	}

	var limited struct{ Places []hit }
	getJSON(t, srv.URL+"/api/v1/places?prefix=K&limit=1", 200, &limited)
	if len(limited.Places) != 1 {
		t.Errorf("limit=1 gave %d places", len(limited.Places))
	}

	for _, bad := range []string{"", "?prefix=", "?prefix=%20", "?prefix=K&limit=0", "?prefix=K&limit=51", "?prefix=K&limit=x", "?prefix=" + strings.Repeat("a", 101)} {
		var e errorBody
		getJSON(t, srv.URL+"/api/v1/places"+bad, 400, &e)
		if e.Error.Code != codeBadRequest {
			t.Errorf("%q: error code %q", bad, e.Error.Code)
		}
	}
}

func TestAPIPlace(t *testing.T) {
	srv := newTestServer(t, Config{Search: hierarchyIndex(t), Places: newFakeGazetteer()})
	var p struct {
		PlaceInfo
		Articles uint64 `json:"articles"`
	}
	getJSON(t, srv.URL+"/api/v1/places/707292", 200, &p)
	if p.Name != "Izium" || p.Kind != "city" || p.Country != "UA" || p.Lat != 49.207 || p.Lon != 37.2768 || p.Articles != 1 {
		t.Errorf("Izium: %+v", p)
	}
	if !slices.Contains(p.Names, "Изюм") {
		t.Errorf("Izium names %v lack Изюм", p.Names)
	}
	if len(p.Hierarchy) != 2 || p.Hierarchy[0].ID != "UA.07" || p.Hierarchy[1].ID != "UA" {
		t.Errorf("Izium hierarchy %+v, want Kharkiv Oblast, Ukraine", p.Hierarchy)
	}
	getJSON(t, srv.URL+"/api/v1/places/UA.07", 200, &p)
	if p.Articles != 2 {
		t.Errorf("Kharkiv Oblast: %d articles, want 2 (Izium and Kharkiv)", p.Articles)
	}

	var raw map[string]any
	getJSON(t, srv.URL+"/api/v1/places/UA", 200, &raw)
	if h, ok := raw["hierarchy"].([]any); !ok || len(h) != 0 {
		t.Errorf("country hierarchy is %v, want []", raw["hierarchy"])
	}

	var e errorBody
	getJSON(t, srv.URL+"/api/v1/places/999999999", 404, &e)
	if e.Error.Code != codeNotFound {
		t.Errorf("unknown id: code %q", e.Error.Code)
	}

	// Without a gazetteer the endpoints say so with 404.
	bare := newTestServer(t, Config{Search: hierarchyIndex(t)})
	getJSON(t, bare.URL+"/api/v1/places?prefix=K", 404, nil)
	getJSON(t, bare.URL+"/api/v1/places/UA", 404, nil)
}

// TestUIMap: the search page draws the cities and regions of the results
// as points sized by count, each linking to the search filtered by it.
func TestUIMap(t *testing.T) {
	srv := newTestServer(t, Config{Search: hierarchyIndex(t), Places: newFakeGazetteer()})
	doc := getPage(t, srv.URL+"/", 200)
	if doc.Find(`.map svg use[href="/static/world.svg#world"]`).Length() != 1 {
		t.Fatal("no map with the world outline")
	}
	radius := map[string]float64{}
	doc.Find(".map svg > a").Each(func(_ int, a *goquery.Selection) {
		title := a.Find("circle title").Text()
		r, err := strconv.ParseFloat(a.Find("circle").AttrOr("r", ""), 64)
		if err != nil {
			t.Errorf("point %q: bad radius", title)
		}
		radius[title] = r
		if title == "Izium: 1 article" {
			if got := hrefQuery(t, a.AttrOr("href", ""))["place"]; !slices.Equal(got, []string{"707292"}) {
				t.Errorf("Izium point filters by %v", got)
			}
		}
	})
	if radius["Izium: 1 article"] == 0 || radius["Kharkiv Oblast: 2 articles"] <= radius["Izium: 1 article"] {
		t.Errorf("points and radii: %v; want Izium, and Kharkiv Oblast larger", radius)
	}
	for title := range radius {
		if strings.HasPrefix(title, "Ukraine") {
			t.Errorf("countries are not drawn: %q", title)
		}
	}
	// Izium is at 37.3°E 49.2°N: inside the zoomed view box.
	var x, y, w, h float64
	if _, err := fmt.Sscanf(doc.Find(".map svg").AttrOr("viewBox", ""), "%g %g %g %g", &x, &y, &w, &h); err != nil {
		t.Fatal(err)
	}
	px, py := project(49.207, 37.2768)
	if px < x || px > x+w || py < y || py > y+h || w > 500 {
		t.Errorf("view box %g %g %g %g does not frame Izium at %g,%g", x, y, w, h, px, py)
	}

	// No gazetteer, no map; and the outline is served.
	if getPage(t, newTestServer(t, Config{Search: hierarchyIndex(t)}).URL+"/", 200).Find(".map").Length() != 0 {
		t.Error("map drawn without coordinates")
	}
	if res := get(t, srv.URL+"/static/world.svg"); res.Status != 200 || !strings.Contains(string(res.Body), "Natural Earth") || !strings.Contains(string(res.Body), `<g id="world"`) {
		t.Errorf("world.svg: status %d", res.Status)
	}
}

// TestUIQualifiedNames: a city whose name other places share is shown with
// its region in the facets and the active filter; a unique name is not.
func TestUIQualifiedNames(t *testing.T) {
	srv := newTestServer(t, Config{Search: hierarchyIndex(t), Places: newFakeGazetteer()})
	doc := getPage(t, srv.URL+"/", 200)
	places := facetLinks(doc, "Cities and towns")
	href := places["Kharkiv (Kharkiv Oblast)"]
	if href == "" || places["Izium"] == "" {
		t.Fatalf("Places box: %v; want Kharkiv (Kharkiv Oblast) and Izium", places)
	}
	if got := hrefQuery(t, href)["place"]; !slices.Equal(got, []string{"706483"}) {
		t.Errorf("Kharkiv (Kharkiv Oblast) filters by %v", got)
	}
	narrowed := getPage(t, srv.URL+href, 200)
	if got := narrowed.Find(".active-filters").Text(); !strings.Contains(got, "Kharkiv (Kharkiv Oblast)") {
		t.Errorf("active filter reads %q", got)
	}
}
