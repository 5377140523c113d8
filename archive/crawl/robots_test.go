package crawl

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
	"time"
)

func TestFromRobots(t *testing.T) {
	body := []byte("User-agent: *\nDisallow: /private/\nAllow: /private/open\n\nUser-agent: Gazette\nDisallow: /no-gazette/\nCrawl-delay: 2.5\n\nSitemap: https://example.com/sitemap.xml\n")
	cases := []struct {
		name   string
		status int
		body   []byte
		err    error
		path   string
		want   bool
	}{
		{"own group disallows", 200, body, nil, "/no-gazette/x", false},
		{"own group replaces *", 200, body, nil, "/private/x", true},
		{"allowed", 200, body, nil, "/news/x?id=1", true},
		{"404 allows all", 404, nil, nil, "/anything", true},
		{"401 allows all", 401, nil, nil, "/anything", true},
		{"500 disallows all", 500, nil, nil, "/", false},
		{"503 disallows all", 503, nil, nil, "/news", false},
		{"unreachable disallows all", 0, nil, errors.New("connection refused"), "/", false},
		{"empty file allows all", 200, nil, nil, "/x", true},
		{"junk allows all", 200, []byte("\x00\x01<html>not robots</html>"), nil, "/x", true},
	}
	for _, c := range cases {
		r := fromRobots(c.status, c.body, c.err)
		u, _ := url.Parse("https://example.com" + c.path)
		if got := r.allowed(u); got != c.want {
			t.Errorf("%s: allowed(%s) = %v, want %v", c.name, c.path, got, c.want)
		}
	}
	r := fromRobots(200, body, nil)
	if r.delay != 2500*time.Millisecond {
		t.Errorf("crawl delay %v, want 2.5s", r.delay)
	}
	if len(r.sitemaps) != 1 || r.sitemaps[0] != "https://example.com/sitemap.xml" {
		t.Errorf("sitemaps %v", r.sitemaps)
	}
}

// TestRobotsUnreachableKeepsQueue: a 5xx robots.txt disallows the whole
// host and the seed stays queued, so a later run fetches it when the
// server has recovered.
func TestRobotsUnreachableKeepsQueue(t *testing.T) {
	broken := true
	var pages int
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			if broken {
				http.Error(w, "down", http.StatusServiceUnavailable)
			}
			return
		}
		pages++
		w.Write([]byte("<html><body>hi</body></html>"))
	}))
	defer srv.Close()
	env := newTestEnv(t, t.TempDir())
	st, err := Run(context.Background(), env.config(), []string{srv.URL + "/"})
	if !errors.Is(err, ErrNothingFetched) {
		t.Fatalf("with robots.txt 503: %v, want ErrNothingFetched", err)
	}
	if pages != 0 || st.RobotsUnreachable != 1 || st.Blocked != 0 || st.Queued != 0 {
		t.Errorf("with robots.txt 503: %d pages fetched, stats %+v", pages, st)
	}
	broken = false
	if _, err := Run(context.Background(), env.config(), []string{srv.URL + "/"}); err != nil {
		t.Fatal(err)
	}
	if pages != 1 {
		t.Errorf("after recovery: %d pages fetched, want 1", pages)
	}
}

// TestCrawlDelay: requests to one host are spaced by robots.txt's
// Crawl-delay, which wins over a shorter configured delay.
func TestCrawlDelay(t *testing.T) {
	var times []time.Time
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		times = append(times, time.Now())
		switch r.URL.Path {
		case "/robots.txt":
			w.Write([]byte("User-agent: *\nCrawl-delay: 0.15\n"))
		case "/":
			w.Header().Set("Content-Type", "text/html")
			w.Write([]byte(`<a href="/a">a</a> <a href="/b">b</a>`))
		default:
			w.Header().Set("Content-Type", "text/html")
			w.Write([]byte(`<p>page</p>`))
		}
	}))
	defer srv.Close()
	env := newTestEnv(t, t.TempDir())
	cfg := env.config()
	cfg.Delay = 50 * time.Millisecond
	if _, err := Run(context.Background(), cfg, []string{srv.URL + "/"}); err != nil {
		t.Fatal(err)
	}
	if len(times) != 4 {
		t.Fatalf("%d requests, want 4", len(times))
	}
	// robots.txt and the first page go back to back; then the delay applies.
	for i := 2; i < len(times); i++ {
		if gap := times[i].Sub(times[i-1]); gap < 140*time.Millisecond {
			t.Errorf("request %d came %v after the previous one, want >= 150ms", i, gap)
		}
	}
}

// TestNetworkErrorStaysQueued: a URL whose fetch fails on the network is
// counted as an error and fetched again by the next run.
func TestNetworkErrorStaysQueued(t *testing.T) {
	var mu sync.Mutex
	down := true
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		mu.Lock()
		fail := down
		mu.Unlock()
		if fail {
			conn, _, _ := w.(http.Hijacker).Hijack()
			conn.Close()
			return
		}
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte("<p>back</p>"))
	}))
	defer srv.Close()
	env := newTestEnv(t, t.TempDir())
	st, err := Run(context.Background(), env.config(), []string{srv.URL + "/flaky"})
	if !errors.Is(err, ErrNothingFetched) || st.Errors != 1 || st.Archived != 1 { // robots.txt only
		t.Fatalf("first run: %+v, %v; want ErrNothingFetched", st, err)
	}
	mu.Lock()
	down = false
	mu.Unlock()
	st, err = Run(context.Background(), env.config(), []string{srv.URL + "/flaky"})
	if err != nil || st.Errors != 0 || st.Archived != 1 {
		t.Fatalf("second run: %+v, %v", st, err)
	}
	if caps, _ := env.store.Captures(srv.URL + "/flaky"); len(caps) != 1 {
		t.Errorf("%d captures of /flaky, want 1", len(caps))
	}
}
