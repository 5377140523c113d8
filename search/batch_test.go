package search

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
)

// TestBatchApplied: the applied mark is written with the documents of a
// batch and survives closing the index; a batch without documents moves
// it too; the sources of an article come back as written.
func TestBatchApplied(t *testing.T) {
	path := filepath.Join(t.TempDir(), "index")
	ix, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if n, err := ix.Applied(); err != nil || n != 0 {
		t.Fatalf("Applied of a new index = %d, %v", n, err)
	}
	at := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	sources := []Source{
		{URL: "https://river.example/news/ferry?utm_source=rss", Time: at.Add(time.Hour), Seq: 9},
		{URL: "https://river.example/ferry", Time: at, Seq: 4},
	}
	var b Batch
	b.Put(Doc{ID: "a1", URL: "https://river.example/ferry", Title: "First title", Lang: "en", Captured: at})
	b.Put(Doc{ID: "a1", URL: "https://river.example/ferry", Title: "Ferry returns", Lang: "en", Captured: at.Add(time.Hour), Sources: sources})
	b.Put(Doc{ID: "b2", URL: "https://river.example/bridge", Title: "Bridge", Lang: "en", Captured: at})
	if d, ok := b.Get("a1"); !ok || d.Title != "Ferry returns" {
		t.Errorf("Batch.Get(a1) = %q, %v; want the later Put", d.Title, ok)
	}
	b.SetApplied(9)
	if err := ix.Write(&b); err != nil {
		t.Fatal(err)
	}
	b.Reset()
	if b.Len() != 0 {
		t.Errorf("Len after Reset = %d", b.Len())
	}
	b.SetApplied(12) // captures 10 to 12 held no article
	if err := ix.Write(&b); err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}

	ix, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if n, err := ix.Applied(); err != nil || n != 12 {
		t.Errorf("Applied after reopening = %d, %v; want 12", n, err)
	}
	if n, _ := ix.Count(); n != 2 {
		t.Errorf("%d documents, want 2", n)
	}
	d, err := ix.Get("a1")
	if err != nil {
		t.Fatal(err)
	}
	if d.Title != "Ferry returns" || !reflect.DeepEqual(d.Sources, sources) {
		t.Errorf("a1 = %q with sources %+v; want %+v", d.Title, d.Sources, sources)
	}

	var bad Batch
	bad.Put(Doc{ID: " ", Title: "no id"})
	bad.SetApplied(13)
	if err := ix.Write(&bad); err == nil {
		t.Error("a document without an id was written")
	}
	if n, _ := ix.Applied(); n != 12 {
		t.Errorf("a refused batch moved the mark to %d", n)
	}
}

// TestEachID lists every id once, in order, across pages.
func TestEachID(t *testing.T) {
	ix := openTemp(t)
	var b Batch
	var want []string
	for i := range idPage + 7 {
		id := fmt.Sprintf("doc%05d", i)
		want = append(want, id)
		b.Put(Doc{ID: id, URL: "https://river.example/" + id, Title: id, Lang: "en"})
	}
	if err := ix.Write(&b); err != nil {
		t.Fatal(err)
	}
	var got []string
	if err := ix.EachID(context.Background(), func(id string) error { got = append(got, id); return nil }); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("EachID gave %d ids (first %v), want %d", len(got), got[:min(3, len(got))], len(want))
	}
	stop := errors.New("stop")
	n := 0
	err := ix.EachID(context.Background(), func(string) error {
		n++
		return stop
	})
	if !errors.Is(err, stop) || n != 1 {
		t.Errorf("EachID went on after an error: %d calls, %v", n, err)
	}
}

// TestOpenOldLayout: an index of another layout is refused with ErrLayout,
// so that the caller can build it again.
func TestOpenOldLayout(t *testing.T) {
	path := filepath.Join(t.TempDir(), "index")
	b, err := bleve.New(path, newMapping())
	if err != nil {
		t.Fatal(err)
	}
	if err := b.SetInternal(internalVersionKey, []byte("gazette-search-0")); err != nil {
		t.Fatal(err)
	}
	b.Close()
	if _, err := Open(path); !errors.Is(err, ErrLayout) {
		t.Errorf("Open of an old layout: %v, want ErrLayout", err)
	}
}
