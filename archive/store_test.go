package archive

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nlnwa/gowarc"
)

func openStore(t *testing.T, dir string) *Store {
	t.Helper()
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func mustAdd(t *testing.T, s *Store, c Capture) Capture {
	t.Helper()
	stored, added, err := s.Add(context.Background(), c)
	if err != nil {
		t.Fatalf("Add(%s): %v", c.URL, err)
	}
	if !added {
		t.Fatalf("Add(%s): added = false, want true", c.URL)
	}
	return stored
}

var day = time.Date(2024, 5, 7, 6, 30, 0, 0, time.UTC)

func htmlCapture(url string, at time.Time, body string) Capture {
	return Capture{
		URL:    url,
		Time:   at,
		Status: 200,
		Header: http.Header{"Content-Type": {"text/html; charset=utf-8"}},
		Body:   []byte(body),
	}
}

func TestStoreAddLoadRoundTrip(t *testing.T) {
	tests := []struct {
		name       string
		in         Capture
		wantStatus int
		wantMIME   string
		wantHeader http.Header // nil for resource records
		wantBody   string
	}{
		{
			name: "HTML response with charset and repeated headers",
			in: Capture{
				URL:    "http://news.example/2024/05/council-vote.html",
				Time:   day.Add(123456789 * time.Nanosecond),
				Status: 200,
				Header: http.Header{
					"Content-Type": {"text/html; charset=ISO-8859-1"},
					"Set-Cookie":   {"a=1", "b=2"},
					"X-Served-By":  {"cache-7"},
				},
				Body: []byte("<p>d\xe9bat</p>"),
			},
			wantStatus: 200,
			wantMIME:   "text/html",
			wantHeader: http.Header{
				"Content-Type":   {"text/html; charset=ISO-8859-1"},
				"Set-Cookie":     {"a=1", "b=2"},
				"X-Served-By":    {"cache-7"},
				"Content-Length": {"12"},
			},
			wantBody: "<p>d\xe9bat</p>",
		},
		{
			name: "not found, chunked header dropped",
			in: Capture{
				URL:    "http://news.example/gone.html",
				Time:   day,
				Status: 404,
				Header: http.Header{"Content-Type": {"text/html"}, "Transfer-Encoding": {"chunked"}},
				Body:   []byte("<h1>gone</h1>"),
			},
			wantStatus: 404,
			wantMIME:   "text/html",
			wantHeader: http.Header{"Content-Type": {"text/html"}, "Content-Length": {"13"}},
			wantBody:   "<h1>gone</h1>",
		},
		{
			name: "gzip content encoding is stored as is and decoded on load",
			in: Capture{
				URL:    "https://www.tidewater-gazette.test/world/ferry-strike.html",
				Time:   day,
				Status: 200,
				Header: http.Header{"Content-Type": {"text/html; charset=utf-8"}, "Content-Encoding": {"gzip"}},
				Body:   gz([]byte(ferryPage)),
			},
			wantStatus: 200,
			wantMIME:   "text/html",
			wantHeader: http.Header{"Content-Type": {"text/html; charset=utf-8"}, "Content-Length": {fmt.Sprint(len(ferryPage))}},
			wantBody:   ferryPage,
		},
		{
			name: "plain body under a gzip header is kept as received",
			in: Capture{
				URL:    "http://news.example/lying-server.html",
				Time:   day,
				Status: 200,
				Header: http.Header{"Content-Type": {"text/html"}, "Content-Encoding": {"gzip"}},
				Body:   []byte("<p>not gzip</p>"),
			},
			wantStatus: 200,
			wantMIME:   "text/html",
			wantHeader: http.Header{"Content-Type": {"text/html"}, "Content-Encoding": {"gzip"}, "Content-Length": {"15"}},
			wantBody:   "<p>not gzip</p>",
		},
		{
			name:       "imported text file becomes a resource",
			in:         Capture{URL: "file:///home/ed/notes.txt", Time: day, MIME: "text/plain; charset=utf-8", Body: []byte(notesText), File: "notes.txt"},
			wantStatus: 200,
			wantMIME:   "text/plain",
			wantBody:   notesText,
		},
		{
			name:       "resource without a MIME type",
			in:         Capture{URL: "file:///home/ed/blob", Time: day, Body: []byte{0, 1, 2}},
			wantStatus: 200,
			wantMIME:   "application/octet-stream",
			wantBody:   "\x00\x01\x02",
		},
	}
	s := openStore(t, t.TempDir())
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stored := mustAdd(t, s, tt.in)
			if stored.File == "" || !strings.HasSuffix(stored.File, ".warc.gz") || stored.Length <= 0 || stored.RecordID == "" {
				t.Errorf("stored capture has no location: %+v", stored)
			}
			if stored.Digest != sha1Digest(tt.in.Body) {
				t.Errorf("Digest = %s, want sha1 of the stored payload %s", stored.Digest, sha1Digest(tt.in.Body))
			}
			if !stored.Time.Equal(tt.in.Time) {
				t.Errorf("Time = %v, want %v", stored.Time, tt.in.Time)
			}

			// Load from a capture as the index lists it (no body).
			caps, err := s.Captures(tt.in.URL)
			if err != nil || len(caps) != 1 {
				t.Fatalf("Captures = %v, %v; want one", caps, err)
			}
			if caps[0].Body != nil || caps[0].Header != nil {
				t.Errorf("Captures returned a body or header")
			}
			got, err := s.Load(caps[0])
			if err != nil {
				t.Fatal(err)
			}
			if got.Status != tt.wantStatus || got.MIME != tt.wantMIME {
				t.Errorf("Status, MIME = %d, %q; want %d, %q", got.Status, got.MIME, tt.wantStatus, tt.wantMIME)
			}
			if !reflect.DeepEqual(got.Header, tt.wantHeader) {
				t.Errorf("Header =\n%v\nwant\n%v", got.Header, tt.wantHeader)
			}
			if string(got.Body) != tt.wantBody {
				t.Errorf("Body = %q, want %q", got.Body, tt.wantBody)
			}
			if got.RecordID != stored.RecordID || !got.Time.Equal(tt.in.Time) || got.Digest != stored.Digest {
				t.Errorf("Load changed the capture's identity: %+v vs %+v", got, stored)
			}
		})
	}
}

