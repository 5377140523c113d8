package web

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"html/template"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gazette-news/gazette/search"
)

// Every search has a feed with the same parameters, so that a reader can
// follow a story: /feed.atom (Atom 1.0) and /feed.json (JSON Feed 1.1)
// list the newest articles of the search. Feed readers poll every few
// minutes; a poll with the validators of the last answer costs a hash, not
// a search (see conditional.go).

// feedSize is how many articles a feed lists: the newest of the search.
const feedSize = 50

// feedVersion changes the feeds' ETags when their layout changes, so that
// readers do not keep an answer of an older Gazette.
const feedVersion = "1"

// modifiedSearcher is a Searcher that knows when its index last changed.
// *search.Index implements it. Without it, feeds are always sent whole.
type modifiedSearcher interface {
	Modified() time.Time
}

// feed is what both feed formats show: the search and its newest articles,
// with absolute URLs.
type feed struct {
	Title       string    // "Gazette: Kharkiv · Izium"
	Description string    // the search in words
	Self        string    // this feed
	Home        string    // the search page
	Updated     time.Time // the newest entry's update, or the index's last change
	Total       uint64    // articles matching the search, listed or not
	Query       string
	Items       []feedItem
}

// feedItem is one article in a feed.
type feedItem struct {
	ID        string
	Title     string
	Page      string // the article page on this server
	Original  string // the article where it was published
	Published *time.Time
	Updated   time.Time // modified, else published, else captured
	Author    string
	Site      string
	Lang      string
	Places    []search.Place
	Snippet   template.HTML // HTML: text with <mark>…</mark> around matches
}

// feedFormat is one of the two feed formats.
type feedFormat struct {
	ext         string // "atom" or "json": the path is /feed.EXT
	contentType string
	write       func(w io.Writer, f *feed) error
}

var (
	atomFormat     = feedFormat{ext: "atom", contentType: "application/atom+xml; charset=utf-8", write: writeAtom}
	jsonFeedFormat = feedFormat{ext: "json", contentType: "application/feed+json; charset=utf-8", write: writeJSONFeed}
)

// feedAtom serves GET /feed.atom.
func (s *server) feedAtom(w http.ResponseWriter, r *http.Request) { s.serveFeed(w, r, atomFormat) }

// feedJSON serves GET /feed.json.
func (s *server) feedJSON(w http.ResponseWriter, r *http.Request) { s.serveFeed(w, r, jsonFeedFormat) }

