package web

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"

	"github.com/gazette-news/gazette/search"
)

// browserStep runs chromedp actions with a deadline of their own; on
// failure it saves a screenshot of the page (see screenshotDir) and fails
// the test.
func browserStep(t *testing.T, ctx context.Context, name string, actions ...chromedp.Action) {
	t.Helper()
	// The browser starts on the first Run and lives as long as that
	// context: start it on ctx, not on the step's shorter one.
	if err := chromedp.Run(ctx); err != nil {
		t.Fatalf("starting Chromium: %v", err)
	}
	sctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	if err := chromedp.Run(sctx, actions...); err != nil {
		var png []byte
		shotCtx, cancelShot := context.WithTimeout(ctx, 10*time.Second)
		defer cancelShot()
		path := filepath.Join(screenshotDir(t), strings.ReplaceAll(t.Name(), "/", "_")+"-"+name+".png")
		if serr := chromedp.Run(shotCtx, chromedp.FullScreenshot(&png, 100)); serr == nil && os.WriteFile(path, png, 0o644) == nil {
			t.Fatalf("%s: %v (screenshot: %s)", name, err, path)
		}
		t.Fatalf("%s: %v (no screenshot)", name, err)
	}
}

// screenshotDir is where failing browser tests leave their screenshots:
// $GAZETTE_SCREENSHOTS, else a directory under the system's temp dir that
// outlives the test.
func screenshotDir(t *testing.T) string {
	dir := os.Getenv("GAZETTE_SCREENSHOTS")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "gazette-screenshots")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Logf("screenshot dir: %v", err)
	}
	return dir
}

// drag presses the left button at the centre of the element from, moves
// to the centre of to and releases there, as a person dragging does.
func drag(from, to string) chromedp.Action {
	return chromedp.ActionFunc(func(ctx context.Context) error {
		var a, b []float64
		centre := func(sel string) string {
			return `(() => { const r = document.querySelector(` + "`" + sel + "`" + `).getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; })()`
		}
		if err := chromedp.Evaluate(centre(from), &a).Do(ctx); err != nil {
			return err
		}
		if err := chromedp.Evaluate(centre(to), &b).Do(ctx); err != nil {
			return err
		}
		steps := []*input.DispatchMouseEventParams{
			input.DispatchMouseEvent(input.MouseMoved, a[0], a[1]),
			input.DispatchMouseEvent(input.MousePressed, a[0], a[1]).WithButton(input.Left).WithButtons(1).WithClickCount(1),
		}
		for i := 1; i <= 5; i++ {
			x := a[0] + (b[0]-a[0])*float64(i)/5
			steps = append(steps, input.DispatchMouseEvent(input.MouseMoved, x, b[1]).WithButton(input.Left).WithButtons(1))
		}
		steps = append(steps, input.DispatchMouseEvent(input.MouseReleased, b[0], b[1]).WithButton(input.Left).WithClickCount(1))
		for _, s := range steps {
			if err := s.Do(ctx); err != nil {
				return err
			}
		}
		return nil
	})
}

