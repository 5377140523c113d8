// Package importer turns files users already have — WARC files from wget,
// Heritrix or Browsertrix, saved HTML pages and plain-text dumps — into
// archive captures. It only reads; the caller decides what to do with each
// capture (archive it, index it).
package importer

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"sort"
	"strings"
	"time"

	"golang.org/x/net/html"

	"github.com/gazette-news/gazette/archive"
	"github.com/gazette-news/gazette/internal/countio"
	"github.com/gazette-news/gazette/urlid"
)

// Kind is the kind of input a file holds, chosen by its name.
type Kind int

const (
	Unsupported Kind = iota
	HTML
	Text
	WARC
	WACZ // a WACZ (zipped web archive collection): its WARC files are read
)

// KindOf classifies a file by its extension.
func KindOf(name string) Kind {
	n := strings.ToLower(name)
	switch {
	case strings.HasSuffix(n, ".warc"), strings.HasSuffix(n, ".warc.gz"):
		return WARC
	case strings.HasSuffix(n, ".wacz"):
		return WACZ
	case strings.HasSuffix(n, ".html"), strings.HasSuffix(n, ".htm"), strings.HasSuffix(n, ".xhtml"):
		return HTML
	case strings.HasSuffix(n, ".txt"):
		return Text
	}
	return Unsupported
}

// File is one input file found by Walk.
type File struct {
	Name string // path as shown to the user
	Kind Kind
}

// Walk expands files and folders into the list of input files, sorted by
// name within each folder. Files with unsupported extensions found inside
// folders are returned in skipped with a reason; an unsupported file named
// explicitly is skipped too. A path that does not exist is an error.
func Walk(fsys fs.FS, paths []string) (files []File, skipped []Skip, err error) {
	for _, p := range paths {
		info, err := fs.Stat(fsys, p)
		if err != nil {
			return nil, nil, fmt.Errorf("import %s: %w", p, err)
		}
		if !info.IsDir() {
			if k := KindOf(p); k != Unsupported {
				files = append(files, File{Name: p, Kind: k})
			} else {
				skipped = append(skipped, Skip{Name: p, Reason: "unsupported file type"})
			}
			continue
		}
		var found []File
		err = fs.WalkDir(fsys, p, func(name string, d fs.DirEntry, err error) error {
			if err != nil {
				skipped = append(skipped, Skip{Name: name, Reason: err.Error()})
				return nil
			}
			if d.IsDir() {
				if name != p && strings.HasPrefix(d.Name(), ".") {
					return fs.SkipDir
				}
				return nil
			}
			if strings.HasPrefix(d.Name(), ".") {
				return nil
			}
			if k := KindOf(name); k != Unsupported {
				found = append(found, File{Name: name, Kind: k})
			} else {
				skipped = append(skipped, Skip{Name: name, Reason: "unsupported file type"})
			}
			return nil
		})
		if err != nil {
			return nil, nil, fmt.Errorf("import %s: %w", p, err)
		}
		sort.Slice(found, func(i, j int) bool { return found[i].Name < found[j].Name })
		files = append(files, found...)
	}
	return files, skipped, nil
}

// Skip is an input, or a part of one, that was not imported, and why.
type Skip struct {
	Name   string
	Reason string
}

// Read reads one input file and calls fn for every capture it holds. For a
// WARC, broken records are passed to onError and skipped while the rest are
// read. For a WACZ, every WARC file in it is read that way; a WARC file
// that is damaged (its ZIP CRC-32 does not match) or holds no WARC record
// is passed to onError and skipped whole. An HTML page without a
// canonical URL and a text dump get pageURL, or when it is "" an id of
// their own, urlid.FileID: their base name and a hash of their content
// (of its first archive.MaxInMemory bytes for a larger file), never the
// folders they were imported from.
//
// Nothing larger than archive.MaxInMemory is read into memory: a WARC
// record or a file above it is handed to fn as a stream (Capture.Stream),
// valid until fn returns, for the archive to copy.
func Read(fsys fs.FS, f File, pageURL string, fn func(archive.Capture) error, onError func(error)) error {
	r, err := fsys.Open(f.Name)
	if err != nil {
		return err
	}
	defer r.Close()
	modTime := time.Now().UTC()
	if info, err := r.Stat(); err == nil && !info.ModTime().IsZero() && info.ModTime().Year() > 1990 {
		modTime = info.ModTime().UTC()
	}

	switch f.Kind {
	case WARC:
		return readWARC(r, fn, onError)
	case WACZ:
		return readWACZ(r, fn, onError)
	case HTML, Text:
		body, rest, err := readFile(r)
		if err != nil {
			return err
		}
		if rest == nil && len(bytes.TrimSpace(body)) == 0 {
			return errors.New("empty file")
		}
		if pageURL == "" {
			pageURL = urlid.FileID(f.Name, body)
		}
		c := archive.Capture{URL: pageURL, Time: modTime, Status: 200, Body: body}
		if rest != nil {
			// Too large to hold: archived as a stream, and not
			// extracted.
			c.Body, c.Stream = nil, io.MultiReader(bytes.NewReader(body), rest)
		}
		if f.Kind == HTML {
			c.MIME = "text/html"
			if u := PageURL(body); u != "" {
				c.URL = u
			}
		} else {
			c.MIME = "text/plain"
		}
		return fn(c)
	}
	return fmt.Errorf("unsupported file type")
}

