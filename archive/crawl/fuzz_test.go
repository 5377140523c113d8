package crawl

import (
	"net/url"
	"testing"

	"github.com/gazette-news/gazette/urlid"
)

// FuzzParse: the page, sitemap and feed parsers never panic.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"<html><a href=/x>x</a><link rel=canonical href=/y></html>", "<urlset><url><loc>x</loc></url></urlset>",
		"<rss><channel><item><link>x</link></item></channel></rss>", "<script type=application/ld+json>{\"@type\":\"NewsArticle\"}", "\x1f\x8b"} {
		f.Add([]byte(s))
	}
	base, _ := url.Parse("http://example.com/a/")
	f.Fuzz(func(t *testing.T, b []byte) {
		p := parsePage(b)
		for _, l := range p.Links {
			urlid.Resolve(base, l)
		}
		parseSitemap(b)
		parseFeed(b)
		sniff("text/html", b)
	})
}
