package web

import (
	"slices"
	"sync"
	"time"
)

// fakeCrawler is the crawl API's back end for the web tests: it records
// crawls and never fetches. The real crawler behind the API is tested in
// cmd/gazette.
type fakeCrawler struct {
	mu     sync.Mutex
	crawls []CrawlStatus
}

func (c *fakeCrawler) StartCrawl(req CrawlRequest) (CrawlStatus, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	scope := req.Scope
	if scope == "" {
		scope = "host"
	}
	for _, s := range c.crawls {
		if s.State == "running" && s.Scope == scope && slices.Equal(s.Seeds, req.Seeds) {
			return CrawlStatus{}, ErrCrawlBusy
		}
	}
	st := CrawlStatus{ID: "crawl" + string(rune('a'+len(c.crawls))), Seeds: req.Seeds, Depth: *req.Depth, MaxPages: req.MaxPages,
		Scope: scope, Recrawl: req.Recrawl, State: "running", Started: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
	c.crawls = append(c.crawls, st)
	return st, nil
}

func (c *fakeCrawler) Crawls() []CrawlStatus {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make([]CrawlStatus, 0, len(c.crawls))
	for i := len(c.crawls) - 1; i >= 0; i-- {
		out = append(out, c.crawls[i])
	}
	return out
}

func (c *fakeCrawler) Crawl(id string) (CrawlStatus, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, s := range c.crawls {
		if s.ID == id {
			return s, true
		}
	}
	return CrawlStatus{}, false
}
