package web

import (
	"bytes"
	"net/http"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

func TestOpenAPIServed(t *testing.T) {
	srv := newTestServer(t, Config{})
	res := getJSON(t, srv.URL+"/api/v1/openapi.json", 200, nil)
	if !bytes.Equal(res.Body, openAPIDocument) {
		t.Error("/api/v1/openapi.json is not the embedded document")
	}
}

// TestAPIDocsPage renders /api and checks that every operation of the
// document is on it with its method, path, parameters and responses, and
// that the page needs no script and loads nothing from elsewhere.
func TestAPIDocsPage(t *testing.T) {
	doc := loadOpenAPI(t)
	srv := newTestServer(t, Config{})
	page := getPage(t, srv.URL+"/api", 200)

	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			sec := page.Find("section.api-op#" + op.OperationID)
			if sec.Length() != 1 {
				t.Errorf("%s %s: no section #%s on /api", method, path, op.OperationID)
				continue
			}
			if m, p := sec.Find(".api-method").Text(), sec.Find(".api-path").Text(); m != method || p != path {
				t.Errorf("#%s shows %s %s, want %s %s", op.OperationID, m, p, method, path)
			}
			if !strings.Contains(sec.Text(), op.Summary) {
				t.Errorf("#%s lacks its summary %q", op.OperationID, op.Summary)
			}
			params := map[string]bool{}
			sec.Find("tr.api-param td:first-child code").Each(func(_ int, s *goquery.Selection) { params[s.Text()] = true })
			for _, p := range op.Parameters {
				if !params[p.Value.Name] {
					t.Errorf("#%s does not list parameter %s", op.OperationID, p.Value.Name)
				}
			}
			statuses := map[string]bool{}
			sec.Find("tr.api-response td:first-child code").Each(func(_ int, s *goquery.Selection) { statuses[s.Text()] = true })
			for status := range op.Responses.Map() {
				if !statuses[status] {
					t.Errorf("#%s does not list response %s", op.OperationID, status)
				}
			}
			if op.RequestBody != nil && !strings.Contains(sec.Text(), "Request body") {
				t.Errorf("#%s does not show its request body", op.OperationID)
			}
		}
	}
	// Errors come with their examples, and schemas have their own tables.
	if !strings.Contains(page.Find("#searchArticles").Text(), `"code": "bad_request"`) {
		t.Error("the search operation shows no example of its 400 error")
	}
	if page.Find("#schema-SearchResult tr").Length() < 5 {
		t.Error("the SearchResult schema has no table of its fields")
	}
	if n := page.Find("script").Length(); n != 0 {
		t.Errorf("/api has %d scripts, want none", n)
	}
	page.Find("[src], link[href]").Each(func(_ int, s *goquery.Selection) {
		for _, attr := range []string{"src", "href"} {
			if v, ok := s.Attr(attr); ok && !strings.HasPrefix(v, "/") {
				t.Errorf("/api loads %s from elsewhere", v)
			}
		}
	})
	if res := do(t, http.MethodHead, srv.URL+"/api"); res.Status != 200 || len(res.Body) != 0 {
		t.Errorf("HEAD /api: %d with %d bytes", res.Status, len(res.Body))
	}
}

func TestCodeSpans(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain <b> & text", "plain &lt;b&gt; &amp; text"},
		{"use `q=<x>` here", "use <code>q=&lt;x&gt;</code> here"},
		{"`a` and `b`", "<code>a</code> and <code>b</code>"},
		{"unclosed `tick", "unclosed <code>tick</code>"},
	}
	for _, tt := range tests {
		if got := string(codeSpans(tt.in)); got != tt.want {
			t.Errorf("codeSpans(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
