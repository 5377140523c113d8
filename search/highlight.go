package search

import (
	"context"
	"fmt"
	"slices"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/highlight/highlighter/html"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
)

// highlight fills in the highlighted fragments and the term locations of
// docs, the hits of one page (hits[i] is docs[i]; their stored fields are
// loaded). Asked to highlight, Bleve records where the terms occur in every
// document that matches, not only in the page it returns; over a search
// with thousands of hits that costs more than the search itself. So the
// text query's searcher is made a second time, with term locations, on the
// same snapshot, and moved straight to each hit of the page in document
// order; Bleve's HTML highlighter then marks the text fields already read.
// That is what a Bleve search of the query restricted to the page's ids
// with highlighting gives (the tests' reference, highlightBleve), without
// a second snapshot, collector and reading of the documents.
func (s *snapshot) highlight(ctx context.Context, q query.Query, m mapping.IndexMapping, hits []ranked, docs []*search.DocumentMatch) error {
	if len(hits) == 0 {
		return nil
	}
	hl, err := bleve.Config.Cache.HighlighterNamed(html.Name)
	if err != nil {
		return fmt.Errorf("search: highlight: %w", err)
	}
	searcher, err := q.Searcher(ctx, s.is, m, search.SearcherOptions{IncludeTermVectors: true, Score: "none"})
	if err != nil {
		return fmt.Errorf("search: highlight: %w", err)
	}
	defer searcher.Close()
	sc := &search.SearchContext{
		DocumentMatchPool: search.NewDocumentMatchPool(searcher.DocumentMatchPoolSize(), 0),
		IndexReader:       s.is,
	}
	// The page's hits in document order.
	order := make([]int, len(hits))
	for i := range order {
		order[i] = i
	}
	global := func(i int) uint64 { return s.offsets[hits[i].seg] + uint64(hits[i].doc) }
	slices.SortFunc(order, func(a, b int) int {
		ga, gb := global(a), global(b)
		switch {
		case ga < gb:
			return -1
		case ga > gb:
			return 1
		}
		return 0
	})
	var at *search.DocumentMatch // where the searcher is
	for _, i := range order {
		g := global(i)
		if at == nil || at.IndexInternalID.Value() < g {
			if at, err = searcher.Advance(sc, index.NewIndexInternalID(nil, g)); err != nil {
				return fmt.Errorf("search: highlight: %w", err)
			}
			if at == nil {
				return nil // no match from here on
			}
			at.Complete(nil)
		}
		if at.IndexInternalID.Value() != g {
			continue // no match: the hit keeps the lead of its text
		}
		d := docs[i]
		d.Locations = at.Locations
		doc := document.NewDocument(d.ID)
		for _, f := range textFieldNames {
			if text, ok := d.Fields[f].(string); ok {
				doc.AddField(document.NewTextField(f, nil, []byte(text)))
			}
		}
		for _, f := range textFieldNames {
			hl.BestFragmentsInField(d, doc, f, 1)
		}
	}
	return nil
}
