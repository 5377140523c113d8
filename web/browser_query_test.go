package web

import (
	"context"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
)

// screenshotOnFailure saves what the browser shows when the test has
// failed, in $GAZETTE_SCREENSHOTS or a temporary directory, and logs where.
func screenshotOnFailure(t *testing.T, ctx context.Context) {
	t.Cleanup(func() {
		if !t.Failed() {
			return
		}
		dir := os.Getenv("GAZETTE_SCREENSHOTS")
		if dir == "" {
			var err error
			if dir, err = os.MkdirTemp("", "gazette-screens-"); err != nil {
				return
			}
		}
		var png []byte
		shot, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		if err := chromedp.Run(shot, chromedp.FullScreenshot(&png, 90)); err != nil {
			t.Logf("no screenshot: %v", err)
			return
		}
		path := filepath.Join(dir, strings.ReplaceAll(t.Name(), "/", "_")+".png")
		if err := os.WriteFile(path, png, 0o644); err == nil {
			t.Logf("screenshot of the failure: %s", path)
		}
	})
}

// apiTotal asks the API how many articles a search URL's query finds.
func apiTotal(t *testing.T, base, rawQuery string) string {
	t.Helper()
	var res apiResult
	getJSON(t, base+"/api/v1/search?"+rawQuery, 200, &res)
	return strconv.FormatUint(res.Total, 10)
}

// search types a query into the search box of the page shown, submits it
// and waits for its results page.
func typeQuery(q string) chromedp.Tasks {
	return chromedp.Tasks{
		chromedp.WaitVisible(`#q`, chromedp.ByQuery),
		chromedp.SetValue(`#q`, "", chromedp.ByQuery),
		chromedp.SendKeys(`#q`, q, chromedp.ByQuery),
		chromedp.Click(`form.search button.primary`, chromedp.ByQuery),
		// The server echoes the query into the box's value attribute, so
		// this matches once the new page has loaded.
		chromedp.WaitVisible(`#q[value=`+strconv.Quote(q)+`]`, chromedp.ByQuery),
	}
}

// TestBrowserBooleanQuery types boolean queries into a real Chromium and
// checks the counts against the API, then a broken query, whose error
// marks the unclosed bracket.
func TestBrowserBooleanQuery(t *testing.T) {
	srv := newTestServer(t, Config{})
	ctx := newBrowser(t)
	screenshotOnFailure(t, ctx)

	var andCount, notCount, orCount, marked, message string
	err := chromedp.Run(ctx,
		chromedp.Navigate(srv.URL+"/"),
		typeQuery("Izium AND reopen"),
		chromedp.Text(`.result-count strong`, &andCount, chromedp.ByQuery),
		typeQuery("Izium NOT Kharkiv"),
		chromedp.Text(`.result-count strong`, &notCount, chromedp.ByQuery),
		typeQuery("(Izium OR Kyiv) -metro"),
		chromedp.Text(`.result-count strong`, &orCount, chromedp.ByQuery),
		typeQuery("Izium (Kharkiv OR Kyiv"),
		chromedp.WaitVisible(`.bad-query mark`, chromedp.ByQuery),
		chromedp.Text(`.bad-query mark`, &marked, chromedp.ByQuery),
		chromedp.Text(`.bad-query .error-message`, &message, chromedp.ByQuery),
	)
	if err != nil {
		t.Fatalf("driving Chromium: %v", err)
	}
	for _, c := range []struct{ q, got string }{
		{"Izium AND reopen", andCount},
		{"Izium NOT Kharkiv", notCount},
		{"(Izium OR Kyiv) -metro", orCount},
	} {
		if want := apiTotal(t, srv.URL, "q="+url.QueryEscape(c.q)); c.got != want || c.got == "0" {
			t.Errorf("%q: the page counts %q, the API %s", c.q, c.got, want)
		}
	}
	if andCount != "2" || notCount != "1" {
		t.Errorf("Izium AND reopen: %s, Izium NOT Kharkiv: %s; want 2 and 1", andCount, notCount)
	}
	if marked != "(" || !strings.Contains(message, "unclosed bracket opened at character 7") {
		t.Errorf("bad query: marked %q, message %q", marked, message)
	}
}

// TestBrowserNear searches with near: in a real Chromium, then draws a box
// on the results map and checks that the page searched inside it.
func TestBrowserNear(t *testing.T) {
	base := geoServer(t)
	ctx := newBrowser(t)
	screenshotOnFailure(t, ctx)

	const q = "near:Izyum~20km"
	var nearCount, boxURL, boxCount, chips string
	var box struct{ Left, Top, Right, Bottom float64 }
	err := chromedp.Run(ctx,
		chromedp.Navigate(base+"/"),
		typeQuery(q),
		chromedp.Text(`.result-count strong`, &nearCount, chromedp.ByQuery),
		chromedp.WaitVisible(`.map svg[data-box-url]`, chromedp.ByQuery),
		chromedp.Evaluate(`(() => { const r = document.querySelector('.map svg').getBoundingClientRect();
			return {left: r.left, top: r.top, right: r.right, bottom: r.bottom}; })()`, &box),
	)
	if err != nil {
		t.Fatalf("driving Chromium: %v", err)
	}
	if want := apiTotal(t, base, "q="+url.QueryEscape(q)); nearCount != want || nearCount != "2" {
		t.Errorf("%s: the page counts %q, the API %s; want 2", q, nearCount, want)
	}

	// Drag from near the top left corner to near the bottom right one.
	x0, y0 := box.Left+4, box.Top+4
	x1, y1 := box.Right-4, box.Bottom-4
	err = chromedp.Run(ctx,
		chromedp.MouseEvent(input.MouseMoved, x0, y0),
		chromedp.MouseEvent(input.MousePressed, x0, y0, chromedp.ButtonLeft, chromedp.ClickCount(1)),
		chromedp.MouseEvent(input.MouseMoved, (x0+x1)/2, (y0+y1)/2, chromedp.ButtonLeft),
		chromedp.MouseEvent(input.MouseMoved, x1, y1, chromedp.ButtonLeft),
		chromedp.MouseEvent(input.MouseReleased, x1, y1, chromedp.ButtonLeft, chromedp.ClickCount(1)),
		// The page searched inside a box shows it on the map: the
		// server's rect, not the one the drag draws on the page before
		// (class "drawn"), which is visible until the new page loads.
		chromedp.WaitVisible(`.map rect.box:not(.drawn)`, chromedp.ByQuery),
		chromedp.Location(&boxURL),
		chromedp.Text(`.result-count strong`, &boxCount, chromedp.ByQuery),
		chromedp.Text(`.active-filters`, &chips, chromedp.ByQuery),
	)
	if err != nil {
		t.Fatalf("drawing a box on the map: %v", err)
	}
	u, err := url.Parse(boxURL)
	if err != nil {
		t.Fatal(err)
	}
	v := u.Query()
	if v.Get("q") != q || len(strings.Split(v.Get("bbox"), ",")) != 4 {
		t.Fatalf("after drawing a box the URL is %s, want q=%s and a bbox", boxURL, q)
	}
	if want := apiTotal(t, base, u.RawQuery); boxCount != want || boxCount == "0" {
		t.Errorf("inside the box the page counts %q, the API %s", boxCount, want)
	}
	if !strings.Contains(chips, "Map area") {
		t.Errorf("active filters %q lack the map area", chips)
	}
}
