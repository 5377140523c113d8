package archive

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/andybalholm/brotli"
)

// TestWriteFixtures regenerates the WARC files in testdata. It is skipped
// unless GAZETTE_WRITE_FIXTURES=1:
//
//	GAZETTE_WRITE_FIXTURES=1 go test ./archive -run TestWriteFixtures
//
// testdata/wget.warc is written by a real wget (it must be installed)
// fetching from an httptest server on loopback that acts as its proxy, so
// the target URIs name an imaginary news.example site. The other fixtures
// are put together byte by byte, so that they hold exactly the oddities the
// tests need.
func TestWriteFixtures(t *testing.T) {
	if os.Getenv("GAZETTE_WRITE_FIXTURES") != "1" {
		t.Skip("set GAZETTE_WRITE_FIXTURES=1 to regenerate testdata")
	}
	writeWgetFixture(t)
	write(t, "testdata/browsertrix.warc.gz", browsertrixFixture(t))
	write(t, "testdata/broken.warc.gz", brokenGzipFixture())
	write(t, "testdata/broken.warc", brokenPlainFixture())
}

func write(t *testing.T, name string, b []byte) {
	t.Helper()
	if err := os.WriteFile(name, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// Pages of the imaginary news.example site. The text is made up.
const (
	bridgePage = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Harbour bridge reopens after repairs</title></head>
<body><article><h1>Harbour bridge reopens after repairs</h1>
<p>The old swing bridge across the harbour opened to traffic again on Tuesday morning, eleven weeks after a barge struck one of its piers.</p>
<p>Engineers replaced two bearings and repainted the span. Cyclists were first across.</p>
</article></body></html>
`
	// councilPage is sent as ISO-8859-1, so é is the single byte 0xE9.
	councilPage = "<!DOCTYPE html>\n<html lang=\"fr\"><head><title>Le conseil vote le budget</title></head>\n" +
		"<body><article><h1>Le conseil vote le budget</h1>\n" +
		"<p>Apr\xe8s trois heures de d\xe9bat, le conseil municipal a adopt\xe9 le budget de l'ann\xe9e.</p>\n" +
		"<p>La piscine sera r\xe9nov\xe9e au printemps.</p>\n</article></body></html>\n"
	marketPage = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Market day moves to Saturday</title></head>
<body><article><h1>Market day moves to Saturday</h1><p>Stallholders voted to move the weekly market from Thursday to Saturday from next month.</p></article></body></html>
`
	gonePage = "<html><body><h1>Not here</h1><p>This story was withdrawn.</p></body></html>\n"
)

func newsSite() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/2024/05/harbour-bridge-reopens.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Last-Modified", "Tue, 07 May 2024 06:00:00 GMT")
		w.Header().Set("Content-Length", strconv.Itoa(len(bridgePage)))
		fmt.Fprint(w, bridgePage)
	})
	mux.HandleFunc("/2024/05/council-vote.html", func(w http.ResponseWriter, r *http.Request) {
		// No Content-Length and a flush half way: net/http sends it chunked.
		w.Header().Set("Content-Type", "text/html; charset=ISO-8859-1")
		half := len(councilPage) / 2
		fmt.Fprint(w, councilPage[:half])
		w.(http.Flusher).Flush()
		fmt.Fprint(w, councilPage[half:])
	})
	mux.HandleFunc("/latest", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://news.example/2024/05/market-day.html", http.StatusMovedPermanently)
	})
	mux.HandleFunc("/2024/05/market-day.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, marketPage)
	})
	mux.HandleFunc("/gone.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprint(w, gonePage)
	})
	return mux
}

