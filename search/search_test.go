package search

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
)

func TestQueryFindsAcrossLanguages(t *testing.T) {
	ix := fixtureIndex(t)
	tests := []struct {
		name  string
		query string
		want  []string // exactly these ids, in any order
	}{
		{"english plural finds singular", "elections", []string{"en-election"}},
		{"english stem in title", "repair", []string{"en-izium"}},
		{"russian locative finds nominative", "Харькове", []string{"ru-kharkiv"}},
		{"ukrainian locative finds nominative", "Харкові", []string{"uk-kharkiv"}},
		{"ukrainian genitive finds nominative", "Харкова", []string{"uk-kharkiv"}},
		{"ukrainian області finds область", "області", []string{"uk-kharkiv"}},
		{"ukrainian Києві finds Київ and Києві", "Київ", []string{"uk-kyiv"}},
		{"russian bakery declension", "пекарни", []string{"ru-izium"}},
		{"other languages use the standard analyzer", "Charkiw", []string{"de-wahl"}},
		{"latin variant finds cyrillic-only text through place names", "Izyum", []string{"en-izium", "ru-izium"}},
		{"cyrillic variant finds english text through place names", "Ізюм", []string{"en-izium", "ru-izium"}},
		{"phrase", `"election commission"`, []string{"en-election"}},
		{"phrase in wrong order does not match", `"commission election"`, nil},
		{"must and must not", "+ferry -harbour", []string{"en-ferry"}},
		{"must not alone lists the rest", "-ferry", []string{"en-election", "en-izium", "ru-izium", "ru-kharkiv", "uk-kharkiv", "uk-kyiv", "de-wahl"}},
		{"title field", "title:bridge", []string{"en-izium"}},
		{"text field is analysed per language", "text:Харкові", []string{"uk-kharkiv"}},
		{"site field", "site:Harbour-Daily.test", []string{"en-ferry", "en-harbour"}},
		{"lang field", "lang:ru", []string{"ru-izium", "ru-kharkiv"}},
		{"lang field uses the primary subtag", "lang:en-GB -site:example-news.test", []string{"en-ferry", "en-harbour"}},
		{"place id field", "place:UA.07", []string{"en-election", "en-izium", "uk-kharkiv"}},
		{"placename field", "placename:kharkov", []string{"en-election", "ru-kharkiv", "uk-kharkiv", "de-wahl"}},
		{"month field", "month:undated", []string{"en-ferry"}},
		{"published range", `published:>="2023-01-01"`, []string{"uk-kyiv"}},
		{"author field", "author:quill", []string{"en-election"}},
		{"url field", "url:izium", []string{"en-izium"}},
		{"wildcard (not analysed, matches stems)", "harb*", []string{"en-harbour"}},
		{"fuzzy", "brigde~1", []string{"en-izium"}},
		{"number", "2022", nil},
		{"stop words only", "the", nil},
		{"stop word next to a term", "+the +ferry", []string{"en-ferry", "en-harbour"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := mustSearch(t, ix, Request{Query: tt.query, Size: 100})
			got := sorted(hitIDs(res))
			want := sorted(tt.want)
			if !slices.Equal(got, want) {
				t.Errorf("query %q: got %v, want %v", tt.query, got, want)
			}
			if res.Total != uint64(len(want)) {
				t.Errorf("query %q: total %d, want %d", tt.query, res.Total, len(want))
			}
		})
	}
}

func TestRelevance(t *testing.T) {
	ix := fixtureIndex(t)
	tests := []struct {
		query string
		first string
	}{
		{"ferry", "en-ferry"}, // in title and text beats text only
		{"Izium", "en-izium"}, // in title, text and place names
		{"Харьков", "ru-kharkiv"},
	}
	for _, tt := range tests {
		res := mustSearch(t, ix, Request{Query: tt.query})
		if len(res.Hits) == 0 || res.Hits[0].ID != tt.first {
			t.Errorf("query %q: ranking %v, want %s first", tt.query, hitIDs(res), tt.first)
		}
	}
}