func TestStoreAddIsIdempotentOnContent(t *testing.T) {
	dir := t.TempDir()
	s := openStore(t, dir)
	ctx := context.Background()
	url := "http://news.example/2024/05/market-day.html"

	first := mustAdd(t, s, htmlCapture(url, day, marketPage))
	size := warcBytes(t, dir)

	again, added, err := s.Add(ctx, htmlCapture(url, day.Add(time.Hour), marketPage))
	if err != nil || added {
		t.Fatalf("re-Add = %v, %v; want added=false", added, err)
	}
	if again.RecordID != first.RecordID || again.File != first.File || again.Offset != first.Offset {
		t.Errorf("re-Add returned %+v, want the existing capture %+v", again, first)
	}
	if warcBytes(t, dir) != size {
		t.Errorf("re-Add wrote to the WARC files")
	}

	changed := mustAdd(t, s, htmlCapture(url, day.Add(2*time.Hour), marketPage+"<p>Update: the vote was close.</p>"))
	// Going back to the first version is a change too: only the newest
	// capture counts.
	reverted := mustAdd(t, s, htmlCapture(url, day.Add(3*time.Hour), marketPage))

	caps, err := s.Captures(url)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, c := range caps {
		ids = append(ids, c.RecordID)
	}
	if want := []string{first.RecordID, changed.RecordID, reverted.RecordID}; !reflect.DeepEqual(ids, want) {
		t.Errorf("Captures = %v, want %v (oldest first)", ids, want)
	}
	if n, urls, err := s.Count(); err != nil || n != 3 || urls != 1 {
		t.Errorf("Count = %d, %d, %v; want 3, 1", n, urls, err)
	}
	// The same captures read again (a WARC imported twice holding every
	// version): nothing is added, older versions included.
	size = warcBytes(t, dir)
	for _, c := range []Capture{htmlCapture(url, day.Add(2*time.Hour), marketPage+"<p>Update: the vote was close.</p>"), htmlCapture(url, day, marketPage)} {
		got, added, err := s.Add(ctx, c)
		if err != nil || added || got.Seq == 0 {
			t.Errorf("re-Add of the capture at %s = %+v, %v, %v; want the one archived", c.Time, got, added, err)
		}
	}
	if n, _, _ := s.Count(); n != 3 || warcBytes(t, dir) != size {
		t.Errorf("re-reading the same captures archived them again: %d captures", n)
	}
	got, err := s.Load(caps[1])
	if err != nil || !strings.Contains(string(got.Body), "Update:") {
		t.Errorf("Load(second capture) = %q, %v", got.Body, err)
	}
}

