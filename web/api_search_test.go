package web

import (
	"encoding/json"
	"net/url"
	"slices"
	"sort"
	"testing"
)

// TestAPISearchContract checks the exact JSON field names of the search
// response, decoded generically so a renamed field cannot slip through.
func TestAPISearchContract(t *testing.T) {
	srv := newTestServer(t, Config{})
	var body map[string]any
	getJSON(t, srv.URL+"/api/v1/search", 200, &body)

	assertKeys(t, "result", body, "total", "page", "size", "hits", "facets")
	if got := body["total"].(float64); got != 8 {
		t.Errorf("total = %v, want 8", got)
	}
	if body["page"].(float64) != 1 || body["size"].(float64) != 10 {
		t.Errorf("page, size = %v, %v; want 1, 10", body["page"], body["size"])
	}
	hits := body["hits"].([]any)
	if len(hits) != 8 {
		t.Fatalf("got %d hits, want 8", len(hits))
	}
	for _, h := range hits {
		hit := h.(map[string]any)
		assertKeys(t, "hit", hit, "id", "url", "title", "published", "site", "lang", "places", "snippet")
		if _, ok := hit["places"].([]any); !ok {
			t.Errorf("hit %v: places is %T, want an array (never null)", hit["id"], hit["places"])
		}
		for _, p := range hit["places"].([]any) {
			assertKeys(t, "hit place", p.(map[string]any), "id", "name", "country")
		}
	}
	facets := body["facets"].(map[string]any)
	assertKeys(t, "facets", facets, "places", "place_levels", "dates", "timeline", "langs", "sites")
	levels := facets["place_levels"].(map[string]any)
	assertKeys(t, "place levels", levels, "countries", "regions", "cities", "other")
	for _, name := range []string{"countries", "regions", "cities", "other"} {
		if _, ok := levels[name].([]any); !ok {
			t.Errorf("place_levels.%s is %T, want an array (never null)", name, levels[name])
		}
	}
	for _, p := range facets["places"].([]any) {
		pc := p.(map[string]any)
		if _, ok := pc["parent"]; ok {
			assertKeys(t, "place facet", pc, "id", "name", "count", "parent")
		} else {
			assertKeys(t, "place facet", pc, "id", "name", "count")
		}
	}
	tl := facets["timeline"].(map[string]any)
	assertKeys(t, "timeline", tl, "interval", "buckets", "undated")
	for _, b := range tl["buckets"].([]any) {
		assertKeys(t, "timeline bucket", b.(map[string]any), "from", "to", "count")
	}
	for _, d := range facets["dates"].([]any) {
		assertKeys(t, "date facet", d.(map[string]any), "key", "from", "to", "count")
	}
	for _, name := range []string{"langs", "sites"} {
		for _, tc := range facets[name].([]any) {
			assertKeys(t, name+" facet", tc.(map[string]any), "key", "count")
		}
	}
}

func assertKeys(t *testing.T, what string, m map[string]any, keys ...string) {
	t.Helper()
	var got []string
	for k := range m {
		got = append(got, k)
	}
	sort.Strings(got)
	want := slices.Clone(keys)
	sort.Strings(want)
	if !slices.Equal(got, want) {
		t.Errorf("%s keys = %v, want %v", what, got, want)
	}
}

// apiResult mirrors the documented JSON for decoding in tests.
type apiResult struct {
	Total uint64 `json:"total"`
	Page  int    `json:"page"`
	Size  int    `json:"size"`
	Hits  []struct {
		ID        string          `json:"id"`
		URL       string          `json:"url"`
		Title     string          `json:"title"`
		Published json.RawMessage `json:"published"`
		Site      string          `json:"site"`
		Lang      string          `json:"lang"`
		Places    []struct {
			ID, Name, Country string
		} `json:"places"`
		Snippet string `json:"snippet"`
	} `json:"hits"`
	Facets struct {
		Places []struct {
			ID    string `json:"id"`
			Name  string `json:"name"`
			Count int    `json:"count"`
		} `json:"places"`
		Dates []struct {
			Key, From, To string
			Count         int
		} `json:"dates"`
		Langs []struct {
			Key   string
			Count int
		} `json:"langs"`
		Sites []struct {
			Key   string
			Count int
		} `json:"sites"`
	} `json:"facets"`
}

func (r apiResult) ids() []string {
	var ids []string
	for _, h := range r.Hits {
		ids = append(ids, h.ID)
	}
	sort.Strings(ids)
	return ids
}

