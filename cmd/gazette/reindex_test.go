package main

import (
	"strings"
	"testing"
)

// TestReindex re-extracts every archived URL: the articles come back the
// same, nothing is duplicated, and the capture without an article is counted.
func TestReindex(t *testing.T) {
	data := t.TempDir()
	if code, out, errOut := runCmd(t, "import", "--data", data, "testdata/import"); code != 0 {
		t.Fatalf("import exit %d\n%s\n%s", code, out, errOut)
	}
	code, out, errOut := runCmd(t, "reindex", "--data", data)
	if code != 0 {
		t.Fatalf("reindex exit %d\n%s\n%s", code, out, errOut)
	}
	if !strings.Contains(out, "Re-extracted 5 archived captures") || !strings.Contains(out, "(1 without an article, 0 unreadable): 4 articles, 0 new to the index, 0 changed, 4 the same, 0 gone") {
		t.Errorf("reindex summary:\n%s", out)
	}
	idx := openIndex(t, data)
	defer idx.Close()
	if n, _ := idx.Count(); n != 4 {
		t.Errorf("after reindex the index holds %d articles, want 4", n)
	}
}
