package web

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/gazette-news/gazette/search"
)

// fixtureDocs reads testdata/articles.json into search documents.
func fixtureDocs(t testing.TB) []search.Doc {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "articles.json"))
	if err != nil {
		t.Fatal(err)
	}
	var raw []struct {
		ID, URL, Title, Text, Author, Site, Lang, Image string
		Published, Modified                             *time.Time
		Captured                                        time.Time
		Places                                          []struct {
			ID, Name, Country string
			Names             []string
		}
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		t.Fatalf("parsing fixtures: %v", err)
	}
	docs := make([]search.Doc, 0, len(raw))
	for _, r := range raw {
		d := search.Doc{ID: r.ID, URL: r.URL, Title: r.Title, Text: r.Text, Author: r.Author,
			Site: r.Site, Lang: r.Lang, Published: r.Published, Modified: r.Modified, Image: r.Image, Captured: r.Captured}
		for _, p := range r.Places {
			d.Places = append(d.Places, search.Place{ID: p.ID, Name: p.Name, Country: p.Country, Names: p.Names})
		}
		docs = append(docs, d)
	}
	return docs
}

// openIndex opens a real search index in a temporary directory, filled
// with the fixture articles.
func openIndex(t testing.TB) *search.Index {
	t.Helper()
	ix, err := search.Open(filepath.Join(t.TempDir(), "index"))
	if err != nil {
		t.Fatalf("opening index: %v", err)
	}
	t.Cleanup(func() { ix.Close() })
	if err := ix.Put(fixtureDocs(t)...); err != nil {
		t.Fatalf("indexing fixtures: %v", err)
	}
	return ix
}

// newTestServer serves the web layer over loopback on a real index. cfg's
// Search is filled in when nil.
func newTestServer(t *testing.T, cfg Config) *httptest.Server {
	t.Helper()
	if cfg.Search == nil {
		cfg.Search = openIndex(t)
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	srv := httptest.NewServer(New(cfg))
	t.Cleanup(srv.Close)
	return srv
}

// response is what a test needs from one HTTP exchange.
type response struct {
	Status int
	Header http.Header
	Body   []byte
}

func do(t *testing.T, method, url string) response {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return response{Status: res.StatusCode, Header: res.Header, Body: body}
}

func get(t *testing.T, url string) response { t.Helper(); return do(t, http.MethodGet, url) }

// getJSON fetches url, checks status and content type, and decodes the body.
func getJSON(t *testing.T, url string, wantStatus int, v any) response {
	t.Helper()
	res := get(t, url)
	if res.Status != wantStatus {
		t.Fatalf("GET %s: status %d, want %d; body: %s", url, res.Status, wantStatus, res.Body)
	}
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("GET %s: Content-Type %q, want application/json", url, ct)
	}
	if v != nil {
		if err := json.Unmarshal(res.Body, v); err != nil {
			t.Fatalf("GET %s: decoding %s: %v", url, res.Body, err)
		}
	}
	return res
}

// getPage fetches an HTML page, checks its status, and parses it.
func getPage(t *testing.T, url string, wantStatus int) *goquery.Document {
	t.Helper()
	res := get(t, url)
	if res.Status != wantStatus {
		t.Fatalf("GET %s: status %d, want %d; body: %.500s", url, res.Status, wantStatus, res.Body)
	}
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
		t.Fatalf("GET %s: Content-Type %q, want text/html", url, ct)
	}
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(string(res.Body)))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}
