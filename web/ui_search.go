package web

import (
	"html/template"
	"net/http"
	"slices"
	"strings"

	"github.com/gazette-news/gazette/search"
)

// searchPage is the data for search.html.
type searchPage struct {
	layout
	Req          search.Request
	Error        string // why the request could not be answered (400 page)
	Total        uint64
	First        uint64 // 1-based number of the first hit shown
	Last         uint64 // number of the last hit shown
	Hits         []hitView
	Facets       []facetGroup
	Active       []activeFilter
	ClearURL     string        // the current query without any filter
	FirstPageURL string        // the current search at page 1
	Hidden       []hiddenField // filters the search form carries along
	Timeline     *timelineView // the results by date; nil when there are none
	// The form's date fields.
	FromValue, ToValue string
	UndatedOptions     []sortOption
	Sorts              []sortOption
	Pager              pager
	Started            bool         // a query or filter is set (false on the bare front page)
	Map                *placeMap    // places of the result set on a world map; nil when there are none
	Tools              *searchTools // feeds and downloads of this search (see ui_search_tools.go)
	QueryNotes         queryNotes   // help link, the bad part of a query, suggestions (see ui_query.go)

	// The free-text place filter (see ui_place_filter.go).
	PlaceTyped   string        // what was typed, when it did not name exactly one place
	PlaceChoices []placeChoice // the places it may mean; none: no such place
	PlaceOptions []string      // suggestions without JavaScript: the places of these results

	// Empty is set when the archive holds no article at all (see ui_empty.go).
	Empty *emptyArchive
}

type hitView struct {
	Title   string
	URL     string // article page
	Source  string // original URL
	Site    string
	Date    string
	DateISO string
	Lang    string
	Places  []placeLink
	Snippet template.HTML
}

type placeLink struct {
	Name string
	URL  string
}

// facetGroup is one facet box: a heading and its values. The first Shown
// values are listed, the rest folded under "show more" (a <details>, so it
// works without JavaScript); MoreURL asks the server for the values it left
// out of a long facet.
type facetGroup struct {
	Name    string // "Countries", "Dates", ...
	Key     string // the facet's name in the API (more=, omitted), "" for none
	Note    string // what the list is limited to: "in Ukraine"
	Values  []facetValue
	Shown   int
	MoreURL string
	Omitted int // values the server left out
}

// Head and Tail split the values at Shown.
func (g facetGroup) Head() []facetValue { return g.Values[:min(g.Shown, len(g.Values))] }
func (g facetGroup) Tail() []facetValue { return g.Values[min(g.Shown, len(g.Values)):] }

// facetShown is how many values a facet box lists before "show more".
const facetShown = 8

// facetValue is one facet value; URL is empty when it cannot be a filter
// (undated articles) and Active is set when it is already filtered on.
type facetValue struct {
	Label  string
	Count  int
	URL    string
	Active bool
}

// activeFilter is a filter in force, with a link that removes it.
type activeFilter struct {
	Kind      string
	Label     string
	RemoveURL string
}

type hiddenField struct{ Name, Value string }

type sortOption struct {
	Value, Label string
	Selected     bool
}

type pager struct {
	Prev, Next string // empty when there is no such page
	Pages      []pageLink
}

// pageLink is one entry in the page list; Gap marks an ellipsis.
type pageLink struct {
	Number  int
	URL     string
	Current bool
	Gap     bool
}

// uiSearch serves the search page at /.
func (s *server) uiSearch(w http.ResponseWriter, r *http.Request) {
	req, err := s.searchRequest(r)
	if err != nil {
		s.renderSearchError(w, r, req, err)
		return
	}
	handled, typed, choices := s.placeFilter(w, r, req)
	if handled {
		return
	}
	res, err := s.search.Search(r.Context(), req)
	if err != nil {
		s.renderSearchError(w, r, req, err)
		return
	}
	p := s.newSearchPage(req, normalizeResult(res))
	p.QueryNotes = newQueryNotes(req, res, nil)
	p.PlaceTyped, p.PlaceChoices = typed, choices
	p.Feeds, p.Tools = s.searchTools(req, res)
	if res.Total == 0 {
		p.Empty = s.emptyArchive(r.Context())
	}
	s.render(w, r, http.StatusOK, s.pages.search, p)
}

