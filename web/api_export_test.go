package web

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"mime"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gazette-news/gazette/search"
)

// exportIndex is the fixture index plus 250 Cyrillic articles about
// Kharkiv and one whose title is a spreadsheet formula: 253 hits for
// place=706483, three chunks of the export's paging.
func exportIndex(t *testing.T) (*search.Index, map[string]search.Doc) {
	t.Helper()
	ix := openIndex(t)
	many := manyDocs(250)
	pub := time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)
	many = append(many, search.Doc{ID: "formula", URL: "https://hostile.example/x", Title: "=HYPERLINK(\"https://evil.example\",\"click\")",
		Author: "+cmd", Lang: "en", Published: &pub, Captured: pub, Places: []search.Place{{ID: "706483", Name: "Kharkiv"}}})
	if err := ix.Put(many...); err != nil {
		t.Fatal(err)
	}
	want := map[string]search.Doc{}
	for _, d := range append(fixtureDocs(t), many...) {
		for _, p := range d.Places {
			if p.ID == "706483" {
				want[d.ID] = d
			}
		}
	}
	if len(want) != 253 {
		t.Fatalf("%d articles about Kharkiv, want 253", len(want))
	}
	return ix, want
}

// TestExportCSV parses a CSV export of a search of three chunks back with
// encoding/csv: every hit once, in order, Cyrillic and quotes intact.
func TestExportCSV(t *testing.T) {
	ix, want := exportIndex(t)
	srv := newTestServer(t, Config{Search: ix})
	res := get(t, srv.URL+"/api/v1/export?format=csv&place=706483&sort=oldest&page=2&size=5")
	if res.Status != http.StatusOK {
		t.Fatalf("status %d: %s", res.Status, res.Body)
	}
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") || !strings.Contains(ct, "charset=utf-8") {
		t.Errorf("Content-Type %q", ct)
	}
	disp, params, err := mime.ParseMediaType(res.Header.Get("Content-Disposition"))
	if err != nil || disp != "attachment" || params["filename"] != "gazette-706483.csv" {
		t.Errorf("Content-Disposition %q: %s %v", res.Header.Get("Content-Disposition"), disp, params)
	}
	if res.Header.Get(headerExportTotal) != "253" || res.Header.Get(headerExportTruncated) != "" {
		t.Errorf("headers: total %q, truncated %q; want 253 and none", res.Header.Get(headerExportTotal), res.Header.Get(headerExportTruncated))
	}
	body, ok := bytes.CutPrefix(res.Body, []byte("\xEF\xBB\xBF"))
	if !ok {
		t.Fatalf("no UTF-8 byte order mark: % x", res.Body[:8])
	}
	if !bytes.Contains(body, []byte("\r\n")) {
		t.Error("lines do not end in CRLF (RFC 4180)")
	}
	// RFC 4180: a field with a comma or quote is quoted, quotes doubled.
	if !bytes.Contains(body, []byte(`,"Харків, новина 7: «обстріл», ""ремонт""; мости",`)) {
		t.Errorf("the Cyrillic title with commas and quotes is not quoted by RFC 4180:\n%.600s", body)
	}
	records, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatalf("encoding/csv cannot read the export: %v", err)
	}
	if !slices.Equal(records[0], csvHeader) {
		t.Errorf("header %q", records[0])
	}
	rows := records[1:]
	if len(rows) != len(want) {
		t.Fatalf("%d rows, want every one of the %d hits", len(rows), len(want))
	}
	seen := map[string]bool{}
	var last string
	for _, row := range rows {
		id := row[0]
		d, ok := want[id]
		if !ok || seen[id] {
			t.Errorf("row %q: unexpected or repeated", row)
			continue
		}
		seen[id] = true
		title := d.Title
		if id == "formula" {
			title = "'" + title // a formula is made text
		}
		if row[1] != d.URL || row[2] != title || row[5] != d.Lang {
			t.Errorf("row %q, want %s %q %s", row, d.URL, title, d.Lang)
		}
		if row[3] < last {
			t.Errorf("row %s published %s before the previous row's %s; want oldest first", id, row[3], last)
		}
		last = row[3]
		if strings.HasPrefix(id, "m") {
			if row[4] != "Харківські вісті" || row[6] != "Олена Петренко" || row[7] != "706483; UA" || row[8] != "Kharkiv; Ukraine" {
				t.Errorf("row %q: site, author or places wrong", row)
			}
		}
	}
	if got := rows[len(rows)-1]; got[0] != "formula" || got[6] != "'+cmd" {
		t.Errorf("last row %q, want the formula article with its author made text", got)
	}
}

