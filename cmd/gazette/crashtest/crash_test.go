// Package crashtest kills the gazette binary with SIGKILL, over and over,
// while it imports, crawls and reindexes, and checks that a restart loses
// nothing. It is a package of its own so that its runs of the binary have
// their own time budget in `go test ./...`.
package crashtest

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha1"
	"encoding/base32"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/nlnwa/gowarc"

	"github.com/gazette-news/gazette/archive"
	"github.com/gazette-news/gazette/indexer"
	"github.com/gazette-news/gazette/search"
	"github.com/gazette-news/gazette/urlid"
)

// The crash test kills Gazette with SIGKILL, over and over, while it
// imports, crawls (from the command line and through the API of serve) and
// reindexes, restarts it each time, lets the work go on, and then checks
// the invariant of the archive and its index:
//
//   - the articles in the index are exactly those the archive's captures
//     yield, each built from its newest capture and listing every URL it
//     was captured at (worked out here, independently of the ingest, by
//     extracting every capture of the archive);
//   - they are the articles the input holds (the site or the WARC files),
//     each once, in its newest version;
//   - no capture is archived twice, and every WARC file passes nlnwa/gowarc's
//     strict reader;
//   - a crawl fetches no URL twice over all its runs (robots.txt aside,
//     which every run reads again).
//
// The kills are chosen by record count (GAZETTE_TEST_KILL, see
// cmd/gazette/crash.go):
// after the Nth capture a run archives, or after the index batch that
// brings the captures it applied to N.

// crashKills is how many times each kind of work is killed.
const crashKills = 20

// killEnv and adminTokenEnv are the variables the binary reads
// (cmd/gazette/crash.go and serve).
const (
	killEnv       = "GAZETTE_TEST_KILL"
	adminTokenEnv = "GAZETTE_ADMIN_TOKEN"
)

func TestCrashRecovery(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the gazette binary some ninety times")
	}
	bin := buildGazette(t)
	for name, f := range map[string]func(*testing.T, string){
		"import": crashImport, "crawl": crashCrawl, "crawl API": crashCrawlAPI, "reindex": crashReindex,
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f(t, bin)
		})
	}
}

// buildGazette builds the gazette binary into a temporary directory.
func buildGazette(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "gazette")
	out, err := exec.Command("go", "build", "-o", bin, "github.com/gazette-news/gazette/cmd/gazette").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// killPlan is the GAZETTE_TEST_KILL setting of each killed run: every
// other run stops after it has archived perArchive captures, the others
// after their index batches reached perIndex captures (batches of batch).
// With delays, every second run of each kind dies some microseconds after
// its point instead of at once, wherever its work has got to: in the middle
// of writing a WARC record, a Bleve batch or a bbolt transaction.
func killPlan(perArchive, perIndex, batch int, delays bool) []string {
	var plan []string
	for i := range crashKills {
		kill := fmt.Sprintf("archived=%d,batch=%d", perArchive, batch)
		if i%2 == 1 {
			kill = fmt.Sprintf("indexed=%d,batch=%d", perIndex, batch)
		}
		if delays && i%4 >= 2 {
			kill += fmt.Sprintf(",delay=%d", 300+i*700) // 1.7 to 13.6 ms
		}
		plan = append(plan, kill)
	}
	return plan
}

// runGazette runs the binary with GAZETTE_TEST_KILL=kill and reports
// whether it was killed; a run that ends otherwise must succeed.
func runGazette(t *testing.T, bin, kill string, args ...string) (killed bool, out string) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), killEnv+"="+kill)
	var b bytes.Buffer
	cmd.Stdout, cmd.Stderr = &b, &b
	err := cmd.Run()
	if sigKilled(err) {
		return true, b.String()
	}
	if err != nil {
		t.Fatalf("gazette %s (%s): %v\n%s", strings.Join(args, " "), kill, err, b.String())
	}
	return false, b.String()
}

func sigKilled(err error) bool {
	var ee *exec.ExitError
	if !errors.As(err, &ee) {
		return false
	}
	ws, ok := ee.Sys().(syscall.WaitStatus)
	return ok && ws.Signaled() && ws.Signal() == syscall.SIGKILL
}

