package web

import (
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestBrowserBackToResultsPage opens an article from the second page of a
// search and follows the article page's back link: it must land on the
// same page of the same search, with the same results in the same order
// and the query still in the search box. The browser's own Back button
// must do the same.
func TestBrowserBackToResultsPage(t *testing.T) {
	srv := newTestServer(t, Config{})
	// Without the back-forward cache, Back asks the server for the page
	// again (chromedp cannot follow a page restored from the cache).
	ctx := newBrowser(t, chromedp.Flag("disable-features", "BackForwardCache"))
	const query = "bridge OR Kharkiv OR metro OR Izium"
	start := srv.URL + "/?" + url.Values{"q": {query}, "size": {"2"}}.Encode()

	type page struct {
		URL, Current, Query string
		Titles              []string
	}
	read := func(p *page) chromedp.Tasks {
		return chromedp.Tasks{
			chromedp.WaitVisible(`.pager .current`, chromedp.ByQuery),
			chromedp.Location(&p.URL),
			chromedp.Text(`.pager .current`, &p.Current, chromedp.ByQuery),
			chromedp.Value(`#q`, &p.Query, chromedp.ByQuery),
			chromedp.Evaluate(`Array.from(document.querySelectorAll(".hit h2 a"), a => a.textContent)`, &p.Titles),
		}
	}
	var before, back, history page
	var article string
	browserStep(t, ctx, "go to page 2",
		chromedp.Navigate(start),
		chromedp.WaitVisible(`.pager a[href*="page=2"]`, chromedp.ByQuery),
		chromedp.Click(`.pager li a[href*="page=2"]`, chromedp.ByQuery),
		chromedp.WaitVisible(`.pager li .current`, chromedp.ByQuery),
		chromedp.Poll(`document.querySelector(".pager .current").textContent === "2"`, nil),
		read(&before),
	)
	if before.Current != "2" || len(before.Titles) == 0 {
		t.Fatalf("page 2: current page %q, titles %q", before.Current, before.Titles)
	}
	browserStep(t, ctx, "open an article and come back",
		chromedp.Click(`.hit h2 a`, chromedp.ByQuery),
		chromedp.WaitVisible(`article.article h1`, chromedp.ByQuery),
		chromedp.Text(`article.article h1`, &article, chromedp.ByQuery),
		chromedp.Click(`article.article .back a`, chromedp.ByQuery),
		read(&back),
	)
	if article != before.Titles[0] {
		t.Errorf("the article opened is %q, want %q", article, before.Titles[0])
	}
	if back.Current != "2" || back.Query != query || !slices.Equal(back.Titles, before.Titles) {
		t.Errorf("back from the article: page %q, query %q, results %q; want page 2, %q, %q",
			back.Current, back.Query, back.Titles, query, before.Titles)
	}
	if !sameSearch(t, back.URL, before.URL) {
		t.Errorf("back from the article at %s, want the search of %s", back.URL, before.URL)
	}

	browserStep(t, ctx, "the browser's Back button",
		chromedp.Click(`.hit h2 a`, chromedp.ByQuery),
		chromedp.WaitVisible(`article.article h1`, chromedp.ByQuery),
		// history.back(), not chromedp.NavigateBack: a page restored from
		// the back-forward cache sends no response to wait for.
		chromedp.Evaluate(`history.back()`, nil),
	)
	browserStep(t, ctx, "after Back", read(&history))
	if history.Current != "2" || history.Query != query || !slices.Equal(history.Titles, before.Titles) {
		t.Errorf("after Back: page %q, query %q, results %q", history.Current, history.Query, history.Titles)
	}
}

// sameSearch tells whether two results-page URLs ask for the same search:
// the same parameters, in any order.
func sameSearch(t *testing.T, a, b string) bool {
	t.Helper()
	ua, err := url.Parse(a)
	if err != nil {
		t.Fatal(err)
	}
	ub, err := url.Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	va, vb := ua.Query(), ub.Query()
	if ua.Path != ub.Path || len(va) != len(vb) {
		return false
	}
	for k, v := range va {
		if !slices.Equal(v, vb[k]) {
			return false
		}
	}
	return true
}

// TestBrowserSortAppliesAtOnce: choosing another order in the Sort list
// reloads the results in that order at once (static/sort.js); without
// JavaScript the Apply button does it.
func TestBrowserSortAppliesAtOnce(t *testing.T) {
	srv := newTestServer(t, Config{})
	start := srv.URL + "/?" + url.Values{"q": {"bridge OR Kharkiv OR metro OR Izium"}, "place": {"UA"}}.Encode()
	dates := `Array.from(document.querySelectorAll(".hit time"), t => t.getAttribute("datetime"))`

	for _, js := range []bool{true, false} {
		name := map[bool]string{true: "with JavaScript", false: "without JavaScript"}[js]
		t.Run(name, func(t *testing.T) {
			ctx := newBrowser(t)
			var loc string
			var got []string
			browserStep(t, ctx, "load", emulation.SetScriptExecutionDisabled(!js), chromedp.Navigate(start),
				chromedp.WaitReady(`#sort option[value="relevance"][selected]`, chromedp.ByQuery))
			if js {
				// The keyboard changes the choice as a person does; the
				// page must reload by itself.
				browserStep(t, ctx, "choose newest first",
					chromedp.Focus(`#sort`, chromedp.ByQuery),
					chromedp.SendKeys(`#sort`, kb.ArrowDown, chromedp.ByQuery),
					chromedp.WaitReady(`#sort option[value="newest"][selected]`, chromedp.ByQuery))
			} else {
				browserStep(t, ctx, "choose newest first and apply",
					chromedp.SetValue(`#sort`, "newest", chromedp.ByQuery),
					chromedp.Click(`.search-options button[type=submit]`, chromedp.ByQuery),
					chromedp.WaitReady(`#sort option[value="newest"][selected]`, chromedp.ByQuery))
			}
			browserStep(t, ctx, "read the results", chromedp.Location(&loc), chromedp.Evaluate(dates, &got))
			q, err := url.Parse(loc)
			if err != nil {
				t.Fatal(err)
			}
			v := q.Query()
			if v.Get("sort") != "newest" || v.Get("q") != "bridge OR Kharkiv OR metro OR Izium" || v.Get("place") != "UA" || v.Get("page") != "" {
				t.Errorf("after choosing the order: %s; want sort=newest with the query and place kept, page 1", loc)
			}
			if len(got) < 2 || !slices.IsSortedFunc(got, func(a, b string) int { return strings.Compare(b, a) }) {
				t.Errorf("dates %q are not newest first", got)
			}
		})
	}
}

// TestBrowserPhoneFacets: at a phone's width the facets fold into a panel
// above the results that opens with a tap, and no page scrolls sideways;
// on a wide screen the facets are a column beside the results, always
// open, the panel's summary hidden.
func TestBrowserPhoneFacets(t *testing.T) {
	srv := newTestServer(t, Config{})
	ctx := newBrowser(t)
	box := func(sel string) string {
		return `(() => { const r = document.querySelector(` + "`" + sel + "`" + `).getBoundingClientRect(); return [r.x, r.y, r.width, r.height]; })()`
	}
	var open, shown bool
	var summary, facets, results, facet []float64
	browserStep(t, ctx, "phone",
		chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile),
		chromedp.Navigate(srv.URL+"/?q=Kharkiv"),
		chromedp.WaitVisible(`details.refine > summary`, chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelector("details.refine").open`, &open),
		chromedp.Evaluate(box(`details.refine > summary`), &summary),
		chromedp.Evaluate(box(`.results`), &results),
		chromedp.Evaluate(`document.querySelector(".facet").checkVisibility()`, &shown),
	)
	if open {
		t.Error("on a phone the facets' panel starts open")
	}
	if summary[1] >= results[1] {
		t.Errorf("on a phone the facets' panel is at y=%v, below the results at y=%v", summary[1], results[1])
	}
	if summary[2] > 390 || results[2] > 390 {
		t.Errorf("on a phone the panel (%vpx) or the results (%vpx) are wider than the screen", summary[2], results[2])
	}
	if shown {
		t.Error("a facet of the closed panel is shown")
	}
	// The closed panel is a line: the results follow it.
	if gap := results[1] - (summary[1] + summary[3]); gap > 40 {
		t.Errorf("the results start %vpx below the closed panel", gap)
	}
	browserStep(t, ctx, "tap the panel open",
		chromedp.Click(`details.refine > summary`, chromedp.ByQuery),
		chromedp.WaitVisible(`.facet[data-facet="Cities and towns"] a`, chromedp.ByQuery),
		chromedp.Evaluate(box(`.facet`), &facet),
		chromedp.Evaluate(box(`.results`), &results),
	)
	if facet[1] >= results[1] {
		t.Errorf("the open panel's first facet is at y=%v, below the results at y=%v", facet[1], results[1])
	}

	// No page is wider than the phone: nothing to scroll sideways.
	for _, path := range []string{"/?q=Kharkiv", "/?q=%28", "/articles/a1000000000000000000000000000004?q=Kharkiv", "/api"} {
		var width float64
		browserStep(t, ctx, "width of "+path,
			chromedp.Navigate(srv.URL+path),
			chromedp.WaitVisible(`main`, chromedp.ByQuery),
			chromedp.Evaluate(`document.documentElement.scrollWidth`, &width),
		)
		if width > 390 {
			t.Errorf("%s is %vpx wide on a 390px phone", path, width)
		}
	}

	browserStep(t, ctx, "wide screen",
		chromedp.EmulateViewport(1366, 900),
		chromedp.Navigate(srv.URL+"/?q=Kharkiv"),
		chromedp.WaitVisible(`.facet[data-facet="Cities and towns"] a`, chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelector("details.refine").open`, &open),
		chromedp.Evaluate(box(`details.refine > summary`), &summary),
		chromedp.Evaluate(box(`.facets`), &facets),
		chromedp.Evaluate(box(`.results`), &results),
	)
	if !open || summary[3] != 0 {
		t.Errorf("on a wide screen the panel is open %v with a %vpx summary; want open, no summary", open, summary[3])
	}
	if facets[0] <= results[0]+results[2]-1 || facets[1] > results[1]+1 {
		t.Errorf("on a wide screen the facets %v are not beside the results %v", facets, results)
	}
}

// TestBrowserEmptyArchive: an archive without articles tells a new user
// how to fill it.
func TestBrowserEmptyArchive(t *testing.T) {
	srv := newTestServer(t, Config{Search: emptyIndex(t)})
	ctx := newBrowser(t)
	var heading, text string
	browserStep(t, ctx, "front page",
		chromedp.Navigate(srv.URL+"/"),
		chromedp.WaitVisible(`.empty-archive h1`, chromedp.ByQuery),
		chromedp.Text(`.empty-archive h1`, &heading, chromedp.ByQuery),
		chromedp.Text(`.empty-archive`, &text, chromedp.ByQuery),
	)
	if heading != "The archive is empty" {
		t.Errorf("heading %q", heading)
	}
	for _, want := range []string{"gazette import", "gazette crawl", "gazette serve --demo"} {
		if !strings.Contains(text, want) {
			t.Errorf("the empty archive's notice lacks %q:\n%s", want, text)
		}
	}
}
