package main

import (
	"strings"
	"testing"
)

// TestCompact: a second import leaves the index two segments, which the
// import merges at its end and says so; `gazette compact` then finds one
// segment and nothing to merge, and every article is still found.
func TestCompact(t *testing.T) {
	data := t.TempDir()
	out := runOK(t, "import", "--data", data, "testdata/import/kupiansk-bridge.txt")
	if strings.Contains(out, "Compacted") {
		t.Errorf("the first import of an empty index compacted it:\n%s", out)
	}
	out = runOK(t, "import", "--data", data, "testdata/import/kramatorsk-library.html", "testdata/import/steppe.warc")
	if !strings.Contains(out, "Compacted the index from 2 segments to 1 in ") {
		t.Errorf("second import's output:\n%s", out)
	}
	if out := runOK(t, "compact", "--data", data); !strings.Contains(out, "The index has 1 segment(s): none to merge.") {
		t.Errorf("compact's output:\n%s", out)
	}
	idx := openIndex(t, data)
	defer idx.Close()
	if n, _ := idx.Count(); n != 4 {
		t.Errorf("after compacting the index holds %d articles, want 4", n)
	}
}