// ErrNoRecords is returned (wrapped) for a WARC file, or a WARC file in a
// WACZ, that holds nothing to import: it is empty, or holds only warcinfo,
// request or metadata records.
var ErrNoRecords = errors.New("empty WARC file")

// readWARC reads a WARC stream with archive.ReadWARC, and returns
// ErrNoRecords when it held neither a capture nor a broken record, so that
// an empty file is reported rather than passed over in silence.
func readWARC(r io.Reader, fn func(archive.Capture) error, onError func(error)) error {
	cr := &countio.Reader{R: r}
	found := false
	err := archive.ReadWARC(bufio.NewReaderSize(cr, 64<<10), func(c archive.Capture) error {
		found = true
		return fn(c)
	}, func(err error) {
		found = true
		onError(err)
	})
	switch {
	case err != nil || found:
		return err
	case cr.N == 0:
		return fmt.Errorf("%w (0 bytes)", ErrNoRecords)
	}
	return fmt.Errorf("%w: no response, resource or revisit record in its %d bytes", ErrNoRecords, cr.N)
}

// readFile reads an HTML or text file, gunzipping one that is
// gzip-compressed despite its name. A file of at most
// archive.MaxInMemory bytes is returned whole in body, with rest nil; of a
// larger one, body holds the first archive.MaxInMemory+1 bytes and rest
// reads the others.
func readFile(r io.Reader) (body []byte, rest io.Reader, err error) {
	in := bufio.NewReader(r)
	var src io.Reader = in
	if magic, _ := in.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(in)
		if err != nil {
			return nil, nil, fmt.Errorf("gzip: %w", err)
		}
		src = zr
	}
	body, err = io.ReadAll(io.LimitReader(src, archive.MaxInMemory+1))
	if err != nil {
		return nil, nil, err
	}
	if len(body) > archive.MaxInMemory {
		return body, src, nil
	}
	return body, nil, nil
}

// PageURL returns the absolute URL a saved HTML page declares for itself:
// <link rel="canonical">, else <meta property="og:url">. It scans only the
// head of the document and returns "" when neither is present or usable.
func PageURL(body []byte) string {
	z := html.NewTokenizer(bytes.NewReader(body))
	var og string
	for {
		switch z.Next() {
		case html.ErrorToken:
			return og
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			tag := string(name)
			if tag == "body" {
				return og
			}
			if !hasAttr || (tag != "link" && tag != "meta") {
				continue
			}
			attrs := map[string]string{}
			for {
				k, v, more := z.TagAttr()
				attrs[strings.ToLower(string(k))] = strings.TrimSpace(string(v))
				if !more {
					break
				}
			}
			if tag == "link" && hasToken(attrs["rel"], "canonical") && absoluteHTTP(attrs["href"]) {
				return attrs["href"]
			}
			if tag == "meta" && og == "" && (attrs["property"] == "og:url" || attrs["name"] == "og:url") && absoluteHTTP(attrs["content"]) {
				og = attrs["content"]
			}
		}
	}
}

func hasToken(list, tok string) bool {
	for _, f := range strings.Fields(strings.ToLower(list)) {
		if f == tok {
			return true
		}
	}
	return false
}

func absoluteHTTP(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// OSFS returns a file system rooted at "/" (or the volume root) together with
// the path translated into it, so Walk and Read can serve command-line paths.
func OSFS() fs.FS { return rootFS{} }

type rootFS struct{}

func (rootFS) Open(name string) (fs.File, error)     { return os.Open(name) }
func (rootFS) Stat(name string) (fs.FileInfo, error) { return os.Stat(name) }

// Digest returns the SHA-256 of a file's content, in hex: the name under
// which the archive's ledger of imported files (archive.Store.Imported)
// knows a file read whole before, wherever it lies now and whatever it is
// called.
func Digest(fsys fs.FS, name string) (string, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", fmt.Errorf("read %s: %w", name, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// Container reports whether a kind of file holds many captures (a WARC or
// a WACZ): the files worth a ledger entry, as reading one again costs a
// lookup per record.
func (k Kind) Container() bool { return k == WARC || k == WACZ }
