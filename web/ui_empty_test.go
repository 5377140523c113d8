package web

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gazette-news/gazette/search"
)

// emptyIndex is a real index on disk without a single article.
func emptyIndex(t *testing.T) *search.Index {
	t.Helper()
	ix, err := search.Open(filepath.Join(t.TempDir(), "index"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return ix
}

// TestUIEmptyArchive: an archive without articles answers every search
// with how to fill it, naming no path of the server; the crawl API is
// offered only when the server takes crawls. An archive with articles
// whose search finds nothing says "No articles match" instead.
func TestUIEmptyArchive(t *testing.T) {
	plain := newTestServer(t, Config{Search: emptyIndex(t)})
	crawling := newTestServer(t, Config{Search: emptyIndex(t), Crawler: &fakeCrawler{}, AdminToken: "secret"})
	importing := newTestServer(t, Config{Search: emptyIndex(t), Ready: []ReadyCheck{
		{Name: "index", Check: func(context.Context) error { return nil }},
		{Name: "import", Check: func(context.Context) error { return errors.New("the demo archive is being imported") }},
	}})
	full := newTestServer(t, Config{})
	tests := []struct {
		name, url string
		empty     bool
		crawlAPI  bool
		notReady  string
	}{
		{"front page", plain.URL + "/", true, false, ""},
		{"a search", plain.URL + "/?q=Izyum&sort=newest", true, false, ""},
		{"with the crawl API", crawling.URL + "/?q=Izyum", true, true, ""},
		{"while the demo is imported", importing.URL + "/", true, false, "the demo archive is being imported"},
		{"an archive with articles", full.URL + "/?q=nosuchwordanywhere", false, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := getPage(t, tt.url, 200)
			notice := doc.Find(".empty-archive")
			if got := notice.Length() == 1; got != tt.empty {
				t.Fatalf("empty-archive notice shown: %v, want %v", got, tt.empty)
			}
			if !tt.empty {
				if doc.Find(".no-results").Length() != 1 {
					t.Error("a search that finds nothing lacks the no-results notice")
				}
				return
			}
			text := notice.Text()
			if tt.notReady != "" {
				want := "The archive is filling It has no articles yet: " + tt.notReady + ". Reload this page in a moment."
				if got := strings.Join(strings.Fields(text), " "); got != want {
					t.Errorf("notice %q, want %q", got, want)
				}
				return
			}
			for _, want := range []string{"The archive is empty", "gazette import --data DIR", "gazette crawl --data DIR https://news.example/", "gazette serve --demo"} {
				if !strings.Contains(text, want) {
					t.Errorf("notice lacks %q:\n%s", want, text)
				}
			}
			if got := strings.Contains(text, "POST /api/v1/crawls"); got != tt.crawlAPI {
				t.Errorf("crawl API offered: %v, want %v", got, tt.crawlAPI)
			}
			if strings.Contains(text, os.TempDir()) {
				t.Errorf("notice shows the server's paths:\n%s", text)
			}
			if doc.Find(".no-results, .hits .hit, .timeline").Length() != 0 {
				t.Error("an empty archive still shows results, a timeline or a no-results notice")
			}
		})
	}
}
