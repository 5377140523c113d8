package archive

import (
	"crypto/sha1"
	"encoding/base32"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/nlnwa/gowarc"
)

// spoolMemory is how much of a streamed record Add keeps in memory while
// it copies it; the rest goes to a temporary file under the data
// directory's tmp/ (not the system's /tmp, which may be memory too).
const spoolMemory = 1 << 20

// spooled is the record of a streamed capture (Capture.Stream), built in a
// temporary file before Add decides to write it or not.
type spooled struct {
	rb   gowarc.WarcRecordBuilder
	size int64 // bytes of payload
}

func (sp *spooled) close() { sp.rb.Close() }

// spool copies c's stream into a new record, computing the payload digest
// as it goes, and sets c.Digest to it. c has been through prepare. A
// stream that fails is an ErrInvalid: the source record is damaged.
func (s *Store) spool(c *Capture) (*spooled, error) {
	tmp := filepath.Join(filepath.Dir(s.warcDir), "tmp")
	if err := os.MkdirAll(tmp, 0o755); err != nil {
		return nil, fmt.Errorf("archive: add %s: %w", c.URL, err)
	}
	typ, contentType := gowarc.Response, "application/http;msgtype=response"
	if c.Header == nil {
		typ, contentType = gowarc.Resource, c.MIME
	}
	rb := newRecordBuilder(typ, c.URL, c.Time, contentType,
		gowarc.WithBufferTmpDir(tmp), gowarc.WithBufferMaxMemBytes(spoolMemory))
	if c.Header != nil {
		if _, err := rb.Write(formatHTTPResponse(c.Status, c.Header, nil)); err != nil {
			rb.Close()
			return nil, fmt.Errorf("archive: add %s: %w", c.URL, err)
		}
	}
	h := sha1.New()
	n, err := io.Copy(rb, io.TeeReader(c.Stream, h))
	if err != nil {
		rb.Close()
		return nil, fmt.Errorf("%w: reading the payload of %s: %w", ErrInvalid, c.URL, err)
	}
	c.Stream = nil
	c.Digest = "sha1:" + base32.StdEncoding.EncodeToString(h.Sum(nil))
	return &spooled{rb: rb, size: n}, nil
}

// build finishes the spooled record.
func (sp *spooled) build() (gowarc.WarcRecord, error) {
	rec, _, err := sp.rb.Build()
	if err != nil {
		if rec != nil {
			rec.Close()
		}
		return nil, fmt.Errorf("build record: %w", err)
	}
	return rec, nil
}

// clearSpool removes temporary files a crash left in the data directory's
// tmp/.
func clearSpool(dir string) {
	entries, _ := os.ReadDir(filepath.Join(dir, "tmp"))
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "tmp-diskbuffer-") {
			os.Remove(filepath.Join(dir, "tmp", e.Name()))
		}
	}
}

// newRecordBuilder starts a WARC 1.1 record; gowarc adds WARC-Record-ID,
// Content-Length and the block and payload digests when it is built, and
// validates it.
func newRecordBuilder(typ gowarc.RecordType, uri string, t time.Time, contentType string, opts ...gowarc.WarcRecordOption) gowarc.WarcRecordBuilder {
	opts = append([]gowarc.WarcRecordOption{gowarc.WithStrictValidation(), gowarc.WithFixDigest(false), gowarc.WithFixContentLength(false)}, opts...)
	rb := gowarc.NewRecordBuilder(typ, opts...)
	rb.AddWarcHeader(gowarc.WarcTargetURI, uri)
	rb.AddWarcHeader(gowarc.WarcDate, t.Format(time.RFC3339Nano))
	rb.AddWarcHeader(gowarc.ContentType, contentType)
	return rb
}
