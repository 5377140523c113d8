// Package crawl is Gazette's polite archival crawler. It fetches pages,
// sitemaps and feeds from the web, hands every response to the archive and
// every page archived to the ingest (an Indexer), as it arrives.
//
// The crawler obeys robots.txt (RFC 9309) including Crawl-delay, keeps one
// connection per host with a delay between requests, identifies itself
// with a User-Agent carrying a contact URL, caps body sizes and redirect
// chains, and by default refuses to connect to loopback, private and
// link-local addresses (checked on the resolved address of every
// connection, so redirects and DNS names cannot get around it).
//
// URLs are canonicalised ([urlid.Canonical]) before de-duplication, and the
// frontier lives in a bbolt database: a crawl stopped at any point, even by
// kill -9, resumes when run again with the same seeds, without fetching
// anything already archived.
package crawl

import (
	"cmp"
	"context"
	"crypto/sha1"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/gazette-news/gazette/archive"
	"github.com/gazette-news/gazette/urlid"
)

// Archive is where every response goes; *archive.Store implements it.
type Archive interface {
	Add(ctx context.Context, c archive.Capture) (archive.Capture, bool, error)
	Captures(url string) ([]archive.Capture, error)
	Load(c archive.Capture) (archive.Capture, error)
	Revisit(ctx context.Context, c archive.Capture) (archive.Capture, error)
}

// Indexer brings what the crawl archives into the search index: the
// ingest, which cmd/gazette wires in. Pages are decoded once, by it, for
// both the article and the links the crawler follows.
type Indexer interface {
	// Index brings a capture the crawl has just archived (Seq set, Body
	// with its content coding undone) into the search index, and returns
	// its body decoded to UTF-8 (nil if it is not text) and whether it
	// holds an article (not a listing, not an error page).
	Index(ctx context.Context, c archive.Capture) (text []byte, article bool, err error)
	// Text returns a capture's body decoded to UTF-8 as Index decodes it,
	// without indexing it (nil if it is not text).
	Text(c archive.Capture) []byte
}

// Scope limits which URLs a crawl follows, relative to its seeds.
type Scope string

const (
	ScopeHost   Scope = "host"   // the seeds' hosts (www. ignored)
	ScopeDomain Scope = "domain" // the seeds' registrable domains, subdomains included
	ScopePrefix Scope = "prefix" // URLs under a seed's directory
)

// ParseScope checks a scope name.
func ParseScope(s string) (Scope, error) {
	switch sc := Scope(strings.ToLower(s)); sc {
	case ScopeHost, ScopeDomain, ScopePrefix:
		return sc, nil
	case "":
		return ScopeHost, nil
	}
	return "", fmt.Errorf("crawl: unknown scope %q (want host, domain or prefix)", s)
}

// Defaults for the zero values of Config.
const (
	DefaultUserAgent    = "Gazette/1.0"
	DefaultTimeout      = 30 * time.Second
	DefaultMaxBodySize  = 32 << 20
	DefaultMaxRedirects = 10
	DefaultWorkers      = 4
	DefaultMaxDelay     = time.Minute
)

// Config holds a crawl's settings. Archive, Index and StateDir are
// required; zero values elsewhere take the defaults above.
type Config struct {
	Archive  Archive // receives every response, including robots.txt, sitemaps, feeds and listings
	Index    Indexer // indexes the pages once they are archived
	StateDir string  // directory for the frontier databases

	Depth    int   // links followed from a seed, sitemap entry or feed item (0: those only)
	MaxPages int   // responses fetched in this run; 0 for no limit
	Scope    Scope // default ScopeHost

	AllowPrivate bool          // allow loopback, private and link-local addresses
	UserAgent    string        // product token and version, default DefaultUserAgent
	Contact      string        // URL or address for site owners, added to the User-Agent
	Delay        time.Duration // minimum pause between two requests to a host
	MaxDelay     time.Duration // cap on a robots.txt Crawl-delay
	Timeout      time.Duration // per request
	MaxBodySize  int64         // bytes; larger responses are skipped
	MaxRedirects int           // redirects followed from one URL
	Workers      int           // hosts crawled in parallel (one connection each)

	// Recrawl fetches again URLs that are already archived, conditionally
	// on the archived copy's ETag and Last-Modified: a 304 or an identical
	// body becomes a WARC revisit record (no new capture in the index), a
	// changed page becomes a new capture and updates its article. A
	// recrawl has its own frontier, which starts afresh once a recrawl has
	// finished and resumes an interrupted one.
	Recrawl bool

	Logger   *slog.Logger
	Progress func(Stats) // called after every URL; must be quick
}

