package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"github.com/gazette-news/gazette/ingest"
)

// cmdReindex builds the search index anew from the archive with the
// current cleaner and place recogniser: every capture of the archive's log
// is applied to a new index (DATA/index.new), which then replaces the old
// one. A reindex that is stopped (even by kill -9) goes on from where it
// was when run again; until it finishes, the old index stays in use.
func cmdReindex(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := newFlags("reindex", stderr)
	dataDir := fl.String("data", defaultDataDir, "data directory (archive and index)")
	if err := parseFlags(fl, args); err != nil {
		return err
	}
	a, err := openArchive(ctx, *dataDir, stderr)
	if err != nil {
		return err
	}
	defer a.Close()
	last, err := a.archive.LastSeq()
	if err != nil {
		return err
	}
	prog := newStatusLine(stderr)
	var sum ingest.Summary
	rs, err := ingest.Rebuild(ctx, filepath.Join(*dataDir, "index"), a.archive, a.extractor,
		a.crash.ingestConfig(), func(r ingest.Result) {
			sum.Add(r)
			sum.Pending = int(last - r.Capture.Seq)
			prog.show(fmt.Sprintf("captures %d (%d to go) · articles new %d · updated %d · without an article %d",
				sum.Captures, sum.Pending, sum.New, sum.Updated, sum.NoArticle))
		})
	prog.done()
	if err != nil {
		return fmt.Errorf("%w (run reindex again to go on from here)", err)
	}
	done := fmt.Sprintf("Re-extracted %d archived captures", rs.Captures)
	if rs.Resumed {
		done = fmt.Sprintf("Resumed an interrupted reindex: re-extracted the last %d of %d archived captures", rs.Captures, last)
	}
	if rs.Segments[1] < rs.Segments[0] {
		defer fmt.Fprintf(stdout, "Compacted the new index from %d segments to %d.\n", rs.Segments[0], rs.Segments[1])
	}
	if rs.OldLayout {
		fmt.Fprintf(stdout, "%s in %s (%d without an article, %d unreadable): %d articles, in the layout of this Gazette; the old index, built by another version, was not compared.\n",
			done, rs.Elapsed.Round(time.Millisecond), rs.NoArticle, rs.Unreadable, rs.Articles)
		return nil
	}
	fmt.Fprintf(stdout, "%s in %s (%d without an article, %d unreadable): %d articles, %d new to the index, %d changed, %d the same, %d gone.\n",
		done, rs.Elapsed.Round(time.Millisecond), rs.NoArticle, rs.Unreadable, rs.Articles, rs.Added, rs.Changed, rs.Same, rs.Gone)
	return nil
}
