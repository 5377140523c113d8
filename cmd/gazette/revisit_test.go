package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha1"
	"encoding/base32"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// warcRecord is one gzip-compressed WARC/1.1 record, put together by hand
// the way a crawler such as Browsertrix writes it.
func warcRecord(t *testing.T, fields [][2]string, block string) []byte {
	t.Helper()
	var rec bytes.Buffer
	rec.WriteString("WARC/1.1\r\n")
	for _, f := range fields {
		fmt.Fprintf(&rec, "%s: %s\r\n", f[0], f[1])
	}
	fmt.Fprintf(&rec, "Content-Length: %d\r\n\r\n%s\r\n\r\n", len(block), block)
	var out bytes.Buffer
	zw := gzip.NewWriter(&out)
	zw.Write(rec.Bytes())
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// nightTrains is a story archived under its first URL (a response record)
// and, with the same payload, under a second (a revisit record).
type nightTrains struct {
	page, first, second string
	response, revisit   []byte
}

func nightTrainRecords(t *testing.T) nightTrains {
	t.Helper()
	page := `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Night trains return to the coast line</title></head>
<body><article><h1>Night trains return to the coast line</h1>` +
		strings.Repeat("<p>The sleeper service that stopped in the spring runs again from Friday, with four carriages and a buffet car serving the stations along the coast.</p>\n", 4) +
		`</article></body></html>`
	sum := sha1.Sum([]byte(page))
	digest := "sha1:" + base32.StdEncoding.EncodeToString(sum[:])
	first := "https://rail.example/news/night-trains.html"
	second := "https://rail.example/travel/night-trains.html"
	return nightTrains{
		page: page, first: first, second: second,
		response: warcRecord(t, [][2]string{
			{"WARC-Type", "response"},
			{"WARC-Record-ID", "<urn:uuid:3f0c1e6a-1111-4000-8000-000000000001>"},
			{"WARC-Target-URI", first},
			{"WARC-Date", "2024-06-01T08:00:00Z"},
			{"WARC-Payload-Digest", digest},
			{"Content-Type", "application/http; msgtype=response"},
		}, "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: "+fmt.Sprint(len(page))+"\r\n\r\n"+page),
		revisit: warcRecord(t, [][2]string{
			{"WARC-Type", "revisit"},
			{"WARC-Record-ID", "<urn:uuid:3f0c1e6a-1111-4000-8000-000000000002>"},
			{"WARC-Target-URI", second},
			{"WARC-Date", "2024-06-01T08:00:05Z"},
			{"WARC-Profile", "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"},
			{"WARC-Refers-To-Target-URI", first},
			{"WARC-Refers-To-Date", "2024-06-01T08:00:00Z"},
			{"WARC-Payload-Digest", digest},
			{"Content-Type", "application/http; msgtype=response"},
		}, "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nX-Served-By: travel\r\n\r\n"),
	}
}

// TestImportRevisitBeforeItsOriginal: a crawl split over several WARC files
// may hold a revisit in a file read before the one with its original; one
// import takes both. A revisit whose original is in no file is reported
// and skipped, and the other files still go in.
func TestImportRevisitBeforeItsOriginal(t *testing.T) {
	nt := nightTrainRecords(t)
	dir := t.TempDir()
	orphan := warcRecord(t, [][2]string{
		{"WARC-Type", "revisit"},
		{"WARC-Record-ID", "<urn:uuid:3f0c1e6a-1111-4000-8000-000000000003>"},
		{"WARC-Target-URI", "https://rail.example/news/gone.html"},
		{"WARC-Date", "2024-06-01T08:00:07Z"},
		{"WARC-Profile", "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"},
		{"WARC-Payload-Digest", "sha1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"},
		{"Content-Type", "application/http; msgtype=response"},
	}, "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n")
	for name, b := range map[string][]byte{
		"crawl-00000.warc.gz": bytes.Join([][]byte{nt.revisit, orphan}, nil),
		"crawl-00001.warc.gz": nt.response,
	} {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	data := t.TempDir()
	out := runOK(t, "import", "--data", data, dir)
	if !strings.Contains(out, "2 articles imported") || !strings.Contains(out, "1 skipped") || !strings.Contains(out, "gone.html") {
		t.Fatalf("import summary:\n%s", out)
	}
	if res := searchAll(t, data, "sleeper"); res.Total != 2 {
		t.Fatalf("search sleeper: %d hits, want the story under both URLs", res.Total)
	}
}

// TestImportRevisitRecords imports a crawler's WARC in which the same story,
// served under a second URL, was written as a revisit record referring to
// the first (identical payload). Both URLs must become articles, and the
// second must replay with the shared body.
func TestImportRevisitRecords(t *testing.T) {
	nt := nightTrainRecords(t)
	page, first, second := nt.page, nt.first, nt.second
	warc := bytes.Join([][]byte{nt.response, nt.revisit}, nil)
	file := filepath.Join(t.TempDir(), "crawl.warc.gz")
	if err := os.WriteFile(file, warc, 0o644); err != nil {
		t.Fatal(err)
	}

	data := t.TempDir()
	out := runOK(t, "import", "--data", data, file)
	if !strings.Contains(out, "2 articles imported") || !strings.Contains(out, "0 skipped") {
		t.Fatalf("import summary:\n%s", out)
	}
	res := searchAll(t, data, "sleeper")
	if res.Total != 2 {
		t.Fatalf("search sleeper: %d hits, want the story under both URLs", res.Total)
	}

	a, err := openApp(context.Background(), data, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	caps, err := a.archive.Captures(second)
	if err != nil || len(caps) != 1 || caps[0].Original == nil || caps[0].Original.URL != first {
		t.Fatalf("captures of %s: %+v, %v; want one revisit of %s", second, caps, err, first)
	}
	full, err := a.archive.Load(caps[0])
	if err != nil || string(full.Body) != page || full.Header.Get("X-Served-By") != "travel" {
		t.Errorf("the revisit loads %d bytes with %v, %v; want the page with its own headers", len(full.Body), full.Header, err)
	}
}

// TestImportSkipsListings: a crawl imported from a WARC indexes what
// crawling the site would: its articles, not its home page or sections
// (which are archived all the same).
func TestImportSkipsListings(t *testing.T) {
	article := `<html><head><title>Tram line 5 returns</title></head><body><article><h1>Tram line 5 returns</h1>` +
		strings.Repeat("<p>The tram line that was cut in the spring runs again from Monday, the transport office said on Friday.</p>", 4) +
		`</article></body></html>`
	home := `<html><head><title>Rail Example</title></head><body><h1>Rail Example</h1>` +
		strings.Repeat(`<h2><a href="/news/tram.html">Tram line 5 returns</a></h2><p>The tram line that was cut in the spring runs again from Monday, the office said.</p>`, 5) +
		`</body></html>`
	rec := func(n int, uri, body string) []byte {
		return warcRecord(t, [][2]string{
			{"WARC-Type", "response"},
			{"WARC-Record-ID", fmt.Sprintf("<urn:uuid:3f0c1e6a-2222-4000-8000-00000000000%d>", n)},
			{"WARC-Target-URI", uri},
			{"WARC-Date", "2024-06-01T08:00:00Z"},
			{"Content-Type", "application/http; msgtype=response"},
		}, "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"+body)
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "crawl.warc.gz")
	if err := os.WriteFile(file, bytes.Join([][]byte{rec(1, "https://rail.example/", home), rec(2, "https://rail.example/news/tram.html", article)}, nil), 0o644); err != nil {
		t.Fatal(err)
	}
	// The same home page saved as a file is the user's choice: it imports.
	if err := os.WriteFile(filepath.Join(dir, "home.html"), []byte(home), 0o644); err != nil {
		t.Fatal(err)
	}
	data := t.TempDir()
	out := runOK(t, "import", "--data", data, dir)
	if !strings.Contains(out, "2 articles imported") || !strings.Contains(out, "https://rail.example/: ") || !strings.Contains(out, "listing page") {
		t.Errorf("import summary:\n%s", out)
	}
	if res := searchAll(t, data, "tram"); res.Total != 2 {
		t.Errorf("search tram: %d hits (%q), want the article and the saved file", res.Total, res.Titles)
	}
	a, err := openApp(context.Background(), data, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if caps, err := a.archive.Captures("https://rail.example/"); err != nil || len(caps) != 1 {
		t.Errorf("the home page is not archived: %v, %v", caps, err)
	}
}