// runKilled runs the binary once per kill in plan, then once more to
// finish, and returns the kills that happened and the last run's output.
// It logs how many torn WARC records the runs found and cut off.
func runKilled(t *testing.T, bin string, plan []string, args ...string) (kills []string, out string) {
	t.Helper()
	var torn, orphans int
	count := func(out string) {
		torn += strings.Count(out, "partial record")
		orphans += strings.Count(out, "indexed from its WARC record")
	}
	for _, kill := range plan {
		killed, out := runGazette(t, bin, kill, args...)
		if killed {
			kills = append(kills, kill)
		}
		count(out)
	}
	_, out = runGazette(t, bin, "", args...)
	count(out)
	t.Logf("when the archive opened: %d torn WARC records cut off, %d captures without an index entry indexed from their records", torn, orphans)
	return kills, out
}

// checkKills insists on crashKills kills.
func checkKills(t *testing.T, kills []string) {
	t.Helper()
	t.Logf("killed %d times: %s", len(kills), strings.Join(kills, " "))
	if len(kills) < crashKills {
		t.Errorf("only %d of %d runs were killed: the work ended before the kill points", len(kills), crashKills)
	}
}

// crashImport imports WARC files, killed again and again.
func crashImport(t *testing.T, bin string) {
	c := newCrashCorpus()
	in := t.TempDir()
	records := c.writeWARCs(t, in)
	data := t.TempDir()
	kills, out := runKilled(t, bin, killPlan(4, 4, 4, true), "import", "--data", data, in)
	checkKills(t, kills)
	t.Logf("%d records; the last run: %s", records, strings.TrimSpace(out))
	checkDataDir(t, data, c.importedArticles())
}

// crashCrawl crawls the loopback site with the command line, killed again
// and again.
func crashCrawl(t *testing.T, bin string) {
	c := newCrashCorpus()
	site := c.serve(t)
	data := t.TempDir()
	kills, out := runKilled(t, bin, killPlan(4, 4, 2, false),
		"crawl", "--data", data, "--allow-private", "--delay", "0", "--depth", "3", site.URL+"/")
	checkKills(t, kills)
	if !strings.Contains(out, "0 errors") {
		t.Errorf("the last crawl run: %s", out)
	}
	c.checkFetches(t)
	checkDataDir(t, data, c.crawledArticles(site.URL))
}

// crashCrawlAPI crawls the loopback site through the API of serve, the
// server killed again and again and the crawl started again after each
// restart, until it finishes.
func crashCrawlAPI(t *testing.T, bin string) {
	c := newCrashCorpus()
	site := c.serve(t)
	data := t.TempDir()
	body := `{"seeds":["` + site.URL + `/"],"depth":3}`
	var kills []string
	for i, kill := range append(killPlan(4, 4, 2, false), "") {
		s := startServeBinary(t, bin, kill, "--data", data)
		status, started := apiCall(t, "POST", s.base+"/api/v1/crawls", "crash-token", body)
		if status != 202 {
			t.Fatalf("run %d: starting the crawl: %d %v", i, status, started)
		}
		if kill != "" {
			if !s.wait(2 * time.Minute) {
				s.stop(t)
				t.Fatalf("run %d (%s) was not killed", i, kill)
			}
			kills = append(kills, kill)
			continue
		}
		// Not killed: the crawl runs to its end in this server.
		id, _ := started["id"].(string)
		var final map[string]any
		for deadline := time.Now().Add(2 * time.Minute); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
			_, final = apiCall(t, "GET", s.base+"/api/v1/crawls/"+id, "crash-token", "")
			if final["state"] != "running" {
				break
			}
		}
		s.stop(t)
		if stats, _ := final["stats"].(map[string]any); final["state"] != "finished" || stats["errors"] != float64(0) {
			t.Errorf("the crawl ended %v", final)
		}
	}
	checkKills(t, kills)
	c.checkFetches(t)
	checkDataDir(t, data, c.crawledArticles(site.URL))
}

