package web

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// canary is a loopback server that records every request. A hostile
// archived page reports to it when its scripts run.
type canary struct {
	*httptest.Server
	mu   sync.Mutex
	hits []string
}

func newCanary(t *testing.T) *canary {
	c := &canary{}
	c.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c.mu.Lock()
		c.hits = append(c.hits, r.URL.String())
		c.mu.Unlock()
		w.Header().Set("Access-Control-Allow-Origin", "*")
		w.Write([]byte("ok"))
	}))
	t.Cleanup(c.Close)
	return c
}

func (c *canary) Hits() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.hits...)
}

// newBrowser starts a headless Chromium the way TestBrowserSearchAndFacet
// does, with any extra allocator options, and returns its context.
func newBrowser(t *testing.T, extra ...chromedp.ExecAllocatorOption) context.Context {
	t.Helper()
	exe := chromiumPath(t)
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
		// Chromium may take long to start when the tests of other
		// packages run beside it on two cores.
		chromedp.WSURLReadTimeout(time.Minute),
	}
	opts = append(opts, extra...)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	ctx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	t.Cleanup(cancelAlloc)
	ctx, cancelBrowser := chromedp.NewContext(ctx, chromedp.WithErrorf(quiet(log.Printf)))
	t.Cleanup(cancelBrowser)
	return ctx
}

// browserDataDir is a profile directory for Chromium. Unlike t.TempDir,
// its removal tolerates files that Chromium's helper processes are still
// writing as the test ends, which made tests fail at cleanup.
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

// hostilePage is testdata/hostile.html with its canary and main-origin
// placeholders filled in.
func hostilePage(t *testing.T, canaryURL, mainURL string) string {
	page := readTestdata(t, "hostile.html")
	page = strings.ReplaceAll(page, "CANARY", canaryURL)
	return strings.ReplaceAll(page, "MAIN", mainURL)
}

// TestBrowserHostilePageRunsWithoutProtection is the control for
// TestBrowserReplayBlocksScripts: served plainly, the hostile fixture's
// scripts do run and reach the canary, so the canary can tell.
func TestBrowserHostilePageRunsWithoutProtection(t *testing.T) {
	ctx := newBrowser(t)
	can := newCanary(t)
	page := hostilePage(t, can.URL, "http://127.0.0.1:1")
	plain := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(page))
	}))
	defer plain.Close()

	var title string
	err := chromedp.Run(ctx,
		chromedp.Navigate(plain.URL+"/"),
		chromedp.WaitReady("#headline", chromedp.ByID),
		chromedp.Title(&title),
	)
	if err != nil {
		t.Fatalf("driving Chromium: %v", err)
	}
	if title != "PWNED" {
		t.Errorf("unprotected page title = %q, want the script's PWNED", title)
	}
	deadline := time.Now().Add(10 * time.Second)
	for !hasHit(can.Hits(), "/ran") && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if !hasHit(can.Hits(), "/ran") {
		t.Errorf("unprotected page never reached the canary; hits: %q", can.Hits())
	}
}

