package ingest

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gazette-news/gazette/archive"
	"github.com/gazette-news/gazette/indexer"
	"github.com/gazette-news/gazette/search"
	"github.com/gazette-news/gazette/urlid"
)

const page = `<html lang="en"><head><title>%s</title>
<link rel="canonical" href="%s"></head><body><article><h1>%s</h1>
<p>The river ferry resumed service on Monday after a winter of repairs, carrying the first cars across at dawn while a small crowd watched from the bank.</p>
<p>Its captain said the engine had been rebuilt by volunteers from the village, who worked in an unheated shed through the coldest weeks of the year.</p>
<p>%s</p></article></body></html>`

var day = time.Date(2022, 4, 1, 0, 0, 0, 0, time.UTC)

// capture is an HTTP capture of an article page (status 200) or of an
// error page.
func capture(url, canonical, title, extra string, at time.Time, status int) archive.Capture {
	return archive.Capture{URL: url, Time: at, Status: status,
		Header: http.Header{"Content-Type": {"text/html; charset=utf-8"}},
		Body:   []byte(fmt.Sprintf(page, title, canonical, title, extra))}
}

// env is a data directory: an archive, an index and an Ingester.
type env struct {
	dir     string
	store   *archive.Store
	index   *search.Index
	g       *Ingester
	workers int // Config.Workers of the next openIndex
}