func (c Config) userAgent() string {
	ua := c.UserAgent
	if ua == "" {
		ua = DefaultUserAgent
	}
	if c.Contact != "" {
		ua += " (+" + c.Contact + ")"
	}
	return ua
}

func (c *Config) setDefaults() {
	if c.Scope == "" {
		c.Scope = ScopeHost
	}
	if c.Timeout <= 0 {
		c.Timeout = DefaultTimeout
	}
	if c.MaxBodySize <= 0 {
		c.MaxBodySize = DefaultMaxBodySize
	}
	if c.MaxRedirects <= 0 {
		c.MaxRedirects = DefaultMaxRedirects
	}
	if c.Workers <= 0 {
		c.Workers = DefaultWorkers
	}
	if c.MaxDelay <= 0 {
		c.MaxDelay = DefaultMaxDelay
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
}

// Stats counts what a crawl did.
type Stats struct {
	Fetched     int // HTTP responses received (robots.txt included)
	Queued      int // URLs waiting in the frontier
	Archived    int // responses written to the archive (new content)
	Indexed     int // articles indexed (new or updated)
	Listings    int // pages followed for links but not indexed as articles
	FromArchive int // URLs already archived: links taken from the archive, not fetched again
	Unchanged   int // responses identical to the archived copy (or 304 Not Modified): a revisit record, no new capture
	Blocked     int // URLs disallowed by robots.txt
	// RobotsUnreachable counts URLs not fetched because their host's
	// robots.txt could not be fetched (a network error or a 5xx, which
	// RFC 9309 reads as "disallow all"); they stay queued for the next run.
	RobotsUnreachable int
	// Refused counts URLs not fetched because their host's address is not
	// public (loopback, private, link-local, special-purpose) and
	// AllowPrivate is off. URLs whose host was refused before any request
	// stay queued, so a run with AllowPrivate fetches them.
	Refused int
	Errors  int // fetch, archive and index failures
	Elapsed time.Duration
}

// ErrNothingFetched is returned (wrapped, with the reason) by Run when a
// crawl got no response for any URL it tried, because every host's
// address was refused, its robots.txt could not be fetched, or every fetch
// failed. The URLs stay queued (except refused redirect targets), so the
// same crawl run again, with AllowPrivate or once the site is back,
// continues.
var ErrNothingFetched = errors.New("crawl: nothing fetched")

// PagesPerSecond is the fetch rate.
func (s Stats) PagesPerSecond() float64 {
	if s.Elapsed <= 0 {
		return 0
	}
	return float64(s.Fetched) / s.Elapsed.Seconds()
}

// Run crawls from seeds until the frontier is empty, MaxPages responses
// have been fetched or ctx is done. Seeds may be pages, sitemaps or feeds.
// Stopping early is not an error when ctx was cancelled: the returned error
// is then ctx.Err() and the frontier keeps the rest for the next Run with
// the same seeds and scope.
func Run(ctx context.Context, cfg Config, seeds []string) (Stats, error) {
	cfg.setDefaults()
	if cfg.Archive == nil || cfg.Index == nil || cfg.StateDir == "" {
		return Stats{}, errors.New("crawl: Config needs Archive, Index and StateDir")
	}
	if _, err := ParseScope(string(cfg.Scope)); err != nil {
		return Stats{}, err
	}
	if len(seeds) == 0 {
		return Stats{}, errors.New("crawl: no seed URLs")
	}
	var canon []string
	for _, s := range seeds {
		u, err := urlid.Canonical(s)
		if err != nil {
			return Stats{}, err
		}
		canon = append(canon, u)
	}
	sc, err := newScoper(cfg.Scope, canon)
	if err != nil {
		return Stats{}, err
	}
	if err := os.MkdirAll(cfg.StateDir, 0o755); err != nil {
		return Stats{}, fmt.Errorf("crawl: state dir: %w", err)
	}
	name := FrontierName(cfg.Scope, canon)
	if cfg.Recrawl {
		name = "recrawl-" + name
	}
	fr, err := openFrontier(filepath.Join(cfg.StateDir, name))
	if err != nil {
		return Stats{}, err
	}
	defer fr.close()
	if cfg.Recrawl {
		if err := fr.restartIfFinished(); err != nil {
			return Stats{}, err
		}
	}

	c := &crawler{
		cfg: cfg, fetcher: newFetcher(cfg), frontier: fr, scope: sc,
		logger: cfg.Logger, hosts: map[string]*host{}, start: time.Now(),
	}
	defer c.fetcher.close()

	seedItems := make([]item, len(canon))
	for i, u := range canon {
		seedItems[i] = item{URL: u}
	}
	if _, err := fr.add(seedItems); err != nil {
		return Stats{}, err
	}
	pending, err := fr.pending()
	if err != nil {
		return Stats{}, err
	}
	for _, it := range pending {
		c.schedule(it)
	}

	var wg sync.WaitGroup
	for range cfg.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.work(ctx)
		}()
	}
	wg.Wait()

	st := c.snapshot()
	if c.fatal != nil {
		return st, c.fatal
	}
	if err := ctx.Err(); err != nil {
		return st, err
	}
	return st, c.failure(st)
}