// TestExportJSONL reads a JSON Lines export line by line: every hit once,
// with its text.
func TestExportJSONL(t *testing.T) {
	ix, want := exportIndex(t)
	srv := newTestServer(t, Config{Search: ix})
	res := get(t, srv.URL+"/api/v1/export?format=jsonl&place=706483")
	if res.Status != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/x-ndjson") {
		t.Fatalf("status %d, Content-Type %q", res.Status, res.Header.Get("Content-Type"))
	}
	sc := bufio.NewScanner(bytes.NewReader(res.Body))
	sc.Buffer(nil, 1<<20)
	seen := map[string]bool{}
	for n := 1; sc.Scan(); n++ {
		var a article
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			t.Fatalf("line %d: %v: %s", n, err, sc.Bytes())
		}
		d, ok := want[a.ID]
		if !ok || seen[a.ID] {
			t.Errorf("line %d: %s unexpected or repeated", n, a.ID)
			continue
		}
		seen[a.ID] = true
		if a.Text != d.Text || a.Title != d.Title || a.Author != d.Author || a.URL != d.URL || len(a.Places) != len(d.Places) {
			t.Errorf("line %d: %+v\nwant %+v", n, a, d)
		}
	}
	if len(seen) != len(want) {
		t.Errorf("%d articles, want %d", len(seen), len(want))
	}
}

// TestExportCap checks that an export stops at the cap and says so.
func TestExportCap(t *testing.T) {
	ix, _ := exportIndex(t)
	srv := newTestServer(t, Config{Search: ix, ExportLimit: 120})
	res := get(t, srv.URL+"/api/v1/export?format=jsonl&place=706483")
	if res.Header.Get(headerExportTruncated) != "true" || res.Header.Get(headerExportTotal) != "253" || res.Header.Get(headerExportLimit) != "120" {
		t.Errorf("headers truncated %q, total %q, limit %q; want true, 253, 120", res.Header.Get(headerExportTruncated),
			res.Header.Get(headerExportTotal), res.Header.Get(headerExportLimit))
	}
	if n := bytes.Count(res.Body, []byte("\n")); n != 120 {
		t.Errorf("%d lines, want 120", n)
	}
	// A search within the cap is not truncated.
	res = get(t, srv.URL+"/api/v1/export?format=csv&q=Izium")
	if res.Header.Get(headerExportTruncated) != "" || res.Header.Get(headerExportTotal) != "2" {
		t.Errorf("q=Izium: truncated %q, total %q", res.Header.Get(headerExportTruncated), res.Header.Get(headerExportTotal))
	}
}

func TestExportBadRequests(t *testing.T) {
	srv := newTestServer(t, Config{})
	for _, q := range []string{"", "format=xlsx", "format=csv&from=2022-13-01", "format=jsonl&sort=random"} {
		var body errorBody
		getJSON(t, srv.URL+"/api/v1/export?"+q, http.StatusBadRequest, &body)
		if body.Error.Code != codeBadRequest || body.Error.Message == "" {
			t.Errorf("%q: %+v", q, body)
		}
	}
	res := do(t, http.MethodHead, srv.URL+"/api/v1/export?format=csv")
	if res.Status != http.StatusOK || len(res.Body) != 0 || res.Header.Get(headerExportTotal) != "8" {
		t.Errorf("HEAD: status %d, %d bytes, total %q", res.Status, len(res.Body), res.Header.Get(headerExportTotal))
	}
}

func TestAttachmentName(t *testing.T) {
	for _, c := range []struct {
		req  search.Request
		want string
	}{
		{search.Request{}, "gazette-export.csv"},
		{search.Request{Query: `"Izium bridge" -Kyiv`, Places: []string{"UA.07"}}, "gazette-izium-bridge-kyiv-ua-07.csv"},
		{search.Request{Query: "Харків"}, "gazette-харків.csv"},
		{search.Request{Query: strings.Repeat("ab ", 40)}, "gazette-" + strings.TrimSuffix(strings.Repeat("ab-", 13)+"a", "-") + ".csv"},
	} {
		_, params, err := mime.ParseMediaType(attachment(c.req, "csv"))
		if err != nil || params["filename"] != c.want {
			t.Errorf("%+v: %q (%v), want %q", c.req, params["filename"], err, c.want)
		}
	}
}
