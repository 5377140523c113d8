package archive

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/gazette-news/gazette/internal/countio"
)

// A crash (or a full disk) can leave the WARC file being written ending in
// part of a record: the record was never synced, so the capture index does
// not point at it, but a reader of the file (an export, another WARC tool)
// would trip over it. Open therefore checks the end of every WARC file it
// has not seen complete, copies a torn tail aside under
// quarantine/ (beside warc/) with a note of where it came from, and cuts it
// off, so that every file holds only whole records.
//
// To keep that check cheap, the index remembers in filesBucket how many
// bytes of each file are known to be whole records: Close notes the files
// it wrote, and Open the files it has checked. Only what lies beyond is
// read, starting no earlier than the end of the last record the capture
// index points at in that file (that record and everything before it were
// synced before the index entry was written).

// filesBucket maps a WARC file name to the number of bytes at its start
// known to be whole records (8 bytes, big endian).
var filesBucket = []byte("files")

// QuarantineDir is the directory, in the archive's directory, that holds
// the torn tails cut off WARC files.
const QuarantineDir = "quarantine"

// TornTail is a partial record Open found at the end of a WARC file, copied
// aside and cut off.
type TornTail struct {
	File   string    `json:"file"`   // WARC file name, as in Capture.File
	Offset int64     `json:"offset"` // where the torn bytes began: the file's length now
	Length int64     `json:"length"` // bytes moved aside
	Copy   string    `json:"copy"`   // path of the copy of those bytes
	Time   time.Time `json:"time"`   // when it was cut off
	Reason string    `json:"reason"` // what was wrong with the bytes
}

// Repairs lists the torn tails Open cut off WARC files, for the caller
// to log.
func (s *Store) Repairs() []TornTail { return s.repairs }

// repairTails checks every WARC file in the archive for a torn tail and
// quarantines it; see the comment at the top of this file.
func (s *Store) repairTails(dir string) ([]TornTail, error) {
	entries, err := os.ReadDir(s.warcDir)
	if err != nil {
		return nil, fmt.Errorf("archive: list %s: %w", s.warcDir, err)
	}
	var whole map[string]int64 // from the index
	var todo []string
	known := map[string]int64{}
	err = s.db.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists(filesBucket)
		if err != nil {
			return err
		}
		for _, e := range entries {
			name := e.Name()
			if !e.Type().IsRegular() || !strings.HasSuffix(name, ".warc.gz") {
				continue
			}
			info, err := e.Info()
			if err != nil {
				return err
			}
			n := getSize(b, name)
			if n == info.Size() {
				continue
			}
			if n > info.Size() {
				n = 0 // shorter than it was: check it all
			}
			known[name] = n
			todo = append(todo, name)
		}
		if len(todo) > 0 {
			whole, err = indexedEnds(tx)
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("archive: check WARC files: %w", err)
	}

	var repairs []TornTail
	checked := map[string]int64{}
	for _, name := range todo {
		from := max(known[name], whole[name])
		t, size, err := s.checkTail(dir, name, from, whole[name])
		if err != nil {
			return repairs, err
		}
		if t != nil {
			repairs = append(repairs, *t)
		}
		if size >= 0 {
			checked[name] = size
			rec, err := s.recoverOrphans(name, whole[name], size)
			if err != nil {
				return repairs, err
			}
			s.recovered = append(s.recovered, rec...)
		}
	}
	if len(checked) > 0 {
		if err := s.noteWhole(checked); err != nil {
			return repairs, err
		}
	}
	return repairs, nil
}

// noteWhole records that the first size bytes of each file are whole records.
func (s *Store) noteWhole(sizes map[string]int64) error {
	err := s.db.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists(filesBucket)
		if err != nil {
			return err
		}
		for name, n := range sizes {
			if err := b.Put([]byte(name), binary.BigEndian.AppendUint64(nil, uint64(n))); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("archive: note checked WARC files: %w", err)
	}
	return nil
}

// noteWritten notes the files written since Open as whole, if they end
// where their last record did. The caller holds s.mu, and the writer is
// closed.
func (s *Store) noteWritten() error {
	sizes := map[string]int64{}
	for name, n := range s.written {
		if n < 0 {
			continue
		}
		if info, err := os.Stat(filepath.Join(s.warcDir, name)); err == nil && info.Size() == n {
			sizes[name] = n
		}
	}
	if len(sizes) == 0 {
		return nil
	}
	return s.noteWhole(sizes)
}

func getSize(b *bolt.Bucket, name string) int64 {
	v := b.Get([]byte(name))
	if len(v) != 8 {
		return 0
	}
	return int64(binary.BigEndian.Uint64(v))
}

// indexedEnds returns, for every WARC file the capture index points into,
// the end of the last record it points at.
func indexedEnds(tx *bolt.Tx) (map[string]int64, error) {
	ends := map[string]int64{}
	note := func(file string, end int64) {
		if end > ends[file] {
			ends[file] = end
		}
	}
	err := tx.Bucket(capturesBucket).ForEach(func(_, v []byte) error {
		var e struct {
			File     string `json:"file"`
			Offset   int64  `json:"offset"`
			Length   int64  `json:"length"`
			Original *struct {
				File   string `json:"file"`
				Offset int64  `json:"offset"`
				Length int64  `json:"length"`
			} `json:"original"`
		}
		if err := json.Unmarshal(v, &e); err != nil {
			return fmt.Errorf("corrupt index entry: %w", err)
		}
		note(e.File, e.Offset+e.Length)
		if o := e.Original; o != nil {
			note(o.File, o.Offset+o.Length)
		}
		return nil
	})
	return ends, err
}