func TestFilters(t *testing.T) {
	ix := fixtureIndex(t)
	tests := []struct {
		name string
		req  Request
		want []string
	}{
		{"one place", Request{Places: []string{"707292"}}, []string{"en-izium", "ru-izium"}},
		{"places are a conjunction", Request{Places: []string{"707292", "UA.07"}}, []string{"en-izium"}},
		{"two places of one level match either", Request{Places: []string{"707292", "703448"}}, []string{"en-izium", "ru-izium", "uk-kyiv"}},
		{"levels combine with AND", Request{Places: []string{"707292", "703448", "UA.07"}}, []string{"en-izium"}},
		{"an unknown place matches nothing", Request{Places: []string{"707292", "nowhere"}}, nil},
		{"two languages match either", Request{Langs: []string{"uk", "de"}}, []string{"uk-kharkiv", "uk-kyiv", "de-wahl"}},
		{"two sites match either", Request{Sites: []string{"vesti-region.test", "NACHRICHTEN.test"}}, []string{"ru-izium", "ru-kharkiv", "de-wahl"}},
		{"only undated", Request{Undated: UndatedOnly}, []string{"en-ferry"}},
		{"undated excluded", Request{Undated: UndatedExclude, Langs: []string{"en"}}, []string{"en-election", "en-izium", "en-harbour"}},
		{"undated beside a range", Request{From: day("2022-04-01"), Undated: UndatedInclude}, []string{"en-izium", "ru-izium", "uk-kyiv", "en-ferry"}},
		{"undated include without a range keeps all", Request{Undated: UndatedInclude, Langs: []string{"en"}}, []string{"en-election", "en-izium", "en-harbour", "en-ferry"}},
		{"place filter with query", Request{Query: "bridge OR bakery OR пекарня", Places: []string{"707292"}}, []string{"en-izium", "ru-izium"}},
		{"lang", Request{Langs: []string{"UK"}}, []string{"uk-kharkiv", "uk-kyiv"}},
		{"lang matches on the primary subtag", Request{Langs: []string{"en-US"}, Sites: []string{"harbour-daily.test"}}, []string{"en-ferry", "en-harbour"}},
		{"site", Request{Sites: []string{"vesti-region.test"}}, []string{"ru-izium", "ru-kharkiv"}},
		{"lang and site", Request{Langs: []string{"en"}, Sites: []string{"example-news.test"}}, []string{"en-election", "en-izium"}},
		{"month of March, whole days", Request{From: day("2022-03-01"), To: day("2022-03-31")},
			[]string{"en-election", "ru-kharkiv", "uk-kharkiv", "en-harbour", "de-wahl"}},
		{"to is inclusive of the whole day", Request{From: day("2022-03-21"), To: day("2022-03-21")}, []string{"uk-kharkiv"}},
		{"from is inclusive", Request{From: day("2022-04-12")}, []string{"ru-izium", "uk-kyiv"}},
		{"to only", Request{To: day("2022-03-05")}, []string{"en-election"}},
		{"publisher's calendar day counts, not UTC", Request{From: day("2022-04-01"), To: day("2022-04-01")}, nil},
		{"date range excludes undated", Request{From: day("2000-01-01")}, []string{"en-election", "en-izium", "ru-izium", "ru-kharkiv", "uk-kharkiv", "uk-kyiv", "en-harbour", "de-wahl"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.req.Size = 100
			res := mustSearch(t, ix, tt.req)
			if got, want := sorted(hitIDs(res)), sorted(tt.want); !slices.Equal(got, want) {
				t.Errorf("got %v, want %v", got, want)
			}
		})
	}
}

