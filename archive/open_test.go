package archive

import (
	"bufio"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"crypto/sha1"
	"encoding/base32"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/gazette-news/gazette/internal/peakmem"
	"github.com/klauspost/compress/zstd"
)

// TestOpenStreamsWhatLoadReads: for every kind of capture the Store holds
// (HTML, an error page, content codings, resources, a revisit), Open gives
// the status, type, header and body that Load does.
func TestOpenStreamsWhatLoadReads(t *testing.T) {
	s := openStore(t, t.TempDir())
	encoded := func(coding string, body []byte) Capture {
		var b bytes.Buffer
		switch coding {
		case "gzip":
			b.Write(gz(body))
		case "br":
			b.Write(br(body))
		case "deflate":
			zw := zlib.NewWriter(&b)
			zw.Write(body)
			zw.Close()
		case "zstd":
			zw, _ := zstd.NewWriter(&b)
			zw.Write(body)
			zw.Close()
		}
		c := htmlCapture("https://news.example/"+coding+".html", day, "")
		c.Header.Set("Content-Encoding", coding)
		c.Body = b.Bytes()
		return c
	}
	rawDeflate := func() Capture {
		var b bytes.Buffer
		fw, _ := flate.NewWriter(&b, flate.BestSpeed)
		fw.Write([]byte(marketPage))
		fw.Close()
		c := htmlCapture("https://news.example/raw-deflate.html", day, "")
		c.Header.Set("Content-Encoding", "deflate")
		c.Body = b.Bytes()
		return c
	}
	notFound := htmlCapture("https://news.example/gone.html", day, "<h1>gone</h1>")
	notFound.Status = 404
	lying := htmlCapture("https://news.example/lying.html", day, "<p>not gzip</p>")
	lying.Header.Set("Content-Encoding", "gzip")
	unknown := htmlCapture("https://news.example/compress.html", day, "\x1f\x9d....")
	unknown.Header.Set("Content-Encoding", "compress")
	for _, c := range []Capture{
		htmlCapture("https://news.example/bridge.html", day, bridgePage),
		notFound, lying, unknown, rawDeflate(),
		encoded("gzip", []byte(ferryPage)), encoded("br", []byte(ferryPage)),
		encoded("deflate", []byte(marketPage)), encoded("zstd", []byte(bridgePage)),
		{URL: "file:///home/ed/notes.txt", Time: day, MIME: "text/plain; charset=utf-8", Body: []byte(notesText)},
		{URL: "file:///home/ed/empty", Time: day, Body: []byte{}},
		htmlCapture("https://news.example/syndicated.html", day, syndicatedPage),
		htmlCapture("https://news.example/copy.html", day, syndicatedPage), // a revisit of the one before
	} {
		mustAdd(t, s, c)
	}
	err := s.Latest(t.Context(), func(c Capture) error {
		t.Run(c.URL, func(t *testing.T) {
			want, err := s.Load(c)
			if err != nil {
				t.Fatal(err)
			}
			got, body, err := s.Open(c)
			if err != nil {
				t.Fatal(err)
			}
			defer body.Close()
			b, err := io.ReadAll(body)
			if err != nil {
				t.Fatal(err)
			}
			if body.Size < 0 && want.Header != nil {
				want.Header.Del("Content-Length") // known only at the end of a decoded stream
			}
			if got.Status != want.Status || got.MIME != want.MIME || !reflect.DeepEqual(got.Header, want.Header) {
				t.Errorf("Open: %d %q %v\nLoad: %d %q %v", got.Status, got.MIME, got.Header, want.Status, want.MIME, want.Header)
			}
			if !bytes.Equal(b, want.Body) {
				t.Errorf("Open's body (%d bytes) differs from Load's (%d bytes)", len(b), len(want.Body))
			}
			if body.Size >= 0 && body.Size != int64(len(b)) {
				t.Errorf("Size = %d, but the body has %d bytes", body.Size, len(b))
			}
			if strings.Contains(c.URL, "copy") && c.Original == nil {
				t.Error("the copy was not archived as a revisit; the test does not cover revisits")
			}
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestDecodeStreamAsDecodeEntity: the streaming decoder undoes the same
// transfer and content codings as the in-memory one, and leaves alone
// what it leaves alone.
func TestDecodeStreamAsDecodeEntity(t *testing.T) {
	chunk := func(parts ...string) string {
		var b strings.Builder
		for _, p := range parts {
			fmt.Fprintf(&b, "%x\r\n%s\r\n", len(p), p)
		}
		return b.String() + "0\r\n\r\n"
	}
	tests := []struct {
		name    string
		header  http.Header
		payload string
	}{
		{"identity", http.Header{}, bridgePage},
		{"chunked", http.Header{"Transfer-Encoding": {"chunked"}}, chunk("<p>one", " two</p>")},
		{"chunked with extensions", http.Header{"Transfer-Encoding": {"chunked"}}, "5;ext=1\r\nhello\r\n0\r\n\r\n"},
		{"chunked, cut short", http.Header{"Transfer-Encoding": {"chunked"}}, "5\r\nhello\r\n10\r\nonly this"},
		{"labelled chunked but de-chunked", http.Header{"Transfer-Encoding": {"chunked"}}, "<p>plain</p>"},
		{"gzip", http.Header{"Content-Encoding": {"gzip"}}, string(gz([]byte(ferryPage)))},
		{"chunked gzip", http.Header{"Transfer-Encoding": {"chunked"}, "Content-Encoding": {"gzip"}},
			chunk(string(gz([]byte(ferryPage)))[:40], string(gz([]byte(ferryPage)))[40:])},
		{"gzip then br", http.Header{"Content-Encoding": {"gzip, br"}}, string(br(gz([]byte(marketPage))))},
		{"identity coding", http.Header{"Content-Encoding": {"identity"}}, "<p>as is</p>"},
		{"unknown coding", http.Header{"Content-Encoding": {"compress"}}, "\x1f\x9d..."},
		{"not gzip", http.Header{"Content-Encoding": {"gzip"}}, "<p>plain</p>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.header.Set("Content-Type", "text/html")
			tt.header.Set("Content-Length", fmt.Sprint(len(tt.payload)))
			wantBody, wantHeader := decodeEntity(tt.header, []byte(tt.payload))
			r, h, size, closeFn := decodeStream(tt.header, bufio.NewReader(strings.NewReader(tt.payload)), int64(len(tt.payload)))
			defer closeFn()
			got, err := io.ReadAll(r)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, wantBody) {
				t.Errorf("body %q, want %q", got, wantBody)
			}
			if size >= 0 && size != int64(len(got)) {
				t.Errorf("size %d for a body of %d bytes", size, len(got))
			}
			// Content-Length: the in-memory decoder always knows it; the
			// streaming one only when nothing was decoded.
			if size < 0 {
				wantHeader.Del("Content-Length")
			}
			if !reflect.DeepEqual(h, wantHeader) {
				t.Errorf("header %v, want %v", h, wantHeader)
			}
		})
	}
}

// TestOpenDamagedRecord: a body whose record was damaged on disk ends in
// an error wrapping ErrCorrupt, never in a clean io.EOF.
func TestOpenDamagedRecord(t *testing.T) {
	dir := t.TempDir()
	s := openStore(t, dir)
	page := strings.Repeat(bridgePage, 50)
	a := mustAdd(t, s, htmlCapture("http://news.example/a.html", day, page))
	b := mustAdd(t, s, htmlCapture("http://news.example/b.html", day, marketPage))
	path := filepath.Join(dir, "warc", a.File)
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	raw[a.Offset+a.Length/2] ^= 0xff
	if err := os.WriteFile(path, raw, 0o644); err != nil {
		t.Fatal(err)
	}
	_, body, err := s.Open(a)
	if err == nil {
		_, err = io.Copy(io.Discard, body)
		body.Close()
	}
	if !errors.Is(err, ErrCorrupt) {
		t.Errorf("reading a damaged record: %v, want ErrCorrupt", err)
	}
	if _, body, err := s.Open(b); err != nil {
		t.Errorf("Open of the undamaged record: %v", err)
	} else if got, err := io.ReadAll(body); err != nil || string(got) != marketPage {
		t.Errorf("the undamaged record: %v", err)
	}
	if _, _, err := s.Open(Capture{File: a.File, Offset: b.Offset, Length: b.Length, RecordID: a.RecordID}); err == nil {
		t.Error("Open of another record than the index says succeeded")
	}
}

// TestOpenLargeRecord: a 300 MB record is read back through Open with a
// few megabytes of memory, whatever its size.
func TestOpenLargeRecord(t *testing.T) {
	const size = 300 << 20
	dir := t.TempDir()
	s := openStore(t, dir)
	name := "large.warc.gz"
	writeLargeRecord(t, filepath.Join(dir, "warc", name), "https://news.example/huge.html", size)

	var n int64
	peak := peakmem.Measure(func() {
		c, body, err := s.Open(Capture{File: name})
		if err != nil {
			t.Fatal(err)
		}
		defer body.Close()
		if c.Status != 200 || c.MIME != "text/html" || body.Size != size {
			t.Errorf("status %d, type %q, size %d", c.Status, c.MIME, body.Size)
		}
		if n, err = io.Copy(io.Discard, body); err != nil {
			t.Fatal(err)
		}
	})
	t.Logf("read %d MB: peak heap +%.1f MB, runtime total +%.1f MB", n>>20, peakmem.MB(peak.Heap), peakmem.MB(peak.Total))
	if n != size {
		t.Errorf("read %d bytes, want %d", n, size)
	}
	if peak.Heap > 16<<20 || peak.Total > 32<<20 {
		t.Errorf("reading a %d MB record took %.1f MB of heap, %.1f MB in all; want a few buffers",
			size>>20, peakmem.MB(peak.Heap), peakmem.MB(peak.Total))
	}
}

// writeLargeRecord writes a gzipped WARC response record of an HTML page
// of size bytes to path, generating the page twice (once for the digest)
// rather than holding it.
func writeLargeRecord(t *testing.T, path, url string, size int64) {
	t.Helper()
	head := "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: " + fmt.Sprint(size) + "\r\n\r\n"
	h := sha1.New()
	io.WriteString(h, head)
	largePage(h, size)
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zw, _ := gzip.NewWriterLevel(f, gzip.BestSpeed)
	bw := bufio.NewWriterSize(zw, 64<<10)
	fmt.Fprintf(bw, "WARC/1.1\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:%s>\r\nWARC-Date: 2024-05-07T06:30:00Z\r\n"+
		"WARC-Target-URI: %s\r\nContent-Type: application/http;msgtype=response\r\nWARC-Block-Digest: sha1:%s\r\nContent-Length: %d\r\n\r\n",
		uuidFor(url), url, base32.StdEncoding.EncodeToString(h.Sum(nil)), int64(len(head))+size)
	io.WriteString(bw, head)
	largePage(bw, size)
	io.WriteString(bw, "\r\n\r\n")
	if err := bw.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
}

// largePage writes an HTML page of exactly size bytes: paragraphs with
// links, as a big archived page has.
func largePage(w io.Writer, size int64) {
	const open = "<!doctype html><html><body>\n"
	const end = "</body></html>\n"
	io.WriteString(w, open)
	left := size - int64(len(open)+len(end))
	for i := 0; left > 0; i++ {
		p := fmt.Sprintf("<p>Paragraph %d of the council minutes, <a href=\"/minutes/%d\">read more</a>.</p>\n", i, i)
		if int64(len(p)) > left {
			p = strings.Repeat(" ", int(left))
		}
		io.WriteString(w, p)
		left -= int64(len(p))
	}
	io.WriteString(w, end)
}
