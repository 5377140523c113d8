package backup

import (
	"archive/tar"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"
)

// WriteTar writes a backup of src to w as a tar stream (the files in the
// order Write adds them, the manifest last), for a backup taken through
// the server. On an error the stream ends without the tar trailer, so a
// reader cannot take it for a whole backup.
func WriteTar(ctx context.Context, w io.Writer, src Source) (Manifest, error) {
	tw := tar.NewWriter(w)
	m, err := Write(ctx, &tarSink{tw: tw, modTime: time.Now()}, src)
	if err != nil {
		return m, err
	}
	if err := tw.Close(); err != nil {
		return m, fmt.Errorf("backup: %w", err)
	}
	return m, nil
}

type tarSink struct {
	tw      *tar.Writer
	modTime time.Time
}

func (t *tarSink) Add(p string, size int64, r io.Reader) error {
	err := t.tw.WriteHeader(&tar.Header{Typeflag: tar.TypeReg, Name: p, Size: size, Mode: 0o644, ModTime: t.modTime, Format: tar.FormatPAX})
	if err != nil {
		return err
	}
	n, err := io.Copy(t.tw, io.LimitReader(r, size))
	if err == nil && n != size {
		err = fmt.Errorf("%d bytes, want %d", n, size)
	}
	return err
}

// ReadTar reads a backup written by WriteTar from r into the directory
// dest, which must not exist or be empty. Every file is checked against
// the manifest (size and SHA-256) before the backup is renamed into place,
// so dest never holds a partial or damaged backup.
func ReadTar(r io.Reader, dest string) (Manifest, error) {
	var m Manifest
	if err := mustBeFree(dest); err != nil {
		return m, fmt.Errorf("backup: %w", err)
	}
	st, err := newStaging(dest, "partial")
	if err != nil {
		return m, fmt.Errorf("backup: %w", err)
	}
	err = readTar(r, newDirSink(st.dir), &m)
	if err == nil {
		err = st.finish()
	}
	if err != nil {
		st.abandon()
		return m, fmt.Errorf("backup to %s: %w", dest, err)
	}
	return m, nil
}

func readTar(r io.Reader, sink *dirSink, m *Manifest) error {
	tr := tar.NewReader(r)
	gotManifest := false
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return fmt.Errorf("the backup stream broke off (%w)", err)
		}
		if gotManifest {
			return fmt.Errorf("%s comes after %s", h.Name, ManifestName)
		}
		if h.Typeflag != tar.TypeReg || h.Size < 0 {
			return fmt.Errorf("%s: not a regular file", h.Name)
		}
		if err := sink.Add(h.Name, h.Size, tr); err != nil {
			if errors.Is(err, io.ErrUnexpectedEOF) {
				return fmt.Errorf("the backup stream broke off in %s", h.Name)
			}
			return fmt.Errorf("%s: %w", h.Name, err)
		}
		if h.Name == ManifestName {
			gotManifest = true
		}
	}
	if !gotManifest {
		return fmt.Errorf("the backup stream ended without %s: incomplete", ManifestName)
	}
	if err := readManifest(sink.root, m); err != nil {
		return err
	}
	return sink.check(*m)
}

// maxManifest bounds the manifest read.
const maxManifest = 64 << 20

func decodeManifest(r io.Reader, m *Manifest) error {
	dec := json.NewDecoder(io.LimitReader(r, maxManifest))
	if err := dec.Decode(m); err != nil {
		return fmt.Errorf("%s: %w", ManifestName, err)
	}
	return nil
}
