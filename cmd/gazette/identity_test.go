package main

import (
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gazette-news/gazette/search"
	"github.com/gazette-news/gazette/urlid"
)

// TestImportAndCrawlOneArticle: the same page crawled, and imported from
// another tool's WARC under its URL with utm_ parameters, is one article,
// which lists both captures as its sources.
func TestImportAndCrawlOneArticle(t *testing.T) {
	srv, _ := crawlSite(t)
	data := t.TempDir()
	if code, out, errOut := runCmd(t, "crawl", "--data", data, "--allow-private", "--delay", "0", srv.URL+"/"); code != 0 {
		t.Fatalf("crawl exit %d\n%s\n%s", code, out, errOut)
	}
	crawled := srv.URL + "/news/crane"
	resp, err := http.Get(crawled)
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	shared := crawled + "?utm_source=newsletter&utm_medium=email"
	page := strings.Replace(string(body), "</article>", "<p>Update: the crane worked through the night.</p></article>", 1)
	rec := warcRecord(t, [][2]string{
		{"WARC-Type", "response"},
		{"WARC-Record-ID", "<urn:uuid:7a1e0c3d-0000-4000-8000-000000000001>"},
		{"WARC-Target-URI", shared},
		{"WARC-Date", time.Now().Add(time.Hour).UTC().Format(time.RFC3339)},
		{"Content-Type", "application/http; msgtype=response"},
	}, "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"+page)
	file := filepath.Join(t.TempDir(), "newsletter.warc.gz")
	if err := os.WriteFile(file, rec, 0o644); err != nil {
		t.Fatal(err)
	}
	if out := runOK(t, "import", "--data", data, file); !strings.Contains(out, "0 articles imported, 1 updated") {
		t.Errorf("import summary:\n%s", out)
	}

	ix := openIndex(t, data)
	if n, _ := ix.Count(); n != 1 {
		t.Errorf("the index holds %d articles, want 1", n)
	}
	d, err := ix.Get(urlid.ArticleID(crawled))
	if err != nil {
		ix.Close()
		t.Fatal(err)
	}
	var urls []string
	for _, s := range d.Sources {
		urls = append(urls, s.URL)
	}
	if d.URL != crawled || !slices.Equal(urls, []string{shared, crawled}) || !strings.Contains(d.Text, "through the night") {
		t.Errorf("article %s from %q reads %q; want %s from the newsletter's capture, then the crawl's", d.URL, urls, d.Text, crawled)
	}
	if res, err := ix.Search(context.Background(), search.Request{Query: "crane"}); err != nil || res.Total != 1 {
		t.Errorf("search crane: %v, %v", res, err)
	}
	ix.Close()

	// The article page lists the captures of both URLs, saying where the
	// one that is not the article's own URL was made.
	s := startServe(t, "--data", data)
	defer s.stop()
	res, err := http.Get(s.base + "/articles/" + d.ID)
	if err != nil {
		t.Fatal(err)
	}
	html, _ := io.ReadAll(res.Body)
	res.Body.Close()
	for _, want := range []string{"Archived 2 times", "at " + strings.ReplaceAll(shared, "&", "&amp;")} {
		if !strings.Contains(string(html), want) {
			t.Errorf("the article page lacks %q", want)
		}
	}
}

// TestIndexRebuiltFromArchive: a data directory whose index is gone is
// given it back from the archive by the next command that opens it.
func TestIndexRebuiltFromArchive(t *testing.T) {
	data := t.TempDir()
	runOK(t, "import", "--data", data, "testdata/import")
	if err := os.RemoveAll(filepath.Join(data, "index")); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runCmd(t, "import", "--data", data, "testdata/import/kramatorsk-library.html")
	if code != 0 {
		t.Fatalf("import exit %d\n%s\n%s", code, out, errOut)
	}
	if !strings.Contains(errOut, "Building the search index from the archive (the index was missing): 5 captures") ||
		!strings.Contains(errOut, "5 captures applied; 4 articles new") {
		t.Errorf("the rebuild was not shown:\n%s", errOut)
	}
	ix := openIndex(t, data)
	defer ix.Close()
	if n, _ := ix.Count(); n != 4 {
		t.Errorf("the rebuilt index holds %d articles, want 4", n)
	}
}
