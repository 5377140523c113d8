package web

import (
	"errors"
	"strconv"

	"github.com/gazette-news/gazette/search"
)

// The search page helps with the query language: a link to the help page
// beside the search box, a bad query shown with its offending part marked,
// "Did you mean …?" when a query finds little, and the nearest broader
// query when it finds nothing. Near and map-box filters show as active
// filters like the others.

// helpPath is the query language's help page.
const helpPath = "/help"

// queryNotes is what the search page says about the query itself.
type queryNotes struct {
	HelpURL    string
	Bad        *markedQuery // a query with a syntax error, its offending part marked
	Suggestion *altQuery    // a corrected query
	Broader    *altQuery    // a broader query that finds something
}

// markedQuery is a query split around its offending part, for <mark>.
type markedQuery struct {
	Before, Mark, After string
}

// altQuery is another query to offer, with its link and, for a broader
// query, how many articles it finds.
type altQuery struct {
	Query string
	URL   string
	Total uint64
}

// newQueryNotes describes the query of req: err is why it could not run
// (nil when it did), res its result (nil when it did not run).
func newQueryNotes(req search.Request, res *search.Result, err error) queryNotes {
	n := queryNotes{HelpURL: helpPath}
	var qe *search.QueryError
	if errors.As(err, &qe) && qe.Positioned() {
		if q := []rune(req.Query); qe.End <= len(q) {
			n.Bad = &markedQuery{Before: string(q[:qe.Start]), Mark: string(q[qe.Start:qe.End]), After: string(q[qe.End:])}
		}
	}
	if res == nil {
		return n
	}
	if res.Suggestion != "" {
		r := req
		r.Query = res.Suggestion
		n.Suggestion = &altQuery{Query: res.Suggestion, URL: searchURL(r, 1)}
	}
	if b := res.Broader; b != nil {
		r := req
		r.Query = b.Query
		n.Broader = &altQuery{Query: b.Query, URL: searchURL(r, 1), Total: b.Total}
	}
	return n
}

// geoFilterChips lists the near and map-box filters of req as active
// filters, each with a link removing it.
func (s *server) geoFilterChips(req search.Request) []activeFilter {
	var out []activeFilter
	if req.Near != nil {
		name := req.Near.Place
		if s.places != nil {
			if p, ok := s.places.Place(req.Near.Place); ok {
				name = p.Name
			}
		}
		r := req
		r.Near = nil
		out = append(out, activeFilter{Kind: "Near", Label: "within " + strconv.FormatFloat(req.Near.Km, 'f', -1, 64) + " km of " + name,
			RemoveURL: searchURL(r, 1)})
	}
	if req.BBox != nil {
		r := req
		r.BBox = nil
		b := req.BBox
		f := func(x float64) string { return strconv.FormatFloat(x, 'f', 2, 64) }
		out = append(out, activeFilter{Kind: "Map area", Label: f(b.MinLat) + "°–" + f(b.MaxLat) + "° N, " + f(b.MinLon) + "°–" + f(b.MaxLon) + "° E",
			RemoveURL: searchURL(r, 1)})
	}
	return out
}
