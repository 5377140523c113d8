package web

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gazette-news/gazette/search"
	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/gorilla/mux"
)

// loadOpenAPI loads the embedded document with kin-openapi and validates
// it as OpenAPI 3.1, examples included.
func loadOpenAPI(t *testing.T) *openapi3.T {
	t.Helper()
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(openAPIDocument)
	if err != nil {
		t.Fatalf("loading openapi.json: %v", err)
	}
	if doc.OpenAPI != "3.1.0" || !doc.IsOpenAPI31OrLater() {
		t.Fatalf("openapi.json says OpenAPI %q, want 3.1.0", doc.OpenAPI)
	}
	if err := doc.Validate(loader.Context, openapi3.EnableExamplesValidation()); err != nil {
		t.Fatalf("openapi.json is not a valid OpenAPI 3.1 document: %v", err)
	}
	return doc
}

// documented lists the document's operations as "METHOD /path/{param}".
func documented(doc *openapi3.T) map[string]bool {
	out := map[string]bool{}
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			out[method+" "+path] = true
		}
	}
	return out
}

// routeParam matches a gorilla/mux variable with its pattern, "{id:[0-9]+}".
var routeParam = regexp.MustCompile(`\{([^}:]+):[^}]*\}`)

// served lists the routes of r as "METHOD /path/{param}". HEAD goes with
// GET and is not listed; a route without methods fails the test, since
// the document could not say what it answers.
func served(t *testing.T, r *mux.Router) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	err := r.Walk(func(route *mux.Route, _ *mux.Router, _ []*mux.Route) error {
		tmpl, err := route.GetPathTemplate()
		if err != nil {
			return nil // a route without a path (a matcher group) serves nothing itself
		}
		tmpl = routeParam.ReplaceAllString(tmpl, "{$1}")
		methods, err := route.GetMethods()
		if err != nil {
			t.Errorf("route %s accepts any method: give it .Methods(...)", tmpl)
			return nil
		}
		for _, m := range methods {
			if m == http.MethodHead && slices.Contains(methods, http.MethodGet) {
				continue
			}
			out[m+" "+tmpl] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestOpenAPIDescribesEveryRoute walks the routers of both listeners and
// fails on any route (API, UI, feeds, admin) missing from openapi.json, or
// documented there but not served.
func TestOpenAPIDescribesEveryRoute(t *testing.T) {
	doc := documented(loadOpenAPI(t))
	s := newServer(Config{Search: openIndex(t), Metrics: newMetrics(t)})
	routes := served(t, s.publicRouter())
	for op := range served(t, s.adminRouter()) {
		routes[op] = true
	}
	routes[http.MethodGet+" "+archiveRoute] = true // served before the router, see archivePaths
	for op := range routes {
		if !doc[op] {
			t.Errorf("%s is served but not described in web/openapi.json: document it (parameters, responses, errors)", op)
		}
	}
	for op := range doc {
		if !routes[op] {
			t.Errorf("%s is described in web/openapi.json but not served", op)
		}
	}
}

// matchPath matches a request path to a path template of the document: a
// {param} is one segment, or the rest of the path when it is the last one
// (as /archive/{timestamp}/{url} needs).
func matchPath(tmpl, path string) (map[string]string, bool) {
	ts, ps := strings.Split(tmpl, "/"), strings.Split(path, "/")
	params := map[string]string{}
	for i, seg := range ts {
		if i >= len(ps) {
			return nil, false
		}
		name, isParam := strings.CutPrefix(seg, "{")
		if !isParam {
			if seg != ps[i] {
				return nil, false
			}
			continue
		}
		name = strings.TrimSuffix(name, "}")
		if i == len(ts)-1 {
			params[name] = strings.Join(ps[i:], "/")
			return params, params[name] != ""
		}
		params[name] = ps[i]
	}
	return params, len(ts) == len(ps)
}

// findOperation finds the documented operation of a request; literal
// paths win over templates.
func findOperation(doc *openapi3.T, method, path string) (*routers.Route, map[string]string) {
	var best *routers.Route
	var bestParams map[string]string
	for tmpl, item := range doc.Paths.Map() {
		op := item.GetOperation(method)
		if op == nil {
			continue
		}
		params, ok := matchPath(tmpl, path)
		if !ok || (best != nil && len(params) >= len(bestParams)) {
			continue
		}
		best = &routers.Route{Spec: doc, Path: tmpl, PathItem: item, Method: method, Operation: op}
		bestParams = params
	}
	return best, bestParams
}

// conformanceCase is one real request of the conformance test.
type conformanceCase struct {
	name    string
	server  string // "main" (default), "unready" or "noadmin"
	method  string // GET unless set
	target  string // path and query
	body    string // JSON request body
	form    string // form request body (application/x-www-form-urlencoded)
	token   string // admin token to send
	ifMatch bool   // send the ETag of a first answer back (If-None-Match)
	want    int
}

// conformanceCases exercise every documented operation and every status
// it documents (except 500). Add a case for each route or status you
// document.
var conformanceCases = []conformanceCase{
	{name: "search", target: "/api/v1/search?q=Izium&place=707292&from=2022-01-01&to=2022-12-31&sort=newest&page=1&size=5", want: 200},
	{name: "search everything", target: "/api/v1/search", want: 200},
	{name: "search facets", target: "/api/v1/search?lang=en&lang=ru&undated=include&interval=month&more=places&more=sites", want: 200},
	{name: "search undated only", target: "/api/v1/search?undated=only", want: 200},
	{name: "compare", target: "/api/v1/timeline?q=Izium&q=Kharkiv&lang=en&interval=month", want: 200},
	{name: "compare six queries", target: "/api/v1/timeline?q=a&q=b&q=c&q=d&q=e&q=f", want: 400},
	{name: "compare timeout", server: "slow", target: "/api/v1/timeline?q=Izium", want: 503},
	{name: "compare page", target: "/compare?q=Izium&q=Kharkiv", want: 200},
	{name: "compare page, the form", target: "/compare", want: 200},
	{name: "compare page six queries", target: "/compare?q=a&q=b&q=c&q=d&q=e&q=f", want: 400},
	{name: "compare page timeout", server: "slow", target: "/compare?q=Izium", want: 503},
	{name: "search bad sort", target: "/api/v1/search?sort=sideways", want: 400},
	{name: "search query language", target: "/api/v1/search?q=%28Izium+OR+Kharkiv%29+NOT+published%3A2021&near=707292&km=100&bbox=30,40,40,55", want: 200},
	{name: "search suggestion", target: "/api/v1/search?q=Iziumm", want: 200},
	{name: "search bad query", target: "/api/v1/search?q=%28Izium", want: 400},
	{name: "search unknown place", target: "/api/v1/search?place=Izyum", want: 400},
	{name: "article", target: "/api/v1/articles/{first}", want: 200},
	{name: "article unknown", target: "/api/v1/articles/nope", want: 404},
	{name: "captures", target: "/api/v1/captures?url=https://news.example/a.html", want: 200},
	{name: "captures none", target: "/api/v1/captures?url=https://news.example/never.html", want: 200},
	{name: "captures without url", target: "/api/v1/captures", want: 400},
	{name: "places", target: "/api/v1/places?prefix=Izy&limit=5", want: 200},
	{name: "places without prefix", target: "/api/v1/places", want: 400},
	{name: "places without gazetteer", server: "noadmin", target: "/api/v1/places?prefix=Izy", want: 404},
	{name: "place", target: "/api/v1/places/707292", want: 200},
	{name: "place unknown", target: "/api/v1/places/0", want: 404},
	{name: "start crawl", method: "POST", target: "/api/v1/crawls", token: "s3cret", body: `{"seeds":["https://news.example/"],"depth":1}`, want: 202},
	{name: "start the same crawl", method: "POST", target: "/api/v1/crawls", token: "s3cret", body: `{"seeds":["https://news.example/"],"depth":1}`, want: 409},
	{name: "start crawl bad body", method: "POST", target: "/api/v1/crawls", token: "s3cret", body: `{"seeds":[]}`, want: 400},
	{name: "start crawl no token", method: "POST", target: "/api/v1/crawls", body: `{"seeds":["https://news.example/"]}`, want: 401},
	{name: "start crawl disabled", server: "noadmin", method: "POST", target: "/api/v1/crawls", token: "s3cret", body: `{"seeds":["https://news.example/"]}`, want: 403},
	{name: "crawls", target: "/api/v1/crawls", token: "s3cret", want: 200},
	{name: "crawls no token", target: "/api/v1/crawls", want: 401},
	{name: "crawls disabled", server: "noadmin", target: "/api/v1/crawls", token: "s3cret", want: 403},
	{name: "crawl", target: "/api/v1/crawls/crawla", token: "s3cret", want: 200},
	{name: "crawl unknown", target: "/api/v1/crawls/nope", token: "s3cret", want: 404},
	{name: "crawl no token", target: "/api/v1/crawls/crawla", want: 401},
	{name: "crawl disabled", server: "noadmin", target: "/api/v1/crawls/crawla", token: "s3cret", want: 403},
	{name: "openapi", target: "/api/v1/openapi.json", want: 200},
	{name: "api docs", target: "/api", want: 200},
	{name: "help", target: "/help", want: 200},
	{name: "healthz", target: "/healthz", want: 200},
	{name: "readyz", target: "/readyz", want: 200},
	{name: "readyz failing", server: "unready", target: "/readyz", want: 503},
	{name: "metrics", target: "/metrics", want: 200},
	{name: "search page", target: "/?q=Izium&sort=oldest", want: 200},
	{name: "search page place by name", target: "/?q=&where=Izium", want: 303},
	{name: "search page bad date", target: "/?from=yesterday", want: 400},
	{name: "article page", target: "/articles/{first}", want: 200},
	{name: "article page unknown", target: "/articles/nope", want: 404},
	{name: "stylesheet", target: "/static/style.css", want: 200},
	{name: "script", target: "/static/places.js", want: 200},
	{name: "icon", target: "/static/favicon.svg", want: 200},
	{name: "static unknown", target: "/static/nope.css", want: 404},
	{name: "replay", target: "/archive/20240102030405/https://news.example/a.html", want: 200},
	{name: "replay bad timestamp", target: "/archive/yesterday/https://news.example/a.html", want: 400},
	{name: "replay unknown", target: "/archive/20240102030405/https://news.example/never.html", want: 404},
	{name: "atom feed", target: "/feed.atom?q=Izium", want: 200},
	{name: "atom feed again", target: "/feed.atom?q=Izium", ifMatch: true, want: 304},
	{name: "atom feed bad place list", target: "/feed.atom?from=2022-13-01", want: 400},
	{name: "json feed", target: "/feed.json?q=Izium&lang=en", want: 200},
	{name: "json feed again", target: "/feed.json?q=Izium&lang=en", ifMatch: true, want: 304},
	{name: "json feed bad date", target: "/feed.json?to=soon", want: 400},
	{name: "suggest", target: "/api/v1/suggest?q=Izy&limit=5", want: 200},
	{name: "suggest nothing typed", target: "/api/v1/suggest", want: 200},
	{name: "suggest bad limit", target: "/api/v1/suggest?q=Izy&limit=0", want: 400},
	{name: "opensearch", target: "/opensearch.xml", want: 200},
	{name: "export csv", target: "/api/v1/export?format=csv&q=Izium", want: 200},
	{name: "export jsonl", target: "/api/v1/export?format=jsonl&lang=en&sort=newest", want: 200},
	{name: "export bad format", target: "/api/v1/export?format=xlsx", want: 400},
	{name: "wacz", method: "POST", target: "/api/v1/export/wacz?q=Izium", token: "s3cret", want: 200},
	{name: "wacz form token", method: "POST", target: "/api/v1/export/wacz", form: "token=s3cret&q=Izium", want: 200},
	{name: "wacz bad date", method: "POST", target: "/api/v1/export/wacz?from=soon", token: "s3cret", want: 400},
	{name: "wacz no token", method: "POST", target: "/api/v1/export/wacz?q=Izium", want: 401},
	{name: "wacz disabled", server: "noadmin", method: "POST", target: "/api/v1/export/wacz?q=Izium", token: "s3cret", want: 403},
	{name: "wacz nothing found", method: "POST", target: "/api/v1/export/wacz?q=zzyzzyx", token: "s3cret", want: 404},
	{name: "backup", method: "POST", target: "/api/v1/backup", token: "s3cret", want: 200},
	{name: "backup no token", method: "POST", target: "/api/v1/backup", want: 401},
	{name: "backup disabled", server: "noadmin", method: "POST", target: "/api/v1/backup", token: "s3cret", want: 403},
	{name: "backup fails", server: "slow", method: "POST", target: "/api/v1/backup", token: "s3cret", want: 500},
	{name: "start crawl huge body", method: "POST", target: "/api/v1/crawls", token: "s3cret", body: `{"seeds":["https://news.example/` + strings.Repeat("a", 1<<20) + `"]}`, want: 413},
	// A server whose index never answers in time: every search times out.
	{name: "search timeout", server: "slow", target: "/api/v1/search?q=Izium", want: 503},
	{name: "search page timeout", server: "slow", target: "/?q=Izium", want: 503},
	{name: "export timeout", server: "slow", target: "/api/v1/export?format=csv", want: 503},
	{name: "atom feed timeout", server: "slow", target: "/feed.atom?q=Izium", want: 503},
	{name: "json feed timeout", server: "slow", target: "/feed.json?q=Izium", want: 503},
	{name: "places timeout", server: "slow", target: "/api/v1/places?prefix=Izy", want: 503},
	{name: "wacz timeout", server: "slow", method: "POST", target: "/api/v1/export/wacz?q=Izium", token: "s3cret", want: 503},
}

// unreachable are documented answers no conformance case can bring about,
// with the reason.
var unreachable = map[string]string{
	"POST /api/v1/export/wacz 409": "needs a second WACZ export while one runs",
	"POST /api/v1/backup 409":      "needs a second backup while one runs (see TestBackupEndpoint)",
	"POST /api/v1/crawls 408":      "needs a client that stops sending its body",
}

// stalledSearcher is an index that never answers before the deadline.
type stalledSearcher struct{ Searcher }

func (stalledSearcher) Search(ctx context.Context, _ search.Request) (*search.Result, error) {
	<-ctx.Done()
	return nil, ctx.Err()
}

func (stalledSearcher) Compare(ctx context.Context, _ search.Request, _ []string) (*search.Comparison, error) {
	<-ctx.Done()
	return nil, ctx.Err()
}

// registerTestDecoders lets openapi3filter read the response bodies that
// are not JSON (it validates them as strings).
func registerTestDecoders() {
	for _, ct := range []string{"text/html", "text/css", "text/javascript", "image/svg+xml", "application/atom+xml", "application/openmetrics-text",
		"application/opensearchdescription+xml", "text/csv", "application/x-ndjson", "application/zip"} {
		openapi3filter.RegisterBodyDecoder(ct, openapi3filter.PlainBodyDecoder)
	}
	for _, ct := range []string{"application/feed+json", "application/x-suggestions+json"} {
		openapi3filter.RegisterBodyDecoder(ct, openapi3filter.JSONBodyDecoder)
	}
}

// TestOpenAPIConformance sends real requests for every documented
// operation to servers over loopback (a real Bleve index with the fixture
// articles) and validates requests, status codes, content types and
// bodies against openapi.json with kin-openapi. It fails when an operation
// or a documented status has no case.
func TestOpenAPIConformance(t *testing.T) {
	doc := loadOpenAPI(t)
	registerTestDecoders()

	arc := newFakeArchive()
	arc.add("https://news.example/a.html", date(2024, 1, 2, 3, 4), 200, "<html><body>archived</body></html>", "Content-Type", "text/html")
	replay := httptest.NewServer(NewReplay(Config{Captures: arc.Captures, Load: arc.Load}))
	t.Cleanup(replay.Close)
	ix := openIndex(t)
	var broken atomic.Bool
	broken.Store(true)
	servers := map[string]*httptest.Server{
		"main": newTestServer(t, Config{Search: ix, Places: newFakeGazetteer(), Captures: arc.Captures, Load: arc.Load,
			ReplayOrigin: replay.URL, Crawler: &fakeCrawler{}, AdminToken: "s3cret", Metrics: newMetrics(t),
			ExportWACZ: recordingExporter{}.export, Backup: func(_ context.Context, w io.Writer) error {
				_, err := io.WriteString(w, "tar bytes")
				return err
			},
			Ready: []ReadyCheck{{Name: "index", Check: func(context.Context) error { return nil }}}}),
		"unready": newTestServer(t, Config{Search: ix, Ready: []ReadyCheck{{Name: "archive", Check: func(context.Context) error {
			if broken.Load() {
				return errors.New("cannot write to the archive")
			}
			return nil
		}}}}),
		"noadmin": newTestServer(t, Config{Search: ix, Crawler: &fakeCrawler{}}),
		"slow": newTestServer(t, Config{Search: stalledSearcher{ix}, Places: newFakeGazetteer(), AdminToken: "s3cret",
			ExportWACZ: recordingExporter{}.export, Backup: func(context.Context, io.Writer) error { return errors.New("the disk is full") }, Limits: Limits{SearchTimeout: 50 * time.Millisecond}}),
	}
	first := fixtureDocs(t)[0].ID
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	send := func(c conformanceCase, method, target, etag string) (*http.Request, *http.Response, []byte) {
		t.Helper()
		srv := servers[c.server]
		if srv == nil {
			srv = servers["main"]
		}
		var body io.Reader
		switch {
		case c.body != "":
			body = strings.NewReader(c.body)
		case c.form != "":
			body = strings.NewReader(c.form)
		}
		req, err := http.NewRequest(method, srv.URL+target, body)
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case c.body != "":
			req.Header.Set("Content-Type", "application/json")
		case c.form != "":
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		if c.token != "" {
			req.Header.Set("Authorization", "Bearer "+c.token)
		}
		if etag != "" {
			req.Header.Set("If-None-Match", etag)
		}
		res, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, err := io.ReadAll(res.Body)
		if err != nil {
			t.Fatal(err)
		}
		return req, res, b
	}

	seen := map[string]bool{} // "METHOD /template STATUS"
	for _, c := range conformanceCases {
		t.Run(c.name, func(t *testing.T) {
			method := c.method
			if method == "" {
				method = http.MethodGet
			}
			target := strings.ReplaceAll(c.target, "{first}", first)
			etag := ""
			if c.ifMatch {
				_, res, _ := send(c, method, target, "")
				if etag = res.Header.Get("ETag"); etag == "" {
					t.Fatalf("%s %s: no ETag to send back", method, target)
				}
			}
			req, res, body := send(c, method, target, etag)
			if res.StatusCode != c.want {
				t.Fatalf("%s %s: status %d, want %d; body: %.300s", method, target, res.StatusCode, c.want, body)
			}
			route, params := findOperation(doc, method, req.URL.Path)
			if route == nil {
				t.Fatalf("%s %s: no operation in openapi.json describes it", method, req.URL.Path)
			}
			seen[method+" "+route.Path+" "+strconv.Itoa(res.StatusCode)] = true
			// The request must match the document when the server took it.
			if c.body != "" || c.form != "" {
				req.Body = io.NopCloser(strings.NewReader(c.body + c.form))
			}
			opts := &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, IncludeResponseStatus: true, MultiError: true}
			in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route, Options: opts}
			if res.StatusCode < 400 {
				if err := openapi3filter.ValidateRequest(context.Background(), in); err != nil {
					t.Errorf("%s %s: the request does not match the document: %v", method, target, err)
				}
			}
			err := openapi3filter.ValidateResponse(context.Background(), &openapi3filter.ResponseValidationInput{
				RequestValidationInput: in, Status: res.StatusCode, Header: res.Header,
				Body: io.NopCloser(bytes.NewReader(body)), Options: opts,
			})
			if err != nil {
				t.Errorf("%s %s: the response (%d, %s) does not match the document: %v\nbody: %.500s",
					method, target, res.StatusCode, res.Header.Get("Content-Type"), err, body)
			}
			// openapi3filter accepts any body for a status without
			// content; check that one documented with content has its
			// type.
			if rr := route.Operation.Responses.Status(res.StatusCode); rr != nil && len(rr.Value.Content) > 0 {
				if ct := res.Header.Get("Content-Type"); rr.Value.Content.Get(ct) == nil {
					t.Errorf("%s %s: Content-Type %q is not documented", method, target, ct)
				}
			}
		})
	}

	// Every operation, and each status it documents, was exercised.
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			for status := range op.Responses.Map() {
				if status == "500" || status == "default" {
					continue // server faults cannot be produced on purpose
				}
				if _, ok := unreachable[method+" "+path+" "+status]; ok {
					continue
				}
				if !seen[method+" "+path+" "+status] {
					t.Errorf("no conformance case gets %s from %s %s: add one to conformanceCases", status, method, path)
				}
			}
		}
	}
}