// failure is the error of a crawl that got no response at all though it
// tried URLs, saying why; nil otherwise.
func (c *crawler) failure(st Stats) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.got > 0 || st.Refused+st.RobotsUnreachable+st.Errors == 0 {
		return nil
	}
	var why []string
	if st.Refused > 0 {
		addr := "a non-public address"
		var ae *AddressError
		if errors.As(c.firstRefused, &ae) {
			addr = fmt.Sprintf("%s (%s)", ae.Addr, ae.Why)
		}
		why = append(why, fmt.Sprintf("%s refused: the host resolves to %s, and the crawler connects only to public addresses unless run with --allow-private",
			plural(st.Refused, "URL"), addr))
	}
	if st.RobotsUnreachable > 0 {
		why = append(why, fmt.Sprintf("%s not fetched because robots.txt could not be fetched (%v), which RFC 9309 reads as \"disallow all\"; they stay queued for the next run",
			plural(st.RobotsUnreachable, "URL"), c.firstUnreachable))
	}
	if st.Errors > 0 && c.firstError != nil {
		why = append(why, fmt.Sprintf("%s failed (%v)", plural(st.Errors, "fetch"), c.firstError))
	}
	return fmt.Errorf("%w: %s", ErrNothingFetched, strings.Join(why, "; "))
}

// plural is "1 URL", "2 URLs".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	if strings.HasSuffix(noun, "ch") {
		return fmt.Sprintf("%d %ses", n, noun)
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// FrontierName is the file name of the frontier of a crawl: one per scope
// and set of (canonical) seeds, so the same crawl run again resumes.
func FrontierName(scope Scope, seeds []string) string {
	s := append([]string(nil), seeds...)
	sort.Strings(s)
	sum := sha1.Sum([]byte(string(scope) + "\n" + strings.Join(s, "\n")))
	return "frontier-" + hex.EncodeToString(sum[:6]) + ".db"
}

