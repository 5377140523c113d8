package main

import (
	"compress/gzip"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestImportEmptyWARC: an empty .warc or .warc.gz is reported in the
// import summary as skipped, with the reason, not passed over in silence;
// an import of nothing but empty files fails.
func TestImportEmptyWARC(t *testing.T) {
	in := t.TempDir()
	if err := os.WriteFile(filepath.Join(in, "empty.warc"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(filepath.Join(in, "nothing.warc.gz"))
	if err != nil {
		t.Fatal(err)
	}
	zw := gzip.NewWriter(f)
	zw.Close()
	f.Close()
	text := "date 2022-09-14\nThe ferry across the Oskil near Kupiansk ran again on Wednesday after a week of repairs.\n"
	if err := os.WriteFile(filepath.Join(in, "ferry.txt"), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}

	code, out, errOut := runCmd(t, "import", "--data", t.TempDir(), in)
	if code != 0 {
		t.Fatalf("import exit %d\n%s%s", code, out, errOut)
	}
	for _, want := range []string{
		"3 files read; 1 articles imported", "2 skipped",
		"skipped " + filepath.Join(in, "empty.warc") + ": empty WARC file (0 bytes)",
		"skipped " + filepath.Join(in, "nothing.warc.gz") + ": empty WARC file: no response, resource or revisit record",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}

	code, out, errOut = runCmd(t, "import", "--data", t.TempDir(), filepath.Join(in, "empty.warc"))
	if code != 1 || !strings.Contains(out, "empty WARC file (0 bytes)") || !strings.Contains(errOut, "nothing could be imported") {
		t.Errorf("import of an empty file: exit %d\n%s%s", code, out, errOut)
	}
}
