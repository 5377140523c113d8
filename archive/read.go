package archive

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/nlnwa/gowarc"

	"github.com/gazette-news/gazette/internal/countio"
)

// maxWARCHeader bounds the header of a WARC record. A record whose header
// does not end within it is reported as broken and skipped.
const maxWARCHeader = 64 << 10

// ReadWARC reads a foreign WARC stream (.warc or .warc.gz; gzip is detected
// by its magic bytes, both per record and for the whole file) and calls fn
// for each response and resource record with its HTTP status, headers and
// decoded body (see Capture.Body), and for each revisit record of the
// identical-payload-digest profile with its headers and Original (see
// Capture.Original). A response or resource record whose block is larger
// than MaxInMemory is handed to fn as a stream (Capture.Stream), read only
// as fn reads it, so that records of any size cost a few buffers; its
// digests are checked as it is read. Offset and Length are the record's
// position in the stream; for gzip-per-record files they frame the
// record's gzip member. When a whole file was gzipped as one member, Offset
// is the member's and Length is 0. File is empty.
//
// It accepts WARC/1.0 and WARC/1.1 as written by wget (target URIs in
// <...>, chunked bodies), Heritrix and Browsertrix. Request, metadata,
// warcinfo, continuation and server-not-modified revisit records are
// skipped silently, as are
// records whose target URI is not on the web (dns:, metadata:, urn:,
// whois:).
//
// A broken record (bad header, truncated block, digest mismatch) or bytes
// between records that are not a record are reported to onError as a
// *RecordError and skipped; reading continues with the next record the
// format allows finding. If fn returns an error, reading stops and ReadWARC
// returns that error. Otherwise only an unreadable stream returns an error,
// including ErrNotWARC when the stream holds no WARC record at all.
func ReadWARC(r io.Reader, fn func(Capture) error, onError func(error)) error {
	return readWARC(r, fn, onError, false)
}

// readWARC is ReadWARC; with load set (Store.Load), a record larger than
// MaxInMemory, or whose body decodes to more, is an error wrapping
// ErrTooLarge instead of a stream.
func readWARC(r io.Reader, fn func(Capture) error, onError func(error), load bool) error {
	if fn == nil {
		return errors.New("archive: ReadWARC needs a callback")
	}
	if onError == nil {
		onError = func(error) {}
	}
	in := &stickyReader{r: r}
	cr := &countio.Reader{R: in}
	rd := &warcReader{
		in:      in,
		src:     bufio.NewReaderSize(cr, 64<<10),
		count:   cr,
		fn:      fn,
		onError: onError,
		load:    load,
		unmarshaler: gowarc.NewUnmarshaler(
			// gowarc only frames the records; this package checks them
			// itself, so that e.g. wget's <...> URIs are not errors, and
			// reads their blocks itself (gowarc would read an HTTP
			// header without an end whole).
			gowarc.WithNoValidation(),
			gowarc.WithSkipParseBlock(),
			gowarc.WithAddMissingDigest(false),
			gowarc.WithAddMissingRecordId(false),
			gowarc.WithAddMissingContentLength(false),
		),
	}
	return rd.read()
}

// errStop ends reading early without an error; see Store.Load.
var errStop = errors.New("stop")

// warcReader holds the state of one ReadWARC call.
type warcReader struct {
	in          *stickyReader // the caller's stream
	cur         *stickyReader // the stream the current record is read from
	src         *bufio.Reader
	count       *countio.Reader
	unmarshaler gowarc.Unmarshaler
	fn          func(Capture) error
	onError     func(error)

	records    int  // records seen, good or bad
	lastFailed int  // number of the last record reported broken
	resync     bool // the previous record was broken; don't report the bytes skipped after it
	gz         *gzip.Reader
	member     *bufio.Reader // reads the records of the current gzip member; reset for each
	load       bool          // reading for Store.Load: refuse what is too large to hold
	// flush hands on the captures read before a streamed one (in a gzip
	// member holding several records), so that fn sees them in order.
	flush func() error
}

// offset is the position of the next unread byte of the stream.
func (rd *warcReader) offset() int64 {
	return rd.count.N - int64(rd.src.Buffered())
}

