package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserResultsAboveFold opens results pages of the demo in a
// 1366×900 window, the laptop screen the map must leave room on: above the
// results come the form, the timeline and the map, and still the first
// result's title shows without scrolling. The map's names must not overlap
// or leave the map, and a chosen place must be in the middle of it.
func TestBrowserResultsAboveFold(t *testing.T) {
	exe := chromium(t)
	srv := startServe(t, "--demo")
	defer srv.stop()

	ctx := newBrowser(t, exe, 1366, 900, 2*time.Minute)

	// What the page shows at the top, in CSS pixels of the viewport.
	type layout struct {
		Height   float64 // the viewport's
		Timeline bool
		Map      []float64 // x, y, width, height
		Hit      []float64 // the first result's title: top, bottom
		Labels   [][]float64
		Active   []float64 // the chosen place's point: x, y; nil for none
	}
	const measure = `(() => {
		const box = e => { const r = e.getBoundingClientRect(); return [r.x, r.y, r.width, r.height]; };
		const h2 = document.querySelector(".hit h2").getBoundingClientRect();
		const map = document.querySelector(".map svg");
		const active = document.querySelector(".map .point.active");
		let centre = null;
		if (active) { const r = active.getBoundingClientRect(); centre = [r.x + r.width / 2, r.y + r.height / 2]; }
		return {
			height: innerHeight,
			timeline: document.querySelector(".timeline svg") !== null,
			map: map ? box(map) : null,
			hit: [h2.top, h2.bottom],
			labels: Array.from(document.querySelectorAll(".map .labels text"), box),
			active: centre,
		};
	})()`
	for _, path := range []string{
		"/",
		"/?q=Izyum",
		"/?q=Izyum&place=707292",
		"/?place=UA&place=UA.07",
		"/?q=Kharkiv&sort=newest",
	} {
		var l layout
		if err := chromedp.Run(ctx,
			chromedp.EmulateViewport(1366, 900),
			chromedp.Navigate(srv.base+path),
			chromedp.WaitVisible(`.hit h2 a`, chromedp.ByQuery),
			chromedp.WaitVisible(`.map svg`, chromedp.ByQuery),
			chromedp.Evaluate(measure, &l),
		); err != nil {
			t.Fatalf("%s: %v (screenshot: %s)", path, err, screenshot(t, ctx, path))
		}
		fail := func(format string, args ...any) {
			t.Helper()
			t.Errorf(path+": "+format+" (screenshot: %s)", append(args, screenshot(t, ctx, path))...)
		}
		if l.Height != 900 || !l.Timeline || len(l.Map) != 4 {
			fail("viewport %v high, timeline %v, map %v; want 900, a timeline and a map", l.Height, l.Timeline, l.Map)
			continue
		}
		if l.Hit[1] > l.Height {
			fail("the first result's title ends at y=%v, below the fold at %v (the map ends at %v)", l.Hit[1], l.Height, l.Map[1]+l.Map[3])
		}
		if len(l.Labels) < 2 {
			fail("the map names %d places, want some", len(l.Labels))
		}
		for i, a := range l.Labels {
			if a[0] < l.Map[0]-1 || a[0]+a[2] > l.Map[0]+l.Map[2]+1 || a[1] < l.Map[1]-1 || a[1]+a[3] > l.Map[1]+l.Map[3]+1 {
				fail("name %d at %v leaves the map at %v", i, a, l.Map)
			}
			for _, b := range l.Labels[:i] {
				if a[0] < b[0]+b[2] && b[0] < a[0]+a[2] && a[1] < b[1]+b[3] && b[1] < a[1]+a[3] {
					fail("names at %v and %v overlap", a, b)
				}
			}
		}
		if strings.Contains(path, "place=707292") {
			if l.Active == nil || l.Active[0] < l.Map[0]+l.Map[2]/3 || l.Active[0] > l.Map[0]+2*l.Map[2]/3 {
				fail("the chosen place is drawn at %v, not in the middle of the map at %v", l.Active, l.Map)
			}
		}
	}
}

// screenshot saves the page as it is for a failing browser test, in
// $GAZETTE_SCREENSHOTS or the system's temp dir, and says where.
func screenshot(t *testing.T, ctx context.Context, page string) string {
	dir := os.Getenv("GAZETTE_SCREENSHOTS")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "gazette-screenshots")
	}
	var png []byte
	sctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := os.MkdirAll(dir, 0o755); err != nil || chromedp.Run(sctx, chromedp.FullScreenshot(&png, 100)) != nil {
		return "none"
	}
	name := strings.NewReplacer("/", "_", "?", "_", "&", "_", "=", "-").Replace(t.Name() + page)
	path := filepath.Join(dir, name+".png")
	if os.WriteFile(path, png, 0o644) != nil {
		return "none"
	}
	return path
}
