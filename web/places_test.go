package web

import (
	"net/url"
	"slices"
	"strings"
	"testing"

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
		"UA.07":  {ID: "UA.07", Name: "Kharkiv Oblast", Kind: "region", Country: "UA", Lat: 49.9, Lon: 36.3, Hierarchy: []search.PlaceRef{ua}, Names: []string{"Kharkiv Oblast", "Харківська область"}},
		"707292": {ID: "707292", Name: "Izium", Kind: "city", Country: "UA", Lat: 49.207, Lon: 37.2768, Population: 45884, Hierarchy: []search.PlaceRef{kh, ua}, Names: []string{"Izium", "Izyum", "Изюм", "Ізюм"}},
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
