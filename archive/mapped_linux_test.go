package archive

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestAddBatchReleasesIndexPages checks that an import does not keep the
// capture index's pages resident: after batches of adds, the part of the
// mapped captures.db counted in the process's RSS is a few pages at most,
// and every capture can still be read.
func TestAddBatchReleasesIndexPages(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	const batches, per = 12, 400
	for b := range batches {
		cs := make([]Capture, per)
		for i := range cs {
			n := b*per + i
			// URLs spread over the key space, as a crawl's are.
			url := fmt.Sprintf("http://site%02d.example/%d/story-%d.html", n%37, n*7919%10007, n)
			cs[i] = htmlCapture(url, day, fmt.Sprintf("<p>Story %d, with a body of its own.</p>", n))
		}
		res, err := s.AddBatch(context.Background(), cs)
		if err != nil {
			t.Fatal(err)
		}
		for i, r := range res {
			if !r.Added || r.Err != nil {
				t.Fatalf("capture %d of batch %d: added %v, %v", i, b, r.Added, r.Err)
			}
		}
	}
	path := filepath.Join(dir, "captures.db")
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if info.Size() < 2<<20 {
		t.Fatalf("captures.db is %d bytes: too small to tell resident pages from a few", info.Size())
	}
	resident := residentKB(t, path) * 1024
	// Kept resident, the pages the adds touched come to about 2 MB.
	if resident > 256<<10 {
		t.Errorf("%d bytes of captures.db (%d bytes) are resident after the adds; want at most 256 kB", resident, info.Size())
	}
	// Released pages are read again from the file.
	for _, n := range []int{0, batches*per/2 + 1, batches*per - 1} {
		url := fmt.Sprintf("http://site%02d.example/%d/story-%d.html", n%37, n*7919%10007, n)
		got, err := s.Captures(url)
		if err != nil || len(got) != 1 {
			t.Fatalf("Captures(%s) = %d captures, %v; want 1", url, len(got), err)
		}
	}
}

// residentKB sums the Rss of this process's mappings of path, from
// /proc/self/smaps.
func residentKB(t *testing.T, path string) int64 {
	t.Helper()
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var kb int64
	in := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		switch {
		case len(fields) >= 5 && strings.Contains(fields[0], "-") && !strings.HasSuffix(fields[0], ":"):
			in = len(fields) == 6 && fields[5] == path
		case in && fields[0] == "Rss:":
			n, err := strconv.ParseInt(fields[1], 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			kb += n
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return kb
}
