package web

import (
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/gazette-news/gazette/search"
)

// TestAPITimeline: GET /api/v1/timeline draws the queries on one axis,
// with shares of all articles; more than five queries, none, or a bad
// interval is a 400.
func TestAPITimeline(t *testing.T) {
	srv := newTestServer(t, Config{})
	var cmp search.Comparison
	getJSON(t, srv.URL+"/api/v1/timeline?q=Kharkiv&q=Izium&interval=month", 200, &cmp)
	if cmp.Interval != "month" || len(cmp.Series) != 2 || cmp.Series[0].Query != "Kharkiv" || cmp.Series[1].Query != "Izium" {
		t.Fatalf("comparison %+v", cmp)
	}
	// Kharkiv: 3 and 20 April; Izium: 8 March and 20 April 2022.
	want := map[string][]int{"Kharkiv": {0, 2}, "Izium": {1, 1}}
	for _, s := range cmp.Series {
		var got []int
		for i, b := range s.Buckets {
			got = append(got, b.Count)
			if all := cmp.All.Buckets[i].Count; b.Share != float64(b.Count)/float64(all) {
				t.Errorf("%s %s: share %v of %d/%d", s.Query, b.From, b.Share, b.Count, all)
			}
		}
		if len(got) != 2 || got[0] != want[s.Query][0] || got[1] != want[s.Query][1] {
			t.Errorf("%s by month: %v, want %v", s.Query, got, want[s.Query])
		}
	}
	if cmp.All.Buckets[0].From != "2022-03-01" || cmp.All.Buckets[1].To != "2022-04-30" || cmp.All.Total != 8 {
		t.Errorf("axis %+v, all %d", cmp.All.Buckets, cmp.All.Total)
	}

	// Filters apply to every series.
	getJSON(t, srv.URL+"/api/v1/timeline?q=Kharkiv&lang=de", 200, &cmp)
	if cmp.Series[0].Total != 0 || cmp.All.Total != 1 {
		t.Errorf("lang=de: Kharkiv %d of %d, want 0 of 1", cmp.Series[0].Total, cmp.All.Total)
	}

	for _, bad := range []string{"", "q=a&q=b&q=c&q=d&q=e&q=f", "q=a&interval=decade", "q=Kharkiv&interval=day&from=1900-01-01"} {
		res := get(t, srv.URL+"/api/v1/timeline?"+bad)
		if res.Status != 400 || !strings.Contains(string(res.Body), `"bad_request"`) {
			t.Errorf("%q: status %d %s, want a JSON 400", bad, res.Status, res.Body)
		}
	}
}

// TestUICompare: the compare page draws two charts with one line per
// query, a legend linking to each query's search and a table; more than
// five queries is a 400 page.
func TestUICompare(t *testing.T) {
	srv := newTestServer(t, Config{})
	doc := getPage(t, srv.URL+"/compare?q=Kharkiv&q=Izium", 200)
	if n := doc.Find("figure.compare-chart").Length(); n != 2 {
		t.Fatalf("%d charts, want counts and shares", n)
	}
	if n := doc.Find("figure.compare-chart").First().Find("polyline.line").Length(); n != 2 {
		t.Errorf("%d lines, want one per query", n)
	}
	legend := doc.Find(".legend a")
	if legend.Length() != 2 || legend.First().Text() != "Kharkiv" || hrefQuery(t, legend.First().AttrOr("href", "")).Get("q") != "Kharkiv" {
		t.Errorf("legend: %d links, first %q → %q", legend.Length(), legend.First().Text(), legend.First().AttrOr("href", ""))
	}
	if n := doc.Find(`.compare-queries input[name="q"]`).Length(); n != search.MaxCompare {
		t.Errorf("%d query fields, want %d", n, search.MaxCompare)
	}
	if doc.Find(".compare-table tbody tr").Length() == 0 {
		t.Error("no table of the numbers")
	}
	// The empty form, and too many queries.
	if doc := getPage(t, srv.URL+"/compare", 200); doc.Find("figure.compare-chart").Length() != 0 || doc.Find("form.compare-form").Length() != 1 {
		t.Error("the bare compare page should show only the form")
	}
	six := url.Values{"q": {"a", "b", "c", "d", "e", "f"}}
	if doc := getPage(t, srv.URL+"/compare?"+six.Encode(), 400); !strings.Contains(doc.Find(".error-message").Text(), "at most 5") {
		t.Errorf("six queries: %q", doc.Find(".error-message").Text())
	}
	// The search page links its query to the compare view.
	link := getPage(t, srv.URL+"/?q=Kharkiv&lang=en", 200).Find(".timeline a.compare").AttrOr("href", "")
	if u, _ := url.Parse(link); u == nil || u.Path != "/compare" || u.Query().Get("q") != "Kharkiv" || u.Query().Get("lang") != "en" {
		t.Errorf("compare link %q", link)
	}
}

// TestBrowserCompare opens the compare view from a search in a real
// Chromium, adds a second query and checks the charts.
func TestBrowserCompare(t *testing.T) {
	srv := newTestServer(t, Config{})
	ctx := newBrowser(t)
	var lines int
	var legend []string
	browserStep(t, ctx, "open the compare view",
		chromedp.Navigate(srv.URL+"/?q=Kharkiv"),
		chromedp.WaitVisible(`.timeline a.compare`, chromedp.ByQuery),
		chromedp.Click(`.timeline a.compare`, chromedp.ByQuery),
		chromedp.WaitVisible(`figure.compare-chart svg`, chromedp.ByQuery),
		chromedp.SendKeys(`.compare-queries label:nth-child(2) input`, "Izium", chromedp.ByQuery),
		chromedp.Click(`form.compare-form button[type="submit"]`, chromedp.ByQuery),
		chromedp.WaitVisible(`.legend li:nth-child(2) a`, chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelectorAll("figure.compare-chart")[0].querySelectorAll("polyline.line").length`, &lines),
		chromedp.Evaluate(`Array.from(document.querySelectorAll(".legend a"), a => a.textContent)`, &legend),
	)
	if lines != 2 || strings.Join(legend, ",") != "Kharkiv,Izium" {
		t.Errorf("compare view: %d lines, legend %q; want 2 and Kharkiv, Izium", lines, legend)
	}
}