// crashReindex reindexes an imported archive, killed again and again.
func crashReindex(t *testing.T, bin string) {
	c := newCrashCorpus()
	in := t.TempDir()
	c.writeWARCs(t, in)
	data := t.TempDir()
	runGazette(t, bin, "", "import", "--data", data, in)
	// Each run applies one batch of four captures to the new index, then
	// dies, at once or in the middle of the next batch; the old index stays
	// in place until the last run swaps it.
	var plan []string
	for i := range crashKills {
		kill := "indexed=4,batch=4"
		if i%2 == 1 {
			kill += fmt.Sprintf(",delay=%d", 500+i*900)
		}
		plan = append(plan, kill)
	}
	kills, out := runKilled(t, bin, plan, "reindex", "--data", data)
	checkKills(t, kills)
	t.Logf("the last reindex run: %s", strings.TrimSpace(out))
	if !strings.Contains(out, "Resumed an interrupted reindex") || !strings.Contains(out, "0 new to the index, 0 changed, 60 the same, 0 gone") {
		t.Errorf("the reindex finished after the kills said: %s", out)
	}
	if _, err := os.Stat(filepath.Join(data, "index.new")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("DATA/index.new is left behind (%v)", err)
	}
	checkDataDir(t, data, c.importedArticles())
}

// servedBinary is a gazette serve process.
type servedBinary struct {
	base string
	cmd  *exec.Cmd
	done chan error
}

// startServeBinary starts `gazette serve` with an admin token, API crawls
// allowed on loopback without delay, and waits until it listens.
func startServeBinary(t *testing.T, bin, kill string, args ...string) *servedBinary {
	t.Helper()
	args = append([]string{"serve", "--addr", "127.0.0.1:0", "--replay-addr", "", "--allow-private", "--crawl-delay", "0"}, args...)
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), killEnv+"="+kill, adminTokenEnv+"=crash-token")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s := &servedBinary{cmd: cmd, done: make(chan error, 1)}
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if _, u, ok := strings.Cut(sc.Text(), "serving at "); ok {
				addr <- strings.TrimSuffix(u, "/")
			}
		}
		s.done <- cmd.Wait()
	}()
	select {
	case s.base = <-addr:
	case err := <-s.done:
		t.Fatalf("serve (%s) exited before listening: %v\n%s", kill, err, stderr.String())
	case <-time.After(2 * time.Minute):
		cmd.Process.Kill()
		t.Fatalf("serve did not start\n%s", stderr.String())
	}
	return s
}

// wait reports whether the server was killed (SIGKILL) within d.
func (s *servedBinary) wait(d time.Duration) bool {
	select {
	case err := <-s.done:
		s.done <- err
		return sigKilled(err)
	case <-time.After(d):
		return false
	}
}

// stop ends the server with SIGTERM, as a user would.
func (s *servedBinary) stop(t *testing.T) {
	t.Helper()
	select {
	case err := <-s.done:
		if !sigKilled(err) {
			t.Fatalf("serve exited: %v", err)
		}
		return
	default:
	}
	s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-s.done:
		if err != nil {
			t.Errorf("serve after SIGTERM: %v", err)
		}
	case <-time.After(time.Minute):
		s.cmd.Process.Kill()
		t.Error("serve did not stop")
	}
}

// crashCorpus is a small news site, served on loopback for the crawls and
// written as WARC files for the imports: sections listing articles, some
// linked with utm_ parameters, some copied into a second section with a
// canonical link back, a page missing, a redirect, a path robots.txt
// forbids.
type crashCorpus struct {
	mu       sync.Mutex
	requests map[string]int // request URI → times fetched
}

const (
	crashArticles = 60
	crashSections = 6
)

func newCrashCorpus() *crashCorpus { return &crashCorpus{requests: map[string]int{}} }

// copied reports whether article i also appears in the world section.
func copied(i int) bool { return i%6 == 0 }

func articleTitle(i, version int) string {
	if version > 1 {
		return fmt.Sprintf("Ferry story %d, updated %d times", i, version-1)
	}
	return fmt.Sprintf("Ferry story %d", i)
}

