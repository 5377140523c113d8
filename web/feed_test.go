package web

import (
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gazette-news/gazette/search"
	"github.com/mmcdole/gofeed"
	"github.com/mmcdole/gofeed/atom"
)

const fixturePrefix = "a10000000000000000000000000000" // fixture ids end in 01 … 08

// fixtureID is the id of fixture article n (1 … 8).
func fixtureID(n int) string { return fmt.Sprintf("%s%02d", fixturePrefix, n) }

// manyDocs makes n articles about Kharkiv (UA), one a day from 1 January
// 2022, with Cyrillic titles and text; article i has id "m%04d".
func manyDocs(n int) []search.Doc {
	docs := make([]search.Doc, n)
	for i := range docs {
		pub := time.Date(2022, 1, 1, 9, 0, 0, 0, time.UTC).AddDate(0, 0, i)
		docs[i] = search.Doc{
			ID:        fmt.Sprintf("m%04d", i),
			URL:       fmt.Sprintf("https://kharkiv-news.example/%04d", i),
			Title:     fmt.Sprintf("Харків, новина %d: «обстріл», \"ремонт\"; мости", i),
			Text:      fmt.Sprintf("Текст новини %d з Харкова.\nДругий абзац, з комою.", i),
			Author:    "Олена Петренко",
			Site:      "Харківські вісті",
			Lang:      "uk",
			Published: &pub,
			Captured:  pub.Add(time.Hour),
			Places:    []search.Place{{ID: "706483", Name: "Kharkiv", Country: "UA"}, {ID: "UA", Name: "Ukraine", Country: "UA"}},
		}
	}
	return docs
}

func parseFeed(t *testing.T, url string) (*gofeed.Feed, response) {
	t.Helper()
	res := get(t, url)
	if res.Status != http.StatusOK {
		t.Fatalf("GET %s: status %d; body %s", url, res.Status, res.Body)
	}
	f, err := gofeed.NewParser().ParseString(string(res.Body))
	if err != nil {
		t.Fatalf("GET %s: parsing the feed: %v\n%s", url, err, res.Body)
	}
	return f, res
}

func itemTitles(f *gofeed.Feed) []string {
	var out []string
	for _, it := range f.Items {
		out = append(out, it.Title)
	}
	return out
}

