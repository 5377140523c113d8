package archive

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	bolt "go.etcd.io/bbolt"

	"github.com/gazette-news/gazette/urlid"
)

// CDXJ is the plain-text capture index that pywb and ReplayWeb.page read,
// and that a WACZ carries as indexes/index.cdxj: one line per capture,
//
//	<SURT key> <14-digit UTC timestamp> {"url":…,"mime":…,"status":…,"digest":…,"length":…,"offset":…,"filename":…}
//
// sorted bytewise, so that a reader can binary-search it. As in pywb's
// output, the numbers in the JSON block are strings.

// CDXJTimestamp is the layout of the timestamp field of a CDXJ line.
const CDXJTimestamp = "20060102150405"

// cdxjBlock is the JSON block of a CDXJ line, fields in pywb's order.
type cdxjBlock struct {
	URL      string `json:"url"`
	MIME     string `json:"mime,omitempty"`
	Status   string `json:"status"`
	Digest   string `json:"digest"`
	Length   string `json:"length"`
	Offset   string `json:"offset"`
	Filename string `json:"filename"`
}

// CDXJLine formats one capture as a CDXJ line, without the line break.
// File, Offset and Length must say where the capture's record is.
func CDXJLine(c Capture) (string, error) {
	if c.URL == "" || c.File == "" || c.Length <= 0 || c.Offset < 0 {
		return "", fmt.Errorf("archive: CDXJ line for %q: capture has no record position (file %q, offset %d, length %d)", c.URL, c.File, c.Offset, c.Length)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	mime := c.MIME
	if c.Original != nil {
		mime = "warc/revisit" // as pywb's and py-wacz's indexers mark revisit records
	}
	err := enc.Encode(cdxjBlock{
		URL:      c.URL,
		MIME:     mime,
		Status:   strconv.Itoa(c.Status),
		Digest:   c.Digest,
		Length:   strconv.FormatInt(c.Length, 10),
		Offset:   strconv.FormatInt(c.Offset, 10),
		Filename: c.File,
	})
	if err != nil {
		return "", fmt.Errorf("archive: CDXJ line for %s: %w", c.URL, err)
	}
	return urlid.SURT(c.URL) + " " + c.Time.UTC().Format(CDXJTimestamp) + " " + strings.TrimSuffix(buf.String(), "\n"), nil
}

// WriteCDXJ writes captures as a sorted CDXJ index.
func WriteCDXJ(w io.Writer, captures []Capture) error {
	lines := make([]string, 0, len(captures))
	for _, c := range captures {
		line, err := CDXJLine(c)
		if err != nil {
			return err
		}
		lines = append(lines, line)
	}
	slices.Sort(lines)
	for _, line := range lines {
		if _, err := io.WriteString(w, line+"\n"); err != nil {
			return fmt.Errorf("archive: write CDXJ: %w", err)
		}
	}
	return nil
}

// All calls fn with every capture in the index, without bodies, sorted by
// URL (bytes) and then time, oldest first; for exports such as CDXJ. It
// stops at the first error from fn or when ctx is done. The index is read
// in batches, so fn may call Add.
func (s *Store) All(ctx context.Context, fn func(Capture) error) error {
	err := s.inBatches(ctx, fn, func(c *bolt.Cursor, after []byte) (k, v []byte) {
		if after == nil {
			return c.First()
		}
		if k, v = c.Seek(after); k != nil && bytes.Equal(k, after) {
			k, v = c.Next()
		}
		return k, v
	}, func(c *bolt.Cursor, k, v []byte) (Capture, []byte, []byte, error) {
		capture, err := decodeEntry(k, v)
		next, _ := c.Next()
		return capture, bytes.Clone(k), next, err
	})
	if err != nil {
		return fmt.Errorf("archive: all captures: %w", err)
	}
	return nil
}

// OpenWARC opens one of the Store's WARC files, named as in Capture.File,
// for reading (to copy it into an export, say).
func (s *Store) OpenWARC(name string) (*os.File, error) {
	if name == "" || name != filepath.Base(name) || strings.HasPrefix(name, ".") {
		return nil, fmt.Errorf("archive: bad WARC file name %q", name)
	}
	f, err := os.Open(filepath.Join(s.warcDir, name))
	if err != nil {
		return nil, fmt.Errorf("archive: open WARC file: %w", err)
	}
	return f, nil
}
