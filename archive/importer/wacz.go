package importer

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"

	"github.com/gazette-news/gazette/archive"
	"github.com/gazette-news/gazette/archive/wacz"
)

// maxInMemoryWACZ caps the size of a WACZ read from a file system whose
// files cannot be read at an offset (the OS file system's can).
const maxInMemoryWACZ = 1 << 30

// readWACZ reads every WARC file inside a WACZ with archive.ReadWARC. A
// member that is damaged (its CRC-32 does not match) or holds no WARC
// records is reported to onError and skipped.
func readWACZ(f fs.File, fn func(archive.Capture) error, onError func(error)) error {
	ra, size, err := readerAt(f)
	if err != nil {
		return err
	}
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

// readerAt returns f as an io.ReaderAt with its size, reading it into
// memory when the file system does not offer ReadAt.
func readerAt(f fs.File) (io.ReaderAt, int64, error) {
	info, err := f.Stat()
	if err != nil {
		return nil, 0, err
	}
	if ra, ok := f.(io.ReaderAt); ok {
		return ra, info.Size(), nil
	}
	b, err := io.ReadAll(io.LimitReader(f, maxInMemoryWACZ+1))
	if err != nil {
		return nil, 0, err
	}
	if len(b) > maxInMemoryWACZ {
		return nil, 0, fmt.Errorf("wacz: file larger than %d MB", maxInMemoryWACZ>>20)
	}
	return bytes.NewReader(b), int64(len(b)), nil
}
