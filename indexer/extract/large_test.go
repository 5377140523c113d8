package extract

import (
	"fmt"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// largePage builds an HTML page of about size bytes: a long article of
// numbered paragraphs between a navigation menu and a footer, the shape of
// a huge live blog or a page with an inlined archive.
func largePage(size int) []byte {
	var b strings.Builder
	b.Grow(size + 4096)
	b.WriteString(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Live: the long night of the count | Example Post</title>` +
		`<meta property="article:published_time" content="2022-09-10T09:00:00Z"></head><body>` +
		`<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li></ul></nav>` +
		`<article><h1>Live: the long night of the count</h1>`)
	for i := 0; b.Len() < size; i++ {
		fmt.Fprintf(&b, "<p>Update %d: counting continued in the district hall, where volunteers stacked the ballot boxes "+
			"by the window and the clerk read out another round of figures to the observers at the back.</p>\n", i)
	}
	b.WriteString(`</article><footer><p>© 2022 Example Post. All rights reserved.</p></footer></body></html>`)
	return []byte(b.String())
}

// peakHeap runs f and returns the largest live heap seen while it ran,
// sampled every millisecond, above the heap before it started.
func peakHeap(f func()) uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.HeapAlloc
	var peak atomic.Uint64
	done := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		var s runtime.MemStats
		for {
			select {
			case <-done:
				return
			case <-time.After(time.Millisecond):
			}
			runtime.ReadMemStats(&s)
			if s.HeapAlloc > peak.Load() {
				peak.Store(s.HeapAlloc)
			}
		}
	}()
	f()
	close(done)
	<-stopped
	if p := peak.Load(); p > base {
		return p - base
	}
	return 0
}

// BenchmarkExtractLarge extracts a 20 MB page; it reports allocations and
// the peak live heap as a multiple of the page size (peak-x).
func BenchmarkExtractLarge(b *testing.B) {
	page := largePage(20 << 20)
	b.SetBytes(int64(len(page)))
	b.ReportAllocs()
	b.ResetTimer()
	var peak uint64
	for i := 0; i < b.N; i++ {
		p := peakHeap(func() {
			if _, err := Extract(Input{URL: "https://example.org/live", Body: page}); err != nil {
				b.Fatal(err)
			}
		})
		peak = max(peak, p)
	}
	b.ReportMetric(float64(peak)/float64(len(page)), "peak-x")
}

// TestExtractHuge checks that a page far larger than any article is
// extracted quickly, with its text cut to a bound instead of the extractor
// running for minutes.
func TestExtractHuge(t *testing.T) {
	page := largePage(8 << 20)
	start := time.Now()
	a, err := Extract(Input{URL: "https://example.org/live", Body: page})
	if err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took > 20*time.Second {
		t.Errorf("extracting an 8 MB page took %v", took)
	}
	if !strings.Contains(a.Text, "Update 0: counting continued") {
		t.Errorf("start of the article lost: %.200q", a.Text)
	}
	if len(a.Text) > maxPageText+4096 {
		t.Errorf("text of %d bytes, want at most about %d", len(a.Text), maxPageText)
	}
	if a.Title != "Live: the long night of the count" {
		t.Errorf("title %q", a.Title)
	}
}
