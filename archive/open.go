package archive

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"hash"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Body is a capture's body as Store.Open reads it from its WARC file: a
// stream, so that a record of any size costs only a few buffers.
type Body struct {
	r      io.Reader
	block  *digestReader // the record block under r, checked at its end
	closer func() error
	done   bool
	// Size is the length of the body in bytes, or -1 when it is known
	// only at its end (a chunked or content-encoded payload, decoded as
	// it is read).
	Size int64
}

// Read reads the body. At its end, the rest of the record block is read
// too and the block digest checked: a record that was cut short or does
// not match its digest ends in an error wrapping ErrCorrupt instead of
// io.EOF, so that a caller streaming the body on can tell the receiver
// the copy is not whole.
func (b *Body) Read(p []byte) (int, error) {
	if b.done {
		return 0, io.EOF
	}
	n, err := b.r.Read(p)
	if err == io.EOF {
		b.done = true
		if _, derr := io.Copy(io.Discard, b.block); derr != nil {
			return n, derr
		}
	} else if err != nil && !errors.Is(err, ErrCorrupt) {
		err = fmt.Errorf("%w: %w", ErrCorrupt, err)
	}
	return n, err
}

// Close releases the file and decoders behind the body.
func (b *Body) Close() error { return b.closer() }

// ErrCorrupt is wrapped by the errors of a Body whose record is damaged:
// cut short, not matching its block digest, or holding a payload that does
// not decode as its Content-Encoding says.
var ErrCorrupt = errors.New("archive: damaged record")

// maxHeadSize bounds the WARC header of a record and the HTTP header in
// its block, as Open reads them.
const maxHeadSize = 64 << 10

// Open reads a capture back from its WARC file like Load, but returns the
// body as a stream instead of reading it into memory, for replay of
// records of any size. It returns c with Status, MIME and Header filled
// in from the record, Header describing the body as it is read (chunking
// and content codings undone as on Load, Content-Length set only when the
// size is known), and the body, which the caller must close. A revisit's
// body is its original's. The record's block digest is checked as the
// body is read (see Body.Read).
//
// A payload whose content coding cannot be undone (an unknown coding, or
// bytes that do not start as the coding says) is returned as stored, with
// Content-Encoding kept in Header, as Load does.
func (s *Store) Open(c Capture) (Capture, *Body, error) {
	if c.File == "" || c.File != filepath.Base(c.File) || strings.HasPrefix(c.File, ".") {
		return Capture{}, nil, fmt.Errorf("archive: open %s: bad WARC file name %q", c.URL, c.File)
	}
	if c.Offset < 0 || c.Length < 0 {
		return Capture{}, nil, fmt.Errorf("archive: open %s: bad offset %d or length %d", c.URL, c.Offset, c.Length)
	}
	f, err := os.Open(filepath.Join(s.warcDir, c.File))
	if err != nil {
		return Capture{}, nil, fmt.Errorf("archive: open %s: %w", c.URL, err)
	}
	length := c.Length
	if length == 0 {
		length = 1<<63 - 1 - c.Offset
	}
	rec, err := openRecord(io.NewSectionReader(f, c.Offset, length))
	if err != nil {
		f.Close()
		return Capture{}, nil, fmt.Errorf("archive: open %s from %s at %d: %w", c.URL, c.File, c.Offset, err)
	}
	closeAll := func() error { return errors.Join(rec.close(), f.Close()) }
	fail := func(err error) (Capture, *Body, error) {
		closeAll()
		return Capture{}, nil, fmt.Errorf("archive: open %s from %s at %d: %w", c.URL, c.File, c.Offset, err)
	}
	if id := rec.header.Get("WARC-Record-ID"); c.RecordID != "" && strings.Trim(id, "<>") != c.RecordID {
		return fail(fmt.Errorf("the record is %s, want %s", id, c.RecordID))
	}
	typ := strings.ToLower(rec.header.Get("WARC-Type"))
	contentType := rec.header.Get("Content-Type")
	isHTTP := strings.HasPrefix(strings.ToLower(contentType), "application/http")
	if !isHTTP && typ == "response" {
		magic, _ := rec.block.Peek(5)
		isHTTP = bytes.Equal(magic, []byte("HTTP/"))
	}

	switch {
	case typ == "revisit":
		status, header, err := rec.readHTTPHead()
		if err != nil {
			return fail(err)
		}
		if _, err := io.Copy(io.Discard, rec.block); err != nil { // checks the digest
			return fail(err)
		}
		closeAll()
		return s.openRevisit(c, status, header)
	case typ == "response" && isHTTP:
		status, header, err := rec.readHTTPHead()
		if err != nil {
			return fail(err)
		}
		size := rec.digest.length - rec.headLen
		body, header, size, closeDecoders := decodeStream(header, rec.block, size)
		c.Status, c.Header, c.MIME = status, header, mediaType(header.Get("Content-Type"))
		return c, &Body{r: body, block: rec.digest, Size: size, closer: func() error {
			return errors.Join(closeDecoders(), closeAll())
		}}, nil
	case typ == "response" || typ == "resource":
		c.Status, c.Header, c.MIME = 200, nil, mediaType(contentType)
		return c, &Body{r: rec.block, block: rec.digest, Size: rec.digest.length, closer: closeAll}, nil
	}
	return fail(fmt.Errorf("a %s record holds no capture", typ))
}

