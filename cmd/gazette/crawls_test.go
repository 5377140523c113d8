package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// newsSite serves a small news site on loopback: a home page listing two
// articles. When update is not nil, the footbridge article ends with the
// paragraph it points to, so a test can change the page.
func newsSite(t *testing.T, update *atomic.Pointer[string]) *httptest.Server {
	t.Helper()
	para := func(topic string) string {
		var b strings.Builder
		for i := 1; i <= 5; i++ {
			fmt.Fprintf(&b, "<p>Paragraph %d about the %s. Residents of the district spoke to reporters on the square this week, describing how the work changed their days, what still needs repair and what the council has promised before the first frosts arrive.</p>\n", i, topic)
		}
		return b.String()
	}
	pages := map[string]string{
		"/robots.txt": "User-agent: *\nAllow: /\n",
		"/": `<html><head><title>Valley Post</title></head><body><h1>Valley Post</h1>
<ul><li><a href="/news/ferry.html">Ferry</a></li><li><a href="/news/bridge.html?utm_source=home">Bridge</a></li></ul></body></html>`,
		"/news/ferry.html": `<html lang="en"><head><title>Ferry crossing reopens on the river</title></head><body><article><h1>Ferry crossing reopens on the river</h1>` +
			para("ferry crossing") + `</article></body></html>`,
		"/news/bridge.html": `<html lang="en"><head><title>Footbridge repairs finish early</title></head><body><article><h1>Footbridge repairs finish early</h1>` +
			para("footbridge repairs") + `</article></body></html>`,
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, ok := pages[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		if p := update; r.URL.Path == "/news/bridge.html" && p != nil && p.Load() != nil {
			body = strings.Replace(body, "</article>", "<p>"+*p.Load()+"</p></article>", 1)
		}
		if r.URL.Path == "/robots.txt" {
			w.Header().Set("Content-Type", "text/plain")
		} else {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
		}
		io.WriteString(w, body)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func apiCall(t *testing.T, method, url, token, body string) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(method, url, bytes.NewBufferString(body))
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var v map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&v); err != nil {
		t.Fatalf("%s %s: body is not JSON: %v", method, url, err)
	}
	return resp.StatusCode, v
}

// TestCrawlAPI starts a crawl through the API of a running server and
// follows it to the end: the admin token is required, bad requests are
// refused with 400, and the crawled articles become searchable.
func TestCrawlAPI(t *testing.T) {
	site := newsSite(t, nil)
	srv := startServe(t, "--admin-token", "s3cret", "--allow-private")
	defer srv.stop()
	crawls := srv.base + "/api/v1/crawls"
	seed := `{"seeds":["` + site.URL + `/"],"depth":1}`

	for _, c := range []struct {
		name, token, body string
		status            int
		code              string
	}{
		{"no token", "", seed, 401, "unauthorized"},
		{"wrong token", "guess", seed, 401, "unauthorized"},
		{"not JSON", "s3cret", `seeds=x`, 400, "bad_request"},
		{"no seeds", "s3cret", `{"seeds":[]}`, 400, "bad_request"},
		{"not a URL", "s3cret", `{"seeds":["ftp://x.example/"]}`, 400, "bad_request"},
		{"bad scope", "s3cret", `{"seeds":["https://x.example/"],"scope":"world"}`, 400, "bad_request"},
		{"unknown field", "s3cret", `{"seeds":["https://x.example/"],"speed":"max"}`, 400, "bad_request"},
	} {
		status, body := apiCall(t, "POST", crawls, c.token, c.body)
		errObj, _ := body["error"].(map[string]any)
		if status != c.status || errObj["code"] != c.code {
			t.Errorf("%s: %d %v, want %d %s", c.name, status, body, c.status, c.code)
		}
	}
	if status, _ := apiCall(t, "GET", crawls, "", ""); status != 401 {
		t.Errorf("listing crawls without the token: %d, want 401", status)
	}

	status, started := apiCall(t, "POST", crawls, "s3cret", seed)
	if status != 202 || started["state"] != "running" {
		t.Fatalf("starting a crawl: %d %v", status, started)
	}
	id, _ := started["id"].(string)
	var final map[string]any
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		_, final = apiCall(t, "GET", crawls+"/"+id, "s3cret", "")
		if final["state"] != "running" {
			break
		}
	}
	stats, _ := final["stats"].(map[string]any)
	if final["state"] != "finished" || stats["indexed"] != float64(2) || stats["errors"] != float64(0) {
		t.Fatalf("crawl ended as %v", final)
	}
	if status, list := apiCall(t, "GET", crawls, "s3cret", ""); status != 200 || len(list["crawls"].([]any)) != 1 {
		t.Errorf("crawl list: %d %v", status, list)
	}
	if status, _ := apiCall(t, "GET", crawls+"/nope", "s3cret", ""); status != 404 {
		t.Errorf("unknown crawl: %d, want 404", status)
	}
	status, res := apiCall(t, "GET", srv.base+"/api/v1/search?q=footbridge", "", "")
	if status != 200 || res["total"] != float64(1) {
		t.Errorf("search for a crawled article: %d %v", status, res["total"])
	}
}

