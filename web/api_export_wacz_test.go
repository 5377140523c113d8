package web

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/gazette-news/gazette/search"
)

// recordingExporter writes the ids of the articles it is given, one a
// line, in place of a WACZ; the real exporter is tested in cmd/gazette.
type recordingExporter struct {
	fail error // returned before writing anything
}

func (e recordingExporter) export(ctx context.Context, w io.Writer, hits []search.Hit, title string) error {
	if e.fail != nil {
		return e.fail
	}
	fmt.Fprintln(w, title)
	for _, h := range hits {
		fmt.Fprintln(w, h.ID)
	}
	return nil
}

// TestExportWACZAuth checks that the WACZ export refuses without the
// admin token, wherever it is sent, and answers with it.
func TestExportWACZAuth(t *testing.T) {
	const token = "s3cret-token"
	srv := newTestServer(t, Config{AdminToken: token, ExportWACZ: recordingExporter{}.export})
	endpoint := srv.URL + "/api/v1/export/wacz"
	form := func(v url.Values) (io.Reader, http.Header) {
		return strings.NewReader(v.Encode()), http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}
	}

	for _, c := range []struct {
		name   string
		url    string
		body   url.Values
		header http.Header
		status int
	}{
		{"no token", endpoint + "?q=Izium", nil, nil, http.StatusUnauthorized},
		{"wrong bearer", endpoint + "?q=Izium", nil, http.Header{"Authorization": {"Bearer nope"}}, http.StatusUnauthorized},
		{"empty form token", endpoint, url.Values{"q": {"Izium"}, "token": {""}}, nil, http.StatusUnauthorized},
		{"wrong form token", endpoint, url.Values{"q": {"Izium"}, "token": {"s3cret"}}, nil, http.StatusUnauthorized},
		{"token in the URL", endpoint + "?q=Izium&token=" + token, nil, nil, http.StatusUnauthorized},
		{"bearer", endpoint + "?q=Izium", nil, http.Header{"Authorization": {"Bearer " + token}}, http.StatusOK},
		{"form token", endpoint, url.Values{"q": {"Izium"}, "token": {token}}, nil, http.StatusOK},
		{"bad search", endpoint, url.Values{"from": {"soon"}, "token": {token}}, nil, http.StatusBadRequest},
		{"nothing found", endpoint, url.Values{"q": {"qqqqzzz"}, "token": {token}}, nil, http.StatusNotFound},
	} {
		var body io.Reader
		h := http.Header{}
		if c.body != nil {
			body, h = form(c.body)
		}
		for k, v := range c.header {
			h[k] = v
		}
		res := doWith(t, http.MethodPost, c.url, body, h)
		if res.Status != c.status {
			t.Errorf("%s: status %d, want %d: %s", c.name, res.Status, c.status, res.Body)
			continue
		}
		if c.status != http.StatusOK {
			if !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") || !strings.Contains(string(res.Body), `"error"`) {
				t.Errorf("%s: not a JSON error: %s", c.name, res.Body)
			}
			continue
		}
		lines := strings.Fields(string(res.Body))
		ids := lines[len(lines)-2:]
		if want := []string{fixtureID(1), fixtureID(4)}; !slices.Equal(ids, want) {
			t.Errorf("%s: exported %q, want the two Izium articles oldest first %q", c.name, ids, want)
		}
		if !strings.Contains(res.Header.Get("Content-Disposition"), `filename=gazette-izium.wacz`) || res.Header.Get(headerExportTotal) != "2" {
			t.Errorf("%s: headers %v", c.name, res.Header)
		}
	}
	if res := doWith(t, http.MethodGet, endpoint+"?q=Izium", nil, http.Header{"Authorization": {"Bearer " + token}}); res.Status != http.StatusMethodNotAllowed {
		t.Errorf("GET: status %d, want 405", res.Status)
	}
}

