package archive

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/nlnwa/gowarc"
	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
	"golang.org/x/net/http/httpguts"
)

// maxWARCSize is the size at which the Store starts a new WARC file.
const maxWARCSize = 1 << 30

// latestBatch is how many captures Latest reads per index transaction.
const latestBatch = 256

// Store is the archive in a data directory: WARC files under dir/warc/
// (gzip per record, *.warc.gz, rotated at ~1 GB) and a capture index in
// dir/captures.db.
//
// A Store is safe for concurrent use. Adds are serialised by one mutex;
// reads go to the index (and WARC files) directly.
type Store struct {
	warcDir string
	db      *bolt.DB

	batch int // captures read per index transaction in Latest

	mu       sync.Mutex // serialises Add and Close
	writer   *gowarc.WarcFileWriter
	lastFile string // file of the last record written, to notice rotation
	closed   bool

	// written holds the length of each file written to since Open after
	// its last record, or -1 for a file a write failed on (which may end
	// in part of a record); Close notes the others as whole.
	written map[string]int64
	// touched holds the files written to since they were last synced
	// (syncTouched); syncFile syncs one, by path (tests wrap it).
	touched map[string]bool
	// sinceRelease counts the captures added since the capture index's
	// pages were last released (mapped.go).
	sinceRelease int
	syncFile     func(path string) error
	repairs      []TornTail // torn tails Open cut off
	recovered    []Capture  // captures Open found without an index entry (orphans.go)
}

// Open opens the archive in dir, creating it if needed. Only one Store
// (and one process) may have a directory open at a time; a second Open
// fails after a second instead of waiting.
func Open(dir string) (*Store, error) {
	return open(dir, maxWARCSize)
}

func open(dir string, maxFileSize int64) (*Store, error) {
	warcDir := filepath.Join(dir, "warc")
	if err := os.MkdirAll(warcDir, 0o755); err != nil {
		return nil, fmt.Errorf("archive: create %s: %w", warcDir, err)
	}
	dbPath := filepath.Join(dir, "captures.db")
	db, err := bolt.Open(dbPath, 0o644, &bolt.Options{Timeout: time.Second})
	if err != nil {
		if errors.Is(err, bolterrors.ErrTimeout) {
			return nil, fmt.Errorf("archive: %s is in use by another Gazette process (a running `gazette serve`?): stop it first, or crawl through its API (POST /api/v1/crawls): %w", dir, ErrInUse)
		}
		return nil, fmt.Errorf("archive: open index %s: %w", dbPath, err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		for _, name := range [][]byte{capturesBucket, metaBucket, digestsBucket, logBucket} {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return err
			}
		}
		if err := fillLog(tx); err != nil {
			return err
		}
		return fillDigests(tx)
	})
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("archive: initialise index %s: %w", dbPath, err)
	}
	names, err := newNameGenerator(warcDir)
	if err != nil {
		db.Close()
		return nil, err
	}
	writer := gowarc.NewWarcFileWriter(
		gowarc.WithCompression(true),
		gowarc.WithMaxFileSize(maxFileSize),
		gowarc.WithFileNameGenerator(names),
		// Files get their final name at once. A crash can leave a partial
		// record at the end of a file, which the index never points to;
		// the next Open cuts it off (see tail.go) and starts a new file.
		gowarc.WithOpenFileSuffix(""),
		// No sync per record: a batch of records is synced at once
		// (syncTouched) before the index points at them.
		gowarc.WithFlush(false),
		gowarc.WithWarcInfoFunc(func(rb gowarc.WarcRecordBuilder) error {
			_, err := rb.WriteString("software: Gazette\r\n" +
				"format: WARC File Format 1.1\r\n" +
				"conformsTo: http://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/\r\n")
			return err
		}),
	)
	clearSpool(dir)
	s := &Store{warcDir: warcDir, db: db, writer: writer, batch: latestBatch,
		written: map[string]int64{}, touched: map[string]bool{}, syncFile: fsyncPath}
	if s.repairs, err = s.repairTails(dir); err != nil {
		writer.Close()
		db.Close()
		return nil, err
	}
	return s, nil
}

