package crawl

import (
	"context"
	"errors"
	"io"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/nlnwa/gowarc"

	"github.com/gazette-news/gazette/archive"
)

// wantArticles are the article pages of testdata/site, by path.
var wantArticles = map[string]string{
	"/news/river-ferry": "Ferry returns to the river crossing",
	"/news/bridge":      "Old stone bridge closes for repairs",
	"/news/library":     "Library opens its new reading room",
	"/news/market":      "Saturday market moves indoors",
	"/news/depot":       "В городе восстановили трамвайное депо",
}

// TestCrawlSite crawls the loopback test site from its home page: robots.txt
// (a Disallow and a Sitemap line), a sitemap index with a news sitemap, an
// RSS feed found through <link rel=alternate>, two listing pages, a
// redirect, a windows-1251 article whose charset is only in the HTTP
// header, and links with tracking parameters and fragments.
func TestCrawlSite(t *testing.T) {
	site := newTestSite(t)
	env := newTestEnv(t, t.TempDir())

	st, err := Run(context.Background(), env.config(), []string{site.URL + "/"})
	if err != nil {
		t.Fatal(err)
	}
	checkFinalState(t, site, env)
	checkWARCs(t, env)

	reqs := site.log()
	for _, r := range reqs {
		if strings.Contains(r, "private") {
			t.Errorf("requested the disallowed path %s", r)
		}
		if strings.Contains(r, "?") {
			t.Errorf("requested a URL with tracking parameters: %s", r)
		}
	}
	seen := map[string]int{}
	for _, r := range reqs {
		seen[r]++
		if seen[r] > 1 {
			t.Errorf("requested %s %d times", r, seen[r])
		}
	}
	for _, want := range []string{"/robots.txt", "/sitemap.xml", "/sitemap-news.xml", "/feed.xml", "/", "/section/city", "/news/moved"} {
		if seen[want] != 1 {
			t.Errorf("requested %s %d times, want once; log: %v", want, seen[want], reqs)
		}
	}

	if st.Indexed != len(wantArticles) || st.Listings != 2 || st.Errors != 0 || st.Fetched != len(reqs) {
		t.Errorf("stats = %+v, want %d indexed, 2 listings, 0 errors, %d fetched", st, len(wantArticles), len(reqs))
	}
	if st.Blocked == 0 || st.RobotsUnreachable != 0 || st.Refused != 0 {
		t.Errorf("stats = %+v, want robots.txt blocks counted, and nothing unreachable or refused", st)
	}
	if st.Queued != 0 {
		t.Errorf("stats = %+v, want an empty queue", st)
	}

	// The listings, robots.txt, sitemaps and feed are archived too.
	for _, p := range []string{"/robots.txt", "/sitemap.xml", "/sitemap-news.xml", "/feed.xml", "/", "/section/city", "/news/moved"} {
		caps, err := env.store.Captures(site.URL + p)
		if err != nil || len(caps) != 1 {
			t.Errorf("captures of %s: %d (%v), want 1", p, len(caps), err)
		}
	}

	// Running the finished crawl again fetches nothing but robots.txt.
	before := len(site.log())
	st, err = Run(context.Background(), env.config(), []string{site.URL + "/"})
	if err != nil {
		t.Fatal(err)
	}
	if got := site.log()[before:]; len(got) != 0 {
		t.Errorf("second run requested %v, want nothing", got)
	}
	if st.Indexed != 0 || st.Archived != 0 {
		t.Errorf("second run stats = %+v, want nothing new", st)
	}
}

// checkFinalState checks that exactly the articles were indexed, with the
// Cyrillic article decoded.
func checkFinalState(t *testing.T, site *testSite, env *testEnv) {
	t.Helper()
	docs := env.articles(t)
	var got, want []string
	for u := range docs {
		got = append(got, strings.TrimPrefix(u, site.URL))
	}
	for p := range wantArticles {
		want = append(want, p)
	}
	sort.Strings(got)
	sort.Strings(want)
	if !slices.Equal(got, want) {
		t.Fatalf("indexed %v, want %v", got, want)
	}
	for p, title := range wantArticles {
		d := docs[site.URL+p]
		if d.Title != title {
			t.Errorf("%s: title %q, want %q", p, d.Title, title)
		}
	}
	depot := docs[site.URL+"/news/depot"]
	if !strings.Contains(depot.Text, "Трамвайное депо на северной окраине") || depot.Lang != "ru" {
		t.Errorf("windows-1251 article not decoded: lang %q, text %q", depot.Lang, depot.Text)
	}
}

// TestCrawlResume cancels a crawl in the middle, runs it again and checks
// that it reaches the same final state without fetching anything twice
// (robots.txt aside, which every run reads afresh).
func TestCrawlResume(t *testing.T) {
	for _, stopAt := range []int{3, 6, 9} {
		site := newTestSite(t)
		dir := t.TempDir()
		env := newTestEnv(t, dir)

		ctx, cancel := context.WithCancel(context.Background())
		site.setHook(func(n int, _ string) {
			if n == stopAt {
				cancel()
			}
		})
		_, err := Run(ctx, env.config(), []string{site.URL + "/"})
		cancel()
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("stop at %d: first run returned %v, want context.Canceled", stopAt, err)
		}
		first := len(site.log())
		// Reopen everything, as a new process would.
		env.close()
		env = newTestEnv(t, dir)
		site.setHook(nil)
		if _, err := Run(context.Background(), env.config(), []string{site.URL + "/"}); err != nil {
			t.Fatalf("stop at %d: resumed run: %v", stopAt, err)
		}
		checkFinalState(t, site, env)

		reqs := site.log()
		count := map[string]int{}
		for i, r := range reqs {
			count[r]++
			// The request in flight at the cancellation may be repeated.
			if count[r] > 1 && r != "/robots.txt" && i != first-1 && reqs[first-1] != r {
				t.Errorf("stop at %d: %s requested %d times; log %v", stopAt, r, count[r], reqs)
			}
			if strings.Contains(r, "private") {
				t.Errorf("stop at %d: requested %s", stopAt, r)
			}
		}
	}
}

