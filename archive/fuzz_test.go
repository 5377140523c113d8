package archive

import (
	"bytes"
	"context"
	"net/http"
	"os"
	"strings"
	"testing"
)

// FuzzReadWARC checks that no input makes ReadWARC panic or hang, and
// that every capture it hands out is complete. go test runs the seeds;
// go test -fuzz=FuzzReadWARC explores further.
func FuzzReadWARC(f *testing.F) {
	for _, name := range []string{"testdata/wget.warc", "testdata/browsertrix.warc.gz", "testdata/broken.warc", "testdata/broken.warc.gz"} {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add(gz(goodResponse("http://news.example/", "2024-01-01T00:00:00Z", "x")))
	f.Fuzz(func(t *testing.T, b []byte) {
		err := ReadWARC(bytes.NewReader(b), func(c Capture) error {
			if c.URL == "" || c.Time.IsZero() || c.Status < 100 && c.Original == nil || c.Digest == "" {
				t.Errorf("incomplete capture %+v", c)
			}
			return nil
		}, func(err error) {
			if err == nil {
				t.Error("onError(nil)")
			}
		})
		if err != nil && err != ErrNotWARC {
			t.Errorf("ReadWARC on an in-memory stream = %v", err)
		}
	})
}

// FuzzStoreAdd checks that Add rejects or archives any capture without
// panicking, and that what it archives loads back.
func FuzzStoreAdd(f *testing.F) {
	s, err := Open(f.TempDir())
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { s.Close() })
	f.Add("http://news.example/a.html", 200, "Content-Type", "text/html; charset=utf-8", "", []byte("<p>hi</p>"))
	f.Add("file:///notes.txt", 0, "", "", "text/plain", []byte("notes"))
	f.Add("https://news.example/z", 404, "X-Odd", "a\r\nb", "", []byte{})
	f.Fuzz(func(t *testing.T, url string, status int, name, value, mimeType string, body []byte) {
		c := Capture{URL: url, Status: status, MIME: mimeType, Body: body, Time: day}
		if name != "" {
			c.Header = http.Header{name: {value}}
		}
		stored, added, err := s.Add(context.Background(), c)
		if err != nil || !added {
			return
		}
		got, err := s.Load(stored)
		if err != nil {
			t.Fatalf("Load of an added capture: %v", err)
		}
		if !strings.EqualFold(name, "Content-Encoding") && !bytes.Equal(got.Body, body) {
			t.Errorf("Body = %q, want %q", got.Body, body)
		}
	})
}