func (rd *warcReader) read() error {
	garbage := false
	for {
		start := rd.offset()
		magic, _ := rd.src.Peek(5)
		if len(magic) == 0 {
			break // end of stream, or a read error reported below
		}
		var err error
		switch {
		case isGzipMagic(magic):
			err = rd.readGzipMember(start)
		case bytes.HasPrefix(magic, []byte("WARC/")):
			rd.cur, rd.flush = rd.in, nil
			var c *Capture
			if c, err = rd.readRecord(rd.src, start); c != nil {
				c.Length = rd.offset() - start
				err = rd.fn(*c)
			}
		default:
			n, printable := skipToRecord(rd.src, true)
			if printable {
				garbage = true
				if !rd.resync {
					rd.onError(&RecordError{Offset: start, Err: fmt.Errorf("skipped %d bytes that are not a WARC record", n)})
				}
			}
		}
		if err != nil {
			return err
		}
	}
	if rd.in.err != nil {
		return fmt.Errorf("archive: read WARC at offset %d: %w", rd.offset(), rd.in.err)
	}
	if rd.records == 0 && garbage {
		return ErrNotWARC
	}
	return nil
}

func isGzipMagic(b []byte) bool { return len(b) >= 2 && b[0] == 0x1f && b[1] == 0x8b }

// skipToRecord discards bytes up to the next "WARC/" (or gzip magic, if
// gzipOK) or the end of r. It reports how many bytes it skipped and whether
// any of them were more than the blank lines some writers leave between
// records.
func skipToRecord(r *bufio.Reader, gzipOK bool) (n int64, printable bool) {
	for {
		b, err := r.Peek(5)
		if len(b) == 0 {
			return n, printable
		}
		if bytes.HasPrefix(b, []byte("WARC/")) || (gzipOK && isGzipMagic(b)) {
			return n, printable
		}
		if len(b) < 5 && err != nil {
			// Too short to start a record: discard the tail.
			for _, c := range b {
				printable = printable || (c != '\r' && c != '\n')
			}
			d, _ := r.Discard(len(b))
			return n + int64(d), printable
		}
		printable = printable || (b[0] != '\r' && b[0] != '\n')
		r.Discard(1)
		n++
	}
}

// readGzipMember reads the WARC records in one gzip member: one record for
// gzip-per-record files, all of them when the whole file was gzipped.
//
// When the member turns out to be corrupt, the decompressor may already
// have consumed the start of the next member. The compressed bytes are
// therefore recorded (up to maxReplay) and scanned again for the next
// record after a failure.
func (rd *warcReader) readGzipMember(start int64) error {
	rec := &recorder{r: rd.src}
	first := rd.records + 1
	var err error
	if rd.gz == nil {
		rd.gz, err = gzip.NewReader(rec)
	} else {
		err = rd.gz.Reset(rec)
	}
	if err != nil {
		rd.memberFailed(start, first, fmt.Errorf("bad gzip header: %w", err))
		rd.rewind(start, rec)
		return nil
	}
	rd.gz.Multistream(false)
	body := &stickyReader{r: rd.gz}
	rd.cur = body
	// One buffer serves every member: a member is read to its end (a
	// streamed record too, before fn returns) before the next one starts.
	if rd.member == nil {
		rd.member = bufio.NewReaderSize(body, 64<<10)
	} else {
		rd.member.Reset(body)
	}
	member := rd.member

	// A capture is handed to fn once the member ends, so that Length can be
	// the member's length and a corrupt member yields nothing. A member that
	// holds several records (a whole gzipped file) has no per-record
	// length; those get Length 0.
	var pending *Capture
	several := false
	rd.flush = func() error {
		if pending == nil {
			return nil
		}
		several = true
		c := *pending
		pending = nil
		return rd.fn(c)
	}
	defer func() { rd.flush = nil }()
	for {
		magic, _ := member.Peek(5)
		if len(magic) == 0 {
			break // end of member, or an error in body.err
		}
		if !bytes.HasPrefix(magic, []byte("WARC/")) {
			n, printable := skipToRecord(member, false)
			if printable && !rd.resync {
				rd.onError(&RecordError{Offset: start, Err: fmt.Errorf("skipped %d bytes that are not a WARC record", n)})
			}
			continue
		}
		c, err := rd.readRecord(member, start)
		if err != nil {
			return err
		}
		if c == nil {
			continue
		}
		if pending != nil {
			several = true
			if err := rd.fn(*pending); err != nil {
				return err
			}
		}
		pending = c
	}
	if body.err != nil {
		rd.memberFailed(start, first, body.err)
		rd.rewind(start, rec)
		return nil
	}
	if pending == nil {
		return nil
	}
	if !several {
		pending.Length = rd.offset() - start
	}
	return rd.fn(*pending)
}

