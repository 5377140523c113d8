// Package indexer turns archived captures into searchable articles: it runs
// the cleaner (decode, boilerplate removal, main text, metadata) and the
// place recogniser, and hands the result to the search index.
package indexer

import (
	"context"
	"crypto/sha1"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/gazette-news/gazette/archive"
	"github.com/gazette-news/gazette/indexer/decode"
	"github.com/gazette-news/gazette/indexer/extract"
	"github.com/gazette-news/gazette/indexer/listing"
	"github.com/gazette-news/gazette/indexer/places"
	"github.com/gazette-news/gazette/search"
)

// ErrNoArticle is returned for captures that hold no article (error pages,
// empty pages, binary files).
var ErrNoArticle = extract.ErrNoArticle

// Article is an extracted article with its recognised places.
type Article struct {
	ID  string // stable id derived from the URL
	URL string
	extract.Article
	Captured time.Time
	Places   []places.Found
}

// Indexer extracts articles from captures. The zero value is not usable:
// Places must be set.
type Indexer struct {
	Places *places.Gazetteer
}

// Extract runs the cleaner and the place recogniser over one capture.
func (x *Indexer) Extract(c archive.Capture) (Article, error) {
	if !isOK(c.Status) {
		return Article{}, fmt.Errorf("%w: HTTP status %d", ErrNoArticle, c.Status)
	}
	contentType := c.MIME
	if c.Header != nil && c.Header.Get("Content-Type") != "" {
		contentType = c.Header.Get("Content-Type")
	}
	if c.Header != nil && !isArticlePage(c, contentType) {
		return Article{}, fmt.Errorf("%w: a listing page (home page, section or tag), not an article", ErrNoArticle)
	}
	a, err := extract.Extract(extract.Input{URL: c.URL, ContentType: contentType, Body: c.Body})
	if err != nil {
		return Article{}, err
	}
	u := c.URL
	if a.Canonical != "" && sameSite(a.Canonical, c.URL) {
		u = a.Canonical
	}
	art := Article{ID: ArticleID(u), URL: u, Article: a, Captured: c.Time}
	if x.Places != nil {
		art.Places = x.Places.Find(a.Title + "\n\n" + a.Text)
	}
	return art, nil
}

