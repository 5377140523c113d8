package search

import (
	"path/filepath"
	"testing"
)

// TestModified checks that every Put moves Modified forward, a failed one
// included, and that the time survives closing and reopening the index.
func TestModified(t *testing.T) {
	path := filepath.Join(t.TempDir(), "index")
	ix, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	created := ix.Modified()
	if created.IsZero() {
		t.Fatal("a new index has no modification time")
	}
	docs := fixtures(t)
	if err := ix.Put(docs[0]); err != nil {
		t.Fatal(err)
	}
	first := ix.Modified()
	if !first.After(created) {
		t.Errorf("after a Put, Modified = %v, not after %v", first, created)
	}
	if err := ix.Put(docs[1]); err != nil {
		t.Fatal(err)
	}
	second := ix.Modified()
	if !second.After(first) {
		t.Errorf("after a second Put, Modified = %v, not after %v", second, first)
	}
	if err := ix.Put(); err != nil || !ix.Modified().Equal(second) {
		t.Errorf("an empty Put changed Modified to %v (err %v)", ix.Modified(), err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}

	ix, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if got := ix.Modified(); !got.Equal(second) {
		t.Errorf("after reopening, Modified = %v, want %v", got, second)
	}
}