func TestAPISearchFilters(t *testing.T) {
	srv := newTestServer(t, Config{})
	const (
		izium   = "a1000000000000000000000000000001"
		kyiv    = "a1000000000000000000000000000002"
		kharkiv = "a1000000000000000000000000000003"
		road    = "a1000000000000000000000000000004"
		berlin  = "a1000000000000000000000000000005"
		lviv    = "a1000000000000000000000000000006"
		undated = "a1000000000000000000000000000007"
		script  = "a1000000000000000000000000000008"
	)
	tests := []struct {
		name  string
		query url.Values
		want  []string
	}{
		{"one place", url.Values{"place": {"707292"}}, []string{izium, road}},
		{"two places of one level mean either", url.Values{"place": {"707292", "706483"}}, []string{izium, kharkiv, road}},
		{"places of two levels must both match", url.Values{"place": {"707292", "UA"}}, []string{izium, road}},
		{"two languages mean either", url.Values{"lang": {"de", "uk"}}, []string{berlin, lviv}},
		{"country place", url.Values{"place": {"UA"}}, []string{izium, kyiv, kharkiv, road, berlin, lviv}},
		{"language", url.Values{"lang": {"de"}}, []string{berlin}},
		{"site", url.Values{"site": {"nordblatt.example"}}, []string{berlin}},
		{"date range", url.Values{"from": {"2022-04-01"}, "to": {"2022-04-30"}}, []string{kharkiv, road, berlin}},
		{"to is inclusive of the whole day", url.Values{"from": {"2022-04-20"}, "to": {"2022-04-20"}}, []string{road}},
		{"query text", url.Values{"q": {"Kharkiv"}}, []string{kharkiv, road}},
		{"query and place", url.Values{"q": {"Kharkiv"}, "place": {"707292"}}, []string{road}},
		{"no match", url.Values{"q": {"zeppelin"}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var res apiResult
			getJSON(t, srv.URL+"/api/v1/search?"+tt.query.Encode(), 200, &res)
			if got := res.ids(); !slices.Equal(got, tt.want) {
				t.Errorf("ids = %v, want %v", got, tt.want)
			}
			if res.Total != uint64(len(tt.want)) {
				t.Errorf("total = %d, want %d", res.Total, len(tt.want))
			}
		})
	}
}

func TestAPISearchEmptyArraysAreNotNull(t *testing.T) {
	srv := newTestServer(t, Config{})
	res := getJSON(t, srv.URL+"/api/v1/search?q=zeppelin", 200, nil)
	var body struct {
		Hits   json.RawMessage            `json:"hits"`
		Facets map[string]json.RawMessage `json:"facets"`
	}
	if err := json.Unmarshal(res.Body, &body); err != nil {
		t.Fatal(err)
	}
	if string(body.Hits) != "[]" {
		t.Errorf("hits = %s, want []", body.Hits)
	}
	for _, name := range []string{"places", "dates", "langs", "sites"} {
		if string(body.Facets[name]) != "[]" {
			t.Errorf("facets.%s = %s, want []", name, body.Facets[name])
		}
	}
}

func TestAPISearchPublishedNullAndPlacesEmpty(t *testing.T) {
	srv := newTestServer(t, Config{})
	var body struct {
		Hits []map[string]json.RawMessage `json:"hits"`
	}
	getJSON(t, srv.URL+"/api/v1/search?site=dailyledger.example&size=100", 200, &body)
	found := false
	for _, h := range body.Hits {
		if string(h["id"]) != `"a1000000000000000000000000000007"` {
			continue
		}
		found = true
		if string(h["published"]) != "null" {
			t.Errorf("undated article: published = %s, want null", h["published"])
		}
		if string(h["places"]) != "[]" {
			t.Errorf("article without places: places = %s, want []", h["places"])
		}
	}
	if !found {
		t.Fatal("undated article not in results")
	}
}

func TestAPISearchFacets(t *testing.T) {
	srv := newTestServer(t, Config{})
	var res apiResult
	getJSON(t, srv.URL+"/api/v1/search", 200, &res)

	places := map[string]int{}
	for _, p := range res.Facets.Places {
		places[p.ID+"/"+p.Name] = p.Count
	}
	for key, want := range map[string]int{"UA/Ukraine": 6, "707292/Izium": 2, "706483/Kharkiv": 2, "2950159/Berlin": 1} {
		if places[key] != want {
			t.Errorf("place facet %s = %d, want %d (all: %v)", key, places[key], want, places)
		}
	}
	if len(res.Facets.Places) > 0 && res.Facets.Places[0].ID != "UA" {
		t.Errorf("place facets not by count: first is %s", res.Facets.Places[0].ID)
	}

	dates := map[string]int{}
	for _, d := range res.Facets.Dates {
		dates[d.Key] = d.Count
		if d.Key == "2022-04" && (d.From != "2022-04-01" || d.To != "2022-04-30") {
			t.Errorf("2022-04 bucket from/to = %s/%s", d.From, d.To)
		}
	}
	for key, want := range map[string]int{"2022-03": 2, "2022-04": 3, "2022-05": 2, "undated": 1} {
		if dates[key] != want {
			t.Errorf("date facet %s = %d, want %d (all: %v)", key, dates[key], want, dates)
		}
	}

	langs := map[string]int{}
	for _, l := range res.Facets.Langs {
		langs[l.Key] = l.Count
	}
	if langs["en"] != 6 || langs["de"] != 1 || langs["uk"] != 1 {
		t.Errorf("lang facets = %v", langs)
	}
	sites := map[string]int{}
	for _, s := range res.Facets.Sites {
		sites[s.Key] = s.Count
	}
	if sites["dailyledger.example"] != 4 || sites["morning-courier.example"] != 2 {
		t.Errorf("site facets = %v", sites)
	}
}