// Doc converts an article to the search index's document, with every name
// variant of its places so that a query in any spelling or script finds it,
// and each place's chain of regions and country so that a filter by a region
// finds the articles about the places inside it.
func (x *Indexer) Doc(a Article) search.Doc {
	d := search.Doc{
		ID: a.ID, URL: a.URL, Title: a.Title, Text: a.Text, Author: a.Author,
		Site: a.Site, Lang: a.Lang, Published: a.Published, Modified: a.Modified, Image: a.Image, Captured: a.Captured,
	}
	if d.Site == "" {
		d.Site = hostOf(a.URL)
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

// ArticleID is the stable id of the article at a URL: the first 16 hex
// digits of the SHA-1 of the URL, so re-importing updates in place.
func ArticleID(u string) string {
	sum := sha1.Sum([]byte(u))
	return hex.EncodeToString(sum[:8])
}

// sameSite reports whether a page's declared canonical URL is on the same
// host as the URL it was captured from (or the capture came from a file), so
// a hostile page cannot claim another site's URL.
func sameSite(canonical, captured string) bool {
	cu, err1 := url.Parse(canonical)
	pu, err2 := url.Parse(captured)
	if err1 != nil || err2 != nil || cu.Host == "" {
		return false
	}
	if pu.Scheme == "file" || pu.Host == "" {
		return true
	}
	return strings.TrimPrefix(strings.ToLower(cu.Hostname()), "www.") == strings.TrimPrefix(strings.ToLower(pu.Hostname()), "www.")
}

func hostOf(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(strings.ToLower(p.Hostname()), "www.")
}

// Sink is where indexed documents go; *search.Index implements it.
type Sink interface {
	Put(docs ...search.Doc) error
	Get(id string) (search.Doc, error)
}

// Store is the archive the pipeline writes to; *archive.Store implements it.
type Store interface {
	Add(ctx context.Context, c archive.Capture) (archive.Capture, bool, error)
	Captures(url string) ([]archive.Capture, error) // oldest first
}

// ErrOlder is reported for a capture older than the newest one archived
// for its URL (WARC files imported out of order): it is archived, and the
// article keeps the newest version.
var ErrOlder = errors.New("older than the newest capture of the URL: archived, the article keeps the newest")

// Outcome says what happened to one capture in the pipeline.
type Outcome int

const (
	Imported  Outcome = iota // a new article was indexed
	Updated                  // an existing article got a new version
	Unchanged                // the same content was already archived
	Archived                 // archived, but it holds no article
	Rejected                 // not archived: the archive refused the capture (see archive.ErrInvalid, archive.ErrNoOriginal)
)

func (o Outcome) String() string {
	return [...]string{"imported", "updated", "unchanged", "archived (no article)", "rejected"}[o]
}

// Pipeline archives captures and indexes the articles in them.
type Pipeline struct {
	Archive Store
	Index   Sink
	Indexer *Indexer
}

// Ingest archives one capture and, when its content is new, extracts and
// indexes its article. A capture without an article is still archived and
// reported with Outcome Archived and the reason in err, and so is a capture
// older than the newest one of its URL (ErrOlder); a capture the archive
// refuses is reported with Outcome Rejected. Any other error is the
// archive's or the index's own failure.
func (p *Pipeline) Ingest(ctx context.Context, c archive.Capture) (Outcome, error) {
	stored, added, err := p.Archive.Add(ctx, c)
	if errors.Is(err, archive.ErrInvalid) || errors.Is(err, archive.ErrNoOriginal) {
		return Rejected, err // this capture only: the caller reports it and goes on
	}
	if err != nil {
		return 0, fmt.Errorf("archive: %w", err)
	}
	if !added {
		if !isOK(c.Status) {
			return Archived, fmt.Errorf("%w: HTTP status %d (already archived)", ErrNoArticle, c.Status)
		}
		return Unchanged, nil
	}
	caps, err := p.Archive.Captures(stored.URL)
	if err != nil {
		return 0, fmt.Errorf("archive: %w", err)
	}
	if n := len(caps); n > 0 && caps[n-1].Time.After(stored.Time) {
		return Archived, fmt.Errorf("%w (%s)", ErrOlder, caps[n-1].Time.Format(time.RFC3339))
	}
	if c.Original == nil {
		// Index the body as given (a revisit read from a WARC has none;
		// the archive loaded its payload into stored).
		stored.Body, stored.Header = c.Body, c.Header
	}
	if stored.MIME == "" {
		stored.MIME = c.MIME
	}
	return p.index(stored, false)
}

// Reindex re-extracts and indexes one archived capture (with its body
// loaded). The article is written again in any case (the index's analysis
// or the place names may have changed); the outcome is Updated when what a
// reader sees of it changed (title, text, author, site, language, dates,
// image, places), Unchanged when it did not, Imported when it is new.
func (p *Pipeline) Reindex(c archive.Capture) (Outcome, error) { return p.index(c, true) }

func (p *Pipeline) index(c archive.Capture, compare bool) (Outcome, error) {
	a, err := p.Indexer.Extract(c)
	if err != nil {
		return Archived, err
	}
	doc := p.Indexer.Doc(a)
	outcome := Imported
	if old, err := p.Index.Get(a.ID); err == nil {
		outcome = Updated
		if compare && sameArticle(old, doc) {
			outcome = Unchanged
		}
	} else if !errors.Is(err, search.ErrNotFound) {
		return 0, fmt.Errorf("index: %w", err)
	}
	if err := p.Index.Put(doc); err != nil {
		return 0, fmt.Errorf("index: %w", err)
	}
	return outcome, nil
}

// sameArticle reports whether two versions of an article read the same:
// the fields a reader sees, and the same places in the same order.
func sameArticle(a, b search.Doc) bool {
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

// isArticlePage applies the crawler's article-or-listing test to an HTTP
// capture of an HTML page (listing.Article), so that an imported crawl (a
// WARC or WACZ) indexes the same pages as crawling the site does. Saved
// HTML files and text dumps are taken as the articles their owner chose.
func isArticlePage(c archive.Capture, contentType string) bool {
	text, _, err := decode.ToUTF8(c.Body, contentType)
	if err != nil || !strings.Contains(strings.ToLower(contentType), "html") {
		return true // not HTML, or not decodable: extraction decides
	}
	path := "/"
	if u, err := url.Parse(c.URL); err == nil && u.Path != "" {
		path = u.Path
	}
	return listing.Article([]byte(text), path)
}

// isOK reports whether a capture's HTTP status can hold an article (0 means
// the capture came from a file, not HTTP).
func isOK(status int) bool { return status == 0 || (status >= 200 && status <= 299) }
