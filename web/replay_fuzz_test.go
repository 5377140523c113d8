package web

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// FuzzReplay feeds arbitrary archive paths to the replay origin and
// arbitrary HTML to the link rewriter: the answer is always 200, 400 or
// 404 with the sandbox policy, never a panic or a 500. `go test` runs the
// seeds; `go test -fuzz FuzzReplay` explores further.
func FuzzReplay(f *testing.F) {
	for _, seed := range []struct{ path, page string }{
		{"20220301090000/https://eastmere.example/a", `<a href="/x">x</a>`},
		{"2022/https:/eastmere.example/a", `<base href="::"><a href="%zz">`},
		{"99999999999999/x", `<img srcset=", ,">`},
		{"", `<style>url(</style>`},
		{"2022/eastmere.example/a?b=%FF", `<meta http-equiv=refresh content="0;url=">`},
		{"20220301/https://eastmere.example/a/../../b", `<div style="background:url('//[::1')">`},
		{"2022/%00", "<a href='http://\x00'>\xff"},
	} {
		f.Add(seed.path, seed.page)
	}
	f.Fuzz(func(t *testing.T, path, page string) {
		arc := newFakeArchive()
		arc.add("https://eastmere.example/a", date(2022, 3, 1, 9, 0), 200, page, "Content-Type", "text/html")
		h := NewReplay(Config{Captures: arc.Captures, Load: arc.Load})
		u, err := url.Parse("/archive/" + path)
		if err != nil || strings.ContainsAny(path, " \t\r\n") {
			return // not a request line a client could send
		}
		req := httptest.NewRequest(http.MethodGet, "/", nil)
		req.URL = u
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != 200 && rec.Code != 400 && rec.Code != 404 {
			t.Fatalf("path %q: status %d: %s", path, rec.Code, rec.Body)
		}
		if !strings.HasPrefix(rec.Header().Get("Content-Security-Policy"), "sandbox") {
			t.Fatalf("path %q: no sandbox policy", path)
		}
		rewriteHTML([]byte(page), "https://eastmere.example/a", date(2022, 3, 1, 9, 0))
	})
}
