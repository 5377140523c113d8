package crawl

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/temoto/robotstxt"
)

// robotsAgent is the product token Gazette looks for in robots.txt groups.
const robotsAgent = "Gazette"

// maxRobotsRedirects is how many redirects a robots.txt fetch follows
// (RFC 9309 asks for at least five).
const maxRobotsRedirects = 5

// rules is what robots.txt says about one host.
type rules struct {
	group    *robotstxt.Group // nil: everything allowed (or see noAccess)
	noAccess bool             // the file could not be fetched: nothing allowed
	delay    time.Duration    // Crawl-delay for Gazette's group
	sitemaps []string         // Sitemap: lines

	unreachable error // with noAccess: why robots.txt could not be fetched
	refused     error // with noAccess: the host's address is not public (ErrForbiddenAddress)
}

// allowed reports whether the path and query of u may be fetched.
func (r *rules) allowed(u *url.URL) bool {
	if r.noAccess {
		return false
	}
	if r.group == nil {
		return true
	}
	return r.group.Test(u.RequestURI())
}

// fromRobots interprets a robots.txt response by RFC 9309: a 2xx body is
// parsed, a 4xx ("unavailable") allows everything, and a 5xx or a fetch
// error ("unreachable") disallows everything.
func fromRobots(status int, body []byte, fetchErr error) *rules {
	switch {
	case errors.Is(fetchErr, ErrForbiddenAddress):
		return &rules{noAccess: true, refused: fetchErr}
	case fetchErr != nil:
		return &rules{noAccess: true, unreachable: fetchErr}
	case status >= 500:
		return &rules{noAccess: true, unreachable: fmt.Errorf("robots.txt answered HTTP %d", status)}
	case status >= 400:
		return &rules{}
	case status < 200 || status >= 300:
		// a redirect loop or an odd status
		return &rules{noAccess: true, unreachable: fmt.Errorf("robots.txt answered HTTP %d", status)}
	}
	data, err := robotstxt.FromStatusAndBytes(http.StatusOK, body)
	if err != nil {
		// An unparseable file is treated as allowing everything, as
		// robotstxt's lenient parser does for most junk.
		return &rules{}
	}
	g := data.FindGroup(robotsAgent)
	r := &rules{group: g, sitemaps: data.Sitemaps}
	if g != nil {
		r.delay = g.CrawlDelay
	}
	return r
}

// fetchRobots fetches and archives robots.txt for the origin of u,
// following up to five redirects, and returns its rules.
func (c *crawler) fetchRobots(ctx context.Context, u *url.URL) *rules {
	target := u.Scheme + "://" + u.Host + "/robots.txt"
	for i := 0; i <= maxRobotsRedirects; i++ {
		resp, err := c.fetcher.fetch(ctx, target, nil)
		if errors.Is(err, ErrForbiddenAddress) {
			c.logger.Warn("host refused: its address is not public (--allow-private allows it); its URLs stay queued", "url", target, "err", err)
			return fromRobots(0, nil, err)
		}
		if err != nil {
			c.logger.Warn("robots.txt unreachable, host disallowed; its URLs stay queued", "url", target, "err", err)
			return fromRobots(0, nil, fmt.Errorf("%s: %w", target, err))
		}
		c.count(func(s *Stats) { s.Fetched++ })
		c.archive(ctx, resp)
		if resp.Status >= 300 && resp.Status < 400 {
			next, err := redirectTarget(resp)
			if err != nil {
				return fromRobots(0, nil, err)
			}
			target = next
			continue
		}
		r := fromRobots(resp.Status, resp.Text, nil)
		if r.unreachable != nil {
			c.logger.Warn("robots.txt unreachable, host disallowed; its URLs stay queued", "url", target, "status", resp.Status)
			r.unreachable = fmt.Errorf("%s: %w", target, r.unreachable)
		}
		return r
	}
	return &rules{noAccess: true, unreachable: fmt.Errorf("%s: more than %d redirects", u.Scheme+"://"+u.Host+"/robots.txt", maxRobotsRedirects)}
}
