package wacz

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/nlnwa/gowarc"

	"github.com/gazette-news/gazette/archive"
)

var day = time.Date(2022, 9, 10, 6, 0, 0, 0, time.UTC)

// newStore archives a few captures and returns the store and its index.
func newStore(t *testing.T) (*archive.Store, []archive.Capture) {
	t.Helper()
	s, err := archive.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	for i, u := range []string{"https://news.example/a", "https://news.example/b", "https://other.example/c?x=1"} {
		_, _, err := s.Add(context.Background(), archive.Capture{
			URL: u, Time: day.Add(time.Duration(i) * time.Hour), Status: 200,
			Header:  http.Header{"Content-Type": {"text/html; charset=utf-8"}},
			Body:    []byte("<html><title>Story " + strconv.Itoa(i) + "</title><p>Text of story " + strconv.Itoa(i) + ".</p></html>"),
			Request: []byte("GET / HTTP/1.1\r\nHost: news.example\r\n\r\n"),
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	var all []archive.Capture
	if err := s.All(context.Background(), func(c archive.Capture) error { all = append(all, c); return nil }); err != nil {
		t.Fatal(err)
	}
	return s, all
}

func TestWriteAndVerify(t *testing.T) {
	s, all := newStore(t)
	pages := []Page{{ID: "1", URL: all[0].URL, TS: all[0].Time, Title: "Story 0", Text: "Text of story 0."}}
	for _, rewrite := range []bool{false, true} {
		t.Run("rewrite="+strconv.FormatBool(rewrite), func(t *testing.T) {
			subset := all
			if rewrite {
				subset = []archive.Capture{all[2], all[0]}
			}
			var buf bytes.Buffer
			created := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
			sum, err := Write(context.Background(), &buf, s, subset, PageList(pages...), Options{Title: "T", Software: "Gazette", Created: created, Rewrite: rewrite})
			if err != nil {
				t.Fatal(err)
			}
			if sum.Captures != len(subset) || sum.Pages != 1 || sum.WARCFiles != 1 {
				t.Errorf("summary %+v", sum)
			}
			z, err := Open(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
			if err != nil {
				t.Fatal(err)
			}
			if err := z.Verify(); err != nil {
				t.Fatalf("Verify: %v", err)
			}
			dp, _, err := z.DataPackage()
			if err != nil {
				t.Fatal(err)
			}
			if dp.WACZVersion != "1.1.1" || dp.Created != "2026-01-02T03:04:05Z" || dp.Title != "T" || len(dp.Resources) != 3 {
				t.Errorf("datapackage %+v", dp)
			}
			for _, name := range z.WARCs() {
				if m, _ := z.Method(name); m != zip.Store {
					t.Errorf("%s: method %d, want stored", name, m)
				}
			}

			// Each CDXJ line reads back its own capture from the WACZ.
			rc, err := z.OpenMember(IndexPath)
			if err != nil {
				t.Fatal(err)
			}
			cdxj, _ := io.ReadAll(rc)
			rc.Close()
			lines := strings.Split(strings.TrimSpace(string(cdxj)), "\n")
			if len(lines) != len(subset) {
				t.Fatalf("%d CDXJ lines, want %d", len(lines), len(subset))
			}
			for _, line := range lines {
				_, block, _ := strings.Cut(line[strings.Index(line, " ")+1:], " ")
				var e struct{ URL, Offset, Length, Filename string }
				if err := json.Unmarshal([]byte(block), &e); err != nil {
					t.Fatal(err)
				}
				rc, err := z.OpenMember(ArchiveDir + e.Filename)
				if err != nil {
					t.Fatal(err)
				}
				warc, _ := io.ReadAll(rc)
				rc.Close()
				off, _ := strconv.Atoi(e.Offset)
				n, _ := strconv.Atoi(e.Length)
				var got []string
				archive.ReadWARC(bytes.NewReader(warc[off:off+n]), func(c archive.Capture) error {
					got = append(got, c.URL)
					return nil
				}, func(err error) { t.Error(err) })
				if len(got) != 1 || got[0] != e.URL {
					t.Errorf("line %q reads back %v", line, got)
				}
			}

			// The WARC files pass an independent strict reader, and the
			// rewritten one holds exactly the exported records.
			for _, name := range z.WARCs() {
				types := strictRecords(t, z, name)
				if rewrite && (types["response"] != len(subset) || types["request"] != len(subset) || len(types) != 2) {
					t.Errorf("%s holds %v records, want %d responses, each with its request", name, types, len(subset))
				}
			}

			rc, _ = z.OpenMember(PagesPath)
			pj, _ := io.ReadAll(rc)
			rc.Close()
			want := `{"format":"json-pages-1.0","id":"pages","title":"All Pages","hasText":true}` + "\n" +
				`{"id":"1","url":"https://news.example/a","ts":"2022-09-10T06:00:00Z","title":"Story 0","text":"Text of story 0."}` + "\n"
			if string(pj) != want {
				t.Errorf("pages.jsonl:\n%s\nwant\n%s", pj, want)
			}
		})
	}
}

// strictRecords reads a WARC member with nlnwa/gowarc in strict mode and
// counts its records by type.
func strictRecords(t *testing.T, z *Reader, name string) map[string]int {
	t.Helper()
	rc, err := z.OpenMember(name)
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(rc)
	rc.Close()
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), filepath.Base(name))
	if err := os.WriteFile(file, b, 0o644); err != nil {
		t.Fatal(err)
	}
	r, err := gowarc.NewWarcFileReader(file, 0, gowarc.WithStrictValidation())
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	types := map[string]int{}
	for {
		rec, off, validation, err := r.Next()
		if err == io.EOF {
			return types
		}
		if err != nil {
			t.Fatalf("%s: strict read at %d: %v", name, off, err)
		}
		if !validation.Valid() {
			t.Errorf("%s: record at %d: %v", name, off, validation)
		}
		types[rec.Type().String()]++
		rec.Close()
	}
}

func TestVerifyDetectsTampering(t *testing.T) {
	s, all := newStore(t)
	var buf bytes.Buffer
	if _, err := Write(context.Background(), &buf, s, all, nil, Options{}); err != nil {
		t.Fatal(err)
	}
	// Rebuild the ZIP with one byte of the WARC changed (CRC-32 recomputed).
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		rc, _ := f.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		if strings.HasPrefix(f.Name, ArchiveDir) {
			b[len(b)/2] ^= 0xff
		}
		w, _ := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: f.Method})
		w.Write(b)
	}
	zw.Close()
	z, err := Open(bytes.NewReader(out.Bytes()), int64(out.Len()))
	if err != nil {
		t.Fatal(err)
	}
	if err := z.Verify(); err == nil || !strings.Contains(err.Error(), "hash") {
		t.Errorf("Verify of a tampered WACZ = %v, want a hash mismatch", err)
	}
}