func writeWgetFixture(t *testing.T) {
	wget, err := exec.LookPath("wget")
	if err != nil {
		t.Fatal("wget is not installed")
	}
	srv := httptest.NewServer(newsSite())
	defer srv.Close()
	port := srv.Listener.Addr().(*net.TCPAddr).Port

	tmp := t.TempDir()
	cmd := exec.Command(wget,
		"--warc-file="+filepath.Join(tmp, "wget"),
		"--no-warc-compression",
		"--no-verbose",
		"--tries=1",
		"--no-config",
		"-e", "robots=off",
		"-e", "use_proxy=on",
		"-e", fmt.Sprintf("http_proxy=http://127.0.0.1:%d/", port),
		"--directory-prefix="+filepath.Join(tmp, "download"),
		"http://news.example/2024/05/harbour-bridge-reopens.html",
		"http://news.example/2024/05/council-vote.html",
		"http://news.example/latest",
		"http://news.example/gone.html",
	)
	cmd.Env = append(os.Environ(), "TZ=UTC", "LC_ALL=C")
	out, err := cmd.CombinedOutput()
	t.Logf("wget: %v\n%s", err, out) // wget exits 8 because of the 404
	b, err := os.ReadFile(filepath.Join(tmp, "wget.warc"))
	if err != nil {
		t.Fatal(err)
	}
	write(t, "testdata/wget.warc", b)
}

// field is one WARC header line.
type field struct{ name, value string }

// rawRecord assembles a WARC record. Content-Length and WARC-Block-Digest
// are added unless the fields already hold them.
func rawRecord(version string, fields []field, block []byte) []byte {
	var b bytes.Buffer
	b.WriteString(version + "\r\n")
	has := map[string]bool{}
	for _, f := range fields {
		has[f.name] = true
		fmt.Fprintf(&b, "%s: %s\r\n", f.name, f.value)
	}
	if !has["WARC-Block-Digest"] {
		fmt.Fprintf(&b, "WARC-Block-Digest: %s\r\n", sha1Digest(block))
	}
	if !has["Content-Length"] {
		fmt.Fprintf(&b, "Content-Length: %d\r\n", len(block))
	}
	b.WriteString("\r\n")
	b.Write(block)
	b.WriteString("\r\n\r\n")
	return b.Bytes()
}

func gz(b []byte) []byte {
	var out bytes.Buffer
	w := gzip.NewWriter(&out)
	w.Write(b)
	w.Close()
	return out.Bytes()
}

func br(b []byte) []byte {
	var out bytes.Buffer
	w := brotli.NewWriterLevel(&out, 5)
	w.Write(b)
	w.Close()
	return out.Bytes()
}

const (
	ferryPage = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Ferry crews walk out over rosters</title></head>
<body><article><h1>Ferry crews walk out over rosters</h1><p>Crossings to the islands were cancelled on Wednesday as deckhands stopped work in a dispute about weekend shifts.</p></article></body></html>
`
	tidesPage = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Spring tides flood the quay</title></head>
<body><article><h1>Spring tides flood the quay</h1><p>Sandbags went up along the quay as the highest tide of the year lapped at shop doors.</p></article></body></html>
`
	notesText = "Newsroom notes, 1 May 2024.\nCheck the ferry timetable before publishing.\n"
)

