// Package archive keeps every raw input Gazette receives, as received, in
// WARC files, together with a capture index.
//
// Articles are extracted from the archive later rather than at import time,
// so that a better cleaner can re-extract old captures. The package has two
// halves:
//
//   - [Store] is Gazette's own archive in a data directory: gzip-per-record
//     WARC 1.1 files under dir/warc/ and a bbolt capture index in
//     dir/captures.db.
//   - [ReadWARC] reads foreign WARC files (wget, Heritrix, Browsertrix and
//     the like) so that they can be imported into a Store.
//
// Both hand out [Capture] values whose Body is the decoded entity body: the
// chunked transfer coding is removed and gzip, deflate, br and zstd content
// codings are undone, because the extractor needs the HTML bytes. The WARC
// files themselves always keep the payload exactly as it was given to
// [Store.Add].
package archive

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"
)

// MaxInMemory is the largest record block, and the largest decoded body,
// the archive holds in memory. ReadWARC hands larger records on as streams
// (Capture.Stream), Store.Add archives them by streaming, and Store.Load
// refuses them with ErrTooLarge: they are archived, and can be replayed
// (Store.Open), but not extracted. No news article comes near it.
const MaxInMemory = 16 << 20

// ErrTooLarge is returned (wrapped) by Store.Load for a record whose block
// or decoded body is larger than MaxInMemory.
var ErrTooLarge = errors.New("too large to extract")

// Capture is one archived response (or resource) and where it lives.
type Capture struct {
	URL    string      // target URI, without wget's <...> brackets
	Time   time.Time   // WARC-Date (UTC)
	Status int         // HTTP status; 200 for resource records
	MIME   string      // media type (lower case, no parameters) from the HTTP Content-Type, or the resource record's Content-Type
	Header http.Header // HTTP response headers (nil for resource records); Content-Type kept as received (charset!)

	// Body is the entity body. When read back (ReadWARC, Store.Load) it is
	// decoded: chunking removed and a gzip, x-gzip, deflate, br or zstd
	// Content-Encoding undone, with Content-Encoding and Transfer-Encoding
	// dropped from Header and Content-Length set to len(Body). A body that
	// cannot be decoded is left as stored and Content-Encoding stays in
	// Header, so the caller can tell.
	Body []byte

	// Stream, when set instead of Body, reads a payload too large to hold
	// in memory (larger than MaxInMemory): ReadWARC sets it on such
	// records, readable only until its callback returns, with Header as
	// the record holds it (chunked, content-encoded: nothing is decoded),
	// and Store.Add archives it by copying, computing its digest as it
	// goes. A stream that fails (a record cut short or not matching its
	// digests) makes Add fail with ErrInvalid and write nothing.
	Stream io.Reader

	// Request is the HTTP request message (request line, header lines and
	// the blank line) that produced a response capture. When set, Add
	// writes it as a WARC request record right after the response record,
	// linked to it by WARC-Concurrent-To. It is not indexed and not read
	// back.
	Request []byte

	Digest   string // "sha1:BASE32" of the payload as stored in the WARC record; from ReadWARC, the digest the record declares (SHA-1 normalised to base32), if any
	File     string // WARC file name relative to the archive's warc directory (see Store.Add for its meaning on input)
	Offset   int64  // record offset in that file
	Length   int64  // compressed record length
	RecordID string // WARC-Record-ID without the <...> brackets

	// Seq is the capture's place in the Store's log: Add gives every
	// capture it indexes the next number, so a capture with a higher Seq
	// was archived later (Store.Since reads them in that order). 0 for a
	// capture that is not (yet) in a Store.
	Seq uint64

	// Original is set on a capture whose record is a revisit record of the
	// identical-payload-digest profile: the record holds only the HTTP
	// headers, and the payload is the one of the earlier capture Original
	// names (Digest is that payload's digest). ReadWARC fills in what the
	// revisit record says of it (WARC-Refers-To-Target-URI, -Date and
	// WARC-Refers-To, any of which may be missing) and leaves Body empty
	// (and Status, Header and MIME too when the record holds no HTTP headers);
	// Store.Add finds the original in the archive by digest or by those
	// fields; the Store's index holds the original's full position, and
	// Store.Load follows it to fill in Body.
	Original *Capture
}

// ErrClosed is returned by Store methods called after Close.
var ErrClosed = errors.New("archive: store is closed")

// ErrNotWARC is returned by ReadWARC when a stream holds no WARC record at all.
var ErrNotWARC = errors.New("archive: not a WARC stream")

// RecordError describes one WARC record that ReadWARC skipped: a broken
// header, a truncated block, a digest that does not match, bytes between
// records that are not a record, or a record it cannot handle.
type RecordError struct {
	Number   int    // 1-based number of the record in the stream (0 for bytes between records)
	Offset   int64  // offset in the stream of the record, or of the gzip member holding it
	RecordID string // WARC-Record-ID, when the header could be read
	URL      string // WARC-Target-URI, when the header could be read
	Err      error
}

func (e *RecordError) Error() string {
	what := "bytes"
	if e.Number > 0 {
		what = fmt.Sprintf("record %d", e.Number)
	}
	s := fmt.Sprintf("archive: WARC %s at offset %d", what, e.Offset)
	if e.URL != "" {
		s += " (" + e.URL + ")"
	}
	return s + ": " + e.Err.Error()
}

func (e *RecordError) Unwrap() error { return e.Err }