// Close finishes the current WARC file and closes the index.
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true
	werr := s.writer.Close()
	if werr == nil {
		werr = syncDir(s.warcDir)
	}
	if werr == nil {
		werr = s.noteWritten()
	}
	return errors.Join(werr, s.db.Close())
}

// Add archives one capture: it writes a WARC 1.1 record and indexes it.
//
// A capture with a Header (an HTTP response) becomes a response record
// holding the full HTTP message: a status line for Status, the headers as
// given (Content-Type untouched) except Transfer-Encoding, with
// Content-Length set to len(Body), and Body. Body may still carry the
// Content-Encoding its header names; it is stored as given and decoded when
// read back (a body that does not decode, because a server sent plain
// bytes under a gzip header, say, is stored too and read back as is).
//
// A capture without Header (an imported .html or .txt file) becomes a
// resource record whose Content-Type is MIME as given (parameters such as
// charset kept; application/octet-stream if empty). If File is set on such
// a capture, it names the source file and is noted in a metadata record
// that refers to the resource record.
//
// Time defaults to now. Offset, Length and RecordID are ignored and set
// from what is written, and so is Digest, but a Digest given (as ReadWARC
// reads it from another tool's WARC) is remembered as a name of the
// payload, for that tool's revisit records to find it. MIME is normalised
// to the bare media type.
//
// A capture with Original set (a revisit record read by ReadWARC) is first
// made whole: its payload is loaded from the capture that holds it, found
// by what Original says or by Digest (ErrNoOriginal if it is not in the
// archive), and its headers are made to describe that payload as archived.
// It is then archived like any response, and returned with the payload as
// Body.
//
// An HTTP response whose payload (512 bytes or more) is archived already,
// under another URL or in an older capture of this one, is archived as a
// revisit record (profile identical-payload-digest) holding only its
// headers and referring to the first capture of that payload; it is
// indexed as a capture of its URL with Original set, and Load reads it
// back whole.
//
// A capture with Stream instead of Body (a record too large to hold, from
// ReadWARC) is archived by copying the stream, with its header as given:
// the payload is stored as it came, chunked or content-encoded. The copy
// goes to a temporary file first, which gives the digest before the
// record is written (or not, when unchanged); memory stays at a buffer
// whatever the size. A stream that fails is an ErrInvalid, and nothing is
// written.
//
// Add is idempotent on content: if the newest capture of the same URL has
// the same payload digest, or a capture of the URL at the same time has
// (the same capture read again), nothing is written and Add returns that
// capture (without Body and Header) and added=false. Otherwise it returns
// the new capture, with Header as written and Body as given, and
// added=true. The index entry is written only after the WARC record has
// been synced to disk.
func (s *Store) Add(ctx context.Context, c Capture) (stored Capture, added bool, err error) {
	res, err := s.AddBatch(ctx, []Capture{c})
	if err != nil {
		return Capture{}, false, err
	}
	return res[0].Capture, res[0].Added, res[0].Err
}

// payloadHolderOf is the capture whose record holds c's payload: c, or
// the original of a revisit.
func payloadHolderOf(c Capture) Capture {
	if c.Original != nil {
		return *c.Original
	}
	return c
}

// minSharedPayload is the smallest payload that Add stores once and refers
// to with revisit records. Smaller ones (empty redirect bodies, error
// stubs) are stored again: a revisit record would be about as large, and
// slower to replay.
const minSharedPayload = 512

// samePayload returns the archived HTTP response with the payload of c, if
// c is an HTTP response with a payload worth sharing.
func samePayload(tx *bolt.Tx, c Capture, size int64) (Capture, bool, error) {
	if c.Header == nil || size < minSharedPayload {
		return Capture{}, false, nil
	}
	return payloadHolder(tx, c.Digest)
}