// articlePage is article i in a version, with its canonical URL.
func articlePage(base string, i, version int, section string) string {
	var b strings.Builder
	title := articleTitle(i, version)
	fmt.Fprintf(&b, `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>%s | Valley Post</title>
<link rel="canonical" href="%s/news/%d.html"><meta property="og:type" content="article"></head>
<body><nav><a href="/">Valley Post</a> <a href="/section/%s">%s</a></nav><article><h1>%s</h1>`, title, base, i, section, section, title)
	for p := 1; p <= 4; p++ {
		fmt.Fprintf(&b, "<p>Paragraph %d of story %d (version %d). The river ferry between the two villages carried %d cars on its first crossing after the repairs, and the council said the timetable would grow to %d sailings a day before the summer.</p>\n",
			p, i, version, i*3+p, 4+i%5)
	}
	b.WriteString("</article></body></html>")
	return b.String()
}

func sectionPage(k int) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<!DOCTYPE html><html lang="en"><head><title>Section %d | Valley Post</title></head><body><h1>Section %d</h1><ul>`, k, k)
	for i := k * crashArticles / crashSections; i < (k+1)*crashArticles/crashSections; i++ {
		href := fmt.Sprintf("/news/%d.html", i)
		if i%3 == 1 {
			href += "?utm_source=section&utm_medium=web"
		}
		fmt.Fprintf(&b, `<li><h2><a href="%s">%s</a></h2></li>`, href, articleTitle(i, 1))
		if copied(i) {
			fmt.Fprintf(&b, `<li><h2><a href="/world/%d.html">%s (world)</a></h2></li>`, i, articleTitle(i, 1))
		}
	}
	fmt.Fprintf(&b, `<li><a href="/missing/%d.html">Gone</a></li><li><a href="/old/%d">Old address</a></li><li><a href="/private/%d">Staff</a></li>`, k, k, k)
	b.WriteString("</ul></body></html>")
	return b.String()
}

func homePage() string {
	var b strings.Builder
	b.WriteString(`<!DOCTYPE html><html lang="en"><head><title>Valley Post</title></head><body><h1>Valley Post</h1><ul>`)
	for k := range crashSections {
		fmt.Fprintf(&b, `<li><a href="/section/%d">Section %d</a></li>`, k, k)
	}
	b.WriteString("</ul></body></html>")
	return b.String()
}

// serve starts the site on loopback, counting requests.
func (c *crashCorpus) serve(t *testing.T) *httptest.Server {
	t.Helper()
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c.mu.Lock()
		c.requests[r.URL.RequestURI()]++
		c.mu.Unlock()
		var i int
		html := func(s string) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			io.WriteString(w, s)
		}
		switch p := r.URL.Path; {
		case p == "/robots.txt":
			w.Header().Set("Content-Type", "text/plain")
			io.WriteString(w, "User-agent: *\nDisallow: /private/\n")
		case p == "/":
			html(homePage())
		case scan(p, "/section/%d", &i):
			html(sectionPage(i))
		case scan(p, "/news/%d.html", &i) && i < crashArticles:
			html(articlePage(srv.URL, i, 1, "news"))
		case scan(p, "/world/%d.html", &i) && copied(i):
			html(articlePage(srv.URL, i, 1, "world"))
		case scan(p, "/old/%d", &i):
			http.Redirect(w, r, fmt.Sprintf("/news/%d.html", i*crashArticles/crashSections), http.StatusMovedPermanently)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

// scan matches a path against a one-number pattern.
func scan(path, pattern string, n *int) bool {
	_, err := fmt.Sscanf(path, pattern, n)
	return err == nil && fmt.Sprintf(pattern, *n) == path
}

// checkFetches: every URL of the site was fetched exactly once over all
// runs of a crawl, but robots.txt; nothing under /private/.
func (c *crashCorpus) checkFetches(t *testing.T) {
	t.Helper()
	c.mu.Lock()
	defer c.mu.Unlock()
	for uri, n := range c.requests {
		switch {
		case strings.HasPrefix(uri, "/private/"):
			t.Errorf("%s (forbidden by robots.txt) was fetched", uri)
		case n > 1 && uri != "/robots.txt":
			t.Errorf("%s was fetched %d times", uri, n)
		}
	}
	for i := range crashArticles {
		if c.requests[fmt.Sprintf("/news/%d.html", i)] != 1 {
			t.Errorf("/news/%d.html was fetched %d times, want once", i, c.requests[fmt.Sprintf("/news/%d.html", i)])
		}
	}
	t.Logf("%d URLs fetched, robots.txt %d times (once per run)", len(c.requests), c.requests["/robots.txt"])
}

// wantArticle is an article the input holds: its title and the URLs it
// was captured at.
type wantArticle struct {
	title string
	urls  []string
}

// crawledArticles are the articles of the site, by id.
func (c *crashCorpus) crawledArticles(base string) map[string]wantArticle {
	want := map[string]wantArticle{}
	for i := range crashArticles {
		u := fmt.Sprintf("%s/news/%d.html", base, i)
		a := wantArticle{title: articleTitle(i, 1), urls: []string{u}}
		if copied(i) {
			a.urls = append(a.urls, fmt.Sprintf("%s/world/%d.html", base, i))
		}
		want[urlid.ArticleID(u)] = a
	}
	return want
}

// The imported WARC files come from a crawl of the same site on another
// host, over a few days: every third article was captured again with an
// update, and the update of every ninth was written to the first file,
// before its first version, as a crawl split over machines might. Some
// articles were also captured under a URL with utm_ parameters (the same
// payload: a revisit record where the crawler deduplicated it), and the
// files hold robots.txt, listings, a 404 and a redirect too.
const importBase = "https://valley-post.example"

func updated(i int) bool      { return i%3 == 0 }
func updatedEarly(i int) bool { return i%9 == 0 }
func utmCopy(i int) bool      { return i%4 == 1 }
func revisitCopy(i int) bool  { return i%8 == 5 }

// importedArticles are the articles the WARC files hold, by id.
func (c *crashCorpus) importedArticles() map[string]wantArticle {
	want := map[string]wantArticle{}
	for i := range crashArticles {
		u := fmt.Sprintf("%s/news/%d.html", importBase, i)
		a := wantArticle{title: articleTitle(i, 1), urls: []string{u}}
		if updated(i) {
			a.title = articleTitle(i, 2)
		}
		if copied(i) {
			a.urls = append(a.urls, fmt.Sprintf("%s/world/%d.html", importBase, i))
		}
		if utmCopy(i) {
			a.urls = append(a.urls, u+"?utm_source=feed")
		}
		want[urlid.ArticleID(u)] = a
	}
	return want
}

// writeWARCs writes the import's WARC files into dir and returns how many
// records they hold.
func (c *crashCorpus) writeWARCs(t *testing.T, dir string) int {
	t.Helper()
	day := time.Date(2024, 3, 1, 6, 0, 0, 0, time.UTC)
	n := 0
	var files [3]bytes.Buffer
	add := func(file int, typ, uri string, at time.Time, block string, extra ...[2]string) {
		n++
		fields := [][2]string{
			{"WARC-Type", typ},
			{"WARC-Record-ID", fmt.Sprintf("<urn:uuid:00000000-0000-4000-8000-%012d>", n)},
			{"WARC-Target-URI", uri},
			{"WARC-Date", at.Format(time.RFC3339)},
			{"Content-Type", "application/http; msgtype=response"},
		}
		files[file].Write(warcRecord(t, append(fields, extra...), block))
	}
	response := func(file int, uri string, at time.Time, status int, ctype, body string) {
		head := fmt.Sprintf("HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n", status, http.StatusText(status), ctype, len(body))
		add(file, "response", uri, at, head+body)
	}
	htmlType := "text/html; charset=utf-8"
	response(0, importBase+"/robots.txt", day, 200, "text/plain", "User-agent: *\nDisallow: /private/\n")
	response(0, importBase+"/", day, 200, htmlType, homePage())
	for k := range crashSections {
		response(k%3, fmt.Sprintf("%s/section/%d", importBase, k), day.Add(time.Duration(k)*time.Minute), 200, htmlType, sectionPage(k))
	}
	response(1, importBase+"/missing/1.html", day, 404, "text/html", "<html><body>Not found</body></html>")
	add(1, "response", importBase+"/old/1", day, "HTTP/1.1 301 Moved Permanently\r\nLocation: /news/8.html\r\nContent-Length: 0\r\n\r\n")
	for i := range crashArticles {
		u := fmt.Sprintf("%s/news/%d.html", importBase, i)
		at := day.Add(time.Duration(i) * time.Hour)
		file := 1 + i%2
		first := articlePage(importBase, i, 1, "news")
		response(file, u, at, 200, htmlType, first)
		if updated(i) {
			f := 2
			if updatedEarly(i) {
				f = 0 // read before the first version
			}
			response(f, u, at.Add(48*time.Hour), 200, htmlType, articlePage(importBase, i, 2, "news"))
		}
		if copied(i) {
			response(file, fmt.Sprintf("%s/world/%d.html", importBase, i), at.Add(time.Minute), 200, htmlType, articlePage(importBase, i, 1, "world"))
		}
		if utmCopy(i) {
			if revisitCopy(i) {
				sum := sha1.Sum([]byte(first))
				add(file, "revisit", u+"?utm_source=feed", at.Add(2*time.Minute), "HTTP/1.1 200 OK\r\nContent-Type: "+htmlType+"\r\n\r\n",
					[2]string{"WARC-Profile", "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"},
					[2]string{"WARC-Refers-To-Target-URI", u},
					[2]string{"WARC-Refers-To-Date", at.Format(time.RFC3339)},
					[2]string{"WARC-Payload-Digest", "sha1:" + base32.StdEncoding.EncodeToString(sum[:])})
			} else {
				response(file, u+"?utm_source=feed", at.Add(2*time.Minute), 200, htmlType, first)
			}
		}
	}
	for i := range files {
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("valley-%d.warc.gz", i)), files[i].Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return n
}

// checkDataDir checks the invariant of a data directory against the
// articles its input holds.
func checkDataDir(t *testing.T, data string, want map[string]wantArticle) {
	t.Helper()
	checkWARCFiles(t, filepath.Join(data, "archive", "warc"))
	store, err := archive.Open(filepath.Join(data, "archive"))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	ix, err := search.Open(filepath.Join(data, "index"))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()

	// The archive holds each capture once.
	type key struct{ url, time, digest string }
	seen := map[key]uint64{}
	captures := 0
	err = store.Since(context.Background(), 0, func(c archive.Capture) error {
		captures++
		k := key{c.URL, c.Time.Format(time.RFC3339Nano), c.Digest}
		if seq, dup := seen[k]; dup {
			t.Errorf("%s at %s is archived twice (captures %d and %d)", c.URL, c.Time, seq, c.Seq)
		}
		seen[k] = c.Seq
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if applied, err := ix.Applied(); err != nil || applied != mustLastSeq(t, store) {
		t.Errorf("the index applied the log up to %d (%v), the archive's log ends at %d", applied, err, mustLastSeq(t, store))
	}

	expected := deriveArticles(t, store)
	got := map[string]search.Doc{}
	err = ix.EachID(context.Background(), func(id string) error {
		d, err := ix.Get(id)
		if err != nil {
			return err
		}
		if _, dup := got[id]; dup {
			t.Errorf("article %s is in the index twice", id)
		}
		got[id] = d
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	byURL := map[string]string{}
	for id, d := range got {
		if other, dup := byURL[d.URL]; dup {
			t.Errorf("%s is two articles: %s and %s", d.URL, id, other)
		}
		byURL[d.URL] = id
		exp, ok := expected[id]
		if !ok {
			t.Errorf("article %s (%s, %q) is in the index, but no capture of the archive yields it", id, d.URL, d.Title)
			continue
		}
		if d.Title != exp.doc.Title || d.Text != exp.doc.Text || d.URL != exp.doc.URL || len(d.Sources) == 0 || d.Sources[0].Seq != exp.seq {
			t.Errorf("article %s reads %q from capture %v; its newest capture %d (%s) reads %q", id, d.Title, d.Sources, exp.seq, exp.from, exp.doc.Title)
		}
		var urls []string
		for _, s := range d.Sources {
			urls = append(urls, s.URL)
		}
		slices.Sort(urls)
		if !slices.Equal(urls, exp.urls) {
			t.Errorf("article %s lists sources %q, the archive has it at %q", id, urls, exp.urls)
		}
	}
	for id, exp := range expected {
		if _, ok := got[id]; !ok {
			t.Errorf("capture %d (%s) yields article %s %q, which the index lacks", exp.seq, exp.from, id, exp.doc.Title)
		}
	}

	// And they are the articles of the input.
	for id, w := range want {
		d, ok := got[id]
		if !ok {
			t.Errorf("the input's article %q (%s) is not in the index", w.title, w.urls[0])
			continue
		}
		var urls []string
		for _, s := range d.Sources {
			urls = append(urls, s.URL)
		}
		slices.Sort(urls)
		wantURLs := slices.Sorted(slices.Values(w.urls))
		if d.Title != w.title || !slices.Equal(urls, wantURLs) {
			t.Errorf("article %s: %q from %q, want %q from %q", id, d.Title, urls, w.title, wantURLs)
		}
	}
	if len(got) != len(want) {
		t.Errorf("the index holds %d articles, the input %d", len(got), len(want))
	}
	t.Logf("%d captures, %d articles: the index is the archive's view", captures, len(got))
}

func mustLastSeq(t *testing.T, s *archive.Store) uint64 {
	t.Helper()
	last, err := s.LastSeq()
	if err != nil {
		t.Fatal(err)
	}
	return last
}

// derived is an article as the archive yields it: from its newest capture.
type derived struct {
	doc  search.Doc
	seq  uint64
	at   time.Time
	from string
	urls []string
}

// deriveArticles extracts every capture of the archive and keeps, for each
// article, its newest capture (by capture time, then log order) and every
// URL it was captured at: what the index must hold, worked out without the
// ingest.
func deriveArticles(t *testing.T, store *archive.Store) map[string]derived {
	t.Helper()
	x := &indexer.Extractor{}
	out := map[string]derived{}
	err := store.Since(context.Background(), 0, func(c archive.Capture) error {
		full, err := store.Load(c)
		if err != nil {
			t.Errorf("capture %d (%s) cannot be read back: %v", c.Seq, c.URL, err)
			return nil
		}
		a, err := x.Extract(full)
		if err != nil {
			return nil // no article
		}
		d := out[a.ID]
		if !slices.Contains(d.urls, c.URL) {
			d.urls = append(d.urls, c.URL)
			slices.Sort(d.urls)
		}
		if d.seq == 0 || c.Time.After(d.at) || c.Time.Equal(d.at) && c.Seq > d.seq {
			d.doc, d.seq, d.at, d.from = x.Doc(a), c.Seq, c.Time, c.URL
		}
		out[a.ID] = d
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// checkWARCFiles reads every WARC file with gowarc's strict reader.
func checkWARCFiles(t *testing.T, dir string) {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.warc.gz"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no WARC files in %s (%v)", dir, err)
	}
	records := 0
	for _, f := range files {
		r, err := gowarc.NewWarcFileReader(f, 0, gowarc.WithStrictValidation())
		if err != nil {
			t.Fatal(err)
		}
		for {
			_, off, validation, err := r.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Errorf("%s at %d: %v", filepath.Base(f), off, err)
				break
			}
			if !validation.Valid() {
				t.Errorf("%s at %d: %v", filepath.Base(f), off, validation)
			}
			records++
		}
		r.Close()
	}
	t.Logf("%d WARC files, %d records: every one passes the strict reader", len(files), records)
}

// warcRecord is one gzip-compressed WARC/1.1 record, put together by hand
// the way another crawler writes it.
func warcRecord(t *testing.T, fields [][2]string, block string) []byte {
	t.Helper()
	var rec bytes.Buffer
	rec.WriteString("WARC/1.1\r\n")
	for _, f := range fields {
		fmt.Fprintf(&rec, "%s: %s\r\n", f[0], f[1])
	}
	fmt.Fprintf(&rec, "Content-Length: %d\r\n\r\n%s\r\n\r\n", len(block), block)
	var out bytes.Buffer
	zw := gzip.NewWriter(&out)
	zw.Write(rec.Bytes())
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// apiCall makes one JSON API request and decodes the answer.
func apiCall(t *testing.T, method, url, token, body string) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var v map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&v); err != nil {
		t.Fatalf("%s %s: body is not JSON: %v", method, url, err)
	}
	return resp.StatusCode, v
}
