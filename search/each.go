package search

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search/query"
)

// Each calls fn with every article a request finds (its query and
// filters), as Get returns it, text included, oldest first in Search's
// "oldest" order (by publication instant, the undated last, ties by id),
// with no window: it is how an export goes through a query's articles,
// however many there are, where Search pages through the first 10,000
// only. Page, Size, Sort and the facet options of r are ignored.
//
// It is cheap per article: the result set is found as Search counts its
// total (no scores, facets or highlights), ordered by the dates the
// segments keep (16 bytes per article; ids are read only for articles
// published at the same instant), and each article's stored fields are
// read once, when fn gets it. The articles are those of one snapshot of
// the index, held open until Each returns: one written meanwhile is not
// visited, one deleted meanwhile still is.
//
// A malformed query or bad filter is a *QueryError, as from Search. Each
// stops at fn's first error and returns it as it is, or when ctx is done.
func (ix *Index) Each(ctx context.Context, r Request, fn func(Doc) error) error {
	tree, err := parseQuery(r.Query)
	if err != nil {
		return err
	}
	if r.known, err = ix.lookupPlaces(r.Places); err != nil {
		return fmt.Errorf("search: %w", err)
	}
	text, geo, err := ix.checkedQuery(r, tree)
	if err != nil {
		return err
	}
	s, err := ix.openSnapshot()
	if err != nil {
		return fmt.Errorf("search: %w", err)
	}
	defer s.Close()
	hits, err := s.resultSet(ctx, ix.bleve.Mapping(), r, text, geo)
	if err != nil {
		return fmt.Errorf("search: %w", err)
	}
	refs, err := s.oldestFirst(hits)
	if err != nil {
		return err
	}
	for i, h := range refs {
		if i%checkEvery == 0 {
			if err := stopped(ctx); err != nil {
				return err
			}
		}
		d, err := s.doc(int(h.seg), h.doc)
		if err != nil {
			return err
		}
		if err := fn(d); err != nil {
			return err
		}
	}
	return nil
}

// checkedQuery builds the text query of a parsed user query (nil for
// none) and the geographic filters of r, checking the query with its
// filters as Search does: what is wrong is a *QueryError.
func (ix *Index) checkedQuery(r Request, tree *node) (text query.Query, geo []query.Query, err error) {
	if text, err = ix.textQuery(tree); err != nil {
		return nil, nil, err
	}
	// The query with its filters is built for its errors; the filters
	// are applied as bitmaps.
	if _, err := withFilters(r, text); err != nil {
		return nil, nil, err
	}
	if geo, err = geoFilters(r); err != nil {
		return nil, nil, err
	}
	return text, geo, nil
}

// resultSet is the set of documents of s that r finds: the text query's
// matches (text nil: every document) within r's filters and the
// geographic ones, unscored. r.known must be looked up.
func (s *snapshot) resultSet(ctx context.Context, m mapping.IndexMapping, r Request, text query.Query, geo []query.Query) (docSet, error) {
	fs, err := s.filters(r)
	if err != nil {
		return nil, err
	}
	for _, g := range geo {
		set, err := s.run(ctx, g, m, false, nil)
		if err != nil {
			return nil, err
		}
		fs.base = and(fs.base, set)
	}
	keep := fs.without(nil, "")
	if text == nil {
		return keep, nil
	}
	matched, err := s.match(ctx, text, m, false, keep, nil, nil)
	if err != nil {
		return nil, err
	}
	return and(matched, keep), nil
}

// docRef is a document of a snapshot with the sort key of its date
// (dateKey's for the oldest first: the undated last).
type docRef struct {
	date int64
	seg  uint32
	doc  uint32
}

// oldestFirst lists the documents of set in Search's "oldest" order: by
// date key, then by id. The ids are read only for runs of documents of
// the same date key.
func (s *snapshot) oldestFirst(set docSet) ([]docRef, error) {
	refs := make([]docRef, 0, set.card())
	buf := make([]uint32, 1024)
	for seg, b := range set {
		pub := s.data[seg].pub
		it := b.ManyIterator()
		for n := it.NextMany(buf); n > 0; n = it.NextMany(buf) {
			for _, doc := range buf[:n] {
				d := pub[doc]
				if d == noPub {
					d = maxInt64
				}
				refs = append(refs, docRef{date: d, seg: uint32(seg), doc: doc})
			}
		}
	}
	slices.SortFunc(refs, func(a, b docRef) int { return cmp.Compare(a.date, b.date) })
	type byID struct {
		id  string
		ref docRef
	}
	var run []byID
	for i := 0; i < len(refs); {
		j := i + 1
		for j < len(refs) && refs[j].date == refs[i].date {
			j++
		}
		if j-i > 1 {
			run = run[:0]
			for _, r := range refs[i:j] {
				id, err := s.segs[r.seg].DocID(uint64(r.doc))
				if err != nil {
					return nil, fmt.Errorf("search: read a document id: %w", err)
				}
				run = append(run, byID{string(id), r})
			}
			slices.SortFunc(run, func(a, b byID) int { return strings.Compare(a.id, b.id) })
			for k, r := range run {
				refs[i+k] = r.ref
			}
		}
		i = j
	}
	return refs, nil
}

// doc reads segment seg's document doc as Get does.
func (s *snapshot) doc(seg int, doc uint32) (Doc, error) {
	var f storedFields
	err := s.segs[seg].VisitDocument(uint64(doc), func(field string, _ byte, value []byte, _ []uint64) bool {
		if field == "_id" {
			f.id = string(value)
		} else {
			f.visit(field, value)
		}
		return true
	})
	if err != nil {
		return Doc{}, fmt.Errorf("search: read an article: %w", err)
	}
	d, err := f.doc()
	if err != nil {
		return Doc{}, fmt.Errorf("search: read %s: %w", f.id, err)
	}
	return d, nil
}

// storedFields are the stored fields a Doc is built from: the id, the
// stored JSON (storedDoc) and the text, stored in its text_<lang> field
// for highlighting.
type storedFields struct {
	id, source, text string
}

// visit keeps field's value if a Doc needs it.
func (f *storedFields) visit(field string, value []byte) {
	switch {
	case field == fieldSource:
		f.source = string(value)
	case strings.HasPrefix(field, "text_"):
		f.text = string(value)
	}
}

// doc decodes the Doc.
func (f *storedFields) doc() (Doc, error) {
	d, err := decodeSource(f.id, f.source)
	if err != nil {
		return Doc{}, err
	}
	d.Text = f.text
	return d, nil
}
