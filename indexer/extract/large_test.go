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

// TestTrimHuge checks what the pre-parse trim of a huge page keeps: the
// head's metadata (JSON-LD included) and the start of the article, and
// what it drops: scripts, styles, comments and inlined data.
func TestTrimHuge(t *testing.T) {
	var b strings.Builder
	b.WriteString(`<!doctype html><html><head><title>Budget night | Example Post</title>` +
		`<script type="application/ld+json">{"@type":"NewsArticle","headline":"Budget night","datePublished":"2022-10-04T18:30:00+03:00","author":{"@type":"Person","name":"Olena Marchuk"}}</script>` +
		`<style>.secret-style{color:red}</style><script>var leaked = "SCRIPT-TEXT";</script></head><body>` +
		`<!-- COMMENT-TEXT --><img alt="inlined" src="data:image/png;base64,` + strings.Repeat("A", 2*maxAttr) + `">` +
		`<article><h1>Budget night</h1>`)
	for i := 0; b.Len() < 3*hugePage; i++ {
		fmt.Fprintf(&b, "<p>Paragraph %d of the budget debate, as the deputies argued over the school fund until late.</p><script>SCRIPT-TEXT</script>\n", i)
	}
	b.WriteString(`</article></body></html>`)
	page := b.String()

	trimmed := trimHuge(page)
	if len(trimmed) > 2*maxPageText {
		t.Errorf("trimmed to %d bytes, want about %d", len(trimmed), maxPageText)
	}
	for _, gone := range []string{"SCRIPT-TEXT", "secret-style", "COMMENT-TEXT", "AAAAAAAA"} {
		if strings.Contains(trimmed, gone) {
			t.Errorf("trimmed page still holds %q", gone)
		}
	}
	for _, kept := range []string{`"datePublished":"2022-10-04T18:30:00+03:00"`, "<title>Budget night | Example Post</title>", "Paragraph 0 of the budget debate", `alt="inlined"`} {
		if !strings.Contains(trimmed, kept) {
			t.Errorf("trimmed page lost %q", kept)
		}
	}

	a, err := Extract(Input{URL: "https://example.org/budget", Body: []byte(page)})
	if err != nil {
		t.Fatal(err)
	}
	if a.Published == nil || a.Published.Format("2006-01-02") != "2022-10-04" || a.Author != "Olena Marchuk" || a.Title != "Budget night" {
		t.Errorf("metadata of the huge page: published %v, author %q, title %q", a.Published, a.Author, a.Title)
	}
	if strings.Contains(a.Text, "SCRIPT-TEXT") || !strings.Contains(a.Text, "Paragraph 1 of the budget debate") {
		t.Errorf("text: %.300q", a.Text)
	}
}

// FuzzTrimHuge feeds arbitrary markup to the pre-parse trim: it must not
// panic, must end, and must keep the page's text within its budget.
func FuzzTrimHuge(f *testing.F) {
	f.Add(`<html><head><script type="application/ld+json">{}</script></head><body><p>a</p></body></html>`)
	f.Add(`<script type="application/ld+json"></script><p>x</p><svg><svg></svg></svg>tail`)
	f.Add(`<p a="` + strings.Repeat("x", maxAttr+1) + `">t</p><!-- c --><style>s</style>`)
	f.Add("<textarea><script></textarea>\x00<<>>")
	f.Fuzz(func(t *testing.T, page string) {
		out := trimHuge(page)
		if len(out) > 2*len(page)+maxPageText {
			t.Errorf("trimmed %d bytes into %d", len(page), len(out))
		}
	})
}
