// Package backup copies a Gazette data directory while Gazette runs, and
// checks and restores such a copy.
//
// A backup is a directory laid out like a data directory, plus a manifest:
//
//	archive/captures.db    the capture index as of the backup
//	archive/warc/*.warc.gz the WARC files, each up to its length at that moment
//	index/…                the search index (Bleve), copied before the archive
//	crawl/crawls.json      the crawls remembered for scheduled recrawls, if any
//	BACKUP.json            the manifest: counts, and every file's size and SHA-256
//
// The copy is consistent without stopping anything. The search index is
// copied first (Bleve copies a point-in-time snapshot), then the archive
// (the capture index is read in one bbolt transaction, and the WARC files,
// which only grow, are copied up to their lengths at that moment). So the
// index never holds an article the copied archive lacks; it may lack the
// newest ones, which Gazette takes from the archive when it opens the
// restored directory. Crawl frontiers are left out: a crawl run again
// after a restore walks its site from the archive and fetches only what
// is missing.
package backup

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/gazette-news/gazette/archive"
	"github.com/gazette-news/gazette/internal/countio"
	"github.com/gazette-news/gazette/search"
)

// Format names the layout of a backup, in its manifest.
const Format = "gazette-backup-1"

// Paths inside a backup (slash-separated) and a data directory.
const (
	ManifestName = "BACKUP.json"
	ArchiveDir   = "archive"
	IndexDir     = "index"
	capturesDB   = "archive/captures.db"
	warcDir      = "archive/warc"
)

// Manifest is BACKUP.json: what a backup holds.
type Manifest struct {
	Format   string    `json:"format"`
	Created  time.Time `json:"created"`
	Captures int       `json:"captures"` // in the capture index
	URLs     int       `json:"urls"`     // distinct URLs in the capture index
	Articles uint64    `json:"articles"` // documents in the search index
	// ArchiveSeq is the sequence number of the newest capture in the
	// archive, IndexApplied the one the index is up to; never more than
	// ArchiveSeq.
	ArchiveSeq   uint64 `json:"archive_seq"`
	IndexApplied uint64 `json:"index_applied"`
	Files        []File `json:"files"` // every file but the manifest
}

// File is one file of a backup.
type File struct {
	Path   string `json:"path"` // slash-separated, relative to the backup
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"` // hex
}

// Size is the total size of the backup's files.
func (m Manifest) Size() int64 {
	var n int64
	for _, f := range m.Files {
		n += f.Size
	}
	return n
}

// Sink receives the files of a backup, one after the other.
type Sink interface {
	// Add stores the file at path (slash-separated), whose size bytes r
	// yields.
	Add(path string, size int64, r io.Reader) error
}

// Source is a data directory in use, to back up.
type Source struct {
	Archive *archive.Store
	Index   *search.Index
	// DataDir is the data directory, for the small files in Extra.
	DataDir string
	// Extra lists further files of the data directory to copy when they
	// exist, slash-separated and relative to DataDir ("crawl/crawls.json").
	// Each is read whole: they must be small and replaced atomically.
	Extra []string
	// Scratch is a directory for the index copy while it is streamed
	// (about the size of the index; the data directory itself, as a
	// rule). It must exist, and no other backup may use it at the same
	// time: Write removes what it, or a backup killed before, put there.
	Scratch string
}

