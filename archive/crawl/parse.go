package crawl

import (
	"bytes"
	"compress/gzip"
	"encoding/xml"
	"fmt"
	"io"
	"mime"
	"strings"

	"github.com/mmcdole/gofeed"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// kind is what a fetched document is, as far as the crawler cares.
type kind int

const (
	kindOther   kind = iota // archived, nothing to follow
	kindPage                // HTML: links followed, indexed if it is an article
	kindSitemap             // XML sitemap or sitemap index
	kindFeed                // RSS, Atom or RDF feed
)

// sniff tells sitemaps and feeds from HTML pages by the Content-Type and
// the first element of the body.
func sniff(contentType string, body []byte) kind {
	mt, _, _ := mime.ParseMediaType(contentType)
	head := body
	if len(head) > 2048 {
		head = head[:2048]
	}
	if isGzip(body) {
		return kindSitemap // sitemap.xml.gz; parseSitemap checks
	}
	lower := bytes.ToLower(head)
	switch {
	case bytes.Contains(lower, []byte("<urlset")), bytes.Contains(lower, []byte("<sitemapindex")):
		return kindSitemap
	case bytes.Contains(lower, []byte("<rss")), bytes.Contains(lower, []byte("<feed")), bytes.Contains(lower, []byte("<rdf:rdf")):
		if mt != "text/html" {
			return kindFeed
		}
	}
	if mt == "text/html" || mt == "application/xhtml+xml" || (mt == "" && bytes.Contains(lower, []byte("<html"))) {
		return kindPage
	}
	return kindOther
}

func isGzip(b []byte) bool { return len(b) > 2 && b[0] == 0x1f && b[1] == 0x8b }

// page is what the crawler learns from an HTML page to follow it; whether
// it is an article is the ingest's call.
type page struct {
	Links     []string // href of <a> and <area>, as written
	Feeds     []string // <link rel=alternate> RSS/Atom feeds
	Canonical string   // <link rel=canonical>
	Base      string   // <base href>
}

// parsePage tokenises an HTML page for its links, feeds, canonical URL and
// base URL.
func parsePage(body []byte) page {
	var p page
	z := html.NewTokenizer(bytes.NewReader(body))
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return p
		case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
			a, attrs := tag(z)
			switch a {
			case atom.A, atom.Area:
				if href, ok := attrs["href"]; ok && tt != html.EndTagToken {
					p.Links = append(p.Links, href)
				}
			case atom.Base:
				if p.Base == "" {
					p.Base = attrs["href"]
				}
			case atom.Link:
				rel := " " + strings.ToLower(attrs["rel"]) + " "
				typ := strings.ToLower(attrs["type"])
				switch {
				case strings.Contains(rel, " canonical ") && p.Canonical == "":
					p.Canonical = attrs["href"]
				case strings.Contains(rel, " alternate ") && (strings.Contains(typ, "rss") || strings.Contains(typ, "atom")):
					p.Feeds = append(p.Feeds, attrs["href"])
				}
			}
		}
	}
}

// tag reads the tag the tokenizer stands on: its atom and its attributes.
func tag(z *html.Tokenizer) (atom.Atom, map[string]string) {
	name, hasAttr := z.TagName()
	attrs := map[string]string{}
	for hasAttr {
		var k, v []byte
		k, v, hasAttr = z.TagAttr()
		attrs[string(k)] = string(v)
	}
	return atom.Lookup(name), attrs
}

// maxSitemapSize bounds a decompressed sitemap (the protocol allows 50 MB).
const maxSitemapSize = 64 << 20

// parseSitemap returns the <loc> URLs of a sitemap or sitemap index (news
// sitemaps are sitemaps with extra elements), decompressing a gzipped one.
func parseSitemap(body []byte) ([]string, error) {
	if isGzip(body) {
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			return nil, fmt.Errorf("crawl: sitemap: %w", err)
		}
		body, err = io.ReadAll(io.LimitReader(zr, maxSitemapSize))
		if err != nil {
			return nil, fmt.Errorf("crawl: sitemap: %w", err)
		}
	}
	var doc struct {
		URLs     []string `xml:"url>loc"`
		Sitemaps []string `xml:"sitemap>loc"`
	}
	if err := xml.Unmarshal(body, &doc); err != nil {
		return nil, fmt.Errorf("crawl: sitemap: %w", err)
	}
	locs := append(doc.Sitemaps, doc.URLs...)
	for i := range locs {
		locs[i] = strings.TrimSpace(locs[i])
	}
	return locs, nil
}

// parseFeed returns the item links of an RSS, Atom or RDF feed.
func parseFeed(body []byte) ([]string, error) {
	f, err := gofeed.NewParser().Parse(bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("crawl: feed: %w", err)
	}
	var links []string
	for _, it := range f.Items {
		if it == nil {
			continue
		}
		switch {
		case it.Link != "":
			links = append(links, it.Link)
		case len(it.Links) > 0:
			links = append(links, it.Links[0])
		}
	}
	return links, nil
}
