package web

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestParseTimestamp(t *testing.T) {
	tests := []struct {
		in      string
		want    time.Time
		wantErr bool
	}{
		{in: "20220910093015", want: time.Date(2022, 9, 10, 9, 30, 15, 0, time.UTC)},
		{in: "2022", want: date(2022, 1, 1, 0, 0)},
		{in: "202209", want: date(2022, 9, 1, 0, 0)},
		{in: "2022091012", want: date(2022, 9, 10, 12, 0)},
		{in: "", wantErr: true},
		{in: "202", wantErr: true},
		{in: "202209101230150", wantErr: true},
		{in: "2022-09-10", wantErr: true},
		{in: "20221340000000", wantErr: true}, // month 13
		{in: "20220231000000", wantErr: true}, // 31 February
		{in: "abcd", wantErr: true},
	}
	for _, tt := range tests {
		got, err := parseTimestamp(tt.in)
		if (err != nil) != tt.wantErr {
			t.Errorf("parseTimestamp(%q) error = %v, want error %v", tt.in, err, tt.wantErr)
			continue
		}
		if !tt.wantErr && !got.Equal(tt.want) {
			t.Errorf("parseTimestamp(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestNearest(t *testing.T) {
	caps := []CaptureInfo{
		{Time: date(2022, 3, 1, 0, 0)},
		{Time: date(2022, 3, 3, 0, 0)},
		{Time: date(2022, 6, 1, 0, 0)},
	}
	tests := []struct {
		at   time.Time
		want int
	}{
		{date(2000, 1, 1, 0, 0), 0},   // before all: the oldest
		{date(2030, 1, 1, 0, 0), 2},   // after all: the newest
		{date(2022, 3, 3, 0, 0), 1},   // exact
		{date(2022, 3, 1, 23, 0), 0},  // closer to the first
		{date(2022, 3, 2, 1, 0), 1},   // closer to the second
		{date(2022, 3, 2, 0, 0), 0},   // a tie goes to the earlier
		{date(2022, 4, 17, 0, 0), 1},  // 45 days either way: the earlier
		{date(2022, 4, 17, 1, 0), 2},  // just past the middle
		{date(2022, 4, 16, 23, 0), 1}, // just before it
	}
	for _, tt := range tests {
		if got := nearest(caps, tt.at); got != tt.want {
			t.Errorf("nearest(%v) = %d, want %d", tt.at, got, tt.want)
		}
	}
	if got := nearest(nil, time.Now()); got != -1 {
		t.Errorf("nearest(nil) = %d, want -1", got)
	}
}

// TestReplayServesNearestCapture checks that the replay origin picks the
// capture nearest to the requested time and serves it with the sandbox
// headers.
func TestReplayServesNearestCapture(t *testing.T) {
	arc := newFakeArchive()
	const page = "https://eastmere.example/news/harbour.html"
	arc.add(page, date(2022, 3, 1, 9, 0), 200, "<p>first version</p>", "Content-Type", "text/html; charset=utf-8")
	arc.add(page, date(2022, 6, 1, 9, 0), 200, "<p>second version</p>", "Content-Type", "text/html; charset=utf-8")
	_, replay := replayServers(t, arc)

	tests := []struct {
		ts, want string
	}{
		{"20220301090000", "first version"},
		{"2022", "first version"},
		{"20220501", "second version"},
		{"20991231235959", "second version"},
	}
	for _, tt := range tests {
		res := get(t, replay.URL+"/archive/"+tt.ts+"/"+page)
		if res.Status != 200 || !strings.Contains(string(res.Body), tt.want) {
			t.Errorf("%s: status %d, body %q, want %q", tt.ts, res.Status, res.Body, tt.want)
		}
	}
	head := do(t, http.MethodHead, replay.URL+"/archive/2022/"+page)
	if head.Status != 200 || len(head.Body) != 0 || head.Header.Get("Content-Length") != "20" {
		t.Errorf("HEAD: status %d, %d body bytes, Content-Length %q", head.Status, len(head.Body), head.Header.Get("Content-Length"))
	}
}

// TestReplayHeaders checks that a replayed response is sandboxed and keeps
// none of the archived response's cookies or security headers.
func TestReplayHeaders(t *testing.T) {
	arc := newFakeArchive()
	const page = "https://eastmere.example/news/harbour.html"
	arc.add(page, date(2022, 3, 1, 9, 0), 200, "<p>hello</p>",
		"Content-Type", "text/html; charset=windows-1251",
		"Content-Language", "en",
		"Set-Cookie", "tracker=abc; Path=/",
		"Set-Cookie2", "old=1",
		"Content-Security-Policy", "script-src *",
		"Access-Control-Allow-Origin", "*",
		"Strict-Transport-Security", "max-age=31536000",
		"Refresh", "0; url=https://evil.example/",
		"Link", "<https://evil.example/x.js>; rel=preload",
		"X-Frame-Options", "DENY",
		"Connection", "keep-alive, X-Secret",
		"X-Secret", "hop",
		"Content-Encoding", "gzip",
		"Clear-Site-Data", `"*"`,
	)
	_, replay := replayServers(t, arc)

	req, err := http.NewRequest(http.MethodGet, replay.URL+"/archive/20220301090000/"+page, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Cookie", "session=secret")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Fatalf("status %d", res.StatusCode)
	}
	want := map[string]string{
		"Content-Security-Policy": "sandbox; script-src 'none'; object-src 'none'; default-src 'self' data: blob:; style-src 'self' 'unsafe-inline' data:; base-uri 'self'",
		"X-Content-Type-Options":  "nosniff",
		"Content-Type":            "text/html; charset=windows-1251",
		"Content-Language":        "en",
		"Referrer-Policy":         "no-referrer",
		"Memento-Datetime":        "Tue, 01 Mar 2022 09:00:00 GMT",
	}
	for name, v := range want {
		if got := res.Header.Values(name); len(got) != 1 || got[0] != v {
			t.Errorf("%s = %q, want %q", name, got, v)
		}
	}
	for _, name := range []string{"Set-Cookie", "Set-Cookie2", "Access-Control-Allow-Origin",
		"Strict-Transport-Security", "Refresh", "Link", "X-Frame-Options", "X-Secret", "Content-Encoding", "Clear-Site-Data"} {
		if v := res.Header.Values(name); len(v) > 0 {
			t.Errorf("archived header %s passed through: %q", name, v)
		}
	}
	csp := strings.Join(res.Header.Values("Content-Security-Policy"), ", ")
	if strings.Contains(csp, "allow-scripts") || strings.Contains(csp, "allow-same-origin") || strings.Contains(csp, "script-src *") {
		t.Errorf("CSP %q lets scripts or the origin through", csp)
	}
}

// TestReplayErrors checks the replay origin's answers to bad requests:
// still sandboxed, never a panic.
func TestReplayErrors(t *testing.T) {
	arc := newFakeArchive()
	arc.add("https://eastmere.example/a", date(2022, 3, 1, 9, 0), 200, "a", "Content-Type", "text/plain")
	_, replay := replayServers(t, arc)
	tests := []struct {
		path   string
		status int
	}{
		{"/archive/20220301090000/https://eastmere.example/unknown", 404},
		{"/archive/20220301090000/https://never.example/", 404},
		{"/archive/2022-03-01/https://eastmere.example/a", 400},
		{"/archive/20221399000000/https://eastmere.example/a", 400},
		{"/archive/x/https://eastmere.example/a", 400},
		{"/archive/20220301090000/", 400},
		{"/archive/20220301090000", 400},
		{"/archive/", 400},
		{"/", 404},
		{"/api/v1/search?q=x", 404},
	}
	for _, tt := range tests {
		res := get(t, replay.URL+tt.path)
		if res.Status != tt.status {
			t.Errorf("GET %s: status %d, want %d (%s)", tt.path, res.Status, tt.status, res.Body)
		}
		if csp := res.Header.Get("Content-Security-Policy"); !strings.HasPrefix(csp, "sandbox") {
			t.Errorf("GET %s: CSP %q, want sandbox", tt.path, csp)
		}
	}
	if res := do(t, http.MethodPost, replay.URL+"/archive/20220301090000/https://eastmere.example/a"); res.Status != 405 {
		t.Errorf("POST: status %d, want 405", res.Status)
	}
	// Without a Load function, replay is off.
	off := newTestServer(t, Config{Captures: arc.Captures})
	if res := get(t, off.URL+"/archive/20220301090000/https://eastmere.example/a"); res.Status != 404 {
		t.Errorf("replay without Load: status %d, want 404", res.Status)
	}
}

// TestReplayURLForms checks that the archived URL survives the trip through
// the path: its query string, escapes, and a double slash a proxy cleaned.
func TestReplayURLForms(t *testing.T) {
	arc := newFakeArchive()
	arc.add("https://eastmere.example/search?q=harbour&page=2", date(2022, 3, 1, 9, 0), 200, "query", "Content-Type", "text/plain")
	arc.add("https://eastmere.example/a%20b", date(2022, 3, 1, 9, 0), 200, "escaped", "Content-Type", "text/plain")
	arc.add("http://eastmere.example/", date(2022, 3, 1, 9, 0), 200, "root", "Content-Type", "text/plain")
	_, replay := replayServers(t, arc)
	tests := []struct{ path, want string }{
		{"/archive/20220301090000/https://eastmere.example/search?q=harbour&page=2", "query"},
		{"/archive/20220301090000/https://eastmere.example/a%20b", "escaped"},
		{"/archive/20220301090000/http://eastmere.example/", "root"},
		{"/archive/20220301090000/http:/eastmere.example/", "root"},
		{"/archive/20220301090000/eastmere.example/search?q=harbour&page=2", "query"}, // scheme left out
	}
	for _, tt := range tests {
		res := get(t, replay.URL+tt.path)
		if res.Status != 200 || string(res.Body) != tt.want {
			t.Errorf("GET %s: status %d, body %q, want %q", tt.path, res.Status, res.Body, tt.want)
		}
	}
}

// TestReplayRedirect checks that an archived redirect points into the
// archive, not at the live web.
func TestReplayRedirect(t *testing.T) {
	arc := newFakeArchive()
	arc.add("https://eastmere.example/old", date(2022, 3, 1, 9, 0), 301, "", "Location", "/new")
	_, replay := replayServers(t, arc)
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.Get(replay.URL + "/archive/20220301090000/https://eastmere.example/old")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 301 {
		t.Errorf("status %d, want 301", res.StatusCode)
	}
	if loc := res.Header.Get("Location"); loc != "/archive/20220301090000/https://eastmere.example/new" {
		t.Errorf("Location = %q", loc)
	}
}

func TestRewriteHTML(t *testing.T) {
	at := date(2022, 3, 1, 9, 0)
	const page = "https://eastmere.example/news/harbour.html"
	tests := []struct{ in, want string }{
		{`<a href="fees.html">x</a>`, `<a href="/archive/20220301090000/https://eastmere.example/news/fees.html">x</a>`},
		{`<a href="/about">x</a>`, `<a href="/archive/20220301090000/https://eastmere.example/about">x</a>`},
		{`<a href="https://other.example/x?y=1&amp;z=2#f">x</a>`, `<a href="/archive/20220301090000/https://other.example/x?y=1&amp;z=2#f">x</a>`},
		{`<a href="#top">x</a>`, `<a href="#top">x</a>`},
		{`<a href="mailto:desk@eastmere.example">x</a>`, `<a href="mailto:desk@eastmere.example">x</a>`},
		{`<a href="javascript:alert(1)">x</a>`, `<a href="javascript:alert(1)">x</a>`},
		{`<img src="//cdn.example/i.png" alt="A">`, `<img src="/archive/20220301090000/https://cdn.example/i.png" alt="A">`},
		{`<img srcset="a.png 1x, /b.png 2x">`, `<img srcset="/archive/20220301090000/https://eastmere.example/news/a.png 1x, /archive/20220301090000/https://eastmere.example/b.png 2x">`},
		{`<form action="/search"></form>`, `<form action="/archive/20220301090000/https://eastmere.example/search"></form>`},
		{`<meta http-equiv="refresh" content="0; url=https://live.example/">`, `<meta http-equiv="refresh" content="0; url=/archive/20220301090000/https://live.example/">`},
		{`<base href="https://mirror.example/dir/"><a href="p.html">x</a>`, `<base href="/archive/20220301090000/https://mirror.example/dir/"><a href="/archive/20220301090000/https://mirror.example/dir/p.html">x</a>`},
		{`<p title="a &amp; b">text &lt;kept&gt;</p><!-- c --><script>var a = "<a href='x'>";</script>`, `<p title="a &amp; b">text &lt;kept&gt;</p><!-- c --><script>var a = "<a href='x'>";</script>`},
		{"<p>\xcf\xf0\xe8\xe2\xe5\xf2</p>", "<p>\xcf\xf0\xe8\xe2\xe5\xf2</p>"}, // windows-1251 bytes pass through
		{`<style>body { background: url("/bg.png") }</style><p>url(/not-css.png)</p>`, `<style>body { background: url("/archive/20220301090000/https://eastmere.example/bg.png") }</style><p>url(/not-css.png)</p>`},
		{`<div style="background-image: url(pic.jpg)">x</div>`, `<div style="background-image: url(/archive/20220301090000/https://eastmere.example/news/pic.jpg)">x</div>`},
	}
	for _, tt := range tests {
		if got := string(rewriteHTML([]byte(tt.in), page, at)); got != tt.want {
			t.Errorf("rewriteHTML(%s)\n got %s\nwant %s", tt.in, got, tt.want)
		}
	}
}

func TestRewriteCSS(t *testing.T) {
	at := date(2022, 3, 1, 9, 0)
	const sheet = "https://eastmere.example/css/site.css"
	tests := []struct{ in, want string }{
		{`a { background: url(img/a.png) }`, `a { background: url(/archive/20220301090000/https://eastmere.example/css/img/a.png) }`},
		{`a { background: URL( '/b.png' ) }`, `a { background: URL( '/archive/20220301090000/https://eastmere.example/b.png' ) }`},
		{`@import "print.css";`, `@import "/archive/20220301090000/https://eastmere.example/css/print.css";`},
		{`@import url(https://fonts.example/f.css);`, `@import url(/archive/20220301090000/https://fonts.example/f.css);`},
		{`a { background: url(data:image/png;base64,AAAA) }`, `a { background: url(data:image/png;base64,AAAA) }`},
		{`a { color: red }`, `a { color: red }`},
	}
	for _, tt := range tests {
		if got := string(rewriteCSS([]byte(tt.in), sheet, at)); got != tt.want {
			t.Errorf("rewriteCSS(%s)\n got %s\nwant %s", tt.in, got, tt.want)
		}
	}
}

// TestReplayTextCharset checks that text archived without a charset (an
// imported file) is labelled UTF-8 when it is, and left alone otherwise.
func TestReplayTextCharset(t *testing.T) {
	arc := newFakeArchive()
	arc.add("file:///notes/izium.txt", date(2022, 3, 1, 9, 0), 200, "Ізюм", "Content-Type", "text/plain")
	arc.add("https://eastmere.example/cp1251", date(2022, 3, 1, 9, 0), 200, "\xc8\xe7\xfe\xec", "Content-Type", "text/plain")
	arc.add("https://eastmere.example/labelled", date(2022, 3, 1, 9, 0), 200, "Ізюм", "Content-Type", "text/html; charset=koi8-r")
	_, replay := replayServers(t, arc)
	tests := []struct{ url, want string }{
		{"file:///notes/izium.txt", "text/plain; charset=utf-8"},
		{"https://eastmere.example/cp1251", "text/plain"},
		{"https://eastmere.example/labelled", "text/html; charset=koi8-r"},
	}
	for _, tt := range tests {
		res := get(t, replay.URL+"/archive/2022/"+tt.url)
		if got := res.Header.Get("Content-Type"); res.Status != 200 || got != tt.want {
			t.Errorf("%s: status %d, Content-Type %q, want %q", tt.url, res.Status, got, tt.want)
		}
	}
}

// TestReplayPanic checks that a panicking archive gives a plain 500 on the
// replay origin, still sandboxed.
func TestReplayPanic(t *testing.T) {
	arc := newFakeArchive()
	arc.add("https://eastmere.example/a", date(2022, 3, 1, 9, 0), 200, "a", "Content-Type", "text/plain")
	load := func(context.Context, CaptureInfo) (*ArchivedResponse, error) { panic("corrupt record") }
	replay := httptest.NewServer(NewReplay(Config{Captures: arc.Captures, Load: load}))
	defer replay.Close()
	res := get(t, replay.URL+"/archive/2022/https://eastmere.example/a")
	if res.Status != 500 || strings.Contains(string(res.Body), "corrupt") || !strings.HasPrefix(res.Header.Get("Content-Security-Policy"), "sandbox") {
		t.Errorf("status %d, body %q, CSP %q", res.Status, res.Body, res.Header.Get("Content-Security-Policy"))
	}
}

// TestReplayUnreadableCaptureFallsBack checks that a capture whose record
// cannot be read is served from another capture with the same payload
// digest (as a revisit record refers to its original), and is a 500
// otherwise.
func TestReplayUnreadableCaptureFallsBack(t *testing.T) {
	arc := newFakeArchive()
	const page = "https://eastmere.example/a"
	arc.add(page, date(2022, 3, 1, 9, 0), 200, "original", "Content-Type", "text/plain")
	arc.add(page, date(2022, 4, 1, 9, 0), 200, "changed", "Content-Type", "text/plain")
	arc.add(page, date(2022, 5, 1, 9, 0), 200, "revisit", "Content-Type", "text/plain")
	arc.add(page, date(2022, 6, 1, 9, 0), 200, "broken", "Content-Type", "text/plain")
	// May is a revisit of March; June's record is unreadable and unique.
	caps := arc.caps[page]
	caps[2].info.Digest = caps[0].info.Digest
	captures := arc.Captures
	load := func(ctx context.Context, c CaptureInfo) (*ArchivedResponse, error) {
		if c.Time.Month() >= 5 {
			return nil, errors.New("revisit records have no payload")
		}
		return arc.Load(ctx, c)
	}
	replay := httptest.NewServer(NewReplay(Config{Captures: captures, Load: load}))
	defer replay.Close()

	res := get(t, replay.URL+"/archive/20220501090000/"+page)
	if res.Status != 200 || string(res.Body) != "original" || res.Header.Get("Memento-Datetime") != "Sun, 01 May 2022 09:00:00 GMT" {
		t.Errorf("revisit: status %d, body %q, Memento-Datetime %q", res.Status, res.Body, res.Header.Get("Memento-Datetime"))
	}
	if res := get(t, replay.URL+"/archive/20220601090000/"+page); res.Status != 500 {
		t.Errorf("unreadable capture: status %d, want 500", res.Status)
	}
}