func TestAPISearchPagination(t *testing.T) {
	srv := newTestServer(t, Config{})
	seen := map[string]bool{}
	for page := 1; page <= 3; page++ {
		var res apiResult
		getJSON(t, srv.URL+"/api/v1/search?sort=oldest&size=3&page="+string(rune('0'+page)), 200, &res)
		if res.Page != page || res.Size != 3 || res.Total != 8 {
			t.Errorf("page %d: page, size, total = %d, %d, %d", page, res.Page, res.Size, res.Total)
		}
		wantLen := 3
		if page == 3 {
			wantLen = 2
		}
		if len(res.Hits) != wantLen {
			t.Errorf("page %d: %d hits, want %d", page, len(res.Hits), wantLen)
		}
		for _, h := range res.Hits {
			if seen[h.ID] {
				t.Errorf("page %d repeats %s", page, h.ID)
			}
			seen[h.ID] = true
		}
	}
	if len(seen) != 8 {
		t.Errorf("pages covered %d articles, want 8", len(seen))
	}
}

func TestAPISearchSort(t *testing.T) {
	srv := newTestServer(t, Config{})
	var newest, oldest apiResult
	getJSON(t, srv.URL+"/api/v1/search?sort=newest&place=UA", 200, &newest)
	getJSON(t, srv.URL+"/api/v1/search?sort=oldest&place=UA", 200, &oldest)
	if len(newest.Hits) != 6 || len(oldest.Hits) != 6 {
		t.Fatalf("got %d and %d hits, want 6", len(newest.Hits), len(oldest.Hits))
	}
	if newest.Hits[0].ID != "a1000000000000000000000000000006" {
		t.Errorf("newest first = %s, want the Lviv article", newest.Hits[0].ID)
	}
	if oldest.Hits[0].ID != "a1000000000000000000000000000001" {
		t.Errorf("oldest first = %s, want the Izium bridge article", oldest.Hits[0].ID)
	}
}

// TestAPITimeline checks facets.timeline over HTTP: the interval follows
// the span (days over two months of fixtures), empty bars are kept, the bars
// and the undated add up to the total, interval= forces one, and a bad or
// too fine interval is a 400.
func TestAPISearchTimeline(t *testing.T) {
	srv := newTestServer(t, Config{})
	type timeline struct {
		Total  uint64
		Facets struct {
			Timeline struct {
				Interval string
				Undated  int
				Buckets  []struct {
					From, To string
					Count    int
				}
			}
		}
	}
	tests := []struct {
		query         string
		interval      string
		bars          int
		first, last   string
		emptyBarsSeen bool
	}{
		{"", "day", 66, "2022-03-08", "2022-05-12", true},
		{"interval=week", "week", 10, "2022-03-07", "2022-05-15", true},
		{"interval=month", "month", 3, "2022-03-01", "2022-05-31", false},
		{"interval=year", "year", 1, "2022-01-01", "2022-12-31", false},
		{"from=2021-01-01&to=2022-12-31", "month", 24, "2021-01-01", "2022-12-31", true},
		{"from=2000-01-01&to=2022-12-31", "year", 23, "2000-01-01", "2022-12-31", true},
		{"q=Kharkiv", "day", 18, "2022-04-03", "2022-04-20", true},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			var res timeline
			getJSON(t, srv.URL+"/api/v1/search?"+tt.query, 200, &res)
			tl := res.Facets.Timeline
			if tl.Interval != tt.interval || len(tl.Buckets) != tt.bars {
				t.Fatalf("%s with %d bars, want %s with %d", tl.Interval, len(tl.Buckets), tt.interval, tt.bars)
			}
			if tl.Buckets[0].From != tt.first || tl.Buckets[len(tl.Buckets)-1].To != tt.last {
				t.Errorf("bars from %s to %s, want %s to %s", tl.Buckets[0].From, tl.Buckets[len(tl.Buckets)-1].To, tt.first, tt.last)
			}
			sum, empty := tl.Undated, false
			for _, b := range tl.Buckets {
				sum += b.Count
				empty = empty || b.Count == 0
			}
			if uint64(sum) != res.Total {
				t.Errorf("bars and undated add up to %d, total %d", sum, res.Total)
			}
			if empty != tt.emptyBarsSeen {
				t.Errorf("empty bars %v, want %v", empty, tt.emptyBarsSeen)
			}
		})
	}
	for _, bad := range []string{"interval=fortnight", "interval=day&from=1800-01-01", "undated=only&from=2022-01-01"} {
		if res := get(t, srv.URL+"/api/v1/search?"+bad); res.Status != 400 {
			t.Errorf("%s: status %d, want 400", bad, res.Status)
		}
	}
}