// warcBytes is the total size of the store's WARC files.
func warcBytes(t *testing.T, dir string) int64 {
	t.Helper()
	var n int64
	for _, f := range warcFiles(t, dir) {
		fi, err := os.Stat(f)
		if err != nil {
			t.Fatal(err)
		}
		n += fi.Size()
	}
	return n
}

func warcFiles(t *testing.T, dir string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "warc", "*.warc.gz"))
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// TestStoreWritesValidWARC reads the files a Store wrote with gowarc in
// strict mode, and with ReadWARC.
func TestStoreWritesValidWARC(t *testing.T) {
	dir := t.TempDir()
	s := openStore(t, dir)
	added := []Capture{
		mustAdd(t, s, htmlCapture("http://news.example/a.html", day, bridgePage)),
		mustAdd(t, s, Capture{URL: "http://news.example/b.html", Time: day, Status: 301, Header: http.Header{"Location": {"http://news.example/a.html"}}}),
		mustAdd(t, s, Capture{URL: "file:///imports/notes.txt", Time: day, MIME: "text/plain", Body: []byte(notesText), File: "imports/notes.txt"}),
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	files := warcFiles(t, dir)
	if len(files) != 1 {
		t.Fatalf("WARC files = %v, want 1", files)
	}
	r, err := gowarc.NewWarcFileReader(files[0], 0, gowarc.WithStrictValidation())
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	types := map[string]int{}
	offsets := map[int64]string{}
	var sourceNote string
	for {
		rec, off, validation, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("strict read at %d: %v", off, err)
		}
		if !validation.Valid() {
			t.Errorf("record at %d: %v", off, validation)
		}
		if rec.Version() != gowarc.V1_1 {
			t.Errorf("record at %d is %v, want WARC/1.1", off, rec.Version())
		}
		types[rec.Type().String()]++
		offsets[off] = rec.RecordId()
		if rec.Type() == gowarc.Metadata {
			if got := rec.WarcHeader().GetId(gowarc.WarcRefersTo); got != added[2].RecordID {
				t.Errorf("metadata refers to %q, want the resource %q", got, added[2].RecordID)
			}
			rb, _ := rec.Block().RawBytes()
			b, _ := io.ReadAll(rb)
			sourceNote = string(b)
		}
	}
	if want := map[string]int{"warcinfo": 1, "response": 2, "resource": 1, "metadata": 1}; !reflect.DeepEqual(types, want) {
		t.Errorf("record types = %v, want %v", types, want)
	}
	if !strings.Contains(sourceNote, "source-file: imports/notes.txt") {
		t.Errorf("metadata record = %q, want the source file", sourceNote)
	}
	raw, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range added {
		if offsets[c.Offset] != c.RecordID {
			t.Errorf("%s: index offset %d holds %q, want %q", c.URL, c.Offset, offsets[c.Offset], c.RecordID)
		}
		if !isGzipMagic(raw[c.Offset:]) {
			t.Errorf("%s: record at %d is not its own gzip member", c.URL, c.Offset)
		}
	}

	// ReadWARC reads Gazette's own files back too.
	f, err := os.Open(files[0])
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	caps, errs, err := readAll(t, f)
	if err != nil || len(errs) > 0 || len(caps) != 3 {
		t.Fatalf("ReadWARC = %d captures, errors %v, %v", len(caps), errs, err)
	}
	for i, c := range caps {
		if c.RecordID != added[i].RecordID || c.Offset != added[i].Offset || c.Length != added[i].Length || c.Digest != added[i].Digest {
			t.Errorf("ReadWARC capture %d = %+v, want location of %+v", i, c, added[i])
		}
	}
}

