package archive

import (
	"bytes"
	"errors"
	"io"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
)

// readAll reads a WARC stream and collects what ReadWARC hands out.
func readAll(t *testing.T, r io.Reader) ([]Capture, []*RecordError, error) {
	t.Helper()
	var caps []Capture
	var errs []*RecordError
	err := ReadWARC(r, func(c Capture) error {
		caps = append(caps, c)
		return nil
	}, func(err error) {
		var re *RecordError
		if !errors.As(err, &re) {
			t.Errorf("onError got %T %v, want *RecordError", err, err)
			return
		}
		errs = append(errs, re)
	})
	return caps, errs, err
}

func readFixture(t *testing.T, name string) ([]Capture, []*RecordError) {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	caps, errs, err := readAll(t, f)
	if err != nil {
		t.Fatalf("ReadWARC(%s) = %v", name, err)
	}
	return caps, errs
}

// want describes one expected capture.
type want struct {
	url, mime, body, charset string
	status                   int
	resource                 bool
}

func checkCaptures(t *testing.T, got []Capture, wants []want) {
	t.Helper()
	if len(got) != len(wants) {
		var urls []string
		for _, c := range got {
			urls = append(urls, c.URL)
		}
		t.Fatalf("got %d captures %q, want %d", len(got), urls, len(wants))
	}
	for i, w := range wants {
		c := got[i]
		if c.URL != w.url {
			t.Errorf("capture %d: URL %q, want %q", i, c.URL, w.url)
		}
		if c.Status != w.status {
			t.Errorf("%s: Status %d, want %d", w.url, c.Status, w.status)
		}
		if c.MIME != w.mime {
			t.Errorf("%s: MIME %q, want %q", w.url, c.MIME, w.mime)
		}
		if string(c.Body) != w.body {
			t.Errorf("%s: Body\n%q\nwant\n%q", w.url, c.Body, w.body)
		}
		if w.resource != (c.Header == nil) {
			t.Errorf("%s: Header %v, want resource=%v", w.url, c.Header, w.resource)
		}
		if w.charset != "" && !strings.Contains(c.Header.Get("Content-Type"), w.charset) {
			t.Errorf("%s: Content-Type %q lost its charset %q", w.url, c.Header.Get("Content-Type"), w.charset)
		}
		if c.Header != nil && (c.Header.Get("Transfer-Encoding") != "" || c.Header.Get("Content-Encoding") != "") {
			t.Errorf("%s: decoded body still has codings in header %v", w.url, c.Header)
		}
		if !strings.HasPrefix(c.Digest, "sha1:") || len(c.Digest) != 37 {
			t.Errorf("%s: Digest %q", w.url, c.Digest)
		}
		if c.Time.IsZero() || c.Time.Location() != time.UTC {
			t.Errorf("%s: Time %v, want a UTC time", w.url, c.Time)
		}
		if c.RecordID == "" || strings.ContainsAny(c.RecordID, "<>") {
			t.Errorf("%s: RecordID %q", w.url, c.RecordID)
		}
		if c.Length <= 0 {
			t.Errorf("%s: Length %d", w.url, c.Length)
		}
	}
}

func TestReadWARCWget(t *testing.T) {
	caps, errs := readFixture(t, "testdata/wget.warc")
	for _, e := range errs {
		t.Errorf("unexpected error: %v", e)
	}
	checkCaptures(t, caps, []want{
		{url: "http://news.example/2024/05/harbour-bridge-reopens.html", status: 200, mime: "text/html", body: bridgePage, charset: "charset=utf-8"},
		// Sent chunked; wget archives the chunks as they came.
		{url: "http://news.example/2024/05/council-vote.html", status: 200, mime: "text/html", body: councilPage, charset: "charset=ISO-8859-1"},
		{url: "http://news.example/latest", status: 301, mime: "text/html", body: "<a href=\"http://news.example/2024/05/market-day.html\">Moved Permanently</a>.\n\n"},
		{url: "http://news.example/2024/05/market-day.html", status: 200, mime: "text/html", body: marketPage},
		{url: "http://news.example/gone.html", status: 404, mime: "text/html", body: gonePage},
		// wget's metadata://...wget.log and arguments resources are skipped.
	})
	if got := caps[2].Header.Get("Location"); got != "http://news.example/2024/05/market-day.html" {
		t.Errorf("redirect Location = %q", got)
	}
	// The capture's offset is where the response record starts.
	b, err := os.ReadFile("testdata/wget.warc")
	if err != nil {
		t.Fatal(err)
	}
	rec := b[caps[1].Offset : caps[1].Offset+caps[1].Length]
	if !bytes.HasPrefix(rec, []byte("WARC/1.0\r\nWARC-Type: response\r\n")) || !bytes.HasSuffix(rec, []byte("0\r\n\r\n\r\n\r\n")) {
		t.Errorf("Offset/Length do not frame the record: %q ... %q", rec[:40], rec[len(rec)-20:])
	}
}