// openRevisit completes Open for a capture whose record is a revisit:
// the body is the original's, as the index names it.
func (s *Store) openRevisit(c Capture, status int, header http.Header) (Capture, *Body, error) {
	if c.Original == nil || c.Original.Original != nil {
		return Capture{}, nil, fmt.Errorf("archive: open %s: the revisit record at %s:%d has no original in the index", c.URL, c.File, c.Offset)
	}
	orig, body, err := s.Open(*c.Original)
	if err != nil {
		return Capture{}, nil, fmt.Errorf("archive: open %s (a revisit): %w", c.URL, err)
	}
	c.Status, c.MIME, c.Header = status, mediaType(header.Get("Content-Type")), header
	if header == nil {
		c.Status, c.MIME, c.Header = orig.Status, orig.MIME, orig.Header
	} else {
		c.Header = header.Clone()
		if orig.Header.Get("Content-Encoding") == "" {
			c.Header.Del("Content-Encoding") // the body is decoded
		}
		c.Header.Del("Transfer-Encoding")
		c.Header.Del("Content-Length")
		if body.Size >= 0 {
			c.Header.Set("Content-Length", strconv.FormatInt(body.Size, 10))
		}
	}
	return c, body, nil
}

// record is a WARC record being read by Open: its header read, its block
// next.
type record struct {
	header  http.Header   // WARC header fields
	digest  *digestReader // the block, checked against WARC-Block-Digest
	block   *bufio.Reader // the block, buffered
	headLen int64         // bytes of the block readHTTPHead consumed
	gz      *gzip.Reader  // nil for an uncompressed record
}

// openRecord reads the WARC header of the record at the start of r
// (gzip-compressed or not) and positions the record's block after it.
func openRecord(r io.Reader) (*record, error) {
	in := bufio.NewReaderSize(r, 32<<10)
	rec := &record{}
	if magic, _ := in.Peek(2); isGzipMagic(magic) {
		gz, err := gzip.NewReader(in)
		if err != nil {
			return nil, fmt.Errorf("%w: bad gzip header: %w", ErrCorrupt, err)
		}
		gz.Multistream(false)
		rec.gz = gz
		in = bufio.NewReaderSize(gz, 32<<10)
	}
	head, err := readHead(in)
	if err != nil {
		return nil, fmt.Errorf("%w: WARC header: %w", ErrCorrupt, err)
	}
	version, fields, _ := bytes.Cut(head, []byte("\n"))
	if !bytes.HasPrefix(version, []byte("WARC/")) {
		return nil, fmt.Errorf("%w: no WARC record here", ErrCorrupt)
	}
	rec.header = parseFields(fields)
	length, err := strconv.ParseInt(strings.TrimSpace(rec.header.Get("Content-Length")), 10, 64)
	if err != nil || length < 0 {
		return nil, fmt.Errorf("%w: bad Content-Length %q", ErrCorrupt, rec.header.Get("Content-Length"))
	}
	rec.digest, err = newDigestReader(io.LimitReader(in, length), length, rec.header.Get("WARC-Block-Digest"))
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrCorrupt, err)
	}
	rec.block = bufio.NewReaderSize(rec.digest, 32<<10)
	return rec, nil
}