func TestStoreReopenKeepsIndex(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	first := mustAdd(t, s, htmlCapture("http://news.example/a.html", day, bridgePage))
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Add(context.Background(), htmlCapture("http://news.example/b.html", day, "b")); !errors.Is(err, ErrClosed) {
		t.Errorf("Add after Close = %v, want ErrClosed", err)
	}

	if _, err := s.Captures("http://news.example/a.html"); !errors.Is(err, ErrClosed) {
		t.Errorf("Captures after Close = %v, want ErrClosed", err)
	}
	if err := s.Close(); err != nil {
		t.Errorf("second Close = %v", err)
	}

	s = openStore(t, dir)
	if n, urls, err := s.Count(); err != nil || n != 1 || urls != 1 {
		t.Errorf("Count after reopen = %d, %d, %v; want 1, 1", n, urls, err)
	}
	if _, added, err := s.Add(context.Background(), htmlCapture("http://news.example/a.html", day, bridgePage)); err != nil || added {
		t.Errorf("re-Add after reopen = %v, %v; want not added", added, err)
	}
	second := mustAdd(t, s, htmlCapture("http://news.example/b.html", day, marketPage))
	if second.File == first.File {
		t.Errorf("reopened store appended to %s; want a new file", first.File)
	}
	for _, c := range []Capture{first, second} {
		got, err := s.Load(Capture{File: c.File, Offset: c.Offset, Length: c.Length, RecordID: c.RecordID, URL: c.URL})
		if err != nil {
			t.Errorf("Load(%s) after reopen: %v", c.URL, err)
		} else if !bytes.Equal(got.Body, c.Body) {
			t.Errorf("Load(%s) body = %q", c.URL, got.Body)
		}
	}
}

func TestStoreRotatesFiles(t *testing.T) {
	dir := t.TempDir()
	s, err := open(dir, 1500)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var added []Capture
	for i := range 6 {
		added = append(added, mustAdd(t, s, htmlCapture(fmt.Sprintf("http://news.example/%d.html", i), day, strings.Repeat(fmt.Sprintf("story %d ", i), 100))))
	}
	if files := warcFiles(t, dir); len(files) < 3 {
		t.Errorf("%d WARC files after 6 records of ~1 KB with a 1.5 KB limit, want at least 3", len(files))
	}
	for _, c := range added {
		got, err := s.Load(c)
		if err != nil || !bytes.Equal(got.Body, c.Body) {
			t.Errorf("Load(%s) from %s = %v", c.URL, c.File, err)
		}
	}
}