// memberFailed reports a gzip member that cannot be decompressed to its
// end, unless the record in it was already reported (a truncated record
// shows up both ways).
func (rd *warcReader) memberFailed(start int64, first int, err error) {
	number := rd.records
	if number < first {
		number = 0 // no record of this member was read
	}
	if number == 0 || rd.lastFailed != number {
		rd.onError(&RecordError{Number: number, Offset: start, Err: fmt.Errorf("corrupt gzip member: %w", err)})
		rd.lastFailed = number
	}
	rd.resync = true
}

// rewind makes the reader continue one byte after the start of a failed
// gzip member, replaying the bytes the decompressor consumed.
func (rd *warcReader) rewind(start int64, rec *recorder) {
	if rec.overflow || len(rec.buf) == 0 {
		return // continue where the decompressor stopped
	}
	rd.count = &countio.Reader{R: io.MultiReader(bytes.NewReader(rec.buf[1:]), rd.src), N: start + 1}
	rd.src = bufio.NewReaderSize(rd.count, 64<<10)
}

// maxReplay bounds the compressed bytes kept per gzip member for rewind.
const maxReplay = 8 << 20

// recorder keeps a copy of the bytes read through it. It implements
// io.ByteReader so that the gzip decompressor reads no further than it
// needs.
type recorder struct {
	r        *bufio.Reader
	buf      []byte
	overflow bool
}

func (r *recorder) Read(p []byte) (int, error) {
	n, err := r.r.Read(p)
	r.keep(p[:n]...)
	return n, err
}

func (r *recorder) ReadByte() (byte, error) {
	b, err := r.r.ReadByte()
	if err == nil {
		r.keep(b)
	}
	return b, err
}

func (r *recorder) keep(b ...byte) {
	if r.overflow {
		return
	}
	if len(r.buf)+len(b) > maxReplay {
		r.overflow, r.buf = true, nil
		return
	}
	r.buf = append(r.buf, b...)
}

// stickyReader turns the first read error into io.EOF for every later
// read and remembers it. gowarc's header parser retries reads after an
// error, which would never end on a reader whose error persists.
type stickyReader struct {
	r   io.Reader
	err error
}

func (s *stickyReader) Read(p []byte) (int, error) {
	if s.err != nil {
		return 0, io.EOF
	}
	n, err := s.r.Read(p)
	if err != nil && err != io.EOF {
		s.err = err
	}
	return n, err
}

