package importer

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/gazette-news/gazette/archive"
)

// warcResponse is one uncompressed WARC/1.1 response record.
func warcResponse(url, body string) []byte {
	http := "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: " +
		fmt.Sprint(len(body)) + "\r\n\r\n" + body
	return []byte("WARC/1.1\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:" + fmt.Sprintf("%08x", len(url)) +
		"-0000-4000-8000-000000000000>\r\nWARC-Date: 2022-09-10T06:00:00Z\r\nWARC-Target-URI: " + url +
		"\r\nContent-Type: application/http;msgtype=response\r\nContent-Length: " + fmt.Sprint(len(http)) +
		"\r\n\r\n" + http + "\r\n\r\n")
}

// zipOf builds a ZIP with the given members, stored uncompressed.
func zipOf(t *testing.T, members ...[2]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, m := range members {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: m[0], Method: zip.Store})
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(m[1]))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestReadWACZ(t *testing.T) {
	good := string(warcResponse("https://news.example/a", "<p>Good news from the archive.</p>"))
	damaged := zipOf(t,
		[2]string{"archive/a.warc", good},
		[2]string{"archive/b.warc", string(warcResponse("https://news.example/b", "<p>DAMAGED-MEMBER body text.</p>"))},
		[2]string{"archive/c.warc", "this is not a WARC file at all\r\n"},
		[2]string{"archive/d.warc", string(warcResponse("https://news.example/d", "<p>Another good one.</p>"))},
		[2]string{"indexes/index.cdxj", ""},
		[2]string{"datapackage.json", `{"profile":"data-package","resources":[]}`},
	)
	// Flip a byte inside b.warc's stored data: its CRC-32 no longer matches.
	i := bytes.Index(damaged, []byte("DAMAGED-MEMBER"))
	damaged[i] = 'X'

	fsys := fstest.MapFS{
		"in/coll.WACZ":     {Data: damaged},
		"in/notzip.wacz":   {Data: []byte("PK but not really a zip")},
		"in/nowarcs.wacz":  {Data: zipOf(t, [2]string{"pages/pages.jsonl", "{}\n"})},
		"in/emptyarc.wacz": {Data: zipOf(t, [2]string{"datapackage.json", "{}"})},
	}
	files, skipped, err := Walk(fsys, []string{"in"})
	if err != nil || len(skipped) != 0 || len(files) != 4 {
		t.Fatalf("Walk: %v, %v, %v", files, skipped, err)
	}
	for _, f := range files {
		if f.Kind != WACZ {
			t.Errorf("%s: kind %v, want WACZ", f.Name, f.Kind)
		}
	}

	var urls, errs []string
	err = Read(fsys, File{Name: "in/coll.WACZ", Kind: WACZ}, "", func(c archive.Capture) error {
		urls = append(urls, c.URL)
		return nil
	}, func(err error) { errs = append(errs, err.Error()) })
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	if got := strings.Join(urls, " "); got != "https://news.example/a https://news.example/d" {
		t.Errorf("read captures %q, want a and d", got)
	}
	joined := strings.Join(errs, "\n")
	if !strings.Contains(joined, "archive/b.warc") || !strings.Contains(joined, "archive/c.warc") || strings.Contains(joined, "archive/a.warc") {
		t.Errorf("errors reported:\n%s\nwant b.warc and c.warc", joined)
	}

	for _, name := range []string{"in/notzip.wacz", "in/nowarcs.wacz", "in/emptyarc.wacz"} {
		err := Read(fsys, File{Name: name, Kind: WACZ}, "", func(archive.Capture) error { return nil }, func(error) {})
		if err == nil {
			t.Errorf("Read(%s): no error", name)
		}
	}

	// An error from the callback stops the read and comes back unchanged.
	stop := errors.New("stop")
	if err := Read(fsys, File{Name: "in/coll.WACZ", Kind: WACZ}, "", func(archive.Capture) error { return stop }, func(error) {}); !errors.Is(err, stop) {
		t.Errorf("Read returned %v, want the callback's error", err)
	}
}

// FuzzReadWACZ: any bytes named .wacz give captures or errors, never a panic.
func FuzzReadWACZ(f *testing.F) {
	good := warcResponse("https://news.example/a", "<p>Fuzz seed.</p>")
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.CreateHeader(&zip.FileHeader{Name: "archive/a.warc", Method: zip.Store})
	w.Write(good)
	zw.Close()
	f.Add(buf.Bytes())
	f.Add([]byte("PK\x03\x04"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		fsys := fstest.MapFS{"x.wacz": {Data: data}}
		Read(fsys, File{Name: "x.wacz", Kind: WACZ}, "", func(archive.Capture) error { return nil }, func(error) {})
	})
}