// TestFeeds parses the Atom and JSON feeds of searches with gofeed and
// checks their entries: newest first, with links to the article page and
// the original, dates, author, site, places as categories and the snippet.
func TestFeeds(t *testing.T) {
	srv := newTestServer(t, Config{})
	docs := map[string]search.Doc{}
	for _, d := range fixtureDocs(t) {
		docs[d.ID] = d
	}
	ukraine := []string{ // place=UA, newest first
		docs[fixtureID(6)].Title, docs[fixtureID(5)].Title, docs[fixtureID(4)].Title,
		docs[fixtureID(3)].Title, docs[fixtureID(2)].Title, docs[fixtureID(1)].Title,
	}

	for _, ext := range []string{"atom", "json"} {
		t.Run(ext, func(t *testing.T) {
			f, res := parseFeed(t, srv.URL+"/feed."+ext+"?place=UA&sort=oldest&page=3&size=2")
			wantType := map[string]string{"atom": "application/atom+xml", "json": "application/feed+json"}[ext]
			if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, wantType) {
				t.Errorf("Content-Type %q, want %s", ct, wantType)
			}
			if got := itemTitles(f); !slices.Equal(got, ukraine) {
				t.Errorf("entries %q,\nwant the six Ukraine articles newest first (whatever sort, page and size say): %q", got, ukraine)
			}
			if !strings.Contains(f.Title, "Ukraine") {
				t.Errorf("feed title %q does not name the place", f.Title)
			}
			if f.FeedLink != srv.URL+"/feed."+ext+"?place=UA" || f.Link != srv.URL+"/?place=UA&sort=newest" {
				t.Errorf("feed links: self %q, home %q", f.FeedLink, f.Link)
			}
			road := f.Items[2] // article 4
			d := docs[fixtureID(4)]
			page := srv.URL + "/articles/" + d.ID
			if road.Link != page || !slices.Contains(road.Links, page) {
				t.Errorf("entry link %q (links %q), want the article page %s", road.Link, road.Links, page)
			}
			if want := []string{"Izium", "Kharkiv", "Ukraine"}; !slices.Equal(road.Categories, want) {
				t.Errorf("categories %q, want the places %q", road.Categories, want)
			}
			if road.PublishedParsed == nil || !road.PublishedParsed.Equal(*d.Published) {
				t.Errorf("published %v, want %v", road.PublishedParsed, d.Published)
			}
			if len(road.Authors) != 1 || road.Authors[0].Name != "Sam Whitlock" {
				t.Errorf("authors %+v, want Sam Whitlock", road.Authors)
			}
			summary := road.Description
			if ext == "json" {
				summary = road.Content
			}
			if !strings.Contains(summary, "Izium") {
				t.Errorf("summary %q is not the article's snippet", summary)
			}
			// Article 1 was modified after it was published.
			first := f.Items[5]
			if first.UpdatedParsed == nil || !first.UpdatedParsed.Equal(*docs[fixtureID(1)].Modified) {
				t.Errorf("updated %v, want the modification date %v", first.UpdatedParsed, docs[fixtureID(1)].Modified)
			}
			if ext == "json" && !slices.Contains(road.Links, d.URL) {
				t.Errorf("links %q lack the original %s", road.Links, d.URL)
			}
		})
	}

	t.Run("atom details", func(t *testing.T) {
		res := get(t, srv.URL+"/feed.atom?q=bridge")
		f, err := (&atom.Parser{}).Parse(strings.NewReader(string(res.Body)))
		if err != nil {
			t.Fatal(err)
		}
		if len(f.Entries) != 3 {
			t.Fatalf("q=bridge: %d entries, want 3 (the Izium road, the Izium bridge, the undated column)", len(f.Entries))
		}
		izium, undated := f.Entries[1], f.Entries[2]
		if f.Entries[0].Title != docs[fixtureID(4)].Title || izium.Title != docs[fixtureID(1)].Title || undated.Title != docs[fixtureID(7)].Title {
			t.Errorf("entries %q, %q, %q", f.Entries[0].Title, izium.Title, undated.Title)
		}
		var via string
		for _, l := range izium.Links {
			if l.Rel == "via" {
				via = l.Href
			}
		}
		if via != docs[fixtureID(1)].URL {
			t.Errorf("via link %q, want the original %s", via, docs[fixtureID(1)].URL)
		}
		if izium.Source == nil || izium.Source.Title != "morning-courier.example" {
			t.Errorf("source %+v, want the site", izium.Source)
		}
		var terms []string
		for _, c := range izium.Categories {
			terms = append(terms, c.Term+"="+c.Label)
		}
		if want := []string{"707292=Izium", "UA=Ukraine"}; !slices.Equal(terms, want) {
			t.Errorf("category terms %q, want place ids with names %q", terms, want)
		}
		if !strings.Contains(izium.Summary, "<mark>") {
			t.Errorf("summary %q does not mark the match", izium.Summary)
		}
		if undated.Published != "" || undated.UpdatedParsed == nil || !undated.UpdatedParsed.Equal(docs[fixtureID(7)].Captured) {
			t.Errorf("undated entry: published %q, updated %v; want none and the capture time", undated.Published, undated.UpdatedParsed)
		}
		if !strings.Contains(string(res.Body), `<totalResults xmlns="http://a9.com/-/spec/opensearch/1.1/">3</totalResults>`) {
			t.Errorf("the feed does not give OpenSearch's totalResults:\n%s", res.Body)
		}
	})

	t.Run("bad parameters", func(t *testing.T) {
		var body errorBody
		getJSON(t, srv.URL+"/feed.atom?from=yesterday", http.StatusBadRequest, &body)
		if body.Error.Code != codeBadRequest || !strings.Contains(body.Error.Message, "from") {
			t.Errorf("error %+v", body.Error)
		}
	})
}

// TestFeedSizeBound checks that a feed lists the newest feedSize articles
// of a search that has more.
func TestFeedSizeBound(t *testing.T) {
	ix := openIndex(t)
	if err := ix.Put(manyDocs(feedSize + 15)...); err != nil {
		t.Fatal(err)
	}
	srv := newTestServer(t, Config{Search: ix})
	f, _ := parseFeed(t, srv.URL+"/feed.atom?place=706483&site=Харківські+вісті")
	if len(f.Items) != feedSize {
		t.Fatalf("%d entries, want %d", len(f.Items), feedSize)
	}
	last := feedSize + 15 - 1
	if want := manyDocs(last + 1)[last].Title; f.Items[0].Title != want {
		t.Errorf("first entry %q, want the newest %q", f.Items[0].Title, want)
	}
}

