package main

import (
	"archive/zip"
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gazette-news/gazette/archive"
	"github.com/gazette-news/gazette/archive/wacz"
	"github.com/gazette-news/gazette/cmd/gazette/demo"
	"github.com/gazette-news/gazette/search"
	"github.com/gazette-news/gazette/urlid"
)

// TestExportWACZ exports the demo archive to a WACZ, checks its structure
// (members, hashes, CDXJ offsets, pages) and imports it into a fresh data
// directory, which must then answer searches exactly as the original. A
// query export must hold just the matching articles.
func TestExportWACZ(t *testing.T) {
	ctx := context.Background()
	orig, sum := demoDataDir(t)

	t.Run("all", func(t *testing.T) {
		file := filepath.Join(t.TempDir(), "demo.wacz")
		runOK(t, "export", "--data", orig, "--wacz", file)
		z := checkWACZ(t, file, sum.Imported)
		if len(z.WARCs()) < 1 || slices.Contains(z.WARCs(), "archive/gazette-export.warc.gz") {
			t.Errorf("WARC files %v: want the archive's own files, copied whole", z.WARCs())
		}

		copyDir := t.TempDir()
		out := runOK(t, "import", "--data", copyDir, file)
		if !strings.Contains(out, "0 skipped") {
			t.Errorf("re-import skipped something:\n%s", out)
		}
		for _, q := range []string{"", "Izyum", "Kupiansk", "Харків", "lang:ru"} {
			want := searchAll(t, orig, q)
			got := searchAll(t, copyDir, q)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("query %q after re-import:\n got %+v\nwant %+v", q, got, want)
			}
		}
	})

	t.Run("query", func(t *testing.T) {
		want := searchAll(t, orig, "Izyum")
		if want.Total == 0 || int(want.Total) == sum.Imported {
			t.Fatalf("query Izyum finds %d of %d articles; the test needs a proper subset", want.Total, sum.Imported)
		}
		file := filepath.Join(t.TempDir(), "izyum.wacz")
		runOK(t, "export", "--data", orig, "--wacz", file, "--query", "Izyum")
		z := checkWACZ(t, file, int(want.Total))
		if !reflect.DeepEqual(z.WARCs(), []string{"archive/gazette-export.warc.gz"}) {
			t.Errorf("WARC files %v, want one rewritten file", z.WARCs())
		}

		copyDir := t.TempDir()
		runOK(t, "import", "--data", copyDir, file)
		got := searchAll(t, copyDir, "")
		slices.Sort(got.Titles)
		slices.Sort(want.Titles)
		if got.Total != want.Total || !reflect.DeepEqual(got.Titles, want.Titles) {
			t.Errorf("re-imported query export holds %v, want %v", got.Titles, want.Titles)
		}
	})

	// An article whose page declared a canonical URL was captured from
	// another URL: its capture must be found and exported all the same.
	t.Run("canonical", func(t *testing.T) {
		dir := t.TempDir()
		a, err := openApp(ctx, dir, nil)
		if err != nil {
			t.Fatal(err)
		}
		page := func(canonical, title, text string) []byte {
			return []byte(`<html><head><title>` + title + `</title><link rel="canonical" href="` + canonical + `"></head><body><article><h1>` +
				title + `</h1><p>` + strings.Repeat(text+" ", 12) + `</p></article></body></html>`)
		}
		captured := "https://news.example/story?utm_source=feed"
		for _, c := range []archive.Capture{
			{URL: captured, Time: time.Date(2022, 9, 10, 6, 0, 0, 0, time.UTC), Status: 200,
				Header: http.Header{"Content-Type": {"text/html; charset=utf-8"}},
				Body:   page("https://news.example/story", "Ferry service resumes at Quillhaven", "The Quillhaven ferry sailed again on Saturday after a week of storms kept it in port.")},
			{URL: "https://news.example/other", Time: time.Date(2022, 9, 11, 6, 0, 0, 0, time.UTC), Status: 200,
				Header: http.Header{"Content-Type": {"text/html; charset=utf-8"}},
				Body:   page("https://news.example/other", "Orchard harvest comes in early", "Apple growers picked the orchards two weeks early this year after a warm and dry summer.")},
		} {
			if _, _, err := a.archive.Add(ctx, c); err != nil {
				t.Fatalf("archive %s: %v", c.URL, err)
			}
		}
		if _, err := a.ingest.CatchUp(ctx, nil); err != nil {
			t.Fatal(err)
		}
		a.Close()
		if got := searchAll(t, dir, "Quillhaven"); got.Total != 1 {
			t.Fatalf("fixture: Quillhaven finds %d articles", got.Total)
		}

		file := filepath.Join(t.TempDir(), "ferry.wacz")
		runOK(t, "export", "--data", dir, "--wacz", file, "--query", "Quillhaven")
		z := checkWACZ(t, file, 1)
		rc, err := z.OpenMember("pages/pages.jsonl")
		if err != nil {
			t.Fatal(err)
		}
		pj, _ := io.ReadAll(rc)
		rc.Close()
		if !strings.Contains(string(pj), `"url":"`+captured+`"`) {
			t.Errorf("pages.jsonl does not name the captured URL %s:\n%s", captured, pj)
		}
		copyDir := t.TempDir()
		runOK(t, "import", "--data", copyDir, file)
		if got, want := searchAll(t, copyDir, ""), searchAll(t, dir, "Quillhaven"); !reflect.DeepEqual(got.IDs, want.IDs) {
			t.Errorf("re-imported ferry export holds %v, want %v", got.Titles, want.Titles)
		}
	})

	// --cdxj - prints the capture index; each line leads to its record in
	// the data directory's WARC files.
	t.Run("cdxj", func(t *testing.T) {
		out := runOK(t, "export", "--data", orig, "--cdxj", "-")
		lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
		if len(lines) != sum.Imported || !slices.IsSorted(lines) {
			t.Fatalf("%d CDXJ lines (sorted: %v), want %d:\n%s", len(lines), slices.IsSorted(lines), sum.Imported, out)
		}
		for _, line := range lines {
			var e struct{ URL, Offset, Length, Filename string }
			if err := json.Unmarshal([]byte(line[strings.Index(line, "{"):]), &e); err != nil {
				t.Fatalf("CDXJ line %q: %v", line, err)
			}
			warc, err := os.ReadFile(filepath.Join(orig, "archive", "warc", e.Filename))
			if err != nil {
				t.Fatal(err)
			}
			off, _ := strconv.Atoi(e.Offset)
			n, _ := strconv.Atoi(e.Length)
			var got []string
			archive.ReadWARC(bytes.NewReader(warc[off:off+n]), func(c archive.Capture) error {
				got = append(got, c.URL)
				return nil
			}, func(err error) { t.Error(err) })
			if len(got) != 1 || got[0] != e.URL {
				t.Errorf("CDXJ line %q reads back %v", line, got)
			}
		}
		file := filepath.Join(t.TempDir(), "izyum.cdxj")
		runOK(t, "export", "--data", orig, "--cdxj", file, "--query", "Izyum")
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if n := strings.Count(string(b), "\n"); n == 0 || n >= len(lines) {
			t.Errorf("--query Izyum: %d CDXJ lines of %d", n, len(lines))
		}
	})

	t.Run("errors", func(t *testing.T) {
		var stdout, stderr bytes.Buffer
		if code := run(ctx, []string{"export", "--data", orig}, &stdout, &stderr); code != 2 {
			t.Errorf("export without --wacz: exit %d, want 2", code)
		}
		file := filepath.Join(t.TempDir(), "none.wacz")
		if code := run(ctx, []string{"export", "--data", orig, "--wacz", file, "--query", "zzzqqqxxx"}, &stdout, &stderr); code != 1 {
			t.Errorf("export of an empty query: exit %d, want 1", code)
		}
		if _, err := readFile(file); err == nil {
			t.Errorf("a failed export left %s behind", file)
		}
	})
}

