package archive

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
)

// importsBucket maps the SHA-256 of an input file (a WARC, WACZ, HTML or
// text file a user imported) to an ImportedFile: the ledger that lets an
// import run again over the same folder skip the files it read whole,
// instead of looking up each of their records again.
var importsBucket = []byte("imports")

// ImportedFile is what the ledger keeps of an input file read whole, every
// capture of it archived.
type ImportedFile struct {
	Name     string    `json:"name"`     // the path it was imported from (the first time)
	Records  int       `json:"records"`  // the records (or pages) it held
	Imported time.Time `json:"imported"` // when it was read whole
}

// Imported reports whether the input file with content digest sum (its
// SHA-256, hex) was read whole before, and what the ledger kept of it.
func (s *Store) Imported(sum string) (ImportedFile, bool, error) {
	var f ImportedFile
	var found bool
	err := s.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(importsBucket)
		if b == nil {
			return nil
		}
		v := b.Get([]byte(sum))
		if v == nil {
			return nil
		}
		found = true
		return json.Unmarshal(v, &f)
	})
	if err != nil {
		return ImportedFile{}, false, fmt.Errorf("archive: look up imported file %s: %w", sum, err)
	}
	return f, found, nil
}

// NoteImported records that the input file with content digest sum was
// read whole and every capture of it is in the archive. The caller calls it
// only after AddBatch returned for the file's last captures, so the ledger
// never names a file whose captures a crash could lose.
func (s *Store) NoteImported(sum string, f ImportedFile) error {
	v, err := json.Marshal(f)
	if err != nil {
		return err
	}
	err = s.db.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists(importsBucket)
		if err != nil {
			return err
		}
		return b.Put([]byte(sum), v)
	})
	if errors.Is(err, bolterrors.ErrDatabaseNotOpen) {
		err = ErrClosed
	}
	if err != nil {
		return fmt.Errorf("archive: note imported file %s: %w", f.Name, err)
	}
	return nil
}
