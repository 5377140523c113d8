package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"iter"
	"os"
	"path/filepath"
	"time"

	"github.com/gazette-news/gazette/archive"
	"github.com/gazette-news/gazette/archive/wacz"
	"github.com/gazette-news/gazette/search"
	"github.com/gazette-news/gazette/web"
)

func cmdExport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := newFlags("export", stderr)
	dataDir := fl.String("data", defaultDataDir, "data directory (archive and index)")
	out := fl.String("wacz", "", "write a WACZ file to this path")
	cdxj := fl.String("cdxj", "", `write the capture index as CDXJ to this path ("-" for standard output); filenames are relative to DATA/archive/warc`)
	query := fl.String("query", "", "export only the captures of articles matching this search query")
	title := fl.String("title", "", "collection title (default: Gazette export and the query)")
	fl.Usage = func() {
		fmt.Fprintln(stderr, "Usage: gazette export (--wacz FILE | --cdxj FILE) [--data DIR] [--query Q] [--title T]\n\nWrites the archive (or the captures of the articles matching Q) as a WACZ\nthat ReplayWeb.page and pywb can open and `gazette import` reads back,\nor its capture index as CDXJ.")
		fl.PrintDefaults()
	}
	if err := parseFlags(fl, args); err != nil {
		return err
	}
	if *out == "" && *cdxj == "" {
		return usageError{"--wacz FILE or --cdxj FILE is required"}
	}
	if fl.NArg() > 0 {
		return usageError{fmt.Sprintf("unexpected argument %q", fl.Arg(0))}
	}
	a, err := openExportSource(*dataDir, search.Options{})
	if err != nil {
		return err
	}
	defer a.Close()
	logRepairs(newLogger(stderr), a.archive)
	return runExport(ctx, a, exportJob{wacz: *out, cdxj: *cdxj, query: *query, title: *title}, stdout, stderr)
}

// exportJob is what `gazette export` is asked to write.
type exportJob struct {
	wacz  string // the WACZ file; "" for none
	cdxj  string // the CDXJ file, "-" for standard output; "" for none
	query string // "" exports everything
	title string // the WACZ's title; "" for Gazette's
}

// runExport writes the files of job from a, reporting on stdout (stderr
// when the CDXJ goes to standard output).
func runExport(ctx context.Context, a *exportSource, job exportJob, stdout, stderr io.Writer) error {
	start := time.Now()
	sel := newSelection(a, job.query)
	report := stdout
	if job.cdxj == "-" {
		report = stderr // keep standard output pure CDXJ
	}
	if job.wacz != "" {
		opts := wacz.Options{Title: job.title, Software: "Gazette", Rewrite: job.query != ""}
		if opts.Title == "" {
			opts.Title = "Gazette export"
			if job.query != "" {
				opts.Title += ": " + job.query
			}
		}
		sum, err := writeWACZFile(ctx, job.wacz, a.archive, sel, opts)
		if err != nil {
			return err
		}
		fmt.Fprintf(report, "Wrote %s in %s: %d pages, %d captures, %d WARC files.\n",
			job.wacz, time.Since(start).Round(time.Millisecond), sum.Pages, sum.Captures, sum.WARCFiles)
	}
	if job.cdxj != "" {
		// After a WACZ, the captures it selected; else they are selected
		// now.
		captures, err := sel.captures(ctx)
		if err != nil {
			return err
		}
		if err := writeCDXJFile(job.cdxj, stdout, captures); err != nil {
			return err
		}
		if job.cdxj != "-" {
			fmt.Fprintf(report, "Wrote %s: %d captures.\n", job.cdxj, len(captures))
		}
	}
	return nil
}

// writeCDXJFile writes captures as CDXJ to path, or to stdout for "-".
func writeCDXJFile(path string, stdout io.Writer, captures []archive.Capture) error {
	if path == "-" {
		return archive.WriteCDXJ(stdout, captures)
	}
	return writeAtomically(path, func(w io.Writer) error { return archive.WriteCDXJ(w, captures) })
}

