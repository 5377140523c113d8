package web

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// chromiumPath finds the browser for TestBrowserSearchAndFacet. The test
// fails, rather than skips, when it is missing so CI cannot pass silently
// without it; GAZETTE_SKIP_BROWSER=1 skips it on purpose.
func chromiumPath(t *testing.T) string {
	t.Helper()
	if os.Getenv("GAZETTE_SKIP_BROWSER") == "1" {
		t.Skip("GAZETTE_SKIP_BROWSER=1: skipping the headless Chromium test")
	}
	if p := os.Getenv("GAZETTE_CHROMIUM"); p != "" {
		return p
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium"
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Fatal("headless Chromium not found at /usr/bin/chromium: install it with " +
		"`apt-get install -y chromium` (or point GAZETTE_CHROMIUM at a Chromium binary), " +
		"or set GAZETTE_SKIP_BROWSER=1 to skip this test")
	return ""
}

// quiet drops chromedp's "could not unmarshal event" noise.
func quiet(logf func(string, ...any)) func(string, ...any) {
	return func(format string, args ...any) {
		if strings.Contains(format, "unmarshal event") {
			return
		}
		logf(format, args...)
	}
}

// TestBrowserSearchAndFacet drives a real headless Chromium through the UI
// with JavaScript-free interactions only: type a query, submit the form,
// click a place facet. It checks the URL and the result count after each.
func TestBrowserSearchAndFacet(t *testing.T) {
	srv := newTestServer(t, Config{})
	ctx := newBrowser(t)

	var frontCount, searchURL, searchCount, facetURL, facetCount string
	var articleTitle string
	var shots [4][]byte
	err := chromedp.Run(ctx,
		chromedp.Navigate(srv.URL+"/"),
		chromedp.WaitVisible(`#q`, chromedp.ByQuery),
		chromedp.Text(`.result-count strong`, &frontCount, chromedp.ByQuery),
		chromedp.FullScreenshot(&shots[0], 100),

		chromedp.SendKeys(`#q`, "Kharkiv", chromedp.ByQuery),
		chromedp.Click(`form.search button.primary`, chromedp.ByQuery),
		// The server echoes the query into the value attribute, so this
		// matches only once the results page has loaded.
		chromedp.WaitVisible(`#q[value="Kharkiv"]`, chromedp.ByQuery),
		chromedp.Location(&searchURL),
		chromedp.Text(`.result-count strong`, &searchCount, chromedp.ByQuery),
		chromedp.FullScreenshot(&shots[1], 100),

		chromedp.Click(`.facet[data-facet="Cities and towns"] a[href*="place=707292"]`, chromedp.ByQuery),
		chromedp.WaitVisible(`.active-filters`, chromedp.ByQuery),
		chromedp.Location(&facetURL),
		chromedp.Text(`.result-count strong`, &facetCount, chromedp.ByQuery),
		chromedp.FullScreenshot(&shots[2], 100),

		chromedp.Click(`.hit h2 a`, chromedp.ByQuery),
		chromedp.WaitVisible(`article.article h1`, chromedp.ByQuery),
		chromedp.Text(`article.article h1`, &articleTitle, chromedp.ByQuery),
		chromedp.FullScreenshot(&shots[3], 100),
	)
	if err != nil {
		t.Fatalf("driving Chromium: %v", err)
	}
	if dir := os.Getenv("GAZETTE_SCREENSHOTS"); dir != "" {
		for i, name := range []string{"front", "search", "facet", "article"} {
			os.WriteFile(filepath.Join(dir, name+".png"), shots[i], 0o644)
		}
	}

	if frontCount != "8" {
		t.Errorf("front page count = %q, want 8", frontCount)
	}
	if !strings.Contains(searchURL, "q=Kharkiv") {
		t.Errorf("after submitting, URL = %q, want q=Kharkiv", searchURL)
	}
	if searchCount != "2" {
		t.Errorf("after searching, count = %q, want 2", searchCount)
	}
	if !strings.Contains(facetURL, "place=707292") || !strings.Contains(facetURL, "q=Kharkiv") {
		t.Errorf("after clicking the facet, URL = %q, want q=Kharkiv and place=707292", facetURL)
	}
	if facetCount != "1" {
		t.Errorf("after clicking the facet, count = %q, want 1", facetCount)
	}
	if articleTitle != "Road between Izium and Kharkiv reopens to traffic" {
		t.Errorf("after clicking the hit, article title = %q", articleTitle)
	}
	if facetURL == searchURL || facetCount == searchCount {
		t.Error("clicking the facet changed neither the URL nor the count")
	}
}

// TestBrowserPlaceSuggestions types the start of a place name in Cyrillic
// into the place field of a real Chromium: static/places.js must offer the
// gazetteer's places from the API in the field's datalist, qualified by
// region, and choosing one filters the search to exactly that place.
func TestBrowserPlaceSuggestions(t *testing.T) {
	srv := newTestServer(t, Config{Search: hierarchyIndex(t), Places: newFakeGazetteer()})
	ctx := newBrowser(t)

	const want = "Kharkiv (Kharkiv Oblast, Ukraine)"
	var options []string
	var filteredURL, count string
	err := chromedp.Run(ctx,
		chromedp.Navigate(srv.URL+"/"),
		chromedp.WaitVisible(`#where`, chromedp.ByQuery),
		chromedp.SendKeys(`#where`, "Харк", chromedp.ByQuery),
		chromedp.Poll(`document.querySelectorAll('#place-options option[value="`+want+`"]').length > 0`, nil,
			chromedp.WithPollingTimeout(10*time.Second)),
		chromedp.Evaluate(`Array.from(document.querySelectorAll('#place-options option'), o => o.value)`, &options),
		// Picking a suggestion fills the field with its value.
		chromedp.SetValue(`#where`, want, chromedp.ByQuery),
		chromedp.Submit(`#where`, chromedp.ByQuery),
		chromedp.WaitVisible(`.active-filters`, chromedp.ByQuery),
		chromedp.Location(&filteredURL),
		chromedp.Text(`.result-count strong`, &count, chromedp.ByQuery),
	)
	if err != nil {
		t.Fatalf("driving Chromium: %v (datalist: %q)", err, options)
	}
	// The Russian Kharkiv of the fake gazetteer has no Cyrillic name.
	for _, o := range []string{want, "Kharkiv Oblast (Ukraine)"} {
		if !slices.Contains(options, o) {
			t.Errorf("suggestions %q lack %q", options, o)
		}
	}
	if !strings.HasSuffix(filteredURL, "/?place=706483") || count != "1" {
		t.Errorf("after choosing %q: URL %q, %s results; want place=706483 and 1", want, filteredURL, count)
	}
}