func TestStoreLatest(t *testing.T) {
	s := openStore(t, t.TempDir())
	s.batch = 2 // cross batch boundaries with few URLs
	urls := []string{"http://c.example/", "http://a.example/x", "http://a.example/", "http://b.example/"}
	want := map[string]string{}
	for i, u := range urls {
		// Add the newer capture first: newest is by WARC-Date, not by order of arrival.
		newer := mustAdd(t, s, htmlCapture(u, day.Add(time.Duration(i+10)*time.Hour), "newer "+u))
		mustAdd(t, s, htmlCapture(u, day.Add(time.Duration(i)*time.Hour), "older "+u))
		want[u] = newer.RecordID
	}

	var got []string
	err := s.Latest(context.Background(), func(c Capture) error {
		got = append(got, c.URL)
		if c.RecordID != want[c.URL] {
			t.Errorf("Latest(%s) = %s, want the newest capture %s", c.URL, c.RecordID, want[c.URL])
		}
		if c.Body != nil {
			t.Errorf("Latest(%s) has a body", c.URL)
		}
		// fn may write to the store while Latest walks it.
		if c.URL == "http://a.example/x" {
			want["http://d.example/"] = mustAdd(t, s, htmlCapture("http://d.example/", day, "added during the walk")).RecordID
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	wantOrder := []string{"http://a.example/", "http://a.example/x", "http://b.example/", "http://c.example/", "http://d.example/"}
	if !reflect.DeepEqual(got, wantOrder) {
		t.Errorf("Latest order = %v, want %v", got, wantOrder)
	}

	stop := errors.New("stop")
	n := 0
	if err := s.Latest(context.Background(), func(Capture) error { n++; return stop }); !errors.Is(err, stop) || n != 1 {
		t.Errorf("Latest with failing fn = %v after %d calls", err, n)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := s.Latest(ctx, func(Capture) error { return nil }); !errors.Is(err, context.Canceled) {
		t.Errorf("Latest with cancelled context = %v", err)
	}
}

func TestStoreRejectsBadCaptures(t *testing.T) {
	s := openStore(t, t.TempDir())
	tests := []struct {
		name string
		c    Capture
	}{
		{"no URL", Capture{Body: []byte("x")}},
		{"relative URL", Capture{URL: "/2024/story.html", Body: []byte("x")}},
		{"URL with a space", Capture{URL: "http://news.example/a b.html", Body: []byte("x")}},
		{"URL with a NUL", Capture{URL: "http://news.example/a\x00b", Body: []byte("x")}},
		{"headers without status", Capture{URL: "http://news.example/", Header: http.Header{}, Body: []byte("x")}},
		{"header name that would break the message", Capture{URL: "http://news.example/", Status: 200, Header: http.Header{"X-Evil\r\nSet-Cookie": {"x"}}}},
		{"status out of range", Capture{URL: "http://news.example/", Status: 1000, Header: http.Header{}}},
		{"bad MIME", Capture{URL: "file:///x", MIME: "text/", Body: []byte("x")}},
		{"MIME with a line break", Capture{URL: "file:///x", MIME: "text/plain\r\nWARC-Type: evil", Body: []byte("x")}},
		{"source file with a line break", Capture{URL: "file:///x", File: "a\r\nb", Body: []byte("x")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, added, err := s.Add(context.Background(), tt.c); err == nil || added {
				t.Errorf("Add = %v, %v; want an error", added, err)
			}
		})
	}
	if n, _, _ := s.Count(); n != 0 {
		t.Errorf("bad captures were indexed: Count = %d", n)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, _, err := s.Add(ctx, htmlCapture("http://news.example/", day, "x")); !errors.Is(err, context.Canceled) {
		t.Errorf("Add with cancelled context = %v", err)
	}
}

func TestStoreLoadChecksTheRecord(t *testing.T) {
	dir := t.TempDir()
	s := openStore(t, dir)
	a := mustAdd(t, s, htmlCapture("http://news.example/a.html", day, bridgePage))
	b := mustAdd(t, s, htmlCapture("http://news.example/b.html", day, marketPage))

	tests := []struct {
		name string
		c    Capture
	}{
		{"path outside the archive", Capture{File: "../captures.db", Offset: 0}},
		{"missing file", Capture{File: "nope.warc.gz"}},
		{"offset of another record", Capture{File: a.File, Offset: b.Offset, Length: b.Length, RecordID: a.RecordID}},
		{"offset inside a record", Capture{File: a.File, Offset: a.Offset + 5, Length: a.Length}},
		{"negative offset", Capture{File: a.File, Offset: -1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := s.Load(tt.c); err == nil {
				t.Error("Load succeeded, want an error")
			}
		})
	}

	// Damage a byte in the middle of record a.
	path := filepath.Join(dir, "warc", a.File)
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	raw[a.Offset+a.Length/2] ^= 0xff
	if err := os.WriteFile(path, raw, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Load(a); err == nil {
		t.Error("Load of a damaged record succeeded")
	}
	if got, err := s.Load(b); err != nil || string(got.Body) != marketPage {
		t.Errorf("Load of the undamaged record = %v", err)
	}
}

func TestStoreConcurrentAdds(t *testing.T) {
	s := openStore(t, t.TempDir())
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 4 {
				// Every worker also adds the same shared page: it is archived once.
				for _, c := range []Capture{
					htmlCapture(fmt.Sprintf("http://news.example/w%d/%d.html", w, i), day, fmt.Sprintf("page %d of worker %d", i, w)),
					htmlCapture("http://news.example/shared.html", day, "the same for everyone"),
				} {
					if _, _, err := s.Add(context.Background(), c); err != nil {
						t.Error(err)
					}
				}
			}
		}()
	}
	wg.Wait()
	if n, urls, err := s.Count(); err != nil || n != 33 || urls != 33 {
		t.Errorf("Count = %d, %d, %v; want 33, 33", n, urls, err)
	}
	caps, err := s.Captures("http://news.example/shared.html")
	if err != nil || len(caps) != 1 {
		t.Errorf("shared page has %d captures, %v; want 1", len(caps), err)
	}
}

func TestStoreSecondOpenFails(t *testing.T) {
	if testing.Short() {
		t.Skip("waits for the index lock timeout")
	}
	dir := t.TempDir()
	openStore(t, dir)
	s, err := Open(dir)
	if err == nil {
		s.Close()
		t.Fatal("second Open of the same directory succeeded")
	}
	if !errors.Is(err, ErrInUse) || !strings.Contains(err.Error(), "gazette serve") {
		t.Errorf("second Open: %v; want ErrInUse, saying what to do", err)
	}
}
