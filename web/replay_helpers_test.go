package web

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeArchive is an in-memory archive for the web tests: captures by URL,
// each with its archived response. It records what Load was asked for.
type fakeArchive struct {
	mu     sync.Mutex
	caps   map[string][]fakeCapture
	loaded []string // "url@timestamp" of every Load
}

type fakeCapture struct {
	info CaptureInfo
	res  ArchivedResponse
	body string
}

func newFakeArchive() *fakeArchive { return &fakeArchive{caps: map[string][]fakeCapture{}} }

// add archives a response of url at t. header is "Name: value" pairs.
func (a *fakeArchive) add(url string, t time.Time, status int, body string, header ...string) {
	h := http.Header{}
	for i := 0; i+1 < len(header); i += 2 {
		h.Add(header[i], header[i+1])
	}
	mt := ""
	if ct := h.Get("Content-Type"); ct != "" {
		mt = ct
	}
	n := len(a.caps[url])
	a.caps[url] = append(a.caps[url], fakeCapture{
		info: CaptureInfo{URL: url, Time: t, Status: status, Digest: fmt.Sprintf("sha1:FAKE%d", n), MIME: mt, Ref: n},
		res:  ArchivedResponse{Status: status, Header: h},
		body: body,
	})
	sort.SliceStable(a.caps[url], func(i, j int) bool { return a.caps[url][i].info.Time.Before(a.caps[url][j].info.Time) })
}

func (a *fakeArchive) Captures(url string) ([]CaptureInfo, error) {
	var out []CaptureInfo
	for _, c := range a.caps[url] {
		out = append(out, c.info)
	}
	return out, nil
}

func (a *fakeArchive) Load(_ context.Context, ci CaptureInfo) (*ArchivedResponse, error) {
	a.mu.Lock()
	a.loaded = append(a.loaded, ci.URL+"@"+formatTimestamp(ci.Time))
	a.mu.Unlock()
	for _, c := range a.caps[ci.URL] {
		if c.info.Ref == ci.Ref {
			res := c.res
			res.Header = res.Header.Clone()
			res.Body, res.Size = io.NopCloser(strings.NewReader(c.body)), int64(len(c.body))
			return &res, nil
		}
	}
	return nil, fmt.Errorf("no capture %v", ci.Ref)
}

// replayServers starts both origins over loopback: the replay server and
// the main UI, wired to arc.
func replayServers(t *testing.T, arc *fakeArchive) (main, replay *httptest.Server) {
	t.Helper()
	cfg := Config{Captures: arc.Captures, Load: arc.Load}
	replay = httptest.NewServer(NewReplay(cfg))
	t.Cleanup(replay.Close)
	cfg.ReplayOrigin = replay.URL
	main = newTestServer(t, cfg)
	return main, replay
}

// readTestdata reads a fixture from testdata/.
func readTestdata(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func date(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, time.UTC)
}
