package main

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"testing"

	"github.com/gazette-news/gazette/cmd/gazette/demo"
	"github.com/gazette-news/gazette/web"
)

// TestPlaceAPI serves the demo archive with the real gazetteer behind
// /api/v1/places: autocomplete in any script, and one place with its
// names, hierarchy and article count.
func TestPlaceAPI(t *testing.T) {
	a, err := openApp(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if _, err := importFiles(context.Background(), a.pipeline, demo.Files, []string{"files"}, false, nil); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(web.New(web.Config{Search: a.index, Places: placeDirectory{a.places}}))
	defer srv.Close()
	get := func(path string, v any) {
		t.Helper()
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Fatalf("GET %s: %s", path, resp.Status)
		}
		if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
			t.Fatal(err)
		}
	}
	type place struct {
		web.PlaceInfo
		Articles int `json:"articles"`
	}
	want, err := demo.Expected()
	if err != nil {
		t.Fatal(err)
	}
	izium := 0
	for _, w := range want {
		if slices.Contains(w.Places, "Izium") {
			izium++
		}
	}

	for _, prefix := range []string{"Izyu", "Изю", "Ізю", "izi"} {
		var res struct{ Places []place }
		get("/api/v1/places?prefix="+url.QueryEscape(prefix)+"&limit=50", &res)
		i := slices.IndexFunc(res.Places, func(p place) bool { return p.ID == "707292" })
		if i < 0 {
			t.Errorf("prefix %q: no Izium among %d places", prefix, len(res.Places))
			continue
		}
		if p := res.Places[i]; p.Articles != izium || len(p.Hierarchy) != 2 || p.Hierarchy[0].ID != "UA.07" {
			t.Errorf("prefix %q: Izium %+v, want %d articles in UA.07", prefix, p, izium)
		}
	}
	var kh struct{ Places []place }
	get("/api/v1/places?prefix="+url.QueryEscape("Харк"), &kh)
	if len(kh.Places) == 0 || kh.Places[0].ID != "UA.07" {
		t.Errorf("prefix Харк: first place %+v, want Kharkiv Oblast (regions before cities)", kh.Places)
	}

	var p place
	get("/api/v1/places/707292", &p)
	if p.Name != "Izium" || p.Kind != "city" || p.Country != "UA" || p.Lat < 49 || p.Lat > 49.5 || p.Articles != izium {
		t.Errorf("Izium: %+v", p)
	}
	for _, n := range []string{"Izyum", "Изюм", "Ізюм"} {
		if !slices.Contains(p.Names, n) {
			t.Errorf("Izium names lack %s: %v", n, p.Names)
		}
	}
	var ids []string
	for _, h := range p.Hierarchy {
		ids = append(ids, h.ID+" "+h.Name+" "+h.Kind)
	}
	if !slices.Equal(ids, []string{"UA.07 Kharkiv Oblast region", "UA Ukraine country"}) {
		t.Errorf("Izium hierarchy %q", ids)
	}
}
