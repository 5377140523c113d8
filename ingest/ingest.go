// Package ingest is Gazette's one way from the archive into the search
// index, used by import, crawl (command line and API), reindex and serve
// alike.
//
// The archive is the log and the index is a view of it. Every capture the
// archive takes gets a sequence number (archive.Capture.Seq); the index
// records the number of the last capture it has taken in, in the same batch
// as the documents (search.Batch). An Ingester applies the captures after
// that mark in log order: each is decoded once, classified once (article or
// listing), cleaned, its places recognised, and its article written. A
// crash at any moment loses nothing that was archived: the next CatchUp
// applies what the index lacks, and applying a capture twice changes
// nothing.
//
// Which version of an article the index shows does not depend on the order
// the captures are applied in: an article (one id, from its canonical URL)
// is built from the newest capture that yields it (by capture time, then
// sequence number), and lists every URL it was captured at with the newest
// capture of each (search.Doc.Sources). Applying the whole log to an empty
// index therefore gives the same index as applying it bit by bit, which is
// what a rebuild does.
package ingest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/gazette-news/gazette/archive"
	"github.com/gazette-news/gazette/indexer"
	"github.com/gazette-news/gazette/search"
)

// Archive is the log an Ingester reads; *archive.Store implements it.
type Archive interface {
	Since(ctx context.Context, after uint64, fn func(archive.Capture) error) error
	LastSeq() (uint64, error)
	Load(c archive.Capture) (archive.Capture, error)
}

// Outcome says what applying one capture did to the index.
type Outcome int

const (
	NewArticle Outcome = iota // a new article
	Updated                   // the capture is the newest of its article: the article now reads as it does
	Older                     // the article has a newer capture already: only its list of sources changed
	Unchanged                 // the capture had been applied already (the index is being caught up after a crash)
	NoArticle                 // the capture holds no article (a listing, an error page, robots.txt, an image…); Err says why
	Unreadable                // the capture's record could not be read back from the archive; Err says why
)

func (o Outcome) String() string {
	return [...]string{"new", "updated", "older", "unchanged", "no article", "unreadable"}[o]
}

// Result is what applying one capture did.
type Result struct {
	Capture archive.Capture // as the log lists it (no body)
	Outcome Outcome
	ID      string // the article's id, unless NoArticle or Unreadable
	Err     error  // why there is no article
}

// Summary counts the results of a CatchUp.
type Summary struct {
	Captures   int // captures applied
	New        int
	Updated    int
	Older      int
	Unchanged  int
	NoArticle  int
	Unreadable int
	Pending    int // captures the index still lacked when CatchUp began
	Elapsed    time.Duration
}

// Add counts one result.
func (s *Summary) Add(r Result) {
	s.Captures++
	switch r.Outcome {
	case NewArticle:
		s.New++
	case Updated:
		s.Updated++
	case Older:
		s.Older++
	case Unchanged:
		s.Unchanged++
	case NoArticle:
		s.NoArticle++
	case Unreadable:
		s.Unreadable++
	}
}

// Defaults of Config.
const (
	// Articles written to the index at once. Every batch is a segment
	// Bleve persists (a sync) and later merges into larger ones: segments
	// of 500 cost a fifth less CPU per imported article than segments of 100.
	DefaultBatchDocs     = 500
	DefaultBatchCaptures = 1000 // captures applied before the mark is written even without articles
)

// Config holds an Ingester's settings; zero values take the defaults.
type Config struct {
	BatchDocs     int
	BatchCaptures int

	// Workers is how many captures a Feed (and CatchUp) prepares at
	// once (load, decode, clean, places); they are merged into the index in
	// log order all the same. 0 or 1: one at a time.
	Workers int

	// AfterWrite is called after every batch is written, with the number
	// of captures it applied. For tests that stop the process at chosen
	// points.
	AfterWrite func(captures int)
}

// Ingester keeps a search index up to date with an archive. It is safe for
// concurrent use; captures are applied one batch at a time, in log order.
type Ingester struct {
	archive Archive
	index   *search.Index
	x       *indexer.Extractor
	cfg     Config

	loadMu sync.Mutex // one Load at a time (see prepare)

	mu      sync.Mutex
	applied uint64            // the index's mark
	recent  map[uint64]Result // applied on behalf of an Ingest call still to come
	observe func(Result)      // told of every durable result (ObserveResults)
}

// ObserveResults makes the Ingester report every applied capture to fn
// once its article is durable, whoever asked for it (import, crawl, catch
// up), for metrics. nil stops the reports.
func (g *Ingester) ObserveResults(fn func(Result)) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.observe = fn
}

