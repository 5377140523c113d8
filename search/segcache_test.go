package search

import (
	"context"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
	"time"
)

// TestWarming: an index opened again reads every segment's dates and
// postings in the background and says so until it is done; its searches
// answer meanwhile, and the same as an index that read nothing ahead.
func TestWarming(t *testing.T) {
	path := filepath.Join(t.TempDir(), "index")
	ix, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	_, docs := corpusDocs(t, 600)
	for from := 0; from < len(docs); from += 200 {
		if err := ix.Put(docs[from : from+200]...); err != nil {
			t.Fatal(err)
		}
	}
	if ix.Warming() {
		t.Error("a new index says it is reading its segments")
	}
	r := Request{Places: []string{"UA"}, Sort: "newest"}
	want := mustSearch(t, ix, r)
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}

	// Closing while it reads stops the reading.
	ix, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := ix.Search(context.Background(), Request{}); err == nil {
		t.Error("a closed index searched")
	}

	ix, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	got := mustSearch(t, ix, r) // while reading, or after
	if !reflect.DeepEqual(got, want) {
		t.Errorf("reopened: %+v\nwant %+v", got, want)
	}
	for deadline := time.Now().Add(time.Minute); ix.Warming(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("still reading its segments after a minute")
		}
	}
	s, err := ix.openSnapshot()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for i, d := range s.data {
		d.mu.Lock()
		n := len(d.fields)
		d.mu.Unlock()
		if len(d.pub) != int(d.n) || n < len(warmFields) {
			t.Errorf("segment %d: %d dates of %d documents, %d fields read, want %d", i, len(d.pub), d.n, n, len(warmFields))
		}
	}
}

// TestSearchWhileWriting: searches running while batches add and replace
// documents (new segments, merges, deletions) each see one consistent
// state of the index: their language counts (of the languages chosen,
// if any) add up to their total.
func TestSearchWhileWriting(t *testing.T) {
	ix := openTemp(t)
	_, docs := corpusDocs(t, 800)
	if err := ix.Put(docs[:200]...); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	errs := make(chan error, 1)
	go func() {
		defer close(done)
		for from := 200; from < len(docs); from += 100 {
			batch := append(slices.Clone(docs[from:from+100]), docs[from-200:from-150]...) // new and replaced
			if err := ix.Put(batch...); err != nil {
				errs <- err
				return
			}
		}
	}()
	reqs := []Request{{}, {Query: docs[0].Title}, {Places: []string{"UA"}, Sort: "newest"}, {Langs: []string{"en", "ru"}}}
	for n := 0; ; n++ {
		select {
		case <-done:
			select {
			case err := <-errs:
				t.Fatal(err)
			default:
			}
			if n < 10 {
				t.Logf("only %d searches ran while writing", n)
			}
			return
		default:
		}
		r := reqs[n%len(reqs)]
		forgetFacets(ix)
		res := mustSearch(t, ix, r)
		sum := 0 // the language counts are disjunctive: those of the chosen ones add up
		for _, l := range res.Facets.Langs {
			if len(r.Langs) == 0 || slices.Contains(r.Langs, l.Key) {
				sum += l.Count
			}
		}
		if uint64(sum) != res.Total {
			t.Fatalf("%+v: languages add up to %d of %d", r, sum, res.Total)
		}
	}
}
