package web

import (
	"encoding/json"
	"fmt"
	"io"
	"time"

	"golang.org/x/net/html"
)

// The JSON Feed 1.1 of a search (https://jsonfeed.org/version/1.1), with
// what JSON Feed has no field for (site, place ids) in a "_gazette"
// extension object.

type jsonFeed struct {
	Version     string         `json:"version"`
	Title       string         `json:"title"`
	HomePageURL string         `json:"home_page_url"`
	FeedURL     string         `json:"feed_url"`
	Description string         `json:"description,omitempty"`
	Authors     []jsonAuthor   `json:"authors"`
	Items       []jsonFeedItem `json:"items"`
	Gazette     jsonFeedExt    `json:"_gazette"`
}

type jsonFeedExt struct {
	Total uint64 `json:"total"` // articles matching the search, listed or not
}

type jsonAuthor struct {
	Name string `json:"name"`
}

type jsonFeedItem struct {
	ID            string       `json:"id"`
	URL           string       `json:"url"`
	ExternalURL   string       `json:"external_url,omitempty"`
	Title         string       `json:"title"`
	ContentHTML   string       `json:"content_html"`
	Summary       string       `json:"summary,omitempty"`
	DatePublished *time.Time   `json:"date_published,omitempty"`
	DateModified  time.Time    `json:"date_modified"`
	Authors       []jsonAuthor `json:"authors,omitempty"`
	Tags          []string     `json:"tags,omitempty"`
	Language      string       `json:"language,omitempty"`
	Gazette       jsonItemExt  `json:"_gazette"`
}

type jsonItemExt struct {
	Site   string      `json:"site,omitempty"`
	Places []jsonPlace `json:"places"`
}

type jsonPlace struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// writeJSONFeed writes f as a JSON Feed. The article page is the item's
// url, the original its external_url, place names its tags; the snippet
// is its content_html, and the snippet's text its summary.
func writeJSONFeed(w io.Writer, f *feed) error {
	jf := jsonFeed{
		Version:     "https://jsonfeed.org/version/1.1",
		Title:       f.Title,
		HomePageURL: f.Home,
		FeedURL:     f.Self,
		Description: f.Description,
		Authors:     []jsonAuthor{{Name: "Gazette"}},
		Items:       []jsonFeedItem{},
		Gazette:     jsonFeedExt{Total: f.Total},
	}
	for _, it := range f.Items {
		ji := jsonFeedItem{
			ID:            it.Page,
			URL:           it.Page,
			ExternalURL:   it.Original,
			Title:         it.Title,
			ContentHTML:   string(it.Snippet),
			Summary:       htmlText(string(it.Snippet)),
			DatePublished: utcPtr(it.Published),
			DateModified:  it.Updated.UTC(),
			Language:      it.Lang,
			Gazette:       jsonItemExt{Site: it.Site, Places: []jsonPlace{}},
		}
		if it.Author != "" {
			ji.Authors = []jsonAuthor{{Name: it.Author}}
		}
		for _, p := range it.Places {
			ji.Tags = append(ji.Tags, p.Name)
			ji.Gazette.Places = append(ji.Gazette.Places, jsonPlace{ID: p.ID, Name: p.Name})
		}
		jf.Items = append(jf.Items, ji)
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(jf); err != nil {
		return fmt.Errorf("json feed: %w", err)
	}
	return nil
}

// htmlText is the text of an HTML fragment, entities decoded.
func htmlText(s string) string {
	return html.UnescapeString(stripTags(s))
}

// stripTags drops the tags of an HTML fragment such as a snippet.
func stripTags(s string) string {
	out := make([]byte, 0, len(s))
	in := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '<':
			in = true
		case c == '>' && in:
			in = false
		case !in:
			out = append(out, c)
		}
	}
	return string(out)
}

func utcPtr(t *time.Time) *time.Time {
	if t == nil || t.IsZero() {
		return nil
	}
	u := t.UTC()
	return &u
}
