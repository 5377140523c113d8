package archive

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gazette-news/gazette/urlid"
)

func TestCDXJLine(t *testing.T) {
	c := Capture{URL: "https://news.example/a?x=<1>", Time: time.Date(2022, 9, 10, 6, 0, 5, 123, time.UTC), Status: 200,
		MIME: "text/html", Digest: "sha1:ABC", File: "gazette-1.warc.gz", Offset: 42, Length: 900}
	got, err := CDXJLine(c)
	if err != nil {
		t.Fatal(err)
	}
	want := `example,news)/a?x=<1> 20220910060005 {"url":"https://news.example/a?x=<1>","mime":"text/html","status":"200","digest":"sha1:ABC","length":"900","offset":"42","filename":"gazette-1.warc.gz"}`
	if got != want {
		t.Errorf("CDXJLine:\n got %s\nwant %s", got, want)
	}
	for _, bad := range []Capture{{URL: "http://a.example/", Length: 1}, {URL: "http://a.example/", File: "f", Length: 0}, {File: "f", Length: 1}} {
		if _, err := CDXJLine(bad); err == nil {
			t.Errorf("CDXJLine(%+v): no error", bad)
		}
	}
}

// TestAllAndCDXJ archives captures of several URLs (more than one index
// batch), lists them with All and writes a CDXJ index whose every line
// leads back to its record.
func TestAllAndCDXJ(t *testing.T) {
	s := openStore(t, t.TempDir())
	s.batch = 2
	urls := []string{"http://b.example/2", "http://a.example/1", "http://www.c.example/3?z=1&a=2"}
	want := 0
	for i, u := range urls {
		for j := range 2 {
			c := htmlCapture(u, day.Add(time.Duration(j)*time.Hour), "<p>version "+strconv.Itoa(i*10+j)+"</p>")
			if j == 1 {
				// A request record follows the response; the line
				// must still frame the response alone.
				c.Request = []byte("GET / HTTP/1.1\r\nHost: example\r\n\r\n")
			}
			mustAdd(t, s, c)
			want++
		}
	}

	var all []Capture
	if err := s.All(context.Background(), func(c Capture) error { all = append(all, c); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(all) != want {
		t.Fatalf("All visited %d captures, want %d", len(all), want)
	}
	for i := 1; i < len(all); i++ {
		a, b := all[i-1], all[i]
		if a.URL > b.URL || (a.URL == b.URL && !a.Time.Before(b.Time)) {
			t.Errorf("All out of order: %s %s before %s %s", a.URL, a.Time, b.URL, b.Time)
		}
	}

	// The fixture does hold request records.
	requests := 0
	for _, c := range all {
		zr, err := gzip.NewReader(openWARC(t, s, c.File))
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := io.ReadAll(zr)
		requests = bytes.Count(raw, []byte("WARC-Type: request"))
	}
	if requests != len(urls) {
		t.Fatalf("fixture holds %d request records, want %d", requests, len(urls))
	}

	var buf bytes.Buffer
	if err := WriteCDXJ(&buf, all); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if len(lines) != want {
		t.Fatalf("%d CDXJ lines, want %d", len(lines), want)
	}
	for i, line := range lines {
		if i > 0 && lines[i-1] > line {
			t.Errorf("CDXJ not sorted: %q before %q", lines[i-1], line)
		}
		parts := strings.SplitN(line, " ", 3)
		if len(parts) != 3 || len(parts[1]) != 14 {
			t.Fatalf("malformed CDXJ line %q", line)
		}
		var blk cdxjBlock
		if err := json.Unmarshal([]byte(parts[2]), &blk); err != nil {
			t.Fatalf("CDXJ block %q: %v", parts[2], err)
		}
		if parts[0] != urlid.SURT(blk.URL) {
			t.Errorf("key %q, want SURT of %s", parts[0], blk.URL)
		}
		off, _ := strconv.ParseInt(blk.Offset, 10, 64)
		n, _ := strconv.ParseInt(blk.Length, 10, 64)
		f, err := s.OpenWARC(blk.Filename)
		if err != nil {
			t.Fatal(err)
		}
		var got []Capture
		err = ReadWARC(io.NewSectionReader(f, off, n), func(c Capture) error { got = append(got, c); return nil },
			func(err error) { t.Errorf("%s: %v", line, err) })
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		// The line frames the response record alone, not the request
		// record written after it.
		zr, err := gzip.NewReader(io.NewSectionReader(openWARC(t, s, blk.Filename), off, n))
		if err != nil {
			t.Fatalf("%s: %v", line, err)
		}
		raw, err := io.ReadAll(zr)
		if err != nil {
			t.Fatalf("%s: %v", line, err)
		}
		if k := bytes.Count(raw, []byte("\r\nWARC-Type: ")); k != 1 || !bytes.Contains(raw, []byte("WARC-Type: response")) {
			t.Errorf("line %q frames %d records, want the response alone", line, k)
		}
		if len(got) != 1 || got[0].URL != blk.URL || got[0].Time.Format(CDXJTimestamp) != parts[1] || got[0].Digest != blk.Digest {
			t.Errorf("line %q reads back %+v", line, got)
		}
	}
}

// openWARC opens a WARC file of s for the rest of the test.
func openWARC(t *testing.T, s *Store, name string) *os.File {
	t.Helper()
	f, err := s.OpenWARC(name)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func TestOpenWARCRejectsPaths(t *testing.T) {
	s := openStore(t, t.TempDir())
	for _, name := range []string{"", "../captures.db", ".hidden", "a/b.warc.gz"} {
		if f, err := s.OpenWARC(name); err == nil {
			f.Close()
			t.Errorf("OpenWARC(%q): no error", name)
		}
	}
}
