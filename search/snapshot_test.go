package search

import (
	"context"
	"path/filepath"
	"testing"
	"time"
)

// TestCopyTo: a copy of an open index taken while it is written to holds
// what was indexed before the copy and nothing after; Check counts it and
// Open opens it, and it answers searches like the original did.
func TestCopyTo(t *testing.T) {
	ix := fixtureIndex(t)
	want, err := ix.Search(context.Background(), Request{Query: "", Size: 100})
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "copy")
	if err := ix.CopyTo(dir); err != nil {
		t.Fatal(err)
	}
	later := Doc{ID: "later", URL: "https://news.example/later", Title: "Written after the copy", Text: "Lighthouse keepers return.", Lang: "en", Captured: time.Now()}
	if err := ix.Put(later); err != nil {
		t.Fatal(err)
	}

	info, err := Check(dir)
	if err != nil || info.Docs != want.Total {
		t.Fatalf("Check(copy) = %+v, %v; want %d documents", info, err, want.Total)
	}
	cp, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer cp.Close()
	got, err := cp.Search(context.Background(), Request{Query: "", Size: 100})
	if err != nil || got.Total != want.Total || len(got.Hits) != len(want.Hits) {
		t.Fatalf("copy holds %d (%v), want %d", got.Total, err, want.Total)
	}
	for i := range got.Hits {
		if got.Hits[i].ID != want.Hits[i].ID {
			t.Errorf("hit %d: %s, want %s", i, got.Hits[i].ID, want.Hits[i].ID)
		}
	}
	if _, err := cp.Get("later"); err == nil {
		t.Error("the copy holds a document written after it was taken")
	}
	if _, err := Check(filepath.Join(t.TempDir(), "none")); err == nil {
		t.Error("Check of a missing index: no error")
	}
}