// TestFeedConditionalGet checks that a feed reader's repeated poll gets
// 304 Not Modified until the index changes.
func TestFeedConditionalGet(t *testing.T) {
	ix := openIndex(t)
	srv := newTestServer(t, Config{Search: ix})
	url := srv.URL + "/feed.atom?place=UA"
	first := get(t, url)
	etag, lastMod := first.Header.Get("ETag"), first.Header.Get("Last-Modified")
	if first.Status != http.StatusOK || etag == "" || lastMod == "" {
		t.Fatalf("first poll: status %d, ETag %q, Last-Modified %q", first.Status, etag, lastMod)
	}

	poll := func(header, value string) response {
		t.Helper()
		return doWith(t, http.MethodGet, url, nil, http.Header{header: {value}})
	}
	for _, c := range []struct{ header, value string }{
		{"If-None-Match", etag},
		{"If-None-Match", `"other", W/` + etag},
		{"If-Modified-Since", lastMod},
	} {
		res := poll(c.header, c.value)
		if res.Status != http.StatusNotModified || len(res.Body) != 0 {
			t.Errorf("%s: %s: status %d with %d bytes, want 304 and no body", c.header, c.value, res.Status, len(res.Body))
		}
		if res.Header.Get("ETag") != etag {
			t.Errorf("%s: 304 with ETag %q, want %q", c.header, res.Header.Get("ETag"), etag)
		}
	}
	if res := poll("If-None-Match", `"stale"`); res.Status != http.StatusOK {
		t.Errorf("a stale ETag got status %d, want 200", res.Status)
	}
	if other := get(t, srv.URL+"/feed.atom?place=706483"); other.Header.Get("ETag") == etag {
		t.Error("two searches have the same ETag")
	}
	if other := get(t, srv.URL+"/feed.json?place=UA"); other.Header.Get("ETag") == etag {
		t.Error("the Atom and JSON feeds have the same ETag")
	}

	// A new article: the old validators no longer match.
	pub := time.Date(2022, 6, 1, 8, 0, 0, 0, time.UTC)
	if err := ix.Put(search.Doc{ID: "new", URL: "https://morning-courier.example/new", Title: "Odesa port reopens",
		Lang: "en", Published: &pub, Captured: pub, Places: []search.Place{{ID: "UA", Name: "Ukraine"}}}); err != nil {
		t.Fatal(err)
	}
	res := poll("If-None-Match", etag)
	if res.Status != http.StatusOK || res.Header.Get("ETag") == etag {
		t.Fatalf("after a change: status %d, ETag %q (was %q); want 200 and a new ETag", res.Status, res.Header.Get("ETag"), etag)
	}
	f, err := gofeed.NewParser().ParseString(string(res.Body))
	if err != nil || len(f.Items) != 7 || f.Items[0].Title != "Odesa port reopens" {
		t.Errorf("after a change: %v, entries %q; want the new article first", err, itemTitles(f))
	}
}

// TestSearchPageLinksFeeds checks that a results page links the feeds of
// its search, in the head and visibly.
func TestSearchPageLinksFeeds(t *testing.T) {
	srv := newTestServer(t, Config{})
	doc := getPage(t, srv.URL+"/?q=Kharkiv&place=UA&sort=oldest&page=1", http.StatusOK)
	const want = "/feed.atom?place=UA&q=Kharkiv"
	if got, _ := doc.Find(`head link[rel="alternate"][type="application/atom+xml"]`).Attr("href"); got != want {
		t.Errorf("alternate Atom link %q, want %q", got, want)
	}
	if got, _ := doc.Find(`head link[rel="alternate"][type="application/feed+json"]`).Attr("href"); got != "/feed.json?place=UA&q=Kharkiv" {
		t.Errorf("alternate JSON Feed link %q", got)
	}
	follow := doc.Find(`a.follow`)
	if href, _ := follow.Attr("href"); href != want || !strings.Contains(follow.Text(), "Follow this search") {
		t.Errorf("visible link %q to %q, want “Follow this search” to %q", follow.Text(), href, want)
	}
}

// doWith sends a request with a body and headers.
func doWith(t *testing.T, method, url string, body io.Reader, h http.Header) response {
	t.Helper()
	req, err := http.NewRequest(method, url, body)
	if err != nil {
		t.Fatal(err)
	}
	for k, vs := range h {
		req.Header[k] = vs
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return response{Status: res.StatusCode, Header: res.Header, Body: b}
}