func (rec *record) close() error {
	if rec.gz != nil {
		return rec.gz.Close()
	}
	return nil
}

// readHTTPHead reads the status line and header of the HTTP message at the
// start of the block.
func (rec *record) readHTTPHead() (int, http.Header, error) {
	head, err := readHead(rec.block)
	if err != nil {
		return 0, nil, fmt.Errorf("%w: HTTP header: %w", ErrCorrupt, err)
	}
	rec.headLen = int64(len(head))
	status, header, _, err := parseHTTPResponse(head)
	if err != nil {
		return 0, nil, fmt.Errorf("%w: bad HTTP response: %w", ErrCorrupt, err)
	}
	return status, header, nil
}

// readHead reads lines up to and including the first empty one (CRLF or
// LF), at most maxHeadSize bytes. The end of the stream also ends a head
// (a response without a body may end after its last header line).
func readHead(r *bufio.Reader) ([]byte, error) {
	var head []byte
	for {
		line, err := r.ReadSlice('\n')
		head = append(head, line...)
		if len(head) > maxHeadSize {
			return nil, fmt.Errorf("longer than %d bytes", maxHeadSize)
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		if err == io.EOF && len(head) > 0 {
			return head, nil
		}
		if err != nil {
			return nil, err
		}
		if len(line) <= 2 && strings.TrimRight(string(line), "\r\n") == "" {
			return head, nil
		}
	}
}

// parseFields parses "Name: value" lines (the WARC header after its
// version line) into a header with canonical keys.
func parseFields(b []byte) http.Header {
	h := http.Header{}
	for line := range strings.SplitSeq(strings.ReplaceAll(string(b), "\r\n", "\n"), "\n") {
		name, value, ok := strings.Cut(line, ":")
		if ok && strings.TrimSpace(name) != "" {
			h.Add(strings.TrimSpace(name), strings.TrimSpace(value))
		}
	}
	return h
}

// digestReader reads a record block of a known length and checks, at its
// end, that it had that length and the digest its header declares.
type digestReader struct {
	r      io.Reader
	length int64
	n      int64
	h      hash.Hash // nil: no digest to check
	field  string
	want   []byte
	err    error // the sticky end: io.EOF or a corruption
}

func newDigestReader(r io.Reader, length int64, field string) (*digestReader, error) {
	d := &digestReader{r: r, length: length, field: field}
	if field != "" {
		newHash, want, err := parseDigest(field)
		if err != nil {
			return nil, err
		}
		if newHash != nil {
			d.h, d.want = newHash(), want
		}
	}
	return d, nil
}

func (d *digestReader) Read(p []byte) (int, error) {
	if d.err != nil {
		return 0, d.err
	}
	n, err := d.r.Read(p)
	d.n += int64(n)
	if d.h != nil {
		d.h.Write(p[:n])
	}
	switch {
	case err == io.EOF && d.n < d.length:
		d.err = fmt.Errorf("%w: cut short (%d of %d bytes)", ErrCorrupt, d.n, d.length)
	case err == io.EOF && d.h != nil && !bytes.Equal(d.h.Sum(nil), d.want):
		d.err = fmt.Errorf("%w: block digest mismatch: record says %s", ErrCorrupt, d.field)
	case err != nil:
		d.err = err
	}
	if d.err != nil {
		return n, d.err
	}
	return n, nil
}
