package archive

import (
	"bytes"
	"crypto/sha1"
	"encoding/base32"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gazette-news/gazette/internal/peakmem"
)

// bigBody is a payload larger than MaxInMemory: a page of n bytes.
func bigBody(n int) []byte {
	var b bytes.Buffer
	largePage(&b, int64(n))
	return b.Bytes()
}

func digestOf(b []byte) string {
	sum := sha1.Sum(b)
	return "sha1:" + base32.StdEncoding.EncodeToString(sum[:])
}

// responseRecord is a WARC response record of an HTTP response with the
// given header lines and payload, digests declared (or damaged).
func responseRecord(url, header string, payload []byte, damage bool) []byte {
	block := append([]byte("HTTP/1.1 200 OK\r\n"+header+"\r\n"), payload...)
	blockDigest := digestOf(block)
	if damage {
		blockDigest = digestOf([]byte("something else"))
	}
	return rawRecord("WARC/1.1", []field{
		{"WARC-Type", "response"}, {"WARC-Record-ID", "<urn:uuid:" + uuidFor(url) + ">"},
		{"WARC-Date", "2024-05-07T06:30:00Z"}, {"WARC-Target-URI", url},
		{"Content-Type", "application/http;msgtype=response"},
		{"WARC-Block-Digest", blockDigest}, {"WARC-Payload-Digest", digestOf(payload)},
	}, block)
}

// TestReadWARCStreamsLargeRecords: records larger than MaxInMemory come as
// streams, in order with the others, whole and checked; one that does not
// match its digest ends in an error and is reported once.
func TestReadWARCStreamsLargeRecords(t *testing.T) {
	big := bigBody(MaxInMemory + 3<<20)
	var warc bytes.Buffer
	warc.Write(responseRecord("https://news.example/small.html", "Content-Type: text/html\r\n", []byte(bridgePage), false))
	warc.Write(gz(responseRecord("https://news.example/big.html", "Content-Type: text/html\r\n", big, false)))
	warc.Write(responseRecord("https://news.example/damaged.html", "Content-Type: text/html\r\n", big, true))
	warc.Write(rawRecord("WARC/1.1", []field{
		{"WARC-Type", "resource"}, {"WARC-Record-ID", "<urn:uuid:" + uuidFor("r") + ">"},
		{"WARC-Date", "2024-05-07T06:30:00Z"}, {"WARC-Target-URI", "file:///big.txt"},
		{"Content-Type", "text/plain"}, {"WARC-Block-Digest", digestOf(big)},
	}, big))
	warc.Write(gz(responseRecord("https://news.example/unread.html", "Content-Type: text/html\r\n", big, false)))
	warc.Write(responseRecord("https://news.example/last.html", "Content-Type: text/html\r\n", []byte(marketPage), false))

	type got struct {
		url    string
		body   []byte // small records
		digest string // of what a stream held
		err    error  // of a stream
	}
	var seen []got
	var reported []error
	err := ReadWARC(bytes.NewReader(warc.Bytes()), func(c Capture) error {
		g := got{url: c.URL, body: c.Body}
		if c.Stream != nil {
			if c.Body != nil {
				t.Errorf("%s: both Body and Stream", c.URL)
			}
			if strings.Contains(c.URL, "unread") {
				seen = append(seen, g)
				return nil // ReadWARC reads the rest
			}
			h := sha1.New()
			_, g.err = io.Copy(h, c.Stream)
			g.digest = "sha1:" + base32.StdEncoding.EncodeToString(h.Sum(nil))
		}
		seen = append(seen, g)
		return nil
	}, func(err error) { reported = append(reported, err) })
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"https://news.example/small.html", "https://news.example/big.html", "https://news.example/damaged.html",
		"file:///big.txt", "https://news.example/unread.html", "https://news.example/last.html"}
	if len(seen) != len(want) {
		t.Fatalf("captures %v, want %v", seen, want)
	}
	for i, g := range seen {
		if g.url != want[i] {
			t.Errorf("capture %d: %s, want %s", i, g.url, want[i])
		}
	}
	if string(seen[0].body) != bridgePage || string(seen[5].body) != marketPage {
		t.Error("the small records lost their bodies")
	}
	if seen[1].err != nil || seen[1].digest != digestOf(big) || seen[3].err != nil || seen[3].digest != digestOf(big) {
		t.Errorf("large records: %v %s / %v %s; want whole payloads", seen[1].err, seen[1].digest, seen[3].err, seen[3].digest)
	}
	if !errors.Is(seen[2].err, ErrCorrupt) {
		t.Errorf("the damaged record's stream ended in %v, want ErrCorrupt", seen[2].err)
	}
	if len(reported) != 0 {
		t.Errorf("reported %v; the damaged stream's reader was told, and the rest are whole", reported)
	}
}

