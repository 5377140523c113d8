package archive

import (
	"io"
	"slices"
	"testing"

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

	r, err := gowarc.NewWarcFileReader(warcFiles(t, dir)[0], 0, gowarc.WithStrictValidation())
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var types []string
	for {
		rec, off, validation, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("strict read at %d: %v", off, err)
		}
		if !validation.Valid() {
			t.Errorf("record at %d: %v", off, validation)
		}
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
	}
	if want := []string{"warcinfo", "response", "request"}; !slices.Equal(types, want) {
		t.Errorf("records %v, want %v", types, want)
	}
}
