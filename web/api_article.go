package web

import (
	"net/http"
	"time"

	"github.com/gazette-news/gazette/search"
	"github.com/gorilla/mux"
)

// article is the JSON shape of GET /api/v1/articles/{id}: the fields of a
// search hit (without the snippet) plus the full text, author and capture
// time, the last update and the lead image the page names, and the
// captures it was built from.
type article struct {
	ID        string         `json:"id"`
	URL       string         `json:"url"`
	Title     string         `json:"title"`
	Published *time.Time     `json:"published"`
	Site      string         `json:"site"`
	Lang      string         `json:"lang"`
	Places    []search.Place `json:"places"`
	Text      string         `json:"text"`
	Author    string         `json:"author"`
	Captured  *time.Time     `json:"captured"` // null when unknown
	Modified  *time.Time     `json:"modified"` // null when the page does not say
	Image     string         `json:"image"`    // lead image URL on the original site; "" if none
	Sources   []source       `json:"sources"`  // the captures it was built from, newest first
}

// source is one capture an article was built from.
type source struct {
	URL  string    `json:"url"`
	Time time.Time `json:"time"`
}

func newArticle(d search.Doc) article {
	a := article{
		ID:        d.ID,
		URL:       d.URL,
		Title:     d.Title,
		Published: d.Published,
		Site:      d.Outlet,
		Lang:      d.Lang,
		Places:    nonNil(d.Places),
		Text:      d.Text,
		Author:    d.Author,
		Captured:  timeOrNil(d.Captured),
		Modified:  d.Modified,
		Image:     d.Image,
		Sources:   []source{},
	}
	for _, src := range d.Sources {
		a.Sources = append(a.Sources, source{URL: src.URL, Time: src.Time.UTC()})
	}
	return a
}

// timeOrNil maps the zero time to nil so it encodes as JSON null.
func timeOrNil(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

// apiArticle answers GET /api/v1/articles/{id}.
func (s *server) apiArticle(w http.ResponseWriter, r *http.Request) {
	doc, err := s.search.Get(mux.Vars(r)["id"])
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	s.writeJSON(w, r, http.StatusOK, newArticle(doc))
}
