// Package wacz writes and reads WACZ files (Web Archive Collection Zipped,
// version 1.1.1): a ZIP holding WARC files, their CDXJ index, a list of
// pages with their extracted text and a datapackage.json with the hash and
// size of every file. ReplayWeb.page and pywb open them as they are.
//
// Layout of a WACZ written by this package:
//
//	archive/*.warc.gz          WARC files (stored, not deflated, so that
//	                           replay tools can read records by offset)
//	indexes/index.cdxj         the CDXJ index of the captures (see archive.CDXJLine)
//	pages/pages.jsonl          a json-pages-1.0 header line, then one page per line
//	datapackage.json           resources with sha256 hashes and sizes
//	datapackage-digest.json    the sha256 of datapackage.json
//
// See https://specs.webrecorder.net/wacz/1.1.1/.
package wacz

import (
	"archive/zip"
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"iter"
	"os"
	"slices"
	"time"

	"github.com/gazette-news/gazette/archive"
	"github.com/gazette-news/gazette/internal/countio"
)

// Version is the WACZ version written.
const Version = "1.1.1"

// Member paths inside a WACZ.
const (
	ArchiveDir        = "archive/"
	IndexPath         = "indexes/index.cdxj"
	PagesPath         = "pages/pages.jsonl"
	DataPackagePath   = "datapackage.json"
	DigestPath        = "datapackage-digest.json"
	rewrittenWARCName = "gazette-export.warc.gz"
)

// Page is one entry of pages/pages.jsonl: an article, with the URL and
// time of the capture it was extracted from.
type Page struct {
	ID    string    `json:"id,omitempty"`
	URL   string    `json:"url"`
	TS    time.Time `json:"ts"`
	Title string    `json:"title,omitempty"`
	Text  string    `json:"text,omitempty"`
}

// pagesHeader is the first line of pages/pages.jsonl.
type pagesHeader struct {
	Format  string `json:"format"`
	ID      string `json:"id"`
	Title   string `json:"title"`
	HasText bool   `json:"hasText"`
}

// Resource is one file listed in datapackage.json.
type Resource struct {
	Name  string `json:"name"`
	Path  string `json:"path"`
	Hash  string `json:"hash"` // "sha256:" and hex
	Bytes int64  `json:"bytes"`
}

// DataPackage is datapackage.json.
type DataPackage struct {
	Profile     string     `json:"profile"`
	WACZVersion string     `json:"wacz_version"`
	Title       string     `json:"title,omitempty"`
	Created     string     `json:"created"`
	Software    string     `json:"software,omitempty"`
	Resources   []Resource `json:"resources"`
}

// Digest is datapackage-digest.json.
type Digest struct {
	Path string `json:"path"`
	Hash string `json:"hash"`
}

// WARCOpener opens an archived WARC file by the name in Capture.File;
// *archive.Store implements it.
type WARCOpener interface {
	OpenWARC(name string) (*os.File, error)
}

// Options control Write.
type Options struct {
	Title    string    // collection title in datapackage.json
	Software string    // e.g. "Gazette"
	Created  time.Time // default now
	// Rewrite copies only the given captures' records into one new WARC
	// file (for a partial export) instead of copying every WARC file that
	// holds one of them whole (which keeps warcinfo and metadata records).
	Rewrite bool
}

// Summary says what Write wrote.
type Summary struct {
	WARCFiles int
	Captures  int
	Pages     int
}

// PageList returns the pages as a sequence for Write.
func PageList(pages ...Page) iter.Seq2[Page, error] {
	return func(yield func(Page, error) bool) {
		for _, p := range pages {
			if !yield(p, nil) {
				return
			}
		}
	}
}

