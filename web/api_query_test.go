package web

import (
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/gazette-news/gazette/search"
)

// searchPlaces adapts the fake gazetteer to search.Places, as cmd/gazette
// adapts the real one.
type searchPlaces struct{ g fakeGazetteer }

func (p searchPlaces) GeoPlace(id string) (search.GeoPlace, bool) {
	pl, ok := p.g[id]
	return search.GeoPlace{ID: pl.ID, Name: pl.Name, Lat: pl.Lat, Lon: pl.Lon}, ok
}

func (p searchPlaces) ResolvePlace(name string) (search.GeoPlace, bool) {
	best, found := PlaceInfo{}, false
	for _, pl := range p.g {
		if hasName(pl, name) && (!found || pl.Population > best.Population) {
			best, found = pl, true
		}
	}
	return search.GeoPlace{ID: best.ID, Name: best.Name, Lat: best.Lat, Lon: best.Lon, Names: best.Names}, found
}

// geoServer serves the fixture articles with the fake gazetteer, their
// places carrying the gazetteer's kinds and coordinates.
func geoServer(t *testing.T) string {
	t.Helper()
	g := newFakeGazetteer()
	ix, err := search.Open(t.TempDir() + "/index")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	ix.SetPlaces(searchPlaces{g})
	docs := fixtureDocs(t)
	for i := range docs {
		for j, p := range docs[i].Places {
			if info, ok := g[p.ID]; ok {
				docs[i].Places[j].Kind, docs[i].Places[j].Lat, docs[i].Places[j].Lon = info.Kind, info.Lat, info.Lon
			}
		}
	}
	if err := ix.Put(docs...); err != nil {
		t.Fatal(err)
	}
	return newTestServer(t, Config{Search: ix, Places: g}).URL
}

// TestAPIQueryErrors: every bad query and parameter is a 400 whose JSON
// error names the parameter and, for a query, the offending part.
func TestAPIQueryErrors(t *testing.T) {
	base := geoServer(t)
	type position struct {
		Start, End int
		Text       string
	}
	tests := []struct {
		rawQuery string
		param    string
		msg      string    // the message contains this
		pos      *position // the offending part of q
	}{
		{"q=(izyum", "q", "unclosed bracket opened at character 1", &position{0, 1, "("}},
		{"q=izyum+(kupiansk+OR+lyman", "q", "unclosed bracket opened at character 7", &position{6, 7, "("}},
		{"q=" + url.QueryEscape("Ізюм (Купʼянськ"), "q", "character 6", &position{5, 6, "("}},
		{"q=izyum)", "q", "no opening bracket", &position{5, 6, ")"}},
		{"q=" + url.QueryEscape(`"izyum`), "q", "unclosed quote", &position{0, 6, `"izyum`}},
		{"q=izyum+AND", "q", "AND at character 7 needs a word after it", &position{6, 9, "AND"}},
		{"q=colour:red", "q", `unknown field “colour”`, &position{0, 7, "colour:"}},
		{"q=izyum~3", "q", "fuzziness 3", &position{0, 7, "izyum~3"}},
		{"q=" + url.QueryEscape("published:[2022-03-01 TO tomorrow]"), "q", `“tomorrow” at character 26 is not a date`, &position{25, 33, "tomorrow"}},
		{"q=place:Atlantis", "q", `no place called “Atlantis”`, &position{0, 14, "place:Atlantis"}},
		{"q=near:Atlantis~5km", "q", `no place called “Atlantis”`, &position{0, 17, "near:Atlantis~5km"}},
		{"q=lang:English", "q", `unknown language code “English”`, &position{0, 12, "lang:English"}},
		{"q=" + url.QueryEscape(strings.TrimSpace(strings.Repeat("ab~2 ", 200))), "q", "too short for ~2", &position{0, 4, "ab~2"}},
		{"q=" + url.QueryEscape(strings.TrimSpace(strings.Repeat("izyum~1 ", 11))), "q", "more than 10 words with *, ? or ~", &position{80, 87, "izyum~1"}},
		{"q=%zz%", "q", "malformed %-escape", nil},
		{"q=izyum&lang=%E0%A4%A", "lang", "malformed %-escape", nil},
		{"place=Izyum", "place", `unknown place id “Izyum”; Izium (Kharkiv Oblast, Ukraine) has id 707292`, nil},
		{"place=nope", "place", `unknown place id “nope”`, nil},
		{"place=707292&place=nope", "place", `unknown place id “nope”`, nil},
		{"lang=English", "lang", `unknown language code “English”`, nil},
		{"lang=xx", "lang", `unknown language code “xx”`, nil},
		{"near=nope", "near", `unknown place id “nope”`, nil},
		{"near=707292&km=0", "km", "above 0", nil},
		{"near=707292&km=5000", "km", "at most 2000", nil},
		{"near=707292&km=far", "km", "kilometres", nil},
		{"km=10", "km", "give near too", nil},
		{"bbox=1,2,3", "bbox", "four numbers", nil},
		{"bbox=36,49,x,50", "bbox", "four numbers", nil},
		{"bbox=38,49,36,50", "bbox", "each minimum must be below its maximum", nil},
		{"bbox=-190,49,36,50", "bbox", "within -180 to 180", nil},
		{"from=2022-13-01", "from", "invalid date", nil},
		{"sort=random", "sort", "unknown sort order", nil},
		{"size=0", "size", "between 1 and 100", nil},
		{"page=0", "page", "between 1 and", nil},
	}
	for _, tt := range tests {
		t.Run(tt.rawQuery[:min(len(tt.rawQuery), 40)], func(t *testing.T) {
			start := time.Now()
			var e struct {
				Error struct {
					Code     string
					Message  string
					Param    string
					Position *position
				}
			}
			getJSON(t, base+"/api/v1/search?"+tt.rawQuery, 400, &e)
			if e.Error.Code != codeBadRequest || e.Error.Param != tt.param || !strings.Contains(e.Error.Message, tt.msg) {
				t.Errorf("error %+v, want param %q and a message with %q", e.Error, tt.param, tt.msg)
			}
			switch {
			case tt.pos == nil && e.Error.Position != nil:
				t.Errorf("position %+v, want none", *e.Error.Position)
			case tt.pos != nil && (e.Error.Position == nil || *e.Error.Position != *tt.pos):
				t.Errorf("position %+v, want %+v", e.Error.Position, *tt.pos)
			}
			if strings.Contains(e.Error.Message, `\"`) {
				t.Errorf("message %q holds a Go-quoted string", e.Error.Message)
			}
			if d := time.Since(start); d > 5*time.Second {
				t.Logf("slow: %s", d) // speed is measured by benchmarks, not asserted
			}
		})
	}
}

