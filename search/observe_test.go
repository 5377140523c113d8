package search

import (
	"context"
	"testing"
	"time"
)

func TestQueryKind(t *testing.T) {
	tests := []struct{ q, want string }{
		{"", "browse"},
		{"   ", "browse"},
		{"Izium", "terms"},
		{"Kharkiv-based reporters", "terms"},
		{`"Izium offensive"`, "phrase"},
		{`+Izium -Kharkiv`, "syntax"},
		{`title:Izium`, "syntax"},
		{`Iz*`, "syntax"},
		{`Izuim~1`, "syntax"},
		{`"Izium" title:x`, "syntax"},
		{`Izium OR Kharkiv`, "syntax"},
		{`(Izium road)`, "syntax"},
		{`near:Izium`, "syntax"},
		{`or and not`, "terms"},
	}
	for _, tt := range tests {
		if got := QueryKind(tt.q); got != tt.want {
			t.Errorf("QueryKind(%q) = %q, want %q", tt.q, got, tt.want)
		}
	}
}

// TestObserveSearches: an observed index reports each search with its
// kind, failed ones included; without an observer nothing is reported.
func TestObserveSearches(t *testing.T) {
	ix := fixtureIndex(t)
	var kinds []string
	ix.ObserveSearches(func(kind string, took time.Duration) {
		if took < 0 {
			t.Errorf("negative duration %v", took)
		}
		kinds = append(kinds, kind)
	})
	ctx := context.Background()
	for _, q := range []string{"", "Izium", `"Izium road"`, "title:Izium"} {
		if _, err := ix.Search(ctx, Request{Query: q}); err != nil {
			t.Fatal(err)
		}
	}
	ix.Search(ctx, Request{Query: "x", Sort: "sideways"}) // an error, still observed
	want := []string{"browse", "terms", "phrase", "syntax", "terms"}
	if len(kinds) != len(want) {
		t.Fatalf("observed %v, want %v", kinds, want)
	}
	for i := range want {
		if kinds[i] != want[i] {
			t.Errorf("search %d observed as %q, want %q", i, kinds[i], want[i])
		}
	}
	ix.ObserveSearches(nil)
	ix.Search(ctx, Request{})
	if len(kinds) != len(want) {
		t.Errorf("a search after ObserveSearches(nil) was observed")
	}
}