// resolveRevisit turns a revisit record read from another tool's WARC
// (c.Original set, no Body) into the response it stands for: the record's
// own headers, made to describe the payload as the archive holds it
// (decoded), with the payload loaded from the original capture. A record
// without headers takes the original's, but only from a capture of the
// same URL: another URL's status and headers (a redirect, say) are not
// this one's.
func (s *Store) resolveRevisit(tx *bolt.Tx, c Capture) (Capture, error) {
	orig, err := findOriginal(tx, c)
	if err != nil {
		return c, err
	}
	full, err := s.Load(orig)
	if err != nil {
		return c, err
	}
	if c.Header == nil {
		if orig.URL != c.URL {
			return c, fmt.Errorf("%w: the record has no HTTP headers, and its payload is a capture of another URL (%s)", ErrInvalid, orig.URL)
		}
		c.Status = full.Status
	}
	c.Header = revisitHeader(c.Header, full)
	c.Body, c.Original, c.MIME = full.Body, nil, ""
	return c, nil
}

// ErrInvalid is returned (wrapped) for a capture the archive refuses as
// it is: no absolute URL, a malformed request or header, a revisit record
// that cannot stand on its own. Nothing is written; other captures go on.
var ErrInvalid = errors.New("archive: invalid capture")

// ErrNoOriginal is returned when a revisit record's payload is not in the
// archive, so the revisit cannot be replayed or indexed.
var ErrNoOriginal = errors.New("the record holding its payload is not in the archive")

// findOriginal finds the capture holding the payload of the revisit c. It
// looks first among the captures of the URL the record refers to
// (WARC-Refers-To-Target-URI, else its own URL) for the best match: the
// record WARC-Refers-To names (only Gazette's own WARCs keep record ids),
// then the same payload digest and date, the same digest, the same date
// (WARC-Refers-To-Date, to the second; for digests in an algorithm the
// archive does not index). Only then does it take the first capture of the
// payload digest under any URL.
func findOriginal(tx *bolt.Tx, c Capture) (Capture, error) {
	ref := c.Original
	target := ref.URL
	if target == "" {
		target = c.URL
	}
	rank := func(cand Capture) int {
		sameTime := !ref.Time.IsZero() && cand.Time.Truncate(time.Second).Equal(ref.Time.Truncate(time.Second))
		sameDigest := cand.Digest == c.Digest
		switch {
		case ref.RecordID != "" && cand.RecordID == ref.RecordID:
			return 4
		case sameDigest && sameTime:
			return 3
		case sameDigest:
			return 2
		case sameTime:
			return 1
		}
		return 0
	}
	var found Capture
	best := 0
	cur := tx.Bucket(capturesBucket).Cursor()
	prefix := urlPrefix(target)
	for k, v := cur.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = cur.Next() {
		cand, err := decodeEntry(k, v)
		if err != nil {
			return Capture{}, err
		}
		if r := rank(cand); r >= best && r > 0 {
			found, best = cand, r // the newest of the best
		}
	}
	if best == 0 {
		holder, ok, err := payloadHolder(tx, c.Digest)
		if err != nil {
			return Capture{}, err
		}
		if ok {
			found, best = holder, 1
		}
	}
	if best == 0 {
		return Capture{}, fmt.Errorf("%w (payload %s, refers to %q %s)", ErrNoOriginal, c.Digest, target, ref.RecordID)
	}
	return found, nil
}

// revisitHeader is the header a revisit's response is replayed with: the
// revisit's own (or the original's, when the record had none), describing
// the original's body as loaded.
func revisitHeader(h http.Header, orig Capture) http.Header {
	if h == nil {
		return orig.Header
	}
	h = h.Clone()
	if orig.Header.Get("Content-Encoding") == "" {
		h.Del("Content-Encoding") // the body was decoded
	}
	h.Del("Transfer-Encoding")
	h.Set("Content-Length", strconv.Itoa(len(orig.Body)))
	return h
}

