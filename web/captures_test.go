package web

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

func TestAPICaptures(t *testing.T) {
	arc := newFakeArchive()
	const page = "https://eastmere.example/news/harbour.html?id=7"
	arc.add(page, date(2022, 6, 1, 8, 30), 200, "v2", "Content-Type", "text/html")
	arc.add(page, date(2022, 3, 9, 12, 0), 404, "v1", "Content-Type", "text/html")
	main, replay := replayServers(t, arc)

	var got []captureJSON
	getJSON(t, main.URL+"/api/v1/captures?url="+url.QueryEscape(page), 200, &got)
	want := []captureJSON{
		{URL: page, Time: "2022-03-09T12:00:00Z", Timestamp: "20220309120000", Status: 404, Digest: "sha1:FAKE1", MIME: "text/html",
			Replay: "/archive/20220309120000/" + page, ReplayRaw: replay.URL + "/archive/20220309120000/" + page},
		{URL: page, Time: "2022-06-01T08:30:00Z", Timestamp: "20220601083000", Status: 200, Digest: "sha1:FAKE0", MIME: "text/html",
			Replay: "/archive/20220601083000/" + page, ReplayRaw: replay.URL + "/archive/20220601083000/" + page},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d captures, want %d: %+v", len(got), len(want), got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("capture %d:\n got %+v\nwant %+v", i, got[i], want[i])
		}
	}
	// The replay link works on the main origin and the raw one on the replay origin.
	if res := get(t, main.URL+got[1].Replay); res.Status != 200 {
		t.Errorf("GET %s: %d", got[1].Replay, res.Status)
	}
	if res := get(t, got[1].ReplayRaw); res.Status != 200 || string(res.Body) != "v2" {
		t.Errorf("GET %s: %d %q", got[1].ReplayRaw, res.Status, res.Body)
	}

	// Never archived: an empty list, not null.
	res := getJSON(t, main.URL+"/api/v1/captures?url="+url.QueryEscape("https://never.example/"), 200, nil)
	if strings.TrimSpace(string(res.Body)) != "[]" {
		t.Errorf("no captures: body %s, want []", res.Body)
	}

	// No url: 400 in the API's error shape.
	var e errorBody
	getJSON(t, main.URL+"/api/v1/captures", 400, &e)
	if e.Error.Code != "bad_request" || !strings.Contains(e.Error.Message, "url") {
		t.Errorf("missing url: %+v", e)
	}
	getJSON(t, main.URL+"/api/v1/captures?url=", 400, nil)
	if res := do(t, http.MethodPost, main.URL+"/api/v1/captures?url=x"); res.Status != 405 {
		t.Errorf("POST: %d, want 405", res.Status)
	}
}

func TestAPICapturesWithoutReplayOrArchive(t *testing.T) {
	arc := newFakeArchive()
	arc.add("https://eastmere.example/", date(2022, 3, 9, 12, 0), 200, "x", "Content-Type", "text/html")
	srv := newTestServer(t, Config{Captures: arc.Captures}) // no Load, no replay origin
	var got []captureJSON
	getJSON(t, srv.URL+"/api/v1/captures?url=https://eastmere.example/", 200, &got)
	if len(got) != 1 || got[0].Replay != "" || got[0].ReplayRaw != "" {
		t.Errorf("without replay: %+v, want one capture without replay links", got)
	}

	none := newTestServer(t, Config{})
	res := getJSON(t, none.URL+"/api/v1/captures?url=https://eastmere.example/", 200, nil)
	if strings.TrimSpace(string(res.Body)) != "[]" {
		t.Errorf("without an archive: %s, want []", res.Body)
	}

	failing := newTestServer(t, Config{Captures: func(string) ([]CaptureInfo, error) { return nil, errors.New("disk on fire") }})
	var e errorBody
	getJSON(t, failing.URL+"/api/v1/captures?url=https://eastmere.example/", 500, &e)
	if strings.Contains(e.Error.Message, "disk") {
		t.Errorf("archive error leaked to the client: %+v", e)
	}
}

