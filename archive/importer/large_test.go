package importer

import (
	"bytes"
	"compress/gzip"
	"io"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/gazette-news/gazette/archive"
)

// TestReadLargeFile: an HTML file larger than archive.MaxInMemory (plain
// or gzipped) comes as a stream, whole, with the URL its head declares;
// a smaller one comes whole in Body.
func TestReadLargeFile(t *testing.T) {
	head := `<html><head><link rel="canonical" href="https://news.example/big"></head><body>`
	page := head + strings.Repeat("<p>Paragraph of the minutes.</p>\n", archive.MaxInMemory/32+1000) + "</body></html>"
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	io.WriteString(zw, page)
	zw.Close()
	fsys := fstest.MapFS{
		"big.html":    {Data: []byte(page)},
		"big.gz.html": {Data: gz.Bytes()},
		"small.html":  {Data: []byte(head + "<p>small</p></body></html>")},
	}
	for _, name := range []string{"big.html", "big.gz.html", "small.html"} {
		t.Run(name, func(t *testing.T) {
			var got []byte
			var c archive.Capture
			err := Read(fsys, File{Name: name, Kind: HTML}, "file:///"+name, func(cc archive.Capture) error {
				c = cc
				if cc.Stream == nil {
					got = cc.Body
					return nil
				}
				if cc.Body != nil {
					t.Error("both Body and Stream")
				}
				var err error
				got, err = io.ReadAll(cc.Stream)
				return err
			}, func(err error) { t.Error(err) })
			if err != nil {
				t.Fatal(err)
			}
			if c.URL != "https://news.example/big" || c.MIME != "text/html" {
				t.Errorf("URL %q, MIME %q", c.URL, c.MIME)
			}
			if name == "small.html" {
				if c.Stream != nil || !strings.Contains(string(got), "small") {
					t.Errorf("a small file came as a stream, or without its body")
				}
				return
			}
			if c.Stream == nil || string(got) != page {
				t.Errorf("stream %v, %d bytes of %d", c.Stream != nil, len(got), len(page))
			}
		})
	}
}
