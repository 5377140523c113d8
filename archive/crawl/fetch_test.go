package crawl

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestIsPublic(t *testing.T) {
	cases := map[string]bool{
		"127.0.0.1": false, "127.8.9.10": false, "::1": false, "10.1.2.3": false,
		"172.16.0.1": false, "192.168.1.1": false, "169.254.169.254": false, "fe80::1": false,
		"fc00::1": false, "0.0.0.0": false, "::": false, "100.64.0.1": false, "224.0.0.1": false,
		"::ffff:127.0.0.1": false, "::ffff:10.0.0.1": false, "0.1.2.3": false,
		"93.184.216.34": true, "8.8.8.8": true, "2606:4700::1111": true, "::ffff:8.8.8.8": true,
	}
	for s, want := range cases {
		if got := isPublic(netip.MustParseAddr(s)); got != want {
			t.Errorf("isPublic(%s) = %v, want %v", s, got, want)
		}
	}
}

// TestFetchRefusesPrivate: without AllowPrivate no connection is made to a
// loopback server, whether it is named by address or by a DNS name that
// resolves to loopback, and a redirect cannot lead there either.
func TestFetchRefusesPrivate(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer srv.Close()
	cfg := Config{}
	cfg.setDefaults()
	f := newFetcher(cfg)
	defer f.close()
	port := srv.URL[strings.LastIndexByte(srv.URL, ':')+1:]
	for _, u := range []string{srv.URL + "/", "http://localhost:" + port + "/", "http://[::1]:" + port + "/"} {
		_, err := f.fetch(context.Background(), u, nil)
		if !errors.Is(err, ErrForbiddenAddress) {
			t.Errorf("fetch %s: %v, want ErrForbiddenAddress", u, err)
		}
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("server got %d requests", n)
	}
}

func TestFetch(t *testing.T) {
	var mu sync.Mutex
	var gotUA string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		gotUA = r.UserAgent()
		mu.Unlock()
		switch r.URL.Path {
		case "/big":
			w.Write(make([]byte, 2048))
		case "/slow":
			time.Sleep(300 * time.Millisecond)
		case "/moved":
			http.Redirect(w, r, "/elsewhere", http.StatusFound)
		default:
			fmt.Fprint(w, "hello")
		}
	}))
	defer srv.Close()
	cfg := Config{AllowPrivate: true, Contact: "https://example.org/bot", MaxBodySize: 1024, Timeout: 100 * time.Millisecond}
	cfg.setDefaults()
	f := newFetcher(cfg)
	defer f.close()
	ctx := context.Background()

	resp, err := f.fetch(ctx, srv.URL+"/ok", nil)
	if err != nil || string(resp.Body) != "hello" || resp.Status != 200 || resp.Time.IsZero() {
		t.Fatalf("fetch /ok: %+v, %v", resp, err)
	}
	mu.Lock()
	ua := gotUA
	mu.Unlock()
	if ua != "Gazette/1.0 (+https://example.org/bot)" {
		t.Errorf("User-Agent %q", ua)
	}
	if _, err := f.fetch(ctx, srv.URL+"/big", nil); !errors.Is(err, ErrTooLarge) {
		t.Errorf("fetch /big: %v, want ErrTooLarge", err)
	}
	if _, err := f.fetch(ctx, srv.URL+"/slow", nil); err == nil {
		t.Errorf("fetch /slow: no timeout")
	}
	resp, err = f.fetch(ctx, srv.URL+"/moved", nil)
	if err != nil || resp.Status != http.StatusFound || resp.Header.Get("Location") != "/elsewhere" {
		t.Errorf("fetch /moved: redirect should be returned, not followed: %+v, %v", resp, err)
	}
}

// TestRedirectLimit: a redirect loop is followed MaxRedirects times and
// every hop is archived once.
func TestRedirectLimit(t *testing.T) {
	n := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		n++
		http.Redirect(w, r, fmt.Sprintf("/hop/%d", n), http.StatusMovedPermanently)
	}))
	defer srv.Close()
	env := newTestEnv(t, t.TempDir())
	cfg := env.config()
	cfg.MaxRedirects = 3
	st, err := Run(context.Background(), cfg, []string{srv.URL + "/start"})
	if err != nil {
		t.Fatal(err)
	}
	if n != 4 || st.Errors != 1 {
		t.Errorf("%d redirects fetched, stats %+v; want 4 (the start and 3 hops) and 1 error", n, st)
	}
	if caps, _, _ := env.store.Count(); caps != 5 { // robots.txt 404 + 4 redirects
		t.Errorf("%d captures, want 5", caps)
	}
}

func TestDecodeBody(t *testing.T) {
	var zb bytes.Buffer
	zw := gzip.NewWriter(&zb)
	zw.Write([]byte("<p>hello</p>"))
	zw.Close()
	cases := []struct {
		coding string
		body   []byte
		want   string
		ok     bool
	}{
		{"", []byte("plain"), "plain", true},
		{"gzip", zb.Bytes(), "<p>hello</p>", true},
		{"x-gzip", zb.Bytes(), "<p>hello</p>", true},
		{"gzip", []byte("not gzip"), "", false},
		{"gzip", zb.Bytes()[:10], "", false},
		{"br", []byte("\x1b\x00"), "", false},
	}
	for _, c := range cases {
		r := &response{Header: http.Header{"Content-Encoding": {c.coding}, "Content-Length": {"99"}}, Body: c.body}
		if c.coding == "" {
			r.Header.Del("Content-Encoding")
		}
		r.decodeBody(1 << 20)
		if (r.Text != nil) != c.ok || string(r.Text) != c.want {
			t.Errorf("%s %q: text %q, want %q", c.coding, c.body, r.Text, c.want)
		}
		if r.TextHeader.Get("Content-Encoding") != "" || r.TextHeader.Get("Content-Length") != "" || r.Header.Get("Content-Length") != "99" {
			t.Errorf("%s: headers %v / %v", c.coding, r.Header, r.TextHeader)
		}
	}
	// A gzip bomb stops at the limit.
	zb.Reset()
	zw = gzip.NewWriter(&zb)
	zw.Write(make([]byte, 1<<20))
	zw.Close()
	r := &response{Header: http.Header{"Content-Encoding": {"gzip"}}, Body: zb.Bytes()}
	r.decodeBody(1000)
	if r.Text != nil {
		t.Errorf("bomb decoded to %d bytes", len(r.Text))
	}
}
