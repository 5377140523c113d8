package web

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/gazette-news/gazette/search"
)

func TestUIArticle(t *testing.T) {
	var asked string
	captures := func(u string) ([]CaptureInfo, error) {
		asked = u
		return []CaptureInfo{
			{Time: time.Date(2022, 3, 9, 12, 0, 0, 0, time.UTC), Status: 200},
			{Time: time.Date(2022, 6, 1, 8, 30, 0, 0, time.UTC), Status: 200},
		}, nil
	}
	srv := newTestServer(t, Config{Captures: captures})
	doc := getPage(t, srv.URL+"/articles/a1000000000000000000000000000001", 200)

	if got := doc.Find("h1").Text(); got != "Engineers reopen the river bridge at Izium" {
		t.Errorf("h1 = %q", got)
	}
	if title := doc.Find("title").Text(); !strings.Contains(title, "Engineers reopen") {
		t.Errorf("title = %q", title)
	}
	meta := doc.Find(".meta").Text()
	for _, want := range []string{"morning-courier.example", "Olena Marchuk", "8 March 2022", "Updated10 March 2022", "9 March 2022, 12:00 UTC", "English"} {
		if !strings.Contains(meta, want) {
			t.Errorf("metadata %q lacks %q", meta, want)
		}
	}
	if n := doc.Find(".text p").Length(); n != 3 {
		t.Errorf("%d paragraphs, want 3", n)
	}
	places := map[string]string{}
	doc.Find(".article .places a").Each(func(_ int, a *goquery.Selection) {
		places[a.Text()] = a.AttrOr("href", "")
	})
	if places["Izium"] != "/?place=707292" || places["Ukraine"] != "/?place=UA" {
		t.Errorf("place links = %v", places)
	}
	orig := doc.Find("a.original")
	if orig.AttrOr("href", "") != "https://morning-courier.example/2022/03/izium-bridge" {
		t.Errorf("original link = %q", orig.AttrOr("href", ""))
	}
	if rel := orig.AttrOr("rel", ""); rel != "noopener noreferrer nofollow" {
		t.Errorf("original link rel = %q", rel)
	}
	// The lead image is a link, never loaded: that would tell its site who reads.
	if href := doc.Find("a.lead-image").AttrOr("href", ""); href != "https://morning-courier.example/img/izium-bridge.jpg" {
		t.Errorf("lead image link = %q", href)
	}
	if doc.Find("img").Length() != 0 {
		t.Error("the article page loads an image")
	}
	if asked != "https://morning-courier.example/2022/03/izium-bridge" {
		t.Errorf("captures asked for %q", asked)
	}
	if got := doc.Find(".captures-count").Text(); got != "Archived 2 times" {
		t.Errorf("captures count = %q", got)
	}
	if n := doc.Find(".captures li").Length(); n != 2 {
		t.Errorf("%d capture times, want 2", n)
	}
	if !strings.Contains(doc.Find(".captures").Text(), "1 June 2022, 08:30 UTC") {
		t.Errorf("capture times = %q", doc.Find(".captures").Text())
	}
}

func TestUIArticleWithoutCaptures(t *testing.T) {
	srv := newTestServer(t, Config{})
	doc := getPage(t, srv.URL+"/articles/a1000000000000000000000000000007", 200)
	if doc.Find(".captures-count").Length() != 0 {
		t.Error("captures shown although Config.Captures is nil")
	}
	if !strings.Contains(doc.Find(".meta").Text(), "Unknown") {
		t.Error("undated article should say its date is unknown")
	}
}

func TestUIArticleCapturesError(t *testing.T) {
	captures := func(string) ([]CaptureInfo, error) { return nil, errors.New("archive offline") }
	srv := newTestServer(t, Config{Captures: captures})
	doc := getPage(t, srv.URL+"/articles/a1000000000000000000000000000001", 200)
	if doc.Find(".captures-count").Length() != 0 {
		t.Error("captures shown although listing them failed")
	}
	if doc.Find(".text p").Length() == 0 {
		t.Error("article text missing when the archive fails")
	}
}

func TestUINotFound(t *testing.T) {
	srv := newTestServer(t, Config{})
	for _, path := range []string{"/articles/nope", "/no/such/page", "/static/missing.css"} {
		doc := getPage(t, srv.URL+path, 404)
		if !strings.Contains(doc.Find("h1").Text(), "not found") {
			t.Errorf("%s: heading %q", path, doc.Find("h1").Text())
		}
		if doc.Find(`a[href="/"]`).Length() == 0 {
			t.Errorf("%s: no way back to search", path)
		}
	}
}

