package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/gazette-news/gazette/archive"
	"github.com/gazette-news/gazette/indexer"
	"github.com/gazette-news/gazette/indexer/places"
	"github.com/gazette-news/gazette/ingest"
	"github.com/gazette-news/gazette/search"
)

// defaultDataDir is where Gazette keeps its archive and index unless --data says otherwise.
const defaultDataDir = "gazette-data"

// app is an opened data directory: the archive (WARC files and capture
// index), the search index built from it and the gazetteer, wired into the
// ingest that keeps the index up to date with the archive.
type app struct {
	dir       string
	archive   *archive.Store
	index     *search.Index
	places    *places.Gazetteer
	extractor *indexer.Extractor
	ingest    *ingest.Ingester
	crash     crashPoints // for the crash test; zero otherwise

	// archiveEvery is how many captures an import archives at once (one
	// sync of the WARC file and the capture index) before it hands them
	// to the ingest.
	archiveEvery int
}

// openApp opens (creating when needed) the data directory dir and, before
// anything else, brings the index up to date with the archive: a missing
// index, or one an older Gazette built, is built again from the archive,
// and every capture archived after the index's mark (by a run that was
// killed, say) is applied. Progress and a summary go to w (nil: nowhere).
func openApp(ctx context.Context, dir string, w io.Writer) (*app, error) {
	a, err := openArchive(ctx, dir, w)
	if err != nil {
		return nil, err
	}
	idx, reason, err := ingest.OpenIndex(filepath.Join(dir, "index"))
	if err != nil {
		a.archive.Close()
		return nil, fmt.Errorf("search index: %w", err)
	}
	idx.SetPlaces(queryPlaces{a.places})
	a.index = idx
	a.ingest, err = ingest.New(a.archive, idx, a.extractor, a.crash.ingestConfig())
	if err == nil {
		err = a.catchUp(ctx, w, reason)
	}
	if err != nil {
		a.Close()
		return nil, err
	}
	return a, nil
}

// openArchive opens the archive and the gazetteer of a data directory,
// without the index (reindex builds a new one). The torn ends of WARC
// files the archive repaired on opening are logged to w (nil: nowhere).
func openArchive(ctx context.Context, dir string, w io.Writer) (*app, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("data dir: %w", err)
	}
	gaz, err := places.Load()
	if err != nil {
		return nil, fmt.Errorf("gazetteer: %w", err)
	}
	store, err := archive.Open(filepath.Join(dir, "archive"))
	if err != nil {
		return nil, err // archive errors name the archive already
	}
	if w != nil {
		logRepairs(newLogger(w), store)
	}
	a := &app{dir: dir, archive: store, places: gaz, extractor: &indexer.Extractor{Places: gaz},
		crash: crashPointsFrom(ctx), archiveEvery: defaultArchiveBatch}
	if a.crash.batch > 0 {
		a.archiveEvery = a.crash.batch
	}
	return a, nil
}

// catchUp applies the captures the index lacks, showing progress on w.
// reason, if not empty, says why the index is being built from scratch.
func (a *app) catchUp(ctx context.Context, w io.Writer, reason string) error {
	pending, err := a.ingest.Pending()
	if err != nil || pending == 0 {
		return err
	}
	if w == nil {
		w = io.Discard
	}
	if reason != "" {
		fmt.Fprintf(w, "Building the search index from the archive (%s): %d captures.\n", reason, pending)
	} else {
		fmt.Fprintf(w, "Bringing the search index up to date with the archive: %d captures to apply.\n", pending)
	}
	prog := newStatusLine(w)
	progress := ingest.Summary{Pending: pending}
	sum, err := a.ingest.CatchUp(ctx, func(r ingest.Result) {
		progress.Add(r)
		prog.show(catchUpLine(progress))
	})
	prog.done()
	fmt.Fprintln(w, catchUpSummary(sum))
	if errors.Is(err, context.Canceled) {
		return fmt.Errorf("interrupted while bringing the index up to date; it goes on from there next time: %w", err)
	}
	return err
}

// catchUpSummary is the line printed after the index was brought up to date.
func catchUpSummary(s ingest.Summary) string {
	return fmt.Sprintf("Index up to date in %s: %d captures applied; %d articles new, %d updated, %d older versions, %d already in, %d without an article, %d unreadable.",
		s.Elapsed.Round(time.Millisecond), s.Captures, s.New, s.Updated, s.Older, s.Unchanged, s.NoArticle, s.Unreadable)
}

// catchUpLine is the status line of an ingest in progress.
func catchUpLine(s ingest.Summary) string {
	return fmt.Sprintf("captures %d/%d · articles new %d · updated %d · without an article %d",
		s.Captures, s.Pending, s.New, s.Updated, s.NoArticle)
}

// logRepairs logs the torn ends (partial records left by a crash) that the
// archive cut off its WARC files when it opened, and where it kept them,
// and the captures whose index entries a crash kept from being written,
// which it indexed from their records.
func logRepairs(log *slog.Logger, s *archive.Store) {
	for _, t := range s.Repairs() {
		log.Warn("a WARC file ended in a partial record, left by a crash; it was cut off and the bytes kept aside",
			"file", t.File, "offset", t.Offset, "bytes", t.Length, "reason", t.Reason, "copy", t.Copy)
	}
	for _, c := range s.Recovered() {
		log.Info("a capture archived just before a crash was indexed from its WARC record",
			"url", c.URL, "time", c.Time, "file", c.File, "offset", c.Offset)
	}
}

func (a *app) Close() error {
	var err error
	if a.index != nil {
		err = a.index.Close()
	}
	return errors.Join(err, a.archive.Close())
}

// crawlIndexer is the crawler's view of the ingest (crawl.Indexer): pages
// the crawl archives are applied at once, and decoded once for both the
// article and the crawler's link parser.
type crawlIndexer struct{ g *ingest.Ingester }

func (ci crawlIndexer) Index(ctx context.Context, c archive.Capture) ([]byte, bool, error) {
	r, page, err := ci.g.Ingest(ctx, c)
	if err != nil {
		return nil, false, err
	}
	return []byte(page.Text), r.ID != "", nil // any article, even one that has a newer capture
}

func (ci crawlIndexer) Text(c archive.Capture) []byte { return []byte(indexer.Decode(c).Text) }

// placeCredits attributes the place data beyond GeoNames (which the web UI
// always credits) in the UI footer.
const placeCredits = "Country and region names from Debian iso-codes (LGPL-2.1-or-later)."
