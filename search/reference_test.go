package search

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/highlight"
	"github.com/blevesearch/bleve/v2/search/highlight/highlighter/html"
	"github.com/blevesearch/bleve/v2/search/query"
)

// The reference the tests hold Search to: the same search done by Bleve
// alone, as Gazette did before it collected hits itself — Bleve's top-N
// collector sorting by (score, date, id), its facet builders counting
// every hit, one more search per disjunctive facet.

// Facet names in the Bleve requests.
const (
	facetTree  = "tree"
	facetDays  = "days"
	facetLangs = "langs"
	facetSites = "sites"
)

// allTerms asks Bleve for every term of a facet.
const allTerms = 1 << 30

// termCountsOf returns the counts of one Bleve facet by term.
func termCountsOf(fr search.FacetResults, name string) map[string]int {
	out := map[string]int{}
	if r, ok := fr[name]; ok && r != nil && r.Terms != nil {
		for _, t := range r.Terms.Terms() {
			out[t.Term] += t.Count
		}
	}
	return out
}

// dayListOf turns counts by "2006-01-02" day into a dayList; keys that are
// no day are left out.
func dayListOf(counts map[string]int) dayList {
	out := make(dayList, 0, len(counts))
	for k, n := range counts {
		d, err := time.Parse(time.DateOnly, k)
		if err != nil || n == 0 {
			continue
		}
		out = append(out, dayCount{dayNumber(d), n})
	}
	slices.SortFunc(out, func(a, b dayCount) int { return int(a.day) - int(b.day) })
	return out
}

// searchBleve runs r as Search does, through Bleve alone.
func (ix *Index) searchBleve(ctx context.Context, r Request) (*Result, error) {
	page, size, err := paging(r, ix.window)
	if err != nil {
		return nil, err
	}
	if _, err := parseSort(r.Sort); err != nil {
		return nil, err
	}
	tree, err := parseQuery(r.Query)
	if err != nil {
		return nil, err
	}
	if r.known, err = ix.lookupPlaces(r.Places); err != nil {
		return nil, err
	}
	q, err := ix.buildQuery(r, tree)
	if err != nil {
		return nil, err
	}
	req := bleve.NewSearchRequestOptions(q, size, (page-1)*size, false)
	req.SortByCustom(bleveSort(r.Sort))
	req.Fields = append([]string{fieldSource}, textFields()...)
	addFacetRequests(req)
	if byDate(r.Sort) || tree == nil {
		req.Score = bleve.ScoreNone
	}
	res, err := ix.bleve.SearchInContext(ctx, req)
	if err != nil {
		return nil, err
	}
	if tree != nil {
		if err := ix.highlightBleve(ctx, q, res.Hits); err != nil {
			return nil, err
		}
	}
	out := &Result{Total: res.Total, Page: page, Size: size, Hits: []Hit{}}
	c, err := ix.countFacetsPerHit(ctx, r, tree, res.Facets, res.Total)
	if err != nil {
		return nil, err
	}
	if out.Facets, err = buildFacetsBefore(r, c, termCountsOf(res.Facets, facetDays)); err != nil {
		return nil, err
	}
	for _, h := range res.Hits {
		hit, err := makeHit(h)
		if err != nil {
			return nil, fmt.Errorf("hit %s: %w", h.ID, err)
		}
		out.Hits = append(out.Hits, hit)
	}
	return out, nil
}

// bleveSort is Request.Sort as a Bleve sort: undated documents last in
// both date orders, ties by document id.
func bleveSort(s string) search.SortOrder {
	byDate := func(desc bool) *search.SortField {
		return &search.SortField{Field: fieldPublished, Type: search.SortFieldAsDate, Desc: desc, Missing: search.SortFieldMissingLast}
	}
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "newest":
		return search.SortOrder{byDate(true), &search.SortScore{Desc: true}, &search.SortDocID{}}
	case "oldest":
		return search.SortOrder{byDate(false), &search.SortScore{Desc: true}, &search.SortDocID{}}
	}
	return search.SortOrder{&search.SortScore{Desc: true}, byDate(true), &search.SortDocID{}}
}

// byDate reports a sort by publication date.
func byDate(sort string) bool {
	s := strings.ToLower(strings.TrimSpace(sort))
	return s == "newest" || s == "oldest"
}

// addFacetRequests asks req for the four facets over its result set.
func addFacetRequests(req *bleve.SearchRequest) {
	req.AddFacet(facetTree, bleve.NewFacetRequest(fieldPlaceTree, allTerms))
	req.AddFacet(facetDays, bleve.NewFacetRequest(fieldPubDay, allTerms))
	req.AddFacet(facetLangs, bleve.NewFacetRequest(fieldLang, allTerms))
	req.AddFacet(facetSites, bleve.NewFacetRequest(fieldSiteFacet, allTerms))
}

// facetGroup is one disjunctive facet: the values of one facet that a
// request chooses, and how to count it without them.
type facetGroup struct {
	name    string                     // FacetCountries, ..., FacetLangs, FacetSites
	without func(r Request) Request    // r without this facet's filter
	facet   func() *bleve.FacetRequest // the Bleve facet counting it
}

