package web

import (
	"bytes"
	"encoding/csv"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// awaitPromise makes chromedp.Evaluate wait for the promise an expression
// returns.
func awaitPromise(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }

// TestBrowserIntegrations drives a real headless Chromium over a results
// page: the OpenSearch and feed links in its head, the visible feed and
// download links, two downloads (CSV, and the admin's WACZ with the token
// typed into its form), and a cross-origin read of the API from a page of
// an allowed origin, which must not reach the admin endpoints.
// (Browsers do not let a page add a search engine headlessly; the
// rel="search" link is what they act on.)
func TestBrowserIntegrations(t *testing.T) {
	notebook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte("<!doctype html><title>notebook</title><p>a page on another origin</p>"))
	}))
	t.Cleanup(notebook.Close)
	const token = "browser-admin-token"
	srv := newTestServer(t, Config{AdminToken: token, ExportWACZ: recordingExporter{}.export, CORSOrigins: []string{notebook.URL}})
	ctx := newBrowser(t)

	downloads := t.TempDir()
	done := make(chan string, 4) // GUIDs of finished downloads, which are the file names
	chromedp.ListenTarget(ctx, func(ev any) {
		if p, ok := ev.(*browser.EventDownloadProgress); ok && p.State == browser.DownloadProgressStateCompleted {
			done <- p.GUID
		}
	})
	waitDownload := func(what string) []byte {
		t.Helper()
		select {
		case guid := <-done:
			b, err := os.ReadFile(filepath.Join(downloads, guid))
			if err != nil {
				t.Fatalf("%s: %v", what, err)
			}
			return b
		case <-ctx.Done():
			t.Fatalf("%s: the download did not finish: %v", what, ctx.Err())
			return nil
		}
	}

	// The head links and the visible links, as the browser resolves them.
	var heads [][]string
	var follow, csvText, jsonlText string
	err := chromedp.Run(ctx,
		browser.SetDownloadBehavior(browser.SetDownloadBehaviorBehaviorAllowAndName).WithDownloadPath(downloads).WithEventsEnabled(true),
		chromedp.Navigate(srv.URL+"/?q=Kharkiv&sort=newest"),
		chromedp.WaitVisible(`a.download-csv`, chromedp.ByQuery),
		chromedp.Evaluate(`Array.from(document.querySelectorAll('head link[rel="search"], head link[rel="alternate"]'),
			l => [l.rel, l.type, l.href, l.title])`, &heads),
		chromedp.Text(`a.follow`, &follow, chromedp.ByQuery, chromedp.NodeVisible),
		chromedp.Text(`a.download-csv`, &csvText, chromedp.ByQuery, chromedp.NodeVisible),
		chromedp.Text(`a.download-jsonl`, &jsonlText, chromedp.ByQuery, chromedp.NodeVisible),
	)
	if err != nil {
		t.Fatalf("driving Chromium: %v", err)
	}
	want := [][]string{
		{"search", "application/opensearchdescription+xml", srv.URL + "/opensearch.xml", "Gazette"},
		{"alternate", "application/atom+xml", srv.URL + "/feed.atom?q=Kharkiv", "Gazette: Kharkiv"},
		{"alternate", "application/feed+json", srv.URL + "/feed.json?q=Kharkiv", "Gazette: Kharkiv"},
	}
	if !slices.EqualFunc(heads, want, slices.Equal) {
		t.Errorf("head links %q,\nwant %q", heads, want)
	}
	if follow != "Follow this search" || csvText != "CSV" || jsonlText != "JSON Lines" {
		t.Errorf("visible links %q, %q, %q", follow, csvText, jsonlText)
	}

	// Every link answers with the type it declares.
	var answers []string
	err = chromedp.Run(ctx, chromedp.Evaluate(`Promise.all(Array.from(
		document.querySelectorAll('head link[rel="search"], head link[rel="alternate"], a.follow, a.follow-json, a.download'),
		l => fetch(l.href).then(r => r.status + ' ' + r.headers.get('Content-Type').split(';')[0] + ' ' + (l.type || ''))))`,
		&answers, awaitPromise))
	if err != nil {
		t.Fatalf("fetching the links: %v", err)
	}
	if len(answers) != 7 {
		t.Errorf("%d links, want 7: %q", len(answers), answers)
	}
	for _, a := range answers {
		f := strings.Fields(a)
		if len(f) != 3 || f[0] != "200" || f[1] != f[2] {
			t.Errorf("a link answers %q; want 200 and its declared type", a)
		}
	}

	// Download the CSV, then the WACZ with the admin token.
	if err := chromedp.Run(ctx, chromedp.Click(`a.download-csv`, chromedp.ByQuery)); err != nil {
		t.Fatal(err)
	}
	body, ok := bytes.CutPrefix(waitDownload("CSV"), []byte("\xEF\xBB\xBF"))
	rows, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
	if !ok || err != nil || len(rows) != 3 || rows[1][0] != fixtureID(4) || rows[2][0] != fixtureID(3) {
		t.Errorf("downloaded CSV (BOM %v, %v): %q; want the two Kharkiv articles, newest first", ok, err, rows)
	}
	err = chromedp.Run(ctx,
		chromedp.Click(`details.wacz-export summary`, chromedp.ByQuery),
		chromedp.SendKeys(`#wacz-token`, token, chromedp.ByQuery, chromedp.NodeVisible),
		chromedp.Click(`button.download-wacz`, chromedp.ByQuery),
	)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Fields(string(waitDownload("WACZ"))); len(got) < 2 || !slices.Equal(got[len(got)-2:], []string{fixtureID(3), fixtureID(4)}) {
		t.Errorf("the WACZ form exported %q, want the two Kharkiv articles", got)
	}

	// From a page of the allowed origin: the API with a conditional
	// header (a preflight) is readable, the admin endpoints are not.
	var total float64
	var admin []string
	err = chromedp.Run(ctx,
		chromedp.Navigate(notebook.URL+"/"),
		chromedp.Evaluate(`fetch('`+srv.URL+`/api/v1/search?q=Kharkiv', {headers: {'If-None-Match': '"x"'}}).then(r => r.json()).then(j => j.total)`,
			&total, awaitPromise),
		chromedp.Evaluate(`Promise.all([
			fetch('`+srv.URL+`/api/v1/crawls', {headers: {'Authorization': 'Bearer `+token+`'}}),
			fetch('`+srv.URL+`/api/v1/export/wacz?q=Kharkiv', {method: 'POST', headers: {'Authorization': 'Bearer `+token+`'}}),
			fetch('`+srv.URL+`/api/v1/export/wacz?q=Kharkiv', {method: 'POST', body: new URLSearchParams({token: '`+token+`'})}),
		].map(p => p.then(r => 'read ' + r.status, e => 'refused')))`, &admin, awaitPromise),
	)
	if err != nil {
		t.Fatalf("cross-origin fetches: %v", err)
	}
	if total != 2 {
		t.Errorf("cross-origin search total %v, want 2", total)
	}
	if !slices.Equal(admin, []string{"refused", "refused", "refused"}) {
		t.Errorf("cross-origin admin requests: %q, want all refused", admin)
	}
}
