package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/gazette-news/gazette/archive"
	"github.com/gazette-news/gazette/archive/importer"
	"github.com/gazette-news/gazette/indexer"
)

func cmdReindex(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := newFlags("reindex", stderr)
	dataDir := fl.String("data", defaultDataDir, "data directory (archive and index)")
	if err := parseFlags(fl, args); err != nil {
		return err
	}
	a, err := openApp(*dataDir)
	if err != nil {
		return err
	}
	defer a.Close()
	logRepairs(newLogger(stderr), a.archive)
	_, urls, err := a.archive.Count()
	if err != nil {
		return err
	}
	start := time.Now()
	prog := newStatusLine(stderr)
	var sum summary
	p, flush := batched(a.pipeline)
	err = a.archive.Latest(ctx, func(c archive.Capture) error {
		sum.Files++
		full, err := a.archive.Load(c)
		if err != nil {
			sum.Skipped = append(sum.Skipped, importer.Skip{Name: c.URL, Reason: err.Error()})
			return nil
		}
		outcome, err := p.Reindex(full)
		switch {
		case err != nil && outcome == indexer.Archived:
			sum.Skipped = append(sum.Skipped, importer.Skip{Name: c.URL, Reason: err.Error()})
		case err != nil:
			return err
		case outcome == indexer.Imported:
			sum.Imported++
		case outcome == indexer.Unchanged:
			sum.Unchanged++
		default:
			sum.Updated++
		}
		prog.show(sum.reindexLine(sum.Files, urls))
		return nil
	})
	err = errors.Join(err, flush())
	prog.done()
	sum.Elapsed = time.Since(start)
	fmt.Fprintf(stdout, "Re-extracted %d archived URLs in %s: %d articles new to the index, %d changed, %d the same, %d without an article.\n",
		sum.Files, sum.Elapsed.Round(time.Millisecond), sum.Imported, sum.Updated, sum.Unchanged, len(sum.Skipped))
	return err
}
