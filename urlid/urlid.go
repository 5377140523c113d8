// Package urlid is Gazette's one notion of URL identity: the canonical form
// pages are de-duplicated and identified by (Canonical), the id of the
// article at a URL (ArticleID), the site a URL belongs to (Host, SameSite)
// and the sort key of CDXJ indexes (SURT).
//
// The crawler, the importer, the ingest and the exports all use it, so that
// the same page crawled, imported from a WARC with utm_ parameters, or
// declared as another page's canonical URL gets one id.
package urlid

import (
	"crypto/sha1"
	"encoding/hex"
	"net/url"
	"strings"
)

// Key is the form of a URL that ids are made from: its canonical form
// when it has one (http and https URLs), else the URL as given (file://
// and urn: URLs of imported files).
func Key(raw string) string {
	if c, err := Canonical(raw); err == nil {
		return c
	}
	return raw
}

// ArticleID is the stable id of the article at a URL: the first 16 hex
// digits of the SHA-1 of its Key, so that importing or crawling the same
// page again updates the article in place.
func ArticleID(raw string) string {
	sum := sha1.Sum([]byte(Key(raw)))
	return hex.EncodeToString(sum[:8])
}

// Host is the lower-case host name of a URL without a leading "www." and
// without the port; "" when the URL has none.
func Host(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(strings.TrimRight(strings.ToLower(u.Hostname()), "."), "www.")
}

// SameSite reports whether a page's declared canonical URL may stand for
// the page captured at captured: it is an http(s) URL on the same host
// ("www." aside), or the capture came from a file, which may name any URL.
// A hostile page cannot claim another site's URL this way.
func SameSite(canonical, captured string) bool {
	cu, err1 := url.Parse(canonical)
	pu, err2 := url.Parse(captured)
	if err1 != nil || err2 != nil || cu.Host == "" {
		return false
	}
	if pu.Scheme == "file" || pu.Host == "" {
		return true
	}
	return Host(canonical) == Host(captured)
}
