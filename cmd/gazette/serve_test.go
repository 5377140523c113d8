package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestServeDemo runs the README's first command, `gazette serve --demo`, on
// a free loopback port and searches the demo the way a new user would.
func TestServeDemo(t *testing.T) {
	srv := startServe(t, "--demo")
	defer srv.stop()
	base := srv.base

	resp, err := http.Get(base + "/api/v1/search?q=Izyum")
	if err != nil {
		t.Fatal(err)
	}
	var res struct {
		Total  int `json:"total"`
		Facets struct {
			Places []struct {
				ID, Name string
				Count    int
			} `json:"places"`
		} `json:"facets"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&res); err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if res.Total < 4 {
		t.Errorf("search for Izyum found %d articles, want at least the 4 spellings Izyum, Izium, Изюм, Ізюм", res.Total)
	}
	if len(res.Facets.Places) == 0 || res.Facets.Places[0].Name != "Izium" || res.Facets.Places[0].Count != res.Total {
		t.Errorf("top place facet = %+v, want Izium counting every hit", res.Facets.Places)
	}

	page, err := http.Get(base + "/?q=Izyum")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(page.Body)
	page.Body.Close()
	if page.StatusCode != 200 || !strings.Contains(string(body), "Izium") || !strings.Contains(string(body), "GeoNames") {
		t.Errorf("UI search page: status %d, Izium facet or GeoNames credit missing", page.StatusCode)
	}

	checkReplay(t, base, srv.replay)

	// The address came first, then the demo import with its progress (a
	// line of its own here, as on any non-terminal) and its summary.
	log := srv.stderr.String()
	running := strings.Index(log, "Gazette is running")
	importing := strings.Index(log, "importing the demo archive")
	progress := strings.Index(log, "\nfiles ")
	imported := strings.Index(log, "demo archive imported")
	if running < 0 || importing < running || progress < importing || imported < progress {
		t.Errorf("serve --demo's log is not address, import, progress, summary in that order:\n%s", log)
	}
	if strings.Contains(log, "\r") {
		t.Errorf("progress on a non-terminal has carriage returns:\n%q", log)
	}
}

// checkReplay lists the captures of a demo page through the API and
// replays one from the replay origin, sandboxed.
func checkReplay(t *testing.T, base, replayOrigin string) {
	t.Helper()
	const page = "https://kharkiv-courier.example/2022/10/01/lyman-withdrawal.html"
	resp, err := http.Get(base + "/api/v1/captures?url=" + url.QueryEscape(page))
	if err != nil {
		t.Fatal(err)
	}
	var caps []struct {
		Time, Timestamp, Digest, MIME, Replay string
		ReplayRaw                             string `json:"replay_raw"`
		Status                                int
	}
	err = json.NewDecoder(resp.Body).Decode(&caps)
	resp.Body.Close()
	if err != nil || len(caps) != 1 {
		t.Fatalf("captures of %s: %+v (err %v), want 1", page, caps, err)
	}
	c := caps[0]
	if len(c.Timestamp) != 14 || c.Status != 200 || !strings.HasPrefix(c.Digest, "sha1:") || c.MIME != "text/html" ||
		c.Replay != "/archive/"+c.Timestamp+"/"+page || c.ReplayRaw != replayOrigin+c.Replay {
		t.Errorf("capture = %+v", c)
	}

	raw, err := http.Get(c.ReplayRaw)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(raw.Body)
	raw.Body.Close()
	if raw.StatusCode != 200 || !strings.Contains(string(body), "Lyman") {
		t.Errorf("replay: status %d, body %.200s", raw.StatusCode, body)
	}
	if csp := raw.Header.Get("Content-Security-Policy"); !strings.HasPrefix(csp, "sandbox;") {
		t.Errorf("replay CSP = %q", csp)
	}

	framed, err := http.Get(base + c.Replay)
	if err != nil {
		t.Fatal(err)
	}
	body, _ = io.ReadAll(framed.Body)
	framed.Body.Close()
	if framed.StatusCode != 200 || !strings.Contains(string(body), `<iframe class="replay-frame" sandbox="" src="`+c.ReplayRaw+`"`) {
		t.Errorf("framed replay: status %d, body %.2000s", framed.StatusCode, body)
	}
}

// server is a `gazette serve` started by startServe.
type server struct {
	base, replay string // UI and replay origins
	admin        string // admin origin (--admin-addr), if any
	stop         func() // shuts the server down and checks its exit status
	stderr       *lockedBuffer
}

// lockedBuffer is a bytes.Buffer safe for one writer and one reader.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// startServe runs `gazette serve` with args on free loopback ports and a
// fresh data directory and waits until it is ready (/readyz answers 200:
// any demo import is done).
func startServe(t *testing.T, args ...string) server {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	outR, outW := io.Pipe()
	done := make(chan int, 1)
	errOut := &lockedBuffer{}
	args = append([]string{"serve", "--data", t.TempDir(), "--addr", "127.0.0.1:0", "--replay-addr", "127.0.0.1:0"}, args...)
	go func() {
		done <- run(ctx, args, outW, errOut)
		outW.Close()
	}()

	// The server prints its addresses once it listens, before any demo
	// import: the replay origin and admin listener first, then the UI.
	lines := make(chan string)
	go func() {
		sc := bufio.NewScanner(outR)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
		io.Copy(io.Discard, outR)
	}()
	s := server{stderr: errOut}
	timeout := time.After(2 * time.Minute)
	for s.base == "" {
		select {
		case line, ok := <-lines:
			if !ok {
				cancel()
				t.Fatalf("serve exited with %d before listening", <-done)
			}
			if _, u, ok := strings.Cut(line, "replay from "); ok {
				s.replay = strings.TrimSuffix(u, "/")
			}
			if _, u, ok := strings.Cut(line, "admin API are at "); ok {
				s.admin, _, _ = strings.Cut(u, "/metrics")
			}
			if _, u, ok := strings.Cut(line, "serving at "); ok {
				s.base = strings.TrimSuffix(u, "/")
			}
		case <-timeout:
			cancel()
			t.Fatal("serve did not start")
		}
	}
	go func() {
		for range lines {
		}
	}()
	s.stop = func() {
		t.Helper()
		cancel()
		select {
		case code := <-done:
			if code != 0 {
				t.Errorf("serve exited with %d after shutdown", code)
			}
		case <-time.After(30 * time.Second):
			t.Error("serve did not shut down")
		}
	}
	waitReady(t, s.base)
	return s
}

// waitReady polls /readyz until it answers 200 (or fails the test after
// two minutes).
func waitReady(t *testing.T, base string) {
	t.Helper()
	for deadline := time.Now().Add(2 * time.Minute); ; time.Sleep(50 * time.Millisecond) {
		resp, err := http.Get(base + "/readyz")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode == http.StatusOK {
			return
		}
		if resp.StatusCode != http.StatusServiceUnavailable || time.Now().After(deadline) {
			t.Fatalf("/readyz: %s", resp.Status)
		}
	}
}
