package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gazette-news/gazette/archive/importer"
	"github.com/gazette-news/gazette/search"
)

// runCmd runs the gazette command line in-process and returns its exit code and output.
func runCmd(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

func openIndex(t *testing.T, dataDir string) *search.Index {
	t.Helper()
	idx, err := search.Open(filepath.Join(dataDir, "index"))
	if err != nil {
		t.Fatal(err)
	}
	return idx
}

// TestImportFolder imports a folder holding a seed-shaped text dump, a saved
// HTML page, a WARC written by wget (with a 404 and a windows-1251 page whose
// charset is only in the HTTP header), a truncated WARC and a PDF. The bad
// inputs are reported and skipped, the rest go in, and importing the same
// folder again adds nothing.
func TestImportFolder(t *testing.T) {
	data := t.TempDir()
	code, out, errOut := runCmd(t, "import", "--data", data, "testdata/import")
	if code != 0 {
		t.Fatalf("import exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	for _, want := range []string{"4 articles imported", "0 updated", "0 captures already archived",
		"skipped testdata/import/broken.warc.gz", "skipped testdata/import/notes.pdf: unsupported file type", "missing.html"} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}

	idx := openIndex(t, data)
	defer func() { idx.Close() }()
	if n, _ := idx.Count(); n != 4 {
		t.Fatalf("index holds %d articles, want 4", n)
	}
	cases := []struct {
		query, wantTitle, wantText string
	}{
		{"pontoon", "Engineers begin temporary crossing over the Oskil near Kupyansk", "Residents who left Kupiansk in the spring"},
		{"депо", "В Купянске восстановили железнодорожное депо", "первые грузовые составы"},
		{"бібліотеку", "У Краматорську відкрили тимчасову бібліотеку для переселенців", "понад три тисячі книжок"},
		{"reservoir", "Villagers near Izyum queue for water as reservoir pumps stay idle", "only source for roughly nine hundred people"},
	}
	for _, c := range cases {
		res, err := idx.Search(context.Background(), search.Request{Query: c.query})
		if err != nil {
			t.Fatalf("search %q: %v", c.query, err)
		}
		if res.Total != 1 {
			t.Errorf("search %q: %d hits, want 1", c.query, res.Total)
			continue
		}
		if res.Hits[0].Title != c.wantTitle {
			t.Errorf("search %q: title %q, want %q", c.query, res.Hits[0].Title, c.wantTitle)
		}
		doc, err := idx.Get(res.Hits[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(doc.Text, c.wantText) {
			t.Errorf("search %q: text lacks %q:\n%s", c.query, c.wantText, doc.Text)
		}
		for _, junk := range []string{"more stories", "Editor in chief", "We use cookies", "браузер", "Share on", "Підпишіться", "cookie"} {
			if strings.Contains(doc.Text, junk) {
				t.Errorf("search %q: boilerplate %q left in text:\n%s", c.query, junk, doc.Text)
			}
		}
	}
	idx.Close()

	// The same input again: nothing new, nothing duplicated.
	code, out, errOut = runCmd(t, "import", "--data", data, "testdata/import")
	if code != 0 {
		t.Fatalf("re-import exit %d\n%s\n%s", code, out, errOut)
	}
	// steppe.warc was read whole, so the archive's ledger skips it; the
	// HTML page and the text dump are looked up record by record, and the
	// truncated WARC, which was not read whole, is read (and reported) again.
	for _, want := range []string{"0 articles imported, 0 updated; 2 captures already archived; 2 skipped",
		"1 WARC/WACZ files were imported whole before", "skipped testdata/import/broken.warc.gz"} {
		if !strings.Contains(out, want) {
			t.Errorf("re-import summary lacks %q:\n%s", want, out)
		}
	}
	// --again reads every file again, and still adds nothing.
	code, out, errOut = runCmd(t, "import", "--again", "--data", data, "testdata/import")
	if code != 0 {
		t.Fatalf("re-import --again exit %d\n%s\n%s", code, out, errOut)
	}
	if !strings.Contains(out, "0 articles imported, 0 updated; 5 captures already archived; 2 skipped") ||
		strings.Contains(out, "imported whole before") {
		t.Errorf("re-import --again summary:\n%s", out)
	}
	idx = openIndex(t, data)
	if n, _ := idx.Count(); n != 4 {
		t.Errorf("after re-import the index holds %d articles, want 4", n)
	}
	idx.Close()

	// The ledger knows a file by its content: a renamed copy is skipped too.
	moved := filepath.Join(t.TempDir(), "renamed.warc")
	steppe, err := os.ReadFile("testdata/import/steppe.warc")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(moved, steppe, 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut = runCmd(t, "import", "--data", data, moved)
	if code != 0 || !strings.Contains(out, "1 files read; 0 articles imported, 0 updated; 0 captures already archived; 0 skipped") ||
		!strings.Contains(out, "1 WARC/WACZ files were imported whole before") {
		t.Errorf("import of a renamed copy: exit %d\n%s\n%s", code, out, errOut)
	}
	idx = openIndex(t, data) // closed when the test ends
	if n, _ := idx.Count(); n != 4 {
		t.Errorf("after the imports the index holds %d articles, want 4", n)
	}
}

// TestImportLedgerOnlyWholeFiles: a WARC file with a broken record is not
// in the ledger of files imported whole, so the next import reads it (and
// reports the record) again. That an import killed half-way through a file
// does not note it is the crash test's (cmd/gazette/crashtest): it imports
// WARC files killed again and again and finds every article.
func TestImportLedgerOnlyWholeFiles(t *testing.T) {
	steppe, err := os.ReadFile("testdata/import/steppe.warc")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	// steppe.warc's records, then a record whose header is not WARC.
	withBroken := append(append([]byte{}, steppe...), []byte("WARC/1.1\r\nWARC-Type: response\r\nContent-Length: 5\r\n\r\nhello\r\n\r\n")...)
	name := filepath.Join(dir, "with-broken.warc")
	if err := os.WriteFile(name, withBroken, 0o644); err != nil {
		t.Fatal(err)
	}
	data := t.TempDir()
	for run := 0; run < 2; run++ {
		code, out, errOut := runCmd(t, "import", "--data", data, name)
		if code != 0 {
			t.Fatalf("run %d: exit %d\n%s\n%s", run, code, out, errOut)
		}
		if strings.Contains(out, "imported whole before") || !strings.Contains(out, "no WARC-Target-URI") {
			t.Errorf("run %d: a file with a broken record must be read again and reported:\n%s", run, out)
		}
	}
}

func TestImportErrors(t *testing.T) {
	cases := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no path", []string{"import", "--data", t.TempDir()}, 2, "no PATH given"},
		{"missing path", []string{"import", "--data", t.TempDir(), "testdata/nope"}, 1, "no such file"},
		{"only bad files", []string{"import", "--data", t.TempDir(), "testdata/import/broken.warc.gz"}, 1, "nothing could be imported"},
		{"unknown command", []string{"frobnicate"}, 2, "unknown command"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, out, errOut := runCmd(t, c.args...)
			if code != c.code || !strings.Contains(out+errOut, c.want) {
				t.Errorf("exit %d (want %d), output lacks %q:\n%s%s", code, c.code, c.want, out, errOut)
			}
		})
	}
}

// TestImportGarbageCountsOnce: a .warc.gz of random bytes is one skipped
// file with one reason, not one entry for its bytes and one for the file.
func TestImportGarbageCountsOnce(t *testing.T) {
	in := t.TempDir()
	garbage := make([]byte, 5000)
	for i := range garbage {
		garbage[i] = byte(i*7919 + i/13)
	}
	if err := os.WriteFile(filepath.Join(in, "garbage.warc.gz"), garbage, 0o644); err != nil {
		t.Fatal(err)
	}
	text := "date 2022-09-14\nThe ferry across the Oskil near Kupiansk ran again on Wednesday after a week of repairs.\n"
	if err := os.WriteFile(filepath.Join(in, "ferry.txt"), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runCmd(t, "import", "--data", t.TempDir(), in)
	if code != 0 {
		t.Fatalf("import exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	if n := strings.Count(out, "garbage.warc.gz:"); n != 1 || !strings.Contains(out, "1 articles imported") || !strings.Contains(out, "1 skipped") {
		t.Errorf("want one import and the garbage skipped once:\n%s", out)
	}
}

// TestSummaryListsFirstSkips: a summary lists the first maxListedSkips
// skipped inputs and counts the rest, so an import of a large crawl (every
// listing page skipped) neither holds nor prints a list that grows with it.
func TestSummaryListsFirstSkips(t *testing.T) {
	for _, n := range []int{0, 3, maxListedSkips, maxListedSkips + 5} {
		var s summary
		for i := range n {
			s.skip(importer.Skip{Name: fmt.Sprintf("f%d.warc", i), Reason: "a listing"})
		}
		if s.skipped() != n || len(s.Skipped) != min(n, maxListedSkips) {
			t.Errorf("%d skips: skipped() = %d, listed %d", n, s.skipped(), len(s.Skipped))
		}
		var out strings.Builder
		s.print(&out)
		if got := strings.Count(out.String(), "  skipped "); got != min(n, maxListedSkips) {
			t.Errorf("%d skips: %d printed", n, got)
		}
		more := strings.Contains(out.String(), "and 5 more skipped")
		if more != (n > maxListedSkips) {
			t.Errorf("%d skips: 'and 5 more' printed: %v\n%s", n, more, out.String()[max(0, out.Len()-200):])
		}
		if !strings.Contains(out.String(), fmt.Sprintf("; %d skipped.", n)) {
			t.Errorf("%d skips: the total is not in %q", n, strings.SplitN(out.String(), "\n", 2)[0])
		}
	}
}