// Write writes a backup of src to dst, the manifest last, and returns the
// manifest. See the package comment for why it is consistent.
func Write(ctx context.Context, dst Sink, src Source) (Manifest, error) {
	m := Manifest{Format: Format, Created: time.Now().UTC()}
	add := func(name string, size int64, r io.Reader) error {
		h := sha256.New()
		cr := &countio.Reader{R: io.TeeReader(r, h)}
		if err := dst.Add(name, size, cr); err != nil {
			return fmt.Errorf("backup: %s: %w", name, err)
		}
		if cr.N != size {
			return fmt.Errorf("backup: %s: %d bytes, want %d", name, cr.N, size)
		}
		m.Files = append(m.Files, File{Path: name, Size: size, SHA256: hex.EncodeToString(h.Sum(nil))})
		return nil
	}

	// The index first: it must not get ahead of the archive copied after.
	// Copies a killed backup left behind go first (one backup of a data
	// directory runs at a time).
	if stale, _ := filepath.Glob(filepath.Join(src.Scratch, scratchPattern)); len(stale) > 0 {
		for _, p := range stale {
			os.RemoveAll(p)
		}
	}
	scratch, err := os.MkdirTemp(src.Scratch, scratchPattern)
	if err != nil {
		return m, fmt.Errorf("backup: %w", err)
	}
	defer os.RemoveAll(scratch)
	indexCopy := filepath.Join(scratch, IndexDir)
	if err := src.Index.CopyTo(indexCopy); err != nil {
		return m, fmt.Errorf("backup: %w", err)
	}
	info, err := search.Check(indexCopy)
	if err != nil {
		return m, fmt.Errorf("backup: the index copy: %w", err)
	}
	m.Articles, m.IndexApplied = info.Docs, info.Applied
	if err := ctx.Err(); err != nil {
		return m, err
	}

	// The capture index goes to the scratch directory first: archive
	// writes may wait while its snapshot is read, so that must not wait
	// on a slow reader of the backup.
	dbCopy := filepath.Join(scratch, "captures.db")
	snap, err := src.Archive.Snapshot(ctx, func(size int64, r io.Reader) error {
		return copyToFile(dbCopy, r)
	})
	if err != nil {
		return m, fmt.Errorf("backup: %w", err)
	}
	m.Captures, m.URLs, m.ArchiveSeq = snap.Captures, snap.URLs, snap.LastSeq
	if m.IndexApplied > m.ArchiveSeq {
		return m, fmt.Errorf("backup: the index copy is up to capture %d, ahead of the archive's %d", m.IndexApplied, m.ArchiveSeq)
	}
	if err := addFile(add, capturesDB, dbCopy); err != nil {
		return m, fmt.Errorf("backup: %w", err)
	}
	for _, f := range snap.Files {
		if err := ctx.Err(); err != nil {
			return m, err
		}
		rc, err := snap.Open(f)
		if err != nil {
			return m, fmt.Errorf("backup: %w", err)
		}
		err = add(warcDir+"/"+f.Name, f.Size, rc)
		rc.Close()
		if err != nil {
			return m, err
		}
	}

	err = filepath.WalkDir(indexCopy, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		rel, err := filepath.Rel(indexCopy, p)
		if err != nil {
			return err
		}
		return addFile(add, path.Join(IndexDir, filepath.ToSlash(rel)), p)
	})
	if err != nil {
		return m, fmt.Errorf("backup: the index: %w", err)
	}

	for _, name := range src.Extra {
		b, err := os.ReadFile(filepath.Join(src.DataDir, filepath.FromSlash(name)))
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return m, fmt.Errorf("backup: %w", err)
		}
		if err := add(name, int64(len(b)), strings.NewReader(string(b))); err != nil {
			return m, err
		}
	}

	manifest, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return m, fmt.Errorf("backup: manifest: %w", err)
	}
	manifest = append(manifest, '\n')
	if err := dst.Add(ManifestName, int64(len(manifest)), strings.NewReader(string(manifest))); err != nil {
		return m, fmt.Errorf("backup: %s: %w", ManifestName, err)
	}
	return m, nil
}

// copyToFile writes r to a new file at p.
func copyToFile(p string, r io.Reader) error {
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	_, err = io.Copy(f, r)
	return errors.Join(err, f.Close())
}

// scratchPattern names the scratch directories of Write.
const scratchPattern = ".backup-index-*"

// addFile adds the file at p on disk as name.
func addFile(add func(string, int64, io.Reader) error, name, p string) error {
	f, err := os.Open(p)
	if err != nil {
		return err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return err
	}
	return add(name, info.Size(), io.LimitReader(f, info.Size()))
}

// validPath reports whether a path from a backup is one Gazette writes:
// relative, clean, slash-separated, under archive/, index/ or crawl/, or
// the manifest.
func validPath(p string) bool {
	if p == ManifestName {
		return true
	}
	if p == "" || !fs.ValidPath(p) || strings.Contains(p, `\`) {
		return false
	}
	top, _, _ := strings.Cut(p, "/")
	return slices.Contains([]string{ArchiveDir, IndexDir, "crawl"}, top) && strings.Contains(p, "/")
}

// hashFile returns the size and SHA-256 of a file.
func hashFile(p string) (int64, string, error) {
	f, err := os.Open(p)
	if err != nil {
		return 0, "", err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return n, "", err
	}
	return n, hex.EncodeToString(h.Sum(nil)), nil
}