// readRecord reads the record at the start of r, which begins with "WARC/".
// It returns the capture the record holds, or nil when it holds none or is
// broken (which it reports). A record too large to hold is handed to fn as
// a stream here, and nil returned with fn's error.
func (rd *warcReader) readRecord(r *bufio.Reader, offset int64) (*Capture, error) {
	rd.records++
	number := rd.records
	fail := func(id, uri string, err error) {
		if rd.cur != nil && rd.cur.err != nil {
			// The real cause is that the stream ended or broke mid-record.
			err = fmt.Errorf("truncated: %w", rd.cur.err)
		}
		rd.onError(&RecordError{Number: number, Offset: offset, RecordID: id, URL: uri, Err: err})
		rd.lastFailed = number
		rd.resync = true
	}

	if !headerEnds(r) {
		fail("", "", fmt.Errorf("bad header: no end within %d bytes", maxWARCHeader))
		r.Discard(1)
		return nil, nil
	}
	rec, err := rd.unmarshal(r)
	if err != nil {
		// Not rec.Close: after an error gowarc may leave the record without
		// a block, and Close would panic. Skipping to the next record
		// discards the rest anyway.
		fail("", "", fmt.Errorf("bad header: %w", err))
		r.Discard(1) // make progress even if nothing was consumed
		return nil, nil
	}
	defer rec.Close()
	h := rec.WarcHeader()
	id := h.GetId(gowarc.WarcRecordID)
	uri := targetURI(h.Get(gowarc.WarcTargetURI))

	size, err := strconv.ParseInt(strings.TrimSpace(h.Get(gowarc.ContentLength)), 10, 64)
	if err != nil || size < 0 {
		fail(id, uri, fmt.Errorf("bad header: Content-Length %q", h.Get(gowarc.ContentLength)))
		return nil, nil
	}
	typ := strings.ToLower(strings.TrimSpace(h.Get(gowarc.WarcType)))
	if typ == "" {
		fail(id, uri, errors.New("bad header: no WARC-Type"))
		return nil, nil
	}
	if typ == "revisit" && !strings.Contains(h.Get(gowarc.WarcProfile), "identical-payload-digest") {
		typ = "" // server-not-modified and unknown profiles hold no payload claim
	}
	if typ != "response" && typ != "resource" && typ != "revisit" || skippedURI(uri) {
		rd.resync = false
		return nil, nil // Close discards the block
	}
	if h.Has(gowarc.WarcSegmentNumber) {
		fail(id, uri, errors.New("segmented records are not supported"))
		return nil, nil
	}
	if uri == "" {
		fail(id, uri, errors.New("bad header: no WARC-Target-URI"))
		return nil, nil
	}
	date, err := parseWARCDate(h.Get(gowarc.WarcDate))
	if err != nil {
		fail(id, uri, fmt.Errorf("bad header: %w", err))
		return nil, nil
	}
	if size > MaxInMemory {
		switch {
		case rd.load:
			fail(id, uri, fmt.Errorf("%w (a record of %d bytes; the limit is %d MB)", ErrTooLarge, size, MaxInMemory>>20))
			return nil, nil
		case typ == "revisit":
			fail(id, uri, fmt.Errorf("a revisit record of %d bytes is no HTTP header", size))
			return nil, nil
		}
		c := Capture{URL: uri, Time: date, RecordID: id, Offset: offset}
		return nil, rd.stream(rec, c, typ, h.Get(gowarc.ContentType), h.Get(gowarc.WarcBlockDigest), h.Get(gowarc.WarcPayloadDigest), size, fail)
	}

	raw, err := rec.Block().RawBytes()
	if err != nil {
		fail(id, uri, fmt.Errorf("read block: %w", err))
		return nil, nil
	}
	block, err := io.ReadAll(raw)
	if err != nil {
		fail(id, uri, fmt.Errorf("truncated block (%d of %d bytes): %w", len(block), size, err))
		return nil, nil
	}
	if int64(len(block)) < size {
		fail(id, uri, fmt.Errorf("truncated block (%d of %d bytes)", len(block), size))
		return nil, nil
	}
	if d := h.Get(gowarc.WarcBlockDigest); d != "" {
		if err := checkDigest(d, block); err != nil {
			fail(id, uri, fmt.Errorf("block: %w", err))
			return nil, nil
		}
	}

	c := Capture{URL: uri, Time: date, RecordID: id, Offset: offset}
	fill := fillCapture
	if typ == "revisit" {
		fill = fillRevisit
		c.Original = &Capture{URL: targetURI(h.Get(gowarc.WarcRefersToTargetURI)), RecordID: h.GetId(gowarc.WarcRefersTo)}
		if d := h.Get(gowarc.WarcRefersToDate); d != "" {
			if c.Original.Time, err = parseWARCDate(d); err != nil {
				fail(id, uri, fmt.Errorf("bad header: %w", err))
				return nil, nil
			}
		}
	}
	if err := fill(&c, typ, h.Get(gowarc.ContentType), h.Get(gowarc.WarcPayloadDigest), block, rd.load); err != nil {
		fail(id, uri, err)
		return nil, nil
	}
	// Close now, so that the end-of-record marker is consumed before the
	// caller measures the record's length.
	rec.Close()
	rd.resync = false
	return &c, nil
}

// unmarshal parses a record header with gowarc. gowarc v1.6.0 indexes out
// of range on some malformed headers (a bare "WARC/" line, for one); that
// panic is turned into an error, since bad input must not crash an import.
func (rd *warcReader) unmarshal(r *bufio.Reader) (rec gowarc.WarcRecord, err error) {
	defer func() {
		if p := recover(); p != nil {
			rec, err = nil, fmt.Errorf("unparsable record header (%v)", p)
		}
	}()
	rec, _, _, err = rd.unmarshaler.Unmarshal(r)
	return rec, err
}