// Write writes a WACZ to w with the given captures (index entries: their
// File, Offset and Length say where their records are in src) and pages.
// The records are copied byte for byte, so digests stay valid. Pages are
// streamed into pages/pages.jsonl as they come (an archive's extracted
// text need not fit in memory); an error from the sequence ends Write with
// that error.
func Write(ctx context.Context, w io.Writer, src WARCOpener, captures []archive.Capture, pages iter.Seq2[Page, error], opts Options) (Summary, error) {
	return write(ctx, w, src, func() ([]archive.Capture, error) { return captures, nil }, pages, opts, false)
}

// WritePagesFirst is Write for captures that are known only once the pages
// have been read: it writes pages/pages.jsonl first, then calls captures
// for the captures to copy, and writes the WARC files and the index after
// it. An export of a search's articles reads each article once this way,
// for its page and for the URLs it was captured at, and holds none of
// their texts. The members' order in the ZIP is free: readers go by the
// central directory. An error from captures ends WritePagesFirst with
// that error.
func WritePagesFirst(ctx context.Context, w io.Writer, src WARCOpener, pages iter.Seq2[Page, error], captures func() ([]archive.Capture, error), opts Options) (Summary, error) {
	return write(ctx, w, src, captures, pages, opts, true)
}

// write is Write, with pages/pages.jsonl before the WARC files when
// pagesFirst (WritePagesFirst) and after the index otherwise.
func write(ctx context.Context, w io.Writer, src WARCOpener, selected func() ([]archive.Capture, error), pages iter.Seq2[Page, error], opts Options, pagesFirst bool) (Summary, error) {
	if opts.Created.IsZero() {
		opts.Created = time.Now()
	}
	zw := zip.NewWriter(w)
	wr := &writer{zw: zw, created: opts.Created}
	var sum Summary
	var err error
	if pagesFirst {
		if sum.Pages, err = wr.writePages(ctx, pages); err != nil {
			return sum, err
		}
	}
	captures, err := selected()
	if err != nil {
		return sum, err
	}
	captures = withOriginals(captures)
	listed := len(wr.resources)
	if opts.Rewrite {
		captures, err = wr.rewriteWARC(ctx, src, captures)
	} else {
		err = wr.copyWARCs(ctx, src, captures)
	}
	if err != nil {
		return sum, err
	}
	sum.WARCFiles = len(wr.resources) - listed
	sum.Captures = len(captures)

	var cdxj bytes.Buffer
	if err := archive.WriteCDXJ(&cdxj, captures); err != nil {
		return sum, err
	}
	if err := wr.add(IndexPath, zip.Deflate, bytes.NewReader(cdxj.Bytes())); err != nil {
		return sum, err
	}

	if !pagesFirst {
		if sum.Pages, err = wr.writePages(ctx, pages); err != nil {
			return sum, err
		}
	}

	dp := DataPackage{
		Profile:     "data-package",
		WACZVersion: Version,
		Title:       opts.Title,
		Created:     opts.Created.UTC().Format(time.RFC3339),
		Software:    opts.Software,
		Resources:   wr.resources,
	}
	dpJSON, err := json.MarshalIndent(dp, "", "  ")
	if err != nil {
		return sum, fmt.Errorf("wacz: datapackage.json: %w", err)
	}
	if err := wr.add(DataPackagePath, zip.Deflate, bytes.NewReader(dpJSON)); err != nil {
		return sum, err
	}
	digest := sha256.Sum256(dpJSON)
	dgJSON, err := json.MarshalIndent(Digest{Path: DataPackagePath, Hash: "sha256:" + hex.EncodeToString(digest[:])}, "", "  ")
	if err != nil {
		return sum, fmt.Errorf("wacz: datapackage-digest.json: %w", err)
	}
	if err := wr.addUnlisted(DigestPath, zip.Deflate, bytes.NewReader(dgJSON)); err != nil {
		return sum, err
	}
	if err := zw.Close(); err != nil {
		return sum, fmt.Errorf("wacz: finish zip: %w", err)
	}
	return sum, nil
}