func TestFacets(t *testing.T) {
	ix := fixtureIndex(t)

	res := mustSearch(t, ix, Request{Size: 1})
	if res.Total != 9 {
		t.Fatalf("total %d, want 9", res.Total)
	}
	wantDates := []DateCount{
		{Key: "2022-03", From: "2022-03-01", To: "2022-03-31", Count: 5},
		{Key: "2022-04", From: "2022-04-01", To: "2022-04-30", Count: 2},
		{Key: "2023-01", From: "2023-01-01", To: "2023-01-31", Count: 1},
		{Key: "undated", Count: 1},
	}
	if !slices.Equal(res.Facets.Dates, wantDates) {
		t.Errorf("dates %+v, want %+v", res.Facets.Dates, wantDates)
	}
	// A place counts the articles about it or about a place inside it:
	// every fixture place is in Ukraine.
	wantPlaces := []PlaceCount{
		{ID: "UA", Name: "Ukraine", Count: 7},
		{ID: "706483", Name: "Kharkiv", Count: 4, Parent: "UA"},
		{ID: "UA.07", Name: "Kharkiv Oblast", Count: 3, Parent: "UA"},
		{ID: "707292", Name: "Izium", Count: 2, Parent: "UA"},
		{ID: "703448", Name: "Kyiv", Count: 1, Parent: "UA"},
	}
	if !slices.Equal(res.Facets.Places, wantPlaces) {
		t.Errorf("places %+v, want %+v", res.Facets.Places, wantPlaces)
	}
	wantLangs := []TermCount{{"en", 4}, {"ru", 2}, {"uk", 2}, {"de", 1}} // en-GB counts as en
	if !slices.Equal(res.Facets.Langs, wantLangs) {
		t.Errorf("langs %+v, want %+v", res.Facets.Langs, wantLangs)
	}
	wantSites := []TermCount{{"example-news.test", 2}, {"harbour-daily.test", 2}, {"novyny-skhid.test", 2}, {"vesti-region.test", 2}, {"nachrichten.test", 1}}
	if !slices.Equal(res.Facets.Sites, wantSites) {
		t.Errorf("sites %+v, want %+v", res.Facets.Sites, wantSites)
	}

	// Facets count the filtered set, not the page or the whole index.
	res = mustSearch(t, ix, Request{Places: []string{"707292"}, Size: 1})
	wantPlaces = []PlaceCount{
		{ID: "707292", Name: "Izium", Count: 2, Parent: "UA"},
		{ID: "UA", Name: "Ukraine", Count: 2},
		{ID: "UA.07", Name: "Kharkiv Oblast", Count: 1, Parent: "UA"},
	}
	if !slices.Equal(res.Facets.Places, wantPlaces) {
		t.Errorf("filtered places %+v, want %+v", res.Facets.Places, wantPlaces)
	}
	wantDates = []DateCount{{Key: "2022-04", From: "2022-04-01", To: "2022-04-30", Count: 2}}
	if !slices.Equal(res.Facets.Dates, wantDates) {
		t.Errorf("filtered dates %+v, want %+v", res.Facets.Dates, wantDates)
	}

	// No results: empty, non-nil facet lists.
	res = mustSearch(t, ix, Request{Query: "nonexistentword"})
	if res.Facets.Places == nil || res.Facets.Dates == nil || res.Facets.Langs == nil || res.Facets.Sites == nil || res.Hits == nil {
		t.Errorf("empty result has nil lists: %+v", res)
	}
}

func TestSort(t *testing.T) {
	ix := fixtureIndex(t)
	newest := []string{"uk-kyiv", "ru-izium", "en-izium", "en-harbour", "uk-kharkiv", "ru-kharkiv", "de-wahl", "en-election", "en-ferry"}
	oldest := []string{"en-election", "de-wahl", "ru-kharkiv", "uk-kharkiv", "en-harbour", "en-izium", "ru-izium", "uk-kyiv", "en-ferry"}
	tests := []struct {
		sort  string
		query string
		want  []string
	}{
		{"newest", "", newest},
		{"NEWEST", "", newest},
		{"oldest", "", oldest},
		{"newest", "ferry", []string{"en-harbour", "en-ferry"}},
		{"oldest", "ferry", []string{"en-harbour", "en-ferry"}},
		{"", "", newest}, // relevance ties on an empty query fall back to newest
	}
	for _, tt := range tests {
		res := mustSearch(t, ix, Request{Query: tt.query, Sort: tt.sort, Size: 100})
		if got := hitIDs(res); !slices.Equal(got, tt.want) {
			t.Errorf("sort %q query %q: got %v, want %v", tt.sort, tt.query, got, tt.want)
		}
	}
}

