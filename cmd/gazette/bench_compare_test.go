package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gazette-news/gazette/bench/load"
)

// TestMain lets the test binary stand in for gazette in the child
// processes `gazette bench --articles` starts (see selfCommand).
func TestMain(m *testing.M) {
	if os.Getenv(strings.Split(childEnv, "=")[0]) == "1" {
		os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// TestBenchCompare runs the comparison small: both sides must import the
// whole corpus, answer every kind of the mix without error and report
// sizes, memory and latencies; a second run in the same working directory
// reuses the imports.
func TestBenchCompare(t *testing.T) {
	work := t.TempDir()
	args := []string{"bench", "--articles", "60", "--per-kind", "2", "--warmup", "1", "--clients", "2", "--json", "--work", work}
	var rep compareReport
	if err := json.Unmarshal([]byte(runOK(t, args...)), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Articles != 60 || len(rep.Sides) != 2 || rep.Sides[0].Name != "Gazette" || rep.Sides[1].Name != "FTS5 peer" {
		t.Fatalf("report: %+v", rep)
	}
	if rep.WarmUp < 1 || rep.WarmUp > len(load.Kinds)-1 {
		t.Errorf("%d warm-up requests, want one of each kind but the front page", rep.WarmUp)
	}
	for _, s := range rep.Sides {
		if s.Articles != 60 {
			t.Errorf("%s indexed %d articles of 60", s.Name, s.Articles)
		}
		if detail, _ := s.IngestDetail.(string); s.Name == "Gazette" && !strings.Contains(detail, "0 skipped") {
			t.Errorf("Gazette's import skipped something: %s", detail)
		}
		if s.IngestPerSecond <= 0 || s.IndexBytes <= 0 || s.IngestPeakRSSMB <= 0 || s.ServePeakRSSMB <= 0 || s.FirstEverything <= 0 {
			t.Errorf("%s: a measure is missing: %+v", s.Name, s)
		}
		if s.RequestsAnswered != 2*len(load.Kinds) {
			t.Errorf("%s answered %d requests, want %d", s.Name, s.RequestsAnswered, 2*len(load.Kinds))
		}
		kinds := map[string]load.KindStats{}
		for _, k := range s.Kinds {
			kinds[k.Kind] = k
		}
		for _, kind := range load.Kinds {
			k, ok := kinds[kind]
			if !ok || k.N != 2 || k.Errors != 0 || k.P50ms <= 0 {
				t.Errorf("%s, %s: %+v", s.Name, kind, k)
			}
		}
		if kinds[load.KindEverything].MedianHit != 60 {
			t.Errorf("%s: everything found %d of 60", s.Name, kinds[load.KindEverything].MedianHit)
		}
	}
	out := runOK(t, "bench", "--articles", "60", "--per-kind", "1", "--warmup", "0", "--clients", "1", "--sides", "gazette", "--work", work)
	for _, want := range []string{"Gazette bench: 60 articles", "ingest, articles/s", "place filter: a region or country"} {
		if !strings.Contains(out, want) {
			t.Errorf("second run's output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "FTS5 peer") {
		t.Errorf("--sides gazette ran the peer:\n%s", out)
	}

	// The peer can take the articles from Gazette's index instead.
	for _, name := range []string{"peer.db", "peer.db-wal", "peer.db-shm", "peer-ingest.json"} {
		os.Remove(filepath.Join(work, name))
	}
	var fromIndex compareReport
	if err := json.Unmarshal([]byte(runOK(t, "bench", "--articles", "60", "--per-kind", "1", "--warmup", "0", "--clients", "1", "--sides", "peer",
		"--peer-from-index", "--json", "--work", work)), &fromIndex); err != nil {
		t.Fatal(err)
	}
	if len(fromIndex.Sides) != 1 || fromIndex.Sides[0].Articles != 60 || fromIndex.Sides[0].IngestNote == "" {
		t.Errorf("peer from Gazette's index: %+v", fromIndex.Sides)
	}
}

// TestPrintCompareFirstError: a first search that failed is reported with
// how it failed, beside its time, and the rest of the report still prints.
func TestPrintCompareFirstError(t *testing.T) {
	rep := compareReport{Articles: 100000, Clients: 8, Sides: []sideReport{{
		Name: "Gazette", FirstEverything: 2001, FirstError: `HTTP 503: {"error":{"code":"timeout"}}`,
		Kinds: []load.KindStats{{Kind: "all", P50ms: 12, P99ms: 40, MedianHit: 10}},
	}}}
	var out strings.Builder
	if err := printCompare(&out, rep); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"2001.0", "Gazette first search failed: HTTP 503", "12.0"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, out.String())
		}
	}
}
