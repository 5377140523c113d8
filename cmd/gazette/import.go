package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"
	"time"

	"github.com/gazette-news/gazette/archive"
	"github.com/gazette-news/gazette/archive/importer"
	"github.com/gazette-news/gazette/indexer"
)

func cmdImport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := newFlags("import", stderr)
	dataDir := fl.String("data", defaultDataDir, "data directory (archive and index)")
	fl.Usage = func() {
		fmt.Fprintln(stderr, "Usage: gazette import [--data DIR] PATH...\n\nImports .warc/.warc.gz, .html/.htm and .txt files, or folders of them.")
		fl.PrintDefaults()
	}
	if err := parseFlags(fl, args); err != nil {
		return err
	}
	if fl.NArg() == 0 {
		return usageError{"no PATH given"}
	}
	a, err := openApp(*dataDir)
	if err != nil {
		return err
	}
	defer a.Close()
	logRepairs(newLogger(stderr), a.archive)
	sum, err := importFiles(ctx, a.pipeline, importer.OSFS(), fl.Args(), true, newStatusLine(stderr))
	sum.print(stdout)
	if err != nil {
		return err
	}
	if len(sum.Skipped) > 0 && sum.Imported+sum.Updated+sum.Unchanged == 0 {
		return errors.New("nothing could be imported")
	}
	return nil
}

// summary counts what an import did.
type summary struct {
	Files     int
	Imported  int
	Updated   int
	Unchanged int
	Skipped   []importer.Skip
	Elapsed   time.Duration
}

// line is the status line of an import in progress.
func (s summary) line(done, total int) string {
	return fmt.Sprintf("files %d/%d · imported %d · updated %d · already archived %d · skipped %d",
		done, total, s.Imported, s.Updated, s.Unchanged, len(s.Skipped))
}

// reindexLine is the status line of a reindex in progress.
func (s summary) reindexLine(done, total int) string {
	return fmt.Sprintf("URLs %d/%d · new %d · changed %d · the same %d · without an article %d",
		done, total, s.Imported, s.Updated, s.Unchanged, len(s.Skipped))
}

func (s summary) print(w io.Writer) {
	fmt.Fprintf(w, "Done in %s: %d files read; %d articles imported, %d updated; %d captures already archived; %d skipped.\n",
		s.Elapsed.Round(time.Millisecond), s.Files, s.Imported, s.Updated, s.Unchanged, len(s.Skipped))
	for _, sk := range s.Skipped {
		fmt.Fprintf(w, "  skipped %s: %s\n", sk.Name, sk.Reason)
	}
}

// indexBatch is how many articles an import or reindex writes to the
// search index at once.
const indexBatch = 200

// batched returns a copy of p that writes to the index in batches, and the
// function that writes what is left; call it when done, also on errors.
func batched(p *indexer.Pipeline) (*indexer.Pipeline, func() error) {
	b := &indexer.BatchSink{Sink: p.Index, Size: indexBatch}
	bp := *p
	bp.Index = b
	return &bp, b.Flush
}

// importFiles imports every file found under paths in fsys. A bad file or a
// broken record is reported in the summary and skipped; the rest go in. With
// fileURLs set, pages without a URL of their own are archived under their
// file:// URL; otherwise under "file:///" + their name in fsys.
func importFiles(ctx context.Context, p *indexer.Pipeline, fsys fs.FS, paths []string, fileURLs bool, prog *statusLine) (sum summary, err error) {
	start := time.Now()
	defer func() { sum.Elapsed = time.Since(start) }()
	p, flush := batched(p)
	defer func() { err = errors.Join(err, flush()) }()
	files, skipped, err := importer.Walk(fsys, paths)
	sum.Skipped = append(sum.Skipped, skipped...)
	if err != nil {
		return sum, err
	}
	// Revisit records read before the record holding their payload (in
	// another file of the same crawl) are tried again at the end.
	var later []pendingRevisit
	for i, f := range files {
		if err := ctx.Err(); err != nil {
			return sum, err
		}
		sum.Files++
		fileURL := "file:///" + f.Name
		if fileURLs {
			fileURL = importer.FileURL(f.Name)
		}
		records, fileSkips := 0, len(sum.Skipped)
		skipRecord := func(err error) {
			sum.Skipped = append(sum.Skipped, importer.Skip{Name: f.Name, Reason: err.Error()})
		}
		err := importer.Read(fsys, f, fileURL, func(c archive.Capture) error {
			records++
			outcome, err := p.Ingest(ctx, c)
			if outcome == indexer.Rejected && errors.Is(err, archive.ErrNoOriginal) && len(later) < maxPendingRevisits {
				later = append(later, pendingRevisit{file: f.Name, capture: c})
				return nil
			}
			if err := sum.count(outcome, err, f.Name, c.URL); err != nil {
				return err
			}
			prog.show(sum.line(i+1, len(files)))
			return nil
		}, skipRecord)
		if err != nil {
			if ctx.Err() != nil {
				return sum, ctx.Err()
			}
			var fatal *fatalError
			if errors.As(err, &fatal) {
				return sum, err
			}
			skipFile(&sum, fileSkips, records, f.Name, err)
		}
		prog.show(sum.line(i+1, len(files)))
	}
	for _, r := range later {
		outcome, err := p.Ingest(ctx, r.capture)
		if err := sum.count(outcome, err, r.file, r.capture.URL); err != nil {
			return sum, err
		}
	}
	prog.done()
	return sum, nil
}

// maxPendingRevisits bounds the revisit records an import keeps to try
// again at its end (each holds only its headers).
const maxPendingRevisits = 100_000

// pendingRevisit is a revisit record whose original was not archived yet
// when it was read.
type pendingRevisit struct {
	file    string
	capture archive.Capture
}

// count adds the outcome of ingesting one capture of file to the summary.
// A capture without an article or refused by the archive is reported as
// skipped; any other error is the archive's or index's own failure, which
// stops the import.
func (s *summary) count(outcome indexer.Outcome, err error, file, url string) error {
	switch {
	case err != nil && (outcome == indexer.Archived || outcome == indexer.Rejected):
		s.Skipped = append(s.Skipped, importer.Skip{Name: file, Reason: fmt.Sprintf("%s: %v", url, err)})
	case err != nil:
		return &fatalError{err} // the archive or index failed: stop
	case outcome == indexer.Imported:
		s.Imported++
	case outcome == indexer.Updated:
		s.Updated++
	case outcome == indexer.Unchanged:
		s.Unchanged++
	}
	return nil
}

// skipFile reports a file that could not be read to its end. When nothing
// of it was read, what was reported for it before (bytes that are not a
// record) is folded into one entry, so one bad file counts once.
func skipFile(sum *summary, fileSkips, records int, name string, err error) {
	reason := err.Error()
	if records == 0 && len(sum.Skipped) > fileSkips {
		var earlier []string
		for _, sk := range sum.Skipped[fileSkips:] {
			earlier = append(earlier, sk.Reason)
		}
		reason += " (" + strings.Join(earlier, "; ") + ")"
		sum.Skipped = sum.Skipped[:fileSkips]
	}
	sum.Skipped = append(sum.Skipped, importer.Skip{Name: name, Reason: reason})
}

// fatalError wraps failures of the archive or index themselves, which stop
// an import instead of skipping one file.
type fatalError struct{ err error }

func (e *fatalError) Error() string { return e.err.Error() }
func (e *fatalError) Unwrap() error { return e.err }
