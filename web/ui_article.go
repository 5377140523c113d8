package web

import (
	"context"
	"html/template"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"time"

	"github.com/gazette-news/gazette/search"
	"github.com/gorilla/mux"
)

// articlePage is the data for article.html.
type articlePage struct {
	layout
	Headline     template.HTML // the title, escaped, with the query's matches marked
	Back         string        // the search the reader came from, or the empty search
	Site         string
	Author       string
	Published    string
	PublishedISO string
	Modified     string
	ModifiedISO  string
	Image        string // lead image on the original site, linked (not loaded: that would tell the site who reads)
	Captured     string
	Lang         string
	Places       []placeLink
	Paragraphs   []template.HTML // escaped, the query's matches marked, places linked
	Similar      []similarView   // "more like this"
	Original     string          // link to the original URL; empty unless http(s)
	OriginalText string
	ShowCaptures bool // Config.Captures is set and answered
	Captures     []captureView
	JSONURL      string
}

// captureView is one entry of a capture timeline.
type captureView struct {
	Time      string // for people
	ISO       string // RFC 3339, for <time datetime>
	Timestamp string // 14 digits
	Status    int
	Link      string // the framed replay; empty when replay is off
	Current   bool   // the capture being shown (replay page)
	Unchanged bool   // same payload digest as the capture before it
	From      string // on an article page: the URL captured, when it is not the article's own
}

// similarView is one entry of the "more like this" list.
type similarView struct {
	Title, URL, Site, Date, DateISO string
}

// similarCount is how many similar articles the article page lists.
const similarCount = 5

// articleReader is what the article page uses of the index beyond
// Searcher, when it offers it (*search.Index does): where the reader's
// query matched, and similar articles.
type articleReader interface {
	Matches(ctx context.Context, id, q string) (search.Matches, error)
	Similar(ctx context.Context, id string, n int) ([]search.Hit, error)
}

// uiArticle serves one article's clean text and metadata at
// /articles/{id}. A link from the results page carries the search in its
// query string (articleLink): the page then links back to those results
// and marks what the query matched.
func (s *server) uiArticle(w http.ResponseWriter, r *http.Request) {
	id := mux.Vars(r)["id"]
	from, hasSearch := searchState(r)
	doc, err := s.search.Get(id)
	if err != nil {
		status, _, _ := classify(err)
		if status == http.StatusNotFound {
			s.renderError(w, r, http.StatusNotFound, "Article not found",
				"No article with this id is in the archive. It may have been removed, or the link may be incomplete.")
			return
		}
		s.logFault(r, err)
		s.serverError(w, r)
		return
	}

	p := articlePage{
		layout:       layout{Title: doc.Title, Credits: s.credits},
		Back:         "/",
		Site:         doc.Outlet,
		Author:       doc.Author,
		Published:    formatDate(doc.Published),
		PublishedISO: isoDate(doc.Published),
		Modified:     formatDate(doc.Modified),
		ModifiedISO:  isoDate(doc.Modified),
		Captured:     formatDateTime(doc.Captured),
		Lang:         languageName(doc.Lang),
		OriginalText: displayURL(doc.URL),
		JSONURL:      "/api/v1/articles/" + url.PathEscape(doc.ID),
	}
	if hasSearch {
		p.Back = searchURL(from, from.Page)
	}
	var marks search.Matches
	ar, canRead := s.index.(articleReader)
	if canRead && from.Query != "" {
		// The marks are a courtesy: if the index cannot give them in time,
		// the article is shown unmarked.
		err := s.limiter.run(r.Context(), from.Query, func(ctx context.Context) (err error) {
			marks, err = ar.Matches(ctx, doc.ID, from.Query)
			return err
		})
		if err != nil {
			s.log.Warn("marking the query in an article", slog.String("id", doc.ID), slog.Any("err", err))
			marks = search.Matches{}
		}
	}
	toPlace := func(id string) string { return placeURL(id) }
	p.Headline = markedText(doc.Title, 0, marks.Title, nil, toPlace)
	if doc.Title == "" {
		p.Headline = "(untitled)"
		p.Title = "(untitled)"
	}
	p.Paragraphs = markedParagraphs(doc.Text, marks.Text, search.PlaceMentions(doc.Text, doc.Places), toPlace)
	if canRead {
		var similar []search.Hit
		err := s.limiter.run(r.Context(), "similar:"+doc.ID, func(ctx context.Context) (err error) {
			similar, err = ar.Similar(ctx, doc.ID, similarCount)
			return err
		})
		if err != nil {
			s.log.Warn("finding similar articles", slog.String("id", doc.ID), slog.Any("err", err))
			similar = nil
		}
		for _, h := range similar {
			sv := similarView{Title: h.Title, URL: articleLink(h.ID, from, hasSearch), Site: h.Site,
				Date: formatDate(h.Published), DateISO: isoDate(h.Published)}
			if sv.Title == "" {
				sv.Title = "(untitled)"
			}
			p.Similar = append(p.Similar, sv)
		}
	}
	if u, err := url.Parse(doc.URL); err == nil && (u.Scheme == "http" || u.Scheme == "https") {
		p.Original = doc.URL
	}
	if u, err := url.Parse(doc.Image); err == nil && (u.Scheme == "http" || u.Scheme == "https") {
		p.Image = doc.Image
	}
	for _, pl := range doc.Places {
		name := pl.Name
		if name == "" {
			name = pl.ID
		}
		p.Places = append(p.Places, placeLink{Name: name, URL: placeURL(pl.ID)})
	}
	p.ShowCaptures, p.Captures = s.articleCaptures(r, doc)
	s.render(w, r, http.StatusOK, s.pages.article, p)
}

// articleCaptures asks the archive when the article was captured: at
// every URL it was built from (its sources: the page's own URL, the same
// page with tracking parameters, another section's URL that names it as
// canonical), else at its own URL. An archive error is logged and the
// section left out: the article itself is still worth showing.
func (s *server) articleCaptures(r *http.Request, doc search.Doc) (bool, []captureView) {
	if s.captures == nil || doc.URL == "" {
		return false, nil
	}
	urls := []string{doc.URL}
	if len(doc.Sources) > 0 {
		urls = urls[:0]
		for _, src := range doc.Sources {
			if !slices.Contains(urls, src.URL) {
				urls = append(urls, src.URL)
			}
		}
	}
	var all []CaptureInfo
	for _, u := range urls {
		caps, err := s.captures(u)
		if err != nil {
			s.log.Warn("listing captures", slog.String("url", u), slog.Any("err", err))
			return false, nil
		}
		for _, c := range caps {
			if c.URL == "" {
				c.URL = u
			}
			all = append(all, c)
		}
	}
	slices.SortStableFunc(all, func(a, b CaptureInfo) int { return a.Time.Compare(b.Time) })
	views := s.captureViews(doc.URL, all, time.Time{})
	for i, c := range all {
		if c.URL != doc.URL {
			views[i].From = displayURL(c.URL) // captured at another URL than the article's own
		}
	}
	return true, views
}