func TestStylesheet(t *testing.T) {
	srv := newTestServer(t, Config{})
	res := get(t, srv.URL+"/static/style.css")
	if res.Status != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/css") {
		t.Fatalf("status %d, Content-Type %q", res.Status, res.Header.Get("Content-Type"))
	}
	if !strings.Contains(string(res.Body), "mark") {
		t.Error("stylesheet does not style highlights")
	}
}

func TestFavicon(t *testing.T) {
	srv := newTestServer(t, Config{})
	res := get(t, srv.URL+"/static/favicon.svg")
	if res.Status != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "image/svg+xml") {
		t.Errorf("status %d, Content-Type %q", res.Status, res.Header.Get("Content-Type"))
	}
}

// TestUIArticleSources: an article whose canonical URL differs from the
// URLs it was captured at lists the captures of those URLs, saying where
// each was made.
func TestUIArticleSources(t *testing.T) {
	ix := openIndex(t)
	at := time.Date(2022, 9, 10, 6, 0, 0, 0, time.UTC)
	err := ix.Put(search.Doc{ID: "c1000000000000000000000000000001", URL: "https://news.example/story", Title: "Ferry service resumes",
		Text: "The ferry sailed again.", Lang: "en", Captured: at.Add(time.Hour), Sources: []search.Source{
			{URL: "https://news.example/travel/story?utm_source=feed", Time: at.Add(time.Hour)},
			{URL: "https://news.example/local/story", Time: at},
		}})
	if err != nil {
		t.Fatal(err)
	}
	var asked []string
	captures := func(u string) ([]CaptureInfo, error) {
		asked = append(asked, u)
		switch u {
		case "https://news.example/travel/story?utm_source=feed":
			return []CaptureInfo{{URL: u, Time: at.Add(time.Hour), Status: 200}}, nil
		case "https://news.example/local/story":
			return []CaptureInfo{{URL: u, Time: at, Status: 200}}, nil
		}
		return nil, nil // the canonical URL itself was never captured
	}
	load := func(context.Context, CaptureInfo) (*ArchivedResponse, error) {
		return nil, errors.New("not loaded here")
	}
	srv := newTestServer(t, Config{Search: ix, Captures: captures, Load: load, ReplayOrigin: "http://127.0.0.1:1"})
	doc := getPage(t, srv.URL+"/articles/c1000000000000000000000000000001", 200)
	if len(asked) != 2 {
		t.Errorf("captures asked for %q, want the two source URLs", asked)
	}
	if got := doc.Find(".captures-count").Text(); got != "Archived 2 times" {
		t.Errorf("captures count = %q", got)
	}
	var from, links []string
	doc.Find(".captures li").Each(func(_ int, li *goquery.Selection) {
		from = append(from, li.Find(".from").Text())
		links = append(links, li.Find("a.replay").AttrOr("href", ""))
	})
	wantFrom := []string{"at https://news.example/local/story", "at https://news.example/travel/story?utm_source=feed"}
	wantLinks := []string{"/archive/20220910060000/https://news.example/local/story", "/archive/20220910070000/https://news.example/travel/story?utm_source=feed"}
	if !reflect.DeepEqual(from, wantFrom) || !reflect.DeepEqual(links, wantLinks) {
		t.Errorf("captures at %q linking %q; want %q, %q", from, links, wantFrom, wantLinks)
	}
}

