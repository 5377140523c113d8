package indexer

import (
	"errors"
	"path/filepath"
	"testing"

	"github.com/gazette-news/gazette/search"
)

func TestBatchSink(t *testing.T) {
	ix, err := search.Open(filepath.Join(t.TempDir(), "index"))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	b := &BatchSink{Sink: ix, Size: 3}
	count := func() uint64 {
		n, err := ix.Count()
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	put := func(id, title string) {
		t.Helper()
		if err := b.Put(search.Doc{ID: id, Title: title, Text: "text", Lang: "en"}); err != nil {
			t.Fatal(err)
		}
	}
	put("a", "first")
	put("b", "second")
	put("a", "first, corrected") // replaces the pending a
	if n := count(); n != 0 {
		t.Errorf("%d documents written before the batch is full", n)
	}
	if d, err := b.Get("a"); err != nil || d.Title != "first, corrected" {
		t.Errorf("Get of a pending document = %+v, %v", d, err)
	}
	if _, err := b.Get("zzz"); !errors.Is(err, search.ErrNotFound) {
		t.Errorf("Get of an unknown id: %v", err)
	}
	put("c", "third") // the batch is full: a, b, c are written
	if n := count(); n != 3 {
		t.Errorf("%d documents after a full batch, want 3", n)
	}
	put("d", "fourth")
	if err := b.Flush(); err != nil {
		t.Fatal(err)
	}
	if n := count(); n != 4 {
		t.Errorf("%d documents after Flush, want 4", n)
	}
	if d, err := b.Get("a"); err != nil || d.Title != "first, corrected" {
		t.Errorf("Get after writing = %+v, %v", d, err)
	}
	if err := b.Flush(); err != nil {
		t.Errorf("an empty Flush: %v", err)
	}
}
