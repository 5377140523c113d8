package main

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"slices"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/gazette-news/gazette/archive"
	"github.com/gazette-news/gazette/archive/importer"
	"github.com/gazette-news/gazette/cmd/gazette/demo"
	"github.com/gazette-news/gazette/indexer"
	"github.com/gazette-news/gazette/search"
)

// cmdBench measures Gazette on this machine, in a temporary data directory
// (the user's data is never touched): how fast pages are archived, cleaned,
// geotagged and indexed, and how fast searches with facets answer over an
// index of news size.
func cmdBench(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := newFlags("bench", stderr)
	repeat := fl.Int("repeat", 500, "for the search part, index every article this many times under new ids")
	rounds := fl.Int("rounds", 30, "times each query is run")
	generate := fl.Int("generate", 0, "write a generated corpus of this many articles (WARC files) into DIR and stop")
	seed := fl.Uint64("seed", 1, "seed of the generated corpus: the same seed gives the same bytes")
	articles := fl.Int("articles", 0, "compare Gazette with the SQLite FTS5 peer on a generated corpus of this many articles")
	clients := fl.Int("clients", 8, "with --articles: concurrent search clients")
	perKind := fl.Int("per-kind", 100, "with --articles: requests of each query kind, all distinct")
	warmUp := fl.Int("warmup", 20, "with --articles: before the measured requests, this many of each kind that none of them repeats, not measured (0: measure a server just started)")
	duration := fl.Duration("duration", 5*time.Minute, "with --articles: the most time each side's query run may take")
	corpusDir := fl.String("corpus", "", "with --articles: a corpus written by --generate (default: generate one in the working directory)")
	work := fl.String("work", "", "with --articles: working directory, kept; a second run reuses its corpus and imports (default: a temporary one)")
	sides := fl.String("sides", "both", "with --articles: both, gazette or peer")
	asJSON := fl.Bool("json", false, "with --articles: print the results as JSON")
	peerFromIndex := fl.Bool("peer-from-index", false, "with --articles: the peer inserts the articles Gazette extracted instead of extracting the pages again (for large corpora; its ingest rate is then of inserting only)")
	fl.Usage = func() {
		fmt.Fprintln(stderr, "Usage: gazette bench --articles N [--clients N] [--per-kind N] [--warmup N] [--duration D] [--json] [--work DIR]\n"+
			"       gazette bench --generate N [--seed S] DIR\n"+
			"       gazette bench [--repeat N] [--rounds N] [PATH...]\n\n"+
			"With --articles, generates a corpus of N news pages, imports it with `gazette import` and\n"+
			"serves it with `gazette serve`, does the same with an SQLite FTS5 peer, sends both the same\n"+
			"mix of distinct searches from concurrent clients over HTTP, and prints both sides and their\n"+
			"ratios: ingest rate, index size, memory, first-search and per-kind latency.\n"+
			"With --generate, writes a deterministic corpus of N news pages in English, Russian and\n"+
			"Ukrainian from 60 sites over ten years as WARC files into DIR.\n"+
			"Otherwise measures each ingest stage over the pages in PATH (WARC, WACZ, HTML, text;\n"+
			"default: the bundled demo archive), then query latency over an index of those articles\n"+
			"repeated --repeat times. Works in a temporary directory.")
		fl.PrintDefaults()
	}
	if err := parseFlags(fl, args); err != nil {
		return err
	}
	if *generate != 0 {
		if *generate < 1 || fl.NArg() != 1 {
			return usageError{"--generate needs a positive number of articles and one DIR"}
		}
		return generateCorpus(ctx, *seed, *generate, fl.Arg(0), stdout, newStatusLine(stderr))
	}
	if *articles != 0 {
		switch {
		case *articles < 1 || *clients < 1 || *perKind < 1 || *duration <= 0:
			return usageError{"--articles, --clients, --per-kind and --duration must be positive"}
		case *warmUp < 0:
			return usageError{"--warmup must not be negative"}
		case *sides != "both" && *sides != "gazette" && *sides != "peer":
			return usageError{"--sides: want both, gazette or peer"}
		case fl.NArg() > 0:
			return usageError{"--articles takes no PATH"}
		}
		return benchCompare(ctx, compareOptions{articles: *articles, seed: *seed, corpus: *corpusDir, work: *work,
			clients: *clients, perKind: *perKind, warmUp: *warmUp, duration: *duration, sides: *sides, json: *asJSON,
			peerFromIndex: *peerFromIndex, self: selfCommand}, stdout, stderr)
	}
	if *repeat < 1 || *rounds < 1 {
		return fmt.Errorf("--repeat and --rounds must be at least 1")
	}

	var fsys fs.FS = demo.Files
	paths, source := []string{"files"}, "the bundled demo archive"
	if fl.NArg() > 0 {
		fsys, paths, source = importer.OSFS(), fl.Args(), fmt.Sprintf("%d path(s)", fl.NArg())
	}
	captures, err := readCaptures(fsys, paths)
	if err != nil {
		return err
	}
	if len(captures) == 0 {
		return fmt.Errorf("no pages to measure in %s", source)
	}
	dir, err := os.MkdirTemp("", "gazette-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	a, err := openApp(ctx, dir, nil)
	if err != nil {
		return err
	}
	defer a.Close()

	fmt.Fprintf(stdout, "Gazette bench: %d pages from %s, in %s\n\n", len(captures), source, dir)
	docs, err := benchIngest(ctx, a, captures, stdout)
	if err != nil {
		return err
	}
	if len(docs) == 0 {
		return fmt.Errorf("no article was extracted from %s", source)
	}
	if err := benchBulk(a.index, docs, *repeat, stdout); err != nil {
		return err
	}
	return benchQueries(ctx, a.index, *rounds, stdout)
}

// readCaptures reads every capture of the inputs into memory, so that
// reading files is not part of what is measured.
func readCaptures(fsys fs.FS, paths []string) ([]archive.Capture, error) {
	files, _, err := importer.Walk(fsys, paths)
	if err != nil {
		return nil, err
	}
	var out []archive.Capture
	for _, f := range files {
		err := importer.Read(fsys, f, "", func(c archive.Capture) error {
			out = append(out, c)
			return nil
		}, func(error) {})
		if err != nil {
			continue // a broken file is not a page to measure
		}
	}
	return out, nil
}

// stage accumulates the time one stage of ingest took.
type stage struct {
	name  string
	total time.Duration
	n     int
}

func (s *stage) time(f func()) {
	start := time.Now()
	f()
	s.total += time.Since(start)
	s.n++
}

// benchIngest runs every capture through the stages of import one by one
// (archive, clean, places, index) and prints the time of each. It returns
// the documents indexed.
func benchIngest(ctx context.Context, a *app, captures []archive.Capture, out io.Writer) ([]search.Doc, error) {
	st := []*stage{{name: "archive (WARC + capture index)"}, {name: "clean (decode, extract, metadata)"},
		{name: "places"}, {name: "index (one document per batch)"}}
	clean := &indexer.Extractor{} // no gazetteer: extraction alone
	var docs []search.Doc
	start := time.Now()
	for _, c := range captures {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		var err error
		st[0].time(func() { _, _, err = a.archive.Add(ctx, c) })
		if err != nil {
			return nil, err
		}
		var art indexer.Article
		st[1].time(func() { art, err = clean.Extract(c) })
		if err != nil {
			continue // no article in this capture
		}
		st[2].time(func() { art.Places = a.places.Find(art.Title + "\n\n" + art.Text) })
		doc := a.extractor.Doc(art)
		st[3].time(func() { err = a.index.Put(doc) })
		if err != nil {
			return nil, err
		}
		docs = append(docs, doc)
	}
	elapsed := time.Since(start)
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "Ingest, stage\tms/page\tpages/s\t\n")
	for _, s := range st {
		fmt.Fprintf(tw, "%s\t%.2f\t%.0f\t\n", s.name, perItem(s.total, s.n), float64(s.n)/s.total.Seconds())
	}
	fmt.Fprintf(tw, "all (%d pages, %d articles)\t%.2f\t%.1f\t\n", len(captures), len(docs),
		perItem(elapsed, len(captures)), float64(len(captures))/elapsed.Seconds())
	if err := tw.Flush(); err != nil {
		return nil, err
	}
	return docs, nil
}

