package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/gazette-news/gazette/bench/corpus"
)

// generateCorpus writes the benchmark corpus of a seed into dir and prints
// what it wrote.
func generateCorpus(ctx context.Context, seed uint64, n int, dir string, stdout io.Writer, prog *statusLine) error {
	c, err := corpus.New(seed)
	if err != nil {
		return err
	}
	start := time.Now()
	m, err := c.Write(ctx, dir, n, func(done int) {
		prog.show(fmt.Sprintf("generated %d/%d pages", done, n))
	})
	prog.done()
	if err != nil {
		return err
	}
	elapsed := time.Since(start)
	fmt.Fprintf(stdout, "Wrote %d pages (seed %d) in %d WARC files, %.1f MB, into %s in %s (%.0f pages/s).\n",
		m.Articles, m.Seed, len(m.Files), float64(m.Bytes)/1e6, dir, elapsed.Round(time.Millisecond), float64(n)/elapsed.Seconds())
	return nil
}