// serveFeed answers a feed request: 304 when the caller's copy is current,
// else the newest articles of the search in the given format.
func (s *server) serveFeed(w http.ResponseWriter, r *http.Request, format feedFormat) {
	req, err := s.searchRequest(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	req = feedRequest(req)
	base := baseURL(r)
	if ms, ok := s.index.(modifiedSearcher); ok {
		modified := ms.Modified()
		etag := feedETag(format.ext, base, req, modified)
		setValidators(w, etag, modified)
		w.Header().Set("Cache-Control", "public, max-age=300")
		if notModified(r, etag, modified) {
			w.WriteHeader(http.StatusNotModified)
			return
		}
	}
	f, err := s.buildFeed(r.Context(), req, base, format.ext)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", format.contentType)
	if r.Method == http.MethodHead {
		w.WriteHeader(http.StatusOK)
		return
	}
	if err := format.write(w, f); err != nil {
		s.logFault(r, err)
	}
}

// feedRequest is the search a feed lists: its first feedSize articles,
// newest first, whatever page, size and order the URL asked for.
func feedRequest(req search.Request) search.Request {
	req.Sort, req.Page, req.Size = "newest", 1, feedSize
	return req
}

// feedETag identifies a feed's content: it changes with the index, the
// search, the format and the address the feed was asked at (its links are
// absolute).
func feedETag(ext, base string, req search.Request, modified time.Time) string {
	h := sha256.New()
	for _, part := range []string{feedVersion, ext, base, values(req).Encode(), modified.UTC().Format(time.RFC3339Nano)} {
		h.Write([]byte(part))
		h.Write([]byte{0})
	}
	return `"` + hex.EncodeToString(h.Sum(nil)[:12]) + `"`
}

// feedPath is the feed of a search at this server, in format ext ("atom"
// or "json"). Page, size and sort order are left out: a feed always lists
// the newest articles.
func feedPath(req search.Request, ext string) string {
	req.Sort, req.Size = "", 0
	v := values(req)
	if len(v) == 0 {
		return "/feed." + ext
	}
	return "/feed." + ext + "?" + v.Encode()
}

// buildFeed runs the search and gathers what both formats show. Each hit
// is read back for its author and dates, which hits do not carry: at most
// feedSize reads.
func (s *server) buildFeed(ctx context.Context, req search.Request, base, ext string) (*feed, error) {
	res, err := s.search.Search(ctx, req)
	if err != nil {
		return nil, err
	}
	title, desc := s.describeSearch(req, res.Hits)
	home := req
	home.Sort, home.Size = "newest", 0
	f := &feed{
		Title:       "Gazette: " + title,
		Description: desc,
		Self:        base + feedPath(req, ext),
		Home:        base + searchURL(home, 1),
		Total:       res.Total,
		Query:       req.Query,
	}
	for _, h := range res.Hits {
		doc, err := s.search.Get(h.ID)
		if errors.Is(err, search.ErrNotFound) {
			continue // replaced since the search; the next poll has it
		}
		if err != nil {
			return nil, err
		}
		it := feedItem{
			ID:        h.ID,
			Title:     h.Title,
			Page:      base + articleURL(h.ID),
			Original:  h.URL,
			Published: h.Published,
			Updated:   doc.Captured,
			Author:    doc.Author,
			Site:      h.Site,
			Lang:      h.Lang,
			Places:    h.Places,
			Snippet:   safeSnippet(h.Snippet),
		}
		if it.Title == "" {
			it.Title = "(untitled)"
		}
		switch {
		case doc.Modified != nil && !doc.Modified.IsZero():
			it.Updated = *doc.Modified
		case h.Published != nil && !h.Published.IsZero():
			it.Updated = *h.Published
		}
		if it.Updated.After(f.Updated) {
			f.Updated = it.Updated
		}
		f.Items = append(f.Items, it)
	}
	if f.Updated.IsZero() {
		if ms, ok := s.index.(modifiedSearcher); ok {
			f.Updated = ms.Modified()
		} else {
			f.Updated = time.Now()
		}
	}
	return f, nil
}

// describeSearch names a search for a feed title ("Kharkiv · Izium") and
// in a sentence for its description. Place names come from the gazetteer,
// else from the hits, else are the ids.
func (s *server) describeSearch(req search.Request, hits []search.Hit) (title, desc string) {
	var parts []string
	if req.Query != "" {
		parts = append(parts, req.Query)
	}
	for _, id := range req.Places {
		parts = append(parts, s.placeName(id, hits))
	}
	if req.From != nil {
		parts = append(parts, "from "+req.From.Format(dateLayout))
	}
	if req.To != nil {
		parts = append(parts, "to "+req.To.Format(dateLayout))
	}
	for _, l := range req.Langs {
		parts = append(parts, languageName(l))
	}
	parts = append(parts, req.Sites...)
	if req.Undated == search.UndatedOnly {
		parts = append(parts, "undated")
	}
	if len(parts) == 0 {
		return "all articles", "The newest articles in the archive."
	}
	return strings.Join(parts, " · "), "The newest articles in the archive matching " + strings.Join(parts, ", ") + "."
}

// placeName is the display name of a place id.
func (s *server) placeName(id string, hits []search.Hit) string {
	if s.places != nil {
		if p, ok := s.places.Place(id); ok && p.Name != "" {
			return p.Name
		}
	}
	for _, h := range hits {
		for _, p := range h.Places {
			if p.ID == id && p.Name != "" {
				return p.Name
			}
		}
	}
	return id
}

// baseURL is the scheme and host this request was made to, for the
// absolute links feeds and the OpenSearch description need. Behind a TLS
// proxy, X-Forwarded-Proto says https.
func baseURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil || strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https") {
		scheme = "https"
	}
	host := r.Host
	if host == "" {
		host = "localhost"
	}
	return (&url.URL{Scheme: scheme, Host: host}).String()
}