func perItem(d time.Duration, n int) float64 {
	if n == 0 {
		return 0
	}
	return float64(d.Microseconds()) / 1000 / float64(n)
}

// bulkBatch is the batch size of the bulk load (what reindex-sized loads use).
const bulkBatch = 500

// benchBulk indexes the documents repeat times under new ids, in batches,
// and prints the rate.
func benchBulk(ix *search.Index, docs []search.Doc, repeat int, out io.Writer) error {
	start := time.Now()
	batch := make([]search.Doc, 0, bulkBatch)
	n := 0
	for r := 1; r < repeat; r++ {
		for _, d := range docs {
			d.ID = d.ID + "-" + strconv.Itoa(r)
			d.URL = d.URL + "#copy-" + strconv.Itoa(r)
			batch = append(batch, d)
			if len(batch) == bulkBatch {
				if err := ix.Put(batch...); err != nil {
					return err
				}
				n += len(batch)
				batch = batch[:0]
			}
		}
	}
	if err := ix.Put(batch...); err != nil {
		return err
	}
	n += len(batch)
	elapsed := time.Since(start)
	total, err := ix.Count()
	if err != nil {
		return err
	}
	rate := 0.0
	if n > 0 {
		rate = float64(n) / elapsed.Seconds()
	}
	fmt.Fprintf(out, "\nBulk index: %d documents in batches of %d: %.0f documents/s; the index holds %d\n\n", n, bulkBatch, rate, total)
	return nil
}