func TestReadWARCBrowsertrix(t *testing.T) {
	caps, errs := readFixture(t, "testdata/browsertrix.warc.gz")
	for _, e := range errs {
		t.Errorf("unexpected error: %v", e)
	}
	checkCaptures(t, caps, []want{
		{url: "https://www.tidewater-gazette.test/world/ferry-strike.html", status: 200, mime: "text/html", body: ferryPage, charset: "charset=utf-8"},
		{url: "https://www.tidewater-gazette.test/local/spring-tides.html", status: 200, mime: "text/html", body: tidesPage},
		{url: "https://www.tidewater-gazette.test/world/ferry-strike.html", status: 200, mime: "text/html", body: ""},
		{url: "https://www.tidewater-gazette.test/notes.txt", status: 200, mime: "text/plain", body: notesText, resource: true},
	})
	// The revisit record: headers, the shared payload's digest and what it
	// says of the record holding the payload.
	rev := caps[2]
	if rev.Original == nil || rev.Original.RecordID != "urn:uuid:0b6f3c8e-0000-4000-8000-000000000003" {
		t.Errorf("revisit Original = %+v, want the ferry response's record id", rev.Original)
	}
	if rev.Digest != caps[0].Digest {
		t.Errorf("revisit Digest = %s, want the ferry payload's %s", rev.Digest, caps[0].Digest)
	}
	for i, c := range caps {
		if i != 2 && c.Original != nil {
			t.Errorf("capture %d (%s) has Original %+v", i, c.URL, c.Original)
		}
	}
	if want := time.Date(2024, 5, 1, 9, 30, 15, 123456000, time.UTC); !caps[0].Time.Equal(want) {
		t.Errorf("Time = %v, want %v (microseconds kept)", caps[0].Time, want)
	}
	if got, want := caps[0].Header.Get("Content-Length"), strconv.Itoa(len(ferryPage)); got != want {
		t.Errorf("Content-Length after decoding = %q, want %q", got, want)
	}
	// Digest is of the payload as stored, i.e. the gzip bytes.
	if caps[0].Digest != sha1Digest(gz([]byte(ferryPage))) {
		t.Errorf("Digest %s is not of the stored (compressed) payload", caps[0].Digest)
	}
	if caps[0].RecordID != "urn:uuid:0b6f3c8e-0000-4000-8000-000000000003" {
		t.Errorf("RecordID = %q", caps[0].RecordID)
	}
}

