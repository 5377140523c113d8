package archive

import (
	"bytes"
	"context"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// The archive is Gazette's log: every capture Add indexes gets the next
// sequence number (Capture.Seq), and whatever is built from the archive (the
// search index) remembers the last number it has taken in and reads the
// rest with Since.

// LastSeq returns the sequence number of the newest capture in the log, 0
// for an empty archive.
func (s *Store) LastSeq() (uint64, error) {
	var last uint64
	err := s.view(func(tx *bolt.Tx) error {
		if k, _ := tx.Bucket(logBucket).Cursor().Last(); k != nil {
			last = keySeq(k)
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("archive: last sequence: %w", err)
	}
	return last, nil
}

// Since calls fn with every capture whose Seq is greater than after, in
// the order they were archived, without bodies (Load reads them). It stops
// at the first error from fn or when ctx is done. The log is read in
// batches, each transaction ending before fn is called, so fn may call Add;
// captures added during the walk are visited too.
func (s *Store) Since(ctx context.Context, after uint64, fn func(Capture) error) error {
	next := after + 1
	if after == ^uint64(0) {
		return nil
	}
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		var batch []Capture
		err := s.view(func(tx *bolt.Tx) error {
			captures := tx.Bucket(capturesBucket)
			c := tx.Bucket(logBucket).Cursor()
			for k, key := c.Seek(seqKey(next)); k != nil && len(batch) < s.batch; k, key = c.Next() {
				v := captures.Get(key)
				if v == nil {
					return fmt.Errorf("log entry %d names a capture the index lacks (%q)", keySeq(k), bytes.TrimRight(keyURL(key), "\x00"))
				}
				capture, err := decodeEntry(key, v)
				if err != nil {
					return err
				}
				batch = append(batch, capture)
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("archive: captures since %d: %w", after, err)
		}
		if len(batch) == 0 {
			return nil
		}
		for _, c := range batch {
			if err := ctx.Err(); err != nil {
				return err
			}
			if err := fn(c); err != nil {
				return err
			}
		}
		next = batch[len(batch)-1].Seq + 1
	}
}
