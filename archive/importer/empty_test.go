package importer

import (
	"bytes"
	"compress/gzip"
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/gazette-news/gazette/archive"
)

// TestReadEmptyWARC: a WARC file with nothing to import (no bytes, an
// empty gzip stream, blank lines, only a warcinfo record) is an error
// (ErrNoRecords) saying so, not a silent success; in a WACZ, such a member
// is reported and the others are read.
func TestReadEmptyWARC(t *testing.T) {
	gzipped := func(b []byte) []byte {
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf)
		zw.Write(b)
		zw.Close()
		return buf.Bytes()
	}
	info := "WARC/1.1\r\nWARC-Type: warcinfo\r\nWARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-000000000001>\r\n" +
		"WARC-Date: 2022-09-10T06:00:00Z\r\nContent-Type: application/warc-fields\r\nContent-Length: 18\r\n\r\nsoftware: wget 1.2\r\n\r\n"
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"empty.warc", nil, "(0 bytes)"},
		{"empty.warc.gz", nil, "(0 bytes)"},
		{"gzip-of-nothing.warc.gz", gzipped(nil), "no response, resource or revisit record"},
		{"blank.warc", []byte("\r\n\r\n"), "no response, resource or revisit record"},
		{"warcinfo-only.warc", []byte(info), "no response, resource or revisit record"},
		{"warcinfo-only.warc.gz", gzipped([]byte(info)), "no response, resource or revisit record"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{tt.name: {Data: tt.data}}
			calls := 0
			err := Read(fsys, File{Name: tt.name, Kind: KindOf(tt.name)}, "", func(archive.Capture) error {
				calls++
				return nil
			}, func(err error) { t.Errorf("reported %v", err) })
			if !errors.Is(err, ErrNoRecords) || !strings.Contains(err.Error(), tt.want) || calls != 0 {
				t.Errorf("Read: %v (%d captures), want ErrNoRecords saying %q", err, calls, tt.want)
			}
		})
	}

	t.Run("in a WACZ", func(t *testing.T) {
		fsys := fstest.MapFS{"coll.wacz": {Data: zipOf(t,
			[2]string{"archive/empty.warc", ""},
			[2]string{"archive/good.warc", string(warcResponse("https://news.example/a", "<p>Good news.</p>"))},
		)}}
		var urls, errs []string
		err := Read(fsys, File{Name: "coll.wacz", Kind: WACZ}, "", func(c archive.Capture) error {
			urls = append(urls, c.URL)
			return nil
		}, func(err error) { errs = append(errs, err.Error()) })
		if err != nil || len(urls) != 1 || len(errs) != 1 || !strings.Contains(errs[0], "archive/empty.warc: empty WARC file") {
			t.Errorf("Read: %v; captures %v; reported %q", err, urls, errs)
		}
	})

	// A WARC that holds a capture is no empty file.
	fsys := fstest.MapFS{"one.warc": {Data: warcResponse("https://news.example/a", "<p>Good news.</p>")}}
	if err := Read(fsys, File{Name: "one.warc", Kind: WARC}, "", func(archive.Capture) error { return nil }, func(error) {}); err != nil {
		t.Errorf("Read(one.warc): %v", err)
	}
}
