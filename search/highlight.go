package search

import (
	"context"
	"fmt"
	"slices"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// highlight fills in the highlighted fragments and the term locations of
// docs, the hits of one page (hits[i] is docs[i]; their stored fields are
// loaded), then marks the text fields already read as Bleve's HTML
// highlighter does (fragmenter, fragment.go). Asked to highlight, Bleve
// records where the terms occur in every document that matches, not only
// in the page it returns; over a search with thousands of hits that costs
// more than the search itself.
//
// When the text query was evaluated per segment (e, see eval.go), the
// term locations of the page's few documents are read straight from the
// postings the evaluator holds (locatePage): each term's postings
// iterator is advanced to those documents only. Otherwise the text
// query's Bleve searcher is made a second time, with term locations, and
// moved to each hit (highlightSearcher). Both give what a Bleve search of
// the query restricted to the page's ids with highlighting gives (the
// tests' reference, highlightBleve), but for the fragments of text fields
// without locations, which Bleve makes from the start of the text,
// unmarked, and a Hit does not show.
func (s *snapshot) highlight(ctx context.Context, e *evaluator, q query.Query, m mapping.IndexMapping, hits []ranked, docs []*search.DocumentMatch, pb *pageBuf) error {
	if len(hits) == 0 {
		return nil
	}
	fr := &fragmenter{}
	if pb != nil {
		fr = &pb.fr
	}
	if e == nil {
		return s.highlightSearcher(ctx, fr.markFields, q, m, hits, docs)
	}
	if err := e.locatePage(hits, docs); err != nil {
		return fmt.Errorf("search: highlight: %w", err)
	}
	for _, d := range docs {
		if d.Locations != nil {
			fr.markFields(d)
		}
	}
	return nil
}

// markFields makes the highlighted fragment of each text field of d that
// has term locations, its white space collapsed as a Hit shows it (as
// makeHit's collapseSpace would: then there is nothing left to collapse).
func (fr *fragmenter) markFields(d *search.DocumentMatch) {
	for _, f := range textFieldNames {
		tlm := d.Locations[f]
		text, ok := d.Fields[f].([]byte) // as load reads it
		if !ok || len(tlm) == 0 {
			continue
		}
		if frag, ok := fr.fragment(text, tlm); ok {
			fr.shown, _ = appendCollapsed(fr.shown[:0], frag, len(frag)+1)
			d.AddFragments(f, []string{string(fr.shown)})
		}
	}
}

// pageOrder returns the indexes of hits in document order.
func (s *snapshot) pageOrder(hits []ranked) []int {
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
	return order
}

// highlightSearcher takes the term locations of the page's hits from the
// text query's Bleve searcher, made with term locations on the search's
// own snapshot and moved straight to each hit of the page in document
// order: for the queries the evaluator leaves to Bleve. mark makes a
// hit's fragments from its locations.
func (s *snapshot) highlightSearcher(ctx context.Context, mark func(*search.DocumentMatch), q query.Query, m mapping.IndexMapping, hits []ranked, docs []*search.DocumentMatch) error {
	searcher, err := q.Searcher(ctx, s.is, m, search.SearcherOptions{IncludeTermVectors: true, Score: "none"})
	if err != nil {
		return fmt.Errorf("search: highlight: %w", err)
	}
	defer searcher.Close()
	sc := &search.SearchContext{
		DocumentMatchPool: search.NewDocumentMatchPool(searcher.DocumentMatchPoolSize(), 0),
		IndexReader:       s.is,
	}
	var at *search.DocumentMatch // where the searcher is
	for _, i := range s.pageOrder(hits) {
		g := s.offsets[hits[i].seg] + uint64(hits[i].doc)
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
		mark(d)
	}
	return nil
}

// Reading a page's term locations from the postings.
//
// A Bleve searcher made with term locations reports, for a document it
// matches, the locations of every term under it that matches the
// document: all of a term's; of a phrase, only those of its terms that
// stand in the phrase; of a disjunction, those of its clauses that match;
// of a conjunction, all of its clauses'; of a boolean, its must clause's
// (what excludes, and match-all, report none). DocumentMatch.Complete
// then gathers them by field and term, sorted by position, without
// duplicates. locatePage computes the same from the evaluator's nodes, for
// the page's documents only, and only in the fields a hit reads: the text
// fields (their fragments) and the place names (a snippet of the names
// that matched); a title's locations are read by nobody.

// locTerm is the state of one term of the evaluator while locating: its
// postings iterator in the current segment and the posting it stands on.
type locTerm struct {
	term string
	locs bool // its locations are read
	show bool // it is in a field whose locations a hit reads
	seg  int  // the segment it reads; -1: none yet
	it   segment.PostingsIterator
	cur  uint64 // as enode.cur
	post segment.Posting
}

// foundLoc is one location found for the page's current document.
type foundLoc struct {
	field, term string
	loc         search.Location
}

// locator reads the term locations of a page's documents.
type locator struct {
	e     *evaluator
	terms map[*enode]*locTerm
	found []foundLoc
	ph    [][]foundLoc // a phrase's terms' locations in the current document
}

// shownFields are the fields whose term locations a hit reads.
func shownField(field string) bool {
	return field == fieldPlaceNames || slices.Contains(textFieldNames, field)
}

// locatePage sets the Locations of docs (the page's hits, hits[i] is
// docs[i]) as highlightSearcher would, reading only the postings of the
// page's documents.
func (e *evaluator) locatePage(hits []ranked, docs []*search.DocumentMatch) error {
	l := &locator{e: e, terms: make(map[*enode]*locTerm, len(e.leaves))}
	// Which terms' locations are read: those that report theirs (in a
	// shown field, not under what excludes) and a phrase's, which are
	// checked; of the others only whether they hold the document.
	locs := map[*enode]bool{}
	var mark func(n *enode, reports bool)
	mark = func(n *enode, reports bool) {
		switch n.kind {
		case evTerm:
			locs[n] = locs[n] || reports && shownField(n.field)
		case evPhrase:
			for _, t := range n.terms {
				locs[t] = true
			}
		case evOr, evAnd, evHeap:
			for _, k := range n.kids {
				mark(k, reports)
			}
		case evNot:
			mark(n.kids[0], reports)
			mark(n.not, false)
		}
	}
	mark(e.root, true)
	for _, n := range e.leaves {
		l.terms[n] = &locTerm{term: string(n.term), show: shownField(n.field), locs: locs[n], seg: -1}
	}
	for _, i := range e.s.pageOrder(hits) {
		h := hits[i]
		l.found = l.found[:0]
		ok, err := l.locate(e.root, h.seg, h.doc, true)
		if err != nil {
			return err
		}
		if !ok || len(l.found) == 0 {
			continue
		}
		docs[i].Locations = l.locationMap()
	}
	return nil
}

// posting returns the posting of n's term for doc in segment seg, nil
// when the term is not in the document. Calls for one segment come in
// increasing document order.
func (l *locator) posting(n *enode, seg int, doc uint32) (segment.Posting, error) {
	t := l.terms[n]
	if t.seg != seg {
		t.it = n.pls[seg].Iterator(false, false, t.locs, t.it)
		t.seg, t.cur = seg, curNone
	}
	d := uint64(doc)
	if t.cur == curNone || t.cur < d && t.cur != curEnd {
		p, err := t.it.Advance(d)
		if err != nil {
			return nil, err
		}
		if p == nil {
			t.cur = curEnd
		} else {
			t.cur, t.post = p.Number(), p
		}
	}
	if t.cur != d {
		return nil, nil
	}
	return t.post, nil
}

// locate reports whether n matches doc of segment seg and, when it does
// and report is set, appends to l.found the locations n reports for it.
// When n does not match, l.found is as it was.
func (l *locator) locate(n *enode, seg int, doc uint32, report bool) (bool, error) {
	switch n.kind {
	case evTerm:
		p, err := l.posting(n, seg, doc)
		if err != nil || p == nil {
			return false, err
		}
		if t := l.terms[n]; report && t.show {
			for _, loc := range p.Locations() {
				l.found = append(l.found, foundLoc{field: loc.Field(), term: t.term, loc: location(loc)})
			}
		}
		return true, nil
	case evPhrase:
		return l.locatePhrase(n, seg, doc, report)
	case evOr, evHeap:
		matched := false
		for _, k := range n.kids {
			ok, err := l.locate(k, seg, doc, report)
			if err != nil {
				return false, err
			}
			matched = matched || ok
		}
		return matched, nil
	case evAnd:
		from := len(l.found)
		for _, k := range n.kids {
			ok, err := l.locate(k, seg, doc, report)
			if err != nil || !ok {
				l.found = l.found[:from]
				return false, err
			}
		}
		return true, nil
	case evNot:
		excluded, err := l.locate(n.not, seg, doc, false)
		if err != nil || excluded {
			return false, err
		}
		return l.locate(n.kids[0], seg, doc, report)
	case evAll:
		return true, nil // every live document, as the page's are
	}
	return false, nil
}

// locatePhrase reports whether phrase n stands in doc and appends the
// locations of its terms where it stands, as Bleve's findPhrasePaths
// finds them: from each location of the first term, every term at its
// offset in the same array element.
func (l *locator) locatePhrase(n *enode, seg int, doc uint32, report bool) (bool, error) {
	for len(l.ph) < len(n.terms) {
		l.ph = append(l.ph, nil)
	}
	ph := l.ph[:len(n.terms)]
	for i, t := range n.terms {
		p, err := l.posting(t, seg, doc)
		if err != nil || p == nil {
			return false, err
		}
		locs := ph[i][:0]
		for _, loc := range p.Locations() {
			locs = append(locs, foundLoc{field: loc.Field(), term: l.terms[t].term, loc: location(loc)})
		}
		ph[i] = locs
	}
	show := report && l.terms[n.terms[0]].show
	matched := false
	for _, l0 := range ph[0] {
		ok := true
		for i := 1; i < len(ph) && ok; i++ {
			ok = false
			for _, li := range ph[i] {
				if at(li, l0, n.offs[i]) {
					ok = true
					break
				}
			}
		}
		if !ok {
			continue
		}
		matched = true
		if !show {
			break
		}
		l.found = append(l.found, l0)
		for i := 1; i < len(ph); i++ {
			for _, li := range ph[i] {
				if at(li, l0, n.offs[i]) {
					l.found = append(l.found, li)
				}
			}
		}
	}
	return matched, nil
}

// at reports whether li stands off positions after l0 in its array
// element.
func at(li, l0 foundLoc, off uint64) bool {
	return li.loc.Pos == l0.loc.Pos+off && slices.Equal(li.loc.ArrayPositions, l0.loc.ArrayPositions)
}

// location copies a posting's location (its array positions are reused
// by the iterator).
func location(loc segment.Location) search.Location {
	out := search.Location{Pos: loc.Pos(), Start: loc.Start(), End: loc.End()}
	if ap := loc.ArrayPositions(); len(ap) > 0 {
		out.ArrayPositions = slices.Clone(ap)
	}
	return out
}

// locationMap gathers l.found by field and term, each term's locations
// sorted and without duplicates, as DocumentMatch.Complete does.
func (l *locator) locationMap() search.FieldTermLocationMap {
	out := search.FieldTermLocationMap{}
	all := make([]search.Location, len(l.found))
	for i, f := range l.found {
		all[i] = f.loc
		tlm := out[f.field]
		if tlm == nil {
			tlm = search.TermLocationMap{}
			out[f.field] = tlm
		}
		tlm[f.term] = append(tlm[f.term], &all[i])
	}
	for _, tlm := range out {
		for term, locs := range tlm {
			tlm[term] = locs.Dedupe()
		}
	}
	return out
}
