package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gazette-news/gazette/archive/crawl"
	"github.com/gazette-news/gazette/search"
	"github.com/gazette-news/gazette/web"
)

// backupSite is a loopback news site: a home page linking to n articles,
// each with its own word ("quayN"). Once gateAfter articles have been
// served, article requests wait until open is closed.
type backupSite struct {
	*httptest.Server
	mu     sync.Mutex
	served int
	open   chan struct{}
}

func newBackupSite(t *testing.T, n, gateAfter int) *backupSite {
	s := &backupSite{open: make(chan struct{})}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		var i int
		_, numErr := fmt.Sscanf(r.URL.Path, "/news/%d", &i)
		switch {
		case r.URL.Path == "/robots.txt":
			http.NotFound(w, r)
		case r.URL.Path == "/":
			var b strings.Builder
			b.WriteString("<html><head><title>Harbour Gazette</title></head><body><h1>Harbour Gazette</h1>")
			for i := 1; i <= n; i++ {
				fmt.Fprintf(&b, `<p><a href="/news/%d">Story %d</a></p>`, i, i)
			}
			b.WriteString("</body></html>")
			io.WriteString(w, b.String())
		case numErr == nil && i >= 1 && i <= n:
			s.mu.Lock()
			s.served++
			wait := s.served > gateAfter
			s.mu.Unlock()
			if wait {
				<-s.open
			}
			fmt.Fprintf(w, `<!DOCTYPE html><html lang="en"><head><title>Quay %d reopens after the storm</title><meta property="og:type" content="article"></head>
<body><article><h1>Quay %d reopens after the storm</h1>
<p>Dock workers at quay%d cleared the last of the fallen cranes on Monday, two weeks after the storm tore through the harbour and left the ferries tied up at the outer pier.</p>
<p>The harbour master said the quay would take freight again from Thursday, and that the repairs to the breakwater would go on through the winter without closing the channel to the fishing boats.</p>
</article></body></html>`, i, i, i)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(func() {
		select {
		case <-s.open:
		default:
			close(s.open)
		}
		s.Close()
	})
	return s
}

// pauseBody calls pause once, after the first read of a response body.
type pauseBody struct {
	io.ReadCloser
	pause func()
	reads int
}

func (p *pauseBody) Read(b []byte) (int, error) {
	if p.reads == 1 {
		p.pause()
	}
	p.reads++
	return p.ReadCloser.Read(b)
}

type pausingTransport struct{ pause func() }

func (t pausingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(r)
	if err == nil {
		resp.Body = &pauseBody{ReadCloser: resp.Body, pause: t.pause}
	}
	return resp, err
}

// TestBackupUnderCrawl backs up a running server's data directory through
// its API while a crawl keeps archiving and indexing (the crawl is let go
// on once the backup has begun to stream, and the backup is read on only
// after the crawl has archived more), restores the backup into a fresh
// data directory and opens it: the restored archive holds exactly the
// captures of the snapshot, every WARC record reads back, and every
// article in it is searchable, none more.
func TestBackupUnderCrawl(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	a, err := openApp(ctx, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	log := slog.New(slog.DiscardHandler)
	crawlCtx, stopCrawls := context.WithCancel(ctx)
	crawls := newCrawlManager(crawlCtx, a, crawl.Config{AllowPrivate: true}, log)
	defer crawls.Wait()
	defer stopCrawls()
	const token = "backup-s3cret"
	srv := httptest.NewServer(web.New(web.Config{Search: a.index, Crawler: crawls, AdminToken: token, Backup: backupWriter(a, log), Logger: log}))
	defer srv.Close()

	const articles, gate = 20, 6
	site := newBackupSite(t, articles, gate)
	status, started := apiCall(t, "POST", srv.URL+"/api/v1/crawls", token, `{"seeds":["`+site.URL+`/"],"depth":1}`)
	if status != 202 {
		t.Fatalf("start crawl: %d %v", status, started)
	}
	crawlURL := srv.URL + "/api/v1/crawls/" + started["id"].(string)
	archived := func() float64 {
		_, st := apiCall(t, "GET", crawlURL, token, "")
		return st["stats"].(map[string]any)["archived"].(float64)
	}
	// robots.txt, the home page and the articles before the gate.
	waitFor(t, "the crawl to reach the gate", func() bool { return archived() >= gate+2 })

	before := archived()
	client := &http.Client{Transport: pausingTransport{pause: func() {
		close(site.open)
		waitFor(t, "the crawl to archive more during the backup", func() bool { return archived() >= before+4 })
	}}}
	dest := filepath.Join(t.TempDir(), "backup")
	m, err := backupFromServer(ctx, client, srv.URL, token, dest)
	if err != nil {
		t.Fatal(err)
	}
	var final map[string]any
	waitFor(t, "the crawl to finish", func() bool {
		_, final = apiCall(t, "GET", crawlURL, token, "")
		return final["state"] != "running"
	})
	if final["state"] != "finished" {
		t.Fatalf("crawl ended as %v", final)
	}
	total, _, err := a.archive.Count()
	if err != nil {
		t.Fatal(err)
	}
	if m.Captures != int(before) || m.Captures >= total {
		t.Errorf("the backup holds %d captures; want the %v archived when it began, fewer than the %d at the end", m.Captures, before, total)
	}

	// Restore into a fresh data directory with the command line.
	restored := filepath.Join(t.TempDir(), "data")
	code, out, errOut := runCmd(t, "restore", dest, "--data", restored)
	if code != 0 || !strings.Contains(out, fmt.Sprintf("%d captures", m.Captures)) {
		t.Fatalf("restore: exit %d\n%s%s", code, out, errOut)
	}
	r, err := openApp(ctx, restored, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if n, _, err := r.archive.Count(); err != nil || n != m.Captures {
		t.Errorf("restored archive: %d captures (%v), want %d", n, err, m.Captures)
	}
	// Exactly the articles archived in the snapshot are searchable (the
	// index catches up with the archive when the directory opens).
	var want []string
	for i := 1; i <= articles; i++ {
		cs, err := r.archive.Captures(fmt.Sprintf("%s/news/%d", site.URL, i))
		if err != nil {
			t.Fatal(err)
		}
		if len(cs) > 0 {
			want = append(want, fmt.Sprintf("quay%d", i))
		}
	}
	if len(want) < gate {
		t.Fatalf("the restored archive holds %d articles, want at least %d", len(want), gate)
	}
	res, err := r.index.Search(ctx, search.Request{Query: "harbour storm", Size: 100})
	if err != nil {
		t.Fatal(err)
	}
	if int(res.Total) != len(want) {
		t.Errorf("the restored index finds %d articles, want the %d archived", res.Total, len(want))
	}
	for _, word := range want[len(want)-2:] {
		if res, err := r.index.Search(ctx, search.Request{Query: word, Size: 5}); err != nil || res.Total != 1 {
			t.Errorf("search %q in the restored data: %v, %v", word, res, err)
		}
	}
}

// waitFor polls cond until it holds, failing the test after a minute.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("timed out waiting for %s", what)
}

// TestBackupCommand backs up a data directory nobody has open with the
// command line, checks it, refuses to back up one a server has open
// (naming --server), backs that up through the server instead, and
// refuses to restore a damaged backup, changing nothing.
func TestBackupCommand(t *testing.T) {
	site := newBackupSite(t, 4, 100)
	data := filepath.Join(t.TempDir(), "data")
	if code, out, errOut := runCmd(t, "crawl", "--data", data, "--allow-private", "--delay", "0", site.URL+"/"); code != 0 {
		t.Fatalf("crawl: exit %d\n%s%s", code, out, errOut)
	}

	dest := filepath.Join(t.TempDir(), "b1")
	code, out, errOut := runCmd(t, "backup", dest, "--data", data)
	if code != 0 || !strings.Contains(out, "Backed up into "+dest) || !strings.Contains(out, "4 articles") {
		t.Fatalf("backup: exit %d\n%s%s", code, out, errOut)
	}
	if code, out, errOut := runCmd(t, "restore", "--check", dest); code != 0 || !strings.Contains(out, "is a whole backup") {
		t.Errorf("restore --check: exit %d\n%s%s", code, out, errOut)
	}
	if code, _, errOut := runCmd(t, "backup", dest, "--data", data); code != 1 || !strings.Contains(errOut, "not empty") {
		t.Errorf("backup into an existing backup: exit %d\n%s", code, errOut)
	}

	// A server has the directory open: back it up through the server.
	tokenFile := filepath.Join(t.TempDir(), "token")
	os.WriteFile(tokenFile, []byte("tok\n"), 0o600)
	srv := startServe(t, "--data", data, "--admin-token-file", tokenFile) // the later --data wins
	code, _, errOut = runCmd(t, "backup", filepath.Join(t.TempDir(), "b2"), "--data", data)
	if code != 1 || !strings.Contains(errOut, "--server") {
		t.Errorf("backup of a directory in use: exit %d\n%s", code, errOut)
	}
	if code, _, errOut := runCmd(t, "backup", filepath.Join(t.TempDir(), "b3"), "--server", srv.base, "--admin-token", "wrong"); code != 1 || !strings.Contains(errOut, "401") {
		t.Errorf("backup with a wrong token: exit %d\n%s", code, errOut)
	}
	dest2 := filepath.Join(t.TempDir(), "b2")
	code, out, errOut = runCmd(t, "backup", dest2, "--server", srv.base, "--admin-token-file", tokenFile)
	if code != 0 || !strings.Contains(out, "4 articles") {
		t.Errorf("backup through the server: exit %d\n%s%s", code, out, errOut)
	}
	if code, _, errOut := runCmd(t, "restore", dest2, "--data", data); code != 1 || !strings.Contains(errOut, "in use") {
		t.Errorf("restore into a directory in use: exit %d\n%s", code, errOut)
	}
	srv.stop()

	// A damaged backup is refused and the data directory stays.
	warcs, _ := filepath.Glob(filepath.Join(dest2, "archive", "warc", "*.warc.gz"))
	if len(warcs) == 0 {
		t.Fatal("no WARC file in the backup")
	}
	b, _ := os.ReadFile(warcs[0])
	b[len(b)/2] ^= 0xff
	os.WriteFile(warcs[0], b, 0o644)
	code, _, errOut = runCmd(t, "restore", dest2, "--data", data)
	if code != 1 || !strings.Contains(errOut, "nothing was changed") || !strings.Contains(errOut, "has changed since the backup was made") {
		t.Errorf("restore of a damaged backup: exit %d\n%s", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(data, "archive", "captures.db")); err != nil {
		t.Errorf("the data directory was touched: %v", err)
	}
	siblings, _ := os.ReadDir(filepath.Dir(data))
	if len(siblings) != 1 {
		t.Errorf("restore left %d entries beside the data directory", len(siblings))
	}

	// The good backup restores over it, keeping the old one aside.
	code, out, errOut = runCmd(t, "restore", dest, "--data", data)
	if code != 0 || !strings.Contains(out, "kept as "+data+".before-restore-") {
		t.Errorf("restore: exit %d\n%s%s", code, out, errOut)
	}
}
