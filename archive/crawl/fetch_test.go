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
	tests := []struct {
		addr string
		want bool
		why  string // part of the reason given for a refusal
	}{
		{"127.0.0.1", false, "loopback"},
		{"127.8.9.10", false, "loopback"},
		{"::1", false, "loopback"},
		{"10.1.2.3", false, "private"},
		{"172.16.0.1", false, "private"},
		{"192.168.1.1", false, "private"},
		{"169.254.169.254", false, "link-local"},
		{"fe80::1", false, "link-local"},
		{"fc00::1", false, "private"},
		{"fd12:3456::1", false, "private"},
		{"0.0.0.0", false, "unspecified"},
		{"::", false, "unspecified"},
		{"0.1.2.3", false, "this network"},
		{"100.64.0.1", false, "carrier-grade NAT"},
		{"224.0.0.1", false, "multicast"},
		{"ff02::1", false, "multicast"},
		{"::ffff:127.0.0.1", false, "loopback"},
		{"::ffff:10.0.0.1", false, "private"},
		{"192.0.0.8", false, "IETF"},
		{"192.0.2.1", false, "documentation"},
		{"198.51.100.7", false, "documentation"},
		{"203.0.113.9", false, "documentation"},
		{"192.88.99.1", false, "6to4 relay"},
		{"198.18.0.1", false, "benchmarking"},
		{"198.19.255.254", false, "benchmarking"},
		{"240.0.0.1", false, "reserved"},
		{"250.1.2.3", false, "reserved"},
		{"255.255.255.255", false, "reserved"},

		// Forms that embed an IPv4 address are refused whatever it is, so
		// a loopback or private address cannot hide inside one.
		{"64:ff9b::7f00:1", false, "NAT64"},  // 127.0.0.1
		{"64:ff9b::a00:1", false, "NAT64"},   // 10.0.0.1
		{"64:ff9b::808:808", false, "NAT64"}, // 8.8.8.8
		{"64:ff9b:1::a00:1", false, "NAT64"}, // local-use NAT64
		{"2002:7f00:1::1", false, "6to4"},    // 127.0.0.1
		{"2002:a9fe:a9fe::", false, "6to4"},  // 169.254.169.254
		{"2002:808:808::1", false, "6to4"},   // 8.8.8.8
		{"::127.0.0.1", false, "IPv4-compatible"},
		{"::10.0.0.1", false, "IPv4-compatible"},
		{"::8.8.8.8", false, "IPv4-compatible"},
		{"::ffff:0:127.0.0.1", false, "IPv4-translated"},
		{"2001:0:4136:e378:8000:63bf:3fff:fdd2", false, "Teredo"},
		{"2001:db8::1", false, "documentation"},
		{"100::1", false, "discard"},
		{"fec0::1", false, "site-local"},
		{"3fff::1", false, "documentation"},
		{"4000::1", false, "global unicast"},

		{"93.184.216.34", true, ""},
		{"8.8.8.8", true, ""},
		{"198.20.0.1", true, ""},
		{"239.255.255.255", false, "multicast"},
		{"223.255.255.255", true, ""},
		{"2606:4700::1111", true, ""},
		{"2a00:1450:4001:80b::200e", true, ""},
		{"::ffff:8.8.8.8", true, ""},
	}
	for _, tt := range tests {
		a := netip.MustParseAddr(tt.addr)
		if got := isPublic(a); got != tt.want {
			t.Errorf("isPublic(%s) = %v, want %v", tt.addr, got, tt.want)
		}
		err := refusePrivate("tcp", netip.AddrPortFrom(a, 443).String(), nil)
		switch {
		case tt.want && err != nil:
			t.Errorf("dial %s refused: %v", tt.addr, err)
		case !tt.want && !errors.Is(err, ErrForbiddenAddress):
			t.Errorf("dial %s: %v, want ErrForbiddenAddress", tt.addr, err)
		case !tt.want && !strings.Contains(err.Error(), tt.why):
			t.Errorf("dial %s: %q does not say %q", tt.addr, err, tt.why)
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