func TestPaging(t *testing.T) {
	ix := fixtureIndex(t)
	all := hitIDs(mustSearch(t, ix, Request{Sort: "newest", Size: 100}))
	var paged []string
	for page := 1; page <= 5; page++ {
		res := mustSearch(t, ix, Request{Sort: "newest", Page: page, Size: 2})
		if res.Page != page || res.Size != 2 || res.Total != 9 {
			t.Fatalf("page %d: got page %d size %d total %d", page, res.Page, res.Size, res.Total)
		}
		paged = append(paged, hitIDs(res)...)
	}
	if !slices.Equal(paged, all) {
		t.Errorf("pages %v, want %v", paged, all)
	}
	res := mustSearch(t, ix, Request{Page: 6, Size: 2})
	if len(res.Hits) != 0 || res.Total != 9 {
		t.Errorf("past the end: %d hits, total %d", len(res.Hits), res.Total)
	}
	res = mustSearch(t, ix, Request{})
	if res.Page != 1 || res.Size != 10 || len(res.Hits) != 9 {
		t.Errorf("defaults: page %d size %d hits %d", res.Page, res.Size, len(res.Hits))
	}
}

func TestBadRequests(t *testing.T) {
	ix := fixtureIndex(t)
	tests := []struct {
		name string
		req  Request
	}{
		{"unclosed quote", Request{Query: `"unclosed`}},
		{"unclosed paren", Request{Query: `title:(`}},
		{"lone plus", Request{Query: `+`}},
		{"lone minus", Request{Query: `-`}},
		{"lone colon", Request{Query: `:`}},
		{"unknown field", Request{Query: `colour:red`}},
		{"published needs a date", Request{Query: `published:soon`}},
		{"bad date in range", Request{Query: `published:>"yesterday-ish"`}},
		{"fuzziness too large", Request{Query: `bridge~5`}},
		{"unclosed bracket", Request{Query: `(bridge OR ferry`}},
		{"lone wildcard", Request{Query: `*`}},
		{"bad boost", Request{Query: `bridge^x`}},
		{"size too large", Request{Size: 101}},
		{"negative size", Request{Size: -1}},
		{"negative page", Request{Page: -1}},
		{"page too deep", Request{Page: 1001, Size: 10}},
		{"unknown sort", Request{Sort: "random"}},
		{"from after to", Request{From: day("2022-04-01"), To: day("2022-03-01")}},
		{"date out of range", Request{From: day("0001-01-01")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := ix.Search(context.Background(), tt.req)
			if err == nil {
				t.Fatalf("Search(%+v) = %d hits, want *QueryError", tt.req, len(res.Hits))
			}
			if !isQueryError(err) {
				t.Fatalf("Search(%+v): %v (%T), want *QueryError", tt.req, err, err)
			}
			if err.Error() == "" {
				t.Error("empty error message")
			}
		})
	}
}

func TestSnippets(t *testing.T) {
	ix := fixtureIndex(t)
	tests := []struct {
		name     string
		query    string
		id       string
		contains []string
		excludes []string
	}{
		{"highlight is escaped apart from mark", "ferry", "en-ferry",
			[]string{"<mark>ferry</mark>", "&lt;script&gt;", "&amp;"}, []string{"<script>"}},
		{"empty query gives the escaped lead", "", "en-ferry",
			[]string{"The island ferry", "&lt;script&gt;"}, []string{"<mark>", "<script>"}},
		{"stemmed match marks the surface form", "elections", "en-election",
			[]string{"<mark>election</mark>"}, nil},
		{"ukrainian match", "Харкові", "uk-kharkiv",
			[]string{"щодня. <mark>Харків</mark>"}, []string{"\n"}},
		{"place-name match marks the variant in the text", "Izyum", "ru-izium",
			[]string{"<mark>Изюм</mark>"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := mustSearch(t, ix, Request{Query: tt.query, Size: 100})
			var snippet string
			found := false
			for _, h := range res.Hits {
				if h.ID == tt.id {
					snippet, found = h.Snippet, true
				}
			}
			if !found {
				t.Fatalf("%s not in hits %v", tt.id, hitIDs(res))
			}
			for _, s := range tt.contains {
				if !strings.Contains(snippet, s) {
					t.Errorf("snippet %q lacks %q", snippet, s)
				}
			}
			for _, s := range tt.excludes {
				if strings.Contains(snippet, s) {
					t.Errorf("snippet %q contains %q", snippet, s)
				}
			}
		})
	}
}

