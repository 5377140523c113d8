package crawl

import (
	"net"
	"net/url"
	"strings"

	"golang.org/x/net/publicsuffix"
)

// scoper decides which URLs belong to a crawl.
type scoper struct {
	scope    Scope
	hosts    map[string]bool // host[:port] without www.
	domains  map[string]bool // registrable domains (or IP literals)
	prefixes []string        // seed URLs up to the last '/' of their path
}

func newScoper(scope Scope, seeds []string) (*scoper, error) {
	s := &scoper{scope: scope, hosts: map[string]bool{}, domains: map[string]bool{}}
	for _, seed := range seeds {
		u, err := url.Parse(seed)
		if err != nil {
			return nil, err
		}
		s.hosts[hostKey(u)] = true
		s.domains[domainOf(u.Hostname())] = true
		p := u.Scheme + "://" + u.Host + u.EscapedPath()
		if i := strings.LastIndexByte(p, '/'); i >= len(u.Scheme)+3 {
			p = p[:i+1]
		}
		s.prefixes = append(s.prefixes, p)
	}
	return s, nil
}

func hostKey(u *url.URL) string { return strings.TrimPrefix(u.Host, "www.") }

func domainOf(host string) string {
	if net.ParseIP(host) != nil {
		return host
	}
	d, err := publicsuffix.EffectiveTLDPlusOne(host)
	if err != nil {
		return host
	}
	return d
}

// sameHost reports whether a canonical URL is on one of the seeds' hosts.
func (s *scoper) sameHost(raw string) bool {
	u, err := url.Parse(raw)
	return err == nil && s.hosts[hostKey(u)]
}

// allows reports whether a canonical URL is in the crawl's scope.
func (s *scoper) allows(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil {
		return false
	}
	switch s.scope {
	case ScopeDomain:
		return s.domains[domainOf(u.Hostname())]
	case ScopePrefix:
		for _, p := range s.prefixes {
			if strings.HasPrefix(raw, p) {
				return true
			}
		}
		return false
	default:
		return s.hosts[hostKey(u)]
	}
}
