package web

import (
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// hrefQuery parses the query string of a link on a page.
func hrefQuery(t *testing.T, href string) url.Values {
	t.Helper()
	u, err := url.Parse(href)
	if err != nil {
		t.Fatalf("bad link %q: %v", href, err)
	}
	if u.Path != "/" {
		t.Errorf("link %q does not point at the search page", href)
	}
	return u.Query()
}

// facetLinks returns label → href for one facet box.
func facetLinks(doc *goquery.Document, facet string) map[string]string {
	links := map[string]string{}
	doc.Find(`.facet[data-facet="` + facet + `"] li a`).Each(func(_ int, a *goquery.Selection) {
		links[strings.TrimSpace(a.Text())] = a.AttrOr("href", "")
	})
	return links
}

func TestUISearchFrontPage(t *testing.T) {
	srv := newTestServer(t, Config{Credits: "Fixture credits line."})
	doc := getPage(t, srv.URL+"/", 200)

	if doc.Find(`form[action="/"][method="get"] input[name="q"]`).Length() != 1 {
		t.Error("no GET search form with a q box")
	}
	if doc.Find(`form select[name="sort"] option`).Length() != 3 {
		t.Error("sort selector should offer relevance, newest, oldest")
	}
	if doc.Find(`form button[type="submit"]`).Length() == 0 {
		t.Error("no submit button: the form must work without JavaScript")
	}
	if n := doc.Find(".hit").Length(); n != 8 {
		t.Errorf("%d hits on the front page, want 8", n)
	}
	for _, f := range []string{"Countries", "Cities and towns", "Languages", "Sites"} {
		if doc.Find(`.facet[data-facet="`+f+`"] li`).Length() == 0 {
			t.Errorf("facet %s missing", f)
		}
	}
	// The dates are a timeline: seven dated articles from 8 March to 12
	// May 2022, a bar a day (66 days), and one undated.
	bars := doc.Find(".timeline svg a.bar")
	if bars.Length() != 66 || bars.First().AttrOr("data-from", "") != "2022-03-08" || bars.Last().AttrOr("data-to", "") != "2022-05-12" {
		t.Errorf("timeline: %d bars from %s to %s, want 66 from 2022-03-08 to 2022-05-12",
			bars.Length(), bars.First().AttrOr("data-from", ""), bars.Last().AttrOr("data-to", ""))
	}
	if n := doc.Find(".timeline svg a.bar .fill").Length(); n != 7 {
		t.Errorf("%d bars drawn, want 7 (the rest are empty days)", n)
	}
	if doc.Find(".timeline .x-label").Length() < 2 || doc.Find(".timeline .y-label").Length() < 2 {
		t.Error("the timeline has no axis labels")
	}
	undated := doc.Find(".timeline a.undated")
	if !strings.Contains(undated.Text(), "Undated: 1") || hrefQuery(t, undated.AttrOr("href", "")).Get("undated") != "only" {
		t.Errorf("undated link %q → %q", undated.Text(), undated.AttrOr("href", ""))
	}
	if got := facetLinks(doc, "Languages"); got["German"] == "" || got["Ukrainian"] == "" {
		t.Errorf("language facets should show names: %v", got)
	}
	footer := doc.Find("footer").Text()
	if !strings.Contains(footer, "Place data © GeoNames (geonames.org), CC BY 4.0") {
		t.Errorf("footer lacks GeoNames attribution: %q", footer)
	}
	if !strings.Contains(footer, "Fixture credits line.") {
		t.Errorf("footer lacks configured credits: %q", footer)
	}
	if doc.Find(`link[rel="stylesheet"][href="/static/style.css"]`).Length() != 1 {
		t.Error("stylesheet not linked")
	}
	// The scripts are external, same-origin files that only add to what
	// works without them (place suggestions, dragging a date range, a
	// filter box, sorting at once, folding the facets on a phone);
	// nothing inline (the CSP would refuse it anyway).
	doc.Find("script").Each(func(_ int, sel *goquery.Selection) {
		src, _ := sel.Attr("src")
		if !slices.Contains([]string{"/static/places.js", "/static/timeline.js", "/static/facets.js", "/static/sort.js", "/static/refine.js"}, src) || strings.TrimSpace(sel.Text()) != "" {
			t.Errorf("unexpected script element: src %q, %q", src, sel.Text())
		}
		if res := get(t, srv.URL+src); res.Status != 200 {
			t.Errorf("%s: status %d", src, res.Status)
		}
	})
}

func TestUISearchResults(t *testing.T) {
	srv := newTestServer(t, Config{})
	doc := getPage(t, srv.URL+"/?q=Kharkiv", 200)

	count := doc.Find(".result-count").Text()
	if !strings.Contains(count, "2") || !strings.Contains(count, "articles") {
		t.Errorf("result count %q, want 2 articles", count)
	}
	hits := doc.Find(".hit")
	if hits.Length() != 2 {
		t.Fatalf("%d hits, want 2", hits.Length())
	}
	var titles []string
	hits.Each(func(_ int, h *goquery.Selection) {
		a := h.Find("h2 a")
		titles = append(titles, a.Text())
		if href := a.AttrOr("href", ""); !strings.HasPrefix(href, "/articles/a10000") {
			t.Errorf("title link %q does not go to the article page", href)
		}
		if h.Find(".site").Text() == "" || h.Find("time").Length() != 1 || h.Find(".lang").Text() != "English" {
			t.Errorf("hit %q lacks site, date or language", a.Text())
		}
		if h.Find(".places a.place").Length() == 0 {
			t.Errorf("hit %q lists no places", a.Text())
		}
	})
	slices.Sort(titles)
	want := []string{"Power restored to most of Kharkiv after repairs", "Road between Izium and Kharkiv reopens to traffic"}
	if !slices.Equal(titles, want) {
		t.Errorf("titles = %q, want %q", titles, want)
	}
	if doc.Find(".snippet mark").Length() == 0 {
		t.Error("snippets have no highlighted <mark> terms")
	}
}

// TestUIFacetLinksKeepFilters follows a facet link and checks both that it
// carries every current filter and that the result set narrows.
func TestUIFacetLinksKeepFilters(t *testing.T) {
	srv := newTestServer(t, Config{})
	start := "/?q=Kharkiv&lang=en&sort=newest"
	doc := getPage(t, srv.URL+start, 200)

	izium := facetLinks(doc, "Cities and towns")["Izium"]
	if izium == "" {
		t.Fatalf("no Izium place facet; places: %v", facetLinks(doc, "Cities and towns"))
	}
	q := hrefQuery(t, izium)
	if q.Get("q") != "Kharkiv" || q.Get("lang") != "en" || q.Get("sort") != "newest" || q.Get("place") != "707292" {
		t.Errorf("facet link %q lost a filter", izium)
	}
	if q.Has("page") {
		t.Errorf("facet link %q should restart at page 1", izium)
	}

	// Every facet link in every box keeps the query and the other filters.
	doc.Find(".facet li a").Each(func(_ int, a *goquery.Selection) {
		q := hrefQuery(t, a.AttrOr("href", ""))
		if q.Get("q") != "Kharkiv" || q.Get("sort") != "newest" {
			t.Errorf("facet link %q drops the query or sort", a.AttrOr("href", ""))
		}
	})

	narrowed := getPage(t, srv.URL+izium, 200)
	if n := narrowed.Find(".hit").Length(); n != 1 {
		t.Errorf("after clicking Izium: %d hits, want 1", n)
	}

	// The place is now an active filter with a remove link that drops only it.
	var removeHref string
	narrowed.Find(".active-filters li").Each(func(_ int, li *goquery.Selection) {
		if strings.Contains(li.Text(), "Izium") {
			removeHref = li.Find("a.remove").AttrOr("href", "")
		}
	})
	if removeHref == "" {
		t.Fatal("active Izium filter has no remove link")
	}
	rq := hrefQuery(t, removeHref)
	if rq.Has("place") || rq.Get("q") != "Kharkiv" || rq.Get("lang") != "en" {
		t.Errorf("remove link %q should drop only the place", removeHref)
	}

	// Adding a second place keeps the first: places repeat in the URL.
	kharkiv := facetLinks(narrowed, "Cities and towns")["Kharkiv"]
	if got := hrefQuery(t, kharkiv)["place"]; !slices.Equal(got, []string{"707292", "706483"}) {
		t.Errorf("second place link %q has places %v", kharkiv, got)
	}

	// The search form carries the filters as hidden fields.
	hidden := map[string]string{}
	narrowed.Find(`form.search input[type="hidden"]`).Each(func(_ int, in *goquery.Selection) {
		hidden[in.AttrOr("name", "")] = in.AttrOr("value", "")
	})
	if hidden["place"] != "707292" || hidden["lang"] != "en" {
		t.Errorf("form hidden fields = %v, want place and lang kept", hidden)
	}
	if narrowed.Find(`select[name="sort"] option[selected]`).AttrOr("value", "") != "newest" {
		t.Error("sort selector does not show the current order")
	}
}

func TestUIDateAndSiteFacets(t *testing.T) {
	srv := newTestServer(t, Config{})
	// Bars by month: March, April, May 2022; the April bar links to April.
	doc := getPage(t, srv.URL+"/?interval=month", 200)
	var months []string
	doc.Find(".timeline a.bar").Each(func(_ int, a *goquery.Selection) { months = append(months, a.AttrOr("aria-label", "")) })
	if want := []string{"March 2022: 2 articles", "April 2022: 3 articles", "May 2022: 2 articles"}; !slices.Equal(months, want) {
		t.Errorf("bars %q, want %q", months, want)
	}
	april := doc.Find(`.timeline a.bar[data-from="2022-04-01"]`).AttrOr("href", "")
	q := hrefQuery(t, april)
	if q.Get("from") != "2022-04-01" || q.Get("to") != "2022-04-30" || q.Has("interval") {
		t.Fatalf("April link %q has wrong range", april)
	}
	doc = getPage(t, srv.URL+april, 200)
	if n := doc.Find(".hit").Length(); n != 3 {
		t.Errorf("April 2022: %d hits, want 3", n)
	}
	site := facetLinks(doc, "Sites")["nordblatt.example"]
	q = hrefQuery(t, site)
	if q.Get("site") != "nordblatt.example" || q.Get("from") != "2022-04-01" {
		t.Errorf("site link %q lost the date filter", site)
	}
	doc = getPage(t, srv.URL+site, 200)
	if n := doc.Find(".hit").Length(); n != 1 {
		t.Errorf("April 2022 on nordblatt: %d hits, want 1", n)
	}
	if doc.Find(".active-filters li").Length() < 3 {
		t.Error("from, to and site should all show as active filters")
	}
}

func TestUIPagination(t *testing.T) {
	srv := newTestServer(t, Config{})
	tests := []struct {
		page      string
		wantPrev  bool
		wantNext  bool
		wantHits  int
		wantFirst string
	}{
		{"1", false, true, 3, "1"},
		{"2", true, true, 3, "4"},
		{"3", true, false, 2, "7"},
	}
	for _, tt := range tests {
		t.Run("page "+tt.page, func(t *testing.T) {
			doc := getPage(t, srv.URL+"/?q=&lang=&size=3&sort=oldest&page="+tt.page, 200)
			if n := doc.Find(".hit").Length(); n != tt.wantHits {
				t.Errorf("%d hits, want %d", n, tt.wantHits)
			}
			prev, hasPrev := doc.Find(".pager a.prev").Attr("href")
			next, hasNext := doc.Find(".pager a.next").Attr("href")
			if hasPrev != tt.wantPrev || hasNext != tt.wantNext {
				t.Errorf("prev %v next %v, want %v %v", hasPrev, hasNext, tt.wantPrev, tt.wantNext)
			}
			for _, l := range []string{prev, next} {
				if l == "" {
					continue
				}
				q := hrefQuery(t, l)
				if q.Get("size") != "3" || q.Get("sort") != "oldest" {
					t.Errorf("pager link %q loses size or sort", l)
				}
			}
			if cur := doc.Find(".pager .current").Text(); cur != tt.page {
				t.Errorf("current page shown as %q", cur)
			}
			if n := doc.Find(".pager li a, .pager li .current").Length(); n != 3 {
				t.Errorf("%d page numbers, want 3", n)
			}
			if !strings.Contains(doc.Find(".result-count").Text(), "showing "+tt.wantFirst+"–") {
				t.Errorf("result count %q should start at %s", doc.Find(".result-count").Text(), tt.wantFirst)
			}
		})
	}
}

func TestUIBadRequests(t *testing.T) {
	srv := newTestServer(t, Config{})
	tests := []struct{ name, path string }{
		{"malformed query", "/?q=" + url.QueryEscape(`"unclosed phrase`)},
		{"bad date", "/?from=March"},
		{"bad sort", "/?sort=sideways"},
		{"bad page", "/?page=x"},
		{"bad size", "/?size=1000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := getPage(t, srv.URL+tt.path, 400)
			notice := doc.Find(".bad-query")
			if notice.Length() != 1 || !strings.Contains(notice.Text(), "couldn't run that search") {
				t.Errorf("no friendly bad-query notice; got %q", doc.Find("main").Text())
			}
			if doc.Find(`form input[name="q"]`).Length() != 1 {
				t.Error("the search box should still be there to fix the query")
			}
		})
	}
}