// renderSearchError shows the search page with a friendly explanation. The
// caller's mistakes get 400, server faults a generic 500.
func (s *server) renderSearchError(w http.ResponseWriter, r *http.Request, req search.Request, err error) {
	status, _, msg := classify(err)
	if status == http.StatusInternalServerError {
		s.logFault(r, err)
		s.serverError(w, r)
		return
	}
	p := s.newSearchPage(req, normalizeResult(nil))
	p.QueryNotes = newQueryNotes(req, nil, err)
	p.Error = msg
	p.Title = "Bad search"
	if status == http.StatusServiceUnavailable {
		s.setRetryAfter(w, status)
		p.Title = "Search unavailable"
	}
	s.render(w, r, status, s.pages.search, p)
}

func (s *server) newSearchPage(req search.Request, res *search.Result) searchPage {
	p := searchPage{
		layout: layout{Title: "Search", Query: req.Query, Credits: s.credits, SearchPage: true},
		Req:    req,
		Total:  res.Total,
		Started: req.Query != "" || len(req.Places) > 0 || req.From != nil || req.To != nil ||
			len(req.Langs) > 0 || len(req.Sites) > 0 || req.Undated != "" || req.Near != nil || req.BBox != nil,
	}
	if req.Query != "" {
		p.Title = req.Query
	}
	if len(res.Hits) > 0 {
		size := max(req.Size, 1)
		p.First = uint64((max(req.Page, 1)-1)*size) + 1
		p.Last = p.First + uint64(len(res.Hits)) - 1
	}

	facets := s.qualifyPlaceNames(res.Facets)
	placeNames := map[string]string{}
	levels := facets.PlaceLevels
	for _, pcs := range [][]search.PlaceCount{levels.Countries, levels.Regions, levels.Cities, levels.Other, facets.Places} {
		for _, pc := range pcs {
			placeNames[pc.ID] = pc.Name
		}
	}
	for _, h := range res.Hits {
		hv := hitView{
			Title:   h.Title,
			URL:     articleLink(h.ID, req, true),
			Source:  h.URL,
			Site:    h.Site,
			Date:    formatDate(h.Published),
			DateISO: isoDate(h.Published),
			Lang:    languageName(h.Lang),
			Snippet: safeSnippet(h.Snippet),
		}
		if hv.Title == "" {
			hv.Title = "(untitled)"
		}
		for _, pl := range h.Places {
			hv.Places = append(hv.Places, placeLink{Name: pl.Name, URL: searchURL(withPlace(req, pl.ID), 1)})
			if _, ok := placeNames[pl.ID]; !ok {
				placeNames[pl.ID] = pl.Name
			}
		}
		p.Hits = append(p.Hits, hv)
	}

	p.Facets = facetGroups(req, facets, placeNames)
	for _, pc := range facets.Places {
		p.PlaceOptions = append(p.PlaceOptions, pc.Name)
	}
	p.Map = s.buildMap(req, facets)
	p.Active = append(activeFilters(req, placeNames), s.geoFilterChips(req)...)
	p.ClearURL = searchURL(search.Request{Query: req.Query, Sort: req.Sort, Size: req.Size}, 1)
	p.Hidden = hiddenFields(req)
	p.Timeline = newTimeline(req, res.Facets.Timeline)
	if req.From != nil {
		p.FromValue = req.From.Format(dateLayout)
	}
	if req.To != nil {
		p.ToValue = req.To.Format(dateLayout)
	}
	for _, o := range []sortOption{{"", "kept unless dates are set", false}, {search.UndatedInclude, "included", false},
		{search.UndatedExclude, "left out", false}, {search.UndatedOnly, "only these", false}} {
		o.Selected = o.Value == req.Undated
		p.UndatedOptions = append(p.UndatedOptions, o)
	}
	for _, o := range sortOrders {
		p.Sorts = append(p.Sorts, sortOption{Value: o, Label: sortLabel(o),
			Selected: o == req.Sort || (req.Sort == "" && o == "relevance")})
	}
	p.Pager = newPager(req, res.Total)
	p.FirstPageURL = searchURL(req, 1)
	return p
}

