package indexer

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gazette-news/gazette/archive"
	"github.com/gazette-news/gazette/search"
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

// newPipeline opens a pipeline over a new archive and index in a
// temporary directory, closed when the test ends.
func newPipeline(t *testing.T) (*Pipeline, *archive.Store, *search.Index) {
	t.Helper()
	dir := t.TempDir()
	store, err := archive.Open(filepath.Join(dir, "archive"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	idx, err := search.Open(filepath.Join(dir, "index"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { idx.Close() })
	return &Pipeline{Archive: store, Index: idx, Indexer: &Indexer{}}, store, idx
}

func TestPipelineOutcomes(t *testing.T) {
	p, store, idx := newPipeline(t)
	ctx := context.Background()

	steps := []struct {
		name string
		c    archive.Capture
		want Outcome
		err  bool
	}{
		{"new page", capture("https://river.example/ferry?utm_source=x", "https://river.example/ferry", "Tickets cost the same as last year.", 200), Imported, false},
		{"same bytes again", capture("https://river.example/ferry?utm_source=x", "https://river.example/ferry", "Tickets cost the same as last year.", 200), Unchanged, false},
		{"changed page", capture("https://river.example/ferry?utm_source=x", "https://river.example/ferry", "Tickets now cost a little more.", 200), Updated, false},
		{"same article, other URL", capture("https://river.example/ferry?ref=home", "https://river.example/ferry", "Tickets now cost a little more.", 200), Updated, false},
		{"error page", capture("https://river.example/gone", "https://river.example/gone", "", 404), Archived, true},
		{"error page again", capture("https://river.example/gone", "https://river.example/gone", "", 404), Archived, true},
	}
	for _, s := range steps {
		got, err := p.Ingest(ctx, s.c)
		if got != s.want || (err != nil) != s.err {
			t.Errorf("%s: outcome %v, err %v; want %v, error %v", s.name, got, err, s.want, s.err)
		}
		if s.err && !errors.Is(err, ErrNoArticle) {
			t.Errorf("%s: error %v does not wrap ErrNoArticle", s.name, err)
		}
	}
	if n, _ := idx.Count(); n != 1 {
		t.Errorf("index holds %d articles, want 1 (all captures are one article)", n)
	}
	doc, err := idx.Get(ArticleID("https://river.example/ferry"))
	if err != nil {
		t.Fatal(err)
	}
	if doc.URL != "https://river.example/ferry" || doc.Site != "river.example" {
		t.Errorf("doc url %q site %q", doc.URL, doc.Site)
	}
	if caps, _ := store.Captures("https://river.example/gone"); len(caps) != 1 {
		t.Errorf("the 404 was archived %d times, want once", len(caps))
	}
}

// A page may not claim another site's URL as its canonical one.
// TestIngestOlderCapture: a capture older than the newest archived one of
// its URL (WARC files imported out of order) is archived, but the article
// keeps the newest version.
func TestIngestOlderCapture(t *testing.T) {
	p, store, idx := newPipeline(t)
	newer := capture("https://river.example/ferry", "https://river.example/ferry", "A panorama deck opened on the upper level.", 200)
	newer.Time = time.Date(2024, 6, 1, 10, 0, 0, 0, time.UTC)
	older := capture("https://river.example/ferry", "https://river.example/ferry", "A buffet car serves the crossing.", 200)
	older.Time = time.Date(2024, 6, 1, 8, 0, 0, 0, time.UTC)
	if got, err := p.Ingest(context.Background(), newer); got != Imported || err != nil {
		t.Fatalf("newer: %v, %v", got, err)
	}
	got, err := p.Ingest(context.Background(), older)
	if got != Archived || !errors.Is(err, ErrOlder) {
		t.Errorf("older: %v, %v; want archived with ErrOlder", got, err)
	}
	if caps, _ := store.Captures(newer.URL); len(caps) != 2 {
		t.Errorf("%d captures archived, want both", len(caps))
	}
	doc, err := idx.Get(ArticleID("https://river.example/ferry"))
	if err != nil || !strings.Contains(doc.Text, "panorama") {
		t.Errorf("the article reads %q, %v; want the newest version", doc.Text, err)
	}
}

// TestReindexOutcomes: re-extracting an archived capture reports whether
// the article reads differently from what the index held.
func TestReindexOutcomes(t *testing.T) {
	p, _, idx := newPipeline(t)
	c := capture("https://river.example/ferry", "https://river.example/ferry", "Tickets cost the same as last year.", 200)
	if got, err := p.Ingest(context.Background(), c); got != Imported || err != nil {
		t.Fatalf("ingest: %v, %v", got, err)
	}
	if got, err := p.Reindex(c); got != Unchanged || err != nil {
		t.Errorf("reindex of the same article: %v, %v; want unchanged", got, err)
	}
	// An older cleaner had indexed another title: the reindex changes it.
	id := ArticleID("https://river.example/ferry")
	old, err := idx.Get(id)
	if err != nil {
		t.Fatal(err)
	}
	old.Title = "Ferry | River Courier"
	if err := idx.Put(old); err != nil {
		t.Fatal(err)
	}
	if got, err := p.Reindex(c); got != Updated || err != nil {
		t.Errorf("reindex after a title change: %v, %v; want updated", got, err)
	}
	if doc, _ := idx.Get(id); doc.Title == "Ferry | River Courier" {
		t.Errorf("reindex kept the old title")
	}
}

func TestCanonicalMustBeSameSite(t *testing.T) {
	x := &Indexer{}
	a, err := x.Extract(capture("https://evil.example/page", "https://bank.example/news", "", 200))
	if err != nil {
		t.Fatal(err)
	}
	if a.URL != "https://evil.example/page" {
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
