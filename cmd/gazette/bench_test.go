package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestBench runs `gazette bench` small: every stage and every query must be
// reported with a number, and the queries must find articles.
func TestBench(t *testing.T) {
	out := runOK(t, "bench", "--repeat", "3", "--rounds", "2")
	for _, want := range []string{"16 pages from the bundled demo archive", "archive (WARC + capture index)",
		"clean (decode, extract, metadata)", "places", "index (one document per batch)", "Bulk index: 32 documents",
		"the index holds 48"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	for _, q := range benchQuerySet() {
		line := regexp.MustCompile(regexp.QuoteMeta(q.name) + `\s+(\d+)\s+[\d.]+\s+[\d.]+\s+[\d.]+\s+[\d.]+`).FindStringSubmatch(out)
		if line == nil {
			t.Errorf("no timing for query %q:\n%s", q.name, out)
		} else if line[1] == "0" {
			t.Errorf("query %q found nothing in the demo articles", q.name)
		}
	}
	if code, _, _ := runCmd(t, "bench", "--repeat", "0"); code == 0 {
		t.Error("bench --repeat 0 succeeded")
	}
}

// TestBenchGenerate writes a small corpus twice with one seed (same bytes)
// and imports it: every generated page must become an article.
func TestBenchGenerate(t *testing.T) {
	dir1, dir2 := t.TempDir(), t.TempDir()
	out := runOK(t, "bench", "--generate", "40", "--seed", "5", dir1)
	if !strings.Contains(out, "Wrote 40 pages (seed 5) in 1 WARC files") {
		t.Errorf("output: %s", out)
	}
	runOK(t, "bench", "--generate", "40", "--seed", "5", dir2)
	for _, name := range []string{"corpus-00000.warc.gz", "corpus.json"} {
		a, err1 := os.ReadFile(filepath.Join(dir1, name))
		b, err2 := os.ReadFile(filepath.Join(dir2, name))
		if err1 != nil || err2 != nil || !bytes.Equal(a, b) {
			t.Errorf("%s differs between two runs with one seed (%v, %v)", name, err1, err2)
		}
	}
	data := t.TempDir()
	out = runOK(t, "import", "--data", data, dir1)
	if !strings.Contains(out, "40 articles imported") {
		t.Errorf("import of the generated corpus: %s", out)
	}
	if code, _, _ := runCmd(t, "bench", "--generate", "10"); code != 2 {
		t.Errorf("bench --generate without DIR: exit %d, want 2", code)
	}
}
