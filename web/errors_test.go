package web

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/gazette-news/gazette/search"
)

func TestAPIErrors(t *testing.T) {
	srv := newTestServer(t, Config{})
	tests := []struct {
		name     string
		method   string
		path     string
		status   int
		code     string
		contains string // expected in the message
	}{
		{"bad from date", "GET", "/api/v1/search?from=2022-13-01", 400, "bad_request", "from"},
		{"bad to date", "GET", "/api/v1/search?to=yesterday", 400, "bad_request", "to"},
		{"from after to", "GET", "/api/v1/search?from=2022-05-01&to=2022-04-01", 400, "bad_request", "after"},
		{"bad sort", "GET", "/api/v1/search?sort=random", 400, "bad_request", "sort"},
		{"page not a number", "GET", "/api/v1/search?page=two", 400, "bad_request", "page"},
		{"page zero", "GET", "/api/v1/search?page=0", 400, "bad_request", "page"},
		{"page negative", "GET", "/api/v1/search?page=-3", 400, "bad_request", "page"},
		{"page huge", "GET", "/api/v1/search?page=99999999999999999999", 400, "bad_request", "page"},
		{"size not a number", "GET", "/api/v1/search?size=lots", 400, "bad_request", "size"},
		{"size zero", "GET", "/api/v1/search?size=0", 400, "bad_request", "size"},
		{"size too big", "GET", "/api/v1/search?size=101", 400, "bad_request", "size"},
		{"malformed query", "GET", "/api/v1/search?q=" + urlEscape(`"unclosed phrase`), 400, "bad_request", ""},
		{"query too long", "GET", "/api/v1/search?q=" + strings.Repeat("a", 1001), 400, "bad_request", "q"},
		{"unknown article", "GET", "/api/v1/articles/doesnotexist", 404, "not_found", ""},
		{"unknown api route", "GET", "/api/v1/nothing", 404, "not_found", ""},
		{"unknown api version", "GET", "/api/v2/search", 404, "not_found", ""},
		{"post search", "POST", "/api/v1/search", 405, "method_not_allowed", "POST"},
		{"delete article", "DELETE", "/api/v1/articles/a1000000000000000000000000000001", 405, "method_not_allowed", "DELETE"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := do(t, tt.method, srv.URL+tt.path)
			assertJSONError(t, res, tt.status, tt.code, tt.contains)
		})
	}
}

func urlEscape(s string) string {
	return strings.NewReplacer(`"`, "%22", " ", "+").Replace(s)
}

// assertJSONError checks an error response has the documented shape.
func assertJSONError(t *testing.T, res response, status int, code, contains string) {
	t.Helper()
	if res.Status != status {
		t.Errorf("status = %d, want %d; body: %s", res.Status, status, res.Body)
	}
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("Content-Type = %q, want application/json", ct)
	}
	var body struct {
		Error *struct {
			Code    string `json:"code"`
			Message string `json:"message"`
		} `json:"error"`
	}
	if err := json.Unmarshal(res.Body, &body); err != nil || body.Error == nil {
		t.Fatalf("body %s is not a JSON error (%v)", res.Body, err)
	}
	if body.Error.Code != code {
		t.Errorf("code = %q, want %q", body.Error.Code, code)
	}
	if body.Error.Message == "" {
		t.Error("empty error message")
	}
	if !strings.Contains(body.Error.Message, contains) {
		t.Errorf("message %q does not mention %q", body.Error.Message, contains)
	}
}

// TestMethodNotAllowedSetsAllow: a 405 names the methods the address does
// take, read from the routes: GET and HEAD for pages, POST for the admin's
// writes, both for the crawls list.
func TestMethodNotAllowedSetsAllow(t *testing.T) {
	srv := newTestServer(t, Config{AdminToken: "secret"})
	tests := []struct{ method, path, allow string }{
		{"PUT", "/api/v1/search", "GET, HEAD"},
		{"POST", "/articles/a1000000000000000000000000000001", "GET, HEAD"},
		{"GET", "/api/v1/export/wacz", "POST"},
		{"DELETE", "/api/v1/crawls", "POST, GET, HEAD"},
	}
	for _, tt := range tests {
		res := do(t, tt.method, srv.URL+tt.path)
		if res.Status != 405 || res.Header.Get("Allow") != tt.allow {
			t.Errorf("%s %s: status %d, Allow %q; want 405 with Allow %q", tt.method, tt.path, res.Status, res.Header.Get("Allow"), tt.allow)
		}
	}
}

