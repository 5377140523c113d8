package search

import (
	"context"
	"fmt"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/highlight/highlighter/html"
	"github.com/blevesearch/bleve/v2/search/query"
)

// highlight fills in the highlighted fragments and the term locations of
// the hits of one page, by running the query again over those documents
// alone. Asked to highlight, Bleve records where the terms occur in every
// document that matches, not only in the page it returns; over a search
// with thousands of hits that costs more than the search itself, and the
// second search over ten documents costs little. A hit the second search
// does not find (the index changed in between) keeps no highlight and gets
// the lead of its text as snippet.
func (ix *Index) highlight(ctx context.Context, q query.Query, hits search.DocumentMatchCollection) error {
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