// crawler is one Run's state.
type crawler struct {
	cfg      Config
	fetcher  *fetcher
	frontier *frontier
	scope    *scoper
	logger   *slog.Logger
	start    time.Time

	mu       sync.Mutex
	hosts    map[string]*host // by URL host (with port)
	stats    Stats
	reserved int   // fetches started, for MaxPages
	fatal    error // the archive or frontier failed: stop

	// For the error of a crawl that got nothing: how many URLs got a
	// response (fetched, or read from the archive), and the first reason
	// of each kind that kept one from it.
	got                                        int
	firstRefused, firstUnreachable, firstError error
}

// host is the per-host queue and politeness state. Only the worker that
// has set busy touches rules.
type host struct {
	queue []item
	busy  bool
	next  time.Time // earliest time of the next request
	rules *rules    // nil until robots.txt has been fetched
}

func (c *crawler) schedule(it item) {
	u, err := url.Parse(it.URL)
	if err != nil {
		return
	}
	h := c.hosts[u.Host]
	if h == nil {
		h = &host{}
		c.hosts[u.Host] = h
	}
	h.queue = append(h.queue, it)
}

// enqueue adds new URLs to the frontier and the host queues.
func (c *crawler) enqueue(items []item) error {
	if len(items) == 0 {
		return nil
	}
	added, err := c.frontier.add(items)
	if err != nil {
		return err
	}
	c.mu.Lock()
	for _, it := range added {
		c.schedule(it)
	}
	c.mu.Unlock()
	return nil
}

// work takes items whose host is free and due until there are none left.
func (c *crawler) work(ctx context.Context) {
	for {
		it, h, ok := c.next(ctx)
		if !ok {
			return
		}
		err := c.handle(ctx, h, it)
		c.mu.Lock()
		if err != nil && c.fatal == nil && ctx.Err() == nil {
			c.fatal = err
		}
		h.busy = false
		h.next = time.Now().Add(c.delay(h))
		st := c.snapshotLocked()
		c.mu.Unlock()
		if c.cfg.Progress != nil {
			c.cfg.Progress(st)
		}
	}
}

// delay is the pause before the next request to h.
func (c *crawler) delay(h *host) time.Duration {
	d := c.cfg.Delay
	if h.rules != nil && h.rules.delay > d {
		d = min(h.rules.delay, c.cfg.MaxDelay)
	}
	return d
}

// next waits for an item whose host is free and due. It reports false when
// the crawl is over: nothing is queued or in progress, ctx is done, the
// page budget is spent, or a fatal error happened.
func (c *crawler) next(ctx context.Context) (item, *host, bool) {
	for {
		c.mu.Lock()
		if ctx.Err() != nil || c.fatal != nil || (c.cfg.MaxPages > 0 && c.reserved >= c.cfg.MaxPages) {
			c.mu.Unlock()
			return item{}, nil, false
		}
		now := time.Now()
		wait := 20 * time.Millisecond
		busy, queued := false, false
		for _, h := range c.hosts {
			busy = busy || h.busy
			if h.busy || len(h.queue) == 0 {
				continue
			}
			queued = true
			if !h.next.After(now) {
				it := h.queue[0]
				h.queue = h.queue[1:]
				h.busy = true
				c.mu.Unlock()
				return it, h, true
			}
			wait = min(wait, h.next.Sub(now))
		}
		c.mu.Unlock()
		if !busy && !queued {
			return item{}, nil, false
		}
		select {
		case <-ctx.Done():
		case <-time.After(wait):
		}
	}
}

// reserve takes one fetch from the MaxPages budget.
func (c *crawler) reserve() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cfg.MaxPages > 0 && c.reserved >= c.cfg.MaxPages {
		return false
	}
	c.reserved++
	return true
}

func (c *crawler) count(f func(*Stats)) {
	c.mu.Lock()
	f(&c.stats)
	c.mu.Unlock()
}

func (c *crawler) snapshot() Stats {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.snapshotLocked()
}