// demoDataDir imports the demo archive into a new data directory.
func demoDataDir(t *testing.T) (string, summary) {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	a, err := openApp(ctx, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	sum, err := importFiles(ctx, a, demo.Files, []string{"files"}, importOptions{}, nil)
	a.Close()
	if err != nil || sum.Imported == 0 {
		t.Fatalf("demo import: %+v, %v", sum, err)
	}
	return dir, sum
}

// TestExportPastTheWindow exports searches that match more articles than
// the index pages through (its window, 2 here, 10,000 in use), as
// `gazette export` does: each WACZ must list every matching article as a
// page, hold every capture of the URLs it was captured at and nothing
// else, and import back into the same articles. A malformed query is an
// error that leaves no file behind.
func TestExportPastTheWindow(t *testing.T) {
	ctx := context.Background()
	orig, _ := demoDataDir(t)
	const window = 2
	tests := []struct {
		name  string
		query string
	}{
		{"everything", ""},
		{"a place", "Izyum"},
		{"a language", "lang:ru"},
		{"either of two places", "Kupiansk OR Харків"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := searchAll(t, orig, tt.query)
			if want.Total <= window || int(want.Total) != len(want.IDs) {
				t.Fatalf("fixture: %q finds %d articles (%d on the first page); the test needs more than %d, all on one page", tt.query, want.Total, len(want.IDs), window)
			}
			a, err := openExportSource(orig, search.Options{Window: window})
			if err != nil {
				t.Fatal(err)
			}
			closeSource := sync.OnceValue(a.Close) // before importing the WACZ
			defer closeSource()
			if _, err := a.index.Search(ctx, search.Request{Query: tt.query, Page: 2, Size: window}); err == nil {
				t.Fatalf("the index pages past its window of %d", window)
			}
			// The captures the export must hold: every capture of each
			// article's source URLs (with no query, the whole archive).
			wantCaptures := map[string]bool{}
			for _, id := range want.IDs {
				d, err := a.index.Get(id)
				if err != nil {
					t.Fatal(err)
				}
				for _, u := range sourceURLs(d) {
					cs, err := a.archive.Captures(u)
					if err != nil || len(cs) == 0 {
						t.Fatalf("captures of %s: %d, %v", u, len(cs), err)
					}
					for _, c := range cs {
						wantCaptures[c.URL+" "+c.Time.Format(archive.CDXJTimestamp)] = true
					}
				}
			}
			if tt.query == "" {
				a.archive.All(ctx, func(c archive.Capture) error {
					wantCaptures[c.URL+" "+c.Time.Format(archive.CDXJTimestamp)] = true
					return nil
				})
			}

			file := filepath.Join(t.TempDir(), "export.wacz")
			var stdout bytes.Buffer
			if err := runExport(ctx, a, exportJob{wacz: file, query: tt.query}, &stdout, io.Discard); err != nil {
				t.Fatalf("export %q: %v", tt.query, err)
			}
			closeSource()
			if wantOut := fmt.Sprintf(": %d pages,", want.Total); !strings.Contains(stdout.String(), wantOut) {
				t.Errorf("export says %q, want %q", stdout.String(), wantOut)
			}
			z := checkWACZ(t, file, int(want.Total))
			if got := pageIDs(t, z); !slices.Equal(slices.Sorted(slices.Values(got)), slices.Sorted(slices.Values(want.IDs))) {
				t.Errorf("pages %v, want %v", got, want.IDs)
			}
			if got := cdxjCaptures(t, z); !reflect.DeepEqual(got, wantCaptures) {
				t.Errorf("captures %v, want %v", got, wantCaptures)
			}

			copyDir := t.TempDir()
			runOK(t, "import", "--data", copyDir, file)
			if got := searchAll(t, copyDir, ""); !slices.Equal(slices.Sorted(slices.Values(got.IDs)), slices.Sorted(slices.Values(want.IDs))) {
				t.Errorf("re-imported export holds %v, want %v", got.IDs, want.IDs)
			}
		})
	}

	t.Run("bad query", func(t *testing.T) {
		a, err := openExportSource(orig, search.Options{Window: window})
		if err != nil {
			t.Fatal(err)
		}
		defer a.Close()
		for _, job := range []exportJob{
			{wacz: filepath.Join(t.TempDir(), "bad.wacz"), query: `"unclosed`},
			{cdxj: filepath.Join(t.TempDir(), "bad.cdxj"), query: "colour:red"},
		} {
			err := runExport(ctx, a, job, io.Discard, io.Discard)
			var qe *search.QueryError
			if !errors.As(err, &qe) || !strings.Contains(err.Error(), strconv.Quote(job.query)) {
				t.Errorf("export of %q: %v, want a *search.QueryError naming the query", job.query, err)
			}
			for _, file := range []string{job.wacz, job.cdxj} {
				if _, err := os.Stat(file); file != "" && err == nil {
					t.Errorf("a failed export left %s behind", file)
				}
			}
		}
	})
}