// Without an admin token the crawl API is disabled.
func TestCrawlAPIDisabled(t *testing.T) {
	srv := startServe(t, "--admin-token", "")
	defer srv.stop()
	status, body := apiCall(t, "POST", srv.base+"/api/v1/crawls", "anything", `{"seeds":["https://x.example/"]}`)
	if errObj, _ := body["error"].(map[string]any); status != 403 || errObj["code"] != "forbidden" {
		t.Errorf("crawl API without a configured token: %d %v, want 403 forbidden", status, body)
	}
}

// TestScheduledRecrawl: with --recrawl-every, a crawl made through the API
// is refreshed on schedule, and a changed article is re-indexed.
func TestScheduledRecrawl(t *testing.T) {
	var update atomic.Pointer[string]
	site := newsSite(t, &update)
	srv := startServe(t, "--admin-token", "s3cret", "--allow-private", "--recrawl-every", "2s")
	defer srv.stop()
	status, started := apiCall(t, "POST", srv.base+"/api/v1/crawls", "s3cret", `{"seeds":["`+site.URL+`/"],"depth":1}`)
	if status != 202 {
		t.Fatalf("starting a crawl: %d %v", status, started)
	}
	search := func() float64 {
		_, res := apiCall(t, "GET", srv.base+"/api/v1/search?q=lanterns", "", "")
		return res["total"].(float64)
	}
	// No recrawl of the same seeds runs beside it.
	if status, body := apiCall(t, "POST", srv.base+"/api/v1/crawls", "s3cret", `{"seeds":["`+site.URL+`/"],"depth":1,"recrawl":true}`); status != 409 {
		t.Errorf("a recrawl while the first crawl runs: %d %v, want 409", status, body)
	}
	// Let the first crawl finish: the schedule starts no recrawl of the
	// same seeds while it runs.
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		if _, st := apiCall(t, "GET", srv.base+"/api/v1/crawls/"+started["id"].(string), "s3cret", ""); st["state"] != "running" {
			break
		}
	}
	if n := search(); n != 0 {
		t.Fatalf("the new paragraph is found before it was written: %v", n)
	}
	news := "Volunteers hung paper lanterns along the new railings for the opening evening."
	update.Store(&news)
	for deadline := time.Now().Add(90 * time.Second); time.Now().Before(deadline); time.Sleep(500 * time.Millisecond) {
		if search() == 1 {
			break
		}
	}
	if n := search(); n != 1 {
		t.Fatalf("after scheduled recrawls the changed article is not re-indexed (%v hits)", n)
	}
	_, list := apiCall(t, "GET", srv.base+"/api/v1/crawls", "s3cret", "")
	recrawls := 0
	for _, c := range list["crawls"].([]any) {
		if c.(map[string]any)["recrawl"] == true {
			recrawls++
		}
	}
	if recrawls == 0 {
		t.Errorf("no recrawl listed: %v", list)
	}
}
