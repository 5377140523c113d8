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
)

// dirSink writes the files of a backup under root, each synced to disk,
// and notes their sizes and hashes.
type dirSink struct {
	root string
	got  map[string]File
}

func newDirSink(root string) *dirSink { return &dirSink{root: root, got: map[string]File{}} }

func (d *dirSink) Add(p string, size int64, r io.Reader) error {
	if !validPath(p) {
		return fmt.Errorf("%q is not a path of a Gazette backup", p)
	}
	if _, dup := d.got[p]; dup {
		return fmt.Errorf("%s comes twice", p)
	}
	dst := filepath.Join(d.root, filepath.FromSlash(p))
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(f, h), io.LimitReader(r, size+1))
	if err == nil && n != size {
		err = fmt.Errorf("%d bytes, want %d", n, size)
	}
	if err == nil {
		err = f.Sync()
	}
	if err = errors.Join(err, f.Close()); err != nil {
		return err
	}
	d.got[p] = File{Path: p, Size: size, SHA256: hex.EncodeToString(h.Sum(nil))}
	return nil
}

// check compares what was written with the manifest m.
func (d *dirSink) check(m Manifest) error {
	if m.Format != Format {
		return fmt.Errorf("backup: %s: format %q, want %q", ManifestName, m.Format, Format)
	}
	if len(d.got) != len(m.Files)+1 { // the manifest itself
		return fmt.Errorf("backup: %d files received, the manifest lists %d", len(d.got)-1, len(m.Files))
	}
	for _, f := range m.Files {
		if got, ok := d.got[f.Path]; !ok || got != f {
			return fmt.Errorf("backup: %s: received %+v, the manifest says %+v", f.Path, got, f)
		}
	}
	return nil
}

// staging is a directory beside dest where a backup or a restore is
// written before it is renamed into place, so that dest is never half
// written.
type staging struct {
	dest, dir string
}

// newStaging makes the staging directory for dest.
func newStaging(dest, purpose string) (*staging, error) {
	parent := filepath.Dir(dest)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp(parent, "."+filepath.Base(dest)+"."+purpose+"-")
	if err != nil {
		return nil, err
	}
	return &staging{dest: dest, dir: dir}, nil
}

// mustBeFree fails unless dest does not exist or is an empty directory.
func mustBeFree(dest string) error {
	entries, err := os.ReadDir(dest)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return err
	case len(entries) > 0:
		return fmt.Errorf("%s exists and is not empty", dest)
	}
	return nil
}

// abandon removes the staging directory.
func (s *staging) abandon() { os.RemoveAll(s.dir) }

// finish syncs the staging directory's directories and renames it to
// dest (an empty directory there is replaced).
func (s *staging) finish() error {
	err := filepath.WalkDir(s.dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return err
		}
		return syncDir(p)
	})
	if err != nil {
		return err
	}
	if err := mustBeFree(s.dest); err != nil {
		return err
	}
	if err := os.Remove(s.dest); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if err := os.Rename(s.dir, s.dest); err != nil {
		return err
	}
	return syncDir(filepath.Dir(s.dest))
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// WriteDir writes a backup of src into the directory dest, which must not
// exist or be empty. The backup is written beside it and renamed into
// place when complete, so dest never holds half a backup.
func WriteDir(ctx context.Context, dest string, src Source) (Manifest, error) {
	if err := mustBeFree(dest); err != nil {
		return Manifest{}, fmt.Errorf("backup: %w", err)
	}
	st, err := newStaging(dest, "partial")
	if err != nil {
		return Manifest{}, fmt.Errorf("backup: %w", err)
	}
	sink := newDirSink(st.dir)
	m, err := Write(ctx, sink, src)
	if err == nil {
		err = sink.check(m)
	}
	if err == nil {
		err = st.finish()
	}
	if err != nil {
		st.abandon()
		return m, fmt.Errorf("backup to %s: %w", dest, err)
	}
	return m, nil
}
