package archive

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"github.com/nlnwa/gowarc"
	bolt "go.etcd.io/bbolt"
)

// Group commit. Syncing a WARC file and committing the capture index cost
// a disk flush each, far more than writing a page's record; an import
// that paid them for every capture spent most of its time waiting for the
// disk. AddBatch therefore writes the records of many captures, syncs each
// WARC file it wrote to once, and only then commits one index transaction
// for all of them: the index still never points at a record that is not on
// disk, and a crash before the commit leaves whole records the index does
// not know, which Open indexes (orphans.go), or a torn tail, which Open
// cuts off (tail.go).

// AddResult is what AddBatch did with one capture: what Add would have
// returned for it.
type AddResult struct {
	Capture Capture // the capture archived, or the one that made it unnecessary
	Added   bool
	// Err says why this capture alone was not archived (ErrInvalid,
	// ErrNoOriginal, a revisit whose original could not be read, ctx
	// done); the others of the batch were.
	Err error
}

// AddBatch archives captures as Add does, one after the other in the
// order given and with the same results (a capture deduplicated against
// one earlier in the same batch, a revisit record whose original is in
// the batch), but with one sync of the WARC files and one index
// transaction for the whole batch: the index entries are written, all
// together, only after every record of the batch has been synced.
//
// A failure of the archive itself (writing, syncing, the index) is
// returned as the error, and then no capture of the batch is indexed:
// none was archived, whatever the results would have said. Otherwise
// there is one result per capture, in order.
//
// Captures with Stream are copied to temporary files before anything is
// written, so each stream is read once, in order, before AddBatch returns.
// The batch is held in memory: callers keep batches of a size they can
// hold.
func (s *Store) AddBatch(ctx context.Context, cs []Capture) ([]AddResult, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	res := make([]AddResult, len(cs))
	items := make([]batchItem, len(cs))
	defer func() {
		for _, it := range items {
			if it.sp != nil {
				it.sp.close()
			}
		}
	}()
	for i, c := range cs {
		it := &items[i]
		it.c, it.declared = c, c.Digest // as another WARC tool wrote it, for its revisits to find
		switch {
		case c.Original != nil && c.Stream != nil:
			res[i].Err = fmt.Errorf("%w: a revisit of %s with a payload of its own", ErrInvalid, c.URL)
		case c.Original != nil:
			// A revisit record of another tool: resolved in the batch's
			// transaction, which sees the captures before it.
		default:
			res[i].Err = it.prepare(s)
		}
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, ErrClosed
	}
	err := s.db.Update(func(tx *bolt.Tx) error {
		for i := range items {
			if res[i].Err != nil {
				continue
			}
			if err := ctx.Err(); err != nil {
				res[i].Err = err
				continue
			}
			r, err := s.addInTx(tx, &items[i])
			if err != nil {
				return err
			}
			res[i] = r
		}
		// Every record the entries point at reaches the disk before the
		// transaction commits.
		return s.syncTouched()
	})
	if err != nil {
		s.abandonTouched()
		what := fmt.Sprintf("%d captures", len(cs))
		if len(cs) == 1 {
			what = cs[0].URL
		}
		return nil, fmt.Errorf("archive: add %s: %w", what, err)
	}
	clear(s.touched) // synced, and pointed at
	s.releaseIndexPages(len(cs))
	return res, nil
}

// batchItem is one capture of a batch on its way into the archive.
type batchItem struct {
	c           Capture
	declared    string // the digest c came with
	block       []byte // its record's block (nil for a stream)
	sp          *spooled
	payloadSize int64
	prepared    bool
}

// prepare checks and normalises the capture and builds its block, or
// spools its stream.
func (it *batchItem) prepare(s *Store) error {
	c, block, err := prepare(it.c)
	if err != nil {
		return err
	}
	it.payloadSize = int64(len(c.Body))
	if c.Stream != nil {
		// Too large to hold: copied to a temporary file first, which
		// gives its digest before anything is written.
		if it.sp, err = s.spool(&c); err != nil {
			return err
		}
		it.payloadSize = it.sp.size
	}
	it.c, it.block, it.prepared = c, block, true
	return nil
}

