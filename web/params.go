package web

import (
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gazette-news/gazette/search"
	"golang.org/x/text/language"
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
	defaultNearKm = 50
	maxNearKm     = 2000
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
	var langs []string // en and en-GB are one language
	for _, l := range req.Langs {
		code, err := parseLang(l)
		if err != nil {
			return req, err
		}
		if !slices.Contains(langs, code) {
			langs = append(langs, code)
		}
	}
	req.Langs = langs
	if req.Near, err = parseNear(v); err != nil {
		return req, err
	}
	if req.BBox, err = parseBBox(v.Get("bbox")); err != nil {
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
		return req, &paramError{"interval", "unknown interval " + quoted(req.Interval) + "; use day, week, month or year"}
	}
	if req.More, err = parseList(v, "more"); err != nil {
		return req, err
	}
	for _, m := range req.More {
		if !slices.Contains(facetNames, m) {
			return req, &paramError{"more", "unknown facet " + quoted(m) + "; facets are " + strings.Join(facetNames, ", ")}
		}
	}

	req.Sort = strings.TrimSpace(v.Get("sort"))
	if req.Sort != "" && !slices.Contains(sortOrders, req.Sort) {
		return req, &paramError{"sort", "unknown sort order " + quoted(req.Sort) + "; use relevance, newest or oldest"}
	}

	if req.Page, err = parseInt(v, "page", 1, 1, maxPage); err != nil {
		return req, err
	}
	if req.Size, err = parseInt(v, "size", defaultSize, 1, maxSize); err != nil {
		return req, err
	}
	return req, nil
}

// searchRequest reads the search request of an HTTP request: the URL's
// query string, strictly decoded (a malformed %-escape is an error, not a
// parameter silently dropped), checked by parseRequest, and its place ids
// checked against the gazetteer.
func (s *server) searchRequest(r *http.Request) (search.Request, error) {
	v, err := strictQuery(r.URL.RawQuery)
	if err != nil {
		return search.Request{}, err
	}
	req, err := parseRequest(v)
	if err != nil {
		return req, err
	}
	return req, s.checkPlaces(&req)
}

// strictQuery decodes a URL query string like url.ParseQuery, but names
// the parameter whose %-escape is malformed instead of dropping it: q=%zz%
// must not quietly search for everything.
func strictQuery(raw string) (url.Values, error) {
	v, err := url.ParseQuery(raw)
	if err == nil {
		return v, nil
	}
	for pair := range strings.SplitSeq(raw, "&") {
		key, value, _ := strings.Cut(pair, "=")
		name, kerr := url.QueryUnescape(key)
		if kerr != nil {
			return nil, &paramError{"query string", "the parameter name " + quoted(key) + " has a malformed %-escape; write % as %25"}
		}
		if _, verr := url.QueryUnescape(value); verr != nil {
			return nil, &paramError{name, "malformed %-escape in " + quoted(value) + "; write % as %25"}
		}
	}
	return nil, &paramError{"query string", "cannot be decoded: " + err.Error()}
}

// checkPlaces checks the place ids of a request against the gazetteer and
// gives the near filter its coordinates. Without a gazetteer, place ids
// are taken as they are and near is refused.
func (s *server) checkPlaces(req *search.Request) error {
	if s.places == nil {
		if req.Near != nil {
			return &paramError{"near", "this server has no gazetteer to find the place in"}
		}
		return nil
	}
	for _, id := range req.Places {
		if _, ok := s.places.Place(id); !ok {
			return &paramError{"place", s.unknownPlace(id)}
		}
	}
	if req.Near != nil {
		p, ok := s.places.Place(req.Near.Place)
		if !ok {
			return &paramError{"near", s.unknownPlace(req.Near.Place)}
		}
		if p.Lat == 0 && p.Lon == 0 {
			return &paramError{"near", "the gazetteer has no coordinates for " + p.Name}
		}
		req.Near.Lat, req.Near.Lon = p.Lat, p.Lon
	}
	return nil
}