func TestReadWARCBroken(t *testing.T) {
	tests := []struct {
		file    string
		want    []want
		errs    []string // substrings of the reported errors, in order
		numbers []int    // record numbers of the reported errors
	}{
		{
			file: "testdata/broken.warc.gz",
			want: []want{
				{url: "http://news.example/a.html", status: 200, mime: "text/plain", body: "first good record"},
				{url: "http://news.example/b.txt", status: 200, mime: "text/plain", body: "second good record", resource: true},
				{url: "http://news.example/e.html", status: 200, mime: "text/plain", body: "third good record"},
			},
			errs:    []string{"not a WARC record", "block: digest mismatch", "Content-Length", "truncated"},
			numbers: []int{0, 3, 4, 6},
		},
		{
			file: "testdata/broken.warc",
			want: []want{
				{url: "http://news.example/a.html", status: 200, mime: "text/plain", body: "first good record"},
				{url: "http://news.example/r.txt", status: 200, mime: "text/plain", body: "second good record", resource: true},
			},
			errs:    []string{"not a WARC record", "payload: digest mismatch", "WARC-Date", "truncated"},
			numbers: []int{0, 2, 3, 5},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			caps, errs := readFixture(t, tt.file)
			checkCaptures(t, caps, tt.want)
			if len(errs) != len(tt.errs) {
				t.Fatalf("got %d errors %v, want %d", len(errs), errs, len(tt.errs))
			}
			for i, e := range errs {
				if !strings.Contains(e.Error(), tt.errs[i]) {
					t.Errorf("error %d = %v, want it to mention %q", i, e, tt.errs[i])
				}
				if e.Number != tt.numbers[i] {
					t.Errorf("error %d: Number = %d, want %d", i, e.Number, tt.numbers[i])
				}
				if e.Offset <= 0 {
					t.Errorf("error %d: Offset = %d", i, e.Offset)
				}
			}
		})
	}
}

func TestReadWARCStreams(t *testing.T) {
	page := goodResponse("http://news.example/one.html", "2024-05-03T10:00:00Z", "one")
	page2 := goodResponse("http://news.example/two.html", "2024-05-03T10:00:01Z", "two")
	tests := []struct {
		name    string
		stream  []byte
		urls    []string
		errs    int
		wantErr error
	}{
		{name: "empty", stream: nil},
		{name: "not a WARC", stream: []byte("<html><body>hello</body></html>\n"), errs: 1, wantErr: ErrNotWARC},
		{name: "plain", stream: cat(page, page2), urls: []string{"http://news.example/one.html", "http://news.example/two.html"}},
		{name: "whole file gzipped", stream: gz(cat(page, page2)), urls: []string{"http://news.example/one.html", "http://news.example/two.html"}},
		{name: "gzip per record", stream: cat(gz(page), gz(page2)), urls: []string{"http://news.example/one.html", "http://news.example/two.html"}},
		{name: "blank lines between records", stream: cat(page, []byte("\r\n\n"), page2), urls: []string{"http://news.example/one.html", "http://news.example/two.html"}},
		{name: "garbage inside a gzip member", stream: cat(gz(cat(page, []byte("junk junk"), page2))), urls: []string{"http://news.example/one.html", "http://news.example/two.html"}, errs: 1},
		{name: "corrupt gzip member", stream: cat(gz(page), []byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff, 1, 2, 3}, gz(page2)), urls: []string{"http://news.example/one.html", "http://news.example/two.html"}, errs: 1},
		{name: "header only", stream: []byte("WARC/1.1\r\nWARC-Type: response\r\n"), errs: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			caps, errs, err := readAll(t, bytes.NewReader(tt.stream))
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			var urls []string
			for _, c := range caps {
				urls = append(urls, c.URL)
			}
			if strings.Join(urls, " ") != strings.Join(tt.urls, " ") {
				t.Errorf("urls = %q, want %q", urls, tt.urls)
			}
			if len(errs) != tt.errs {
				t.Errorf("got %d errors %v, want %d", len(errs), errs, tt.errs)
			}
		})
	}
}

func TestReadWARCStopsOnCallbackError(t *testing.T) {
	stop := errors.New("enough")
	n := 0
	err := ReadWARC(bytes.NewReader(cat(goodResponse("http://a.example/", "2024-01-01T00:00:00Z", "a"), goodResponse("http://b.example/", "2024-01-01T00:00:00Z", "b"))),
		func(Capture) error { n++; return stop }, nil)
	if !errors.Is(err, stop) || n != 1 {
		t.Errorf("err = %v after %d calls, want %v after 1", err, n, stop)
	}
}

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errors.New("disk on fire") }

func TestReadWARCUnreadableStream(t *testing.T) {
	err := ReadWARC(failingReader{}, func(Capture) error { return nil }, nil)
	if err == nil || !strings.Contains(err.Error(), "disk on fire") {
		t.Errorf("err = %v, want the read error", err)
	}
}

func cat(parts ...[]byte) []byte { return bytes.Join(parts, nil) }
