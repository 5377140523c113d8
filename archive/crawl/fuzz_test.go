package crawl

import (
	"net/url"
	"testing"
)

// FuzzCanonicalize: any input either fails cleanly or yields a URL that
// is already canonical.
func FuzzCanonicalize(f *testing.F) {
	for _, s := range []string{"http://Example.com:80/a/../b?utm_source=x&b=2&a=1#f", "https://[::1]:443/", "http://a/%zz", "HTTP://x.y/?;;&&=", "http://x/a?%gg=1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := Canonicalize(s)
		if err != nil {
			return
		}
		again, err := Canonicalize(c)
		if err != nil || again != c {
			t.Errorf("Canonicalize(%q) = %q, then %q, %v", s, c, again, err)
		}
	})
}

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
			resolve(base, l)
		}
		parseSitemap(b)
		parseFeed(b)
		sniff("text/html", b)
	})
}