// TestAddStream: a payload too large to hold is archived from its stream,
// read back whole by Open, refused by Load as too large to extract, found
// unchanged when added again and shared with another URL; a stream that
// fails writes nothing.
func TestAddStream(t *testing.T) {
	dir := t.TempDir()
	s := openStore(t, dir)
	big := bigBody(MaxInMemory + 1<<20)
	streamed := func(url string, r io.Reader) Capture {
		c := htmlCapture(url, day, "")
		c.Body, c.Stream = nil, r
		c.Header.Set("Transfer-Encoding", "identity") // kept as it came
		return c
	}
	c := mustAdd(t, s, streamed("https://news.example/big.html", bytes.NewReader(big)))
	if c.Digest != digestOf(big) || c.Stream != nil {
		t.Errorf("Digest %s, want %s", c.Digest, digestOf(big))
	}
	got, body, err := s.Open(c)
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(body)
	body.Close()
	if err != nil || !bytes.Equal(b, big) || got.Status != 200 || got.MIME != "text/html" {
		t.Errorf("Open: %v, %d bytes, status %d, %q", err, len(b), got.Status, got.MIME)
	}
	if _, err := s.Load(c); !errors.Is(err, ErrTooLarge) {
		t.Errorf("Load: %v, want ErrTooLarge", err)
	}
	if _, added, err := s.Add(t.Context(), streamed("https://news.example/big.html", bytes.NewReader(big))); err != nil || added {
		t.Errorf("the same payload again: added %v, %v", added, err)
	}
	copied := mustAdd(t, s, streamed("https://news.example/copy.html", bytes.NewReader(big)))
	if copied.Original == nil || copied.Original.RecordID != c.RecordID {
		t.Errorf("the same payload under another URL: Original %+v, want the first", copied.Original)
	}

	size := warcBytes(t, dir)
	broken := io.MultiReader(bytes.NewReader(big[:5<<20]), iotestErrReader{errors.New("cut short")})
	if _, _, err := s.Add(t.Context(), streamed("https://news.example/broken.html", broken)); !errors.Is(err, ErrInvalid) {
		t.Errorf("a failing stream: %v, want ErrInvalid", err)
	}
	if warcBytes(t, dir) != size {
		t.Error("a failing stream wrote to the archive")
	}
	if caps, _ := s.Captures("https://news.example/broken.html"); len(caps) != 0 {
		t.Error("a failing stream was indexed")
	}
	if left, _ := os.ReadDir(filepath.Join(dir, "tmp")); len(left) != 0 {
		t.Errorf("temporary files left behind: %v", left)
	}
}

type iotestErrReader struct{ err error }

func (r iotestErrReader) Read([]byte) (int, error) { return 0, r.err }

// TestLoadRefusesTooLarge: Load refuses a body that decodes to more than
// MaxInMemory (a small gzip of zeros), while the import path keeps it as
// stored.
func TestLoadRefusesTooLarge(t *testing.T) {
	s := openStore(t, t.TempDir())
	bomb := gz(make([]byte, MaxInMemory+1))
	c := htmlCapture("https://news.example/bomb.html", day, "")
	c.Header.Set("Content-Encoding", "gzip")
	c.Body = bomb
	stored := mustAdd(t, s, c)
	if _, err := s.Load(stored); !errors.Is(err, ErrTooLarge) {
		t.Errorf("Load of a %d-byte gzip of %d MB: %v, want ErrTooLarge", len(bomb), (MaxInMemory+1)>>20, err)
	}
	var read Capture
	err := ReadWARC(bytes.NewReader(responseRecord(c.URL, "Content-Type: text/html\r\nContent-Encoding: gzip\r\n", bomb, false)),
		func(c Capture) error { read = c; return nil }, func(err error) { t.Error(err) })
	if err != nil || !bytes.Equal(read.Body, bomb) || read.Header.Get("Content-Encoding") != "gzip" {
		t.Errorf("ReadWARC: %v, %d bytes, Content-Encoding %q; want the gzip as stored", err, len(read.Body), read.Header.Get("Content-Encoding"))
	}
}

// TestReadWARCEndlessHeaders: a WARC header or an HTTP header that never
// ends (a record of zeros) is reported as broken without being read into
// memory, and the records after it are read.
func TestReadWARCEndlessHeaders(t *testing.T) {
	const size = 40 << 20
	var warc bytes.Buffer
	warc.Write(gz(append([]byte("WARC/1.1\r\nWARC-Type: response\r\nWARC-Target-URI: "), make([]byte, size)...)))
	warc.Write(gz(rawRecord("WARC/1.1", []field{
		{"WARC-Type", "response"}, {"WARC-Record-ID", "<urn:uuid:" + uuidFor("zeros") + ">"},
		{"WARC-Date", "2024-05-07T06:30:00Z"}, {"WARC-Target-URI", "https://news.example/zeros"},
		{"Content-Type", "application/http;msgtype=response"},
	}, append([]byte("HTTP/1.1 200 OK\r\nX-Zeros: "), make([]byte, size)...))))
	warc.Write(responseRecord("https://news.example/last.html", "Content-Type: text/html\r\n", []byte(marketPage), false))

	var urls []string
	var reported []string
	peak := peakmem.Measure(func() {
		err := ReadWARC(bytes.NewReader(warc.Bytes()), func(c Capture) error {
			urls = append(urls, c.URL)
			return nil
		}, func(err error) { reported = append(reported, err.Error()) })
		if err != nil {
			t.Error(err)
		}
	})
	t.Logf("peak heap +%.1f MB; reported %q", peakmem.MB(peak.Heap), reported)
	if len(urls) != 1 || urls[0] != "https://news.example/last.html" {
		t.Errorf("captures %v, want only the last record's", urls)
	}
	if len(reported) != 2 || !strings.Contains(reported[0], "no end within") || !strings.Contains(reported[1], "bad HTTP response") {
		t.Errorf("reported %q, want the two endless headers", reported)
	}
	if peak.Heap > 16<<20 {
		t.Errorf("reading two %d MB records of endless headers took %.1f MB of heap", size>>20, peakmem.MB(peak.Heap))
	}
}