func TestWriteErrors(t *testing.T) {
	s, all := newStore(t)
	bad := all[0]
	bad.File = "../captures.db"
	for _, rewrite := range []bool{false, true} {
		if _, err := Write(context.Background(), io.Discard, s, []archive.Capture{bad}, nil, Options{Rewrite: rewrite}); err == nil {
			t.Errorf("rewrite=%v: a capture in a bad file: no error", rewrite)
		}
	}
	beyond := all[0]
	beyond.Offset = 1 << 30
	if _, err := Write(context.Background(), io.Discard, s, []archive.Capture{beyond}, nil, Options{Rewrite: true}); err == nil {
		t.Error("a record beyond the end of its file: no error")
	}
	boom := errors.New("index gone")
	failing := func(yield func(Page, error) bool) {
		if yield(Page{URL: "https://news.example/a"}, nil) {
			yield(Page{}, boom)
		}
	}
	if _, err := Write(context.Background(), io.Discard, s, all, failing, Options{}); !errors.Is(err, boom) {
		t.Errorf("a failing page sequence: Write = %v, want its error", err)
	}
	if _, err := Open(strings.NewReader("not a zip"), 9); err == nil {
		t.Error("Open of a non-ZIP: no error")
	}
}

// TestWritePagesFirst: a WACZ written pages first holds the same members,
// byte for byte, as Write's of the same captures and pages; captures is
// called once the pages have been read, and its error ends the write.
func TestWritePagesFirst(t *testing.T) {
	s, all := newStore(t)
	pages := []Page{
		{ID: "1", URL: all[0].URL, TS: all[0].Time, Title: "Story 0", Text: "Text of story 0."},
		{ID: "3", URL: all[2].URL, TS: all[2].Time, Title: "Story 2", Text: "Text of story 2."},
	}
	created := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	boom := errors.New("captures gone")
	tests := []struct {
		name     string
		captures []archive.Capture
		rewrite  bool
		err      error
	}{
		{"whole files", all, false, nil},
		{"rewritten", []archive.Capture{all[2], all[0]}, true, nil},
		{"no captures", nil, true, nil},
		{"captures fail", nil, false, boom},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := Options{Title: "T", Software: "Gazette", Created: created, Rewrite: tt.rewrite}
			read := 0
			seq := func(yield func(Page, error) bool) {
				for _, p := range pages {
					read++
					if !yield(p, nil) {
						return
					}
				}
			}
			var buf bytes.Buffer
			sum, err := WritePagesFirst(context.Background(), &buf, s, seq, func() ([]archive.Capture, error) {
				if read != len(pages) {
					t.Errorf("captures called after %d of %d pages", read, len(pages))
				}
				return tt.captures, tt.err
			}, opts)
			if tt.err != nil {
				if !errors.Is(err, tt.err) {
					t.Errorf("WritePagesFirst = %v, want %v", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var ref bytes.Buffer
			want, err := Write(context.Background(), &ref, s, tt.captures, PageList(pages...), opts)
			if err != nil {
				t.Fatal(err)
			}
			if sum != want {
				t.Errorf("summary %+v, Write's %+v", sum, want)
			}
			got, wantMembers := members(t, buf.Bytes()), members(t, ref.Bytes())
			// datapackage.json lists the same resources in another order,
			// and its digest differs with it.
			for _, m := range []map[string]string{got, wantMembers} {
				delete(m, DataPackagePath)
				delete(m, DigestPath)
			}
			if !reflect.DeepEqual(got, wantMembers) {
				t.Errorf("members differ from Write's:\n%v\nwant\n%v", got, wantMembers)
			}
			z, err := Open(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
			if err != nil {
				t.Fatal(err)
			}
			if err := z.Verify(); err != nil {
				t.Errorf("Verify: %v", err)
			}
			dp, _, err := z.DataPackage()
			if err != nil || len(dp.Resources) != len(wantMembers) {
				t.Errorf("datapackage.json lists %d resources (%v), want %d", len(dp.Resources), err, len(wantMembers))
			}
		})
	}
}

// members reads every member of a ZIP.
func members(t *testing.T, data []byte) map[string]string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		out[f.Name] = string(b)
	}
	return out
}

