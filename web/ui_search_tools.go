package web

import (
	"net/url"
	"strconv"

	"github.com/gazette-news/gazette/search"
)

// The results page links the feeds of its search (in the page head as
// alternates, and visibly as "Follow this search"), its downloads as CSV
// and JSON Lines, and, when the server has an admin token, a form that
// downloads its WACZ with the token.

// feedLinks are the feeds of a search, relative to this server.
type feedLinks struct {
	Title string // the feed's title, for the link's title attribute
	Atom  string // /feed.atom?…
	JSON  string // /feed.json?…
}

// searchTools is the data for the search-tools template.
type searchTools struct {
	Feeds *feedLinks
	// CSV and JSONL download every hit; "" when there is none.
	CSV, JSONL string
	Count      string // what a download holds, for people: "all 253 articles"
	// WACZ is the admin's WACZ download form; nil when it is disabled or
	// there is nothing to export.
	WACZ *waczForm
}

// waczForm posts the search and the admin token to /api/v1/export/wacz.
type waczForm struct {
	Fields []hiddenField
}

// searchTools builds the links of a search that could be answered.
func (s *server) searchTools(req search.Request, res *search.Result) (*feedLinks, *searchTools) {
	var hits []search.Hit
	var total uint64
	if res != nil {
		hits, total = res.Hits, res.Total
	}
	title, _ := s.describeSearch(req, hits)
	feeds := &feedLinks{Title: "Gazette: " + title, Atom: feedPath(req, "atom"), JSON: feedPath(req, "json")}
	tools := &searchTools{Feeds: feeds}
	if total == 0 {
		return feeds, tools
	}
	tools.CSV, tools.JSONL = exportPath(req, "csv"), exportPath(req, "jsonl")
	n := min(total, uint64(s.exportLimit))
	switch {
	case n < total:
		tools.Count = "the first " + strconv.FormatUint(n, 10) + " of " + strconv.FormatUint(total, 10) + " articles"
	case n == 1:
		tools.Count = "this article"
	default:
		tools.Count = "all " + strconv.FormatUint(n, 10) + " articles"
	}
	// With an admin listener of its own, the WACZ export is not on this
	// origin, so the page offers no form for it.
	if s.adminToken != "" && s.exportWACZ != nil && !s.separateAdmin {
		form := &waczForm{}
		v := exportValues(req)
		for _, name := range []string{"q", "place", "from", "to", "lang", "site"} {
			for _, val := range v[name] {
				form.Fields = append(form.Fields, hiddenField{Name: name, Value: val})
			}
		}
		tools.WACZ = form
	}
	return feeds, tools
}

// exportPath is the export of a search in format ("csv" or "jsonl"), in
// the order of the results page.
func exportPath(req search.Request, format string) string {
	v := exportValues(req)
	v.Set("format", format)
	return "/api/v1/export?" + v.Encode()
}

// exportValues are the parameters of a search that an export keeps: all
// but the page and its size.
func exportValues(req search.Request) url.Values {
	req.Size = 0
	return values(req)
}
