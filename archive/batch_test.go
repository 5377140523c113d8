package archive

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// batchCaptures is a batch that exercises every way Add can treat a
// capture, most of them depending on a capture earlier in the same batch.
func batchCaptures() []Capture {
	const a, b, c = "http://news.example/a.html", "http://news.example/b.html", "http://news.example/c.html"
	first := htmlCapture(a, day, syndicatedPage)
	withRequest := htmlCapture("http://news.example/req.html", day, "<p>asked for</p>")
	withRequest.Request = []byte("GET /req.html HTTP/1.1\r\nHost: news.example\r\n\r\n")
	return []Capture{
		first,
		htmlCapture(a, day, syndicatedPage), // the same capture again: not added
		htmlCapture(a, day.Add(time.Hour), syndicatedPage), // the URL's newest payload again: not added
		htmlCapture(b, day, syndicatedPage),                // another URL, a payload in the batch: a revisit record
		htmlCapture(a, day.Add(2*time.Hour), strings.ReplaceAll(syndicatedPage, "winter", "summer")),
		{URL: "", Time: day, Body: []byte("no URL")}, // refused, alone
		// Another tool's revisit record of a's first payload, which only
		// this batch holds.
		{URL: c, Time: day.Add(3 * time.Hour), Status: 200, Header: http.Header{"Content-Type": {"text/html"}},
			Digest: sha1Digest([]byte(syndicatedPage)), Original: &Capture{URL: a}},
		// And one whose payload is nowhere.
		{URL: "http://news.example/gone.html", Time: day, Status: 200, Header: http.Header{"Content-Type": {"text/html"}},
			Digest: sha1Digest([]byte("gone")), Original: &Capture{URL: "http://elsewhere.example/"}},
		htmlCapture("http://news.example/small1.html", day, "<p>short</p>"), // small payloads are stored twice
		htmlCapture("http://news.example/small2.html", day, "<p>short</p>"),
		{URL: "file:abc/notes.txt", Time: day, MIME: "text/plain", Body: []byte("Notes."), File: "notes.txt"},
		withRequest,
	}
}

// comparable is what Add's results and the index say of a capture, without
// what differs between two archives of the same captures (record ids).
type comparableCapture struct {
	URL, Digest, MIME string
	Time              time.Time
	Status            int
	Seq               uint64
	Added             bool
	Err               string
	Original          string
}

func comparableOf(c Capture, added bool, err error) comparableCapture {
	k := comparableCapture{URL: c.URL, Digest: c.Digest, MIME: c.MIME, Time: c.Time, Status: c.Status, Seq: c.Seq, Added: added}
	switch {
	case errors.Is(err, ErrInvalid):
		k.Err = "invalid"
	case errors.Is(err, ErrNoOriginal):
		k.Err = "no original"
	case err != nil:
		k.Err = err.Error()
	}
	if c.Original != nil {
		k.Original = c.Original.URL + " " + c.Original.Time.String()
	}
	return k
}

// TestAddBatchIsAddOneByOne: a batch is archived exactly as its captures
// added one by one would be: the same results (deduplicated against the
// captures before them in the batch, revisit records of payloads the
// batch holds, a bad capture refused alone) and the same index; and it
// syncs its WARC file once.
func TestAddBatchIsAddOneByOne(t *testing.T) {
	captures := batchCaptures()

	one := openStore(t, t.TempDir())
	var want []comparableCapture
	for _, c := range captures {
		stored, added, err := one.Add(t.Context(), c)
		want = append(want, comparableOf(stored, added, err))
	}

	batched := openStore(t, t.TempDir())
	syncs := 0
	batched.syncFile = func(path string) error {
		syncs++
		return fsyncPath(path)
	}
	res, err := batched.AddBatch(t.Context(), captures)
	if err != nil {
		t.Fatal(err)
	}
	var got []comparableCapture
	for _, r := range res {
		got = append(got, comparableOf(r.Capture, r.Added, r.Err))
	}
	if !reflect.DeepEqual(got, want) {
		for i := range max(len(got), len(want)) {
			var g, w comparableCapture
			if i < len(got) {
				g = got[i]
			}
			if i < len(want) {
				w = want[i]
			}
			if g != w {
				t.Errorf("capture %d: batch %+v\n             one by one %+v", i, g, w)
			}
		}
	}
	// The cases the batch is built for all happened.
	kinds := map[string]bool{}
	for _, w := range want {
		switch {
		case w.Err != "":
			kinds["refused: "+w.Err] = true
		case !w.Added:
			kinds["not added"] = true
		case w.Original != "":
			kinds["revisit"] = true
		}
	}
	if len(kinds) != 4 {
		t.Errorf("the batch exercised %v, want refusals, captures not added and revisits", kinds)
	}
	if syncs != 1 {
		t.Errorf("the batch synced %d times, want once", syncs)
	}

	// The two archives hold the same captures, with the same bodies.
	for _, c := range captures {
		if c.URL == "" {
			continue
		}
		a, errA := one.Captures(c.URL)
		b, errB := batched.Captures(c.URL)
		if errA != nil || errB != nil || len(a) != len(b) {
			t.Fatalf("Captures(%s): one by one %d, %v; batch %d, %v", c.URL, len(a), errA, len(b), errB)
		}
		for i := range a {
			if ka, kb := comparableOf(a[i], true, nil), comparableOf(b[i], true, nil); ka != kb {
				t.Errorf("Captures(%s)[%d]: batch %+v, one by one %+v", c.URL, i, kb, ka)
			}
			la, errA := one.Load(a[i])
			lb, errB := batched.Load(b[i])
			if errA != nil || errB != nil || !bytes.Equal(la.Body, lb.Body) {
				t.Errorf("Load(%s): one by one %d bytes, %v; batch %d bytes, %v", c.URL, len(la.Body), errA, len(lb.Body), errB)
			}
		}
	}
	n1, u1, _ := one.Count()
	n2, u2, _ := batched.Count()
	if n1 != n2 || u1 != u2 {
		t.Errorf("Count: one by one %d captures of %d URLs, batch %d of %d", n1, u1, n2, u2)
	}
}