// Ids of the web fixture articles.
const (
	a1 = "a1000000000000000000000000000001"
	a2 = "a1000000000000000000000000000002"
	a3 = "a1000000000000000000000000000003"
	a4 = "a1000000000000000000000000000004"
	a6 = "a1000000000000000000000000000006"
	a7 = "a1000000000000000000000000000007"
	a8 = "a1000000000000000000000000000008"
)

// TestAPIQueryParams checks each search parameter of the query language
// part of the API on the fixture articles.
func TestAPIQueryParams(t *testing.T) {
	base := geoServer(t)
	tests := []struct {
		rawQuery string
		want     []string // ids, any order
	}{
		// The fixture: 1 Izium bridge, 2 Kyiv metro, 3 Kharkiv power, 4 road
		// Izium–Kharkiv, 5 Berlin (de), 6 Lviv (uk), 7 undated bridges, 8 script.
		{"q=Izium+reopen", []string{a1, a4}},
		{"q=Izium+AND+reopen", []string{a1, a4}},
		{"q=Izium+NOT+Kharkiv", []string{a1}},
		{"q=" + url.QueryEscape("(Izium OR Kyiv) NOT bridge"), []string{a2}},
		{"q=" + url.QueryEscape("(Izium OR Kyiv) NOT (bridge OR metro)"), nil},
		{"q=" + url.QueryEscape("place:Харків"), []string{a3, a4}},
		{"q=" + url.QueryEscape(`place:"Харків"`), []string{a3, a4}},
		{"q=" + url.QueryEscape("near:Izyum~20km"), []string{a1, a4}},
		{"near=707292&km=20", []string{a1, a4}},
		{"near=707292&km=200", []string{a1, a3, a4}},
		{"near=706483", []string{a3, a4}}, // 50 km by default
		{"bbox=37,49,38,50", []string{a1, a4}},
		{"bbox=36,49,38,50.5&q=power", []string{a3}},
		{"bbox=36,49.5,37,50.5", []string{a3, a4}},
		{"place=707292", []string{a1, a4}},
		{"lang=uk", []string{a6}},
		{"lang=ukr", []string{a6}},
		{"lang=en-GB&site=dailyledger.example", []string{a3, a4, a7, a8}},
	}
	for _, tt := range tests {
		var res apiResult
		getJSON(t, base+"/api/v1/search?size=100&"+tt.rawQuery, 200, &res)
		var ids []string
		for _, h := range res.Hits {
			ids = append(ids, h.ID)
		}
		slices.Sort(ids)
		want := slices.Clone(tt.want)
		slices.Sort(want)
		if !slices.Equal(ids, want) || res.Total != uint64(len(want)) {
			t.Errorf("%s: %d %v, want %v", tt.rawQuery, res.Total, ids, want)
		}
	}

	var body struct {
		Total      uint64
		Suggestion string
		Broader    *struct {
			Query string
			Total uint64
		}
	}
	getJSON(t, base+"/api/v1/search?q=Izyumm", 200, &body)
	if body.Total != 0 || body.Suggestion != "Izyum" {
		t.Errorf("q=Izyumm: total %d, suggestion %q; want 0 and Izyum", body.Total, body.Suggestion)
	}
	var bridge apiResult
	getJSON(t, base+"/api/v1/search?q=bridge", 200, &bridge)
	getJSON(t, base+"/api/v1/search?q=bridge+catamaran", 200, &body)
	if body.Broader == nil || body.Broader.Query != "bridge" || body.Broader.Total != bridge.Total || bridge.Total == 0 {
		t.Errorf("q=bridge catamaran: broader %+v, want bridge finding %d", body.Broader, bridge.Total)
	}
}

