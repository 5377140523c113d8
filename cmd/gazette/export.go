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
	a, err := openExportSource(*dataDir)
	if err != nil {
		return err
	}
	defer a.Close()
	logRepairs(newLogger(stderr), a.archive)

	start := time.Now()
	sel, err := selectExport(ctx, a, *query)
	if err != nil {
		return err
	}
	report := stdout
	if *cdxj != "" {
		if err := writeCDXJFile(*cdxj, stdout, sel.captures); err != nil {
			return err
		}
		if *cdxj == "-" {
			report = stderr // keep standard output pure CDXJ
		} else {
			fmt.Fprintf(report, "Wrote %s: %d captures.\n", *cdxj, len(sel.captures))
		}
	}
	if *out == "" {
		return nil
	}
	opts := wacz.Options{Title: *title, Software: "Gazette", Rewrite: *query != ""}
	if opts.Title == "" {
		opts.Title = "Gazette export"
		if *query != "" {
			opts.Title += ": " + *query
		}
	}
	sum, err := writeWACZFile(ctx, *out, a.archive, sel, opts)
	if err != nil {
		return err
	}
	fmt.Fprintf(report, "Wrote %s in %s: %d pages, %d captures, %d WARC files.\n",
		*out, time.Since(start).Round(time.Millisecond), sum.Pages, sum.Captures, sum.WARCFiles)
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

func openExportSource(dir string) (*exportSource, error) {
	if _, err := os.Stat(dir); err != nil {
		return nil, fmt.Errorf("data dir: %w", err)
	}
	store, err := archive.Open(filepath.Join(dir, "archive"))
	if err != nil {
		return nil, fmt.Errorf("archive: %w", err)
	}
	idx, err := search.Open(filepath.Join(dir, "index"))
	if err != nil {
		store.Close()
		return nil, fmt.Errorf("search index: %w", err)
	}
	return &exportSource{archive: store, index: idx}, nil
}

func (a *exportSource) Close() error {
	return errors.Join(a.index.Close(), a.archive.Close())
}

// exportSet is what goes into a WACZ: captures (index entries) and pages,
// which are read from the index one by one as the WACZ is written.
type exportSet struct {
	captures []archive.Capture
	pages    iter.Seq2[wacz.Page, error]
}

// selectExport chooses what to export. Without a query: every capture in
// the archive and every article in the index. With one: the articles
// matching it and every capture of the URLs they were captured at (their
// sources, as the index keeps them).
func selectExport(ctx context.Context, a *exportSource, query string) (exportSet, error) {
	docs, err := matchingHits(ctx, a.index, query)
	if err != nil {
		return exportSet{}, err
	}
	if query != "" && len(docs) == 0 {
		return exportSet{}, fmt.Errorf("no article matches %q", query)
	}
	return selectArticles(ctx, a, docs, query == "")
}

// selectArticles chooses the captures and pages of the given articles:
// with all, every capture in the archive; without, every capture of the
// URLs the articles were captured at (their sources, as the index keeps
// them).
func selectArticles(ctx context.Context, a *exportSource, docs []search.Hit, all bool) (exportSet, error) {
	var set exportSet
	set.pages = func(yield func(wacz.Page, error) bool) {
		for _, h := range docs {
			d, err := a.index.Get(h.ID)
			if err != nil {
				yield(wacz.Page{}, fmt.Errorf("article %s: %w", h.ID, err))
				return
			}
			p := wacz.Page{ID: d.ID, URL: d.URL, TS: d.Captured, Title: d.Title, Text: d.Text}
			if len(d.Sources) > 0 {
				// The capture the article was read from.
				p.URL, p.TS = d.Sources[0].URL, d.Sources[0].Time
			}
			if !yield(p, nil) {
				return
			}
		}
	}
	if all {
		err := a.archive.All(ctx, func(c archive.Capture) error {
			set.captures = append(set.captures, c)
			return nil
		})
		return set, err
	}
	seen := map[string]bool{}
	for _, h := range docs {
		d, err := a.index.Get(h.ID)
		if err != nil {
			return set, fmt.Errorf("article %s: %w", h.ID, err)
		}
		for _, u := range sourceURLs(d) {
			if seen[u] {
				continue
			}
			seen[u] = true
			cs, err := a.archive.Captures(u)
			if err != nil {
				return set, err
			}
			set.captures = append(set.captures, cs...)
		}
	}
	return set, nil
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

// matchingHits returns every article matching query ("" matches all),
// oldest first.
func matchingHits(ctx context.Context, ix *search.Index, query string) ([]search.Hit, error) {
	const size = 100
	var hits []search.Hit
	for page := 1; ; page++ {
		res, err := ix.Search(ctx, search.Request{Query: query, Page: page, Size: size, Sort: "oldest"})
		if err != nil {
			return nil, fmt.Errorf("search %q: %w", query, err)
		}
		hits = append(hits, res.Hits...)
		if len(res.Hits) < size || uint64(len(hits)) >= res.Total {
			return hits, nil
		}
	}
}

// waczExporter writes the WACZ of a search's articles for the web UI and
// API (web.Config.ExportWACZ), as `export --wacz --query` does: the
// articles' captures are copied into one new WARC file. The captures are
// selected before the first byte is written.
func waczExporter(a *app) web.WACZExporter {
	src := &exportSource{archive: a.archive, index: a.index}
	return func(ctx context.Context, w io.Writer, articles []search.Hit, title string) error {
		set, err := selectArticles(ctx, src, articles, false)
		if err != nil {
			return err
		}
		_, err = wacz.Write(ctx, w, a.archive, set.captures, set.pages, wacz.Options{Title: title, Software: "Gazette", Rewrite: true})
		return err
	}
}

// writeWACZFile writes the WACZ to path (see writeAtomically).
func writeWACZFile(ctx context.Context, path string, src wacz.WARCOpener, set exportSet, opts wacz.Options) (wacz.Summary, error) {
	var sum wacz.Summary
	err := writeAtomically(path, func(w io.Writer) error {
		var err error
		sum, err = wacz.Write(ctx, w, src, set.captures, set.pages, opts)
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
