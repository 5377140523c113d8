package main

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gazette-news/gazette/archive"
	"github.com/gazette-news/gazette/web"
)

// TestReplayFromArchive replays captures from a real archive.Store through
// the adapters serve wires into the web layer: the nearest capture is
// loaded from its WARC record, and its cookies do not come along.
func TestReplayFromArchive(t *testing.T) {
	store, err := archive.Open(filepath.Join(t.TempDir(), "archive"))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	const page = "https://eastmere.example/news/harbour.html"
	ctx := context.Background()
	for i, body := range []string{"<h1>Harbour closed</h1>", "<h1>Harbour reopens</h1>"} {
		_, _, err := store.Add(ctx, archive.Capture{
			URL:    page,
			Time:   time.Date(2022, 3, 1+30*i, 9, 0, 0, 0, time.UTC),
			Status: 200,
			Header: http.Header{"Content-Type": {"text/html; charset=utf-8"}, "Set-Cookie": {"tracker=1"}},
			Body:   []byte(body),
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	a := &app{archive: store}
	replay := httptest.NewServer(web.NewReplay(web.Config{Captures: capturesFunc(a), Load: loadFunc(a)}))
	defer replay.Close()

	for ts, want := range map[string]string{"20220301": "Harbour closed", "20220401": "Harbour reopens", "2023": "Harbour reopens"} {
		res, err := http.Get(replay.URL + "/archive/" + ts + "/" + page)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 || !strings.Contains(string(body), want) {
			t.Errorf("%s: status %d, body %q, want %q", ts, res.StatusCode, body, want)
		}
		if c := res.Header.Values("Set-Cookie"); len(c) > 0 {
			t.Errorf("%s: archived Set-Cookie replayed: %q", ts, c)
		}
	}

	caps, err := capturesFunc(a)(page)
	if err != nil || len(caps) != 2 {
		t.Fatalf("captures: %v, %v", caps, err)
	}
	if caps[0].Digest == "" || caps[0].MIME != "text/html" || caps[0].URL != page {
		t.Errorf("capture info = %+v", caps[0])
	}
	if _, err := loadFunc(a)(ctx, web.CaptureInfo{URL: page}); err == nil {
		t.Error("loading a capture the archive did not list should fail")
	}
}

func TestCheckOrigin(t *testing.T) {
	for _, ok := range []string{"", "http://127.0.0.1:8081", "https://replay.example", "https://replay.example/"} {
		if err := checkOrigin(ok); err != nil {
			t.Errorf("checkOrigin(%q) = %v, want nil", ok, err)
		}
	}
	for _, bad := range []string{"replay.example", "ftp://replay.example", "https://replay.example/archive",
		"https://replay.example?x", "https://a b", "https://x; script-src *", "https://u:p@replay.example", "http://"} {
		if err := checkOrigin(bad); err == nil {
			t.Errorf("checkOrigin(%q) = nil, want an error", bad)
		}
	}
	if code := run(context.Background(), []string{"serve", "--replay-url", "https://replay.example/x"}, io.Discard, io.Discard); code != 2 {
		t.Errorf("serve with a bad --replay-url exited %d, want 2", code)
	}
}
