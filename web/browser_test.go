package web

import (
	"context"
	"log"
	"os"
	"os/exec"
	"path/filepath"
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
	exe := chromiumPath(t)
	srv := newTestServer(t, Config{})

	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(browserDataDir(t)),
		chromedp.WindowSize(1280, 900),
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	ctx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	defer cancelAlloc()
	// Chromium may send protocol events newer than chromedp knows; those
	// decode errors are harmless, so they are dropped. (t.Logf cannot be
	// used: chromedp may log from its goroutines after the test returns.)
	ctx, cancelBrowser := chromedp.NewContext(ctx, chromedp.WithErrorf(quiet(log.Printf)))
	defer cancelBrowser()

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

		chromedp.Click(`.facet[data-facet="Places"] a[href*="place=707292"]`, chromedp.ByQuery),
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