// prepare checks and normalises a capture for Add and builds its WARC
// record block. It returns the capture as it will be indexed, with
// c.File holding the source file (if any) until write replaces it.
func prepare(c Capture) (Capture, []byte, error) {
	if c.URL == "" {
		return c, nil, fmt.Errorf("%w: it has no URL", ErrInvalid)
	}
	if strings.IndexFunc(c.URL, func(r rune) bool { return r <= ' ' || r == 0x7f }) >= 0 {
		return c, nil, fmt.Errorf("%w: capture URL %q holds spaces or control characters", ErrInvalid, c.URL)
	}
	if u, err := url.Parse(c.URL); err != nil || u.Scheme == "" {
		return c, nil, fmt.Errorf("%w: capture URL %q is not an absolute URL", ErrInvalid, c.URL)
	}
	if c.Time.IsZero() {
		c.Time = time.Now()
	}
	c.Time = c.Time.UTC()
	if strings.ContainsAny(c.File, "\r\n") {
		return c, nil, fmt.Errorf("%w: source file name %q holds a line break", ErrInvalid, c.File)
	}

	if len(c.Request) > 0 {
		if c.Header == nil {
			return c, nil, fmt.Errorf("%w: capture of %s has a request but no HTTP response", ErrInvalid, c.URL)
		}
		if _, err := http.ReadRequest(bufio.NewReader(bytes.NewReader(c.Request))); err != nil {
			return c, nil, fmt.Errorf("%w: capture of %s has a bad HTTP request: %w", ErrInvalid, c.URL, err)
		}
	}

	if c.Header == nil {
		ct := c.MIME
		if ct == "" {
			ct = "application/octet-stream"
		}
		if _, _, err := mime.ParseMediaType(ct); err != nil || strings.ContainsAny(ct, "\r\n") {
			return c, nil, fmt.Errorf("%w: capture of %s has a bad MIME type %q", ErrInvalid, c.URL, c.MIME)
		}
		c.MIME = ct
		c.Status = 200
		if c.Stream != nil {
			return c, nil, nil // spool sets the digest
		}
		c.Digest = sha1Digest(c.Body)
		return c, c.Body, nil
	}

	if c.Status < 100 || c.Status > 999 {
		return c, nil, fmt.Errorf("%w: capture of %s has HTTP headers but status %d", ErrInvalid, c.URL, c.Status)
	}
	h := c.Header.Clone()
	for name := range h {
		if !httpguts.ValidHeaderFieldName(name) {
			return c, nil, fmt.Errorf("%w: capture of %s has a bad header name %q", ErrInvalid, c.URL, name)
		}
	}
	if c.Stream != nil {
		// The payload is stored as it came (chunked, encoded), so its
		// header stays as it came too.
		c.Header = h
		c.MIME = mediaType(h.Get("Content-Type"))
		return c, nil, nil
	}
	h.Del("Transfer-Encoding")
	h.Set("Content-Length", strconv.Itoa(len(c.Body)))
	c.Header = h
	c.MIME = mediaType(h.Get("Content-Type"))
	c.Digest = sha1Digest(c.Body)
	return c, formatHTTPResponse(c.Status, h, c.Body), nil
}

