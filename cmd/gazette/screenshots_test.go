package main

import (
	"bytes"
	"context"
	"flag"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

var updateDocs = flag.Bool("update", false, "rewrite the README's screenshots in docs/ from the demo")

// screenshots are the README's pictures: a page of the demo each, as a
// 1280×960 browser shows it, and what to wait for before taking it.
var screenshots = []struct {
	file, path, ready string
}{
	{"timeline.png", "/?q=Izyum", ".timeline svg a.bar"},
	{"drilldown.png", "/?place=UA&place=UA.07", `.facet[data-facet="Cities and towns"]`},
	{"compare.png", "/compare?q=Izyum&q=Kupiansk&q=Lyman", "figure.compare-chart svg"},
	// An article opened from the results for Izyum: the query's matches
	// marked, its places linked, the way back to the same results.
	{"article.png", "/articles/c24ea4eb75b8cb9f?q=Izyum", "article.article mark"},
}

// TestScreenshots serves the demo (`gazette serve --demo`), takes the
// README's screenshots in a headless Chromium and checks them and the
// committed ones in docs/; with -update it writes them there:
//
//	go test ./cmd/gazette -run TestScreenshots -update
func TestScreenshots(t *testing.T) {
	exe := chromium(t)
	srv := startServe(t, "--demo")
	defer srv.stop()

	ctx := newBrowser(t, exe, 1280, 960, 90*time.Second)

	docs := filepath.Join("..", "..", "docs")
	for _, s := range screenshots {
		var shot []byte
		if err := chromedp.Run(ctx,
			chromedp.EmulateViewport(1280, 960),
			chromedp.Navigate(srv.base+s.path),
			chromedp.WaitVisible(s.ready, chromedp.ByQuery),
			chromedp.CaptureScreenshot(&shot),
		); err != nil {
			t.Fatalf("%s: %v", s.path, err)
		}
		img, err := png.Decode(bytes.NewReader(shot))
		if err != nil || img.Bounds().Dx() != 1280 || img.Bounds().Dy() != 960 {
			t.Fatalf("%s: screenshot %v, %v; want a 1280×960 PNG", s.path, err, img.Bounds())
		}
		path := filepath.Join(docs, s.file)
		if *updateDocs {
			if err := os.WriteFile(path, shot, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		committed, err := os.ReadFile(path)
		if err != nil {
			t.Errorf("the README's %s is missing: run go test ./cmd/gazette -run TestScreenshots -update (%v)", s.file, err)
			continue
		}
		if img, err := png.Decode(bytes.NewReader(committed)); err != nil || img.Bounds().Dx() != 1280 {
			t.Errorf("docs/%s is no 1280-pixel-wide PNG: %v", s.file, err)
		}
	}
}

// chromium finds the headless browser as the web package's browser tests
// do: $GAZETTE_CHROMIUM, /usr/bin/chromium or the PATH; missing, the test
// fails (GAZETTE_SKIP_BROWSER=1 skips it on purpose).
func chromium(t *testing.T) string {
	t.Helper()
	if os.Getenv("GAZETTE_SKIP_BROWSER") == "1" {
		t.Skip("GAZETTE_SKIP_BROWSER=1: skipping the headless Chromium test")
	}
	if p := os.Getenv("GAZETTE_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Fatal("headless Chromium not found: install it (apt-get install -y chromium), set GAZETTE_CHROMIUM, or GAZETTE_SKIP_BROWSER=1 to skip")
	return ""
}

// browserDataDir is a profile directory for Chromium. Unlike t.TempDir,
// its removal tolerates files that Chromium's helper processes are still
// writing as the test ends, which made tests fail at cleanup (as in the web
// package's browser tests).
func browserDataDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "gazette-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		for i := 0; i < 20 && os.RemoveAll(dir) != nil; i++ {
			time.Sleep(50 * time.Millisecond)
		}
	})
	return dir
}

// newBrowser starts a headless Chromium (exe) with a window of w×h pixels
// for the whole test, within timeout; it is stopped when the test ends.
func newBrowser(t *testing.T, exe string, w, h int, timeout time.Duration) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(exe), chromedp.NoSandbox,
		chromedp.WindowSize(w, h), chromedp.UserDataDir(browserDataDir(t)),
		// Chromium may take long to start when the tests of other
		// packages run beside it on two cores.
		chromedp.WSURLReadTimeout(time.Minute))
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	t.Cleanup(cancel)
	ctx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	t.Cleanup(cancelAlloc)
	ctx, cancelBrowser := chromedp.NewContext(ctx)
	t.Cleanup(cancelBrowser)
	return ctx
}