// unknownPlace says that id is no place id and, when it is the name of a
// place, which id that is.
func (s *server) unknownPlace(id string) string {
	msg := "unknown place id " + quoted(id)
	if found := s.resolvePlace(id); len(found) > 0 {
		return msg + "; " + placeLabel(found[0]) + " has id " + found[0].ID
	}
	return msg + "; place ids come from /api/v1/places?prefix=…"
}

// parseLang reads the lang parameter: a language code (ISO 639, "en",
// "uk", with or without a region: "en-GB"), reduced to its language.
func parseLang(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	tag, err := language.Parse(s)
	base, _ := tag.Base()
	if err != nil || base.String() == "und" {
		return "", &paramError{"lang", "unknown language code " + quoted(s) + "; use a code such as en, uk or ru"}
	}
	return base.String(), nil
}

// parseNear reads near (a place id) and km (the radius, default 50).
func parseNear(v url.Values) (*search.Near, error) {
	id := strings.TrimSpace(v.Get("near"))
	km := strings.TrimSpace(v.Get("km"))
	if id == "" {
		if km != "" {
			return nil, &paramError{"km", "is the radius of near=PLACE_ID; give near too"}
		}
		return nil, nil
	}
	n := &search.Near{Place: id, Km: defaultNearKm}
	if km != "" {
		f, err := strconv.ParseFloat(km, 64)
		if err != nil || !(f > 0 && f <= maxNearKm) {
			return nil, &paramError{"km", "must be a distance in kilometres above 0 and at most " + strconv.Itoa(maxNearKm)}
		}
		n.Km = f
	}
	return n, nil
}

// parseBBox reads bbox=minLon,minLat,maxLon,maxLat.
func parseBBox(s string) (*search.BBox, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil
	}
	parts := strings.Split(s, ",")
	var f [4]float64
	bad := len(parts) != 4
	for i := 0; !bad && i < 4; i++ {
		var err error
		f[i], err = strconv.ParseFloat(strings.TrimSpace(parts[i]), 64)
		bad = err != nil || math.IsNaN(f[i]) || math.IsInf(f[i], 0)
	}
	b := search.BBox{MinLon: f[0], MinLat: f[1], MaxLon: f[2], MaxLat: f[3]}
	switch {
	case bad:
		return nil, &paramError{"bbox", "write four numbers: minLon,minLat,maxLon,maxLat"}
	case b.MinLon < -180 || b.MaxLon > 180 || b.MinLat < -90 || b.MaxLat > 90:
		return nil, &paramError{"bbox", "longitudes must be within -180 to 180 and latitudes within -90 to 90"}
	case b.MinLon >= b.MaxLon || b.MinLat >= b.MaxLat:
		return nil, &paramError{"bbox", "each minimum must be below its maximum (minLon,minLat,maxLon,maxLat)"}
	}
	return &b, nil
}

// formatBBox writes a box as parseBBox reads it.
func formatBBox(b *search.BBox) string {
	f := func(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }
	return f(b.MinLon) + "," + f(b.MinLat) + "," + f(b.MaxLon) + "," + f(b.MaxLat)
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
	return "", &paramError{"undated", "unknown value " + quoted(s) + "; use only, include or exclude"}
}

// parseDate reads an optional YYYY-MM-DD parameter as midnight UTC.
func parseDate(v url.Values, name string) (*time.Time, error) {
	s := strings.TrimSpace(v.Get(name))
	if s == "" {
		return nil, nil
	}
	t, err := time.Parse(dateLayout, s)
	if err != nil {
		return nil, &paramError{name, "invalid date " + quoted(s) + "; use YYYY-MM-DD"}
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
		return 0, &paramError{name, "not a number: " + quoted(s)}
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
	if req.Near != nil {
		v.Set("near", req.Near.Place)
		if req.Near.Km != defaultNearKm {
			v.Set("km", strconv.FormatFloat(req.Near.Km, 'f', -1, 64))
		}
	}
	if req.BBox != nil {
		v.Set("bbox", formatBBox(req.BBox))
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

// quoted puts a value in typographic quotes for a message people read,
// without escaping anything in it.
func quoted(s string) string { return "“" + s + "”" }
