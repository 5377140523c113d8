package importer

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/gazette-news/gazette/archive"
	"github.com/gazette-news/gazette/archive/wacz"
)

// readWACZ reads every WARC file inside a WACZ with archive.ReadWARC. A
// member that is damaged (its CRC-32 does not match) or holds no WARC
// records is reported to onError and skipped.
func readWACZ(f fs.File, fn func(archive.Capture) error, onError func(error)) error {
	ra, size, cleanup, err := readerAt(f)
	if err != nil {
		return err
	}
	defer cleanup()
	z, err := wacz.Open(ra, size)
	if err != nil {
		return err
	}
	warcs := z.WARCs()
	if len(warcs) == 0 {
		return errors.New("wacz: no WARC files under archive/")
	}
	var stop error // an error from fn: ends the whole read
	for _, name := range warcs {
		// Check the member's CRC-32 first, so that a damaged member is
		// skipped whole rather than half imported.
		if err := checkMember(z, name); err != nil {
			onError(err)
			continue
		}
		rc, err := z.OpenMember(name)
		if err != nil {
			onError(err)
			continue
		}
		err = readWARC(rc, func(c archive.Capture) error {
			if err := fn(c); err != nil {
				stop = err
				return err
			}
			return nil
		}, func(err error) { onError(fmt.Errorf("%s: %w", name, err)) })
		rc.Close()
		if stop != nil {
			return stop
		}
		if err != nil {
			onError(fmt.Errorf("%s: %w", name, err))
		}
	}
	return nil
}

// checkMember reads a member to its end, which checks its CRC-32.
func checkMember(z *wacz.Reader, name string) error {
	rc, err := z.OpenMember(name)
	if err != nil {
		return err
	}
	defer rc.Close()
	if _, err := io.Copy(io.Discard, rc); err != nil {
		return fmt.Errorf("%s: damaged: %w", name, err)
	}
	return nil
}

// readerAt returns f as an io.ReaderAt with its size. When the file system
// does not offer ReadAt, the file is copied to a temporary file first
// (never into memory, whatever its size); cleanup removes it.
func readerAt(f fs.File) (ra io.ReaderAt, size int64, cleanup func(), err error) {
	info, err := f.Stat()
	if err != nil {
		return nil, 0, nil, err
	}
	if ra, ok := f.(io.ReaderAt); ok {
		return ra, info.Size(), func() {}, nil
	}
	tmp, err := os.CreateTemp("", "gazette-wacz-*")
	if err != nil {
		return nil, 0, nil, err
	}
	cleanup = func() {
		tmp.Close()
		os.Remove(tmp.Name())
	}
	if size, err = io.Copy(tmp, f); err != nil {
		cleanup()
		return nil, 0, nil, fmt.Errorf("wacz: copy to a temporary file: %w", err)
	}
	return tmp, size, cleanup, nil
}
