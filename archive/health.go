package archive

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// CheckWritable reports whether the archive can take new captures now: the
// store is open and a file can be written in its WARC directory (a full
// disk, a read-only mount or lost permissions fail). It is the archive's
// part of the server's readiness check and leaves nothing behind. The
// error names no paths.
func (s *Store) CheckWritable() error {
	s.mu.Lock()
	closed := s.closed
	s.mu.Unlock()
	if closed {
		return ErrClosed
	}
	f, err := os.CreateTemp(s.warcDir, ".writable-*")
	if err != nil {
		return fmt.Errorf("archive: cannot create a file in the WARC directory: %w", pathless(err))
	}
	_, werr := f.Write([]byte{0})
	cerr := f.Close()
	rerr := os.Remove(f.Name())
	if err := errors.Join(werr, cerr, rerr); err != nil {
		return fmt.Errorf("archive: cannot write to the WARC directory: %w", pathless(err))
	}
	return nil
}

// Size returns the bytes the archive's WARC files take on disk.
func (s *Store) Size() (int64, error) {
	var total int64
	err := filepath.WalkDir(s.warcDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() && strings.Contains(d.Name(), ".warc") {
			info, err := d.Info()
			if err != nil {
				return err
			}
			total += info.Size()
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("archive: size: %w", err)
	}
	return total, nil
}

// pathless drops the path from a *fs.PathError, keeping its cause
// ("permission denied", "no space left on device").
func pathless(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
