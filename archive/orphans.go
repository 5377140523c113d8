package archive

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	bolt "go.etcd.io/bbolt"
)

// Add syncs a capture's WARC record before it writes the capture's entry in
// the index, so a crash between the two leaves a whole record the index
// does not know: an orphan. Open gives orphans their index entries, in
// the order they were written, with the next sequence numbers, so that a
// capture whose record reached the disk is archived whatever happened next
// (a crawl resumed after the crash finds the URL archived and does not
// fetch it again). It reads only where a crash can have left one: the
// whole records after the last one the index points at, in the files it
// checks for torn tails (see tail.go).
//
// An orphan is indexed only when Add would have indexed it: a record of
// the same URL, time and payload as a capture the index has is a copy
// (the same capture archived again after the crash), and one whose payload
// is the newest capture's of its URL is a revisit record Revisit wrote for
// an unchanged page, which the index leaves out by design.

// Recovered lists the captures Open found in WARC files without an index
// entry and indexed, for the caller to log.
func (s *Store) Recovered() []Capture { return s.recovered }

// recoverOrphans indexes the orphans among the whole records of the WARC
// file name between offsets from and end.
func (s *Store) recoverOrphans(name string, from, end int64) ([]Capture, error) {
	if end <= from {
		return nil, nil
	}
	f, err := os.Open(filepath.Join(s.warcDir, name))
	if err != nil {
		return nil, fmt.Errorf("archive: recover captures of %s: %w", name, err)
	}
	defer f.Close()
	var found []Capture
	err = ReadWARC(io.NewSectionReader(f, from, end-from), func(c Capture) error {
		c.File, c.Offset = name, from+c.Offset
		c.Body = nil
		found = append(found, c)
		return nil
	}, func(error) {})
	if err != nil || len(found) == 0 {
		return nil, nil // nothing readable there: no capture to recover
	}
	var recovered []Capture
	err = s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(capturesBucket)
		for _, c := range found {
			if _, again, err := sameCapture(b, c); err != nil || again {
				if err != nil {
					return err
				}
				continue
			}
			newest, seen, err := newestOf(b, c.URL)
			if err != nil {
				return err
			}
			if seen && newest.Digest == c.Digest {
				continue
			}
			if c.Original != nil {
				// A revisit record Add wrote for a payload archived
				// before: the index points at the record holding it.
				holder, ok, err := payloadHolder(tx, c.Digest)
				if err != nil {
					return err
				}
				if !ok {
					continue
				}
				c.Original = &holder
			}
			if err := putCapture(tx, &c); err != nil {
				return err
			}
			recovered = append(recovered, c)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("archive: recover captures of %s: %w", name, err)
	}
	return recovered, nil
}
