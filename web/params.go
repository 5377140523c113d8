package web

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gazette-news/gazette/search"
)

// Limits on what a caller may ask for. They keep one request from making
// the index do unbounded work.
const (
	defaultSize   = 10
	maxSize       = 100
	maxPage       = 1000
	maxQueryLen   = 1000
	maxPlaceCount = 20
	maxValueCount = 20 // languages, sites
	dateLayout    = "2006-01-02"
)

// sortOrders are the accepted values of the sort parameter, in the order
// the UI offers them.
var sortOrders = []string{"relevance", "newest", "oldest"}

// parseRequest turns URL query parameters into a search request. The API
// and the UI share it, so both accept exactly the same URLs. Every problem
// is reported as a *paramError naming the parameter.
func parseRequest(v url.Values) (search.Request, error) {
	var req search.Request

	req.Query = strings.TrimSpace(v.Get("q"))
	if len(req.Query) > maxQueryLen {
		return req, &paramError{"q", "query is too long (at most " + strconv.Itoa(maxQueryLen) + " bytes)"}
	}

	for _, p := range v["place"] {
		p = strings.TrimSpace(p)
		if p == "" || slices.Contains(req.Places, p) {
			continue
		}
		req.Places = append(req.Places, p)
	}
	if len(req.Places) > maxPlaceCount {
		return req, &paramError{"place", "too many places (at most " + strconv.Itoa(maxPlaceCount) + ")"}
	}

	var err error
	if req.From, err = parseDate(v, "from"); err != nil {
		return req, err
	}
	if req.To, err = parseDate(v, "to"); err != nil {
		return req, err
	}
	if req.From != nil && req.To != nil && req.From.After(*req.To) {
		return req, &paramError{"from", "from date " + v.Get("from") + " is after to date " + v.Get("to")}
	}

	if req.Langs, err = parseList(v, "lang"); err != nil {
		return req, err
	}
	if req.Sites, err = parseList(v, "site"); err != nil {
		return req, err
	}
	if req.Undated, err = parseUndated(v, req); err != nil {
		return req, err
	}
	req.Interval = strings.TrimSpace(v.Get("interval"))
	if req.Interval != "" && !search.ValidInterval(req.Interval) {
		return req, &paramError{"interval", "unknown interval " + strconv.Quote(req.Interval) + "; use day, week, month or year"}
	}
	if req.More, err = parseList(v, "more"); err != nil {
		return req, err
	}
	for _, m := range req.More {
		if !slices.Contains(facetNames, m) {
			return req, &paramError{"more", "unknown facet " + strconv.Quote(m) + "; facets are " + strings.Join(facetNames, ", ")}
		}
	}

	req.Sort = strings.TrimSpace(v.Get("sort"))
	if req.Sort != "" && !slices.Contains(sortOrders, req.Sort) {
		return req, &paramError{"sort", "unknown sort order " + strconv.Quote(req.Sort) + "; use relevance, newest or oldest"}
	}

	if req.Page, err = parseInt(v, "page", 1, 1, maxPage); err != nil {
		return req, err
	}
	if req.Size, err = parseInt(v, "size", defaultSize, 1, maxSize); err != nil {
		return req, err
	}
	return req, nil
}

// facetNames are the facets the more parameter may name.
var facetNames = []string{search.FacetPlaces, search.FacetCountries, search.FacetRegions, search.FacetCities,
	search.FacetOther, search.FacetLangs, search.FacetSites}

// parseList reads a repeatable parameter: its non-empty values, each once,
// at most maxValueCount.
func parseList(v url.Values, name string) ([]string, error) {
	var out []string
	for _, s := range v[name] {
		if s = strings.TrimSpace(s); s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	if len(out) > maxValueCount {
		return nil, &paramError{name, "too many values (at most " + strconv.Itoa(maxValueCount) + ")"}
	}
	return out, nil
}

// parseUndated reads the undated parameter: "only" (articles without a
// date; not with from or to), "include" (beside the from..to range) or
// "exclude" (dated articles only). Without it, a date range leaves the
// undated articles out and no date range keeps them.
func parseUndated(v url.Values, req search.Request) (string, error) {
	s := strings.TrimSpace(v.Get("undated"))
	switch s {
	case "", search.UndatedInclude, search.UndatedExclude:
		return s, nil
	case search.UndatedOnly:
		if req.From != nil || req.To != nil {
			return "", &paramError{"undated", "undated=only selects articles without a date and cannot be combined with from or to; use undated=include to add them to the date range"}
		}
		return s, nil
	}
	return "", &paramError{"undated", "unknown value " + strconv.Quote(s) + "; use only, include or exclude"}
}

// parseDate reads an optional YYYY-MM-DD parameter as midnight UTC.
func parseDate(v url.Values, name string) (*time.Time, error) {
	s := strings.TrimSpace(v.Get(name))
	if s == "" {
		return nil, nil
	}
	t, err := time.Parse(dateLayout, s)
	if err != nil {
		return nil, &paramError{name, "invalid date " + strconv.Quote(s) + "; use YYYY-MM-DD"}
	}
	return &t, nil
}

// parseInt reads an optional integer parameter within [lo, hi].
func parseInt(v url.Values, name string, def, lo, hi int) (int, error) {
	s := strings.TrimSpace(v.Get(name))
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, &paramError{name, "not a number: " + strconv.Quote(s)}
	}
	if n < lo || n > hi {
		return 0, &paramError{name, "must be between " + strconv.Itoa(lo) + " and " + strconv.Itoa(hi)}
	}
	return n, nil
}

// values is the inverse of parseRequest: the canonical URL parameters for a
// request, leaving out defaults so links stay short. Page is left out too;
// links that change a filter must start again at page 1.
func values(req search.Request) url.Values {
	v := url.Values{}
	if req.Query != "" {
		v.Set("q", req.Query)
	}
	for _, p := range req.Places {
		v.Add("place", p)
	}
	if req.From != nil {
		v.Set("from", req.From.Format(dateLayout))
	}
	if req.To != nil {
		v.Set("to", req.To.Format(dateLayout))
	}
	for _, l := range req.Langs {
		v.Add("lang", l)
	}
	for _, s := range req.Sites {
		v.Add("site", s)
	}
	if req.Undated != "" {
		v.Set("undated", req.Undated)
	}
	if req.Interval != "" {
		v.Set("interval", req.Interval)
	}
	for _, m := range req.More {
		v.Add("more", m)
	}
	if req.Sort != "" && req.Sort != "relevance" {
		v.Set("sort", req.Sort)
	}
	if req.Size != 0 && req.Size != defaultSize {
		v.Set("size", strconv.Itoa(req.Size))
	}
	return v
}
