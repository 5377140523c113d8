package main

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"

	"github.com/gazette-news/gazette/search"
)

// TestIndexOfOldLayoutRebuilt: the data directory of an older Gazette,
// whose index has an older layout (testdata/layout6: testdata/import
// imported by Gazette at 6648324, layout gazette-search-6, before the
// pair fields), is upgraded by the first command that opens it: the old
// index is built again from the archive, with progress and a summary,
// and the new one holds every article the old one held, searchable by
// phrase.
func TestIndexOfOldLayoutRebuilt(t *testing.T) {
	data := t.TempDir()
	if err := os.CopyFS(data, os.DirFS(filepath.Join("testdata", "layout6"))); err != nil {
		t.Fatal(err)
	}
	before := oldIndexIDs(t, filepath.Join(data, "index"))
	if len(before) != 4 {
		t.Fatalf("the old index holds %d articles, want 4", len(before))
	}
	if _, err := search.Open(filepath.Join(data, "index")); err == nil {
		t.Fatal("the old index opened as one of this layout")
	}

	code, out, errOut := runCmd(t, "import", "--data", data, "testdata/import/kramatorsk-library.html")
	if code != 0 {
		t.Fatalf("import exit %d\n%s\n%s", code, out, errOut)
	}
	for _, want := range []string{
		"Building the search index from the archive (the index was built by another Gazette version", "5 captures.",
		"captures 5/5 · articles new 4", // the progress line
		"5 captures applied; 4 articles new",
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("the upgrade did not show %q:\n%s", want, errOut)
		}
	}
	ix := openIndex(t, data)
	defer ix.Close()
	var after []string
	if err := ix.EachID(context.Background(), func(id string) error { after = append(after, id); return nil }); err != nil {
		t.Fatal(err)
	}
	slices.Sort(after)
	if !slices.Equal(after, before) {
		t.Errorf("the rebuilt index holds %q, the old one %q", after, before)
	}
	phrased := 0
	for _, id := range after {
		d, err := ix.Get(id)
		if err != nil {
			t.Fatal(err)
		}
		ws := strings.Fields(d.Text)
		if len(ws) < 6 {
			continue
		}
		q := `text:"` + strings.Join(ws[3:6], " ") + `"`
		res, err := ix.Search(context.Background(), search.Request{Query: q})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.ContainsFunc(res.Hits, func(h search.Hit) bool { return h.ID == id }) {
			t.Errorf("%s: %s not found in the rebuilt index", q, id)
		}
		phrased++
	}
	if phrased == 0 {
		t.Error("no article long enough to search a phrase of")
	}
}

// TestReindexOfOldLayout: reindex over the data directory of an older
// Gazette builds the index in this layout with every article, and says
// that the old index could not be compared rather than counting every
// article as new.
func TestReindexOfOldLayout(t *testing.T) {
	data := t.TempDir()
	if err := os.CopyFS(data, os.DirFS(filepath.Join("testdata", "layout6"))); err != nil {
		t.Fatal(err)
	}
	before := oldIndexIDs(t, filepath.Join(data, "index"))
	code, out, errOut := runCmd(t, "reindex", "--data", data)
	if code != 0 {
		t.Fatalf("reindex exit %d\n%s\n%s", code, out, errOut)
	}
	if want := "(1 without an article, 0 unreadable): 4 articles, in the layout of this Gazette; the old index, built by another version, was not compared."; !strings.Contains(out, want) {
		t.Errorf("reindex summary lacks %q:\n%s", want, out)
	}
	if !strings.Contains(errOut, "captures 5 (0 to go)") {
		t.Errorf("reindex showed no progress:\n%s", errOut)
	}
	ix := openIndex(t, data)
	defer ix.Close()
	var after []string
	if err := ix.EachID(context.Background(), func(id string) error { after = append(after, id); return nil }); err != nil {
		t.Fatal(err)
	}
	slices.Sort(after)
	if !slices.Equal(after, before) {
		t.Errorf("the rebuilt index holds %q, the old one %q", after, before)
	}
}

// oldIndexIDs lists the documents of an index of an older layout, read
// with Bleve alone.
func oldIndexIDs(t *testing.T, path string) []string {
	t.Helper()
	b, err := bleve.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	res, err := b.Search(bleve.NewSearchRequestOptions(bleve.NewMatchAllQuery(), 100, 0, false))
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, h := range res.Hits {
		ids = append(ids, h.ID)
	}
	slices.Sort(ids)
	return ids
}