func newEnv(t *testing.T) *env {
	t.Helper()
	dir := t.TempDir()
	store, err := archive.Open(filepath.Join(dir, "archive"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	e := &env{dir: dir, store: store}
	t.Cleanup(e.closeIndex)
	e.openIndex(t, "index")
	return e
}

// closeIndex closes the open index, if any.
func (e *env) closeIndex() {
	if e.index != nil {
		e.index.Close()
		e.index, e.g = nil, nil
	}
}

// openIndex opens (or creates) an index in the data directory with an
// Ingester over it, closing the one open before.
func (e *env) openIndex(t *testing.T, name string) {
	t.Helper()
	e.closeIndex()
	ix, _, err := OpenIndex(filepath.Join(e.dir, name))
	if err != nil {
		t.Fatal(err)
	}
	g, err := New(e.store, ix, &indexer.Extractor{}, Config{BatchDocs: 3, BatchCaptures: 5, Workers: e.workers})
	if err != nil {
		ix.Close()
		t.Fatal(err)
	}
	e.index, e.g = ix, g
}

func (e *env) add(t *testing.T, c archive.Capture) archive.Capture {
	t.Helper()
	stored, _, err := e.store.Add(context.Background(), c)
	if err != nil {
		t.Fatal(err)
	}
	return stored
}

func (e *env) catchUp(t *testing.T) []Result {
	t.Helper()
	var rs []Result
	if _, err := e.g.CatchUp(context.Background(), func(r Result) { rs = append(rs, r) }); err != nil {
		t.Fatal(err)
	}
	return rs
}

// TestCatchUpOutcomes follows one article through the captures of a
// crawl and an import: new, updated, the same page under another URL, an
// error page, an older version read late.
func TestCatchUpOutcomes(t *testing.T) {
	e := newEnv(t)
	const canonical = "https://river.example/ferry"
	id := urlid.ArticleID(canonical)
	steps := []struct {
		name string
		c    archive.Capture
		want Outcome
	}{
		{"new page", capture("https://river.example/ferry?utm_source=x", canonical, "Ferry returns", "Tickets cost the same as last year.", day, 200), NewArticle},
		{"changed page", capture("https://river.example/ferry?utm_source=x", canonical, "Ferry returns", "Tickets now cost a little more.", day.Add(time.Hour), 200), Updated},
		{"same article, other URL", capture("https://river.example/news/ferry", canonical, "Ferry returns to the crossing", "Tickets now cost a little more.", day.Add(2*time.Hour), 200), Updated},
		{"error page", capture("https://river.example/gone", "", "Not found", "", day, 404), NoArticle},
		{"older version read late", capture("https://river.example/ferry", canonical, "Ferry is back", "A buffet car serves the crossing.", day.Add(-time.Hour), 200), Older},
	}
	for _, s := range steps {
		e.add(t, s.c)
		rs := e.catchUp(t)
		if len(rs) != 1 || rs[0].Outcome != s.want {
			t.Errorf("%s: results %+v, want one %v", s.name, rs, s.want)
			continue
		}
		if s.want == NoArticle && !errors.Is(rs[0].Err, indexer.ErrNoArticle) {
			t.Errorf("%s: error %v does not wrap ErrNoArticle", s.name, rs[0].Err)
		}
		if s.want != NoArticle && rs[0].ID != id {
			t.Errorf("%s: article %s, want %s", s.name, rs[0].ID, id)
		}
	}
	if n, _ := e.index.Count(); n != 1 {
		t.Errorf("index holds %d articles, want 1 (every capture is one article)", n)
	}
	doc, err := e.index.Get(id)
	if err != nil {
		t.Fatal(err)
	}
	if doc.URL != canonical || doc.Title != "Ferry returns to the crossing" || !doc.Captured.Equal(day.Add(2*time.Hour)) {
		t.Errorf("article %q %q captured %s; want the newest capture's", doc.URL, doc.Title, doc.Captured)
	}
	var got []string
	for _, s := range doc.Sources {
		got = append(got, s.URL+" "+s.Time.Format("15:04"))
	}
	want := []string{"https://river.example/news/ferry 02:00", "https://river.example/ferry?utm_source=x 01:00", "https://river.example/ferry 23:00"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("sources %q, want %q (one per URL, newest first)", got, want)
	}
	if e.g.Applied() != 5 {
		t.Errorf("Applied = %d, want 5", e.g.Applied())
	}
	if rs := e.catchUp(t); len(rs) != 0 {
		t.Errorf("a second CatchUp applied %+v", rs)
	}
}

// TestCatchUpIsAView: the index does not depend on how the log was
// applied — bit by bit as captures arrive, in one go, or again from the
// start over an index that has it all (a crash replay) — but only on the
// captures in the archive.
func TestCatchUpIsAView(t *testing.T) {
	e := newEnv(t)
	rng := rand.New(rand.NewPCG(1, 2))
	urls := []string{"https://river.example/a", "https://river.example/b", "https://river.example/c?utm_medium=x", "https://river.example/c", "https://river.example/"}
	for i := range 40 {
		u := urls[rng.IntN(len(urls))]
		canonical := u
		if rng.IntN(3) == 0 {
			canonical = "https://river.example/a" // a syndicated copy of a
		}
		status := 200
		if rng.IntN(6) == 0 {
			status = 500
		}
		at := day.Add(time.Duration(rng.IntN(100)) * time.Hour) // captures arrive out of time order
		e.add(t, capture(u, canonical, fmt.Sprintf("Ferry story %d", i), fmt.Sprintf("Version %d of the story.", i), at, status))
		if rng.IntN(4) == 0 {
			e.catchUp(t)
		}
	}
	e.catchUp(t)
	incremental := dump(t, e.index)

	e.workers = 4 // and with captures prepared in parallel
	e.openIndex(t, "fresh")
	e.catchUp(t)
	if fresh := dump(t, e.index); !reflect.DeepEqual(fresh, incremental) {
		t.Errorf("built in one go:\n%v\nbuilt bit by bit:\n%v", fresh, incremental)
	}
	if len(incremental) < 2 {
		t.Fatalf("the fixture made %d articles", len(incremental))
	}

	// Replaying the log over an index that has it all changes nothing.
	var b search.Batch
	b.SetApplied(0)
	if err := e.index.Write(&b); err != nil {
		t.Fatal(err)
	}
	e.openIndex(t, "fresh")
	for _, r := range e.catchUp(t) {
		if r.Outcome == NewArticle || r.Outcome == Updated {
			t.Errorf("replay: %s %v", r.Capture.URL, r.Outcome)
		}
	}
	if again := dump(t, e.index); !reflect.DeepEqual(again, incremental) {
		t.Errorf("after a replay:\n%v\nwant:\n%v", again, incremental)
	}
}

// dump describes every article of an index: id, title, sources.
func dump(t *testing.T, ix *search.Index) []string {
	t.Helper()
	var out []string
	err := ix.EachID(context.Background(), func(id string) error {
		d, err := ix.Get(id)
		if err != nil {
			return err
		}
		s := fmt.Sprintf("%s %q %s", id, d.Title, d.Captured.Format(time.RFC3339))
		for _, src := range d.Sources {
			s += fmt.Sprintf(" [%s %s]", src.URL, src.Time.Format(time.RFC3339))
		}
		out = append(out, s)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestIngestInLogOrder: concurrent callers (crawl workers) each hand over
// the capture they archived; whoever comes first applies the log up to its
// own, and the others find their results.
func TestIngestInLogOrder(t *testing.T) {
	e := newEnv(t)
	var stored []archive.Capture
	for i, u := range []string{"https://river.example/a", "https://river.example/", "https://river.example/b"} {
		stored = append(stored, e.add(t, capture(u, "", fmt.Sprintf("Story %d", i), "", day, 200)))
	}
	// The last one first: it applies the two before it from the archive.
	r, page, err := e.g.Ingest(context.Background(), stored[2])
	if err != nil || r.Outcome != NewArticle || !strings.Contains(page.Text, "Story 2") {
		t.Fatalf("Ingest(b) = %+v, %v; page %.40q", r, err, page.Text)
	}
	var wg sync.WaitGroup
	results := make([]Result, 2)
	for i := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var err error
			results[i], _, err = e.g.Ingest(context.Background(), stored[i])
			if err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if results[0].Outcome != NewArticle || results[1].Outcome != NoArticle || !errors.Is(results[1].Err, indexer.ErrListing) {
		t.Errorf("results of a and the home page: %+v", results)
	}
	if e.g.Applied() != stored[2].Seq {
		t.Errorf("Applied = %d, want %d", e.g.Applied(), stored[2].Seq)
	}
	if _, _, err := e.g.Ingest(context.Background(), archive.Capture{URL: "https://river.example/x"}); err == nil {
		t.Error("a capture that is not in the log was taken")
	}
}
