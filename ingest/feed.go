package ingest

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/gazette-news/gazette/archive"
	"github.com/gazette-news/gazette/indexer"
)

// A Feed applies a stream of captures, in log order, to the index: each
// is prepared (loaded when it comes without its body, decoded, cleaned, its
// places recognised) on one of Config.Workers goroutines, and they are
// merged into the index in log order, BatchDocs captures to a batch, by a
// goroutine of its own. The caller goes on meanwhile: an import archives
// the next captures while the last ones are extracted and indexed, and
// hands each over with the body it was archived with, so that nothing is
// read back from the archive.
//
// A Feed holds the Ingester only while it merges and writes a batch, so
// that Ingest calls (a crawl) go on between batches; a capture of the log
// that another caller added in between is applied in its place, read from
// the archive, and whoever applies a capture first reports it.
type Feed struct {
	g     *Ingester
	ctx   context.Context
	fn    func(Result)
	jobs  chan feedJob
	order chan chan prepared // one per capture, in log order
	done  chan struct{}      // the merger has stopped
	last  uint64             // Seq of the last capture added

	sum Summary // the merger's until done

	mu  sync.Mutex
	err error // what stopped the merger
}

type feedJob struct {
	c   archive.Capture
	out chan<- prepared
}

// NewFeed starts a Feed. fn (if not nil) gets the result of every capture
// it applies once its batch is written, from the Feed's own goroutine, in
// log order. Close stops it.
func (g *Ingester) NewFeed(ctx context.Context, fn func(Result)) *Feed {
	workers := max(1, g.cfg.Workers)
	f := &Feed{
		g: g, ctx: ctx, fn: fn,
		jobs: make(chan feedJob, workers),
		// Enough captures in flight to keep every worker busy while a
		// batch is written. A capture's body goes once it is prepared:
		// only those waiting for a worker (two per worker) keep theirs.
		order: make(chan chan prepared, max(2*g.cfg.BatchDocs, 4*workers)),
		done:  make(chan struct{}),
	}
	for range workers {
		go func() {
			for j := range f.jobs {
				j.out <- g.prepareArchived(j.c)
			}
		}()
	}
	go f.merge()
	return f
}

// Add hands over c, a capture the archive has just taken (Seq set, as
// archive.Store.Add returns it, Body decoded as archive.ReadWARC and
// archive.Store.Load decode it; or as archive.Store.Since lists it,
// without a body, to be loaded). Captures are added in log order. Add
// waits while too many captures are in flight, and returns the error that
// stopped the Feed, if any, or ctx's.
func (f *Feed) Add(c archive.Capture) error {
	if err := f.Err(); err != nil {
		return err
	}
	if c.Seq == 0 || c.Seq <= f.last {
		return fmt.Errorf("ingest: capture of %s (%d) is not next in the archive's log (after %d)", c.URL, c.Seq, f.last)
	}
	f.last = c.Seq
	out := make(chan prepared, 1)
	select {
	case f.order <- out:
	case <-f.ctx.Done():
		return f.ctx.Err()
	}
	select {
	case f.jobs <- feedJob{c: c, out: out}:
	case <-f.ctx.Done():
		// The merger waits for every capture queued: tell it there is
		// none coming for this one.
		out <- prepared{c: logged(c), res: &Result{Capture: logged(c), Outcome: Unreadable, Err: f.ctx.Err()}}
		return f.ctx.Err()
	}
	return nil
}

// Err returns the error that stopped the Feed: the index failing, or ctx
// done.
func (f *Feed) Err() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return f.err
	}
	return f.ctx.Err()
}

// Close applies every capture added, waits for its batch to be written
// and stops the Feed. It returns what the Feed did and the error that
// stopped it, if any (then what was written stays, and the rest is applied
// by the next CatchUp). Add and Close are called from one goroutine.
func (f *Feed) Close() (Summary, error) {
	close(f.jobs)
	close(f.order)
	<-f.done
	return f.sum, f.Err()
}