// write appends c's record(s) to the current WARC file and fills in File,
// Offset, Length and RecordID. The record's block is block, or the spooled
// record when sp is set. The caller holds s.mu.
func (s *Store) write(c *Capture, block []byte, sp *spooled) error {
	source := c.File
	typ, contentType := gowarc.Response, "application/http;msgtype=response"
	if c.Header == nil {
		typ, contentType = gowarc.Resource, c.MIME
		c.MIME = mediaType(c.MIME)
	}
	var rec gowarc.WarcRecord
	var err error
	if sp != nil {
		rec, err = sp.build()
	} else {
		rec, err = buildRecord(typ, c.URL, c.Time, contentType, block)
	}
	if err != nil {
		return err
	}
	defer rec.Close()
	if err := s.writeRecord(rec, c); err != nil {
		return err
	}

	if typ == gowarc.Response {
		if err := s.writeRequest(c); err != nil {
			return err
		}
	}

	if typ == gowarc.Resource && source != "" {
		note := fmt.Sprintf("source-file: %s\r\n", source)
		meta, err := buildRecord(gowarc.Metadata, c.URL, c.Time, gowarc.ApplicationWarcFields, []byte(note),
			[2]string{gowarc.WarcRefersTo, "<" + c.RecordID + ">"})
		if err != nil {
			return err
		}
		defer meta.Close()
		var ignored Capture
		if err := s.writeRecord(meta, &ignored); err != nil {
			return err
		}
	}
	return nil
}

// writeRequest writes c.Request, if any, as a request record concurrent to
// the record c.RecordID. The caller holds s.mu.
func (s *Store) writeRequest(c *Capture) error {
	if len(c.Request) == 0 {
		return nil
	}
	req, err := buildRecord(gowarc.Request, c.URL, c.Time, "application/http;msgtype=request", c.Request,
		[2]string{gowarc.WarcConcurrentTo, "<" + c.RecordID + ">"})
	if err != nil {
		return err
	}
	defer req.Close()
	var ignored Capture
	return s.writeRecord(req, &ignored)
}

// ErrInUse is returned by Open when another process has the archive open.
var ErrInUse = errors.New("archive in use")

// ErrNotRevisit is returned by Revisit when the URL has no capture to
// refer to, or the response's payload differs from the newest capture's.
var ErrNotRevisit = errors.New("archive: not a revisit of the newest capture")