// TestBrowserReplayBlocksScripts replays a hostile archived page in a real
// Chromium, framed on the main origin (reached from the article page's
// timeline) and opened alone on the replay origin, with a cookie set for
// the host. Its scripts (inline, external, and event handlers) must not
// run: the title stays, the DOM is unmarked, and the canary, which every
// script would report to with the cookie and with what the search API
// answered, is never hit; nor is it by the fetches the link rewriter
// cannot see (an SVG image, a srcdoc frame). An archived image still loads.
func TestBrowserReplayBlocksScripts(t *testing.T) {
	ctx := newBrowser(t)
	can := newCanary(t)
	arc := newFakeArchive()
	main, replay := replayServers(t, arc)
	// The URL of fixture article ...01, so that its page links to the capture.
	const target = "https://morning-courier.example/2022/03/izium-bridge"
	arc.add(target, date(2022, 3, 1, 9, 0), 200, hostilePage(t, can.URL, main.URL), "Content-Type", "text/html; charset=utf-8")
	arc.add("https://morning-courier.example/img/logo.png", date(2022, 3, 1, 9, 0), 200, string(tinyPNG(t)), "Content-Type", "image/png")

	framed := main.URL + "/archive/20220301090000/" + target
	alone := replay.URL + "/archive/20220301090000/" + target
	var framedURL string
	var bannerText, topTitle, frameSrc, aloneTitle, aloneHeadline, pwned string
	var pwnedOK bool
	var shot []byte
	var logoWidth int
	err := chromedp.Run(ctx,
		// A cookie for 127.0.0.1, which both origins share (cookies ignore ports).
		network.SetCookie("session", "secret-session-token").WithURL(main.URL+"/"),

		// From the article page's timeline to the framed capture.
		chromedp.Navigate(main.URL+"/articles/a1000000000000000000000000000001"),
		chromedp.WaitVisible(".captures a.replay", chromedp.ByQuery),
		chromedp.Click(".captures a.replay", chromedp.ByQuery),
		chromedp.WaitVisible(".replay-banner", chromedp.ByQuery),
		chromedp.Location(&framedURL),
		chromedp.Text(".replay-banner", &bannerText, chromedp.ByQuery),
		chromedp.AttributeValue("iframe.replay-frame", "src", &frameSrc, nil, chromedp.ByQuery),
		chromedp.Title(&topTitle),
		chromedp.Sleep(700*time.Millisecond), // time for the frame to load and any script to report
		chromedp.FullScreenshot(&shot, 100),

		chromedp.Navigate(alone),
		chromedp.WaitReady("#headline", chromedp.ByID),
		chromedp.Title(&aloneTitle),
		chromedp.Text("#headline", &aloneHeadline, chromedp.ByID),
		chromedp.AttributeValue("html", "data-pwned", &pwned, &pwnedOK, chromedp.ByQuery),
		chromedp.Sleep(700*time.Millisecond),
		chromedp.Evaluate(`document.getElementById("logo").naturalWidth`, &logoWidth),
	)
	if err != nil {
		t.Fatalf("driving Chromium: %v", err)
	}

	if dir := os.Getenv("GAZETTE_SCREENSHOTS"); dir != "" {
		os.WriteFile(filepath.Join(dir, "replay.png"), shot, 0o644)
	}
	if !strings.Contains(bannerText, "Archived page") || !strings.Contains(bannerText, target) || !strings.Contains(bannerText, "1 March 2022, 09:00 UTC") {
		t.Errorf("banner = %q", bannerText)
	}
	if framedURL != framed {
		t.Errorf("the timeline link led to %q, want %q", framedURL, framed)
	}
	if frameSrc != alone {
		t.Errorf("iframe src = %q, want %q", frameSrc, alone)
	}
	if !strings.HasPrefix(topTitle, "Archived: ") {
		t.Errorf("framing page title = %q", topTitle)
	}
	if aloneTitle != "Quiet harbour reopens after the storm" || pwnedOK {
		t.Errorf("replayed page title = %q, data-pwned = %q (present %v): its script ran", aloneTitle, pwned, pwnedOK)
	}
	if aloneHeadline != "Quiet harbour reopens after the storm" {
		t.Errorf("replayed page headline = %q: the archived document was not shown", aloneHeadline)
	}
	if logoWidth != 3 {
		t.Errorf("archived image width = %d, want 3: images from the archive do not load", logoWidth)
	}
	if hits := can.Hits(); len(hits) > 0 {
		t.Errorf("the archived page's scripts reached the canary: %q", hits)
	}
	// Both the frame and the direct visit loaded the capture, so the
	// scripts had their chance.
	arc.mu.Lock()
	loads := len(arc.loaded)
	arc.mu.Unlock()
	if loads < 2 {
		t.Errorf("the capture was loaded %d times, want at least 2 (framed and alone)", loads)
	}
}

func hasHit(hits []string, prefix string) bool {
	for _, h := range hits {
		if strings.HasPrefix(h, prefix) {
			return true
		}
	}
	return false
}

// tinyPNG is a 3×2 PNG, an archived image for the replayed page.
func tinyPNG(t *testing.T) []byte {
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewGray(image.Rect(0, 0, 3, 2))); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
