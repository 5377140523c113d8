package search

import (
	"context"
	"reflect"
	"testing"
)

// TestCompact: an index of several small segments is merged into one,
// and every search answers as before, facets included.
func TestCompact(t *testing.T) {
	ix := openTempUnmerged(t)
	docs := fixtures(t)
	const batches = 4
	for i := range batches {
		if err := ix.Put(docs[i*len(docs)/batches : (i+1)*len(docs)/batches]...); err != nil {
			t.Fatal(err)
		}
	}
	ix.Prepare()
	reqs := []Request{
		{Size: 50},
		{Query: "kharkiv", Size: 50},
		{Query: `"armed forces"`, Size: 5, Sort: "newest"},
		{Size: 50, Langs: []string{"en"}},
	}
	var want []*Result
	for _, r := range reqs {
		want = append(want, mustSearch(t, ix, r))
	}

	ix.mergeCap = 1000 // openTempUnmerged's scorch merges nothing; Compact may
	before, after, err := ix.Compact(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if before < batches || after != 1 {
		t.Errorf("Compact: %d segments before, %d after; want at least %d, then 1", before, after, batches)
	}
	if n, err := ix.segmentCount(); err != nil || n != 1 {
		t.Errorf("after Compact the index has %d segments (%v), want 1", n, err)
	}
	ix.facets = newFacetCache() // counted again, over the merged segment
	for i, r := range reqs {
		got := mustSearch(t, ix, r)
		if !reflect.DeepEqual(got, want[i]) {
			t.Errorf("%+v: after Compact\n%+v\nbefore\n%+v", r, got, want[i])
		}
	}
	if want[0].Total != uint64(len(docs)) {
		t.Errorf("everything: %d of %d", want[0].Total, len(docs))
	}
}
