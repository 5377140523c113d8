package search

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
)

// Compact merges the index's small segments into fewer, of up to the
// merge cap (maxSegmentDocs) documents each, and returns how many
// segments the index had before and has after.
//
// Scorch's merger keeps up to ten segments of each size tier, which suits
// an index being written to: it merges little while a bulk import goes
// on. An index a bulk import has just filled is better served by fewer:
// a search pays for every segment it visits (a term's lookup in each
// segment's dictionary, a fuzzy term's automaton run over each), whatever
// the segment's size. An import of 100,000 articles left 12 segments,
// four of some 800 documents; compacted they were 4, and the bench's mix
// of searches took 10-15% less CPU (docs/measurements.md).
//
// The merged segment is written and synced before the index switches to
// it, as in any scorch merge: a crash meanwhile leaves the index as it
// was. Searches go on during a compaction.
func (ix *Index) Compact(ctx context.Context) (before, after int, err error) {
	adv, err := ix.bleve.Advanced()
	if err != nil {
		return 0, 0, fmt.Errorf("search: compact: %w", err)
	}
	sc, ok := adv.(*scorch.Scorch)
	if !ok {
		return 0, 0, fmt.Errorf("search: compact: the index is a %T, not a scorch index", adv)
	}
	if before, err = ix.segmentCount(); err != nil {
		return 0, 0, err
	}
	o := mergeplan.DefaultMergePlanOptions
	o.MaxSegmentSize = int64(ix.mergeCap)
	o.MaxSegmentsPerTier = 1 // every tier merged down to one segment, as far as the cap allows
	if err := sc.ForceMerge(ctx, &o); err != nil {
		return before, before, fmt.Errorf("search: compact: %w", err)
	}
	if err := waitPersisted(ctx, sc); err != nil {
		return before, before, fmt.Errorf("search: compact: %w", err)
	}
	if after, err = ix.segmentCount(); err != nil {
		return before, 0, err
	}
	return before, after, nil
}

// waitPersisted waits until scorch has written the index's root as it is
// now (with a merge's segment in it) to disk. A merged segment's file is
// synced before the merge is introduced, but the root naming it is
// written by scorch's persister afterwards, and Close does not wait for
// it: without this, a process that closes the index at once would leave
// it as it was before the merge. Scorch has no call to wait for its
// persister, so its epochs are polled, for at most persistWait: past it
// the merge is left to the persister (nothing is lost if the process
// ends first: the index is then as it was before the merge).
func waitPersisted(ctx context.Context, sc *scorch.Scorch) error {
	st, ok := sc.Stats().(*scorch.Stats)
	if !ok {
		return nil
	}
	target := atomic.LoadUint64(&st.CurRootEpoch)
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	give := time.After(persistWait)
	for atomic.LoadUint64(&st.LastPersistedEpoch) < target {
		select {
		case <-ctx.Done():
			return context.Cause(ctx)
		case <-give:
			return nil
		case <-tick.C:
		}
	}
	return nil
}

// persistWait bounds waitPersisted.
const persistWait = 2 * time.Minute

// segmentCount returns the number of segments of the index as it is now.
func (ix *Index) segmentCount() (int, error) {
	s, err := ix.snapshotOf()
	if err != nil {
		return 0, fmt.Errorf("search: segments: %w", err)
	}
	defer s.Close()
	return len(s.segs), nil
}
