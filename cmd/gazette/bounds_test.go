package main

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha1"
	"encoding/base32"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gazette-news/gazette/internal/peakmem"
	"github.com/gazette-news/gazette/web"
)

// zeros reads n zero bytes.
func zeros(n int64) io.Reader { return io.LimitReader(zeroReader{}, n) }

type zeroReader struct{}

func (zeroReader) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// writeRecord writes a WARC record whose block is head followed by body,
// with its block digest, generating body twice (once for the digest)
// rather than holding it.
func writeRecord(t *testing.T, w io.Writer, typ, url, contentType string, head []byte, body func() io.Reader) {
	t.Helper()
	h := sha1.New()
	h.Write(head)
	n, err := io.Copy(h, body())
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(w, "WARC/1.1\r\nWARC-Type: %s\r\nWARC-Record-ID: <urn:uuid:%08x-0000-4000-8000-000000000000>\r\n"+
		"WARC-Date: 2024-05-07T06:30:00Z\r\nWARC-Target-URI: %s\r\nContent-Type: %s\r\nWARC-Block-Digest: sha1:%s\r\nContent-Length: %d\r\n\r\n",
		typ, len(url)*7919+int(n%9973), url, contentType, base32.StdEncoding.EncodeToString(h.Sum(nil)), int64(len(head))+n)
	w.Write(head)
	if _, err := io.Copy(w, body()); err != nil {
		t.Fatal(err)
	}
	io.WriteString(w, "\r\n\r\n")
}

// zeroFilledWACZ writes a WACZ whose WARC holds zero-filled records: three
// of 250 MB (an HTML response, a binary response, a resource), one of 12 MB
// of HTML (small enough to extract), a gzip of 64 MB of zeros, an HTTP
// header that never ends, and one real article. It compresses to under a
// megabyte.
func zeroFilledWACZ(t *testing.T, path string) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zw := zip.NewWriter(f)
	w, err := zw.CreateHeader(&zip.FileHeader{Name: "archive/data.warc", Method: zip.Deflate})
	if err != nil {
		t.Fatal(err)
	}
	const big = 250 << 20
	http := func(header string) []byte { return []byte("HTTP/1.1 200 OK\r\n" + header + "\r\n") }
	response := "application/http;msgtype=response"
	writeRecord(t, w, "response", "https://zeros.example/page.html", response,
		http("Content-Type: text/html\r\nContent-Length: 262144000\r\n"), func() io.Reader { return zeros(big) })
	writeRecord(t, w, "response", "https://zeros.example/disk.img", response,
		http("Content-Type: application/octet-stream\r\n"), func() io.Reader { return zeros(big) })
	writeRecord(t, w, "resource", "https://zeros.example/resource.html", "text/html", nil, func() io.Reader { return zeros(big) })
	writeRecord(t, w, "response", "https://zeros.example/12mb.html", response,
		http("Content-Type: text/html\r\n"), func() io.Reader { return zeros(12 << 20) })
	var bomb bytes.Buffer
	gw, _ := gzip.NewWriterLevel(&bomb, gzip.BestCompression)
	io.Copy(gw, zeros(64<<20))
	gw.Close()
	writeRecord(t, w, "response", "https://zeros.example/bomb.html", response,
		http("Content-Type: text/html\r\nContent-Encoding: gzip\r\n"), func() io.Reader { return bytes.NewReader(bomb.Bytes()) })
	writeRecord(t, w, "response", "https://zeros.example/endless.html", response,
		[]byte("HTTP/1.1 200 OK\r\nX-Zeros: "), func() io.Reader { return zeros(100 << 20) })
	article := `<!doctype html><html lang="en"><head><title>Ferry resumes on the Oskil</title></head><body><article>` +
		`<h1>Ferry resumes on the Oskil</h1><p>The ferry across the Oskil near Kupiansk ran again on Wednesday after a week of repairs, ` +
		`the district council said. Drivers had queued since dawn on both banks, and the first crossing carried a bus of schoolchildren.</p>` +
		`<p>Repairs to the landing stage took longer than planned because of high water.</p></article></body></html>`
	writeRecord(t, w, "response", "https://news.example/2024/05/ferry.html", response,
		http("Content-Type: text/html; charset=utf-8\r\n"), func() io.Reader { return strings.NewReader(article) })
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestImportZeroFilledWACZ: a WACZ of under a megabyte holding 800 MB of
// zero-filled records imports with bounded memory: the large records are
// archived as streams and reported as too large to extract, the broken one
// as broken, and the article goes in. A 250 MB record of it is then
// replayed through the replay server with bounded memory too.
func TestImportZeroFilledWACZ(t *testing.T) {
	if testing.Short() {
		t.Skip("writes and reads 800 MB")
	}
	wacz := filepath.Join(t.TempDir(), "zeros.wacz")
	zeroFilledWACZ(t, wacz)
	info, err := os.Stat(wacz)
	if err != nil {
		t.Fatal(err)
	}
	data := t.TempDir()
	var code int
	var out, errOut string
	peak := peakmem.Measure(func() {
		code, out, errOut = runCmd(t, "import", "--data", data, wacz)
	})
	t.Logf("importing a %d KB WACZ of zero-filled records: peak heap +%.0f MB, runtime total +%.0f MB\n%s",
		info.Size()>>10, peakmem.MB(peak.Heap), peakmem.MB(peak.Total), out)
	if code != 0 {
		t.Fatalf("import exit %d\n%s%s", code, out, errOut)
	}
	for _, want := range []string{
		"1 articles imported",
		"https://zeros.example/page.html: ", "https://zeros.example/disk.img: ", "https://zeros.example/resource.html: ",
		"https://zeros.example/bomb.html: ",
		"(https://zeros.example/endless.html): bad HTTP response",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q", want)
		}
	}
	if n := strings.Count(out, "too large to extract"); n != 4 {
		t.Errorf("%d captures reported too large to extract, want 4 (three of 250 MB, the gzip bomb)", n)
	}
	if peak.Total > 512<<20 {
		t.Errorf("the import took %.0f MB; want at most 512 MB", peakmem.MB(peak.Total))
	}

	// The 250 MB page replays from the archive, streamed.
	a, err := openApp(context.Background(), data, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	replay := httptest.NewServer(web.NewReplay(web.Config{Captures: capturesFunc(a), Load: loadFunc(a)}))
	defer replay.Close()
	var n int64
	var res *http.Response
	peak = peakmem.Measure(func() {
		res, err = http.Get(replay.URL + "/archive/2024/https://zeros.example/page.html")
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		n, err = io.Copy(io.Discard, res.Body)
	})
	t.Logf("replaying the 250 MB page: peak heap +%.1f MB, runtime total +%.1f MB", peakmem.MB(peak.Heap), peakmem.MB(peak.Total))
	if err != nil || res.StatusCode != 200 || n != 250<<20 {
		t.Errorf("replay: status %d, %d bytes, %v", res.StatusCode, n, err)
	}
	if peak.Heap > 64<<20 || peak.Total > 64<<20 {
		t.Errorf("replaying a 250 MB record took %.1f MB of heap, %.1f MB in all; want at most 64 MB", peakmem.MB(peak.Heap), peakmem.MB(peak.Total))
	}
}
