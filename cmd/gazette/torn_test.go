package main

import (
	"archive/zip"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gazette-news/gazette/archive"
	"github.com/gazette-news/gazette/cmd/gazette/demo"
	"github.com/nlnwa/gowarc"
)

// TestExportAfterTornTail: half a record at the end of a WARC file (what a
// crash mid-write leaves) is cut off and kept aside when the archive opens,
// with a warning, so that `export --wacz` writes only WARC files a strict
// reader accepts, and every capture is still exported.
func TestExportAfterTornTail(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	a, err := openApp(ctx, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	sum, err := importFiles(ctx, a, demo.Files, []string{"files"}, importOptions{}, nil)
	if err != nil || sum.Imported == 0 {
		a.Close()
		t.Fatalf("demo import: %+v, %v", sum, err)
	}
	var last archive.Capture
	err = a.archive.All(ctx, func(c archive.Capture) error {
		if c.Offset > last.Offset {
			last = c
		}
		return nil
	})
	captures, _, _ := a.archive.Count()
	a.Close()
	if err != nil || last.File == "" {
		t.Fatalf("no capture found: %v", err)
	}
	path := filepath.Join(dir, "archive", "warc", last.File)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	torn := data[last.Offset : last.Offset+last.Length/2]
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write(torn); err != nil {
		t.Fatal(err)
	}
	f.Close()

	file := filepath.Join(t.TempDir(), "all.wacz")
	code, stdout, stderr := runCmd(t, "export", "--data", dir, "--wacz", file)
	if code != 0 {
		t.Fatalf("export: exit %d\n%s%s", code, stdout, stderr)
	}
	if !strings.Contains(stderr, "partial record") || !strings.Contains(stderr, last.File) {
		t.Errorf("export did not log the cut:\n%s", stderr)
	}
	if info, err := os.Stat(path); err != nil || info.Size() != int64(len(data)) {
		t.Errorf("WARC file after open: %d bytes (%v), want %d", info.Size(), err, len(data))
	}
	kept, _ := filepath.Glob(filepath.Join(dir, "archive", archive.QuarantineDir, last.File+".*.torn"))
	if len(kept) != 1 {
		t.Fatalf("quarantine holds %v, want one copy", kept)
	}
	if b, err := os.ReadFile(kept[0]); err != nil || string(b) != string(torn) {
		t.Errorf("quarantined %d bytes (%v), want the %d torn ones", len(b), err, len(torn))
	}

	z := checkWACZ(t, file, sum.Imported)
	records := 0
	zr, err := zip.OpenReader(file)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	for _, m := range zr.File {
		if strings.HasPrefix(m.Name, "archive/") {
			records += strictWARC(t, m)
		}
	}
	if len(z.WARCs()) == 0 || records < captures {
		t.Errorf("WACZ holds %d WARC files with %d records, want the %d captures at least", len(z.WARCs()), records, captures)
	}
}

// strictWARC reads a WARC member of a ZIP with nlnwa/gowarc in strict mode
// and returns how many records it holds; any error fails the test.
func strictWARC(t *testing.T, m *zip.File) int {
	t.Helper()
	rc, err := m.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	tmp := filepath.Join(t.TempDir(), filepath.Base(m.Name))
	out, err := os.Create(tmp)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, rc); err != nil {
		t.Fatal(err)
	}
	out.Close()
	r, err := gowarc.NewWarcFileReader(tmp, 0, gowarc.WithStrictValidation())
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	n := 0
	for {
		_, off, validation, err := r.Next()
		if err == io.EOF {
			return n
		}
		if err != nil {
			t.Fatalf("%s: strict read at %d: %v", m.Name, off, err)
		}
		if !validation.Valid() {
			t.Errorf("%s: record at %d: %v", m.Name, off, validation)
		}
		n++
	}
}
