package archive

import (
	"bytes"
	"os"
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
			if c.URL == "" || c.Time.IsZero() || c.Status < 100 || c.Digest == "" {
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