func sortLabel(o string) string {
	switch o {
	case "newest":
		return "Newest first"
	case "oldest":
		return "Oldest first"
	default:
		return "Best match"
	}
}

// facetGroups builds the facet boxes. A value links to the current search
// with that value added, or, when it is chosen already, removed: values of
// one facet combine with OR, facets with AND. The place levels drill down:
// choosing Ukraine lists its regions, choosing Kharkiv Oblast its towns.
func facetGroups(req search.Request, f search.Facets, names map[string]string) []facetGroup {
	levels := f.PlaceLevels
	countries := placeGroup(req, "Countries", search.FacetCountries, levels.Countries, f.Omitted)
	regions := placeGroup(req, "Regions", search.FacetRegions, levels.Regions, f.Omitted)
	cities := placeGroup(req, "Cities and towns", search.FacetCities, levels.Cities, f.Omitted)
	other := placeGroup(req, "Other places", search.FacetOther, levels.Other, f.Omitted)
	regions.Note = within(req, levels.Countries, names)
	cities.Note = within(req, levels.Regions, names)
	if cities.Note == "" {
		cities.Note = regions.Note
	}
	langs := termGroup(req, "Languages", search.FacetLangs, f.Langs, f.Omitted, req.Langs,
		func(r *search.Request) *[]string { return &r.Langs }, languageName)
	sites := termGroup(req, "Sites", search.FacetSites, f.Sites, f.Omitted, req.Sites,
		func(r *search.Request) *[]string { return &r.Sites }, func(s string) string { return s })
	var out []facetGroup
	for _, g := range []facetGroup{countries, regions, cities, other, langs, sites} {
		if len(g.Values) > 0 {
			out = append(out, g)
		}
	}
	return out
}

// within names the chosen places of a level ("in Ukraine"), which the
// next level's list is limited to.
func within(req search.Request, level []search.PlaceCount, names map[string]string) string {
	var in []string
	for _, pc := range level {
		if slices.Contains(req.Places, pc.ID) {
			in = append(in, names[pc.ID])
		}
	}
	if len(in) == 0 {
		return ""
	}
	return "in " + strings.Join(in, " or ")
}

// placeGroup is a facet box of place buckets, each toggling that place in
// the current search.
func placeGroup(req search.Request, name, key string, pcs []search.PlaceCount, omitted map[string]int) facetGroup {
	g := facetGroup{Name: name, Key: key, Shown: facetShown, Omitted: omitted[key]}
	for _, pc := range pcs {
		label := pc.Name
		if label == "" {
			label = pc.ID
		}
		active := slices.Contains(req.Places, pc.ID)
		u := searchURL(withPlace(req, pc.ID), 1)
		if active {
			u = searchURL(withoutPlace(req, pc.ID), 1)
		}
		g.Values = append(g.Values, facetValue{Label: label, Count: pc.Count, URL: u, Active: active})
	}
	g.MoreURL = moreURL(req, key, g.Omitted)
	return g
}