// TestUIArticleKeepsTheSearch follows a result from a search to its article
// and back: the article page marks what the query matched, links the places
// it mentions to their filters, lists similar articles that keep the search
// too, and its back link returns to the same results page.
func TestUIArticleKeepsTheSearch(t *testing.T) {
	srv := newTestServer(t, Config{})
	results := getPage(t, srv.URL+"/?q=bridge&size=1&page=2", 200)
	link := results.Find(".hit a[href^='/articles/']").First()
	href, ok := link.Attr("href")
	if !ok || !strings.Contains(href, "?") {
		t.Fatalf("result link %q carries no search", href)
	}
	doc := getPage(t, srv.URL+href, 200)

	back := doc.Find(".back a").AttrOr("href", "")
	for _, want := range []string{"q=bridge", "page=2", "size=1"} {
		if !strings.Contains(back, want) {
			t.Errorf("back link %q lacks %s", back, want)
		}
	}
	again := getPage(t, srv.URL+back, 200)
	if a, b := again.Find(".hit a[href^='/articles/']").First().AttrOr("href", ""), href; a != b {
		t.Errorf("back link leads to a page whose first result is %q, want %q", a, b)
	}

	var marked []string
	doc.Find(".article h1 mark, .text mark").Each(func(_ int, m *goquery.Selection) {
		marked = append(marked, strings.ToLower(m.Text()))
	})
	if len(marked) == 0 {
		t.Fatalf("nothing marked on the article page for q=bridge (text %q)", doc.Find(".text").Text())
	}
	for _, m := range marked {
		if !strings.HasPrefix(m, "bridge") {
			t.Errorf("marked %q for q=bridge", m)
		}
	}

	// The same article without a search: nothing marked, back to the empty search.
	plain := getPage(t, srv.URL+"/articles/a1000000000000000000000000000001", 200)
	if n := plain.Find("mark").Length(); n != 0 {
		t.Errorf("%d marks on the article page without a search", n)
	}
	if got := plain.Find(".back a").AttrOr("href", ""); got != "/" {
		t.Errorf("back link without a search = %q, want /", got)
	}
	// Places in the text link to their filter.
	mentions := map[string]string{}
	plain.Find(".text a.place-mention").Each(func(_ int, a *goquery.Selection) {
		mentions[a.Text()] = a.AttrOr("href", "")
	})
	if mentions["Izium"] != "/?place=707292" {
		t.Errorf("place mentions in the text = %v, want Izium linked to /?place=707292", mentions)
	}
	// More like this: the other Izium article, not the article itself.
	var similar []string
	plain.Find(".similar a").Each(func(_ int, a *goquery.Selection) { similar = append(similar, a.AttrOr("href", "")) })
	if !slices.Contains(similar, "/articles/a1000000000000000000000000000004") {
		t.Errorf("more like this = %v, want the other Izium article", similar)
	}
	if slices.Contains(similar, "/articles/a1000000000000000000000000000001") {
		t.Errorf("more like this lists the article itself: %v", similar)
	}
}

// TestUIArticleEscapesMarkedText checks that marking a query and linking
// places never lets an article's text become markup.
func TestUIArticleEscapesMarkedText(t *testing.T) {
	srv := newTestServer(t, Config{})
	r := get(t, srv.URL+"/articles/a1000000000000000000000000000008?q=script")
	if r.Status != 200 {
		t.Fatalf("status %d", r.Status)
	}
	if strings.Contains(string(r.Body), "<script>") {
		t.Error("the article page holds an unescaped <script> tag")
	}
	if !strings.Contains(string(r.Body), "<mark>script</mark>") {
		t.Errorf("q=script is not marked in the text: %s", r.Body)
	}
}

func TestMarkedText(t *testing.T) {
	link := func(id string) string { return "/?place=" + id }
	text := "In Izyum & Kharkiv <b>"
	izyum := search.PlaceSpan{Span: search.Span{Start: 3, End: 8}, Place: search.Place{ID: "707292", Name: "Izium"}}
	tests := []struct {
		name     string
		marks    []search.Span
		mentions []search.PlaceSpan
		want     string
	}{
		{"plain", nil, nil, "In Izyum &amp; Kharkiv &lt;b&gt;"},
		{"mark", []search.Span{{Start: 11, End: 18}}, nil, "In Izyum &amp; <mark>Kharkiv</mark> &lt;b&gt;"},
		{"mention", nil, []search.PlaceSpan{izyum}, `In <a class="place-mention" href="/?place=707292" title="Izium">Izyum</a> &amp; Kharkiv &lt;b&gt;`},
		{"mark inside a mention", []search.Span{{Start: 3, End: 8}}, []search.PlaceSpan{izyum},
			`In <a class="place-mention" href="/?place=707292" title="Izium"><mark>Izyum</mark></a> &amp; Kharkiv &lt;b&gt;`},
		{"mark across a mention's end", []search.Span{{Start: 5, End: 10}}, []search.PlaceSpan{izyum},
			`In <a class="place-mention" href="/?place=707292" title="Izium">Iz<mark>yum</mark></a><mark> &amp;</mark> Kharkiv &lt;b&gt;`},
	}
	for _, tt := range tests {
		if got := string(markedText(text, 0, tt.marks, tt.mentions, link)); got != tt.want {
			t.Errorf("%s:\n got %s\nwant %s", tt.name, got, tt.want)
		}
	}
	// Paragraphs keep their offsets into the whole text.
	paras := markedParagraphs("One bridge.\n\n  Two bridges.\n", []search.Span{{Start: 4, End: 10}, {Start: 19, End: 25}}, nil, link)
	want := []string{"One <mark>bridge</mark>.", "Two <mark>bridge</mark>s."}
	if len(paras) != len(want) || string(paras[0]) != want[0] || string(paras[1]) != want[1] {
		t.Errorf("markedParagraphs = %q, want %q", paras, want)
	}
}
