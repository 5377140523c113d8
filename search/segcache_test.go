package search

import (
	"context"
	"path/filepath"
	"reflect"
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
