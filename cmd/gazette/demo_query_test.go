package main

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/gazette-news/gazette/cmd/gazette/demo"
	"github.com/gazette-news/gazette/search"
	"github.com/gazette-news/gazette/web"
)

// TestDemoQueryLanguage runs the query language over the demo archive with
// the real gazetteer: equivalent forms find the same articles, broader
// forms more, and place: and near: resolve names in any script.
func TestDemoQueryLanguage(t *testing.T) {
	a := demoApp(t)
	want, err := demo.Expected()
	if err != nil {
		t.Fatal(err)
	}
	ids := func(r search.Request) []string {
		t.Helper()
		r.Size = 100
		res, err := a.index.Search(context.Background(), r)
		if err != nil {
			t.Fatalf("%+v: %v", r, err)
		}
		var out []string
		for _, h := range res.Hits {
			out = append(out, h.ID)
		}
		slices.Sort(out)
		return out
	}
	n := func(query string) int { t.Helper(); return len(ids(search.Request{Query: query})) }
	all := n("")

	izyum, kupiansk := n("Izyum"), n("Kupiansk")
	both, without := n("Izyum AND Kupiansk"), n("Izyum NOT Kupiansk")
	if izyum == 0 || kupiansk == 0 || both == 0 || without == 0 {
		t.Fatalf("Izyum %d, Kupiansk %d, both %d, Izyum without Kupiansk %d: the demo should have all four", izyum, kupiansk, both, without)
	}
	if both+without != izyum {
		t.Errorf("Izyum AND Kupiansk (%d) + Izyum NOT Kupiansk (%d) != Izyum (%d)", both, without, izyum)
	}
	if or := n("Izyum OR Kupiansk"); or != izyum+kupiansk-both {
		t.Errorf("Izyum OR Kupiansk = %d, want %d + %d - %d", or, izyum, kupiansk, both)
	}
	for _, same := range []string{"+Izyum +Kupiansk", "Izyum Kupiansk", "Kupiansk Izyum", "(Izyum) AND (Kupiansk)", "Ізюм Купʼянськ"} {
		if got := n(same); got != both {
			t.Errorf("%q finds %d, Izyum AND Kupiansk %d", same, got, both)
		}
	}
	if got := n("Kharkiv region"); got == 0 || got >= all {
		t.Errorf("Kharkiv region finds %d of %d: both words must match", got, all)
	}
	if got := n("NOT Izyum"); got != all-izyum {
		t.Errorf("NOT Izyum finds %d, want %d - %d", got, all, izyum)
	}

	// place: takes any name and means the place with everything inside.
	oblast := ids(search.Request{Places: []string{"UA.07"}})
	for _, q := range []string{"place:Харківщина", `place:"Kharkiv Oblast"`, "place:UA.07", "place:Харьковщина"} {
		if got := ids(search.Request{Query: q}); len(oblast) == 0 || !slices.Equal(got, oblast) {
			t.Errorf("%q finds %v, place=UA.07 %v", q, got, oblast)
		}
	}
	if got, izium := ids(search.Request{Query: "place:Ізюм"}), ids(search.Request{Places: []string{"707292"}}); len(got) == 0 || !slices.Equal(got, izium) {
		t.Errorf("place:Ізюм finds %v, place=707292 %v", got, izium)
	}
	if got, lyman := ids(search.Request{Query: `place:"Lyman (Donetsk Oblast)"`}), ids(search.Request{Places: []string{"704204"}}); len(got) == 0 || !slices.Equal(got, lyman) {
		t.Errorf(`place:"Lyman (Donetsk Oblast)" finds %v, place=704204 %v`, got, lyman)
	}

	// near: finds at least the articles about the place, more with a
	// wider radius.
	atIzium := ids(search.Request{Places: []string{"707292"}})
	near50, near150 := ids(search.Request{Query: "near:Izium~50km"}), ids(search.Request{Query: "near:Ізюм~150km"})
	for _, id := range atIzium {
		if !slices.Contains(near50, id) {
			t.Errorf("near:Izium~50km misses article %s about Izium", id)
		}
	}
	if len(near50) >= len(near150) || len(near150) >= all {
		t.Errorf("near:Izium 50 km finds %d, 150 km %d, of %d", len(near50), len(near150), all)
	}
	if got := ids(search.Request{Near: &search.Near{Place: "707292", Lat: 49.20898, Lon: 37.25751, Km: 50}}); !slices.Equal(got, near50) {
		t.Errorf("Near filter finds %v, near:Izium~50km %v", got, near50)
	}

	// site: matches an outlet's whole name or its host, in any case.
	courier := 0
	for _, w := range want {
		if w.Outlet == "Kharkiv Courier" {
			courier++
		}
	}
	for _, q := range []string{`site:"Kharkiv Courier"`, `site:"kharkiv courier"`, "site:kharkiv-courier.example"} {
		if got := n(q); got != courier {
			t.Errorf("%s finds %d, expect.json has %d Kharkiv Courier articles", q, got, courier)
		}
	}

	// A misspelling gets a suggestion from the archive's own words.
	res, err := a.index.Search(context.Background(), search.Request{Query: "Izyumm"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 0 || res.Suggestion != "Izyum" {
		t.Errorf("Izyumm: %d hits, suggestion %q; want 0 and Izyum", res.Total, res.Suggestion)
	}

	// Every example on the help page finds something in the demo.
	srv := httptest.NewServer(web.New(web.Config{Search: a.index, Places: placeDirectory{a.places}}))
	defer srv.Close()
	help, err := http.Get(srv.URL + "/help")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := goquery.NewDocumentFromReader(help.Body)
	help.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	examples := doc.Find("a.example")
	if examples.Length() == 0 {
		t.Fatal("the help page has no examples")
	}
	examples.Each(func(_ int, ex *goquery.Selection) {
		q := ex.Text()
		resp, err := http.Get(srv.URL + "/api/v1/search?size=1&q=" + url.QueryEscape(q))
		if err != nil {
			t.Fatal(err)
		}
		var body struct{ Total int }
		err = json.NewDecoder(resp.Body).Decode(&body)
		resp.Body.Close()
		if err != nil || resp.StatusCode != 200 || body.Total == 0 {
			t.Errorf("help example %q: status %d, %d articles (%v)", q, resp.StatusCode, body.Total, err)
		}
	})
}