// pageIDs lists the ids of the pages of a WACZ, in order.
func pageIDs(t *testing.T, z *wacz.Reader) []string {
	t.Helper()
	rc, err := z.OpenMember(wacz.PagesPath)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	sc := bufio.NewScanner(rc)
	sc.Buffer(nil, 16<<20)
	var ids []string
	for sc.Scan() {
		var p struct{ ID, Format string }
		if err := json.Unmarshal(sc.Bytes(), &p); err != nil {
			t.Fatal(err)
		}
		if p.Format == "" {
			ids = append(ids, p.ID)
		}
	}
	return ids
}

// cdxjCaptures lists the captures of a WACZ's index as "URL timestamp".
func cdxjCaptures(t *testing.T, z *wacz.Reader) map[string]bool {
	t.Helper()
	rc, err := z.OpenMember(wacz.IndexPath)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	sc := bufio.NewScanner(rc)
	sc.Buffer(nil, 1<<20)
	out := map[string]bool{}
	for sc.Scan() {
		_, rest, _ := strings.Cut(sc.Text(), " ")
		ts, block, _ := strings.Cut(rest, " ")
		var e struct{ URL string }
		if err := json.Unmarshal([]byte(block), &e); err != nil {
			t.Fatal(err)
		}
		out[e.URL+" "+ts] = true
	}
	return out
}