func (c *crawler) snapshotLocked() Stats {
	st := c.stats
	st.Queued = 0
	for _, h := range c.hosts {
		st.Queued += len(h.queue)
	}
	st.Elapsed = time.Since(c.start)
	return st
}

// handle processes one URL. It returns an error only when the crawl must
// stop (the frontier or the archive failed); a URL that cannot be fetched
// is counted and logged. An item is marked done only once everything it
// leads to is queued, so a crawl stopped here loses nothing.
func (c *crawler) handle(ctx context.Context, h *host, it item) error {
	u, err := url.Parse(it.URL)
	if err != nil {
		return c.frontier.done(it)
	}
	if h.rules == nil {
		h.rules = c.fetchRobots(ctx, u)
		if ctx.Err() != nil {
			h.rules = nil
			return nil
		}
		var sitemaps []item
		for _, s := range h.rules.sitemaps {
			if su, err := urlid.Canonical(s); err == nil && c.scope.sameHost(su) {
				sitemaps = append(sitemaps, item{URL: su, Listed: true})
			}
		}
		if err := c.enqueue(sitemaps); err != nil {
			return err
		}
	}
	if !h.rules.allowed(u) {
		switch r := h.rules; {
		case r.refused != nil:
			c.count(func(s *Stats) {
				s.Refused++
				c.firstRefused = cmp.Or(c.firstRefused, r.refused)
			})
			return nil // keep it queued for a run with AllowPrivate
		case r.noAccess:
			c.count(func(s *Stats) {
				s.RobotsUnreachable++
				c.firstUnreachable = cmp.Or(c.firstUnreachable, r.unreachable)
			})
			return nil // keep it queued for the next run
		}
		c.count(func(s *Stats) { s.Blocked++ })
		c.logger.Debug("robots.txt disallows", "url", it.URL)
		return c.frontier.done(it)
	}

	archived, err := c.fromArchive(it.URL)
	if err != nil {
		return err
	}
	resp := archived
	if archived != nil && !c.cfg.Recrawl {
		c.count(func(s *Stats) { s.FromArchive++; c.got++ })
	} else {
		if !c.reserve() {
			c.mu.Lock()
			h.queue = append([]item{it}, h.queue...)
			c.mu.Unlock()
			return nil
		}
		var prev http.Header
		if archived != nil {
			prev = archived.Header
		}
		resp, err = c.fetcher.fetch(ctx, it.URL, prev)
		if ctx.Err() != nil {
			return nil // stay queued
		}
		if errors.Is(err, ErrForbiddenAddress) {
			// The host's address changed since its robots.txt was
			// fetched (DNS rebinding, say): never try this URL again.
			c.count(func(s *Stats) {
				s.Refused++
				c.firstRefused = cmp.Or(c.firstRefused, err)
			})
			c.logger.Warn("address refused: not public (--allow-private allows it)", "url", it.URL, "err", err)
			return c.frontier.done(it)
		}
		if err != nil {
			c.count(func(s *Stats) {
				s.Errors++
				c.firstError = cmp.Or(c.firstError, err)
			})
			c.logger.Warn("fetch failed", "url", it.URL, "err", err)
			if errors.Is(err, ErrTooLarge) {
				return c.frontier.done(it)
			}
			return nil // a network error may pass: stay queued for the next run
		}
		c.count(func(s *Stats) { s.Fetched++; c.got++ })
		if resp.Status == http.StatusNotModified && archived != nil {
			// Unchanged: a revisit record; links come from the archived copy.
			c.revisit(ctx, resp)
			resp = archived
		}
	}
	aliases, acked, err := c.process(ctx, it, resp, resp.Time.IsZero())
	if err != nil {
		return err
	}
	if ctx.Err() != nil || !acked {
		return nil // stay queued
	}
	return c.frontier.done(it, aliases...)
}