func TestUINoResults(t *testing.T) {
	srv := newTestServer(t, Config{})
	doc := getPage(t, srv.URL+"/?q=zeppelin", 200)
	if !strings.Contains(doc.Find(".no-results").Text(), "No articles match") {
		t.Errorf("no friendly no-results message: %q", doc.Find("main").Text())
	}
	if doc.Find(".hit").Length() != 0 {
		t.Error("hits shown for a query with no results")
	}
}

// TestUIEscaping checks that a title containing markup is shown as text.
func TestUIEscaping(t *testing.T) {
	srv := newTestServer(t, Config{})
	for _, path := range []string{"/?q=editors", "/articles/a1000000000000000000000000000008"} {
		res := get(t, srv.URL+path)
		if res.Status != 200 {
			t.Fatalf("%s: status %d", path, res.Status)
		}
		body := string(res.Body)
		if strings.Contains(body, "<script>") {
			t.Errorf("%s: raw <script> in page", path)
		}
		if !strings.Contains(body, "&lt;script&gt;alert(1)&lt;/script&gt;") {
			t.Errorf("%s: escaped title not found", path)
		}
	}
	// The query echoed back into the page is escaped too.
	res := get(t, srv.URL+"/?q="+url.QueryEscape(`"><script>x</script>`))
	if strings.Contains(string(res.Body), "<script>x") {
		t.Error("query is echoed unescaped")
	}
}

func TestUIHead(t *testing.T) {
	srv := newTestServer(t, Config{})
	res := do(t, "HEAD", srv.URL+"/?q=bridge")
	if res.Status != 200 || len(res.Body) != 0 {
		t.Errorf("HEAD: status %d, %d body bytes", res.Status, len(res.Body))
	}
}

func TestUIPastLastPage(t *testing.T) {
	srv := newTestServer(t, Config{})
	doc := getPage(t, srv.URL+"/?size=3&page=7", 200)
	if doc.Find(".past-end").Length() != 1 {
		t.Errorf("no past-the-end notice: %q", doc.Find("main").Text())
	}
	first := doc.Find(".past-end a").AttrOr("href", "")
	if q := hrefQuery(t, first); q.Has("page") || q.Get("size") != "3" {
		t.Errorf("first-page link %q", first)
	}
	if prev := doc.Find(".pager a.prev").AttrOr("href", ""); hrefQuery(t, prev).Get("page") != "3" {
		t.Errorf("prev link %q should go to the last page, 3", prev)
	}
}
