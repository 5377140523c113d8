package indexer

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gazette-news/gazette/archive"
	"github.com/gazette-news/gazette/urlid"
)

const page = `<html lang="en"><head><title>Ferry returns to the river crossing</title>
<link rel="canonical" href="%s"></head><body><article><h1>Ferry returns to the river crossing</h1>
<p>The river ferry resumed service on Monday after a winter of repairs, carrying the first cars across at dawn while a small crowd watched from the bank.</p>
<p>Its captain said the engine had been rebuilt by volunteers from the village, who worked in an unheated shed through the coldest weeks of the year.</p>
<p>%s</p></article></body></html>`

func capture(url, canonical, extra string, status int) archive.Capture {
	c := archive.Capture{URL: url, Time: time.Date(2022, 4, 1, 0, 0, 0, 0, time.UTC), Status: status, MIME: "text/html",
		Body: []byte(sprintf(page, canonical, extra))}
	if status != 0 { // an HTTP response, as read from a WARC or fetched
		c.Header = http.Header{"Content-Type": {"text/html; charset=utf-8"}}
	}
	return c
}

func sprintf(format string, args ...any) string {
	return fmt.Sprintf(format, args...)
}

func TestCanonicalMustBeSameSite(t *testing.T) {
	x := &Extractor{}
	a, err := x.Extract(capture("https://evil.example/page", "https://bank.example/news", "", 200))
	if err != nil {
		t.Fatal(err)
	}
	if a.URL != "https://evil.example/page" || a.ID != urlid.ArticleID("https://evil.example/page") {
		t.Errorf("article URL %q: a foreign canonical was trusted", a.URL)
	}
	a, err = x.Extract(capture("file:///home/me/saved.html", "https://news.example/a", "", 0))
	if err != nil {
		t.Fatal(err)
	}
	if a.URL != "https://news.example/a" {
		t.Errorf("saved file: article URL %q, want its canonical URL", a.URL)
	}
}

// TestArticleTypes: an HTTP response is an article only as an HTML page
// that is not a listing; a saved file is taken as given.
func TestArticleTypes(t *testing.T) {
	x := &Extractor{}
	page := capture("https://river.example/ferry?utm_source=rss", "", "Tickets cost the same.", 200)
	a, err := x.Extract(page)
	if err != nil {
		t.Fatal(err)
	}
	if a.URL != "https://river.example/ferry" || a.ID != urlid.ArticleID("https://river.example/ferry") {
		t.Errorf("article at %q (%s): want the canonical form of the URL", a.URL, a.ID)
	}
	text := page
	text.Header = http.Header{"Content-Type": {"text/plain"}}
	text.Body = []byte(strings.Repeat("User-agent: *\nDisallow: /private/ because the archive of the river ferry is kept there\n", 5))
	if _, err := x.Extract(text); !errors.Is(err, ErrNoArticle) {
		t.Errorf("a text/plain response: %v, want ErrNoArticle", err)
	}
	file := text
	file.Header, file.Status, file.MIME, file.URL = nil, 0, "text/plain", "file:///saved/ferry.txt"
	file.Body = []byte("The river ferry resumed service on Monday after a winter of repairs, carrying the first cars across at dawn.")
	if a, err := x.Extract(file); err != nil {
		t.Errorf("a saved text file: %v, want an article", err)
	} else if want := urlid.FileID("ferry.txt", file.Body); a.URL != want || a.ID != urlid.ArticleID(want) {
		// Archived by an older import under its folders: indexed under
		// its name and content only.
		t.Errorf("a saved text file at %s: article %q, want %q", file.URL, a.URL, want)
	}
	home := capture("https://river.example/", "", "", 200)
	if _, err := x.Extract(home); !errors.Is(err, ErrListing) || !errors.Is(err, ErrNoArticle) {
		t.Errorf("the home page: %v, want ErrListing", err)
	}
	gone := capture("https://river.example/gone", "", "", 404)
	if _, err := x.Extract(gone); !errors.Is(err, ErrNoArticle) {
		t.Errorf("a 404: %v, want ErrNoArticle", err)
	}
}