// TestBrowserTimeline clicks a bar of the timeline, drags across bars to
// choose a range, and picks the undated articles, in a real Chromium.
func TestBrowserTimeline(t *testing.T) {
	srv := newTestServer(t, Config{})
	ctx := newBrowser(t)

	// A click on one day's bar: the articles of that day.
	var count, from, to, loc string
	browserStep(t, ctx, "click a bar",
		chromedp.Navigate(srv.URL+"/"),
		chromedp.WaitVisible(`.timeline svg a.bar[data-from="2022-04-20"]`, chromedp.ByQuery),
		chromedp.Click(`.timeline svg a.bar[data-from="2022-04-20"] rect.slot`, chromedp.ByQuery),
		chromedp.WaitVisible(`#from[value="2022-04-20"]`, chromedp.ByQuery),
		chromedp.Text(`.result-count strong`, &count, chromedp.ByQuery),
		chromedp.Location(&loc),
	)
	if count != "1" || !strings.Contains(loc, "from=2022-04-20") || !strings.Contains(loc, "to=2022-04-20") {
		t.Errorf("after clicking the 20 April bar: %s results at %s; want 1", count, loc)
	}

	// A drag from 10 March to 5 April: the articles of those days.
	browserStep(t, ctx, "drag a range",
		chromedp.Navigate(srv.URL+"/"),
		chromedp.WaitVisible(`.timeline svg a.bar[data-from="2022-04-05"]`, chromedp.ByQuery),
		drag(`.timeline svg a.bar[data-from="2022-03-10"] rect.slot`, `.timeline svg a.bar[data-from="2022-04-05"] rect.slot`),
		chromedp.WaitVisible(`#to[value="2022-04-05"]`, chromedp.ByQuery),
		chromedp.Value(`#from`, &from, chromedp.ByQuery),
		chromedp.Value(`#to`, &to, chromedp.ByQuery),
		chromedp.Text(`.result-count strong`, &count, chromedp.ByQuery),
	)
	if from != "2022-03-10" || to != "2022-04-05" || count != "2" {
		t.Errorf("after dragging: from %q to %q, %s results; want 2022-03-10 to 2022-04-05, 2", from, to, count)
	}
	// The narrowed timeline draws the chosen days only.
	var bars int
	browserStep(t, ctx, "count bars", chromedp.Evaluate(`document.querySelectorAll(".timeline svg a.bar").length`, &bars))
	if bars != 27 {
		t.Errorf("the range's timeline has %d bars, want 27 (10 March to 5 April)", bars)
	}

	// The undated articles, from the link beside the chart.
	browserStep(t, ctx, "pick the undated",
		chromedp.Navigate(srv.URL+"/"),
		chromedp.WaitVisible(`.timeline a.undated`, chromedp.ByQuery),
		chromedp.Click(`.timeline a.undated`, chromedp.ByQuery),
		chromedp.WaitReady(`#undated option[value="only"][selected]`, chromedp.ByQuery),
		chromedp.Text(`.result-count strong`, &count, chromedp.ByQuery),
	)
	if count != "1" {
		t.Errorf("undated: %s results, want 1", count)
	}
}