// addInTx archives one capture of a batch in the batch's transaction: a
// capture the index has (or an earlier one of the batch) is not written
// again, a payload archived already (in the batch too) becomes a revisit
// record, anything else is written whole; its entry goes into tx. The
// result's Err is for this capture alone; the error returned is a failure
// of the archive, which fails the batch. The caller holds s.mu.
func (s *Store) addInTx(tx *bolt.Tx, it *batchItem) (AddResult, error) {
	if !it.prepared {
		// A revisit record of another tool: archive the response it
		// stands for, with its payload loaded from the original.
		c, err := s.resolveRevisit(tx, it.c)
		if err != nil {
			if errors.Is(err, ErrTooLarge) {
				err = fmt.Errorf("%w: %w", ErrInvalid, err) // this capture only
			}
			return AddResult{Err: fmt.Errorf("archive: add revisit of %s: %w", it.c.URL, err)}, nil
		}
		it.c = c
		if err := it.prepare(s); err != nil {
			return AddResult{Err: err}, nil
		}
	}
	c := it.c
	b := tx.Bucket(capturesBucket)
	newest, seen, err := newestOf(b, c.URL)
	if err != nil {
		return AddResult{}, err
	}
	same, again, err := sameCapture(b, c)
	if err != nil {
		return AddResult{}, err
	}
	if again && !(seen && newest.Digest == c.Digest) {
		// The same capture read again (a WARC imported again that holds
		// several versions of the page): archived already.
		return AddResult{Capture: same}, nil
	}
	// Another tool's WARC may name the payload by a digest of its own (of
	// the encoded body, or SHA-256); its revisit records will name it so.
	alias := it.declared != "" && it.declared != c.Digest && c.Header != nil
	if seen && newest.Digest == c.Digest {
		if alias {
			if err := rememberPayload(tx, it.declared, payloadHolderOf(newest)); err != nil {
				return AddResult{}, err
			}
		}
		return AddResult{Capture: newest}, nil
	}

	orig, shared, err := samePayload(tx, c, it.payloadSize)
	if err != nil {
		return AddResult{}, err
	}
	if shared {
		// The payload is archived already, under another URL or an older
		// capture of this one: store only the new headers.
		c.Original = &orig
		err = s.writeRevisit(&c, gowarc.ProfileIdenticalPayloadDigestV1_1, orig)
	} else {
		err = s.write(&c, it.block, it.sp)
	}
	if err != nil {
		return AddResult{}, fmt.Errorf("write %s: %w", c.URL, err)
	}
	if err := putCapture(tx, &c); err != nil {
		return AddResult{}, err
	}
	if alias {
		if err := rememberPayload(tx, it.declared, payloadHolderOf(c)); err != nil {
			return AddResult{}, err
		}
	}
	return AddResult{Capture: c, Added: true}, nil
}

// syncTouched syncs every WARC file written to since the last batch (a
// file gowarc closed on rotating too: it does not sync on closing). The
// caller clears s.touched once the index points at what was written, or
// abandons it. The caller holds s.mu.
func (s *Store) syncTouched() error {
	names := make([]string, 0, len(s.touched))
	for name := range s.touched {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		if err := s.syncFile(filepath.Join(s.warcDir, name)); err != nil {
			return fmt.Errorf("sync %s: %w", name, err)
		}
	}
	return nil
}

// abandonTouched gives up on the records written since the last batch,
// after a write, a sync or the index failed: nothing points at them, and
// their files are not to be written to again (after a failed sync, Linux
// may have dropped their pages and would not say so twice), so the writer
// goes on in a new file and Open checks their ends. The caller holds s.mu.
func (s *Store) abandonTouched() {
	if len(s.touched) == 0 {
		return
	}
	for name := range s.touched {
		s.written[name] = -1
	}
	clear(s.touched)
	_ = s.writer.Rotate() // the next write opens a new file, or fails itself
}

// fsyncPath syncs the file at path to disk. On Linux an fsync through any
// descriptor writes out the file's dirty pages, the writer's included.
func fsyncPath(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	err = f.Sync()
	return errors.Join(err, f.Close())
}
