package search

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync/atomic"
	"testing"
	"time"
)

// checkCountingContext is a context that cancels itself at the n-th time
// the search looks at it (Done), so a test can stop a search half way
// through without racing a clock.
type checkCountingContext struct {
	context.Context
	checks atomic.Int64
	n      int64
	cancel context.CancelFunc
}

func (c *checkCountingContext) Done() <-chan struct{} {
	if c.checks.Add(1) == c.n {
		c.cancel()
	}
	return c.Context.Done()
}

// TestSearchStopsAtCancel: a search over many hits whose context ends
// half way through stops there with the context's error, instead of
// walking the rest of the hits (Bleve's collector looks at the context
// every 1,024 hits), and leaves no goroutine behind.
func TestSearchStopsAtCancel(t *testing.T) {
	const docs = 20_000
	ix := openTemp(t)
	batch := make([]Doc, 0, 2000)
	for i := range docs {
		batch = append(batch, Doc{ID: fmt.Sprint(i), URL: fmt.Sprintf("https://news.example/%d", i),
			Title: "Kharkiv", Lang: "en", Site: "news.example", Captured: time.Unix(int64(i)*3600, 0)})
		if len(batch) == cap(batch) {
			if err := ix.Put(batch...); err != nil {
				t.Fatal(err)
			}
			batch = batch[:0]
		}
	}
	req := Request{Query: "Kharkiv", Sort: "newest"}

	// The whole search, to know how often it looks at its context.
	full := &checkCountingContext{Context: context.Background(), n: -1}
	res, err := ix.Search(full, req)
	if err != nil || res.Total != docs {
		t.Fatalf("uncancelled: total %v, err %v; want %d hits", res, err, docs)
	}
	if full.checks.Load() < 10 {
		t.Fatalf("a search over %d hits looked at its context %d times; the test needs more", docs, full.checks.Load())
	}

	before := runtime.NumGoroutine()
	parent, cancel := context.WithCancel(context.Background())
	defer cancel()
	stopped := &checkCountingContext{Context: parent, n: 3, cancel: cancel}
	_, err = ix.Search(stopped, req)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled at the 3rd check: err %v, want context.Canceled", err)
	}
	t.Logf("a whole search looked at its context %d times; cancelled at the 3rd look, it stopped after %d", full.checks.Load(), stopped.checks.Load())
	if got := stopped.checks.Load(); got > 4 {
		t.Errorf("cancelled at the 3rd check, the search looked at its context %d times (of %d for a whole search): it did not stop",
			got, full.checks.Load())
	}
	for deadline := time.Now().Add(20 * time.Second); runtime.NumGoroutine() > before; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("goroutines: %d before the search, %d after", before, runtime.NumGoroutine())
		}
	}

	// A deadline is a context like any other.
	ctx, stop := context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
	defer stop()
	if _, err := ix.Search(ctx, req); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("past its deadline: err %v, want context.DeadlineExceeded", err)
	}
}