// drillIndex holds articles about Izium and Kharkiv (Kharkiv Oblast),
// Lyman (Donetsk Oblast), Belgorod (Russia) and the Oskil river.
func drillIndex(t *testing.T) *search.Index {
	t.Helper()
	ix, err := search.Open(filepath.Join(t.TempDir(), "index"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	ua := search.PlaceRef{ID: "UA", Name: "Ukraine", Kind: search.KindCountry}
	ru := search.PlaceRef{ID: "RU", Name: "Russia", Kind: search.KindCountry}
	kh := search.PlaceRef{ID: "UA.07", Name: "Kharkiv Oblast", Kind: search.KindRegion}
	dn := search.PlaceRef{ID: "UA.05", Name: "Donetsk Oblast", Kind: search.KindRegion}
	city := func(id, name string, up ...search.PlaceRef) search.Place {
		return search.Place{ID: id, Name: name, Country: up[len(up)-1].ID, Kind: search.KindCity, Ancestors: up}
	}
	day := func(s string) *time.Time { d, _ := time.Parse(dateLayout, s); return &d }
	docs := []search.Doc{
		{ID: "izium-1", Title: "Izium station reopens", Text: "Trains again.", Lang: "en", Published: day("2022-09-10"),
			Places: []search.Place{city("707292", "Izium", kh, ua)}},
		{ID: "izium-2", Title: "Izium and Kharkiv linked by bus", Text: "A new bus.", Lang: "en", Published: day("2022-09-20"),
			Places: []search.Place{city("707292", "Izium", kh, ua), city("706483", "Kharkiv", kh, ua)}},
		{ID: "kharkiv", Title: "Kharkiv metro", Text: "Trains underground.", Lang: "en", Published: day("2022-05-24"),
			Places: []search.Place{city("706483", "Kharkiv", kh, ua)}},
		{ID: "lyman", Title: "Lyman retaken", Text: "Troops entered.", Lang: "en", Published: day("2022-10-01"),
			Places: []search.Place{city("702320", "Lyman", dn, ua)}},
		{ID: "belgorod", Title: "Belgorod blackout", Text: "Power cut.", Lang: "ru", Published: day("2022-07-01"),
			Places: []search.Place{city("578072", "Belgorod", search.PlaceRef{ID: "RU.09", Name: "Belgorod Oblast", Kind: search.KindRegion}, ru)}},
		{ID: "oskil", Title: "Crossing the Oskil", Text: "A river crossing.", Lang: "uk", Published: day("2022-09-25"),
			Places: []search.Place{{ID: "x-oskil", Name: "Oskil", Country: "UA", Kind: search.KindWater, Ancestors: []search.PlaceRef{ua}}}},
	}
	if err := ix.Put(docs...); err != nil {
		t.Fatal(err)
	}
	return ix
}

// TestBrowserPlaceDrillDown drills down Ukraine → Kharkiv Oblast → Izium
// in a real Chromium: each choice narrows the next level's list to the
// places inside it, and the count follows.
func TestBrowserPlaceDrillDown(t *testing.T) {
	srv := newTestServer(t, Config{Search: drillIndex(t)})
	ctx := newBrowser(t)

	var regions, cities, other []string
	var count, note, loc string
	names := func(facet string, out *[]string) chromedp.Action {
		return chromedp.Evaluate(`Array.from(document.querySelectorAll('.facet[data-facet="`+facet+`"] li a'), a => a.textContent.trim())`, out)
	}
	browserStep(t, ctx, "choose Ukraine",
		chromedp.Navigate(srv.URL+"/"),
		chromedp.WaitVisible(`.facet[data-facet="Countries"]`, chromedp.ByQuery),
		chromedp.Click(`.facet[data-facet="Countries"] a[href*="place=UA"]`, chromedp.ByQuery),
		chromedp.WaitVisible(`.facet[data-facet="Countries"] li.active`, chromedp.ByQuery),
		names("Regions", &regions),
		names("Other places", &other),
		chromedp.Text(`.facet[data-facet="Regions"] h2 .note`, &note, chromedp.ByQuery),
		chromedp.Text(`.result-count strong`, &count, chromedp.ByQuery),
	)
	if strings.Join(regions, ",") != "Kharkiv Oblast,Donetsk Oblast" || note != "in Ukraine" || count != "5" {
		t.Errorf("in Ukraine: regions %q (%q), %s results; want Kharkiv Oblast, Donetsk Oblast and 5", regions, note, count)
	}
	if strings.Join(other, ",") != "Oskil" {
		t.Errorf("other places %q, want the Oskil (a river is no region)", other)
	}

	browserStep(t, ctx, "choose Kharkiv Oblast",
		chromedp.Click(`.facet[data-facet="Regions"] a[href*="place=UA.07"]`, chromedp.ByQuery),
		chromedp.WaitVisible(`.facet[data-facet="Regions"] li.active`, chromedp.ByQuery),
		names("Cities and towns", &cities),
		chromedp.Text(`.result-count strong`, &count, chromedp.ByQuery),
	)
	if strings.Join(cities, ",") != "Izium,Kharkiv" || count != "3" {
		t.Errorf("in Kharkiv Oblast: cities %q, %s results; want Izium, Kharkiv and 3", cities, count)
	}

	browserStep(t, ctx, "choose Izium",
		chromedp.Click(`.facet[data-facet="Cities and towns"] a[href*="place=707292"]`, chromedp.ByQuery),
		chromedp.WaitVisible(`.facet[data-facet="Cities and towns"] li.active`, chromedp.ByQuery),
		chromedp.Text(`.result-count strong`, &count, chromedp.ByQuery),
		chromedp.Location(&loc),
		names("Cities and towns", &cities),
	)
	if count != "2" || !strings.Contains(loc, "place=UA&place=UA.07&place=707292") {
		t.Errorf("Izium: %s results at %s; want 2 with the three places", count, loc)
	}
	// Kharkiv keeps its count beside the chosen Izium: one more click adds it.
	if strings.Join(cities, ",") != "Izium,Kharkiv" {
		t.Errorf("cities beside the chosen Izium: %q", cities)
	}
}