// browsertrixFixture is WARC/1.1 with gzip per record, shaped like
// Browsertrix output: request/response pairs with microsecond dates and
// WARC-Page-ID, compressed bodies, a revisit and a urn:pageinfo resource.
func browsertrixFixture(t *testing.T) []byte {
	const v = "WARC/1.1"
	ferryURL := "https://www.tidewater-gazette.test/world/ferry-strike.html"
	tidesURL := "https://www.tidewater-gazette.test/local/spring-tides.html"

	ferryBody := gz([]byte(ferryPage))
	tidesBody := br([]byte(tidesPage))
	response := func(body []byte, encoding string) []byte {
		return []byte("HTTP/1.1 200 OK\r\n" +
			"Content-Type: text/html; charset=utf-8\r\n" +
			"Content-Encoding: " + encoding + "\r\n" +
			"Content-Length: " + strconv.Itoa(len(body)) + "\r\n" +
			"Vary: Accept-Encoding\r\n" +
			"\r\n" + string(body))
	}
	request := func(path string) []byte {
		return []byte("GET " + path + " HTTP/1.1\r\nHost: www.tidewater-gazette.test\r\nAccept-Encoding: gzip, deflate, br\r\n\r\n")
	}

	records := [][]byte{
		rawRecord(v, []field{
			{"WARC-Type", "warcinfo"},
			{"WARC-Record-ID", "<urn:uuid:0b6f3c8e-0000-4000-8000-000000000001>"},
			{"WARC-Filename", "browsertrix.warc.gz"},
			{"WARC-Date", "2024-05-01T09:30:14.000Z"},
			{"Content-Type", "application/warc-fields"},
		}, []byte("software: Browsertrix-Crawler 1.1.0 (hand-made fixture)\r\nformat: WARC File Format 1.1\r\n")),
		rawRecord(v, []field{
			{"WARC-Type", "request"},
			{"WARC-Record-ID", "<urn:uuid:0b6f3c8e-0000-4000-8000-000000000002>"},
			{"WARC-Target-URI", ferryURL},
			{"WARC-Date", "2024-05-01T09:30:15.123456Z"},
			{"WARC-Page-ID", "p-ferry"},
			{"Content-Type", "application/http; msgtype=request"},
		}, request("/world/ferry-strike.html")),
		rawRecord(v, []field{
			{"WARC-Type", "response"},
			{"WARC-Record-ID", "<urn:uuid:0b6f3c8e-0000-4000-8000-000000000003>"},
			{"WARC-Target-URI", ferryURL},
			{"WARC-Date", "2024-05-01T09:30:15.123456Z"},
			{"WARC-Page-ID", "p-ferry"},
			{"WARC-Concurrent-To", "<urn:uuid:0b6f3c8e-0000-4000-8000-000000000002>"},
			{"Content-Type", "application/http; msgtype=response"},
			{"WARC-Payload-Digest", sha1Digest(ferryBody)},
		}, response(ferryBody, "gzip")),
		rawRecord(v, []field{
			{"WARC-Type", "response"},
			{"WARC-Record-ID", "<urn:uuid:0b6f3c8e-0000-4000-8000-000000000004>"},
			{"WARC-Target-URI", tidesURL},
			{"WARC-Date", "2024-05-01T09:31:02.5Z"},
			{"WARC-Page-ID", "p-tides"},
			{"Content-Type", "application/http; msgtype=response"},
			{"WARC-Payload-Digest", sha1Digest(tidesBody)},
		}, response(tidesBody, "br")),
		rawRecord(v, []field{
			{"WARC-Type", "revisit"},
			{"WARC-Record-ID", "<urn:uuid:0b6f3c8e-0000-4000-8000-000000000005>"},
			{"WARC-Target-URI", ferryURL},
			{"WARC-Date", "2024-05-02T09:30:15Z"},
			{"WARC-Profile", "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"},
			{"WARC-Refers-To", "<urn:uuid:0b6f3c8e-0000-4000-8000-000000000003>"},
			{"WARC-Payload-Digest", sha1Digest(ferryBody)},
			{"Content-Type", "application/http; msgtype=response"},
		}, []byte("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n")),
		rawRecord(v, []field{
			{"WARC-Type", "resource"},
			{"WARC-Record-ID", "<urn:uuid:0b6f3c8e-0000-4000-8000-000000000006>"},
			{"WARC-Target-URI", "urn:pageinfo:" + ferryURL},
			{"WARC-Date", "2024-05-01T09:30:16Z"},
			{"Content-Type", "application/json"},
		}, []byte(`{"pages":{"url":"`+ferryURL+`"}}`)),
		rawRecord(v, []field{
			{"WARC-Type", "resource"},
			{"WARC-Record-ID", "<urn:uuid:0b6f3c8e-0000-4000-8000-000000000007>"},
			{"WARC-Target-URI", "https://www.tidewater-gazette.test/notes.txt"},
			{"WARC-Date", "2024-05-01T09:32:00Z"},
			{"Content-Type", "text/plain; charset=utf-8"},
		}, []byte(notesText)),
	}
	var out bytes.Buffer
	for _, r := range records {
		out.Write(gz(r))
	}
	return out.Bytes()
}

// goodResponse is a small well-formed WARC/1.0 response record.
func goodResponse(url, date, text string) []byte {
	return rawRecord("WARC/1.0", []field{
		{"WARC-Type", "response"},
		{"WARC-Record-ID", "<urn:uuid:" + uuidFor(url) + ">"},
		{"WARC-Target-URI", url},
		{"WARC-Date", date},
		{"Content-Type", "application/http;msgtype=response"},
	}, []byte("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\n"+text))
}

// uuidFor makes a stable, distinct record ID from a URL.
func uuidFor(s string) string {
	d := sha1Digest([]byte(s))
	b := []byte(fmt.Sprintf("%x", d[5:21]))
	return fmt.Sprintf("%s-%s-%s-%s-%s", b[0:8], b[8:12], b[12:16], b[16:20], b[20:32])
}

