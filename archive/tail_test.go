package archive

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/nlnwa/gowarc"
	bolt "go.etcd.io/bbolt"
)

// TestOpenQuarantinesTornTail appends what a crash can leave at the end of
// a WARC file (half a record, a zero-filled block, a record's first
// header lines) and reopens the archive: the torn bytes are copied to the
// quarantine directory with a note, cut off the file, and the file passes
// a strict WARC reader. A whole record written before the crash (but not
// indexed) stays. That holds both after a clean Close and after a crash
// (nothing noted as checked: the index alone says where to look).
func TestOpenQuarantinesTornTail(t *testing.T) {
	tests := []struct {
		name string
		tail func(member []byte) (keep, torn []byte)
	}{
		{"half a record", func(m []byte) ([]byte, []byte) { return nil, m[:len(m)/2] }},
		{"all but the last byte", func(m []byte) ([]byte, []byte) { return nil, m[:len(m)-1] }},
		{"gzip magic only", func(m []byte) ([]byte, []byte) { return nil, m[:2] }},
		{"zero-filled block", func(m []byte) ([]byte, []byte) { return nil, make([]byte, 4096) }},
		{"uncompressed header lines", func(m []byte) ([]byte, []byte) {
			return nil, []byte("WARC/1.1\r\nWARC-Type: response\r\nContent-Length: 900\r\n")
		}},
		{"a whole record, then half of one", func(m []byte) ([]byte, []byte) { return m, m[:len(m)/2] }},
	}
	for _, crashed := range []bool{false, true} {
		for _, tt := range tests {
			name := tt.name
			if crashed {
				name += " after a crash"
			}
			t.Run(name, func(t *testing.T) {
				dir := t.TempDir()
				s := openStore(t, dir)
				a := mustAdd(t, s, htmlCapture("http://news.example/a.html", day, bridgePage))
				b := mustAdd(t, s, htmlCapture("http://news.example/b.html", day, "<p>The second story, long enough to stand on its own.</p>"))
				if err := s.Close(); err != nil {
					t.Fatal(err)
				}
				if crashed {
					forgetChecked(t, dir)
				}
				path := filepath.Join(dir, "warc", b.File)
				data, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				member := data[b.Offset : b.Offset+b.Length]
				keep, torn := tt.tail(member)
				appendFile(t, path, append(bytes.Clone(keep), torn...))
				wantSize := int64(len(data) + len(keep))

				s = openStore(t, dir)
				reps := s.Repairs()
				if len(reps) != 1 {
					t.Fatalf("repairs = %+v, want one", reps)
				}
				r := reps[0]
				if r.File != b.File || r.Offset != wantSize || r.Length != int64(len(torn)) || r.Time.IsZero() || r.Reason == "" {
					t.Errorf("repair = %+v, want %s cut at %d, %d bytes", r, b.File, wantSize, len(torn))
				}
				if info, err := os.Stat(path); err != nil || info.Size() != wantSize {
					t.Fatalf("file after repair: %v, %v; want %d bytes", info.Size(), err, wantSize)
				}
				copied, err := os.ReadFile(r.Copy)
				if err != nil || !bytes.Equal(copied, torn) {
					t.Errorf("quarantined copy %s: %d bytes (%v), want the %d torn bytes", r.Copy, len(copied), err, len(torn))
				}
				if filepath.Dir(r.Copy) != filepath.Join(dir, QuarantineDir) {
					t.Errorf("copy at %s, want it under %s", r.Copy, filepath.Join(dir, QuarantineDir))
				}
				var note TornTail
				raw, err := os.ReadFile(r.Copy[:len(r.Copy)-len(".torn")] + ".json")
				if err != nil || json.Unmarshal(raw, &note) != nil || note.File != b.File || note.Offset != wantSize || !note.Time.Equal(r.Time) {
					t.Errorf("note: %s (%v), want file, offset and time", raw, err)
				}
				strictRecords(t, dir, func(gowarc.WarcRecord, int64) {})

				// The archive works on: both captures load, a new one is added.
				for _, c := range []Capture{a, b} {
					if _, err := s.Load(c); err != nil {
						t.Errorf("load %s: %v", c.URL, err)
					}
				}
				mustAdd(t, s, htmlCapture("http://news.example/c.html", day, "<p>A third story after the repair.</p>"))
				if err := s.Close(); err != nil {
					t.Fatal(err)
				}
				// Once repaired, the file is not cut again.
				s = openStore(t, dir)
				if reps := s.Repairs(); len(reps) != 0 {
					t.Errorf("second open repaired %+v", reps)
				}
				strictRecords(t, dir, func(gowarc.WarcRecord, int64) {})
			})
		}
	}
}

// TestOpenLeavesDamageBeforeWholeRecords: bytes that are not a record but
// are followed by whole records are no torn tail (the file was not cut
// short by a crash); Open leaves such a file alone for readers to skip the
// damage.
func TestOpenLeavesDamageBeforeWholeRecords(t *testing.T) {
	dir := t.TempDir()
	s := openStore(t, dir)
	b := mustAdd(t, s, htmlCapture("http://news.example/b.html", day, bridgePage))
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	forgetChecked(t, dir)
	path := filepath.Join(dir, "warc", b.File)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	member := data[b.Offset : b.Offset+b.Length]
	appendFile(t, path, append(bytes.Clone(member[:len(member)/2]), member...))
	size := len(data) + len(member)/2 + len(member)

	s = openStore(t, dir)
	if reps := s.Repairs(); len(reps) != 0 {
		t.Errorf("repairs = %+v, want none", reps)
	}
	if info, err := os.Stat(path); err != nil || info.Size() != int64(size) {
		t.Errorf("file is %d bytes (%v), want it left at %d", info.Size(), err, size)
	}
	if _, err := os.Stat(filepath.Join(dir, QuarantineDir)); !os.IsNotExist(err) {
		t.Errorf("quarantine directory: %v, want none", err)
	}
}

// forgetChecked removes what the archive noted about its WARC files being
// whole, as a crash before Close would have left it.
func forgetChecked(t *testing.T, dir string) {
	t.Helper()
	db, err := bolt.Open(filepath.Join(dir, "captures.db"), 0o644, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.Update(func(tx *bolt.Tx) error {
		if tx.Bucket(filesBucket) == nil {
			t.Fatal("the archive noted no checked files on Close")
		}
		return tx.DeleteBucket(filesBucket)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func appendFile(t *testing.T, path string, b []byte) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}