// fromArchive returns the newest archived response for url, or nil if
// there is none.
func (c *crawler) fromArchive(u string) (*response, error) {
	caps, err := c.cfg.Archive.Captures(u)
	if err != nil {
		return nil, fmt.Errorf("crawl: %w", err)
	}
	if len(caps) == 0 {
		return nil, nil
	}
	full, err := c.cfg.Archive.Load(caps[len(caps)-1])
	if err != nil {
		c.logger.Warn("archived capture unreadable, fetching again", "url", u, "err", err)
		return nil, nil
	}
	// Load has undone any Content-Encoding already.
	return &response{URL: u, Status: full.Status, Header: full.Header, Body: full.Body, Text: full.Body, TextHeader: full.Header}, nil
}

// process archives a response (and has the article in it indexed) and
// queues the URLs it leads to. archived says the response came from the
// archive. It returns URLs to mark done along with the item (the page's
// canonical URL), and ok=false when the response could not be archived:
// the item then stays queued.
func (c *crawler) process(ctx context.Context, it item, resp *response, archived bool) (aliases []string, ok bool, err error) {
	base, _ := url.Parse(it.URL)
	var stored archive.Capture
	added := false
	if !archived {
		if stored, added, ok = c.archive(ctx, resp); !ok {
			return nil, false, nil
		}
	}
	if resp.Status >= 300 && resp.Status < 400 {
		target, err := redirectTarget(resp)
		if err != nil || it.Redirects >= c.cfg.MaxRedirects {
			c.count(func(s *Stats) { s.Errors++ })
			c.logger.Warn("redirect not followed", "url", it.URL, "err", err, "redirects", it.Redirects)
			return nil, true, nil
		}
		next := item{URL: target, Depth: it.Depth, Redirects: it.Redirects + 1, Listed: it.Listed}
		return nil, true, c.enqueue(c.inScope([]item{next}))
	}
	success := resp.Status >= 200 && resp.Status < 300
	contentType := ""
	if resp.Header != nil {
		contentType = resp.Header.Get("Content-Type")
	}
	var next []item
	k := sniff(contentType, resp.Text)
	if resp.Text == nil {
		k = kindOther // a body we cannot decode: archive it, nothing more
	}
	switch k {
	case kindPage:
		// The page is decoded once, by the ingest, for its article and
		// for the links followed here.
		var body []byte
		if added {
			body = c.index(ctx, stored, resp)
		} else if success {
			body = c.cfg.Index.Text(archive.Capture{URL: resp.URL, Status: resp.Status, Header: resp.TextHeader, Body: resp.Text})
		}
		if !success {
			break
		}
		p := parsePage(body)
		if p.Base != "" {
			if b, err := base.Parse(p.Base); err == nil {
				base = b
			}
		}
		if p.Canonical != "" {
			if cu, err := urlid.Resolve(base, p.Canonical); err == nil && cu != it.URL && c.scope.sameHost(cu) {
				aliases = append(aliases, cu)
			}
		}
		// A site's feeds are followed even outside a prefix scope, on
		// the seeds' hosts; their items are held to the scope.
		var feeds []item
		for _, f := range p.Feeds {
			if fu, err := urlid.Resolve(base, f); err == nil && (c.scope.allows(fu) || c.scope.sameHost(fu)) {
				feeds = append(feeds, item{URL: fu, Depth: it.Depth, Listed: true})
			}
		}
		if err := c.enqueue(feeds); err != nil {
			return nil, true, err
		}
		if it.Depth < c.cfg.Depth {
			for _, l := range p.Links {
				if lu, err := urlid.Resolve(base, l); err == nil {
					next = append(next, item{URL: lu, Depth: it.Depth + 1})
				}
			}
		}
	case kindSitemap, kindFeed:
		if !success {
			break
		}
		parse := parseSitemap
		if k == kindFeed {
			parse = parseFeed
		}
		links, err := parse(resp.Text)
		if err != nil {
			c.count(func(s *Stats) { s.Errors++ })
			c.logger.Warn("unreadable sitemap or feed", "url", it.URL, "err", err)
			break
		}
		for _, l := range links {
			if lu, err := urlid.Resolve(base, l); err == nil {
				next = append(next, item{URL: lu, Depth: it.Depth, Listed: true})
			}
		}
	}
	return aliases, true, c.enqueue(c.inScope(next))
}

