package web

import "github.com/gazette-news/gazette/search"

// The results page links the feeds of its search (in the page head as
// alternates, and visibly as "Follow this search") and its downloads.

// feedLinks are the feeds of a search, relative to this server.
type feedLinks struct {
	Title string // the feed's title, for the link's title attribute
	Atom  string // /feed.atom?…
	JSON  string // /feed.json?…
}

// searchTools is the data for the search-tools template.
type searchTools struct {
	Feeds *feedLinks
}

// searchTools builds the links of a search that could be answered.
func (s *server) searchTools(req search.Request, res *search.Result) (*feedLinks, *searchTools) {
	var hits []search.Hit
	if res != nil {
		hits = res.Hits
	}
	title, _ := s.describeSearch(req, hits)
	feeds := &feedLinks{Title: "Gazette: " + title, Atom: feedPath(req, "atom"), JSON: feedPath(req, "json")}
	return feeds, &searchTools{Feeds: feeds}
}