// TestUIArticleTimeline checks the article page's capture timeline links
// each capture to its framed replay.
func TestUIArticleTimeline(t *testing.T) {
	arc := newFakeArchive()
	const page = "https://morning-courier.example/2022/03/izium-bridge" // the URL of fixture article ...01
	arc.add(page, date(2022, 3, 9, 12, 0), 200, "v1", "Content-Type", "text/html")
	arc.add(page, date(2022, 6, 1, 8, 30), 200, "v2", "Content-Type", "text/html")
	main, _ := replayServers(t, arc)
	doc := getPage(t, main.URL+"/articles/a1000000000000000000000000000001", 200)
	if got := doc.Find(".captures-count").Text(); got != "Archived 2 times" {
		t.Errorf("captures count = %q", got)
	}
	links := doc.Find(".captures a.replay")
	if links.Length() != 2 {
		t.Fatalf("%d replay links, want 2", links.Length())
	}
	if href := links.Eq(1).AttrOr("href", ""); href != "/archive/20220601083000/"+page {
		t.Errorf("second replay link = %q", href)
	}
	if dt := links.Eq(0).Find("time").AttrOr("datetime", ""); dt != "2022-03-09T12:00:00Z" {
		t.Errorf("first capture datetime = %q", dt)
	}
	if n := doc.Find(".captures .unchanged").Length(); n != 0 {
		t.Errorf("%d captures marked unchanged, want 0", n)
	}

	// A recrawl that found the same payload is marked unchanged.
	arc.add(page, date(2022, 7, 1, 0, 0), 200, "v2 again", "Content-Type", "text/html")
	arc.caps[page][2].info.Digest = arc.caps[page][1].info.Digest
	doc = getPage(t, main.URL+"/articles/a1000000000000000000000000000001", 200)
	items := doc.Find(".captures li")
	if items.Length() != 3 || items.Eq(2).Find(".unchanged").Length() != 1 || items.Eq(1).Find(".unchanged").Length() != 0 {
		t.Errorf("timeline after an unchanged recrawl: %q", doc.Find(".captures").Text())
	}
}

// TestUIReplayPage checks the framed replay page on the main origin: the
// banner outside the document, the sandboxed frame on the replay origin,
// the other captures, and a CSP that allows framing only that origin.
func TestUIReplayPage(t *testing.T) {
	arc := newFakeArchive()
	const page = "https://eastmere.example/news/harbour.html"
	arc.add(page, date(2022, 3, 1, 9, 0), 200, "<p>one</p>", "Content-Type", "text/html")
	arc.add(page, date(2022, 6, 1, 9, 0), 200, "<p>two</p>", "Content-Type", "text/html")
	arc.add(page, date(2022, 9, 1, 9, 0), 200, "<p>three</p>", "Content-Type", "text/html")
	main, replay := replayServers(t, arc)

	res := get(t, main.URL+"/archive/20220610/"+page)
	if res.Status != 200 {
		t.Fatalf("status %d: %s", res.Status, res.Body)
	}
	csp := res.Header.Get("Content-Security-Policy")
	if !strings.Contains(csp, "frame-src "+replay.URL) || !strings.Contains(csp, "script-src 'none'") {
		t.Errorf("framing page CSP = %q", csp)
	}
	doc := getPage(t, main.URL+"/archive/20220610/"+page, 200)
	frame := doc.Find("iframe.replay-frame")
	if sb, ok := frame.Attr("sandbox"); !ok || sb != "" {
		t.Errorf("iframe sandbox = %q (present %v), want an empty sandbox attribute", sb, ok)
	}
	if src := frame.AttrOr("src", ""); src != replay.URL+"/archive/20220601090000/"+page {
		t.Errorf("iframe src = %q", src)
	}
	if frame.Closest(".replay-banner").Length() != 0 || doc.Find(".replay-banner iframe").Length() != 0 {
		t.Error("the banner and the frame overlap")
	}
	banner := doc.Find(".replay-banner").Text()
	for _, want := range []string{"Archived page", page, "1 June 2022, 09:00 UTC", "Archived 3 times"} {
		if !strings.Contains(banner, want) {
			t.Errorf("banner lacks %q: %q", want, banner)
		}
	}
	if cur := doc.Find(`.replay-captures [aria-current="true"]`).Text(); cur != "1 June 2022, 09:00 UTC" {
		t.Errorf("current capture = %q", cur)
	}
	var others []string
	doc.Find(".replay-captures a.replay").Each(func(_ int, a *goquery.Selection) { others = append(others, a.AttrOr("href", "")) })
	if strings.Join(others, " ") != "/archive/20220301090000/"+page+" /archive/20220901090000/"+page {
		t.Errorf("links to other captures = %q", others)
	}

	if res := do(t, http.MethodPost, main.URL+"/archive/20220610/"+page); res.Status != 405 {
		t.Errorf("POST to the framed page: %d, want 405", res.Status)
	}
	if res := do(t, http.MethodHead, main.URL+"/archive/20220610/"+page); res.Status != 200 || len(res.Body) != 0 {
		t.Errorf("HEAD of the framed page: %d with %d body bytes", res.Status, len(res.Body))
	}
	for path, status := range map[string]int{
		"/archive/2022-06-10/" + page:                    400,
		"/archive/20220610/":                             400,
		"/archive/20220610/https://never.example/":       404,
		"/archive/20220610/https://eastmere.example/new": 404,
	} {
		if res := get(t, main.URL+path); res.Status != status || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
			t.Errorf("GET %s: status %d (%s), want %d in HTML", path, res.Status, res.Header.Get("Content-Type"), status)
		}
	}
}