func TestSecurityHeaders(t *testing.T) {
	srv := newTestServer(t, Config{})
	paths := []string{
		"/", "/?q=bridge", "/articles/a1000000000000000000000000000001", "/articles/nope",
		"/api/v1/search", "/api/v1/search?sort=bad", "/api/v1/nothing", "/static/style.css", "/nowhere",
	}
	want := map[string]string{
		"X-Content-Type-Options": "nosniff",
		"Referrer-Policy":        "no-referrer",
		"X-Frame-Options":        "DENY",
	}
	for _, p := range paths {
		res := get(t, srv.URL+p)
		for k, v := range want {
			if got := res.Header.Get(k); got != v {
				t.Errorf("%s: %s = %q, want %q", p, k, got, v)
			}
		}
		csp := res.Header.Get("Content-Security-Policy")
		if !strings.Contains(csp, "default-src 'self'") || strings.Contains(csp, "unsafe-inline") {
			t.Errorf("%s: weak Content-Security-Policy %q", p, csp)
		}
	}
}

// faultySearcher fails or panics on purpose to exercise the server-fault
// paths that a healthy index cannot reach.
type faultySearcher struct {
	err   error
	panic bool
}

func (f faultySearcher) Search(ctx context.Context, r search.Request) (*search.Result, error) {
	if f.panic {
		panic("boom: secret internal detail")
	}
	return nil, f.err
}

func (f faultySearcher) Get(id string) (search.Doc, error) {
	if f.panic {
		var m map[string]int
		m["x"]++ // a real runtime panic
	}
	return search.Doc{}, f.err
}

// syncBuffer is a goroutine-safe log sink.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestServerFaults(t *testing.T) {
	tests := []struct {
		name     string
		searcher faultySearcher
		path     string
		json     bool
		logged   string
	}{
		{"api search error", faultySearcher{err: errors.New("disk on fire")}, "/api/v1/search", true, "disk on fire"},
		{"api article error", faultySearcher{err: errors.New("disk on fire")}, "/api/v1/articles/x", true, "disk on fire"},
		{"api search panic", faultySearcher{panic: true}, "/api/v1/search?q=x", true, "boom"},
		{"api article panic", faultySearcher{panic: true}, "/api/v1/articles/x", true, "panic"},
		{"ui search error", faultySearcher{err: errors.New("disk on fire")}, "/?q=x", false, "disk on fire"},
		{"ui article error", faultySearcher{err: errors.New("disk on fire")}, "/articles/x", false, "disk on fire"},
		{"ui search panic", faultySearcher{panic: true}, "/?q=x", false, "boom"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var logs syncBuffer
			srv := newTestServer(t, Config{Search: tt.searcher, Logger: slog.New(slog.NewTextHandler(&logs, nil))})
			res := get(t, srv.URL+tt.path)
			if tt.json {
				assertJSONError(t, res, 500, "internal_error", "")
			} else if res.Status != 500 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
				t.Errorf("status %d, Content-Type %q; want 500 HTML", res.Status, res.Header.Get("Content-Type"))
			}
			if strings.Contains(string(res.Body), "disk on fire") || strings.Contains(string(res.Body), "secret") {
				t.Errorf("response leaks internal details: %s", res.Body)
			}
			if !strings.Contains(logs.String(), tt.logged) {
				t.Errorf("log does not mention %q:\n%s", tt.logged, logs.String())
			}
		})
	}
}

// TestRecoverMiddlewareDirect checks the recover middleware on its own,
// without the router, including that the server keeps serving afterwards.
func TestRecoverMiddlewareDirect(t *testing.T) {
	s := newServer(Config{})
	calls := 0
	h := s.recoverPanics(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls++
		if calls == 1 {
			panic(errors.New("first call fails"))
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	srv := httptest.NewServer(h)
	defer srv.Close()
	res := get(t, srv.URL+"/api/v1/anything")
	assertJSONError(t, res, 500, "internal_error", "")
	if res := get(t, srv.URL+"/api/v1/anything"); res.Status != http.StatusNoContent {
		t.Errorf("second request: status %d, want 204", res.Status)
	}
}

func TestUIMethodNotAllowed(t *testing.T) {
	srv := newTestServer(t, Config{})
	res := do(t, "POST", srv.URL+"/?q=bridge")
	if res.Status != 405 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
		t.Errorf("POST /: status %d, Content-Type %q; want 405 HTML", res.Status, res.Header.Get("Content-Type"))
	}
}

func TestAPIHead(t *testing.T) {
	srv := newTestServer(t, Config{})
	res := do(t, "HEAD", srv.URL+"/api/v1/search?q=bridge")
	if res.Status != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
		t.Errorf("HEAD: status %d, Content-Type %q", res.Status, res.Header.Get("Content-Type"))
	}
}
