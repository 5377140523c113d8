package archive

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestCheckWritableAndSize(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.CheckWritable(); err != nil {
		t.Fatalf("fresh archive: %v", err)
	}
	entries, _ := os.ReadDir(filepath.Join(dir, "warc"))
	for _, e := range entries {
		if e.Name()[0] == '.' {
			t.Errorf("CheckWritable left %s behind", e.Name())
		}
	}

	before, err := s.Size()
	if err != nil {
		t.Fatal(err)
	}
	c := Capture{URL: "https://news.example/a", Time: time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC), Status: 200,
		MIME: "text/html", Body: []byte("<html><body>hello</body></html>")}
	if _, _, err := s.Add(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	after, err := s.Size()
	if err != nil {
		t.Fatal(err)
	}
	if after <= before {
		t.Errorf("Size after an Add = %d, before %d: want it to grow", after, before)
	}

	// A WARC directory gone (an unmounted disk) fails the check.
	warc := filepath.Join(dir, "warc")
	if err := os.Rename(warc, warc+".away"); err != nil {
		t.Fatal(err)
	}
	if err := s.CheckWritable(); err == nil {
		t.Error("WARC directory gone: CheckWritable = nil, want an error")
	} else if strings.Contains(err.Error(), dir) {
		t.Errorf("CheckWritable error names a path: %v", err)
	}
	if err := os.Rename(warc+".away", warc); err != nil {
		t.Fatal(err)
	}
	if err := s.CheckWritable(); err != nil {
		t.Errorf("WARC directory back: %v", err)
	}

	s.Close()
	if err := s.CheckWritable(); !errors.Is(err, ErrClosed) {
		t.Errorf("closed archive: CheckWritable = %v, want ErrClosed", err)
	}
}