// writePages streams pages/pages.jsonl into the ZIP and returns how many
// pages it listed.
func (wr *writer) writePages(ctx context.Context, pages iter.Seq2[Page, error]) (int, error) {
	fw, err := wr.zw.CreateHeader(&zip.FileHeader{Name: PagesPath, Method: zip.Deflate, Modified: wr.created})
	if err != nil {
		return 0, fmt.Errorf("wacz: add %s: %w", PagesPath, err)
	}
	h := sha256.New()
	cw := &countingWriter{w: io.MultiWriter(fw, h)}
	enc := json.NewEncoder(cw)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(pagesHeader{Format: "json-pages-1.0", ID: "pages", Title: "All Pages", HasText: true}); err != nil {
		return 0, fmt.Errorf("wacz: write %s: %w", PagesPath, err)
	}
	n := 0
	if pages != nil {
		for p, err := range pages {
			if err != nil {
				return n, err
			}
			if err := ctx.Err(); err != nil {
				return n, err
			}
			p.TS = p.TS.UTC()
			if err := enc.Encode(p); err != nil {
				return n, fmt.Errorf("wacz: page %s: %w", p.URL, err)
			}
			n++
		}
	}
	wr.resources = append(wr.resources, resource(PagesPath, h, cw.n))
	return n, nil
}

type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// writer adds members to the ZIP and lists them as resources.
type writer struct {
	zw        *zip.Writer
	created   time.Time
	resources []Resource
}

// add writes one member, hashing it for datapackage.json.
func (wr *writer) add(name string, method uint16, r io.Reader) error {
	h := sha256.New()
	n, err := wr.write(name, method, io.TeeReader(r, h))
	if err != nil {
		return err
	}
	wr.resources = append(wr.resources, resource(name, h, n))
	return nil
}

func resource(name string, h hash.Hash, n int64) Resource {
	return Resource{Name: pathBase(name), Path: name, Hash: "sha256:" + hex.EncodeToString(h.Sum(nil)), Bytes: n}
}

// addUnlisted writes a member that datapackage.json does not list.
func (wr *writer) addUnlisted(name string, method uint16, r io.Reader) error {
	_, err := wr.write(name, method, r)
	return err
}

func (wr *writer) write(name string, method uint16, r io.Reader) (int64, error) {
	fw, err := wr.zw.CreateHeader(&zip.FileHeader{Name: name, Method: method, Modified: wr.created})
	if err != nil {
		return 0, fmt.Errorf("wacz: add %s: %w", name, err)
	}
	n, err := io.Copy(fw, r)
	if err != nil {
		return n, fmt.Errorf("wacz: add %s: %w", name, err)
	}
	return n, nil
}

// withOriginals returns the captures with the originals of their revisit
// records added (a revisit cannot be replayed or re-imported without the
// record holding its payload), each capture once, records holding a
// payload before the revisits that refer to them.
func withOriginals(captures []archive.Capture) []archive.Capture {
	type pos struct {
		file   string
		offset int64
	}
	seen := map[pos]bool{}
	var full, revisits []archive.Capture
	keep := func(c archive.Capture) {
		if p := (pos{c.File, c.Offset}); !seen[p] {
			seen[p] = true
			if c.Original != nil {
				revisits = append(revisits, c)
			} else {
				full = append(full, c)
			}
		}
	}
	for _, c := range captures {
		keep(c)
	}
	for _, c := range revisits {
		keep(*c.Original)
	}
	return append(full, revisits...)
}

// copyWARCs copies every WARC file that holds one of the captures whole.
func (wr *writer) copyWARCs(ctx context.Context, src WARCOpener, captures []archive.Capture) error {
	var files []string
	for _, c := range captures {
		if !slices.Contains(files, c.File) {
			files = append(files, c.File)
		}
	}
	slices.Sort(files)
	for _, name := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		f, err := src.OpenWARC(name)
		if err != nil {
			return fmt.Errorf("wacz: %w", err)
		}
		err = wr.add(ArchiveDir+name, zip.Store, f)
		f.Close()
		if err != nil {
			return err
		}
	}
	return nil
}

