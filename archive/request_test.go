package archive

import (
	"errors"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/nlnwa/gowarc"
)

// TestStoreWritesRequestRecord: a response capture with Request gets a
// WARC request record after its response record, concurrent to it, that
// nlnwa/gowarc's strict reader accepts; Load and the index are unaffected.
func TestStoreWritesRequestRecord(t *testing.T) {
	dir := t.TempDir()
	s := openStore(t, dir)
	c := htmlCapture("http://news.example/a.html", day, bridgePage)
	c.Request = []byte("GET /a.html HTTP/1.1\r\nHost: news.example\r\nUser-Agent: Gazette/1.0\r\n\r\n")
	stored := mustAdd(t, s, c)
	back, err := s.Load(stored)
	if err != nil || string(back.Body) != bridgePage {
		t.Fatalf("Load: %v", err)
	}
	if n, _, _ := s.Count(); n != 1 {
		t.Errorf("%d captures indexed, want 1", n)
	}
	// A bad request message is refused before anything is written.
	bad := htmlCapture("http://news.example/b.html", day, bridgePage)
	bad.Request = []byte("not a request")
	if _, _, err := s.Add(t.Context(), bad); err == nil {
		t.Error("Add with a malformed request: no error")
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	var types []string
	strictRecords(t, dir, func(rec gowarc.WarcRecord, _ int64) {
		types = append(types, rec.Type().String())
		if rec.Type() == gowarc.Request {
			if got := rec.WarcHeader().GetId(gowarc.WarcConcurrentTo); got != stored.RecordID {
				t.Errorf("request concurrent to %q, want %q", got, stored.RecordID)
			}
			if rec.WarcHeader().Get(gowarc.WarcTargetURI) != c.URL {
				t.Errorf("request target %q", rec.WarcHeader().Get(gowarc.WarcTargetURI))
			}
			hb, ok := rec.Block().(gowarc.HttpRequestBlock)
			if !ok || hb.HttpHeader().Get("User-Agent") != "Gazette/1.0" {
				t.Errorf("request block %T not parsed as HTTP request", rec.Block())
			}
		}
	})
	if want := []string{"warcinfo", "response", "request"}; !slices.Equal(types, want) {
		t.Errorf("records %v, want %v", types, want)
	}
}

// TestStoreRevisit: an unchanged refetch (same payload, or a 304) becomes
// a revisit record referring to the newest capture, valid for the strict
// reader; the index keeps answering with the original capture.
func TestStoreRevisit(t *testing.T) {
	dir := t.TempDir()
	s := openStore(t, dir)
	orig := mustAdd(t, s, htmlCapture("http://news.example/a.html", day, bridgePage))

	again := htmlCapture("http://news.example/a.html", day.Add(time.Hour), bridgePage)
	again.Request = []byte("GET /a.html HTTP/1.1\r\nHost: news.example\r\n\r\n")
	rev1, err := s.Revisit(t.Context(), again)
	if err != nil {
		t.Fatal(err)
	}
	notMod := Capture{URL: orig.URL, Time: day.Add(2 * time.Hour), Status: 304, Header: http.Header{"Etag": {`"x"`}}}
	if _, err := s.Revisit(t.Context(), notMod); err != nil {
		t.Fatal(err)
	}
	changed := htmlCapture(orig.URL, day.Add(3*time.Hour), bridgePage+"<p>update</p>")
	if _, err := s.Revisit(t.Context(), changed); !errors.Is(err, ErrNotRevisit) {
		t.Errorf("revisit of a changed page: %v, want ErrNotRevisit", err)
	}
	never := htmlCapture("http://news.example/never.html", day, bridgePage)
	if _, err := s.Revisit(t.Context(), never); !errors.Is(err, ErrNotRevisit) {
		t.Errorf("revisit of an unarchived URL: %v, want ErrNotRevisit", err)
	}
	caps, err := s.Captures(orig.URL)
	if err != nil || len(caps) != 1 || caps[0].RecordID != orig.RecordID {
		t.Errorf("captures after revisits: %+v, %v; want only the original", caps, err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	var types, profiles []string
	strictRecords(t, dir, func(rec gowarc.WarcRecord, off int64) {
		types = append(types, rec.Type().String())
		if rec.Type() == gowarc.Revisit {
			h := rec.WarcHeader()
			profiles = append(profiles, h.Get(gowarc.WarcProfile))
			if h.GetId(gowarc.WarcRefersTo) != orig.RecordID || h.Get(gowarc.WarcRefersToTargetURI) != orig.URL {
				t.Errorf("revisit at %d refers to %q %q", off, h.GetId(gowarc.WarcRefersTo), h.Get(gowarc.WarcRefersToTargetURI))
			}
			if off == rev1.Offset && h.Get(gowarc.WarcPayloadDigest) != orig.Digest {
				t.Errorf("revisit payload digest %q, want %q", h.Get(gowarc.WarcPayloadDigest), orig.Digest)
			}
		}
	})
	if want := []string{"warcinfo", "response", "revisit", "request", "revisit"}; !slices.Equal(types, want) {
		t.Errorf("records %v, want %v", types, want)
	}
	if want := []string{gowarc.ProfileIdenticalPayloadDigestV1_1, gowarc.ProfileServerNotModifiedV1_1}; !slices.Equal(profiles, want) {
		t.Errorf("profiles %v, want %v", profiles, want)
	}
}