// checkTail reads the WARC file name from offset from (a record boundary)
// to its end. If it ends in a torn record, the torn bytes are copied to the
// quarantine directory and cut off. It returns the tail it cut off, if
// any, and the length of the file known to be whole records, or -1 when
// the file was left as it was (damage that is not a torn tail: whole
// records follow it).
func (s *Store) checkTail(dir, name string, from, indexed int64) (*TornTail, int64, error) {
	path := filepath.Join(s.warcDir, name)
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return nil, -1, fmt.Errorf("archive: check %s: %w", name, err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, -1, fmt.Errorf("archive: check %s: %w", name, err)
	}
	size := info.Size()
	good, reason, err := wholeRecords(f, from, size)
	if err != nil {
		return nil, -1, fmt.Errorf("archive: check %s: %w", name, err)
	}
	if good == size {
		return nil, size, nil
	}
	if good < indexed || anyRecordIn(f, good+1, size) {
		// Not a torn tail: the index or whole records lie beyond the
		// damage. Readers report and skip the broken bytes.
		return nil, -1, nil
	}

	t := &TornTail{File: name, Offset: good, Length: size - good, Time: time.Now().UTC(), Reason: reason}
	if err := quarantine(filepath.Join(dir, QuarantineDir), f, t); err != nil {
		return nil, -1, fmt.Errorf("archive: quarantine the torn end of %s: %w", name, err)
	}
	if err := f.Truncate(good); err != nil {
		return nil, -1, fmt.Errorf("archive: cut the torn end off %s: %w", name, err)
	}
	if err := f.Sync(); err != nil {
		return nil, -1, fmt.Errorf("archive: cut the torn end off %s: %w", name, err)
	}
	return t, good, nil
}

// quarantine copies the bytes of t out of f into qdir, as
// FILE.OFFSET.torn beside a FILE.OFFSET.json note, and syncs both.
func quarantine(qdir string, f *os.File, t *TornTail) error {
	if err := os.MkdirAll(qdir, 0o755); err != nil {
		return err
	}
	base := filepath.Join(qdir, fmt.Sprintf("%s.%d", t.File, t.Offset))
	t.Copy = base + ".torn"
	out, err := os.OpenFile(t.Copy, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	_, err = io.Copy(out, io.NewSectionReader(f, t.Offset, t.Length))
	if err == nil {
		err = out.Sync()
	}
	if err = errors.Join(err, out.Close()); err != nil {
		return err
	}
	note, err := json.MarshalIndent(t, "", "  ")
	if err != nil {
		return err
	}
	if err := writeSynced(base+".json", append(note, '\n')); err != nil {
		return err
	}
	return syncDir(qdir)
}

func writeSynced(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	return errors.Join(err, f.Close())
}

// wholeRecords reads the gzip members of a Store WARC file from offset from
// to size and returns where the whole records end: at the first member
// that is cut short, fails its checksum or holds no whole WARC record, with
// what was wrong with it. Each member holds one record (see Store).
func wholeRecords(f io.ReaderAt, from, size int64) (end int64, reason string, err error) {
	for end = from; end < size; {
		n, why := wholeMember(f, end, size)
		if why != "" {
			return end, why, nil
		}
		end += n
	}
	return end, "", nil
}

// wholeMember checks the gzip member at offset off and returns its length,
// or why it is not a whole record.
func wholeMember(f io.ReaderAt, off, size int64) (int64, string) {
	cr := &countio.Reader{R: io.NewSectionReader(f, off, size-off)}
	br := bufio.NewReaderSize(cr, 64<<10)
	if magic, _ := br.Peek(2); !isGzipMagic(magic) {
		return 0, "not a gzip member"
	}
	zr, err := gzip.NewReader(br)
	if err != nil {
		return 0, "bad gzip header: " + err.Error()
	}
	zr.Multistream(false)
	ends := &recordEnds{}
	if _, err := io.Copy(ends, zr); err != nil {
		if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
			return 0, "gzip member cut short"
		}
		return 0, "corrupt gzip member: " + err.Error()
	}
	if !ends.whole() {
		return 0, "gzip member holds no whole WARC record"
	}
	// bufio.Reader is an io.ByteReader, so gzip read no further than the
	// member's end; what is still buffered lies beyond it.
	return cr.N - int64(br.Buffered()), ""
}

// recordEnds keeps the first and last bytes written to it: a whole record
// starts with "WARC/" and ends with the blank line after its block.
type recordEnds struct {
	head []byte
	tail [4]byte
	n    int64
}

func (r *recordEnds) Write(p []byte) (int, error) {
	if len(r.head) < 5 {
		r.head = append(r.head, p[:min(len(p), 5-len(r.head))]...)
	}
	for _, b := range p[max(0, len(p)-4):] {
		copy(r.tail[:], r.tail[1:])
		r.tail[3] = b
	}
	r.n += int64(len(p))
	return len(p), nil
}

func (r *recordEnds) whole() bool {
	return r.n >= 9 && bytes.Equal(r.head, []byte("WARC/")) && string(r.tail[:]) == "\r\n\r\n"
}

// anyRecordIn reports whether a whole gzip member holding a WARC record
// starts anywhere in f between from and size.
func anyRecordIn(f io.ReaderAt, from, size int64) bool {
	const chunk = 64 << 10
	buf := make([]byte, chunk+1)
	for pos := from; pos < size-1; pos += chunk {
		n, _ := f.ReadAt(buf[:min(int64(len(buf)), size-pos)], pos)
		for i := 0; i+1 < n; i++ {
			if buf[i] == 0x1f && buf[i+1] == 0x8b {
				if _, why := wholeMember(f, pos+int64(i), size); why == "" {
					return true
				}
			}
		}
	}
	return false
}
