package web

import (
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
	Headline     string
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
	Paragraphs   []string
	Original     string // link to the original URL; empty unless http(s)
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

// uiArticle serves one article's clean text and metadata at /articles/{id}.
func (s *server) uiArticle(w http.ResponseWriter, r *http.Request) {
	id := mux.Vars(r)["id"]
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
		Headline:     doc.Title,
		Site:         doc.Site,
		Author:       doc.Author,
		Published:    formatDate(doc.Published),
		PublishedISO: isoDate(doc.Published),
		Modified:     formatDate(doc.Modified),
		ModifiedISO:  isoDate(doc.Modified),
		Captured:     formatDateTime(doc.Captured),
		Lang:         languageName(doc.Lang),
		Paragraphs:   paragraphs(doc.Text),
		OriginalText: doc.URL,
		JSONURL:      "/api/v1/articles/" + url.PathEscape(doc.ID),
	}
	if p.Headline == "" {
		p.Headline = "(untitled)"
		p.Title = p.Headline
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
			views[i].From = c.URL // captured at another URL than the article's own
		}
	}
	return true, views
}