// TestWriteKeepsOriginalsOfRevisits exports only a capture stored as a
// revisit (its payload shared with another URL): the WACZ must carry the
// record holding the payload too, before it, so that the export replays and
// re-imports whole.
func TestWriteKeepsOriginalsOfRevisits(t *testing.T) {
	ctx := context.Background()
	s, err := archive.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	page := "<html><title>Ferry</title>" + strings.Repeat("<p>The ferry sails at six on weekdays.</p>", 20) + "</html>"
	var caps []archive.Capture
	for i, u := range []string{"https://news.example/local/ferry", "https://news.example/travel/ferry"} {
		c, _, err := s.Add(ctx, archive.Capture{URL: u, Time: day.Add(time.Duration(i) * time.Hour), Status: 200,
			Header: http.Header{"Content-Type": {"text/html"}}, Body: []byte(page)})
		if err != nil {
			t.Fatal(err)
		}
		caps = append(caps, c)
	}
	if caps[1].Original == nil {
		t.Fatal("the second capture was not stored as a revisit")
	}
	for _, rewrite := range []bool{false, true} {
		var buf bytes.Buffer
		sum, err := Write(ctx, &buf, s, caps[1:], nil, Options{Rewrite: rewrite})
		if err != nil {
			t.Fatal(err)
		}
		if sum.Captures != 2 {
			t.Errorf("rewrite=%v: %d captures written, want the revisit and its original", rewrite, sum.Captures)
		}
		z, err := Open(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
		if err != nil {
			t.Fatal(err)
		}
		cdxj, err := z.readAll(IndexPath)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(cdxj), `"url":"https://news.example/travel/ferry","mime":"warc/revisit"`) ||
			!strings.Contains(string(cdxj), `"url":"https://news.example/local/ferry","mime":"text/html"`) {
			t.Errorf("rewrite=%v: CDXJ lacks the revisit or its original:\n%s", rewrite, cdxj)
		}

		// Re-import into a fresh archive: the revisit finds its payload.
		dst, err := archive.Open(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range z.WARCs() {
			rc, err := z.OpenMember(name)
			if err != nil {
				t.Fatal(err)
			}
			err = archive.ReadWARC(rc, func(c archive.Capture) error {
				_, _, err := dst.Add(ctx, c)
				return err
			}, func(err error) { t.Errorf("rewrite=%v: %v", rewrite, err) })
			rc.Close()
			if err != nil {
				t.Fatalf("rewrite=%v: re-import: %v", rewrite, err)
			}
		}
		got, err := dst.Captures("https://news.example/travel/ferry")
		if err != nil || len(got) != 1 {
			t.Fatalf("rewrite=%v: re-imported captures %v, %v", rewrite, got, err)
		}
		full, err := dst.Load(got[0])
		if err != nil || string(full.Body) != page {
			t.Errorf("rewrite=%v: re-imported revisit loads %d bytes, %v; want the page", rewrite, len(full.Body), err)
		}
		dst.Close()
	}
}
