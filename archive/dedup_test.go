package archive

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/nlnwa/gowarc"
	bolt "go.etcd.io/bbolt"
)

// syndicatedPage is a story that two sections of a site serve byte for
// byte, large enough to be stored once.
var syndicatedPage = "<html><head><title>Ferry timetable changes</title></head><body><article>" +
	strings.Repeat("<p>The winter timetable adds an early sailing on weekdays and drops the late one on Sundays.</p>\n", 12) +
	"</article></body></html>"

func TestStoreSharesPayloads(t *testing.T) {
	dir := t.TempDir()
	s := openStore(t, dir)
	first := htmlCapture("http://news.example/local/ferry.html", day, syndicatedPage)
	orig := mustAdd(t, s, first)
	sizeAfterFirst := warcBytes(t, dir)

	dup := htmlCapture("http://news.example/travel/ferry.html", day.Add(time.Minute), syndicatedPage)
	dup.Header.Set("X-Section", "travel")
	rev := mustAdd(t, s, dup)
	if rev.Original == nil || rev.Original.RecordID != orig.RecordID || rev.Original.URL != orig.URL {
		t.Fatalf("second URL with the same payload: Original = %+v, want the first capture %s", rev.Original, orig.RecordID)
	}
	if rev.Digest != orig.Digest {
		t.Errorf("revisit Digest = %s, want the shared %s", rev.Digest, orig.Digest)
	}
	if grew := warcBytes(t, dir) - sizeAfterFirst; grew >= int64(len(syndicatedPage))/2 {
		t.Errorf("the revisit took %d bytes; the payload (%d bytes) was stored again?", grew, len(syndicatedPage))
	}

	// The revisit is a capture of its URL, and loads with its own headers
	// and the shared body.
	caps, err := s.Captures(dup.URL)
	if err != nil || len(caps) != 1 || caps[0].Original == nil || caps[0].Original.Offset != orig.Offset {
		t.Fatalf("Captures(%s) = %+v, %v; want the revisit, pointing at the original's record", dup.URL, caps, err)
	}
	got, err := s.Load(caps[0])
	if err != nil {
		t.Fatal(err)
	}
	if string(got.Body) != syndicatedPage || got.Header.Get("X-Section") != "travel" || got.Status != 200 || got.MIME != "text/html" {
		t.Errorf("Load(revisit) = status %d, mime %q, header %v, body %d bytes; want the travel headers and the shared body",
			got.Status, got.MIME, got.Header, len(got.Body))
	}
	if n, urls, err := s.Count(); err != nil || n != 2 || urls != 2 {
		t.Errorf("Count = %d captures, %d URLs, %v; want 2, 2", n, urls, err)
	}

	// Adding the same payload to the second URL again changes nothing.
	if _, added, err := s.Add(t.Context(), htmlCapture(dup.URL, day.Add(time.Hour), syndicatedPage)); err != nil || added {
		t.Errorf("same payload again: added=%v, %v; want unchanged", added, err)
	}
	// Small payloads are stored whole every time.
	small := mustAdd(t, s, htmlCapture("http://news.example/a.html", day, "<p>short</p>"))
	small2 := mustAdd(t, s, htmlCapture("http://news.example/b.html", day, "<p>short</p>"))
	if small.Original != nil || small2.Original != nil {
		t.Errorf("a %d-byte payload was shared", len("<p>short</p>"))
	}

	// The index of shared payloads survives a reopen.
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = openStore(t, dir)
	third := mustAdd(t, s, htmlCapture("http://news.example/ferry-amp.html", day.Add(2*time.Hour), syndicatedPage))
	if third.Original == nil || third.Original.RecordID != orig.RecordID {
		t.Errorf("after reopening: Original = %+v, want %s", third.Original, orig.RecordID)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	// The records pass the independent strict reader, and name their original.
	revisits := 0
	strictRecords(t, dir, func(rec gowarc.WarcRecord, off int64) {
		if rec.Type() != gowarc.Revisit {
			return
		}
		revisits++
		h := rec.WarcHeader()
		if h.Get(gowarc.WarcProfile) != gowarc.ProfileIdenticalPayloadDigestV1_1 ||
			h.GetId(gowarc.WarcRefersTo) != orig.RecordID ||
			h.Get(gowarc.WarcRefersToTargetURI) != orig.URL ||
			h.Get(gowarc.WarcPayloadDigest) != orig.Digest {
			t.Errorf("revisit at %d: %v", off, h)
		}
	})
	if revisits != 2 {
		t.Errorf("%d revisit records, want 2", revisits)
	}
}

func TestStoreAddsRevisitsFromWARC(t *testing.T) {
	s := openStore(t, t.TempDir())
	add := func(name string, warc []byte) (added []Capture, errs []error) {
		t.Helper()
		err := ReadWARC(bytes.NewReader(warc), func(c Capture) error {
			stored, ok, err := s.Add(t.Context(), c)
			switch {
			case err != nil:
				errs = append(errs, err)
			case ok:
				added = append(added, stored)
			}
			return nil
		}, func(err error) { t.Errorf("%s: %v", name, err) })
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return added, errs
	}

	// Browsertrix: the ferry page is revisited a day later, unchanged: no
	// new capture.
	fixture, err := os.ReadFile("testdata/browsertrix.warc.gz")
	if err != nil {
		t.Fatal(err)
	}
	added, errs := add("browsertrix", fixture)
	if len(added) != 3 || len(errs) != 0 {
		t.Fatalf("browsertrix fixture: %d added, errors %v; want 3 and none", len(added), errs)
	}
	ferry := added[0]

	// Another crawler saw the same story under a second URL and wrote a
	// revisit naming it by target URI and date (and a SHA-256 digest, which
	// the Store does not index), with its own headers.
	mirror := "https://mirror.tidewater-gazette.test/ferry-strike.html"
	revisit := gz(rawRecord("WARC/1.1", []field{
		{"WARC-Type", "revisit"},
		{"WARC-Record-ID", "<urn:uuid:0b6f3c8e-0000-4000-8000-0000000000a1>"},
		{"WARC-Target-URI", mirror},
		{"WARC-Date", "2024-05-03T08:00:00Z"},
		{"WARC-Profile", "http://netpreserve.org/warc/1.0/revisit/identical-payload-digest"},
		{"WARC-Refers-To-Target-URI", ferry.URL},
		{"WARC-Refers-To-Date", "2024-05-01T09:30:15Z"},
		{"WARC-Payload-Digest", "sha256:5b1d3cd02bd1a0c9e6ab4a6f6a2d6e3a1b9b2f7a6c3e4d5f60718293a4b5c6d7"},
		{"Content-Type", "application/http; msgtype=response"},
	}, []byte("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Encoding: gzip\r\nX-Mirror: yes\r\n\r\n")))
	// ... and one whose payload nobody archived.
	orphan := gz(rawRecord("WARC/1.1", []field{
		{"WARC-Type", "revisit"},
		{"WARC-Record-ID", "<urn:uuid:0b6f3c8e-0000-4000-8000-0000000000a2>"},
		{"WARC-Target-URI", "https://www.tidewater-gazette.test/gone.html"},
		{"WARC-Date", "2024-05-03T08:00:00Z"},
		{"WARC-Profile", "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"},
		{"WARC-Payload-Digest", sha1Digest([]byte("never archived"))},
		{"Content-Type", "application/http; msgtype=response"},
	}, []byte("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n")))
	added, errs = add("mirror", cat(revisit, orphan))
	if len(added) != 1 || len(errs) != 1 || !errors.Is(errs[0], ErrNoOriginal) {
		t.Fatalf("mirror: added %d, errors %v; want the mirror added and the orphan refused with ErrNoOriginal", len(added), errs)
	}
	m := added[0]
	if m.URL != mirror || string(m.Body) != ferryPage || m.Header.Get("X-Mirror") != "yes" || m.Header.Get("Content-Encoding") != "" {
		t.Errorf("mirror capture: %s, header %v, body %q; want the ferry page decoded under the mirror's headers", m.URL, m.Header, m.Body)
	}
	// Stored decoded, the ferry page's payload has a new digest; the
	// mirror, with the same decoded body, shares it when it is large enough.
	if shared := len(ferryPage) >= minSharedPayload; (m.Original != nil) != shared || m.Digest != ferry.Digest {
		t.Errorf("mirror capture: Original %+v, Digest %s; want the ferry capture's digest %s, shared=%v", m.Original, m.Digest, ferry.Digest, shared)
	}
	caps, err := s.Captures(mirror)
	if err != nil || len(caps) != 1 {
		t.Fatalf("Captures(mirror) = %v, %v", caps, err)
	}
	loaded, err := s.Load(caps[0])
	if err != nil || string(loaded.Body) != ferryPage || loaded.Header.Get("X-Mirror") != "yes" || loaded.Header.Get("Content-Encoding") != "" {
		t.Errorf("Load(mirror) = %q, %v, %v", loaded.Body, loaded.Header, err)
	}
	if _, ok := http.Header(loaded.Header)["Content-Length"]; !ok {
		t.Error("Load(mirror) has no Content-Length")
	}
}

// TestStoreResolvesForeignRevisits covers revisit records of other tools
// that the payload digest alone does not resolve, and records written for
// them.
func TestStoreResolvesForeignRevisits(t *testing.T) {
	page := syndicatedPage
	gzPage := gz([]byte(page))
	response := func(id, uri, date string, digest string) []byte {
		return gz(rawRecord("WARC/1.1", []field{
			{"WARC-Type", "response"},
			{"WARC-Record-ID", "<urn:uuid:" + id + ">"},
			{"WARC-Target-URI", uri},
			{"WARC-Date", date},
			{"WARC-Payload-Digest", digest},
			{"Content-Type", "application/http; msgtype=response"},
		}, []byte("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\nContent-Length: "+
			fmt.Sprint(len(gzPage))+"\r\n\r\n"+string(gzPage))))
	}
	revisit := func(id, uri string, fields ...field) []byte {
		fs := append([]field{
			{"WARC-Type", "revisit"},
			{"WARC-Record-ID", "<urn:uuid:" + id + ">"},
			{"WARC-Target-URI", uri},
			{"WARC-Date", "2024-06-02T10:00:00Z"},
			{"WARC-Profile", "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"},
			{"Content-Type", "application/http; msgtype=response"},
		}, fields...)
		return gz(rawRecord("WARC/1.1", fs, []byte("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\nContent-Length: "+
			fmt.Sprint(len(gzPage))+"\r\n\r\n")))
	}
	const a, b, c = "https://news.example/a", "https://news.example/b", "https://news.example/c"
	sha256Digest := "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

	dir := t.TempDir()
	s := openStore(t, dir)
	// a is archived already, decoded, from an earlier import.
	mustAdd(t, s, htmlCapture(a, day, page))
	warc := cat(
		// The same response again (unchanged, so not stored), named by the
		// digest of its gzip bytes, which a revisit of b then names.
		response("00000000-0000-4000-8000-000000000001", a, "2024-06-01T10:00:00Z", sha1Digest(gzPage)),
		revisit("00000000-0000-4000-8000-000000000002", b, field{"WARC-Payload-Digest", sha1Digest(gzPage)}),
		// c names a's record by another tool's record id, its URI and date,
		// and a SHA-256 digest the archive does not index.
		revisit("00000000-0000-4000-8000-000000000003", c,
			field{"WARC-Refers-To", "<urn:uuid:00000000-0000-4000-8000-000000000001>"},
			field{"WARC-Refers-To-Target-URI", a},
			field{"WARC-Refers-To-Date", day.Format(time.RFC3339)},
			field{"WARC-Payload-Digest", sha256Digest}),
	)
	var errs []error
	err := ReadWARC(bytes.NewReader(warc), func(cp Capture) error {
		if _, _, err := s.Add(t.Context(), cp); err != nil {
			errs = append(errs, err)
		}
		return nil
	}, func(err error) { t.Error(err) })
	if err != nil || len(errs) > 0 {
		t.Fatalf("import: %v, %v", err, errs)
	}
	for _, u := range []string{b, c} {
		caps, err := s.Captures(u)
		if err != nil || len(caps) != 1 || caps[0].Original == nil || caps[0].Original.URL != a {
			t.Fatalf("Captures(%s) = %+v, %v; want a revisit of %s", u, caps, err, a)
		}
		full, err := s.Load(caps[0])
		if err != nil || string(full.Body) != page {
			t.Errorf("Load(%s) = %d bytes, %v", u, len(full.Body), err)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	// The revisit records written describe the payload as archived
	// (decoded), so that other replay tools combine them correctly.
	checked := 0
	strictRecords(t, dir, func(rec gowarc.WarcRecord, _ int64) {
		if rec.Type() != gowarc.Revisit {
			return
		}
		rb, _ := rec.Block().RawBytes()
		head, _ := io.ReadAll(rb)
		if bytes.Contains(head, []byte("Content-Encoding")) || !bytes.Contains(head, []byte(fmt.Sprintf("Content-Length: %d\r\n", len(page)))) {
			t.Errorf("revisit record headers %q do not describe the decoded payload of %d bytes", head, len(page))
		}
		checked++
	})
	if checked != 2 {
		t.Errorf("%d revisit records, want 2", checked)
	}
}

// TestStoreRefusesHeaderlessRevisitOfAnotherURL: a revisit record without
// HTTP headers may not borrow another URL's status and headers.
func TestStoreRefusesHeaderlessRevisitOfAnotherURL(t *testing.T) {
	s := openStore(t, t.TempDir())
	mustAdd(t, s, Capture{URL: "https://other.example/old", Time: day, Status: 301, Header: http.Header{"Location": {"https://other.example/new"}}})
	rec := gz(rawRecord("WARC/1.1", []field{
		{"WARC-Type", "revisit"},
		{"WARC-Record-ID", "<urn:uuid:00000000-0000-4000-8000-0000000000b1>"},
		{"WARC-Target-URI", "https://news.example/ping2"},
		{"WARC-Date", "2024-06-02T10:00:00Z"},
		{"WARC-Profile", "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"},
		{"WARC-Payload-Digest", sha1Digest(nil)},
	}, nil))
	var addErr error
	ReadWARC(bytes.NewReader(rec), func(c Capture) error {
		_, _, addErr = s.Add(t.Context(), c)
		return nil
	}, func(err error) { t.Error(err) })
	if addErr == nil {
		t.Fatal("a header-less revisit took the status and headers of another URL's capture")
	}
	if caps, _ := s.Captures("https://news.example/ping2"); len(caps) != 0 {
		t.Errorf("captures of ping2: %+v", caps)
	}
}

// strictRecords reads every WARC file of the archive in dir with nlnwa/gowarc
// in strict mode, failing the test on any invalid record, and calls fn with
// each record and its offset.
func strictRecords(t *testing.T, dir string, fn func(rec gowarc.WarcRecord, offset int64)) {
	t.Helper()
	for _, name := range warcFiles(t, dir) {
		r, err := gowarc.NewWarcFileReader(name, 0, gowarc.WithStrictValidation())
		if err != nil {
			t.Fatal(err)
		}
		for {
			rec, off, validation, err := r.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("%s: strict read at %d: %v", name, off, err)
			}
			if !validation.Valid() {
				t.Errorf("%s: record at %d: %v", name, off, validation)
			}
			fn(rec, off)
		}
		r.Close()
	}
}

// TestOpenFillsDigests: an archive written before the digests table
// existed gets it filled on open, so an old payload is shared too.
func TestOpenFillsDigests(t *testing.T) {
	dir := t.TempDir()
	s := openStore(t, dir)
	orig := mustAdd(t, s, htmlCapture("http://news.example/local/ferry.html", day, syndicatedPage))
	// Make it an old archive: no digests table, not filled.
	err := s.db.Update(func(tx *bolt.Tx) error {
		if err := tx.DeleteBucket(digestsBucket); err != nil {
			return err
		}
		if _, err := tx.CreateBucket(digestsBucket); err != nil {
			return err
		}
		return tx.Bucket(metaBucket).Delete(digestsFilled)
	})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()

	s = openStore(t, dir)
	rev := mustAdd(t, s, htmlCapture("http://news.example/travel/ferry.html", day.Add(time.Minute), syndicatedPage))
	if rev.Original == nil || rev.Original.RecordID != orig.RecordID {
		t.Errorf("the same payload under another URL: Original = %+v, want the old capture %s", rev.Original, orig.RecordID)
	}
}
