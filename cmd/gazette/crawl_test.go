package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// crawlSite is a two-page site: a home page linking to one article.
func crawlSite(t *testing.T) (*httptest.Server, func() []string) {
	t.Helper()
	var mu sync.Mutex
	var log []string
	article := `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Harbour crane lifts its first container</title>
<meta property="og:type" content="article"></head><body><article><h1>Harbour crane lifts its first container</h1>
<p>The new crane at the north quay lifted its first container on Thursday afternoon, two months after the last of its parts arrived by barge from the shipyard down the coast.</p>
<p>Dock workers said the crane can unload a small freighter in half the time the two old cranes needed together, and the port hopes to bring back the weekly service to the islands that stopped three winters ago.</p>
</article></body></html>`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		log = append(log, r.URL.RequestURI())
		mu.Unlock()
		switch r.URL.Path {
		case "/robots.txt":
			fmt.Fprint(w, "User-agent: *\nDisallow: /admin/\n")
		case "/":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, `<html><head><title>Port News</title></head><body><h1>Port News</h1>
<h2><a href="/news/crane?utm_source=home">Harbour crane lifts its first container</a></h2><a href="/admin/">Admin</a></body></html>`)
		case "/news/crane":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, article)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv, func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), log...)
	}
}

func TestCrawlCommand(t *testing.T) {
	srv, requests := crawlSite(t)
	data := t.TempDir()
	code, out, errOut := runCmd(t, "crawl", "--data", data, "--allow-private", "--delay", "0", srv.URL+"/")
	if code != 0 {
		t.Fatalf("crawl exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	for _, want := range []string{"3 fetched", "1 articles indexed", "1 listings followed", "1 blocked by robots.txt", "0 errors; 0 queued"} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}
	if got := strings.Join(requests(), " "); got != "/robots.txt / /news/crane" {
		t.Errorf("requests: %s", got)
	}
	idx := openIndex(t, data)
	n, err := idx.Count()
	idx.Close()
	if err != nil || n != 1 {
		t.Errorf("index holds %d articles (%v), want 1", n, err)
	}

	// The same crawl again has nothing left to do.
	before := len(requests())
	code, out, _ = runCmd(t, "crawl", "--data", data, "--allow-private", "--delay", "0", srv.URL+"/")
	if code != 0 || !strings.Contains(out, "0 fetched") || !strings.Contains(out, "Nothing left to crawl") {
		t.Errorf("second crawl exit %d:\n%s", code, out)
	}
	if got := requests()[before:]; len(got) != 0 {
		t.Errorf("second crawl requested %v", got)
	}

	// A recrawl asks again; nothing changed.
	code, out, _ = runCmd(t, "crawl", "--data", data, "--allow-private", "--delay", "0", "--recrawl", srv.URL+"/")
	if code != 0 || !strings.Contains(out, "3 fetched") || !strings.Contains(out, "0 archived, 3 unchanged, 0 articles indexed") {
		t.Errorf("recrawl exit %d:\n%s", code, out)
	}
}

// TestCrawlCommandRefusesLoopback: without --allow-private the crawler
// does not connect to a loopback server at all, and the crawl fails (exit
// status 1) naming --allow-private, not robots.txt. Run again with it, the
// same crawl fetches the site.
func TestCrawlCommandRefusesLoopback(t *testing.T) {
	srv, requests := crawlSite(t)
	data := t.TempDir()
	code, out, errOut := runCmd(t, "crawl", "--data", data, "--delay", "0", srv.URL+"/")
	if code != 1 {
		t.Fatalf("crawl exit %d, want 1\n%s\n%s", code, out, errOut)
	}
	if len(requests()) != 0 {
		t.Errorf("the server got requests: %v", requests())
	}
	if !strings.Contains(out, "0 articles indexed") || !strings.Contains(out, "0 blocked by robots.txt") || !strings.Contains(out, "1 refused (address not public)") ||
		!strings.Contains(errOut, "nothing fetched") || !strings.Contains(errOut, "--allow-private") || strings.Contains(errOut, "blocked by robots.txt") {
		t.Errorf("stdout:\n%s\nstderr:\n%s", out, errOut)
	}
	code, out, errOut = runCmd(t, "crawl", "--data", data, "--delay", "0", "--allow-private", srv.URL+"/")
	if code != 0 || !strings.Contains(out, "1 articles indexed") {
		t.Errorf("crawl with --allow-private: exit %d\n%s\n%s", code, out, errOut)
	}
}

// TestCrawlCommandRobotsUnreachable: a site whose robots.txt answers 503
// is not crawled, and the crawl fails (exit status 1) saying so; its
// URLs are counted apart from those robots.txt disallows.
func TestCrawlCommandRobotsUnreachable(t *testing.T) {
	var pages atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.Error(w, "maintenance", http.StatusServiceUnavailable)
			return
		}
		pages.Add(1)
	}))
	defer srv.Close()
	code, out, errOut := runCmd(t, "crawl", "--data", t.TempDir(), "--allow-private", "--delay", "0", srv.URL+"/")
	if code != 1 {
		t.Fatalf("crawl exit %d, want 1\n%s\n%s", code, out, errOut)
	}
	if pages.Load() != 0 {
		t.Errorf("%d pages fetched despite robots.txt 503", pages.Load())
	}
	if !strings.Contains(out, "0 blocked by robots.txt, 1 waiting for an unreachable robots.txt") ||
		!strings.Contains(errOut, "robots.txt could not be fetched") || !strings.Contains(errOut, "503") || strings.Contains(out, "complete") {
		t.Errorf("stdout:\n%s\nstderr:\n%s", out, errOut)
	}
}

func TestCrawlCommandUsage(t *testing.T) {
	for _, args := range [][]string{
		{"crawl"},
		{"crawl", "--scope", "planet", "http://example.com/"},
		{"crawl", "ftp://example.com/"},
		{"crawl", "--depth", "-1", "http://example.com/"},
	} {
		if code, _, _ := runCmd(t, args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}