// exportSource is a data directory opened for export: the archive and the
// index, without the gazetteer (exporting recognises no places).
type exportSource struct {
	archive *archive.Store
	index   *search.Index
}

// openExportSource opens the data directory dir, its index with opts
// (tests give it a small window).
func openExportSource(dir string, opts search.Options) (*exportSource, error) {
	if _, err := os.Stat(dir); err != nil {
		return nil, fmt.Errorf("data dir: %w", err)
	}
	store, err := archive.Open(filepath.Join(dir, "archive"))
	if err != nil {
		return nil, fmt.Errorf("archive: %w", err)
	}
	idx, err := search.OpenWith(filepath.Join(dir, "index"), opts)
	if err != nil {
		store.Close()
		return nil, fmt.Errorf("search index: %w", err)
	}
	return &exportSource{archive: store, index: idx}, nil
}

func (a *exportSource) Close() error {
	return errors.Join(a.index.Close(), a.archive.Close())
}

// selection is what an export holds. Without a query: every article in
// the index and every capture in the archive. With one: the articles
// matching it, however many (search.Index.Each has no window), and every
// capture of the URLs they were captured at (their sources, as the index
// keeps them).
//
// Each article is read from the index once, oldest first, as pages goes
// through them, and only its source URLs are kept: the captures of a
// query's articles are known once pages has gone through every one, which
// is why the WACZ is written pages first (wacz.WritePagesFirst). What an
// export holds in memory per article is its URLs and their captures' index
// entries, never its text.
type selection struct {
	src   *exportSource
	query string
	read  bool   // pages went through every article
	found int    // articles pages went through
	urls  urlSet // their source URLs (with a query)
	// selected is what captures returned, once it has.
	selected []archive.Capture
	done     bool
}

func newSelection(src *exportSource, query string) *selection {
	return &selection{src: src, query: query}
}

// errStop ends a search.Index.Each whose pages are no longer wanted.
var errStop = errors.New("stop")

// pages reads the articles from the index one by one as pages of the
// WACZ, keeping their source URLs for captures.
func (s *selection) pages(ctx context.Context) iter.Seq2[wacz.Page, error] {
	return func(yield func(wacz.Page, error) bool) {
		s.found, s.urls = 0, urlSet{}
		err := s.src.index.Each(ctx, search.Request{Query: s.query}, func(d search.Doc) error {
			s.found++
			if s.query != "" {
				s.urls.add(d)
			}
			if !yield(pageOf(d), nil) {
				return errStop
			}
			return nil
		})
		switch {
		case errors.Is(err, errStop):
		case err != nil:
			yield(wacz.Page{}, fmt.Errorf("search %q: %w", s.query, err))
		default:
			s.read = true
		}
	}
}

// captures returns the captures to export (their index entries, in the
// data directory's WARC files), going through the articles first if pages
// has not. A query that matches no article is an error.
func (s *selection) captures(ctx context.Context) ([]archive.Capture, error) {
	if s.done {
		return s.selected, nil
	}
	if s.query == "" {
		err := s.src.archive.All(ctx, func(c archive.Capture) error {
			s.selected = append(s.selected, c)
			return nil
		})
		s.done = err == nil
		return s.selected, err
	}
	if !s.read {
		for _, err := range s.pages(ctx) {
			if err != nil {
				return nil, err
			}
		}
	}
	if s.found == 0 {
		return nil, fmt.Errorf("no article matches %q", s.query)
	}
	var err error
	if s.selected, err = capturesAt(s.src.archive, s.urls.list); err != nil {
		return nil, err
	}
	s.done = true
	return s.selected, nil
}

// urlSet is the URLs some articles were captured at, each once, in the
// order met.
type urlSet struct {
	list []string
	seen map[string]bool
}