// Revisit records that a URL was fetched again and found unchanged: a 304
// Not Modified response, or a response whose payload digest equals the
// newest capture's. It writes a WARC revisit record (profile
// server-not-modified or identical-payload-digest) holding the new HTTP
// headers and referring to the newest capture, followed by c.Request as a
// request record if set. The capture index is not changed: the newest
// capture stays the one Captures, Latest and Load answer with, since its
// payload is the one the revisit stands for. It returns c with File,
// Offset, Length and RecordID of the revisit record.
func (s *Store) Revisit(ctx context.Context, c Capture) (Capture, error) {
	if err := ctx.Err(); err != nil {
		return Capture{}, err
	}
	if c.Header == nil {
		return Capture{}, fmt.Errorf("archive: revisit of %s: not an HTTP response", c.URL)
	}
	if c.Stream != nil {
		return Capture{}, fmt.Errorf("%w: a revisit of %s with a payload stream", ErrInvalid, c.URL)
	}
	c, _, err := prepare(c)
	if err != nil {
		return Capture{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return Capture{}, ErrClosed
	}
	var newest Capture
	var seen bool
	err = s.db.View(func(tx *bolt.Tx) error {
		newest, seen, err = newestOf(tx.Bucket(capturesBucket), c.URL)
		return err
	})
	if err != nil {
		return Capture{}, fmt.Errorf("archive: revisit of %s: %w", c.URL, err)
	}
	profile := gowarc.ProfileIdenticalPayloadDigestV1_1
	if c.Status == 304 {
		profile = gowarc.ProfileServerNotModifiedV1_1
	}
	if !seen || (profile == gowarc.ProfileIdenticalPayloadDigestV1_1 && newest.Digest != c.Digest) {
		return Capture{}, fmt.Errorf("%w: %s", ErrNotRevisit, c.URL)
	}
	target := newest
	if profile == gowarc.ProfileIdenticalPayloadDigestV1_1 {
		target = payloadHolderOf(newest) // refer to the record that holds the payload
	}
	err = s.writeRevisit(&c, profile, target)
	if err == nil {
		err = s.syncTouched()
	}
	if err != nil {
		s.abandonTouched()
		return Capture{}, fmt.Errorf("archive: revisit of %s: %w", c.URL, err)
	}
	clear(s.touched)
	return c, nil
}

// writeRevisit writes a revisit record of the given profile for the
// response c (its status line and headers only; for identical-payload-digest
// with c.Digest as the payload digest) referring to the record of target,
// followed by c.Request as a request record if set, and fills in File,
// Offset, Length and RecordID of c. The caller holds s.mu.
func (s *Store) writeRevisit(c *Capture, profile string, target Capture) error {
	var block []byte
	if c.Header != nil {
		block = formatHTTPResponse(c.Status, c.Header, nil)
	}
	fields := [][2]string{
		{gowarc.WarcProfile, profile},
		{gowarc.WarcRefersTo, "<" + target.RecordID + ">"},
		{gowarc.WarcRefersToTargetURI, target.URL},
		{gowarc.WarcRefersToDate, target.Time.UTC().Format(time.RFC3339Nano)},
	}
	if profile == gowarc.ProfileIdenticalPayloadDigestV1_1 {
		fields = append(fields, [2]string{gowarc.WarcPayloadDigest, c.Digest})
	}
	rec, err := buildRecord(gowarc.Revisit, c.URL, c.Time, "application/http;msgtype=response", block, fields...)
	if err != nil {
		return err
	}
	defer rec.Close()
	if err := s.writeRecord(rec, c); err != nil {
		return err
	}
	return s.writeRequest(c)
}

// buildRecord makes a WARC 1.1 record; gowarc adds WARC-Record-ID,
// Content-Length and the block and payload digests, and validates it.
func buildRecord(typ gowarc.RecordType, uri string, t time.Time, contentType string, block []byte, extra ...[2]string) (gowarc.WarcRecord, error) {
	rb := newRecordBuilder(typ, uri, t, contentType)
	for _, f := range extra {
		if f[0] != "" {
			rb.AddWarcHeader(f[0], f[1])
		}
	}
	if _, err := rb.Write(block); err != nil {
		rb.Close()
		return nil, err
	}
	rec, _, err := rb.Build()
	if err != nil {
		if rec != nil {
			rec.Close()
		}
		return nil, fmt.Errorf("build %s record: %w", typ, err)
	}
	return rec, nil
}

// writeRecord writes one record and records where it went in c.
func (s *Store) writeRecord(rec gowarc.WarcRecord, c *Capture) error {
	res := s.writer.Write(rec)
	if len(res) != 1 {
		return ErrClosed
	}
	if res[0].FileName != "" {
		s.touched[res[0].FileName] = true
	}
	if res[0].Err != nil {
		if res[0].FileName != "" {
			s.written[res[0].FileName] = -1
		}
		// The file may end in a partial record now, and gowarc's idea of
		// its size is stale: continue in a new file.
		if err := s.writer.Rotate(); err != nil {
			return errors.Join(fmt.Errorf("write WARC record: %w", res[0].Err), err)
		}
		return fmt.Errorf("write WARC record: %w", res[0].Err)
	}
	fi, err := os.Stat(filepath.Join(s.warcDir, res[0].FileName))
	if err != nil {
		return err
	}
	if res[0].FileName != s.lastFile {
		// A new file: make its directory entry durable too.
		if err := syncDir(s.warcDir); err != nil {
			return err
		}
		s.lastFile = res[0].FileName
	}
	if s.written[res[0].FileName] >= 0 {
		s.written[res[0].FileName] = fi.Size()
	}
	c.File = res[0].FileName
	c.Offset = res[0].FileOffset
	c.Length = fi.Size() - res[0].FileOffset
	c.RecordID = rec.RecordId()
	return nil
}

// view runs a read transaction, turning bbolt's "not open" into ErrClosed.
func (s *Store) view(fn func(*bolt.Tx) error) error {
	err := s.db.View(fn)
	if errors.Is(err, bolterrors.ErrDatabaseNotOpen) {
		return ErrClosed
	}
	return err
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// Captures lists all captures of a URL, oldest first, without bodies.
// A URL that was never archived has none.
func (s *Store) Captures(url string) ([]Capture, error) {
	var out []Capture
	prefix := urlPrefix(url)
	err := s.view(func(tx *bolt.Tx) error {
		c := tx.Bucket(capturesBucket).Cursor()
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			capture, err := decodeEntry(k, v)
			if err != nil {
				return err
			}
			out = append(out, capture)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("archive: captures of %s: %w", url, err)
	}
	return out, nil
}

// Latest calls fn with the newest capture of every URL, without bodies, in
// URL (byte) order, for re-indexing. It stops at the first error from fn or
// when ctx is done. The index is read in batches, so fn may call Add; a
// URL added during the walk is visited if it sorts after the current one.
func (s *Store) Latest(ctx context.Context, fn func(Capture) error) error {
	err := s.inBatches(ctx, fn, func(c *bolt.Cursor, after []byte) (k, v []byte) {
		if after == nil {
			return c.First()
		}
		// Past every key of the last URL visited: URL 0x00 … < URL 0x01.
		return c.Seek(append(bytes.Clone(keyURL(after)), 1))
	}, func(c *bolt.Cursor, k, v []byte) (Capture, []byte, []byte, error) {
		url := keyURL(k)
		// Walk to the last key of this URL: its newest capture.
		last, lastV := k, v
		for k, v = c.Next(); k != nil && bytes.Equal(keyURL(k), url); k, v = c.Next() {
			last, lastV = k, v
		}
		capture, err := decodeEntry(last, lastV)
		return capture, bytes.Clone(last), k, err
	})
	if err != nil {
		return fmt.Errorf("archive: latest captures: %w", err)
	}
	return nil
}

// inBatches walks the capture index for All and Latest: up to s.batch
// captures per read transaction, each transaction ending before fn is
// called, so that fn may write to the Store. seek positions a cursor at
// the first key after the key `after` (nil: at the start); take decodes the
// capture at k, v and returns it, the last key it stands for, and the next
// key to look at.
func (s *Store) inBatches(ctx context.Context, fn func(Capture) error,
	seek func(c *bolt.Cursor, after []byte) (k, v []byte),
	take func(c *bolt.Cursor, k, v []byte) (capture Capture, last, next []byte, err error)) error {
	var after []byte // last key visited; nil before the first
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		var batch []Capture
		err := s.view(func(tx *bolt.Tx) error {
			c := tx.Bucket(capturesBucket).Cursor()
			k, v := seek(c, after)
			for k != nil && len(batch) < s.batch {
				capture, last, next, err := take(c, k, v)
				if err != nil {
					return err
				}
				batch = append(batch, capture)
				after = last
				if k = next; k != nil {
					v = c.Bucket().Get(k)
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		if len(batch) == 0 {
			return nil
		}
		for _, c := range batch {
			if err := ctx.Err(); err != nil {
				return err
			}
			if err := fn(c); err != nil {
				return err
			}
		}
	}
}

// Load reads a capture's body and headers back from its WARC file, using
// File, Offset and Length, and checks the record's digests. It returns c
// with Status, MIME, Header and Body filled in from the record; Body is
// decoded as described on Capture.
func (s *Store) Load(c Capture) (Capture, error) {
	if c.File == "" || c.File != filepath.Base(c.File) || strings.HasPrefix(c.File, ".") {
		return Capture{}, fmt.Errorf("archive: load %s: bad WARC file name %q", c.URL, c.File)
	}
	if c.Offset < 0 || c.Length < 0 {
		return Capture{}, fmt.Errorf("archive: load %s: bad offset %d or length %d", c.URL, c.Offset, c.Length)
	}
	f, err := os.Open(filepath.Join(s.warcDir, c.File))
	if err != nil {
		return Capture{}, fmt.Errorf("archive: load %s: %w", c.URL, err)
	}
	defer f.Close()
	length := c.Length
	if length == 0 {
		length = 1<<63 - 1 - c.Offset // to the end of the file
	}

	var got *Capture
	var recordErr error
	err = readWARC(io.NewSectionReader(f, c.Offset, length), func(r Capture) error {
		got = &r
		return errStop
	}, func(err error) {
		if recordErr == nil {
			recordErr = err
		}
	}, true)
	switch {
	case recordErr != nil:
		return Capture{}, fmt.Errorf("archive: load %s from %s at %d: %w", c.URL, c.File, c.Offset, recordErr)
	case err != nil && !errors.Is(err, errStop):
		return Capture{}, fmt.Errorf("archive: load %s from %s at %d: %w", c.URL, c.File, c.Offset, err)
	case got == nil:
		return Capture{}, fmt.Errorf("archive: load %s: no capture in %s at %d", c.URL, c.File, c.Offset)
	case c.RecordID != "" && got.RecordID != c.RecordID:
		return Capture{}, fmt.Errorf("archive: load %s: record at %s:%d is %s, want %s", c.URL, c.File, c.Offset, got.RecordID, c.RecordID)
	}
	if got.Original != nil {
		return s.loadRevisit(c, *got)
	}
	c.Status, c.MIME, c.Header, c.Body = got.Status, got.MIME, got.Header, got.Body
	if c.URL == "" {
		c.URL, c.Time, c.Digest, c.RecordID = got.URL, got.Time, got.Digest, got.RecordID
	}
	return c, nil
}

// loadRevisit completes Load for a capture whose record is the revisit
// record rev: the body is loaded from the original the index names.
func (s *Store) loadRevisit(c, rev Capture) (Capture, error) {
	if c.Original == nil || c.Original.Original != nil {
		return Capture{}, fmt.Errorf("archive: load %s: the revisit record at %s:%d has no original in the index", c.URL, c.File, c.Offset)
	}
	orig, err := s.Load(*c.Original)
	if err != nil {
		return Capture{}, fmt.Errorf("archive: load %s (a revisit): %w", c.URL, err)
	}
	c.Status, c.MIME = rev.Status, rev.MIME
	if rev.Header == nil {
		c.Status, c.MIME = orig.Status, orig.MIME
	}
	c.Header, c.Body = revisitHeader(rev.Header, orig), orig.Body
	return c, nil
}

// Count returns the number of captures and distinct URLs.
func (s *Store) Count() (captures, urls int, err error) {
	err = s.view(func(tx *bolt.Tx) error {
		captures = int(getCount(tx, captureCount))
		urls = int(getCount(tx, urlCount))
		return nil
	})
	if err != nil {
		return 0, 0, fmt.Errorf("archive: count: %w", err)
	}
	return captures, urls, nil
}

// nameGenerator names the Store's WARC files gazette-<time>-<serial>.warc
// (gowarc adds .gz). The serial continues from the files already in the
// directory, so names stay unique across restarts. gowarc calls it from its
// single writer goroutine only.
type nameGenerator struct {
	dir    string
	serial int
}

func newNameGenerator(dir string) (*nameGenerator, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("archive: list %s: %w", dir, err)
	}
	g := &nameGenerator{dir: dir}
	for _, e := range entries {
		var ts string
		var n int
		if _, err := fmt.Sscanf(strings.ReplaceAll(e.Name(), "-", " "), "gazette %s %d", &ts, &n); err == nil && n > g.serial {
			g.serial = n
		}
	}
	return g, nil
}

func (g *nameGenerator) NewWarcfileName() (string, string) {
	g.serial++
	return g.dir, fmt.Sprintf("gazette-%s-%05d.warc", time.Now().UTC().Format("20060102150405"), g.serial)
}