// brokenGzipFixture holds, gzip per record: a good response, garbage
// between members, a good resource, a response with a wrong block digest,
// a response with an unreadable Content-Length, a good response and a
// truncated response.
func brokenGzipFixture() []byte {
	var out bytes.Buffer
	out.Write(gz(goodResponse("http://news.example/a.html", "2024-05-03T10:00:00Z", "first good record")))
	out.WriteString("<<< this line is not a WARC record >>>\n")
	out.Write(gz(rawRecord("WARC/1.0", []field{
		{"WARC-Type", "resource"},
		{"WARC-Record-ID", "<urn:uuid:" + uuidFor("b") + ">"},
		{"WARC-Target-URI", "http://news.example/b.txt"},
		{"WARC-Date", "2024-05-03T10:00:01Z"},
		{"Content-Type", "text/plain"},
	}, []byte("second good record"))))
	out.Write(gz(rawRecord("WARC/1.0", []field{
		{"WARC-Type", "response"},
		{"WARC-Record-ID", "<urn:uuid:" + uuidFor("c") + ">"},
		{"WARC-Target-URI", "http://news.example/c.html"},
		{"WARC-Date", "2024-05-03T10:00:02Z"},
		{"Content-Type", "application/http;msgtype=response"},
		{"WARC-Block-Digest", sha1Digest([]byte("something else entirely"))},
	}, []byte("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nbad digest"))))
	out.Write(gz(rawRecord("WARC/1.0", []field{
		{"WARC-Type", "response"},
		{"WARC-Record-ID", "<urn:uuid:" + uuidFor("d") + ">"},
		{"WARC-Target-URI", "http://news.example/d.html"},
		{"WARC-Date", "2024-05-03T10:00:03Z"},
		{"Content-Type", "application/http;msgtype=response"},
		{"Content-Length", "forty-two"},
	}, []byte("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nbad header"))))
	out.Write(gz(goodResponse("http://news.example/e.html", "2024-05-03T10:00:04Z", "third good record")))
	last := gz(goodResponse("http://news.example/f.html", "2024-05-03T10:00:05Z", "this record is cut short by a crash"))
	out.Write(last[:len(last)/2])
	return out.Bytes()
}

// brokenPlainFixture holds, uncompressed: a good response, a line of
// garbage, a response with a wrong payload digest, a response with a bad
// WARC-Date, a good resource and a truncated response.
func brokenPlainFixture() []byte {
	var out bytes.Buffer
	out.Write(goodResponse("http://news.example/a.html", "2024-05-03T10:00:00Z", "first good record"))
	out.WriteString("garbage between records\r\n")
	out.Write(rawRecord("WARC/1.0", []field{
		{"WARC-Type", "response"},
		{"WARC-Record-ID", "<urn:uuid:" + uuidFor("p") + ">"},
		{"WARC-Target-URI", "http://news.example/p.html"},
		{"WARC-Date", "2024-05-03T10:00:01Z"},
		{"Content-Type", "application/http;msgtype=response"},
		{"WARC-Payload-Digest", sha1Digest([]byte("not this payload"))},
	}, []byte("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nbad payload digest")))
	out.Write(rawRecord("WARC/1.0", []field{
		{"WARC-Type", "response"},
		{"WARC-Record-ID", "<urn:uuid:" + uuidFor("q") + ">"},
		{"WARC-Target-URI", "http://news.example/q.html"},
		{"WARC-Date", "last Tuesday"},
		{"Content-Type", "application/http;msgtype=response"},
	}, []byte("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nbad date")))
	out.Write(rawRecord("WARC/1.0", []field{
		{"WARC-Type", "resource"},
		{"WARC-Record-ID", "<urn:uuid:" + uuidFor("r") + ">"},
		{"WARC-Target-URI", "http://news.example/r.txt"},
		{"WARC-Date", "2024-05-03T10:00:03Z"},
		{"Content-Type", "text/plain"},
	}, []byte("second good record")))
	last := goodResponse("http://news.example/s.html", "2024-05-03T10:00:04Z", "this record is cut short by a crash")
	out.Write(last[:len(last)-30])
	return out.Bytes()
}