// TestUIQueryNotes: the search page marks the bad part of a query
// (escaped), offers the suggestion and the broader query as links, and
// links the help page beside the search box.
func TestUIQueryNotes(t *testing.T) {
	base := geoServer(t)

	doc := getPage(t, base+"/?q="+url.QueryEscape(`<b>izyum</b> (kupiansk`), 400)
	if got := doc.Find(".bad-query .bad-query-text mark").Text(); got != "(" {
		t.Errorf("marked %q, want the bracket", got)
	}
	if got := doc.Find(".bad-query .bad-query-text code").Text(); got != `<b>izyum</b> (kupiansk` {
		t.Errorf("the query shown is %q", got)
	}
	if doc.Find(".bad-query-text b").Length() != 0 {
		t.Error("the query's markup was not escaped")
	}
	if got := doc.Find(".bad-query .error-message").Text(); !strings.Contains(got, "unclosed bracket opened at character 14") {
		t.Errorf("message %q", got)
	}

	doc = getPage(t, base+"/?q=Izyumm", 200)
	link := doc.Find(".suggestion a")
	if href, _ := link.Attr("href"); link.Text() != "Izyum" || hrefQuery(t, href).Get("q") != "Izyum" {
		t.Errorf("suggestion %q → %q", link.Text(), href)
	}

	doc = getPage(t, base+"/?q=bridge+catamaran&lang=en", 200)
	link = doc.Find(".no-results .broader a")
	if href, _ := link.Attr("href"); link.Text() != "bridge" || hrefQuery(t, href).Get("q") != "bridge" || hrefQuery(t, href).Get("lang") != "en" {
		t.Errorf("broader %q → %q", link.Text(), href)
	}

	doc = getPage(t, base+"/?near=707292&km=20", 200)
	var chips []string
	doc.Find(".active-filters li").Each(func(_ int, s *goquery.Selection) { chips = append(chips, strings.Join(strings.Fields(s.Text()), " ")) })
	if !slices.ContainsFunc(chips, func(c string) bool { return strings.Contains(c, "Near: within 20 km of Izium") }) {
		t.Errorf("active filters %q lack the near filter", chips)
	}

	doc = getPage(t, base+"/?bbox=36,49,38,50.5", 200)
	if doc.Find(".map rect.box").Length() != 1 {
		t.Error("the map does not show the box searched")
	}
	if u, _ := doc.Find(".map svg").Attr("data-box-url"); strings.Contains(u, "bbox") {
		t.Errorf("the map's box URL %q keeps the old box", u)
	}

	for _, page := range []string{"/", "/articles/" + a1} {
		doc = getPage(t, base+page, 200)
		if href, _ := doc.Find("a.help-link").Attr("href"); href != "/help" {
			t.Errorf("%s: help link %q", page, href)
		}
	}
}

// TestUIHelp: the help page explains the language, and every example on
// it is a query that runs.
func TestUIHelp(t *testing.T) {
	base := geoServer(t)
	doc := getPage(t, base+"/help", 200)
	for _, want := range []string{"AND", "OR", "NOT", "near:", "place:", "published:", "~1", "*"} {
		if !strings.Contains(doc.Find("article.help").Text(), want) {
			t.Errorf("the help page does not explain %q", want)
		}
	}
	examples := doc.Find("a.example")
	if examples.Length() < 20 {
		t.Fatalf("%d examples, want at least 20", examples.Length())
	}
	examples.Each(func(_ int, s *goquery.Selection) {
		href, _ := s.Attr("href")
		q := hrefQuery(t, href).Get("q")
		if q != s.Text() {
			t.Errorf("example %q links to q=%q", s.Text(), q)
		}
		res := get(t, base+"/api/v1/search?q="+url.QueryEscape(q))
		if res.Status != 200 {
			t.Errorf("example %q: status %d: %s", q, res.Status, res.Body)
		}
	})
}