// TestMaxPages stops after the page budget with the rest still queued; the
// next run continues where the first stopped.
func TestMaxPages(t *testing.T) {
	site := newTestSite(t)
	env := newTestEnv(t, t.TempDir())
	cfg := env.config()
	cfg.MaxPages = 3
	st, err := Run(context.Background(), cfg, []string{site.URL + "/"})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(site.log()); n != 4 || st.Fetched != 4 || st.Queued == 0 { // robots.txt + 3
		t.Errorf("with MaxPages 3: %d requests, stats %+v", n, st)
	}
	cfg.MaxPages = 0
	if _, err := Run(context.Background(), cfg, []string{site.URL + "/"}); err != nil {
		t.Fatal(err)
	}
	checkFinalState(t, site, env)
}

func TestRunErrors(t *testing.T) {
	env := newTestEnv(t, t.TempDir())
	cfg := env.config()
	for name, c := range map[string]struct {
		cfg   Config
		seeds []string
	}{
		"no seeds":   {cfg, nil},
		"bad seed":   {cfg, []string{"ftp://example.com/"}},
		"no archive": {Config{StateDir: t.TempDir()}, []string{"http://example.com/"}},
		"bad scope":  {Config{Archive: cfg.Archive, Index: cfg.Index, StateDir: cfg.StateDir, Scope: "moon"}, []string{"http://example.com/"}},
	} {
		if _, err := Run(context.Background(), c.cfg, c.seeds); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

// checkWARCs reads the archive's WARC files with nlnwa/gowarc's strict
// reader: every record valid, and every response record paired with a
// request record.
func checkWARCs(t *testing.T, env *testEnv) map[gowarc.RecordType]int {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(env.dir, "archive", "warc", "*.warc.gz"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no WARC files (%v)", err)
	}
	types := map[gowarc.RecordType]int{}
	gz := 0
	for _, f := range files {
		r, err := gowarc.NewWarcFileReader(f, 0, gowarc.WithStrictValidation())
		if err != nil {
			t.Fatal(err)
		}
		for {
			rec, off, validation, err := r.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("%s at %d: %v", f, off, err)
			}
			if !validation.Valid() {
				t.Errorf("%s at %d: %v", f, off, validation)
			}
			types[rec.Type()]++
			if hb, ok := rec.Block().(gowarc.HttpResponseBlock); ok && rec.Type() == gowarc.Response && hb.HttpHeader().Get("Content-Encoding") == "gzip" {
				gz++
			}
		}
		r.Close()
	}
	if gz != len(gzipped) {
		t.Errorf("%d response records keep Content-Encoding: gzip, want %d (bodies archived as received)", gz, len(gzipped))
	}
	if types[gowarc.Response] == 0 || types[gowarc.Request] != types[gowarc.Response]+types[gowarc.Revisit] {
		t.Errorf("record types %v, want a request record for every response and revisit", types)
	}
	return types
}

// failingArchive refuses to archive one URL, as a full disk would.
type failingArchive struct {
	Archive
	fail string
}

var errDiskFull = errors.New("no space left on device")

func (f failingArchive) Add(ctx context.Context, c archive.Capture) (archive.Capture, bool, error) {
	if strings.HasSuffix(c.URL, f.fail) {
		return archive.Capture{}, false, errDiskFull
	}
	return f.Archive.Add(ctx, c)
}

// TestArchiveFailureStopsCrawl: a response the archive cannot take is not
// acknowledged: the crawl stops with the archive's error, the URL stays
// queued, and the next run fetches it and finishes.
func TestArchiveFailureStopsCrawl(t *testing.T) {
	site := newTestSite(t)
	env := newTestEnv(t, t.TempDir())
	cfg := env.config()
	cfg.Archive = failingArchive{Archive: env.store, fail: "/news/bridge"}
	_, err := Run(context.Background(), cfg, []string{site.URL + "/"})
	if !errors.Is(err, errDiskFull) {
		t.Fatalf("crawl with a failing archive: %v, want the archive's error", err)
	}
	if caps, _ := env.store.Captures(site.URL + "/news/bridge"); len(caps) != 0 {
		t.Fatalf("the refused response is archived: %v", caps)
	}
	fetched := slices.Clone(site.log())
	if _, err := Run(context.Background(), env.config(), []string{site.URL + "/"}); err != nil {
		t.Fatal(err)
	}
	checkFinalState(t, site, env)
	again := site.log()[len(fetched):]
	if !slices.Contains(again, "/news/bridge") {
		t.Errorf("the second run did not fetch the page the archive refused: %v", again)
	}
	for _, r := range again {
		if r != "/news/bridge" && r != "/robots.txt" && slices.Contains(fetched, r) {
			t.Errorf("the second run fetched %s again", r)
		}
	}
}