// inScope keeps the items the crawl's scope allows.
func (c *crawler) inScope(items []item) []item {
	var out []item
	for _, it := range items {
		if c.scope.allows(it.URL) {
			out = append(out, it)
		}
	}
	return out
}

func (r *response) capture() archive.Capture {
	return archive.Capture{URL: r.URL, Time: r.Time, Status: r.Status, Header: r.Header, Body: r.Body, Request: r.Request}
}

// archive writes a response to the archive as received. A response whose
// payload the newest capture of its URL has already becomes a revisit
// record (added=false). ok=false means it was not archived: a capture the
// archive refuses is counted as an error, and any other failure of the
// archive stops the crawl. Only an archived response is acknowledged
// (counted, its URL marked done): Add returns once its WARC record is on
// disk.
func (c *crawler) archive(ctx context.Context, r *response) (stored archive.Capture, added, ok bool) {
	stored, added, err := c.cfg.Archive.Add(ctx, r.capture())
	switch {
	case err != nil && ctx.Err() != nil:
		return stored, false, false // stopping
	case errors.Is(err, archive.ErrInvalid):
		c.count(func(s *Stats) { s.Errors++ })
		c.logger.Warn("the archive refused the response", "url", r.URL, "err", err)
		return stored, false, false
	case err != nil:
		c.fail(fmt.Errorf("crawl: archive %s: %w", r.URL, err))
		return stored, false, false
	case added:
		c.count(func(s *Stats) { s.Archived++ })
	default:
		c.revisit(ctx, r)
	}
	return stored, added, true
}

// index has the ingest bring a capture just archived into the search
// index, and returns its body decoded to UTF-8 for the link parser.
func (c *crawler) index(ctx context.Context, stored archive.Capture, r *response) []byte {
	stored.Body, stored.Header = r.Text, r.TextHeader
	text, article, err := c.cfg.Index.Index(ctx, stored)
	switch {
	case err != nil && ctx.Err() != nil:
	case err != nil:
		// Archived all the same: the ingest applies it on its next run.
		c.count(func(s *Stats) { s.Errors++ })
		c.logger.Warn("index failed", "url", r.URL, "err", err)
	case article:
		c.count(func(s *Stats) { s.Indexed++ })
	case stored.Status >= 200 && stored.Status < 300:
		c.count(func(s *Stats) { s.Listings++ })
	}
	if text == nil {
		text = r.Text
	}
	return text
}

// fail stops the crawl with err (the first such error is kept).
func (c *crawler) fail(err error) {
	c.mu.Lock()
	if c.fatal == nil {
		c.fatal = err
	}
	c.mu.Unlock()
}

// revisit archives an unchanged response (the same payload as the newest
// capture, or a 304) as a WARC revisit record.
func (c *crawler) revisit(ctx context.Context, r *response) {
	c.count(func(s *Stats) { s.Unchanged++ })
	if _, err := c.cfg.Archive.Revisit(ctx, r.capture()); err != nil && ctx.Err() == nil {
		c.count(func(s *Stats) { s.Errors++ })
		c.logger.Warn("revisit record failed", "url", r.URL, "err", err)
	}
}

// redirectTarget is the canonical absolute URL a 3xx response points to.
func redirectTarget(r *response) (string, error) {
	loc := ""
	if r.Header != nil {
		loc = r.Header.Get("Location")
	}
	if loc == "" {
		return "", fmt.Errorf("crawl: %s: redirect without Location", r.URL)
	}
	base, err := url.Parse(r.URL)
	if err != nil {
		return "", err
	}
	return urlid.Resolve(base, loc)
}