// TestExportWACZDisabled checks that without an admin token or an
// exporter the endpoint is off, and that an exporter failing before it
// writes gives a clean 500.
func TestExportWACZDisabled(t *testing.T) {
	for _, cfg := range []Config{{}, {AdminToken: "t"}, {ExportWACZ: recordingExporter{}.export}} {
		srv := newTestServer(t, cfg)
		res := doWith(t, http.MethodPost, srv.URL+"/api/v1/export/wacz?q=Izium", nil, http.Header{"Authorization": {"Bearer t"}})
		if res.Status != http.StatusForbidden {
			t.Errorf("token %q, exporter %v: status %d, want 403", cfg.AdminToken, cfg.ExportWACZ != nil, res.Status)
		}
	}
	srv := newTestServer(t, Config{AdminToken: "t", ExportWACZ: recordingExporter{fail: errors.New("archive on fire")}.export})
	res := doWith(t, http.MethodPost, srv.URL+"/api/v1/export/wacz?q=Izium", nil, http.Header{"Authorization": {"Bearer t"}})
	if res.Status != http.StatusInternalServerError || strings.Contains(string(res.Body), "fire") {
		t.Errorf("failing exporter: status %d, body %s; want a generic 500", res.Status, res.Body)
	}
}

// TestSearchPageDownloads checks the results page's download links and
// the admin's WACZ form, which carries the search.
func TestSearchPageDownloads(t *testing.T) {
	srv := newTestServer(t, Config{AdminToken: "t", ExportWACZ: recordingExporter{}.export})
	doc := getPage(t, srv.URL+"/?q=Kharkiv&place=UA&sort=newest&page=1&size=20", http.StatusOK)
	csvHref, _ := doc.Find(`a.download-csv`).Attr("href")
	jsonlHref, _ := doc.Find(`a.download-jsonl`).Attr("href")
	if csvHref != "/api/v1/export?format=csv&place=UA&q=Kharkiv&sort=newest" || jsonlHref != "/api/v1/export?format=jsonl&place=UA&q=Kharkiv&sort=newest" {
		t.Errorf("download links %q and %q", csvHref, jsonlHref)
	}
	if text := strings.Join(strings.Fields(doc.Find(`.downloads`).Text()), " "); text != "Download all 2 articles as CSV / JSON Lines" {
		t.Errorf("downloads say %q", text)
	}
	if res := get(t, srv.URL+csvHref); res.Status != http.StatusOK || res.Header.Get(headerExportTotal) != "2" {
		t.Errorf("following the CSV link: status %d, total %q", res.Status, res.Header.Get(headerExportTotal))
	}
	form := doc.Find(`details.wacz-export form`)
	if method, _ := form.Attr("method"); method != "post" {
		t.Errorf("WACZ form method %q", method)
	}
	if action, _ := form.Attr("action"); action != "/api/v1/export/wacz" {
		t.Errorf("WACZ form action %q", action)
	}
	fields := url.Values{}
	form.Find(`input[type="hidden"]`).Each(func(_ int, in *goquery.Selection) {
		name, _ := in.Attr("name")
		value, _ := in.Attr("value")
		fields.Add(name, value)
	})
	if fields.Encode() != "place=UA&q=Kharkiv" {
		t.Errorf("WACZ form fields %q", fields.Encode())
	}
	if form.Find(`input[type="password"][name="token"]`).Length() != 1 {
		t.Error("the WACZ form has no token field")
	}

	// No downloads of nothing, and no WACZ form without a token.
	doc = getPage(t, srv.URL+"/?q=qqqqzzz", http.StatusOK)
	if n := doc.Find(`a.download, details.wacz-export`).Length(); n != 0 {
		t.Errorf("a search without results offers %d downloads", n)
	}
	capped := newTestServer(t, Config{ExportLimit: 1})
	doc = getPage(t, capped.URL+"/?q=Kharkiv", http.StatusOK)
	if text := strings.Join(strings.Fields(doc.Find(`.downloads`).Text()), " "); text != "Download the first 1 of 2 articles as CSV / JSON Lines" {
		t.Errorf("with a cap of 1, the downloads say %q", text)
	}
	plain := newTestServer(t, Config{})
	doc = getPage(t, plain.URL+"/?q=Kharkiv", http.StatusOK)
	if doc.Find(`a.download-csv`).Length() != 1 || doc.Find(`details.wacz-export`).Length() != 0 {
		t.Error("without an admin token: want the CSV link and no WACZ form")
	}
}