// New returns an Ingester that brings index up to date with archive,
// extracting articles with x. It reads the index's mark; nothing is applied
// until CatchUp or Ingest.
func New(a Archive, index *search.Index, x *indexer.Extractor, cfg Config) (*Ingester, error) {
	if cfg.BatchDocs <= 0 {
		cfg.BatchDocs = DefaultBatchDocs
	}
	if cfg.BatchCaptures <= 0 {
		cfg.BatchCaptures = DefaultBatchCaptures
	}
	applied, err := index.Applied()
	if err != nil {
		return nil, err
	}
	return &Ingester{archive: a, index: index, x: x, cfg: cfg, applied: applied, recent: map[uint64]Result{}}, nil
}

// Applied returns the sequence number of the last capture in the index.
func (g *Ingester) Applied() uint64 {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.applied
}

// Pending returns how many captures of the archive the index lacks.
func (g *Ingester) Pending() (int, error) {
	last, err := g.archive.LastSeq()
	if err != nil {
		return 0, err
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if last <= g.applied {
		return 0, nil
	}
	return int(last - g.applied), nil
}

// CatchUp applies every capture after the index's mark, in log order,
// through a Feed (prepared on Config.Workers goroutines, loaded from the
// archive), writing a batch every BatchDocs captures, and calls fn (if not
// nil) with each result once its batch is written, for progress and
// reports. It returns what it did; on an error (the index or the archive
// failing, or ctx done) everything written so far stays, and the next
// CatchUp goes on from there.
func (g *Ingester) CatchUp(ctx context.Context, fn func(Result)) (Summary, error) {
	start := time.Now()
	last, err := g.archive.LastSeq()
	if err != nil {
		return Summary{}, err
	}
	applied := g.Applied()
	f := g.NewFeed(ctx, fn)
	err = g.archive.Since(ctx, applied, f.Add)
	sum, ferr := f.Close()
	if last > applied {
		sum.Pending = int(last - applied)
	}
	sum.Elapsed = time.Since(start)
	switch {
	case err == nil:
		err = ferr
	case ferr != nil && !errors.Is(err, ferr):
		err = errors.Join(err, ferr)
	}
	return sum, err
}

// Ingest brings the index up to and including c, a capture just archived
// (Seq set, Body with its content coding undone), and returns what c did
// and c decoded (for a caller that reads the page too, like the crawler).
// Captures archived before c and not applied yet are applied first, from
// the archive. If c has been applied already (by another Ingest call that
// caught up past it), its result is the one recorded then.
func (g *Ingester) Ingest(ctx context.Context, c archive.Capture) (Result, indexer.Page, error) {
	page := indexer.Decode(c)
	if c.Seq == 0 {
		return Result{}, page, fmt.Errorf("ingest: capture of %s is not in the archive's log", c.URL)
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if c.Seq <= g.applied {
		r, ok := g.recent[c.Seq]
		delete(g.recent, c.Seq)
		if !ok {
			r = Result{Capture: c, Outcome: Unchanged}
		}
		return r, page, nil
	}
	var sum Summary
	var mine Result
	w := g.newWriter(&sum, func(r Result) {
		if r.Capture.Seq == c.Seq {
			mine = r
		} else {
			g.remember(r)
		}
	})
	errStop := errors.New("stop")
	err := g.archive.Since(ctx, g.applied, func(logged archive.Capture) error {
		if logged.Seq > c.Seq {
			return errStop
		}
		var p *indexer.Page
		if logged.Seq == c.Seq {
			p = &page
		}
		r, err := w.apply(logged, p)
		if err != nil {
			return err
		}
		if err := w.done(r); err != nil {
			return err
		}
		if logged.Seq == c.Seq {
			return errStop
		}
		return nil
	})
	if errors.Is(err, errStop) {
		err = nil
	}
	err = errors.Join(err, w.flush())
	if err != nil {
		return Result{}, page, err
	}
	return mine, page, nil
}

// maxRecent bounds the results kept for Ingest calls still to come.
const maxRecent = 10_000

// remember keeps the result of a capture applied for an Ingest call still
// to come; results of captures whose caller never came are forgotten.
func (g *Ingester) remember(r Result) {
	if len(g.recent) >= maxRecent {
		for seq := range g.recent {
			if seq+maxRecent < r.Capture.Seq {
				delete(g.recent, seq)
			}
		}
	}
	g.recent[r.Capture.Seq] = r
}

// writer applies captures into a batch and writes it when full. The caller
// holds g.mu.
type writer struct {
	g        *Ingester
	batch    search.Batch
	captures int // applied since the last write
	sum      *Summary
	fn       func(Result)
	pending  []Result // results of the batch not written yet
}

func (g *Ingester) newWriter(sum *Summary, fn func(Result)) *writer {
	return &writer{g: g, sum: sum, fn: fn}
}

// prepared is a capture made ready to merge into the index: loaded,
// decoded, classified, cleaned, its places recognised and its document
// made, or the result that says why it holds no article. Preparing touches
// neither the index nor the Ingester, so captures can be prepared in
// parallel (Config.Workers) and merged in log order.
type prepared struct {
	c   archive.Capture
	doc search.Doc
	res *Result // set when there is no article
}

// prepare loads and decodes c, unless page holds it decoded already, and
// extracts its article.
func (g *Ingester) prepare(c archive.Capture, page *indexer.Page) prepared {
	if page == nil {
		// One record at a time: gowarc's readers share state (the uuid
		// package's pool switch, which every reader sets) without a lock.
		g.loadMu.Lock()
		full, err := g.archive.Load(c)
		g.loadMu.Unlock()
		if err != nil {
			return prepared{c: c, res: &Result{Capture: c, Outcome: Unreadable, Err: err}}
		}
		p := indexer.Decode(full)
		page = &p
	}
	return g.extract(c, *page)
}

func (g *Ingester) extract(c archive.Capture, page indexer.Page) prepared {
	art, err := g.x.Article(page)
	if err != nil {
		return prepared{c: c, res: &Result{Capture: c, Outcome: NoArticle, Err: err}}
	}
	return prepared{c: c, doc: g.x.Doc(art)}
}

// apply prepares one capture and merges it.
func (w *writer) apply(c archive.Capture, page *indexer.Page) (Result, error) {
	return w.merge(w.g.prepare(c, page))
}

// merge puts a prepared capture's article into the batch (see the package
// comment for which version an article shows). Only a failure of the index
// is an error.
func (w *writer) merge(p prepared) (Result, error) {
	if p.res != nil {
		return *p.res, nil
	}
	c, doc := p.c, p.doc
	src := search.Source{URL: c.URL, Time: c.Time.UTC(), Seq: c.Seq}
	old, found := w.batch.Get(doc.ID)
	if !found {
		var err error
		old, err = w.g.index.Get(doc.ID)
		switch {
		case err == nil:
			found = true
		case !errors.Is(err, search.ErrNotFound):
			return Result{}, fmt.Errorf("ingest: %w", err)
		}
	}
	r := Result{Capture: c, ID: doc.ID}
	switch {
	case !found || len(old.Sources) == 0:
		// A new article (or one indexed before articles kept their
		// sources, which an index of this layout never holds).
		r.Outcome = NewArticle
		if found {
			r.Outcome = Updated
		}
		doc.Sources = []search.Source{src}
		w.batch.Put(doc)
	case old.Sources[0].Seq == c.Seq:
		r.Outcome = Unchanged
		doc.Sources = old.Sources
		w.batch.Put(doc)
	case !newer(old.Sources[0], src):
		r.Outcome = Updated
		doc.Sources = withSource(old.Sources, src)
		w.batch.Put(doc)
	default:
		r.Outcome = Older
		if s := withSource(old.Sources, src); !slices.Equal(s, old.Sources) {
			old.Sources = s
			w.batch.Put(old)
		}
	}
	return r, nil
}

// done counts a result and writes the batch when it is full.
func (w *writer) done(r Result) error {
	w.captures++
	w.batch.SetApplied(r.Capture.Seq)
	w.pending = append(w.pending, r)
	if w.batch.Len() >= w.g.cfg.BatchDocs || w.captures >= w.g.cfg.BatchCaptures {
		return w.flush()
	}
	return nil
}

// flush writes the batch with its mark, then reports its results: a
// capture counts as applied only once its article is durable.
func (w *writer) flush() error {
	if w.captures == 0 {
		return nil
	}
	if err := w.g.index.Write(&w.batch); err != nil {
		return fmt.Errorf("ingest: %w", err)
	}
	w.g.applied = w.pending[len(w.pending)-1].Capture.Seq
	for _, r := range w.pending {
		w.sum.Add(r)
		if w.fn != nil {
			w.fn(r)
		}
		if w.g.observe != nil {
			w.g.observe(r)
		}
	}
	n := w.captures
	w.batch.Reset()
	w.pending, w.captures = w.pending[:0], 0
	if w.g.cfg.AfterWrite != nil {
		w.g.cfg.AfterWrite(n)
	}
	return nil
}

// newer reports whether capture a is newer than b: a later capture time,
// or the same time and later in the log.
func newer(a, b search.Source) bool {
	if !a.Time.Equal(b.Time) {
		return a.Time.After(b.Time)
	}
	return a.Seq > b.Seq
}

// withSource returns sources with src merged in: one entry per URL, the
// newest capture of each, newest first.
func withSource(sources []search.Source, src search.Source) []search.Source {
	out := make([]search.Source, 0, len(sources)+1)
	merged := false
	for _, s := range sources {
		if s.URL == src.URL {
			merged = true
			if newer(src, s) {
				s = src
			}
		}
		out = append(out, s)
	}
	if !merged {
		out = append(out, src)
	}
	slices.SortStableFunc(out, func(a, b search.Source) int {
		switch {
		case newer(a, b):
			return -1
		case newer(b, a):
			return 1
		}
		return 0
	})
	return out
}
