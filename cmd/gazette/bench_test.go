package main

import (
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
