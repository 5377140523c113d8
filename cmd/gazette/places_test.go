package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/gazette-news/gazette/archive"
	"github.com/gazette-news/gazette/archive/importer"
	"github.com/gazette-news/gazette/cmd/gazette/demo"
	"github.com/gazette-news/gazette/indexer"
	"github.com/gazette-news/gazette/indexer/places"
	"github.com/gazette-news/gazette/web"
)

// TestPlaceAPI serves the demo archive with the real gazetteer behind
// /api/v1/places: autocomplete in any script, and one place with its
// names, hierarchy and article count.
func TestPlaceAPI(t *testing.T) {
	a, err := openApp(context.Background(), t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if _, err := importFiles(context.Background(), a, demo.Files, []string{"files"}, importOptions{}, nil); err != nil {
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
	// The search page's Places box tells the Lymans apart.
	resp, err := http.Get(srv.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	lyman := 0
	for _, w := range want {
		if slices.Contains(w.Places, "Lyman") {
			lyman++
		}
	}
	if want := fmt.Sprintf(`>Lyman (Donetsk Oblast)</a> <span class="count">%d<`, lyman); !strings.Contains(string(page), want) {
		t.Errorf("search page lacks %s", want)
	}

	var ids []string
	for _, h := range p.Hierarchy {
		ids = append(ids, h.ID+" "+h.Name+" "+h.Kind)
	}
	if !slices.Equal(ids, []string{"UA.07 Kharkiv Oblast region", "UA Ukraine country"}) {
		t.Errorf("Izium hierarchy %q", ids)
	}
}

// BenchmarkGeotagOverhead measures what place recognition adds to the
// per-article work of an import, over every article of the demo archive:
// "clean" runs the cleaner alone (decode, boilerplate removal, metadata),
// "clean+places" adds Find, Names and Ancestors as the pipeline does. The
// archive write and Bleve indexing, which both variants would add, are
// left out, so the ratio is an upper bound on the overhead.
func BenchmarkGeotagOverhead(b *testing.B) {
	gaz, err := places.Load()
	if err != nil {
		b.Fatal(err)
	}
	files, _, err := importer.Walk(demo.Files, []string{"files"})
	if err != nil {
		b.Fatal(err)
	}
	var caps []archive.Capture
	for _, f := range files {
		err := importer.Read(demo.Files, f, "", func(c archive.Capture) error {
			caps = append(caps, c)
			return nil
		}, func(error) {})
		if err != nil {
			b.Fatal(err)
		}
	}
	for _, bc := range []struct {
		name string
		x    *indexer.Extractor
	}{
		{"clean", &indexer.Extractor{}},
		{"clean+places", &indexer.Extractor{Places: gaz}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			n := 0
			for b.Loop() {
				for _, c := range caps {
					a, err := bc.x.Extract(c)
					if err != nil {
						continue
					}
					bc.x.Doc(a)
					n++
				}
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(max(n, 1)), "µs/article")
		})
	}
}
