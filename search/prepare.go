package search

import (
	"cmp"
	"context"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/blevesearch/bleve/v2/index/scorch"
)

// A search reads what it needs of a segment (segcache.go) the first time
// it meets the segment. For a segment that scorch just merged, up to
// 50,000 articles, that is a few hundred ms; for every segment of an index
// just opened at a million articles, seconds: more than a search's
// deadline. So an index that serves searches (Prepare) prepares its
// segments in the background: all of them at first, and then each new one
// as scorch introduces it (a batch's segment, a merge's), so that searches
// rarely pay for it. Scorch tells of new segments through its event
// callback.

// prepareFields are the fields whose postings a search may read, besides
// the days read with the dates and the terms of lazyFields, read one by
// one as filters name them.
var prepareFields = []string{fieldPlaceTree, fieldLang, fieldSiteFacet, fieldMonth}

// eventCallbackName names Gazette's scorch event callback. Scorch finds a
// callback by name in a registry read when an index opens, to be filled
// before: one callback for the process, which hands each event to the
// preparer of the index it is of (scorchEvents).
const eventCallbackName = "gazette"

// scorchEvents maps each open index's *scorch.Scorch to its preparer.
var scorchEvents sync.Map

func init() {
	scorch.RegistryEventCallbacks[eventCallbackName] = func(e scorch.Event) bool {
		switch e.Kind {
		case scorch.EventKindBatchIntroduction, scorch.EventKindMergeTaskIntroduction, scorch.EventKindPersisterProgress:
			if p, ok := scorchEvents.Load(e.Scorch); ok {
				p.(*preparer).poke()
			}
		}
		return true // go on: a merge or purge is never held back
	}
}

// preparer reads the data of an index's new segments in the background.
type preparer struct {
	key    any // the index's *scorch.Scorch in scorchEvents
	cancel context.CancelFunc
	done   chan struct{} // closed when the goroutine has ended
	wake   chan struct{} // new segments may be there (one pending wake is enough)

	mu     sync.Mutex
	warmed bool          // the segments there at Open are read
	pass   chan struct{} // closed at the end of the next pass over the segments
}

// poke says that new segments may be there, without waiting.
func (p *preparer) poke() {
	select {
	case p.wake <- struct{}{}:
	default:
	}
}

// passEnd returns a channel closed at the end of the next pass.
func (p *preparer) passEnd() <-chan struct{} {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.pass
}

// endPass marks a pass done.
func (p *preparer) endPass() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.warmed = true
	close(p.pass)
	p.pass = make(chan struct{})
}

// Prepare starts reading the index's segments in the background for
// searches: those there now, then each new one as scorch introduces it,
// until Close. A process that serves searches calls it once, after Open
// and before its first search; one that only writes (an import, a
// reindex) does not, and spends nothing on segments no search will read.
// The index is a scorch index (Open makes it so); when it is not,
// searches read every segment themselves.
func (ix *Index) Prepare() {
	if ix.prep != nil {
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	p := &preparer{cancel: cancel, done: make(chan struct{}), wake: make(chan struct{}, 1), pass: make(chan struct{})}
	if adv, err := ix.bleve.Advanced(); err == nil {
		if sc, ok := adv.(*scorch.Scorch); ok {
			p.key = sc
			scorchEvents.Store(sc, p)
		}
	}
	ix.prep = p
	go func() {
		defer close(p.done)
		for {
			ix.preparePass(ctx)
			p.endPass()
			select {
			case <-ctx.Done():
				return
			case <-p.wake:
			}
		}
	}()
}

// preparePass reads whatever is not read yet of the index's segments as
// they are now, on one goroutine per core (GOMAXPROCS), each taking the
// largest segment left: a pass lasts at least as long as its largest
// segment, which is therefore started first, and the small ones fill in
// around it. It returns when every one of them has, after the last
// segment or as soon as ctx is done. An error is left to the searches,
// which will meet it; the other segments are read all the same.
func (ix *Index) preparePass(ctx context.Context) {
	s, err := ix.snapshotOf()
	if err != nil {
		return
	}
	defer s.Close()
	todo := unprepared(s.data)
	var next atomic.Int64 // the index in todo of the next segment to take
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(todo)) {
		wg.Go(func() {
			for ctx.Err() == nil {
				i := int(next.Add(1) - 1)
				if i >= len(todo) {
					return
				}
				if ix.prepareHook != nil {
					ix.prepareHook(ctx, todo[i])
				}
				todo[i].prepare(ctx)
			}
		})
	}
	wg.Wait()
}

// unprepared returns the segments of data not prepared yet, the largest
// first.
func unprepared(data []*segData) []*segData {
	var todo []*segData
	for _, d := range data {
		if !d.prepared.Load() {
			todo = append(todo, d)
		}
	}
	slices.SortStableFunc(todo, func(a, b *segData) int { return cmp.Compare(b.n, a.n) })
	return todo
}

// prepare reads the segment's dates and prepareFields, unless ctx is done
// first or a read fails.
func (d *segData) prepare(ctx context.Context) {
	if err := d.dates(false); err != nil {
		return
	}
	for _, f := range prepareFields {
		if ctx.Err() != nil {
			return
		}
		if _, err := d.readField(f, false); err != nil {
			return
		}
	}
	d.prepared.Store(true)
}

// Warming reports whether the index is still reading the segments it had
// when Prepare was called: searches answer meanwhile, the first ones
// slower.
func (ix *Index) Warming() bool {
	if ix.prep == nil {
		return false
	}
	ix.prep.mu.Lock()
	defer ix.prep.mu.Unlock()
	return !ix.prep.warmed
}

// stopPreparing stops the preparer and waits for it to end.
func (ix *Index) stopPreparing() {
	if ix.prep == nil {
		return
	}
	if ix.prep.key != nil {
		scorchEvents.Delete(ix.prep.key)
	}
	ix.prep.cancel()
	<-ix.prep.done
}