func runOK(t *testing.T, args ...string) string {
	t.Helper()
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), args, &stdout, &stderr); code != 0 {
		t.Fatalf("gazette %s: exit %d\n%s%s", strings.Join(args, " "), code, stdout.String(), stderr.String())
	}
	return stdout.String()
}

// searchResult is what must survive an export and re-import.
type searchResult struct {
	Total  uint64
	IDs    []string
	Titles []string
	Facets search.Facets
}

func searchAll(t *testing.T, dataDir, q string) searchResult {
	t.Helper()
	ix, err := search.Open(filepath.Join(dataDir, "index"))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	res, err := ix.Search(context.Background(), search.Request{Query: q, Size: 100})
	if err != nil {
		t.Fatalf("search %q: %v", q, err)
	}
	r := searchResult{Total: res.Total, Facets: res.Facets}
	for _, h := range res.Hits {
		r.IDs = append(r.IDs, h.ID)
		r.Titles = append(r.Titles, h.Title)
	}
	return r
}

// checkWACZ validates a WACZ's structure independently of the wacz package
// where it can and returns it opened.
func checkWACZ(t *testing.T, file string, wantPages int) *wacz.Reader {
	t.Helper()
	data, err := readFile(file)
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("%s is not a ZIP: %v", file, err)
	}
	members := map[string][]byte{}
	for _, f := range zr.File {
		if strings.HasPrefix(f.Name, "archive/") && f.Method != zip.Store {
			t.Errorf("%s is compressed with method %d; WARCs must be stored", f.Name, f.Method)
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		members[f.Name] = b
	}
	for _, name := range []string{"datapackage.json", "datapackage-digest.json", "indexes/index.cdxj", "pages/pages.jsonl"} {
		if _, ok := members[name]; !ok {
			t.Errorf("member %s missing", name)
		}
	}

	// datapackage.json lists every other file with its size and sha256.
	var dp wacz.DataPackage
	if err := json.Unmarshal(members["datapackage.json"], &dp); err != nil {
		t.Fatal(err)
	}
	if dp.WACZVersion != "1.1.1" || dp.Profile != "data-package" {
		t.Errorf("datapackage.json: version %q, profile %q", dp.WACZVersion, dp.Profile)
	}
	listed := map[string]bool{}
	for _, r := range dp.Resources {
		listed[r.Path] = true
		b, ok := members[r.Path]
		if !ok {
			t.Errorf("datapackage.json lists %s, which is missing", r.Path)
			continue
		}
		if r.Bytes != int64(len(b)) || r.Hash != sha256Hex(b) {
			t.Errorf("%s: datapackage.json says %d bytes %s; it has %d bytes %s", r.Path, r.Bytes, r.Hash, len(b), sha256Hex(b))
		}
	}
	for name := range members {
		if name != "datapackage.json" && name != "datapackage-digest.json" && !listed[name] {
			t.Errorf("%s is not listed in datapackage.json", name)
		}
	}
	var dg wacz.Digest
	if err := json.Unmarshal(members["datapackage-digest.json"], &dg); err != nil {
		t.Fatal(err)
	}
	if dg.Path != "datapackage.json" || dg.Hash != sha256Hex(members["datapackage.json"]) {
		t.Errorf("datapackage-digest.json = %+v, want the hash of datapackage.json", dg)
	}

	// Every CDXJ line points at its record: reading at its offset yields
	// the capture it names.
	cdxj := strings.TrimSuffix(string(members["indexes/index.cdxj"]), "\n")
	lines := strings.Split(cdxj, "\n")
	if !slices.IsSorted(lines) {
		t.Error("index.cdxj is not sorted")
	}
	for _, line := range lines {
		key, rest, _ := strings.Cut(line, " ")
		ts, block, _ := strings.Cut(rest, " ")
		var e struct{ URL, Digest, Length, Offset, Filename, Status string }
		if err := json.Unmarshal([]byte(block), &e); err != nil {
			t.Fatalf("CDXJ line %q: %v", line, err)
		}
		if key != urlid.SURT(e.URL) || len(ts) != 14 {
			t.Errorf("CDXJ line %q: bad key or timestamp", line)
		}
		warc, ok := members["archive/"+e.Filename]
		off, err1 := strconv.Atoi(e.Offset)
		n, err2 := strconv.Atoi(e.Length)
		if !ok || err1 != nil || err2 != nil || off+n > len(warc) {
			t.Errorf("CDXJ line %q points outside the WARC files", line)
			continue
		}
		var got []archive.Capture
		err := archive.ReadWARC(bytes.NewReader(warc[off:off+n]), func(c archive.Capture) error {
			got = append(got, c)
			return nil
		}, func(err error) { t.Errorf("CDXJ line %q: %v", line, err) })
		if err != nil || len(got) != 1 {
			t.Errorf("CDXJ line %q: read %d captures, %v", line, len(got), err)
			continue
		}
		if c := got[0]; c.URL != e.URL || c.Time.Format(archive.CDXJTimestamp) != ts || c.Digest != e.Digest || strconv.Itoa(c.Status) != e.Status {
			t.Errorf("CDXJ line %q reads back %s %s %s %d", line, c.URL, c.Time, c.Digest, c.Status)
		}
	}

	// pages.jsonl: the header line, then one article per line with its text.
	sc := bufio.NewScanner(bytes.NewReader(members["pages/pages.jsonl"]))
	sc.Buffer(nil, 16<<20)
	var header map[string]any
	pages := 0
	for sc.Scan() {
		if header == nil {
			if err := json.Unmarshal(sc.Bytes(), &header); err != nil || header["format"] != "json-pages-1.0" {
				t.Errorf("pages.jsonl header %s: %v", sc.Text(), err)
			}
			continue
		}
		var p struct{ URL, TS, Title, Text string }
		if err := json.Unmarshal(sc.Bytes(), &p); err != nil {
			t.Fatalf("pages.jsonl line %s: %v", sc.Text(), err)
		}
		if p.URL == "" || p.TS == "" || p.Title == "" || len(p.Text) < 100 {
			t.Errorf("incomplete page %.200s", sc.Text())
		}
		pages++
	}
	if pages != wantPages {
		t.Errorf("pages.jsonl lists %d pages, want %d", pages, wantPages)
	}

	z, err := wacz.Open(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	if err := z.Verify(); err != nil {
		t.Errorf("Verify: %v", err)
	}
	return z
}

func readFile(name string) ([]byte, error) { return os.ReadFile(name) }

func sha256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return "sha256:" + hex.EncodeToString(sum[:])
}