// termGroup is the language or site box: each value toggles in the list
// field picks from a request.
func termGroup(req search.Request, name, key string, tcs []search.TermCount, omitted map[string]int, chosen []string,
	field func(*search.Request) *[]string, label func(string) string) facetGroup {
	g := facetGroup{Name: name, Key: key, Shown: facetShown, Omitted: omitted[key]}
	for _, tc := range tcs {
		i := slices.IndexFunc(chosen, func(c string) bool { return strings.EqualFold(c, tc.Key) })
		r := req
		list := field(&r)
		if i >= 0 {
			*list = slices.Delete(slices.Clone(chosen), i, i+1)
		} else {
			*list = append(slices.Clone(chosen), tc.Key)
		}
		g.Values = append(g.Values, facetValue{Label: label(tc.Key), Count: tc.Count, URL: searchURL(r, 1), Active: i >= 0})
	}
	g.MoreURL = moreURL(req, key, g.Omitted)
	return g
}

// moreURL is the current search with the facet key listed in full, when
// the server left some of its values out.
func moreURL(req search.Request, key string, omitted int) string {
	if omitted == 0 || slices.Contains(req.More, key) {
		return ""
	}
	req.More = append(slices.Clone(req.More), key)
	return searchURL(req, max(req.Page, 1))
}

// activeFilters lists the filters in force, each with a link removing it.
func activeFilters(req search.Request, placeNames map[string]string) []activeFilter {
	var out []activeFilter
	for _, id := range req.Places {
		name := placeNames[id]
		if name == "" {
			name = id
		}
		out = append(out, activeFilter{Kind: "Place", Label: name, RemoveURL: searchURL(withoutPlace(req, id), 1)})
	}
	if req.From != nil {
		r := req
		r.From = nil
		out = append(out, activeFilter{Kind: "From", Label: formatDate(req.From), RemoveURL: searchURL(r, 1)})
	}
	if req.To != nil {
		r := req
		r.To = nil
		out = append(out, activeFilter{Kind: "To", Label: formatDate(req.To), RemoveURL: searchURL(r, 1)})
	}
	if req.Undated != "" {
		r := req
		r.Undated = ""
		label := map[string]string{search.UndatedOnly: "only undated articles", search.UndatedInclude: "undated articles included",
			search.UndatedExclude: "dated articles only"}[req.Undated]
		out = append(out, activeFilter{Kind: "Date", Label: label, RemoveURL: searchURL(r, 1)})
	}
	for i, l := range req.Langs {
		r := req
		r.Langs = slices.Delete(slices.Clone(req.Langs), i, i+1)
		out = append(out, activeFilter{Kind: "Language", Label: languageName(l), RemoveURL: searchURL(r, 1)})
	}
	for i, site := range req.Sites {
		r := req
		r.Sites = slices.Delete(slices.Clone(req.Sites), i, i+1)
		out = append(out, activeFilter{Kind: "Site", Label: site, RemoveURL: searchURL(r, 1)})
	}
	return out
}

// hiddenFields are the current filters as form fields, so that submitting
// a new query or sort order keeps them.
func hiddenFields(req search.Request) []hiddenField {
	var out []hiddenField
	v := values(req)
	for _, name := range []string{"place", "lang", "site", "near", "km", "bbox", "size", "more"} {
		for _, val := range v[name] {
			out = append(out, hiddenField{Name: name, Value: val})
		}
	}
	return out
}

// newPager builds prev/next links and a window of page numbers around the
// current page, with the first and last page always reachable.
func newPager(req search.Request, total uint64) pager {
	size := max(req.Size, 1)
	cur := max(req.Page, 1)
	last := int((total + uint64(size) - 1) / uint64(size))
	last = min(last, maxPage)
	if last <= 1 {
		return pager{}
	}
	var p pager
	if cur > 1 {
		p.Prev = searchURL(req, min(cur-1, last))
	}
	if cur < last {
		p.Next = searchURL(req, cur+1)
	}
	const window = 2
	for n := 1; n <= last; n++ {
		switch {
		case n == 1 || n == last || (n >= cur-window && n <= cur+window):
			p.Pages = append(p.Pages, pageLink{Number: n, URL: searchURL(req, n), Current: n == cur})
		case len(p.Pages) > 0 && !p.Pages[len(p.Pages)-1].Gap:
			p.Pages = append(p.Pages, pageLink{Gap: true})
		}
	}
	return p
}
