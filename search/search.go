package search

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
)

// Paging limits. Size above maxSize, a negative Size or Page, or a page
// past maxWindow results is a *QueryError (not clamped), so that API clients
// learn about the limit instead of getting silently different pages.
const (
	defaultSize = 10
	maxSize     = 100
	maxWindow   = 10000
)

// Search runs a request and returns one page of hits with facets over the
// whole filtered result set. Page 0 and Size 0 mean the defaults (1 and 10);
// a negative Page, a Size outside 1..100, a page beyond the first 10,000
// results, an unknown Sort, From after To or a malformed query give a
// *QueryError. Nothing is clamped.
func (ix *Index) Search(ctx context.Context, r Request) (*Result, error) {
	defer ix.observe(r, time.Now())
	page, size, err := paging(r)
	if err != nil {
		return nil, err
	}
	sortOrder, err := sortOrder(r.Sort)
	if err != nil {
		return nil, err
	}
	if err := checkFacetParams(r); err != nil {
		return nil, err
	}
	tree, err := parseQuery(r.Query)
	if err != nil {
		return nil, err
	}
	if r.known, err = ix.lookupPlaces(r.Places); err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	q, err := ix.buildQuery(r, tree)
	if err != nil {
		return nil, err
	}

	req := bleve.NewSearchRequestOptions(q, size, (page-1)*size, false)
	req.SortByCustom(sortOrder)
	req.Fields = append([]string{fieldSource}, textFields()...)
	// Facets of the same result set are the same on every page and in any
	// order, until the index changes (see facetcache.go).
	key := facetKey(r, ix.gen.Load())
	cached, known := ix.facets.get(key)
	bitmaps := !ix.perHitFacets && bitmapCountable(r, tree)
	if !known && !bitmaps {
		addFacetRequests(req)
	}
	if byDate(r.Sort) || tree == nil {
		// Sorted by date, scores would only order articles published at
		// the same second; without a query (filters only) every article
		// scores the same. Either way scoring is work for nothing.
		req.Score = bleve.ScoreNone
	}

	res, err := ix.bleve.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	if strings.TrimSpace(r.Query) != "" {
		if err := ix.highlight(ctx, q, res.Hits); err != nil {
			return nil, err
		}
	}

	out := &Result{
		Total:  res.Total,
		Page:   page,
		Size:   size,
		Hits:   make([]Hit, 0, len(res.Hits)),
		Facets: cached,
	}
	if !known {
		var c counts
		counted := false
		if bitmaps {
			if c, counted, err = ix.countBitmaps(r); err != nil {
				return nil, fmt.Errorf("search: count facets: %w", err)
			}
		}
		if !counted {
			fr, total := res.Facets, res.Total
			if bitmaps { // not a scorch index: count per hit after all
				freq := bleve.NewSearchRequestOptions(q, 0, 0, false)
				addFacetRequests(freq)
				fres, err := ix.bleve.SearchInContext(ctx, freq)
				if err != nil {
					return nil, fmt.Errorf("search: %w", err)
				}
				fr, total = fres.Facets, fres.Total
			}
			if c, err = ix.countFacets(ctx, r, tree, fr, total); err != nil {
				return nil, err
			}
		}
		if out.Facets, err = buildFacets(r, c); err != nil {
			return nil, err
		}
		ix.facets.put(key, out.Facets)
	}
	for _, h := range res.Hits {
		hit, err := makeHit(h)
		if err != nil {
			return nil, fmt.Errorf("search: hit %s: %w", h.ID, err)
		}
		out.Hits = append(out.Hits, hit)
	}
	if tree != nil && out.Total < suggestBelow {
		if out.Suggestion, out.Broader, err = ix.alternatives(ctx, r, tree, out.Total); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// paging validates Page and Size and applies the defaults.
func paging(r Request) (page, size int, err error) {
	page, size = r.Page, r.Size
	if page == 0 {
		page = 1
	}
	if size == 0 {
		size = defaultSize
	}
	switch {
	case page < 0:
		return 0, 0, &QueryError{Msg: fmt.Sprintf("page %d: pages start at 1", r.Page)}
	case size < 0 || size > maxSize:
		return 0, 0, &QueryError{Msg: fmt.Sprintf("size %d: must be between 1 and %d", r.Size, maxSize)}
	case page > maxWindow/size:
		return 0, 0, &QueryError{Msg: fmt.Sprintf("page %d: only the first %d results can be paged through", r.Page, maxWindow)}
	}
	return page, size, nil
}

// sortOrder maps Request.Sort to a Bleve sort. Undated documents come last
// in both date orders; ties fall back to the document id so that pages are
// stable.
func sortOrder(s string) (search.SortOrder, error) {
	byDate := func(desc bool) *search.SortField {
		return &search.SortField{Field: fieldPublished, Type: search.SortFieldAsDate, Desc: desc, Missing: search.SortFieldMissingLast}
	}
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "relevance":
		return search.SortOrder{&search.SortScore{Desc: true}, byDate(true), &search.SortDocID{}}, nil
	case "newest":
		return search.SortOrder{byDate(true), &search.SortScore{Desc: true}, &search.SortDocID{}}, nil
	case "oldest":
		return search.SortOrder{byDate(false), &search.SortScore{Desc: true}, &search.SortDocID{}}, nil
	default:
		return nil, &QueryError{Msg: fmt.Sprintf("sort %q: use relevance, newest or oldest", s)}
	}
}

// byDate reports a sort by publication date.
func byDate(sort string) bool {
	s := strings.ToLower(strings.TrimSpace(sort))
	return s == "newest" || s == "oldest"
}

// buildQuery combines the parsed user query (nil: everything) with the
// filters. Filters restrict the result set without changing scores.
func (ix *Index) buildQuery(r Request, tree *node) (query.Query, error) {
	var q query.Query = query.NewMatchAllQuery()
	if tree != nil {
		b := &builder{mapping: ix.bleve.Mapping(), places: ix.places, open: ix.reader}
		defer b.close()
		var err error
		if q, err = b.query(tree); err != nil {
			return nil, err
		}
	}
	filter, err := filterQuery(r)
	if err != nil {
		return nil, err
	}
	if filter != nil {
		bq := query.NewBooleanQuery([]query.Query{q}, nil, nil)
		bq.AddFilter(filter)
		q = bq
	}
	if v, ok := q.(query.ValidatableQuery); ok {
		if err := v.Validate(); err != nil {
			return nil, &QueryError{Msg: fmt.Sprintf("invalid query: %v", err)}
		}
	}
	return q, nil
}

// reader opens a reader on the index's current state, for looking up
// terms; the caller closes it.
func (ix *Index) reader() (index.IndexReader, error) {
	adv, err := ix.bleve.Advanced()
	if err != nil {
		return nil, err
	}
	return adv.Reader()
}

// makeHit builds a Hit from the stored fields and highlights of one match.
func makeHit(h *search.DocumentMatch) (Hit, error) {
	source, _ := h.Fields[fieldSource].(string)
	d, err := decodeSource(h.ID, source)
	if err != nil {
		return Hit{}, err
	}
	hit := Hit{
		ID: d.ID, URL: d.URL, Title: d.Title, Published: d.Published,
		Site: d.Outlet, Lang: d.Lang, Places: make([]Place, 0, len(d.Places)),
	}
	for _, p := range d.Places {
		hit.Places = append(hit.Places, Place{ID: p.ID, Name: p.Name, Country: p.Country, Kind: p.Kind})
	}
	var text string
	for _, f := range textFields() {
		// Bleve returns an unmarked fragment for a field that did not
		// match; only a fragment with a mark is a highlight. Whitespace
		// is collapsed as in leadSnippet (paragraph breaks become spaces).
		if frags := h.Fragments[f]; len(frags) > 0 && hit.Snippet == "" && strings.Contains(frags[0], "<mark>") {
			hit.Snippet = strings.Join(strings.Fields(frags[0]), " ")
		}
		if s, ok := h.Fields[f].(string); ok && s != "" {
			text = s
		}
	}
	if hit.Snippet == "" {
		if names := matchedPlaceNames(d.Places, h.Locations[fieldPlaceNames]); len(names) > 0 {
			hit.Snippet = markSnippet(text, names)
		}
	}
	if hit.Snippet == "" {
		hit.Snippet = leadSnippet(text)
	}
	return hit, nil
}

// monthBucket fills From and To for a "2006-01" key.
func monthBucket(key string, count int) DateCount {
	dc := DateCount{Key: key, Count: count}
	if start, err := time.Parse("2006-01", key); err == nil {
		dc.From = start.Format(time.DateOnly)
		dc.To = start.AddDate(0, 1, -1).Format(time.DateOnly)
	}
	return dc
}

// checkFacetParams validates the facet options of r.
func checkFacetParams(r Request) error {
	if r.Interval != "" && !ValidInterval(r.Interval) {
		return &QueryError{Msg: fmt.Sprintf("interval %q: use day, week, month or year", r.Interval)}
	}
	for _, m := range r.More {
		switch m {
		case FacetPlaces, FacetCountries, FacetRegions, FacetCities, FacetOther, FacetLangs, FacetSites:
		default:
			return &QueryError{Msg: fmt.Sprintf("more %q: facets are places, countries, regions, cities, other, langs and sites", m)}
		}
	}
	return nil
}
