package main

import (
	"context"
	"fmt"
	"io"
	"time"
)

// cmdCompact merges the index's small segments into fewer, as an import
// and a reindex do at their end: for an index built by an older Gazette,
// or after a long crawl, whose searches visit many small segments.
func cmdCompact(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := newFlags("compact", stderr)
	dataDir := fl.String("data", defaultDataDir, "data directory (archive and index)")
	if err := parseFlags(fl, args); err != nil {
		return err
	}
	if fl.NArg() > 0 {
		return usageError{"compact takes no PATH"}
	}
	a, err := openApp(ctx, *dataDir, stderr)
	if err != nil {
		return err
	}
	defer a.Close()
	n, err := compact(ctx, a.index, stdout, newStatusLine(stderr))
	if err == nil && n >= 0 {
		fmt.Fprintf(stdout, "The index has %d segment(s): none to merge.\n", n)
	}
	return err
}

// compacter is the search index as compact uses it (search.Index).
type compacter interface {
	Compact(ctx context.Context) (before, after int, err error)
}

// compact merges the index's small segments after a bulk write
// (search.Index.Compact) and says so on stdout; when none could be merged
// it says nothing and returns the number of segments (-1 otherwise).
func compact(ctx context.Context, ix compacter, stdout io.Writer, prog *statusLine) (int, error) {
	prog.show("compacting the index")
	start := time.Now()
	before, after, err := ix.Compact(ctx)
	prog.done()
	if err != nil {
		return 0, err
	}
	if after < before {
		fmt.Fprintf(stdout, "Compacted the index from %d segments to %d in %s.\n", before, after, time.Since(start).Round(time.Millisecond))
		return -1, nil
	}
	return after, nil
}
