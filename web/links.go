package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/gazette-news/gazette/search"
	"github.com/gazette-news/gazette/urlid"
)

// Links in the UI are built from the current request so that every filter
// survives navigation: a facet link is the current URL plus one filter, a
// remove link is the current URL minus one. Links that change the result
// set always drop the page number.

// searchURL is the UI search page for a request, at the given page
// (page <= 1 leaves the parameter out).
func searchURL(req search.Request, page int) string {
	v := values(req)
	if page > 1 {
		v.Set("page", strconv.Itoa(page))
	}
	if len(v) == 0 {
		return "/"
	}
	return "/?" + v.Encode()
}

// withPlace returns req also filtered to the place id.
func withPlace(req search.Request, id string) search.Request {
	if !slices.Contains(req.Places, id) {
		req.Places = append(slices.Clone(req.Places), id)
	}
	return req
}

// withoutPlace returns req without the place filter id.
func withoutPlace(req search.Request, id string) search.Request {
	req.Places = slices.DeleteFunc(slices.Clone(req.Places), func(p string) bool { return p == id })
	return req
}

// withDates returns req limited to published dates from..to (YYYY-MM-DD).
// An unparsable date leaves that bound unset.
func withDates(req search.Request, from, to string) search.Request {
	req.From = parseDay(from)
	req.To = parseDay(to)
	return req
}

func parseDay(s string) *time.Time {
	t, err := time.Parse(dateLayout, s)
	if err != nil {
		return nil
	}
	return &t
}

// placeURL is the search page filtered to one place and nothing else,
// used on article pages.
func placeURL(id string) string {
	return "/?" + url.Values{"place": {id}}.Encode()
}

// articleLink is the UI page for one article, reached from the search
// req (at its page): the page links back to it and marks its query.
// Without a search (hasSearch false) it is articleURL.
func articleLink(id string, req search.Request, hasSearch bool) string {
	v := values(req)
	if req.Page > 1 {
		v.Set("page", strconv.Itoa(req.Page))
	}
	if !hasSearch || len(v) == 0 {
		return articleURL(id)
	}
	return articleURL(id) + "?" + v.Encode()
}

// searchState reads the search an article link carries (articleLink). A
// link without one, or with parameters the search page would refuse,
// gives false: the article page then links back to an empty search.
func searchState(r *http.Request) (search.Request, bool) {
	if r.URL.RawQuery == "" {
		return search.Request{}, false
	}
	v, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return search.Request{}, false
	}
	req, err := parseRequest(v)
	if err != nil {
		return search.Request{}, false
	}
	return req, true
}

// articleURL is the UI page for one article.
func articleURL(id string) string {
	return "/articles/" + url.PathEscape(id)
}

// displayURL is a URL as a reader sees it: an imported file (a file: URL,
// see urlid.FileID) by its file name only, never by the folders of the
// machine it was imported on.
func displayURL(u string) string {
	if name, ok := urlid.FileName(u); ok {
		if name == "" {
			return "an imported file"
		}
		return name + " (imported file)"
	}
	return u
}