// add adds the URLs article d was captured at.
func (u *urlSet) add(d search.Doc) {
	if u.seen == nil {
		u.seen = map[string]bool{}
	}
	for _, url := range sourceURLs(d) {
		if !u.seen[url] {
			u.seen[url] = true
			u.list = append(u.list, url)
		}
	}
}

// capturesAt returns every capture of the URLs, URL by URL.
func capturesAt(store *archive.Store, urls []string) ([]archive.Capture, error) {
	var out []archive.Capture
	for _, u := range urls {
		cs, err := store.Captures(u)
		if err != nil {
			return nil, err
		}
		out = append(out, cs...)
	}
	return out, nil
}

// pageOf is the WACZ page of an article: its text, with the URL and time
// of the capture it was read from.
func pageOf(d search.Doc) wacz.Page {
	p := wacz.Page{ID: d.ID, URL: d.URL, TS: d.Captured, Title: d.Title, Text: d.Text}
	if len(d.Sources) > 0 {
		p.URL, p.TS = d.Sources[0].URL, d.Sources[0].Time
	}
	return p
}

// sourceURLs are the URLs an article was captured at: its sources, or its
// own URL for an article indexed without them.
func sourceURLs(d search.Doc) []string {
	if len(d.Sources) == 0 {
		return []string{d.URL}
	}
	urls := make([]string, 0, len(d.Sources))
	for _, s := range d.Sources {
		urls = append(urls, s.URL)
	}
	return urls
}

// waczExporter writes the WACZ of a search's articles for the web UI and
// API (web.Config.ExportWACZ), as `export --wacz --query` does: the
// articles' captures are copied into one new WARC file. The captures are
// selected before the first byte is written, so that a failure to select
// is still an error response; each article is read from the index twice
// for it, for its captures and then for its page, which the web's export
// limit bounds (at most 10,000 articles: see web/export.go).
func waczExporter(a *app) web.WACZExporter {
	return func(ctx context.Context, w io.Writer, articles []search.Hit, title string) error {
		var urls urlSet
		for _, h := range articles {
			d, err := a.index.Get(h.ID)
			if err != nil {
				return fmt.Errorf("article %s: %w", h.ID, err)
			}
			urls.add(d)
		}
		captures, err := capturesAt(a.archive, urls.list)
		if err != nil {
			return err
		}
		pages := func(yield func(wacz.Page, error) bool) {
			for _, h := range articles {
				d, err := a.index.Get(h.ID)
				if err != nil {
					yield(wacz.Page{}, fmt.Errorf("article %s: %w", h.ID, err))
					return
				}
				if !yield(pageOf(d), nil) {
					return
				}
			}
		}
		_, err = wacz.Write(ctx, w, a.archive, captures, pages, wacz.Options{Title: title, Software: "Gazette", Rewrite: true})
		return err
	}
}

// writeWACZFile writes the WACZ of sel to path (see writeAtomically),
// pages first.
func writeWACZFile(ctx context.Context, path string, src wacz.WARCOpener, sel *selection, opts wacz.Options) (wacz.Summary, error) {
	var sum wacz.Summary
	err := writeAtomically(path, func(w io.Writer) error {
		var err error
		sum, err = wacz.WritePagesFirst(ctx, w, src, sel.pages(ctx), func() ([]archive.Capture, error) { return sel.captures(ctx) }, opts)
		return err
	})
	return sum, err
}

// writeAtomically writes a file through a temporary file beside path,
// renamed into place once complete, so that a failed export leaves no
// half-written file.
func writeAtomically(path string, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	defer os.Remove(tmp.Name()) // fails harmlessly after the rename
	err = tmp.Chmod(0o644)
	if err == nil {
		err = write(tmp)
	}
	if err == nil {
		err = tmp.Sync()
	}
	err = errors.Join(err, tmp.Close())
	if err != nil {
		return fmt.Errorf("export %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return nil
}