// merge takes the prepared captures in log order and applies them a batch
// at a time; after an error it only drains what is still in flight.
func (f *Feed) merge() {
	defer close(f.done)
	chunk := make([]prepared, 0, f.g.cfg.BatchDocs)
	apply := func() {
		if len(chunk) == 0 || f.Err() != nil {
			chunk = chunk[:0]
			return
		}
		if err := f.g.applyPrepared(f.ctx, chunk, &f.sum, f.fn); err != nil {
			f.mu.Lock()
			f.err = err
			f.mu.Unlock()
		}
		clear(chunk) // the documents, for the collector
		chunk = chunk[:0]
	}
	for out := range f.order {
		chunk = append(chunk, <-out)
		if len(chunk) == cap(chunk) {
			apply()
		}
	}
	apply()
}

// prepareArchived prepares a capture handed to a Feed: from its body, or
// loaded from the archive when it has none, or one still content-encoded
// (a body that did not decode, or decodes to more than the archive
// extracts: Load says which).
func (g *Ingester) prepareArchived(c archive.Capture) prepared {
	if c.Body == nil || c.Header.Get("Content-Encoding") != "" {
		return g.prepare(logged(c), nil)
	}
	page := indexer.Decode(c)
	return g.extract(logged(c), page)
}

// logged is c as the archive's log lists it: without its body and headers.
func logged(c archive.Capture) archive.Capture {
	c.Body, c.Header, c.Request, c.Stream = nil, nil, nil, nil
	return c
}

// applyPrepared merges prepared captures (in log order) into the index
// and writes them, applying first, from the archive, whatever the log holds
// before or between them that the index lacks. Captures applied already
// (by an Ingest or CatchUp that caught up past them) are reported with the
// result recorded then. fn gets the results of ps once they are durable;
// results of other captures are kept for their Ingest calls.
func (g *Ingester) applyPrepared(ctx context.Context, ps []prepared, sum *Summary, fn func(Result)) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	report := func(r Result) {
		if fn != nil {
			fn(r)
		}
	}
	for len(ps) > 0 && ps[0].c.Seq <= g.applied {
		r, ok := g.recent[ps[0].c.Seq]
		delete(g.recent, ps[0].c.Seq)
		if !ok {
			r = Result{Capture: ps[0].c, Outcome: Unchanged}
		}
		sum.Add(r)
		report(r)
		ps = ps[1:]
	}
	if len(ps) == 0 {
		return nil
	}
	mine := make(map[uint64]bool, len(ps))
	contiguous := ps[0].c.Seq == g.applied+1
	for i, p := range ps {
		mine[p.c.Seq] = true
		if i > 0 && p.c.Seq != ps[i-1].c.Seq+1 {
			contiguous = false
		}
	}
	w := g.newWriter(sum, func(r Result) {
		if mine[r.Capture.Seq] {
			report(r)
		} else {
			g.remember(r)
		}
	})
	apply := func(p prepared) error {
		r, err := w.merge(p)
		if err != nil {
			return err
		}
		return w.done(r)
	}
	var err error
	if contiguous {
		// The usual case: the captures come straight after the mark.
		for _, p := range ps {
			if err = apply(p); err != nil {
				break
			}
		}
	} else {
		last := ps[len(ps)-1].c.Seq
		err = g.archive.Since(ctx, g.applied, func(c archive.Capture) error {
			if c.Seq > last {
				return errStop
			}
			if len(ps) > 0 && ps[0].c.Seq == c.Seq {
				p := ps[0]
				ps = ps[1:]
				return apply(p)
			}
			return apply(g.prepare(c, nil))
		})
		if errors.Is(err, errStop) {
			err = nil
		}
		if err == nil && len(ps) > 0 {
			err = fmt.Errorf("ingest: capture %d (%s) is not in the archive's log", ps[0].c.Seq, ps[0].c.URL)
		}
	}
	return errors.Join(err, w.flush())
}

// errStop stops a walk of the log early.
var errStop = errors.New("stop")
