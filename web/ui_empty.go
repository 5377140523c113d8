package web

import "context"

// An archive without a single article has no results to show: the search
// page says so and how to fill it (import, crawl, or the demo) instead of
// an empty results page. The commands name no path of this server. While
// the server is not ready (serve --demo importing the demo), it says why
// instead: the archive is about to fill.

// emptyArchive is what the search page says about an archive without
// articles.
type emptyArchive struct {
	// CrawlAPI: the server takes crawls through its API (it has a
	// crawler and an admin token), so it need not be stopped to crawl.
	CrawlAPI bool
	// NotReady is why the server is not ready yet ("the demo archive is
	// being imported"), from its readiness checks; "" when it is.
	NotReady string
}

// docCounter tells how many articles the index holds. *search.Index
// implements it; without it, an archive is never taken for empty.
type docCounter interface {
	Count() (uint64, error)
}

// emptyArchive returns the notice for an archive without articles, or nil
// when the index holds some or cannot tell. It is asked only when a
// search found nothing, and counting costs no search.
func (s *server) emptyArchive(ctx context.Context) *emptyArchive {
	c, ok := s.index.(docCounter)
	if !ok {
		return nil
	}
	n, err := c.Count()
	if err != nil || n > 0 {
		return nil
	}
	e := &emptyArchive{CrawlAPI: s.crawler != nil && s.adminToken != ""}
	ctx, cancel := context.WithTimeout(ctx, readyTimeout)
	defer cancel()
	for _, c := range s.ready {
		if err := c.Check(ctx); err != nil {
			e.NotReady = err.Error()
			break
		}
	}
	return e
}
