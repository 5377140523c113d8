package ingest

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"

	"github.com/gazette-news/gazette/archive"
	"github.com/gazette-news/gazette/indexer"
)

// TestOpenIndexReplacesOldLayout: an index this Gazette cannot read (built
// by another version, or not Gazette's at all) is replaced by an empty one,
// which CatchUp fills from the archive.
func TestOpenIndexReplacesOldLayout(t *testing.T) {
	e := newEnv(t)
	e.add(t, capture("https://river.example/ferry", "", "Ferry returns", "", day, 200))
	e.closeIndex()
	path := filepath.Join(e.dir, "old")
	b, err := bleve.New(path, bleve.NewIndexMapping()) // no Gazette layout at all
	if err != nil {
		t.Fatal(err)
	}
	b.Close()
	ix, reason, err := OpenIndex(path)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if !strings.Contains(reason, "another Gazette version") {
		t.Errorf("reason %q", reason)
	}
	g, err := New(e.store, ix, &indexer.Extractor{}, Config{})
	if err != nil {
		t.Fatal(err)
	}
	if sum, err := g.CatchUp(context.Background(), nil); err != nil || sum.New != 1 {
		t.Errorf("CatchUp over the new index: %+v, %v", sum, err)
	}
	if _, err := os.Stat(path + ".old"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the old index was left at %s.old", path)
	}
}

// TestRebuild builds a new index beside the old one, compares them, and
// swaps them; a rebuild interrupted before or between its renames is
// finished by the next OpenIndex or Rebuild.
func TestRebuild(t *testing.T) {
	e := newEnv(t)
	var stored []archive.Capture
	for i, title := range []string{"Ferry returns", "Bridge reopens", "Market moves"} {
		c := capture("https://river.example/"+strings.Fields(title)[0], "", title, "", day.Add(time.Duration(i)*time.Hour), 200)
		s := e.add(t, c)
		s.Body, s.Header = c.Body, c.Header
		stored = append(stored, s)
	}
	e.catchUp(t)
	// An older cleaner had read one title differently, and indexed an
	// article no capture yields any more.
	d, err := e.index.Get(dumpID(t, e, "Bridge reopens"))
	if err != nil {
		t.Fatal(err)
	}
	d.Title = "Bridge | River Courier"
	stale := d
	stale.ID, stale.URL = "0000000000000000", "https://river.example/stale"
	if err := e.index.Put(d, stale); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(e.dir, "index")

	// Interrupted: index.new holds the first capture of the log.
	e.openIndex(t, "index.new")
	if _, _, err := e.g.Ingest(context.Background(), stored[0]); err != nil {
		t.Fatal(err)
	}
	e.closeIndex()

	sum, err := Rebuild(context.Background(), path, e.store, &indexer.Extractor{}, Config{BatchDocs: 1, BatchCaptures: 1}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !sum.Resumed || sum.Captures != 2 || sum.Articles != 3 || sum.Same != 2 || sum.Changed != 1 || sum.Added != 0 || sum.Gone != 1 {
		t.Errorf("Rebuild = %+v; want resumed with 2 captures to go, 3 articles, 2 the same, 1 changed, 1 gone", sum)
	}
	for _, p := range []string{path + ".new", path + ".old"} {
		if _, err := os.Stat(p); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s is left behind", p)
		}
	}

	// Killed between the renames: DATA/index gone, DATA/index.new whole;
	// and once while creating an index.
	if err := os.Rename(path, path+".new"); err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{path + ".old", filepath.Join(e.dir, ".index.tmp-123", "index")} {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	e.openIndex(t, "index")
	if _, err := os.Stat(filepath.Join(e.dir, ".index.tmp-123")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the half-created index is left behind (%v)", err)
	}
	if n, _ := e.index.Count(); n != 3 || e.g.Applied() != 3 {
		t.Errorf("after finishing the swap: %d articles, applied %d", n, e.g.Applied())
	}
	if _, err := os.Stat(path + ".old"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("%s.old is left behind", path)
	}
}

// dumpID finds the id of the article with a title.
func dumpID(t *testing.T, e *env, title string) string {
	t.Helper()
	var found string
	err := e.index.EachID(context.Background(), func(id string) error {
		if d, err := e.index.Get(id); err == nil && d.Title == title {
			found = id
		}
		return nil
	})
	if err != nil || found == "" {
		t.Fatalf("no article %q (%v)", title, err)
	}
	return found
}