// rewriteWARC copies the captures' records, each with the request record
// written right after it if there is one, into one new WARC file and
// returns the captures with their positions in it. Each record of a
// gzip-per-record file is a gzip member of its own, so the members can
// simply be concatenated.
func (wr *writer) rewriteWARC(ctx context.Context, src WARCOpener, captures []archive.Capture) ([]archive.Capture, error) {
	name := ArchiveDir + rewrittenWARCName
	fw, err := wr.zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Store, Modified: wr.created})
	if err != nil {
		return nil, fmt.Errorf("wacz: add %s: %w", name, err)
	}
	h := sha256.New()
	out := io.MultiWriter(fw, h)
	var offset int64
	moved := make([]archive.Capture, 0, len(captures))
	open := map[string]*os.File{}
	defer func() {
		for _, f := range open {
			f.Close()
		}
	}()
	for _, c := range captures {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if c.Length <= 0 {
			return nil, fmt.Errorf("wacz: capture of %s in %s has no record length", c.URL, c.File)
		}
		f, ok := open[c.File]
		if !ok {
			if f, err = src.OpenWARC(c.File); err != nil {
				return nil, fmt.Errorf("wacz: %w", err)
			}
			open[c.File] = f
		}
		n, err := io.Copy(out, io.NewSectionReader(f, c.Offset, c.Length))
		if err == nil && n != c.Length {
			err = fmt.Errorf("%s ends before the record at %d", c.File, c.Offset)
		}
		if err != nil {
			return nil, fmt.Errorf("wacz: copy record of %s: %w", c.URL, err)
		}
		next := c.Offset + c.Length
		c.File, c.Offset = rewrittenWARCName, offset
		offset += n
		moved = append(moved, c)

		// The request record that fetched it, if the archive wrote one
		// right after it, goes along (it is not in the capture index).
		if m := requestAfter(f, next, c.RecordID); m > 0 {
			n, err := io.Copy(out, io.NewSectionReader(f, next, m))
			if err != nil {
				return nil, fmt.Errorf("wacz: copy request record of %s: %w", c.URL, err)
			}
			offset += n
		}
	}
	wr.resources = append(wr.resources, resource(name, h, offset))
	return moved, nil
}

// maxRequestRecord bounds the request record requestAfter looks at.
const maxRequestRecord = 1 << 20

// requestAfter returns the length of the gzip member at offset in f when it
// holds a WARC request record concurrent to the record id, and 0 otherwise.
func requestAfter(f io.ReaderAt, offset int64, id string) int64 {
	if id == "" {
		return 0
	}
	cr := &countio.Reader{R: io.NewSectionReader(f, offset, maxRequestRecord)}
	br := bufio.NewReader(cr)
	zr, err := gzip.NewReader(br)
	if err != nil {
		return 0
	}
	zr.Multistream(false)
	rec, err := io.ReadAll(io.LimitReader(zr, maxRequestRecord))
	if err != nil {
		return 0
	}
	head, _, _ := bytes.Cut(rec, []byte("\r\n\r\n"))
	if !bytes.Contains(head, []byte("\r\nWARC-Type: request\r\n")) ||
		!bytes.Contains(head, []byte("\r\nWARC-Concurrent-To: <"+id+">")) {
		return 0
	}
	// A bufio.Reader is an io.ByteReader, so gzip read no further than
	// the member's end; what is still buffered lies beyond it.
	return cr.N - int64(br.Buffered())
}

func pathBase(p string) string {
	for i := len(p) - 1; i >= 0; i-- {
		if p[i] == '/' {
			return p[i+1:]
		}
	}
	return p
}

// ErrNotWACZ is returned by Open for a ZIP with neither datapackage.json
// nor WARC files under archive/.
var ErrNotWACZ = errors.New("wacz: not a WACZ file (neither datapackage.json nor WARC files under archive/)")
