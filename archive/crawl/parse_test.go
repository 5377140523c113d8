package crawl

import (
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestParsePage(t *testing.T) {
	p := parsePage([]byte(`<html><head><base href="https://cdn.example.com/x/"><link rel="canonical" href="/story">
<link rel="alternate" type="application/rss+xml" href="/rss"><link rel="alternate" type="application/atom+xml" href="/atom">
<link rel="alternate" hreflang="de" href="/de/story"><script>var a = '<a href="/not-a-link">';</script></head>
<body><a href="/one">1</a><a name="anchor">x</a><map><area href="/two"></map></body></html>`))
	if p.Canonical != "/story" || p.Base != "https://cdn.example.com/x/" {
		t.Errorf("canonical %q base %q", p.Canonical, p.Base)
	}
	if !slices.Equal(p.Feeds, []string{"/rss", "/atom"}) {
		t.Errorf("feeds %v", p.Feeds)
	}
	if !slices.Equal(p.Links, []string{"/one", "/two"}) {
		t.Errorf("links %v", p.Links)
	}
}

func TestSniff(t *testing.T) {
	cases := []struct {
		ct, body string
		want     kind
	}{
		{"text/html; charset=utf-8", "<html></html>", kindPage},
		{"", "<!DOCTYPE html><html>", kindPage},
		{"application/xml", `<?xml version="1.0"?><urlset>`, kindSitemap},
		{"text/xml", `<sitemapindex xmlns="...">`, kindSitemap},
		{"application/rss+xml", `<?xml version="1.0"?><rss version="2.0">`, kindFeed},
		{"application/atom+xml", `<feed xmlns="http://www.w3.org/2005/Atom">`, kindFeed},
		{"text/html", `<html><body>Our <feed> of news</body></html>`, kindPage},
		{"image/png", "\x89PNG", kindOther},
		{"text/plain", "User-agent: *", kindOther},
	}
	for _, c := range cases {
		if got := sniff(c.ct, []byte(c.body)); got != c.want {
			t.Errorf("sniff(%q, %q) = %v, want %v", c.ct, c.body, got, c.want)
		}
	}
}

func TestParseSitemap(t *testing.T) {
	index := []byte(`<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc> https://example.com/s1.xml </loc></sitemap><sitemap><loc>https://example.com/s2.xml.gz</loc></sitemap></sitemapindex>`)
	got, err := parseSitemap(index)
	if err != nil || !slices.Equal(got, []string{"https://example.com/s1.xml", "https://example.com/s2.xml.gz"}) {
		t.Errorf("index: %v, %v", got, err)
	}

	news, err := os.ReadFile(filepath.Join("testdata", "site", "sitemap-news.xml"))
	if err != nil {
		t.Fatal(err)
	}
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(news)
	zw.Close()
	for name, body := range map[string][]byte{"plain": news, "gzip": gz.Bytes()} {
		got, err := parseSitemap(body)
		if err != nil || len(got) != 3 || got[1] != "{{BASE}}/news/bridge" {
			t.Errorf("news sitemap (%s): %v, %v", name, got, err)
		}
	}
	if _, err := parseSitemap([]byte("<urlset><url><loc>x</loc>")); err == nil {
		t.Error("truncated sitemap: no error")
	}
	if _, err := parseSitemap([]byte{0x1f, 0x8b, 0, 1}); err == nil {
		t.Error("broken gzip: no error")
	}
}

func TestParseFeed(t *testing.T) {
	atom := []byte(`<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>
<entry><title>One</title><link href="https://example.com/one"/></entry>
<entry><title>Two</title><link rel="alternate" href="https://example.com/two"/></entry></feed>`)
	got, err := parseFeed(atom)
	if err != nil || !slices.Equal(got, []string{"https://example.com/one", "https://example.com/two"}) {
		t.Errorf("atom: %v, %v", got, err)
	}
	rss, err := os.ReadFile(filepath.Join("testdata", "site", "feed.xml"))
	if err != nil {
		t.Fatal(err)
	}
	got, err = parseFeed(rss)
	if err != nil || len(got) != 2 || !strings.HasSuffix(got[0], "/news/library?utm_source=rss&utm_medium=feed") {
		t.Errorf("rss: %v, %v", got, err)
	}
	if _, err := parseFeed([]byte("not a feed")); err == nil {
		t.Error("junk: no error")
	}
}

func TestScope(t *testing.T) {
	seeds := []string{"https://www.example.com/news/", "http://127.0.0.1:8080/"}
	cases := []struct {
		scope Scope
		url   string
		want  bool
	}{
		{ScopeHost, "https://example.com/about", true},
		{ScopeHost, "https://www.example.com/x", true},
		{ScopeHost, "https://sport.example.com/x", false},
		{ScopeHost, "http://127.0.0.1:8080/a", true},
		{ScopeHost, "http://127.0.0.1:9090/a", false},
		{ScopeDomain, "https://sport.example.com/x", true},
		{ScopeDomain, "https://example.org/x", false},
		{ScopePrefix, "https://www.example.com/news/today", true},
		{ScopePrefix, "https://www.example.com/about", false},
		{ScopePrefix, "http://127.0.0.1:8080/anything", true},
	}
	for _, c := range cases {
		s, err := newScoper(c.scope, seeds)
		if err != nil {
			t.Fatal(err)
		}
		if got := s.allows(c.url); got != c.want {
			t.Errorf("%s: allows(%s) = %v, want %v", c.scope, c.url, got, c.want)
		}
	}
	if _, err := ParseScope("galaxy"); err == nil {
		t.Error("ParseScope(galaxy): no error")
	}
}
