package web

import (
	"net/http"
	"strings"
	"testing"
)

// TestCORS checks who may read what across origins: the read-only API,
// feeds and OpenSearch description, for the configured origins only; the
// admin endpoints and the UI never.
func TestCORS(t *testing.T) {
	const notebook = "https://notebook.example"
	named := newTestServer(t, Config{CORSOrigins: []string{"https://Notebook.example/"}, AdminToken: "t", Crawler: idleCrawler{}, ExportWACZ: recordingExporter{}.export})
	anyOrigin := newTestServer(t, Config{CORSOrigins: []string{"*"}})
	off := newTestServer(t, Config{})

	preflight := func(method, headers string) http.Header {
		h := http.Header{"Origin": {notebook}, "Access-Control-Request-Method": {method}}
		if headers != "" {
			h.Set("Access-Control-Request-Headers", headers)
		}
		return h
	}
	fromNotebook := http.Header{"Origin": {notebook}}
	for _, c := range []struct {
		name       string
		srv        string
		method     string
		path       string
		header     http.Header
		wantOrigin string // Access-Control-Allow-Origin; "" for none
		wantStatus int
	}{
		{"search", named.URL, "GET", "/api/v1/search?q=Izium", fromNotebook, notebook, 200},
		{"HEAD search", named.URL, "HEAD", "/api/v1/search?q=Izium", fromNotebook, notebook, 200},
		{"article", named.URL, "GET", "/api/v1/articles/" + fixtureID(1), fromNotebook, notebook, 200},
		{"export", named.URL, "GET", "/api/v1/export?format=jsonl&q=Izium", fromNotebook, notebook, 200},
		{"suggest", named.URL, "GET", "/api/v1/suggest?q=Izi", fromNotebook, notebook, 200},
		{"feed", named.URL, "GET", "/feed.atom?q=Izium", fromNotebook, notebook, 200},
		{"json feed", named.URL, "GET", "/feed.json", fromNotebook, notebook, 200},
		{"opensearch", named.URL, "GET", "/opensearch.xml", fromNotebook, notebook, 200},
		{"bad request keeps CORS", named.URL, "GET", "/api/v1/search?from=x", fromNotebook, notebook, 400},
		{"other origin", named.URL, "GET", "/api/v1/search", http.Header{"Origin": {"https://evil.example"}}, "", 200},
		{"no origin", named.URL, "GET", "/api/v1/search", nil, "", 200},
		{"UI page", named.URL, "GET", "/?q=Izium", fromNotebook, "", 200},
		{"admin crawls", named.URL, "GET", "/api/v1/crawls", http.Header{"Origin": {notebook}, "Authorization": {"Bearer t"}}, "", 200},
		{"admin WACZ", named.URL, "POST", "/api/v1/export/wacz?q=Izium", http.Header{"Origin": {notebook}, "Authorization": {"Bearer t"}}, "", 200},
		{"preflight", named.URL, "OPTIONS", "/api/v1/search?q=x", preflight("GET", "If-None-Match, Accept"), notebook, 204},
		{"preflight POST", named.URL, "OPTIONS", "/api/v1/search", preflight("POST", ""), "", 204},
		{"preflight Authorization", named.URL, "OPTIONS", "/api/v1/search", preflight("GET", "Authorization"), "", 204},
		{"preflight other origin", named.URL, "OPTIONS", "/api/v1/search", http.Header{"Origin": {"https://evil.example"}, "Access-Control-Request-Method": {"GET"}}, "", 204},
		{"preflight admin crawls", named.URL, "OPTIONS", "/api/v1/crawls", preflight("POST", "Authorization, Content-Type"), "", 405},
		{"preflight admin WACZ", named.URL, "OPTIONS", "/api/v1/export/wacz", preflight("POST", "Authorization"), "", 405},
		{"any origin", anyOrigin.URL, "GET", "/api/v1/search", fromNotebook, "*", 200},
		{"any origin preflight", anyOrigin.URL, "OPTIONS", "/feed.atom", preflight("GET", ""), "*", 204},
		{"off", off.URL, "GET", "/api/v1/search", fromNotebook, "", 200},
		{"off preflight", off.URL, "OPTIONS", "/api/v1/search", preflight("GET", ""), "", 405},
	} {
		res := doWith(t, c.method, c.srv+c.path, nil, c.header)
		got := res.Header.Get("Access-Control-Allow-Origin")
		if got != c.wantOrigin || res.Status != c.wantStatus {
			t.Errorf("%s: status %d, Access-Control-Allow-Origin %q; want %d, %q", c.name, res.Status, got, c.wantStatus, c.wantOrigin)
		}
		if res.Header.Get("Access-Control-Allow-Credentials") != "" {
			t.Errorf("%s: credentials allowed", c.name)
		}
		if c.wantOrigin == "" {
			if h := res.Header.Get("Access-Control-Allow-Methods"); h != "" {
				t.Errorf("%s: Access-Control-Allow-Methods %q without an allowed origin", c.name, h)
			}
			continue
		}
		if c.method == "OPTIONS" {
			if m := res.Header.Get("Access-Control-Allow-Methods"); m != "GET, HEAD" || res.Header.Get("Access-Control-Max-Age") == "" {
				t.Errorf("%s: methods %q, max age %q", c.name, m, res.Header.Get("Access-Control-Max-Age"))
			}
			if c.name == "preflight" && res.Header.Get("Access-Control-Allow-Headers") != "if-none-match, accept" {
				t.Errorf("%s: allowed headers %q", c.name, res.Header.Get("Access-Control-Allow-Headers"))
			}
			continue
		}
		if exp := res.Header.Get("Access-Control-Expose-Headers"); !strings.Contains(exp, "ETag") || !strings.Contains(exp, headerExportTruncated) {
			t.Errorf("%s: exposed headers %q", c.name, exp)
		}
		if c.wantOrigin != "*" && !strings.Contains(strings.Join(res.Header.Values("Vary"), ","), "Origin") {
			t.Errorf("%s: no Vary: Origin", c.name)
		}
	}
}

func TestCheckCORSOrigin(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"*", "*"},
		{"https://Notebook.example/", "https://notebook.example"},
		{"http://127.0.0.1:8888", "http://127.0.0.1:8888"},
		{"notebook.example", ""},
		{"https://notebook.example/lab", ""},
		{"ftp://notebook.example", ""},
		{"https://", ""},
		{"https://a.example, https://b.example", ""},
		{"https://*.example", ""},
	} {
		got, err := CheckCORSOrigin(c.in)
		if got != c.want || (err == nil) != (c.want != "") {
			t.Errorf("%q: %q, %v; want %q", c.in, got, err, c.want)
		}
	}
}

// idleCrawler has never crawled and refuses to start; it turns the admin
// crawl endpoints on for TestCORS.
type idleCrawler struct{}

func (idleCrawler) StartCrawl(CrawlRequest) (CrawlStatus, error) {
	return CrawlStatus{}, &CrawlRequestError{Msg: "not in this test"}
}
func (idleCrawler) Crawls() []CrawlStatus            { return nil }
func (idleCrawler) Crawl(string) (CrawlStatus, bool) { return CrawlStatus{}, false }