// fillCapture sets Status, Header, MIME, Body and Digest of c from a
// record's block. A response record whose block is not an HTTP message
// (some crawlers store other protocols that way) is read like a resource.
//
// With load set (Store.Load), a body that decodes to more than MaxInMemory
// is an error wrapping ErrTooLarge; otherwise it is left as stored.
func fillCapture(c *Capture, typ, contentType, payloadDigest string, block []byte, load bool) error {
	isHTTP := strings.HasPrefix(strings.ToLower(strings.TrimSpace(contentType)), "application/http") ||
		bytes.HasPrefix(block, []byte("HTTP/"))
	if typ != "response" || !isHTTP {
		if payloadDigest != "" {
			if err := checkDigest(payloadDigest, block); err != nil {
				return fmt.Errorf("payload: %w", err)
			}
		}
		c.Status = 200
		c.MIME = mediaType(contentType)
		c.Body = block
		c.Digest = declaredDigest(payloadDigest, block)
		return nil
	}

	status, header, payload, err := parseHTTPResponse(block)
	if err != nil {
		return fmt.Errorf("bad HTTP response: %w", err)
	}
	if payloadDigest != "" {
		// Tools disagree on whether the payload digest covers the chunked
		// or the de-chunked payload; accept either.
		candidates := [][]byte{payload}
		if hasToken(header.Values("Transfer-Encoding"), "chunked") {
			if b, err := dechunk(payload); err == nil {
				candidates = append(candidates, b)
			}
		}
		if err := checkDigest(payloadDigest, candidates...); err != nil {
			return fmt.Errorf("payload: %w", err)
		}
	}
	c.Status = status
	c.Digest = declaredDigest(payloadDigest, payload)
	var decodeErr error
	c.Body, c.Header, decodeErr = decodeEntityLimit(header, payload, MaxInMemory)
	if load && errors.Is(decodeErr, errDecodedTooLarge) {
		return fmt.Errorf("%w (the body decodes to more than %d MB)", ErrTooLarge, MaxInMemory>>20)
	}
	c.MIME = mediaType(c.Header.Get("Content-Type"))
	return nil
}

// declaredDigest is the payload digest a record declares (checked by the
// caller), normalised, or the SHA-1 digest of payload when it declares none.
// Revisit records written by the same tool name their original that way.
func declaredDigest(declared string, payload []byte) string {
	if declared == "" {
		return sha1Digest(payload)
	}
	return normalizeDigest(declared)
}

// fillRevisit sets Digest, and Status, Header and MIME when the block holds
// them, of c from an identical-payload-digest revisit record: its block is
// the HTTP status line and headers of the new response, or empty, and its
// payload digest names the payload it shares with the original.
func fillRevisit(c *Capture, _, contentType, payloadDigest string, block []byte, _ bool) error {
	if payloadDigest == "" {
		return errors.New("revisit record without WARC-Payload-Digest")
	}
	c.Digest = normalizeDigest(payloadDigest)
	if len(bytes.TrimSpace(block)) == 0 {
		return nil // headers come from the original
	}
	status, header, _, err := parseHTTPResponse(block)
	if err != nil {
		return fmt.Errorf("bad HTTP response headers: %w", err)
	}
	c.Status, c.Header = status, header
	c.MIME = mediaType(header.Get("Content-Type"))
	return nil
}

// targetURI strips the <...> that WARC/1.0 writers such as wget put around
// WARC-Target-URI.
func targetURI(v string) string {
	v = strings.TrimSpace(v)
	if strings.HasPrefix(v, "<") && strings.HasSuffix(v, ">") {
		v = strings.TrimSpace(v[1 : len(v)-1])
	}
	return v
}

// skippedURI reports whether a target URI is about the crawl rather than
// the web: Heritrix's dns: lookups, wget's metadata:// log and manifest,
// Browsertrix's urn:pageinfo: and urn:text: records.
func skippedURI(uri string) bool {
	scheme, _, ok := strings.Cut(uri, ":")
	if !ok {
		return false
	}
	switch strings.ToLower(scheme) {
	case "dns", "metadata", "urn", "whois":
		return true
	}
	return false
}

// parseWARCDate parses a WARC-Date: RFC 3339 in UTC, with optional
// fractional seconds (WARC/1.1), or the 14-digit form some old tools write.
func parseWARCDate(v string) (time.Time, error) {
	v = strings.TrimSpace(v)
	if t, err := time.Parse(time.RFC3339Nano, v); err == nil {
		return t.UTC(), nil
	}
	if t, err := time.Parse("20060102150405", v); err == nil {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("WARC-Date %q is not a date", v)
}