// disjunctiveGroups returns the facets r chooses values of.
func disjunctiveGroups(r Request) []facetGroup {
	var groups []facetGroup
	levelNames := map[byte]string{levelCountry: FacetCountries, levelRegion: FacetRegions, levelCity: FacetCities, levelOther: FacetOther}
	for _, level := range placeLevels {
		if len(chosenAt(r, level)) == 0 {
			continue
		}
		level := level
		groups = append(groups, facetGroup{
			name: levelNames[level],
			without: func(r Request) Request {
				r.Places = slices.DeleteFunc(slices.Clone(r.Places), func(id string) bool {
					e, ok := r.known[id]
					return ok && e.level == level
				})
				return r
			},
			facet: func() *bleve.FacetRequest {
				f := bleve.NewFacetRequest(fieldPlaceTree, allTerms)
				f.TermPrefix = string(level) + ":"
				return f
			},
		})
	}
	if len(r.Langs) > 0 {
		groups = append(groups, facetGroup{name: FacetLangs,
			without: func(r Request) Request { r.Langs = nil; return r },
			facet:   func() *bleve.FacetRequest { return bleve.NewFacetRequest(fieldLang, allTerms) }})
	}
	if len(r.Sites) > 0 {
		groups = append(groups, facetGroup{name: FacetSites,
			without: func(r Request) Request { r.Sites = nil; return r },
			facet:   func() *bleve.FacetRequest { return bleve.NewFacetRequest(fieldSiteFacet, allTerms) }})
	}
	return groups
}

// countFacetsPerHit builds the counts of r from the facets of its own search
// (fr over total hits) and one more search per disjunctive facet.
func (ix *Index) countFacetsPerHit(ctx context.Context, r Request, tree *node, fr search.FacetResults, total uint64) (counts, error) {
	treeCounts, levels := termCountsOf(fr, facetTree), termCountsOf(fr, facetTree)
	c := counts{
		total: int(total),
		days:  dayListOf(termCountsOf(fr, facetDays)),
		langs: termCountsOf(fr, facetLangs),
		sites: termCountsOf(fr, facetSites),
	}
	for _, g := range disjunctiveGroups(r) {
		q, err := ix.buildQuery(g.without(r), tree)
		if err != nil {
			return c, err
		}
		req := bleve.NewSearchRequestOptions(q, 0, 0, false)
		req.AddFacet(g.name, g.facet())
		res, err := ix.bleve.SearchInContext(ctx, req)
		if err != nil {
			return c, fmt.Errorf("search: count %s: %w", g.name, err)
		}
		got := termCountsOf(res.Facets, g.name)
		switch g.name {
		case FacetLangs:
			c.langs = got
		case FacetSites:
			c.sites = got
		default:
			// Replace this level's counts with the disjunctive ones.
			prefix := g.facet().TermPrefix
			for t := range levels {
				if strings.HasPrefix(t, prefix) {
					delete(levels, t)
				}
			}
			for t, n := range got {
				levels[t] = n
			}
		}
	}
	// Number the place terms as the index does.
	for t := range treeCounts {
		c.places = append(c.places, t)
	}
	for t := range levels {
		if _, ok := treeCounts[t]; !ok {
			c.places = append(c.places, t)
		}
	}
	placeNo := map[string]int32{}
	for _, t := range c.places {
		e, _ := parseTreeTerm(t)
		if _, ok := placeNo[e.id]; !ok {
			placeNo[e.id] = int32(len(placeNo))
		}
		c.placeOf = append(c.placeOf, placeNo[e.id])
		c.entries = append(c.entries, e)
		c.tree = append(c.tree, treeCounts[t])
		c.levels = append(c.levels, levels[t])
	}
	c.nPlaces = len(placeNo)
	return c, nil
}

// highlightBleve fills in the highlighted fragments and the term locations
// of the hits of one page by running the query again over those documents
// alone, with Bleve's highlighting: what snapshot.highlight must give.
func (ix *Index) highlightBleve(ctx context.Context, q query.Query, hits search.DocumentMatchCollection) error {
	if len(hits) == 0 {
		return nil
	}
	ids := make([]string, len(hits))
	for i, h := range hits {
		ids[i] = h.ID
	}
	req := bleve.NewSearchRequestOptions(query.NewConjunctionQuery([]query.Query{query.NewDocIDQuery(ids), q}), len(ids), 0, false)
	req.Highlight = bleve.NewHighlightWithStyle(html.Name)
	req.Highlight.Fields = textFields()
	req.IncludeLocations = true
	req.Score = bleve.ScoreNone
	res, err := ix.bleve.SearchInContext(ctx, req)
	if err != nil {
		return fmt.Errorf("search: highlight: %w", err)
	}
	byID := make(map[string]*search.DocumentMatch, len(res.Hits))
	for _, m := range res.Hits {
		byID[m.ID] = m
	}
	for _, h := range hits {
		if m := byID[h.ID]; m != nil {
			h.Fragments, h.Locations = m.Fragments, m.Locations
		}
	}
	return nil
}

// markFieldsBleve makes the highlighted fragment of each text field of d
// from its term locations with Bleve's highlighter hl: what fragmenter's
// markFields must give for the fields with locations.
func markFieldsBleve(hl highlight.Highlighter, d *search.DocumentMatch) {
	doc := document.NewDocument(d.ID)
	for _, f := range textFieldNames {
		switch text := d.Fields[f].(type) {
		case string: // from Bleve
			doc.AddField(document.NewTextField(f, nil, []byte(text)))
		case []byte: // from load
			doc.AddField(document.NewTextField(f, nil, text))
		}
	}
	for _, f := range textFieldNames {
		hl.BestFragmentsInField(d, doc, f, 1)
	}
}
