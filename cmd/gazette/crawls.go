package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"log/slog"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/gazette-news/gazette/archive/crawl"
	"github.com/gazette-news/gazette/urlid"
	"github.com/gazette-news/gazette/web"
)

// crawlManager runs the crawls started through the API, one goroutine
// each, for the lifetime of the server. It implements web.Crawler.
type crawlManager struct {
	ctx  context.Context // the server's: cancelling it stops every crawl
	app  *app
	base crawl.Config // settings from the command line; seeds and limits come per request
	log  *slog.Logger

	mu       sync.Mutex
	crawls   []*crawlJob // oldest first
	stopping bool        // Wait has begun: no crawl may start
	wg       sync.WaitGroup
}

// crawlJob is one crawl and its latest status.
type crawlJob struct {
	site   string // the seeds and scope (crawl.FrontierName): one crawl of them at a time
	status web.CrawlStatus
}

func newCrawlManager(ctx context.Context, a *app, base crawl.Config, log *slog.Logger) *crawlManager {
	base.Archive, base.Index = hookedArchive{a.archive, a.crash}, crawlIndexer{a.ingest}
	base.StateDir = filepath.Join(a.dir, "crawl")
	return &crawlManager{ctx: ctx, app: a, base: base, log: log}
}

// StartCrawl starts a crawl unless a crawl of the same seeds and scope (a
// first crawl or a recrawl) is running: two at once would fetch the same
// URLs twice over and break the one-connection-per-host promise.
func (m *crawlManager) StartCrawl(req web.CrawlRequest) (web.CrawlStatus, error) {
	scope, err := crawl.ParseScope(req.Scope)
	if err != nil {
		return web.CrawlStatus{}, &web.CrawlRequestError{Msg: err.Error()}
	}
	for _, s := range req.Seeds {
		if _, err := urlid.Canonical(s); err != nil {
			return web.CrawlStatus{}, &web.CrawlRequestError{Msg: err.Error()}
		}
	}
	cfg := m.base
	cfg.Depth, cfg.MaxPages, cfg.Scope, cfg.Recrawl = *req.Depth, req.MaxPages, scope, req.Recrawl
	site := crawl.FrontierName(scope, req.Seeds)

	m.mu.Lock()
	defer m.mu.Unlock()
	for _, j := range m.crawls {
		if j.site == site && j.status.State == "running" {
			return web.CrawlStatus{}, web.ErrCrawlBusy
		}
	}
	if err := m.ctx.Err(); err != nil || m.stopping {
		return web.CrawlStatus{}, errors.New("the server is shutting down")
	}
	if !req.Recrawl {
		def := crawlDef{Seeds: req.Seeds, Depth: cfg.Depth, MaxPages: cfg.MaxPages, Scope: string(scope)}
		if err := rememberCrawl(m.app.dir, def); err != nil {
			m.log.Warn("could not remember the crawl for scheduled recrawls", "err", err)
		}
	}
	job := &crawlJob{site: site, status: web.CrawlStatus{
		ID: newCrawlID(), Seeds: slices.Clone(req.Seeds), Depth: cfg.Depth, MaxPages: cfg.MaxPages,
		Scope: string(scope), Recrawl: cfg.Recrawl, State: "running", Started: time.Now().UTC(),
	}}
	m.crawls = append(m.crawls, job)
	cfg.Logger = m.log.With("crawl", job.status.ID)
	cfg.Progress = func(s crawl.Stats) {
		m.mu.Lock()
		job.status.Stats = crawlStats(s)
		m.mu.Unlock()
	}
	m.wg.Add(1)
	go func() {
		defer m.wg.Done()
		m.log.Info("crawl started", "crawl", job.status.ID, "seeds", req.Seeds)
		st, err := crawl.Run(m.ctx, cfg, req.Seeds)
		if err == nil {
			_, err = m.app.ingest.CatchUp(m.ctx, nil) // robots.txt, sitemaps, feeds, redirects
		}
		m.mu.Lock()
		defer m.mu.Unlock()
		now := time.Now().UTC()
		job.status.Finished, job.status.Stats = &now, crawlStats(st)
		switch {
		case errors.Is(err, context.Canceled):
			job.status.State = "stopped"
		case err != nil:
			job.status.State, job.status.Error = "failed", err.Error()
		default:
			job.status.State = "finished"
		}
		m.log.Info("crawl ended", "crawl", job.status.ID, "state", job.status.State, "fetched", st.Fetched, "indexed", st.Indexed, "errors", st.Errors)
	}()
	return job.status, nil
}

// Crawls lists the crawls, newest first.
func (m *crawlManager) Crawls() []web.CrawlStatus {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make([]web.CrawlStatus, 0, len(m.crawls))
	for i := len(m.crawls) - 1; i >= 0; i-- {
		out = append(out, m.crawls[i].status)
	}
	return out
}

// Crawl reports one crawl.
func (m *crawlManager) Crawl(id string) (web.CrawlStatus, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, j := range m.crawls {
		if j.status.ID == id {
			return j.status, true
		}
	}
	return web.CrawlStatus{}, false
}

// Wait blocks until every crawl has stopped (after the server's context
// is cancelled), so the archive and index are closed only afterwards. No
// crawl starts once it has begun, not even a scheduled one.
func (m *crawlManager) Wait() {
	m.mu.Lock()
	m.stopping = true
	m.mu.Unlock()
	m.wg.Wait()
}

func crawlStats(s crawl.Stats) web.CrawlStats {
	return web.CrawlStats{Fetched: s.Fetched, Queued: s.Queued, Archived: s.Archived, Indexed: s.Indexed,
		Listings: s.Listings, FromArchive: s.FromArchive, Unchanged: s.Unchanged, Blocked: s.Blocked,
		RobotsUnreachable: s.RobotsUnreachable, Refused: s.Refused, Errors: s.Errors, PagesPerSecond: s.PagesPerSecond(), ElapsedSeconds: s.Elapsed.Seconds()}
}

func newCrawlID() string {
	b := make([]byte, 8)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// totals adds up the counters of every crawl the server has run. Each
// crawl's counters only grow and crawls are never forgotten while the
// server runs, so the sums are counters too.
func (m *crawlManager) totals() web.CrawlStats {
	m.mu.Lock()
	defer m.mu.Unlock()
	var t web.CrawlStats
	for _, j := range m.crawls {
		s := j.status.Stats
		t.Fetched += s.Fetched
		t.Archived += s.Archived
		t.Indexed += s.Indexed
		t.Errors += s.Errors
		t.Blocked += s.Blocked
	}
	return t
}
