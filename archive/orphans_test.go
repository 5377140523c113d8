package archive

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestOpenRecoversOrphans: records whose index entries a crash kept from
// being written (the index as it was before them, the records in the WARC
// file) are indexed when the archive next opens, in the order they were
// written: a new page, and a revisit record Add wrote for a payload
// archived under another URL. The revisit record Revisit wrote for an
// unchanged page stays out of the index, as it was.
func TestOpenRecoversOrphans(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	first := mustAdd(t, s, htmlCapture("http://news.example/local/ferry.html", day, syndicatedPage))
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "captures.db")
	before, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}

	s, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	page := mustAdd(t, s, htmlCapture("http://news.example/local/bridge.html", day.Add(time.Hour), "<html><body><p>The bridge reopens.</p></body></html>"))
	copied := mustAdd(t, s, htmlCapture("http://news.example/travel/ferry.html", day.Add(2*time.Hour), syndicatedPage))
	if copied.Original == nil {
		t.Fatal("the same payload under another URL was not archived as a revisit")
	}
	if _, err := s.Revisit(ctx, htmlCapture("http://news.example/local/ferry.html", day.Add(3*time.Hour), syndicatedPage)); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	// The crash: the index as it was before the two captures.
	if err := os.WriteFile(db, before, 0o644); err != nil {
		t.Fatal(err)
	}

	s = openStore(t, dir)
	var got []string
	for _, c := range s.Recovered() {
		got = append(got, c.URL)
	}
	if want := []string{page.URL, copied.URL}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("recovered %v, want %v", got, want)
	}
	urls, seqs := sinceAll(t, s, 0)
	if want := []string{first.URL, page.URL, copied.URL}; fmt.Sprint(urls) != fmt.Sprint(want) || seqs[1] <= seqs[0] || seqs[2] <= seqs[1] {
		t.Errorf("the log holds %v %v, want %v in that order", urls, seqs, want)
	}
	caps, err := s.Captures(copied.URL)
	if err != nil || len(caps) != 1 || caps[0].Original == nil || caps[0].Original.RecordID != first.RecordID {
		t.Fatalf("captures of the copy: %+v, %v; want a revisit of %s", caps, err, first.RecordID)
	}
	full, err := s.Load(caps[0])
	if err != nil || string(full.Body) != syndicatedPage {
		t.Errorf("the recovered revisit loads %q, %v", full.Body, err)
	}
	if caps, _ := s.Captures(first.URL); len(caps) != 1 {
		t.Errorf("the unchanged page's revisit record was indexed: %d captures", len(caps))
	}
	if n, urls, _ := s.Count(); n != 3 || urls != 3 {
		t.Errorf("Count = %d captures, %d URLs; want 3, 3", n, urls)
	}
	// Added again after the crash (an import run again): not twice.
	if _, added, err := s.Add(ctx, htmlCapture(page.URL, page.Time, "<html><body><p>The bridge reopens.</p></body></html>")); err != nil || added {
		t.Errorf("re-Add of a recovered capture: added %v, %v", added, err)
	}
	s.Close()
	s = openStore(t, dir)
	if len(s.Recovered()) != 0 {
		t.Errorf("a second open recovered %d captures again", len(s.Recovered()))
	}
}
