// Package indexer turns archived captures into searchable articles: it
// decodes a capture once, tells an article from a listing, runs the cleaner
// (boilerplate removal, main text, metadata) and the place recogniser, and
// makes the search index's document. It keeps no state: the ingest package
// decides when a capture is read and where its article goes.
package indexer

import (
	"fmt"
	"mime"
	"net/url"
	"strings"
	"time"

	"github.com/gazette-news/gazette/archive"
	"github.com/gazette-news/gazette/indexer/decode"
	"github.com/gazette-news/gazette/indexer/extract"
	"github.com/gazette-news/gazette/indexer/listing"
	"github.com/gazette-news/gazette/indexer/places"
	"github.com/gazette-news/gazette/search"
	"github.com/gazette-news/gazette/urlid"
)

// ErrNoArticle is returned (wrapped) for captures that hold no article:
// error pages, listings, empty pages, binary files.
var ErrNoArticle = extract.ErrNoArticle

// ErrListing is returned (wrapped, with ErrNoArticle) for an HTML page
// that lists articles (a home page, section or tag page) rather than being
// one.
var ErrListing = fmt.Errorf("%w: a listing page (home page, section or tag), not an article", ErrNoArticle)

// Page is a capture decoded once, for everything that reads it: the
// listing test, the cleaner, and the crawler's link parser.
type Page struct {
	Capture     archive.Capture // with Body (its content coding undone)
	ContentType string          // the HTTP Content-Type as received, else the capture's MIME type
	Text        string          // the body as UTF-8 ("" when it could not be decoded)
	Charset     string          // the charset Text was decoded from
	Err         error           // why the body could not be decoded, if it could not
}

// Decode decodes a capture's body to UTF-8 the way a browser would
// (decode.ToUTF8).
func Decode(c archive.Capture) Page {
	p := Page{Capture: c, ContentType: c.MIME}
	if c.Header != nil && c.Header.Get("Content-Type") != "" {
		p.ContentType = c.Header.Get("Content-Type")
	}
	p.Text, p.Charset, p.Err = decode.ToUTF8(c.Body, p.ContentType)
	return p
}

// HTML reports whether the page is HTML: served as text/html or
// application/xhtml+xml, or without a useful type and with an <html> tag.
func (p Page) HTML() bool {
	mt, _, err := mime.ParseMediaType(p.ContentType)
	if err != nil {
		mt, _, _ = strings.Cut(strings.ToLower(p.ContentType), ";")
		mt = strings.TrimSpace(mt)
	}
	switch mt {
	case "text/html", "application/xhtml+xml":
		return true
	case "", "application/octet-stream", "binary/octet-stream":
		head := p.Text[:min(len(p.Text), 64<<10)]
		return strings.Contains(strings.ToLower(head), "<html")
	}
	return false
}

// Article is an extracted article with its recognised places.
type Article struct {
	ID  string // stable id derived from the URL (urlid.ArticleID)
	URL string // the article's own URL in canonical form: the page's canonical URL, else the URL it was captured at
	extract.Article
	Captured time.Time
	Places   []places.Found
}

// Extractor turns decoded captures into articles. Without Places it
// recognises no places.
type Extractor struct {
	Places *places.Gazetteer
}

