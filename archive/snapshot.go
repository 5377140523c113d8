package archive

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Snapshot is the archive as it was at one moment, for a backup taken while
// the archive is in use: the capture index as of that moment and every
// WARC file up to the length it had then. WARC files only grow, and every
// record a capture in the index points at lies within those lengths, so
// the copy is consistent however much is archived while it is made.
type Snapshot struct {
	warcDir string

	Files    []SnapshotFile // the WARC files, by name
	Captures int            // captures in the index
	URLs     int            // distinct URLs in the index
	LastSeq  uint64         // sequence number of the newest capture (see Store.LastSeq)
}

// SnapshotFile is one WARC file of a Snapshot.
type SnapshotFile struct {
	Name string // as in Capture.File
	Size int64  // bytes that belong to the snapshot
}

// Snapshot takes a snapshot of the archive. It calls index with the
// capture index as of that moment, a bbolt database file of size bytes
// (to be saved as captures.db beside the warc directory), and returns the
// WARC files with their lengths at that moment, to be copied with Open.
// Adds wait while the snapshot is taken, and may wait while index runs
// (when the index file must grow meanwhile, bbolt waits for the snapshot's
// read transaction to end): index should save the copy somewhere fast, not
// send it to a slow reader.
func (s *Store) Snapshot(ctx context.Context, index func(size int64, r io.Reader) error) (*Snapshot, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil, ErrClosed
	}
	// Under s.mu no record is half written: the index entries the read
	// transaction sees point within the file lengths measured now.
	tx, err := s.db.Begin(false)
	if err != nil {
		s.mu.Unlock()
		return nil, fmt.Errorf("archive: snapshot: %w", err)
	}
	defer tx.Rollback()
	snap := &Snapshot{warcDir: s.warcDir}
	err = snap.measure()
	s.mu.Unlock()
	if err != nil {
		return nil, fmt.Errorf("archive: snapshot: %w", err)
	}
	snap.Captures = int(getCount(tx, captureCount))
	snap.URLs = int(getCount(tx, urlCount))
	if k, _ := tx.Bucket(logBucket).Cursor().Last(); k != nil {
		snap.LastSeq = keySeq(k)
	}

	pr, pw := io.Pipe()
	written := make(chan struct{})
	go func() {
		defer close(written)
		_, err := tx.WriteTo(pw)
		pw.CloseWithError(err)
	}()
	err = index(tx.Size(), pr)
	pr.CloseWithError(errors.New("archive: snapshot: the index copy was abandoned"))
	<-written // before the transaction ends
	if err != nil {
		return nil, fmt.Errorf("archive: snapshot of the capture index: %w", err)
	}
	return snap, nil
}

// measure lists the WARC files and their lengths.
func (snap *Snapshot) measure() error {
	entries, err := os.ReadDir(snap.warcDir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if !e.Type().IsRegular() || !isWARCName(e.Name()) {
			continue
		}
		info, err := e.Info()
		if err != nil {
			return err
		}
		snap.Files = append(snap.Files, SnapshotFile{Name: e.Name(), Size: info.Size()})
	}
	sort.Slice(snap.Files, func(i, j int) bool { return snap.Files[i].Name < snap.Files[j].Name })
	return nil
}

func isWARCName(name string) bool {
	return !strings.HasPrefix(name, ".") && (strings.HasSuffix(name, ".warc.gz") || strings.HasSuffix(name, ".warc"))
}

// Open opens a WARC file of the snapshot, reading only the bytes that
// belong to it.
func (snap *Snapshot) Open(f SnapshotFile) (io.ReadCloser, error) {
	fh, err := os.Open(filepath.Join(snap.warcDir, f.Name))
	if err != nil {
		return nil, fmt.Errorf("archive: snapshot: %w", err)
	}
	return &sectionFile{SectionReader: io.NewSectionReader(fh, 0, f.Size), f: fh}, nil
}

type sectionFile struct {
	*io.SectionReader
	f *os.File
}

func (s *sectionFile) Close() error { return s.f.Close() }

// ErrDamaged is returned (wrapped) by Verify for an archive that does not
// hold what its capture index says.
var ErrDamaged = errors.New("archive: damaged")
