package main

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// TestRememberCrawl: crawls are listed once per seeds and scope with their
// latest limits, and a damaged list is started afresh instead of failing.
func TestRememberCrawl(t *testing.T) {
	dir := t.TempDir()
	a := crawlDef{Seeds: []string{"https://a.example/"}, Depth: 2, Scope: "host"}
	b := crawlDef{Seeds: []string{"https://b.example/feed.xml"}, Depth: 1, MaxPages: 50, Scope: "domain"}
	for _, d := range []crawlDef{a, b, {Seeds: a.Seeds, Depth: 3, MaxPages: 10, Scope: "host"}} {
		if err := rememberCrawl(dir, d); err != nil {
			t.Fatal(err)
		}
	}
	got, err := loadCrawlDefs(dir)
	want := []crawlDef{{Seeds: a.Seeds, Depth: 3, MaxPages: 10, Scope: "host"}, b}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("crawls = %+v, %v; want %+v", got, err, want)
	}

	if err := os.WriteFile(filepath.Join(dir, "crawl", "crawls.json"), []byte(`[{"seeds":`), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := loadCrawlDefs(dir); err == nil {
		t.Error("a truncated list reads without error")
	}
	if err := rememberCrawl(dir, a); err != nil {
		t.Fatalf("remembering over a damaged list: %v", err)
	}
	if got, err := loadCrawlDefs(dir); err != nil || !reflect.DeepEqual(got, []crawlDef{a}) {
		t.Errorf("after a damaged list: %+v, %v", got, err)
	}
}
