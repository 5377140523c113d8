package search

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
)

// Paging limits. Size above maxSize, a negative Size or Page, or a page
// past the index's window (maxWindow results unless Options.Window says
// fewer) is a *QueryError (not clamped), so that API clients learn about
// the limit instead of getting silently different pages.
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
//
// The hits are collected by Gazette (collect.go) and the facets counted
// from posting bitmaps (bitmaps.go), on one snapshot of the index.
func (ix *Index) Search(ctx context.Context, r Request) (*Result, error) {
	defer ix.observe(r, time.Now())
	page, size, err := paging(r, ix.window)
	if err != nil {
		return nil, err
	}
	order, err := parseSort(r.Sort)
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
	text, err := ix.textQuery(tree)
	if err != nil {
		return nil, err
	}
	// The query with its filters is built for its errors; the filters
	// are applied as bitmaps.
	if _, err := withFilters(r, text); err != nil {
		return nil, err
	}
	geo, err := geoFilters(r)
	if err != nil {
		return nil, err
	}

	s, err := ix.openSnapshot()
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	defer s.Close()
	fs, err := s.filters(r)
	if err != nil {
		return nil, err
	}
	m := ix.bleve.Mapping()
	for _, g := range geo {
		set, err := s.run(ctx, g, m, false, nil)
		if err != nil {
			return nil, fmt.Errorf("search: %w", err)
		}
		fs.base = and(fs.base, set)
	}
	keep := fs.without(nil, "")
	rk := newRanker(s, order, page*size)
	var matched, hits docSet // matched: the text query's matches (nil: no text query)
	var ev *evaluator        // the text query's, when evaluated per segment (eval.go)
	if text == nil {
		hits = keep
		rk.offerAll(hits)
	} else {
		// Sorted by date, scores would only order articles published at
		// the same instant, and Bleve's searches skip them too: every
		// score is 0, so the matches are ranked as a search without a
		// text query ranks its result set (offerAll, which walks a
		// segment by date where the matches are many), not offered one
		// by one in document order.
		score := order == byRelevance
		offer := func(seg int, doc uint32, score float64) {
			if keep[seg].Contains(doc) {
				rk.offer(score, seg, doc)
			}
		}
		if !score {
			offer = nil
		}
		// As snapshot.match, keeping the evaluator for highlighting.
		e, ok, err := s.compileEval(text, m, score)
		switch {
		case err != nil:
		case ok:
			ev = e
			defer e.release() // after the highlights, which read its postings
			matched, err = e.run(ctx, keep, rk.floor, offer)
		default:
			matched, err = s.run(ctx, text, m, score, offer)
		}
		if err != nil {
			return nil, fmt.Errorf("search: %w", err)
		}
		hits = and(matched, keep)
		if !score {
			rk.offerAll(hits)
		}
	}
	best, err := rk.best()
	if err != nil {
		return nil, err
	}
	from := min((page-1)*size, len(best))
	pb := ix.getPageBuf()
	defer ix.putPageBuf(pb) // after the hits are made
	docs, err := s.load(best[from:], pb)
	if err != nil {
		return nil, err
	}
	if text != nil {
		if err := s.highlight(ctx, ev, text, m, best[from:], docs, pb); err != nil {
			return nil, err
		}
	}

	out := &Result{
		Total: uint64(hits.card()),
		Page:  page,
		Size:  size,
		Hits:  make([]Hit, 0, len(docs)),
	}
	// Facets of the same result set are the same on every page and in any
	// order, until the index changes (see facetcache.go).
	key := facetKey(r, ix.gen.Load())
	var known bool
	if out.Facets, known = ix.facets.get(key); !known {
		c, err := s.countFacets(r, fs, matched, hits)
		if err != nil {
			return nil, fmt.Errorf("search: count facets: %w", err)
		}
		if out.Facets, err = buildFacets(r, c); err != nil {
			return nil, err
		}
		ix.facets.put(key, out.Facets)
	}
	for _, h := range docs {
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

// paging validates Page and Size against a window of that many results
// and applies the defaults.
func paging(r Request, window int) (page, size int, err error) {
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
	case page > window/size:
		return 0, 0, &QueryError{Msg: fmt.Sprintf("page %d: only the first %d results can be paged through", r.Page, window)}
	}
	return page, size, nil
}

// textQuery builds the query of the parsed user query, nil for none
// (everything).
func (ix *Index) textQuery(tree *node) (query.Query, error) {
	if tree == nil {
		return nil, nil
	}
	b := &builder{mapping: ix.bleve.Mapping(), places: ix.places, open: ix.reader}
	defer b.close()
	return b.query(tree)
}

// buildQuery combines the parsed user query (nil: everything) with the
// filters. Filters restrict the result set without changing scores.
func (ix *Index) buildQuery(r Request, tree *node) (query.Query, error) {
	q, err := ix.textQuery(tree)
	if err != nil {
		return nil, err
	}
	return withFilters(r, q)
}

// withFilters combines the query q (nil: everything) with the filters of
// r.
func withFilters(r Request, q query.Query) (query.Query, error) {
	if q == nil {
		q = query.NewMatchAllQuery()
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
	d, err := decodeHitSource(source)
	if err != nil {
		return Hit{}, err
	}
	hit := Hit{
		ID: h.ID, URL: d.URL, Title: d.Title, Published: d.Published,
		Site: d.outlet(), Lang: d.Lang, Places: make([]Place, 0, len(d.Places)),
	}
	for _, p := range d.Places {
		hit.Places = append(hit.Places, Place{ID: p.ID, Name: p.Name, Country: p.Country, Kind: p.Kind})
	}
	// The text: a string from Bleve, bytes from load (the page's buffer,
	// which the Hit must not keep).
	var text string
	var textBytes []byte
	for _, f := range textFieldNames {
		// Bleve returns an unmarked fragment for a field that did not
		// match; only a fragment with a mark is a highlight. Whitespace
		// is collapsed as in leadSnippet (paragraph breaks become spaces).
		if frags := h.Fragments[f]; len(frags) > 0 && hit.Snippet == "" && strings.Contains(frags[0], "<mark>") {
			hit.Snippet = collapseSpace(frags[0])
		}
		switch v := h.Fields[f].(type) {
		case string:
			if v != "" {
				text, textBytes = v, nil
			}
		case []byte:
			if len(v) > 0 {
				text, textBytes = "", v
			}
		}
	}
	if locs := h.Locations[fieldPlaceNames]; hit.Snippet == "" && len(locs) > 0 {
		// The places' name variants, decoded only here: a Hit shows none.
		d, err := decodeSource(h.ID, source)
		if err != nil {
			return Hit{}, err
		}
		if names := matchedPlaceNames(d.Places, locs); len(names) > 0 {
			if textBytes != nil {
				text = string(textBytes)
			}
			hit.Snippet = markSnippet(text, names)
		}
	}
	if hit.Snippet == "" {
		if textBytes != nil {
			hit.Snippet = leadSnippet(textBytes)
		} else {
			hit.Snippet = leadSnippet(text)
		}
	}
	return hit, nil
}

// hitSource is the part of the stored JSON (storedDoc) a Hit shows: a
// search decodes ten of them per page, and the rest (the places'
// name variants, ancestors and coordinates, the dates of capture and
// change, the sources) is skipped rather than built.
type hitSource struct {
	URL       string     `json:"url"`
	Title     string     `json:"title"`
	Site      string     `json:"site"`
	Outlet    string     `json:"outlet"`
	Lang      string     `json:"lang"`
	Published *time.Time `json:"published"`
	Places    []hitPlace `json:"places"`
}

// hitPlace is the part of a stored place a Hit shows.
type hitPlace struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Country string `json:"country"`
	Kind    string `json:"kind"`
}

// decodeHitSource reads the fields of a Hit from the stored JSON: with
// scanHitSource (hitsource.go), or encoding/json where it gives up.
func decodeHitSource(source string) (hitSource, error) {
	var d hitSource
	if source == "" {
		return d, errors.New("document has no stored fields")
	}
	if scanHitSource(source, &d) {
		return d, nil
	}
	d = hitSource{}
	if err := json.Unmarshal([]byte(source), &d); err != nil {
		return d, fmt.Errorf("decode stored fields: %w", err)
	}
	return d, nil
}

// outlet is the site name shown, as decodeSource gives Doc.Outlet.
func (d hitSource) outlet() string {
	if d.Outlet == "" {
		return strings.Join(strings.Fields(d.Site), " ")
	}
	return d.Outlet
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