func TestHitFields(t *testing.T) {
	ix := fixtureIndex(t)
	res := mustSearch(t, ix, Request{Query: "bridge"})
	if len(res.Hits) != 1 {
		t.Fatalf("hits %v", hitIDs(res))
	}
	h := res.Hits[0]
	want := time.Date(2022, 4, 10, 12, 0, 0, 0, time.UTC)
	if h.ID != "en-izium" || h.URL != "https://example-news.test/2022/04/izium-bridge" ||
		h.Title != "Bridge repairs begin near Izium" || h.Site != "example-news.test" || h.Lang != "en" ||
		h.Published == nil || !h.Published.Equal(want) {
		t.Errorf("hit fields %+v", h)
	}
	if len(h.Places) != 3 || h.Places[0].ID != "707292" || h.Places[0].Name != "Izium" || h.Places[0].Country != "UA" || h.Places[0].Names != nil {
		t.Errorf("hit places %+v", h.Places)
	}
}

func TestPutGet(t *testing.T) {
	ix := fixtureIndex(t)
	docs := fixtures(t)

	got, err := ix.Get("en-izium")
	if err != nil {
		t.Fatal(err)
	}
	want := docs[1]
	if got.ID != want.ID || got.Title != want.Title || got.Text != want.Text || got.URL != want.URL ||
		got.Author != want.Author || got.Site != want.Site || got.Lang != want.Lang ||
		!got.Published.Equal(*want.Published) || !got.Captured.Equal(want.Captured) {
		t.Errorf("Get = %+v, want %+v", got, want)
	}
	if len(got.Places) != 3 || !slices.Equal(got.Places[0].Names, want.Places[0].Names) {
		t.Errorf("Get places = %+v, want %+v", got.Places, want.Places)
	}

	got, err = ix.Get("en-ferry")
	if err != nil || got.Published != nil {
		t.Errorf("undated Get = %+v, %v", got, err)
	}

	// The last update and the lead image are kept as given.
	updated := time.Date(2022, 9, 12, 8, 0, 0, 0, time.FixedZone("EEST", 3*3600))
	got.Modified, got.Image = &updated, "https://ferry.example/img/boat.jpg"
	if err := ix.Put(got); err != nil {
		t.Fatal(err)
	}
	if again, err := ix.Get("en-ferry"); err != nil || again.Modified == nil || !again.Modified.Equal(updated) || again.Image != got.Image {
		t.Errorf("after Put with Modified and Image: %v, %q, %v", again.Modified, again.Image, err)
	}

	if _, err := ix.Get("no-such-id"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Get unknown: %v, want ErrNotFound", err)
	}

	if err := ix.Put(Doc{Title: "no id"}); err == nil {
		t.Error("Put without ID succeeded")
	}
	if err := ix.Put(); err != nil {
		t.Errorf("empty Put: %v", err)
	}
}

func TestPutUpserts(t *testing.T) {
	ix := fixtureIndex(t)
	before, err := ix.Count()
	if err != nil {
		t.Fatal(err)
	}
	d, err := ix.Get("en-ferry")
	if err != nil {
		t.Fatal(err)
	}
	d.Title = "Catamaran replaces the winter boat"
	d.Text = "A faster catamaran now serves the island."
	d.Places = []Place{{ID: "UA", Name: "Ukraine", Country: "UA", Names: []string{"Ukraine"}}}
	if err := ix.Put(d); err != nil {
		t.Fatal(err)
	}
	if err := ix.Put(d, d); err != nil { // twice in one batch, too
		t.Fatal(err)
	}
	after, err := ix.Count()
	if err != nil {
		t.Fatal(err)
	}
	if after != before {
		t.Errorf("count %d after re-indexing, want %d", after, before)
	}
	if res := mustSearch(t, ix, Request{Query: "catamaran"}); !slices.Equal(hitIDs(res), []string{"en-ferry"}) {
		t.Errorf("new text not found: %v", hitIDs(res))
	}
	if res := mustSearch(t, ix, Request{Query: "timetable"}); slices.Contains(hitIDs(res), "en-ferry") {
		t.Errorf("old text still found: %v", hitIDs(res))
	}
	if res := mustSearch(t, ix, Request{Places: []string{"UA"}}); !slices.Contains(hitIDs(res), "en-ferry") {
		t.Errorf("new place not indexed: %v", hitIDs(res))
	}
}

func TestReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "index")
	ix, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.Put(fixtures(t)...); err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	ix, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if n, err := ix.Count(); err != nil || n != 9 {
		t.Fatalf("count after reopen %d, %v", n, err)
	}
	// The Ukrainian analyzer is found again by name.
	if res := mustSearch(t, ix, Request{Query: "Харкові"}); !slices.Equal(hitIDs(res), []string{"uk-kharkiv"}) {
		t.Errorf("after reopen: %v", hitIDs(res))
	}
}

func TestOpenRejectsNonIndex(t *testing.T) {
	dir := t.TempDir()
	if _, err := Open(dir); err == nil {
		t.Error("Open of an empty, existing directory succeeded")
	}

	// A Bleve index built without Gazette's mapping is refused, not misread.
	path := filepath.Join(t.TempDir(), "other")
	other, err := bleve.New(path, bleve.NewIndexMapping())
	if err != nil {
		t.Fatal(err)
	}
	if err := other.Close(); err != nil {
		t.Fatal(err)
	}
	if ix, err := Open(path); err == nil {
		ix.Close()
		t.Error("Open of a foreign Bleve index succeeded")
	} else if !errors.Is(err, ErrLayout) {
		t.Errorf("foreign index error %q is not ErrLayout, which has the index rebuilt", err)
	}
}

func TestSearchHonoursContext(t *testing.T) {
	ix := fixtureIndex(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := ix.Search(ctx, Request{Query: "ferry"}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled search: %v, want context.Canceled", err)
	}
}

func TestPutRejectsBadDocs(t *testing.T) {
	ix := openTemp(t)
	bad := time.Date(1, 1, 1, 0, 0, 1, 0, time.UTC)
	far := time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		doc  Doc
	}{
		{"no id", Doc{Title: "x"}},
		{"blank id", Doc{ID: "  ", Title: "x"}},
		{"place without id", Doc{ID: "a", Places: []Place{{Name: "Nowhere"}}}},
		{"published too early", Doc{ID: "a", Published: &bad}},
		{"published too late", Doc{ID: "a", Published: &far}},
	}
	for _, tt := range tests {
		good := Doc{ID: "good", Title: "fine"}
		if err := ix.Put(good, tt.doc); err == nil {
			t.Errorf("%s: Put succeeded", tt.name)
		}
	}
	if n, _ := ix.Count(); n != 0 {
		t.Errorf("a failed batch wrote %d documents", n)
	}

	// A zero time is taken as unknown.
	var zero time.Time
	if err := ix.Put(Doc{ID: "z", Title: "zero date", Published: &zero}); err != nil {
		t.Fatal(err)
	}
	res := mustSearch(t, ix, Request{})
	if len(res.Hits) != 1 || res.Hits[0].Published != nil || res.Facets.Dates[0].Key != "undated" {
		t.Errorf("zero date: %+v", res)
	}
}

// The site facet shows a site's name as written; the site filter ignores case.
func TestSiteFacetKeepsCase(t *testing.T) {
	ix, err := Open(filepath.Join(t.TempDir(), "index"))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if err := ix.Put(Doc{ID: "a", URL: "https://courier.example/a", Title: "Ferry", Text: "The ferry runs again.", Site: "Kharkiv Courier", Lang: "en"}); err != nil {
		t.Fatal(err)
	}
	// An article without a site (a text dump) makes no empty bucket: the
	// facet lists only values one can filter on.
	if err := ix.Put(Doc{ID: "b", URL: "file:///dumps/b.txt", Title: "Dump", Text: "A text dump of a page.", Lang: "en"}); err != nil {
		t.Fatal(err)
	}
	res := mustSearch(t, ix, Request{})
	if want := []TermCount{{"Kharkiv Courier", 1}}; !slices.Equal(res.Facets.Sites, want) {
		t.Errorf("sites facet %+v, want %+v", res.Facets.Sites, want)
	}
	for _, site := range []string{"Kharkiv Courier", "kharkiv courier"} {
		if res := mustSearch(t, ix, Request{Sites: []string{site}}); res.Total != 1 {
			t.Errorf("site filter %q: %d hits, want 1", site, res.Total)
		}
	}
}
