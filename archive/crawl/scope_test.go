package crawl

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
)

// TestPrefixScope crawls /world/ with the prefix scope: the site's feed
// (outside the prefix) is read, but only pages under /world/ are fetched,
// whether linked from a page or listed in the feed.
func TestPrefixScope(t *testing.T) {
	var mu sync.Mutex
	var got []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		got = append(got, r.URL.Path)
		mu.Unlock()
		switch r.URL.Path {
		case "/robots.txt":
			http.NotFound(w, r)
		case "/world/":
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, `<html><head><link rel="alternate" type="application/atom+xml" href="/feed.xml"></head>
<body><a href="/world/a">a</a> <a href="/sport/b">b</a></body></html>`)
		case "/feed.xml":
			w.Header().Set("Content-Type", "application/atom+xml")
			fmt.Fprint(w, `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
<entry><title>c</title><link href="/world/c"/></entry><entry><title>d</title><link href="/sport/d"/></entry></feed>`)
		default:
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, "<p>page</p>")
		}
	}))
	defer srv.Close()
	env := newTestEnv(t, t.TempDir())
	cfg := env.config()
	cfg.Scope = ScopePrefix
	if _, err := Run(context.Background(), cfg, []string{srv.URL + "/world/"}); err != nil {
		t.Fatal(err)
	}
	slices.Sort(got)
	if want := []string{"/feed.xml", "/robots.txt", "/world/", "/world/a", "/world/c"}; !slices.Equal(got, want) {
		t.Errorf("requested %v, want %v", got, want)
	}
}