// benchQuery is one kind of search users run.
type benchQuery struct {
	name string
	req  search.Request
}

func benchQuerySet() []benchQuery {
	day := func(s string) *time.Time { t, _ := time.Parse("2006-01-02", s); return &t }
	return []benchQuery{
		{"everything, all facets", search.Request{}},
		{"one word", search.Request{Query: "bridge"}},
		{"place name in another script", search.Request{Query: "Изюм"}},
		{"phrase", search.Request{Query: `"Kharkiv Oblast"`}},
		{"words, newest first", search.Request{Query: "water supply", Sort: "newest"}},
		{"place filter (region)", search.Request{Places: []string{"UA.07"}}},
		{"word + place + dates", search.Request{Query: "Kupiansk", Places: []string{"UA"}, From: day("2022-09-01"), To: day("2022-12-31")}},
		{"language filter, page 5", search.Request{Langs: []string{"ru"}, Page: 5}},
	}
}

// benchQueries runs each query rounds times and prints the first run's
// latency (facets counted) and percentiles over all runs (later runs of the
// same search reuse its facets, as paging and re-sorting do).
func benchQueries(ctx context.Context, ix *search.Index, rounds int, out io.Writer) error {
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "Search (%d runs each)\thits\tfirst ms\tp50 ms\tp95 ms\tmax ms\t\n", rounds)
	for _, q := range benchQuerySet() {
		times := make([]time.Duration, 0, rounds)
		var hits uint64
		var first time.Duration
		for i := 0; i < rounds; i++ {
			start := time.Now()
			res, err := ix.Search(ctx, q.req)
			if err != nil {
				return fmt.Errorf("query %q: %w", q.name, err)
			}
			times = append(times, time.Since(start))
			hits = res.Total
			if i == 0 {
				first = times[0]
			}
		}
		slices.Sort(times)
		fmt.Fprintf(tw, "%s\t%d\t%.2f\t%.2f\t%.2f\t%.2f\t\n", q.name, hits, ms(first),
			ms(percentile(times, 50)), ms(percentile(times, 95)), ms(times[len(times)-1]))
	}
	return tw.Flush()
}

// percentile returns the p-th percentile of sorted durations (nearest rank).
func percentile(sorted []time.Duration, p int) time.Duration {
	i := (len(sorted)*p + 99) / 100
	return sorted[max(i, 1)-1]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