// TestAddBatchSyncsBeforeIndexing: the index learns of a batch's captures
// only after their records were synced, in every file the batch wrote to
// (a file rotated away in the middle of the batch too).
func TestAddBatchSyncsBeforeIndexing(t *testing.T) {
	dir := t.TempDir()
	s, err := open(dir, 3000) // a new file every few records
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	mustAdd(t, s, htmlCapture("http://news.example/before.html", day, "<p>before</p>"))
	before, err := s.LastSeq()
	if err != nil {
		t.Fatal(err)
	}
	synced := map[string]int64{} // file: its size when synced
	s.syncFile = func(path string) error {
		if last, err := s.LastSeq(); err != nil || last != before {
			t.Errorf("syncing %s: the index's last capture is %d (%v), want %d: it was written before the sync", filepath.Base(path), last, err, before)
		}
		if err := fsyncPath(path); err != nil {
			return err
		}
		info, err := os.Stat(path)
		if err != nil {
			return err
		}
		synced[filepath.Base(path)] = info.Size()
		return nil
	}
	var batch []Capture
	for i := range 8 {
		batch = append(batch, htmlCapture(fmt.Sprintf("http://news.example/%d.html", i), day, strings.Repeat(fmt.Sprintf("story %d ", i), 150)))
	}
	res, err := s.AddBatch(t.Context(), batch)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]bool{}
	for _, r := range res {
		if !r.Added || r.Err != nil {
			t.Fatalf("%s: added=%v, %v", r.Capture.URL, r.Added, r.Err)
		}
		files[r.Capture.File] = true
		if end := r.Capture.Offset + r.Capture.Length; synced[r.Capture.File] < end {
			t.Errorf("%s ends at %s:%d, but only %d bytes of the file were synced", r.Capture.URL, r.Capture.File, end, synced[r.Capture.File])
		}
	}
	if len(files) < 2 {
		t.Errorf("the batch went to %d files, want two or more (a rotation within the batch)", len(files))
	}
	if last, err := s.LastSeq(); err != nil || last != before+uint64(len(batch)) {
		t.Errorf("LastSeq after the batch = %d, %v; want %d", last, err, before+uint64(len(batch)))
	}
}

// TestAddBatchFailureAcknowledgesNothing: when the sync fails, no capture
// of the batch is indexed; the archive goes on in a new file, the batch
// can be added again, and after a restart each capture is there once.
func TestAddBatchFailureAcknowledgesNothing(t *testing.T) {
	dir := t.TempDir()
	s := openStore(t, dir)
	mustAdd(t, s, htmlCapture("http://news.example/before.html", day, "<p>before</p>"))
	before, _ := s.LastSeq()
	batch := []Capture{
		htmlCapture("http://news.example/1.html", day, "<p>one</p>"),
		htmlCapture("http://news.example/2.html", day, syndicatedPage),
		htmlCapture("http://news.example/3.html", day, syndicatedPage), // a revisit of 2
	}
	broken := errors.New("disk on fire")
	s.syncFile = func(string) error { return broken }
	res, err := s.AddBatch(t.Context(), batch)
	if !errors.Is(err, broken) || res != nil {
		t.Fatalf("AddBatch with a failing sync = %v, %v; want the sync's error and no results", res, err)
	}
	if last, err := s.LastSeq(); err != nil || last != before {
		t.Errorf("LastSeq = %d, %v; want %d: a capture of the failed batch was indexed", last, err, before)
	}
	for _, c := range batch {
		if caps, err := s.Captures(c.URL); err != nil || len(caps) != 0 {
			t.Errorf("Captures(%s) = %d, %v; want none", c.URL, len(caps), err)
		}
	}
	filesBefore := warcFiles(t, dir)

	// The same batch again, with a disk that works.
	s.syncFile = fsyncPath
	res, err = s.AddBatch(t.Context(), batch)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res {
		if !r.Added || r.Err != nil {
			t.Errorf("%s: added=%v, %v", r.Capture.URL, r.Added, r.Err)
		}
		if slicesContain(filesBefore, r.Capture.File) {
			t.Errorf("%s went to %s, the file whose sync failed", r.Capture.URL, r.Capture.File)
		}
	}
	if res[2].Capture.Original == nil || res[2].Capture.Original.URL != batch[1].URL {
		t.Errorf("3.html: Original = %+v, want a revisit of 2.html as archived now", res[2].Capture.Original)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = openStore(t, dir)
	if n, urls, err := s.Count(); err != nil || n != 4 || urls != 4 {
		t.Errorf("after reopening: %d captures of %d URLs, %v; want 4 of 4", n, urls, err)
	}
	for _, c := range append(batch, htmlCapture("http://news.example/before.html", day, "<p>before</p>")) {
		caps, err := s.Captures(c.URL)
		if err != nil || len(caps) != 1 {
			t.Fatalf("after reopening: Captures(%s) = %d, %v; want 1", c.URL, len(caps), err)
		}
		if got, err := s.Load(caps[0]); err != nil || !bytes.Equal(got.Body, c.Body) {
			t.Errorf("after reopening: Load(%s) = %d bytes, %v", c.URL, len(got.Body), err)
		}
	}
}

func slicesContain(s []string, v string) bool {
	for _, x := range s {
		if filepath.Base(x) == v {
			return true
		}
	}
	return false
}
