package backup

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/gazette-news/gazette/archive"
	"github.com/gazette-news/gazette/search"
)

// readManifest reads BACKUP.json in dir.
func readManifest(dir string, m *Manifest) error {
	f, err := os.Open(filepath.Join(dir, ManifestName))
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%s holds no %s: not a Gazette backup", dir, ManifestName)
	}
	if err != nil {
		return err
	}
	defer f.Close()
	if err := decodeManifest(f, m); err != nil {
		return err
	}
	if m.Format != Format {
		return fmt.Errorf("%s: format %q, this Gazette reads %q", ManifestName, m.Format, Format)
	}
	for _, file := range m.Files {
		if !validPath(file.Path) || file.Path == ManifestName {
			return fmt.Errorf("%s lists %q, which is not a path of a Gazette backup", ManifestName, file.Path)
		}
	}
	return nil
}

// Report says what Check found in a backup.
type Report struct {
	Manifest Manifest
	Archive  archive.VerifyReport
}

// ErrBad is returned (wrapped, with the reason) by Check and Restore for
// a backup that is incomplete, damaged or inconsistent.
var ErrBad = errors.New("backup: not usable")

// Check verifies the backup in dir without changing it: every file the
// manifest lists is there with its size and SHA-256; the archive reads
// back whole (every WARC record intact, its digests right, every capture
// of the capture index pointing at one; archive.Verify), with the
// manifest's capture and URL counts; and the search index opens with the
// manifest's number of articles. progress, if not nil, is told what is
// being checked.
func Check(ctx context.Context, dir string, progress func(string)) (Report, error) {
	var rep Report
	say := func(format string, args ...any) {
		if progress != nil {
			progress(fmt.Sprintf(format, args...))
		}
	}
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: %s", ErrBad, fmt.Sprintf(format, args...))
	}
	if err := readManifest(dir, &rep.Manifest); err != nil {
		return rep, bad("%v", err)
	}
	m := rep.Manifest
	for i, f := range m.Files {
		if err := ctx.Err(); err != nil {
			return rep, err
		}
		say("checking file %d of %d: %s", i+1, len(m.Files), f.Path)
		size, sum, err := hashFile(filepath.Join(dir, filepath.FromSlash(f.Path)))
		switch {
		case err != nil:
			return rep, bad("%s: %v", f.Path, err)
		case size != f.Size:
			return rep, bad("%s has %d bytes, the manifest says %d", f.Path, size, f.Size)
		case sum != f.SHA256:
			return rep, bad("%s has changed since the backup was made (SHA-256 %s, the manifest says %s)", f.Path, sum, f.SHA256)
		}
	}
	var err error
	rep.Archive, err = archive.Verify(ctx, filepath.Join(dir, ArchiveDir), func(file string) { say("reading the records of %s", file) })
	if err != nil {
		if ctx.Err() != nil {
			return rep, ctx.Err()
		}
		return rep, bad("%v", err)
	}
	if rep.Archive.Captures != m.Captures || rep.Archive.URLs != m.URLs || rep.Archive.LastSeq != m.ArchiveSeq {
		return rep, bad("the capture index holds %d captures of %d URLs up to number %d, the manifest says %d of %d up to %d",
			rep.Archive.Captures, rep.Archive.URLs, rep.Archive.LastSeq, m.Captures, m.URLs, m.ArchiveSeq)
	}
	say("opening the search index")
	info, err := search.Check(filepath.Join(dir, IndexDir))
	if err != nil {
		return rep, bad("%v", err)
	}
	if info.Docs != m.Articles || info.Applied != m.IndexApplied {
		return rep, bad("the search index holds %d articles up to capture %d, the manifest says %d up to %d", info.Docs, info.Applied, m.Articles, m.IndexApplied)
	}
	if info.Applied > rep.Archive.LastSeq {
		return rep, bad("the search index is ahead of the archive: it has taken in captures up to number %d, the archive ends at %d", info.Applied, rep.Archive.LastSeq)
	}
	return rep, nil
}

// Restored says what Restore did.
type Restored struct {
	Report
	// Previous is where the data directory that was replaced now is
	// ("" when there was none, or it was empty).
	Previous string
}

// Restore replaces the data directory dataDir with the backup in src. It
// first checks the backup (Check) and refuses, changing nothing, if it is
// not usable or dataDir is in use (a running `gazette serve`). The backup
// is copied beside dataDir, each file checked against the manifest again
// as it is copied, and renamed into place; a data directory already
// there is kept, renamed to DATA.before-restore-TIME, for the user to
// remove.
func Restore(ctx context.Context, src, dataDir string, progress func(string)) (Restored, error) {
	var res Restored
	if err := notInUse(dataDir); err != nil {
		return res, err
	}
	rep, err := Check(ctx, src, progress)
	res.Report = rep
	if err != nil {
		return res, err
	}
	st, err := newStaging(dataDir, "restoring")
	if err != nil {
		return res, fmt.Errorf("restore: %w", err)
	}
	sink := newDirSink(st.dir)
	for i, f := range rep.Manifest.Files {
		if progress != nil {
			progress(fmt.Sprintf("copying file %d of %d: %s", i+1, len(rep.Manifest.Files), f.Path))
		}
		if err := copyChecked(ctx, sink, src, f); err != nil {
			st.abandon()
			return res, fmt.Errorf("restore: %w", err)
		}
	}
	// Last check for a server started meanwhile, then the swap.
	if err := notInUse(dataDir); err != nil {
		st.abandon()
		return res, err
	}
	if err := mustBeFree(dataDir); err != nil {
		res.Previous = fmt.Sprintf("%s.before-restore-%s", dataDir, time.Now().UTC().Format("20060102T150405Z"))
		if err := os.Rename(dataDir, res.Previous); err != nil {
			st.abandon()
			return res, fmt.Errorf("restore: move the old data directory aside: %w", err)
		}
	}
	if err := st.finish(); err != nil {
		st.abandon()
		return res, fmt.Errorf("restore: %w", err)
	}
	return res, nil
}

// copyChecked copies one file of the backup in src into sink, checking it
// against the manifest entry f as it goes.
func copyChecked(ctx context.Context, sink *dirSink, src string, f File) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	in, err := os.Open(filepath.Join(src, filepath.FromSlash(f.Path)))
	if err != nil {
		return err
	}
	defer in.Close()
	h := sha256.New()
	if err := sink.Add(f.Path, f.Size, io.TeeReader(in, h)); err != nil {
		return fmt.Errorf("%s: %w", f.Path, err)
	}
	if sum := hex.EncodeToString(h.Sum(nil)); sum != f.SHA256 {
		return fmt.Errorf("%w: %s changed while it was restored", ErrBad, f.Path)
	}
	return nil
}

// notInUse fails if a process has the data directory's archive open.
func notInUse(dataDir string) error {
	err := archive.NotInUse(filepath.Join(dataDir, ArchiveDir))
	if errors.Is(err, archive.ErrInUse) {
		return fmt.Errorf("restore: %s is in use (a running `gazette serve`?): stop it first; nothing was changed", dataDir)
	}
	return err
}