// Article runs the listing test, the cleaner and the place recogniser over
// one decoded capture. A capture that holds no article gives an error
// wrapping ErrNoArticle.
func (x *Extractor) Article(p Page) (Article, error) {
	c := p.Capture
	if !isOK(c.Status) {
		return Article{}, fmt.Errorf("%w: HTTP status %d", ErrNoArticle, c.Status)
	}
	if p.Err != nil {
		return Article{}, fmt.Errorf("extract %s: %w", c.URL, p.Err)
	}
	if c.Header != nil && !p.HTML() {
		// An HTTP response is an article only as an HTML page, as the
		// crawler sees it: robots.txt, feeds and images are not.
		return Article{}, fmt.Errorf("%w: not an HTML page (%s)", ErrNoArticle, p.ContentType)
	}
	if c.Header != nil && !isArticlePage(p) {
		return Article{}, ErrListing
	}
	a, err := extract.FromText(extract.Input{URL: c.URL, ContentType: p.ContentType, Body: c.Body}, p.Text, p.Charset)
	if err != nil {
		return Article{}, err
	}
	u := c.URL
	if a.Canonical != "" && urlid.SameSite(a.Canonical, c.URL) {
		u = a.Canonical
	} else if urlid.IsFolderPath(u) {
		// Imported before files got ids of their own: the folders on the
		// importing machine are nobody's business.
		name, _ := urlid.FileName(u)
		u = urlid.FileID(name, c.Body)
	}
	art := Article{ID: urlid.ArticleID(u), URL: urlid.Key(u), Article: a, Captured: c.Time}
	if x.Places != nil {
		art.Places = x.Places.Find(a.Title + "\n\n" + a.Text)
	}
	return art, nil
}

// Extract decodes a capture and runs Article over it.
func (x *Extractor) Extract(c archive.Capture) (Article, error) { return x.Article(Decode(c)) }

// Doc converts an article to the search index's document, with every name
// variant of its places so that a query in any spelling or script finds it,
// and each place's chain of regions and country so that a filter by a region
// finds the articles about the places inside it. Sources are left for the
// caller, which knows the capture.
func (x *Extractor) Doc(a Article) search.Doc {
	d := search.Doc{
		ID: a.ID, URL: a.URL, Title: a.Title, Text: a.Text, Author: a.Author,
		Site: a.Site, Lang: a.Lang, Published: a.Published, Modified: a.Modified, Image: a.Image, Captured: a.Captured,
	}
	if d.Site == "" {
		d.Site = urlid.Host(a.URL)
	}
	for _, f := range a.Places {
		p := search.Place{ID: f.Place.ID, Name: f.Place.Name, Country: f.Place.Country, Kind: f.Place.Kind, Lat: f.Place.Lat, Lon: f.Place.Lon}
		if x.Places != nil {
			p.Names = x.Places.Names(f.Place.ID)
			for _, a := range x.Places.Ancestors(f.Place.ID) {
				p.Ancestors = append(p.Ancestors, search.PlaceRef{ID: a.ID, Name: a.Name, Kind: a.Kind})
			}
		}
		d.Places = append(d.Places, p)
	}
	return d
}

// SameArticle reports whether two versions of an article read the same:
// the fields a reader sees, and the same places in the same order.
func SameArticle(a, b search.Doc) bool {
	if a.URL != b.URL || a.Title != b.Title || a.Text != b.Text || a.Author != b.Author || a.Site != b.Site ||
		a.Lang != b.Lang || a.Image != b.Image || !sameTime(a.Published, b.Published) || !sameTime(a.Modified, b.Modified) ||
		len(a.Places) != len(b.Places) {
		return false
	}
	for i := range a.Places {
		if a.Places[i].ID != b.Places[i].ID {
			return false
		}
	}
	return true
}

func sameTime(a, b *time.Time) bool {
	return a == nil && b == nil || a != nil && b != nil && a.Equal(*b)
}

// isArticlePage applies the article-or-listing test to an HTTP capture of
// an HTML page (listing.Article), the same for crawled pages and imported
// crawls (WARC, WACZ). Saved HTML files and text dumps are taken as the
// articles their owner chose.
func isArticlePage(p Page) bool {
	path := "/"
	if u, err := url.Parse(p.Capture.URL); err == nil && u.Path != "" {
		path = u.Path
	}
	return listing.ArticleText(p.Text, path)
}

// isOK reports whether a capture's HTTP status can hold an article (0 means
// the capture came from a file, not HTTP).
func isOK(status int) bool { return status == 0 || (status >= 200 && status <= 299) }
