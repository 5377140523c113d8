package archive

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
)

// VerifyReport says what Verify read and found.
type VerifyReport struct {
	Captures int      // captures in the capture index
	URLs     int      // distinct URLs in the capture index
	LastSeq  uint64   // sequence number of the newest capture in the log (see Store.LastSeq)
	Files    int      // WARC files read
	Records  int      // response, resource and revisit records read whole, their digests checked
	Problems []string // what is wrong, at most maxProblems of it
	More     int      // problems beyond those listed
}

// maxProblems bounds the problems a VerifyReport lists.
const maxProblems = 20

func (r *VerifyReport) problem(format string, args ...any) {
	if len(r.Problems) < maxProblems {
		r.Problems = append(r.Problems, fmt.Sprintf(format, args...))
	} else {
		r.More++
	}
}

// Verify checks the archive in dir without changing it (it must not be in
// use): it reads every WARC file to its end with ReadWARC, which checks
// each response, resource and revisit record's block and payload digests,
// and checks the capture index against them: its counts must match its
// entries, and every capture (and every original a revisit refers to) must
// point at a whole record that read back intact. It returns
// ErrDamaged with the first problems when anything is wrong, ErrInUse if
// a process has the archive open. progress, if not nil, is called with
// the name of each WARC file before it is read.
func Verify(ctx context.Context, dir string, progress func(file string)) (VerifyReport, error) {
	var rep VerifyReport
	dbPath := filepath.Join(dir, "captures.db")
	if _, err := os.Stat(dbPath); err != nil {
		return rep, fmt.Errorf("archive: verify %s: %w", dir, err)
	}
	db, err := bolt.Open(dbPath, 0o644, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if errors.Is(err, bolterrors.ErrTimeout) {
		return rep, fmt.Errorf("archive: verify %s: %w", dir, ErrInUse)
	}
	if err != nil {
		return rep, fmt.Errorf("archive: verify %s: open the capture index: %w", dir, err)
	}
	defer db.Close()

	// Where the index says records are, by file: sorted offsets, and
	// whether a whole record was read there.
	offsets := map[string][]int64{}
	err = db.View(func(tx *bolt.Tx) error {
		b, meta := tx.Bucket(capturesBucket), tx.Bucket(metaBucket)
		if b == nil || meta == nil {
			return errors.New("not a Gazette capture index")
		}
		var lastURL []byte
		err := b.ForEach(func(k, v []byte) error {
			c, err := decodeEntry(k, v)
			if err != nil {
				return err
			}
			rep.Captures++
			if u := keyURL(k); !bytes.Equal(u, lastURL) {
				rep.URLs++
				lastURL = bytes.Clone(u)
			}
			offsets[c.File] = append(offsets[c.File], c.Offset)
			if c.Original != nil {
				offsets[c.Original.File] = append(offsets[c.Original.File], c.Original.Offset)
			}
			return nil
		})
		if err != nil {
			return err
		}
		if n := int(getCount(tx, captureCount)); n != rep.Captures {
			rep.problem("the capture index counts %d captures but holds %d", n, rep.Captures)
		}
		if n := int(getCount(tx, urlCount)); n != rep.URLs {
			rep.problem("the capture index counts %d URLs but holds %d", n, rep.URLs)
		}
		// The log lists every capture once, by sequence number.
		logged := 0
		if log := tx.Bucket(logBucket); log != nil {
			err = log.ForEach(func(seq, key []byte) error {
				logged++
				rep.LastSeq = keySeq(seq)
				if b.Get(key) == nil {
					rep.problem("the capture log's entry %d points at no capture", keySeq(seq))
				}
				return nil
			})
		}
		if err == nil && logged != rep.Captures {
			rep.problem("the capture log lists %d captures, the index holds %d", logged, rep.Captures)
		}
		return err
	})
	if err != nil {
		return rep, fmt.Errorf("archive: verify %s: read the capture index: %w", dir, err)
	}
	found := map[string][]bool{}
	for name, offs := range offsets {
		sort.Slice(offs, func(i, j int) bool { return offs[i] < offs[j] })
		found[name] = make([]bool, len(offs))
	}

	warcDir := filepath.Join(dir, "warc")
	entries, err := os.ReadDir(warcDir)
	if err != nil {
		return rep, fmt.Errorf("archive: verify %s: %w", dir, err)
	}
	for _, e := range entries {
		if !e.Type().IsRegular() || !isWARCName(e.Name()) {
			continue
		}
		if err := ctx.Err(); err != nil {
			return rep, err
		}
		if progress != nil {
			progress(e.Name())
		}
		if err := verifyFile(filepath.Join(warcDir, e.Name()), offsets[e.Name()], found[e.Name()], &rep); err != nil {
			rep.problem("%s: %v", e.Name(), err)
		}
		rep.Files++
	}
	files := make([]string, 0, len(offsets))
	for name := range offsets {
		files = append(files, name)
	}
	sort.Strings(files)
	for _, name := range files {
		for i, ok := range found[name] {
			if !ok {
				rep.problem("the capture index points at %s offset %d, where there is no intact record", name, offsets[name][i])
			}
		}
	}
	if len(rep.Problems) > 0 {
		msg := strings.Join(rep.Problems, "; ")
		if rep.More > 0 {
			msg += fmt.Sprintf("; and %d more", rep.More)
		}
		return rep, fmt.Errorf("%w: %s", ErrDamaged, msg)
	}
	return rep, nil
}

// verifyFile reads one WARC file, marking the offsets where it read a
// whole record, and notes its broken records as problems.
func verifyFile(path string, offs []int64, found []bool, rep *VerifyReport) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	name := filepath.Base(path)
	return ReadWARC(bufio.NewReaderSize(f, 256<<10), func(c Capture) error {
		rep.Records++
		if i := sort.Search(len(offs), func(i int) bool { return offs[i] >= c.Offset }); i < len(offs) {
			for ; i < len(offs) && offs[i] == c.Offset; i++ {
				found[i] = true
			}
		}
		return nil
	}, func(err error) {
		rep.problem("%s: %v", name, err)
	})
}

// NotInUse returns ErrInUse (wrapped) when a process has the archive in
// dir open, and nil when none has or there is no archive there.
func NotInUse(dir string) error {
	dbPath := filepath.Join(dir, "captures.db")
	if _, err := os.Stat(dbPath); errors.Is(err, os.ErrNotExist) {
		return nil
	}
	db, err := bolt.Open(dbPath, 0o644, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if errors.Is(err, bolterrors.ErrTimeout) {
		return fmt.Errorf("archive: %s: %w", dir, ErrInUse)
	}
	if err != nil {
		return fmt.Errorf("archive: %s: %w", dir, err)
	}
	return db.Close()
}
