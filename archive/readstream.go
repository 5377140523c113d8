package archive

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/nlnwa/gowarc"
)

// headerEnds reports whether the WARC header at the start of r ends (in a
// blank line) within maxWARCHeader bytes, or the stream ends first, so
// that a header without an end is never read whole into memory. r's
// buffer must hold maxWARCHeader bytes.
func headerEnds(r *bufio.Reader) bool {
	b, err := r.Peek(maxWARCHeader)
	if err != nil && len(b) < maxWARCHeader {
		return true // the whole rest of the stream is in b: nothing unbounded
	}
	return bytes.Contains(b, []byte("\n\r\n")) || bytes.Contains(b, []byte("\n\n"))
}

// stream hands a record too large to hold to fn as a stream
// (Capture.Stream): the HTTP status and header are read from the start of
// the block, the rest is the payload, as stored. The block digest, and the
// payload digest of a payload that is not chunked, are checked as it is
// read: a mismatch ends the stream in an error instead of io.EOF. What fn
// leaves unread is read after it returns, and a broken record reported to
// onError unless fn saw the error itself. It returns fn's error.
func (rd *warcReader) stream(rec gowarc.WarcRecord, c Capture, typ, contentType, blockDigest, payloadDigest string, size int64,
	fail func(id, uri string, err error)) error {
	raw, err := rec.Block().RawBytes()
	if err != nil {
		fail(c.RecordID, c.URL, fmt.Errorf("read block: %w", err))
		return nil
	}
	block, err := newDigestReader(raw, size, blockDigest)
	if err != nil {
		fail(c.RecordID, c.URL, fmt.Errorf("bad header: %w", err))
		return nil
	}
	br := bufio.NewReaderSize(block, 64<<10)
	isHTTP := strings.HasPrefix(strings.ToLower(strings.TrimSpace(contentType)), "application/http")
	if magic, _ := br.Peek(5); typ == "response" && bytes.Equal(magic, []byte("HTTP/")) {
		isHTTP = true
	}
	var payload io.Reader = br
	payloadSize := size
	if typ == "response" && isHTTP {
		head, err := readHead(br)
		if err != nil {
			fail(c.RecordID, c.URL, fmt.Errorf("bad HTTP response: header: %w", err))
			return nil
		}
		status, header, _, err := parseHTTPResponse(head)
		if err != nil {
			fail(c.RecordID, c.URL, fmt.Errorf("bad HTTP response: %w", err))
			return nil
		}
		c.Status, c.Header, c.MIME = status, header, mediaType(header.Get("Content-Type"))
		payloadSize -= int64(len(head))
		if hasToken(header.Values("Transfer-Encoding"), "chunked") {
			// Tools disagree on whether the payload digest covers the
			// chunked payload or the de-chunked one; the block digest
			// still covers it all.
			payloadDigest = ""
		}
	} else {
		c.Status, c.MIME = 200, mediaType(contentType)
	}
	if payloadDigest != "" {
		checked, err := newDigestReader(br, payloadSize, payloadDigest)
		if err != nil {
			fail(c.RecordID, c.URL, fmt.Errorf("payload: %w", err))
			return nil
		}
		payload = checked
		c.Digest = normalizeDigest(payloadDigest)
	}
	seen := &errorSeen{r: payload}
	c.Stream = seen

	if rd.flush != nil {
		if err := rd.flush(); err != nil {
			return err
		}
	}
	ferr := rd.fn(c)
	told := seen.seen
	if _, err := io.Copy(io.Discard, seen); err != nil && !told {
		fail(c.RecordID, c.URL, err)
	} else if err == nil {
		rd.resync = false
	}
	return ferr
}

// errorSeen remembers whether the reader of a stream was told of its error.
type errorSeen struct {
	r    io.Reader
	seen bool
}

func (e *errorSeen) Read(p []byte) (int, error) {
	n, err := e.r.Read(p)
	if err != nil && !errors.Is(err, io.EOF) {
		e.seen = true
	}
	return n, err
}
