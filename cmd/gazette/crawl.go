package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"time"

	"github.com/gazette-news/gazette/archive/crawl"
	"github.com/gazette-news/gazette/urlid"
)

func cmdCrawl(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := newFlags("crawl", stderr)
	dataDir := fl.String("data", defaultDataDir, "data directory (archive and index)")
	depth := fl.Int("depth", 2, "links to follow from a seed page, sitemap entry or feed item")
	maxPages := fl.Int("max-pages", 0, "stop after fetching this many responses (0: no limit)")
	scope := fl.String("scope", "host", "which links to follow: host, domain or prefix (of the seeds)")
	allowPrivate := fl.Bool("allow-private", false, "allow loopback, private and link-local addresses")
	contact := fl.String("contact", "", "URL or e-mail address for site owners, sent in the User-Agent")
	delay := fl.Duration("delay", time.Second, "pause between two requests to the same host (robots.txt Crawl-delay can raise it)")
	timeout := fl.Duration("timeout", crawl.DefaultTimeout, "timeout of one request")
	maxBody := fl.Int64("max-body", crawl.DefaultMaxBodySize, "largest response body in bytes")
	workers := fl.Int("workers", crawl.DefaultWorkers, "hosts crawled at the same time (one connection each)")
	recrawl := fl.Bool("recrawl", false, "fetch archived URLs again, conditionally (If-None-Match, If-Modified-Since); changed pages get a new capture")
	fl.Usage = func() {
		fmt.Fprintln(stderr, "Usage: gazette crawl [--data DIR] [--depth N] [--max-pages N] [--scope host|domain|prefix] [--allow-private] [--recrawl] URL...\n\n"+
			"Crawls from seed URLs (pages, sitemaps, RSS/Atom feeds), archiving every response and\n"+
			"indexing the articles. Stopped crawls resume when the same command is run again.")
		fl.PrintDefaults()
	}
	if err := parseFlags(fl, args); err != nil {
		return err
	}
	if fl.NArg() == 0 {
		return usageError{"no URL given"}
	}
	sc, err := crawl.ParseScope(*scope)
	if err != nil {
		return usageError{err.Error()}
	}
	if *depth < 0 || *maxPages < 0 {
		return usageError{"--depth and --max-pages cannot be negative"}
	}
	for _, u := range fl.Args() {
		if _, err := urlid.Canonical(u); err != nil {
			return usageError{err.Error()}
		}
	}
	a, err := openApp(ctx, *dataDir, stderr)
	if err != nil {
		return err
	}
	defer a.Close()
	if !*recrawl {
		if err := rememberCrawl(*dataDir, crawlDef{Seeds: fl.Args(), Depth: *depth, MaxPages: *maxPages, Scope: string(sc)}); err != nil {
			fmt.Fprintf(stderr, "warning: could not remember the crawl for `serve --recrawl-every`: %v\n", err)
		}
	}

	prog := newStatusLine(stderr)
	cfg := crawl.Config{
		Archive: hookedArchive{a.archive, a.crash}, Index: crawlIndexer{a.ingest}, StateDir: filepath.Join(*dataDir, "crawl"),
		Depth: *depth, MaxPages: *maxPages, Scope: sc, AllowPrivate: *allowPrivate,
		Contact: *contact, Delay: *delay, Timeout: *timeout, MaxBodySize: *maxBody, Workers: *workers, Recrawl: *recrawl,
		Logger: slog.New(slog.NewTextHandler(prog, &slog.HandlerOptions{Level: slog.LevelWarn})),
		Progress: func(s crawl.Stats) {
			prog.show(fmt.Sprintf("fetched %d · queued %d · archived %d · indexed %d · errors %d · %.1f pages/s",
				s.Fetched, s.Queued, s.Archived, s.Indexed, s.Errors, s.PagesPerSecond()))
		},
	}
	st, err := crawl.Run(ctx, cfg, fl.Args())
	if err == nil {
		// What the crawl archived besides pages (robots.txt, sitemaps,
		// feeds, redirects) moves the index's mark along too.
		_, err = a.ingest.CatchUp(ctx, nil)
	}
	prog.done()
	fmt.Fprintf(stdout, "Crawled for %s: %d fetched (%.1f pages/s), %d archived, %d unchanged, %d articles indexed, %d listings followed, %d taken from the archive, "+
		"%d blocked by robots.txt, %d waiting for an unreachable robots.txt, %d refused (address not public), %d errors; %d queued.\n",
		st.Elapsed.Round(time.Millisecond), st.Fetched, st.PagesPerSecond(), st.Archived, st.Unchanged, st.Indexed,
		st.Listings, st.FromArchive, st.Blocked, st.RobotsUnreachable, st.Refused, st.Errors, st.Queued)
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return errors.New("interrupted; run the same command again to resume")
	}
	if err != nil {
		return err // crawl.ErrNothingFetched says why
	}
	if st.Queued > 0 {
		fmt.Fprintln(stdout, "Stopped at --max-pages; run the same command again to continue.")
	}
	if held := st.RobotsUnreachable + st.Refused; held > 0 {
		fmt.Fprintf(stdout, "%d URLs stay queued: their host's robots.txt could not be fetched, or its address is not public (--allow-private); run the same command again to retry them.\n", held)
	} else if st.Fetched == 0 && st.FromArchive == 0 && st.Queued == 0 {
		fmt.Fprintln(stdout, "Nothing left to crawl for these seeds and scope: this crawl is complete.")
	}
	return nil
}
