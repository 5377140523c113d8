package search

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
)

// A search's result set, and each set its facets are counted over, is a
// bitmap of documents per segment: the text query's matches (eval.go,
// collect.go) intersected with the filters, which are posting lists too
// (places, languages, sites, months and days) except the geographic ones,
// run as searches. The disjunctive counts (each facet over the results of
// the other filters) are counted over more intersections of the same
// bitmaps. The counting itself goes over each segment's columns
// (facetcount.go), not Bleve's doc values hit by hit.

// docSet is a set of documents of one index snapshot: a bitmap of local
// document numbers per segment. It never holds a deleted document.
type docSet []*roaring.Bitmap

// card is the number of documents in the set.
func (d docSet) card() int {
	n := uint64(0)
	for _, b := range d {
		n += b.GetCardinality()
	}
	return int(n)
}

// and returns the intersection of sets (none: nil).
func and(sets ...docSet) docSet {
	if len(sets) == 0 {
		return nil
	}
	out := make(docSet, len(sets[0]))
	for i := range out {
		bs := make([]*roaring.Bitmap, len(sets))
		for j, s := range sets {
			bs[j] = s[i]
		}
		out[i] = roaring.FastAnd(bs...)
	}
	return out
}

// snapshot reads one scorch snapshot of the index: its segments, with the
// postings and date columns kept for each (see segcache.go).
type snapshot struct {
	is      *scorch.IndexSnapshot
	segs    []*scorch.SegmentSnapshot
	data    []*segData // by segment
	offsets []uint64   // the first global document number of each segment
}

// openSnapshot opens a snapshot of the index for a search, its segments'
// dates read; the caller closes it.
func (ix *Index) openSnapshot() (*snapshot, error) {
	s, err := ix.snapshotOf()
	if err != nil {
		return nil, err
	}
	for _, d := range s.data {
		if err := d.dates(true); err != nil {
			s.Close()
			return nil, err
		}
	}
	return s, nil
}

// snapshotOf opens a snapshot of the index, its segments' data as far as
// it is read; the caller closes it.
func (ix *Index) snapshotOf() (*snapshot, error) {
	adv, err := ix.bleve.Advanced()
	if err != nil {
		return nil, err
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, err
	}
	is, ok := r.(*scorch.IndexSnapshot)
	switch {
	case !ok:
		r.Close()
		return nil, fmt.Errorf("search: the index is a %T, not a scorch index", r)
	case is == nil: // closed
		return nil, bleve.ErrorIndexClosed
	}
	s := &snapshot{is: is, segs: is.Segments()}
	// Scorch numbers documents across the index by counting each
	// segment's documents, deleted ones included, in order.
	s.offsets = make([]uint64, len(s.segs))
	var next uint64
	for i, seg := range s.segs {
		s.offsets[i] = next
		next += seg.Segment().Count()
	}
	s.data = ix.segs.get(s.segs)
	return s, nil
}

func (s *snapshot) Close() error { return s.is.Close() }

// live is every document of the snapshot.
func (s *snapshot) live() docSet {
	out := make(docSet, len(s.segs))
	for i, seg := range s.segs {
		out[i] = seg.DocNumbersLive()
	}
	return out
}

// empty is a set of no documents.
func (s *snapshot) empty() docSet {
	out := make(docSet, len(s.segs))
	for i := range out {
		out[i] = roaring.New()
	}
	return out
}

// anyTerm is the set of live documents holding any of terms in field.
func (s *snapshot) anyTerm(field string, terms []string) (docSet, error) {
	out := make(docSet, len(s.segs))
	for i, seg := range s.segs {
		var bms []*roaring.Bitmap
		for _, t := range terms {
			bm, err := s.data[i].termDocs(seg.Segment(), field, t)
			if err != nil {
				return nil, err
			}
			if bm != nil {
				bms = append(bms, bm)
			}
		}
		out[i] = orLive(bms, seg)
	}
	return out, nil
}

// termRange is the set of live documents holding a term of field from lo
// (inclusive) to hi (exclusive); "" leaves an end open. For a field of one
// term per document (singleValued) whose range holds most documents, the
// set is the documents with a term less those with a term outside the
// range: "everything up to a date" then unites the few months after it,
// not the hundred before.
func (s *snapshot) termRange(field, lo, hi string) (docSet, error) {
	out := make(docSet, len(s.segs))
	for i, seg := range s.segs {
		tp, err := s.data[i].field(field)
		if err != nil {
			return nil, err
		}
		a, b := tp.span(lo, hi)
		if tp.covered == nil || 2*tp.cardsIn(a, b) <= tp.cardsIn(0, len(tp.terms)) {
			out[i] = orLive(tp.bms[a:b], seg)
			continue
		}
		rest := append(tp.bms[:a:a], tp.bms[b:]...)
		var in *roaring.Bitmap
		if tp.coversAll {
			// Every document, less those outside: a flip.
			in = roaring.Flip(roaring.FastOr(rest...), 0, s.data[i].n)
		} else {
			in = tp.covered.Clone()
			in.AndNot(roaring.FastOr(rest...))
		}
		if del := seg.Deleted(); del != nil {
			in.AndNot(del)
		}
		out[i] = in
	}
	return out, nil
}

// orLive is the union of bms without the deleted documents of seg, a new
// bitmap.
func orLive(bms []*roaring.Bitmap, seg *scorch.SegmentSnapshot) *roaring.Bitmap {
	var b *roaring.Bitmap
	switch len(bms) {
	case 0:
		return roaring.New()
	case 1:
		b = bms[0].Clone()
	default:
		b = roaring.FastOr(bms...)
	}
	if del := seg.Deleted(); del != nil {
		b.AndNot(del)
	}
	return b
}

// termCounts turns counts by term number into counts by term, leaving
// out the terms no document holds.
func termCounts(byNumber []int, terms []string) map[string]int {
	out := map[string]int{}
	for o, n := range byNumber {
		if n > 0 {
			out[terms[o]] = n
		}
	}
	return out
}

// filterSets are the result set of a filter-only request as bitmaps: the
// filters that are not facets (dates, unknown places) and each facet's.
type filterSets struct {
	base   docSet            // live documents passing the non-facet filters
	groups map[string]docSet // by facet name (FacetCountries, ..., FacetLangs, FacetSites)
}

// filters builds the bitmaps of r's filters (see filterQuery, which they
// must match exactly).
func (s *snapshot) filters(r Request) (*filterSets, error) {
	fs := &filterSets{groups: map[string]docSet{}}
	var sets []docSet
	levelNames := map[byte]string{levelCountry: FacetCountries, levelRegion: FacetRegions, levelCity: FacetCities, levelOther: FacetOther}
	for _, group := range placeGroups(trimmed(r.Places), r.known) {
		set, err := s.anyTerm(fieldPlace, group)
		if err != nil {
			return nil, err
		}
		if e, ok := r.known[group[0]]; ok {
			fs.groups[levelNames[e.level]] = set
		} else {
			sets = append(sets, set) // an unknown id: matches what it matches, in no facet
		}
	}
	var langs, sites []string
	for _, l := range r.Langs {
		if l = primaryLang(l); l != "" {
			langs = append(langs, l)
		}
	}
	for _, site := range r.Sites {
		if site = strings.ToLower(strings.TrimSpace(site)); site != "" {
			sites = append(sites, site)
		}
	}
	if len(langs) > 0 {
		set, err := s.anyTerm(fieldLang, langs)
		if err != nil {
			return nil, err
		}
		fs.groups[FacetLangs] = set
	}
	if len(sites) > 0 {
		set, err := s.anyTerm(fieldSite, sites)
		if err != nil {
			return nil, err
		}
		fs.groups[FacetSites] = set
	}
	dates, err := s.dates(r)
	if err != nil {
		return nil, err
	}
	if dates != nil {
		sets = append(sets, dates)
	}
	if len(sets) == 0 {
		fs.base = s.live()
	} else {
		// Each set holds live documents only (anyTerm, termRange): no
		// need to intersect them with every live document too.
		fs.base = and(sets...)
	}
	return fs, nil
}

// dates is the set the date filter of r keeps, nil for no filter (see
// dateFilter, whose errors it leaves to the query that runs beside it).
func (s *snapshot) dates(r Request) (docSet, error) {
	ranged := r.From != nil || r.To != nil
	undatedSet := func() (docSet, error) { return s.anyTerm(fieldMonth, []string{undated}) }
	switch {
	case r.Undated == UndatedOnly:
		return undatedSet()
	case r.Undated == UndatedExclude && !ranged:
		u, err := undatedSet()
		if err != nil {
			return nil, err
		}
		out := s.live()
		for i := range out {
			out[i].AndNot(u[i])
		}
		return out, nil
	case !ranged:
		return nil, nil
	}
	var lo, hi time.Time
	if r.From != nil {
		lo = dayOf(*r.From)
	}
	if r.To != nil {
		hi = dayOf(*r.To).AddDate(0, 0, 1)
	}
	set, err := s.published(lo, hi)
	if err != nil || r.Undated != UndatedInclude {
		return set, err
	}
	u, err := undatedSet()
	if err != nil {
		return nil, err
	}
	for i := range set {
		set[i].Or(u[i])
	}
	return set, nil
}

// published is the set of documents published from day lo to day hi
// (exclusive; zero leaves an end open): the whole months between from the
// month field, the days at either end from the pubday field, so that a
// range of years reads a few dozen terms, not thousands.
func (s *snapshot) published(lo, hi time.Time) (docSet, error) {
	month := func(t time.Time) time.Time { return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC) }
	// Whole months from mLo to mHi (exclusive), as "2006-01" terms.
	mLo, mHi := "", ":" // ":" sorts after every digit and before "undated"
	var sets []docSet
	day := func(a, b time.Time) error {
		set, err := s.termRange(fieldPubDay, a.Format(time.DateOnly), b.Format(time.DateOnly))
		sets = append(sets, set)
		return err
	}
	if !lo.IsZero() && !hi.IsZero() && !month(hi).After(month(lo)) {
		// Within one month: its days.
		if err := day(lo, hi); err != nil {
			return nil, err
		}
		return sets[0], nil
	}
	if !lo.IsZero() {
		first := month(lo)
		if !lo.Equal(first) {
			first = first.AddDate(0, 1, 0)
			if err := day(lo, first); err != nil {
				return nil, err
			}
		}
		mLo = first.Format("2006-01")
	}
	if !hi.IsZero() {
		last := month(hi)
		if !hi.Equal(last) {
			if err := day(last, hi); err != nil {
				return nil, err
			}
		}
		mHi = last.Format("2006-01")
	}
	whole, err := s.termRange(fieldMonth, mLo, mHi)
	if err != nil {
		return nil, err
	}
	for _, set := range sets {
		for i := range whole {
			whole[i].Or(set[i])
		}
	}
	return whole, nil
}

// trimmed drops blank ids.
func trimmed(ids []string) []string {
	var out []string
	for _, id := range ids {
		if id = strings.TrimSpace(id); id != "" {
			out = append(out, id)
		}
	}
	return out
}

// without is the result set of a request whose text query matched text
// (nil: no text query), with the filter of every facet but skip (""
// keeps them all): the disjunctive counts of facet skip are counted over
// it.
func (fs *filterSets) without(text docSet, skip string) docSet {
	sets := []docSet{fs.base}
	if text != nil {
		sets = append(sets, text)
	}
	for name, g := range fs.groups {
		if name != skip {
			sets = append(sets, g)
		}
	}
	return and(sets...)
}

// countFacets counts the facets of r over hits, the result set, and,
// for each facet r chooses values of, over the results of every filter
// but its own (fs and text: see without).
func (s *snapshot) countFacets(r Request, fs *filterSets, text, hits docSet) (counts, error) {
	c := counts{total: hits.card()}
	if len(s.segs) == 0 {
		return c, nil
	}
	t, err := s.tallyOver(hits, true, fieldPlaceTree, fieldLang, fieldSiteFacet)
	if err != nil {
		return c, err
	}
	c.days = t.days
	tree, tv := t.byTerm[0], t.views[0]
	c.tree, c.levels = tree, tree // levels cloned before a level's counts replace tree's
	cloned := false
	c.places, c.entries, c.placeOf, c.nPlaces, c.ranks = tv.terms, tv.entries, tv.placeOf, tv.nPlaces, tv.ranks
	langs, langTerms := t.byTerm[1], t.views[1]
	sites, siteTerms := t.byTerm[2], t.views[2]
	for name := range fs.groups {
		base := fs.without(text, name)
		var g facetTally
		switch name {
		case FacetLangs:
			if g, err = s.tallyOver(base, false, fieldLang); err == nil {
				langs, langTerms = g.byTerm[0], g.views[0]
			}
		case FacetSites:
			if g, err = s.tallyOver(base, false, fieldSiteFacet); err == nil {
				sites, siteTerms = g.byTerm[0], g.views[0]
			}
		default:
			// This level's counts over base, the other levels' over hits.
			level := levelLetter(name)
			if g, err = s.tallyOver(base, false, fieldPlaceTree); err == nil {
				if !cloned {
					c.levels, cloned = slices.Clone(c.tree), true
				}
				for o, n := range g.byTerm[0][:len(c.levels)] {
					if c.entries[o].level == level {
						c.levels[o] = n
					}
				}
			}
		}
		if err != nil {
			return c, err
		}
	}
	c.langs, c.sites = termCounts(langs, langTerms.terms), termCounts(sites, siteTerms.terms)
	return c, nil
}

// levelLetter is the place_tree level of a place facet's name.
func levelLetter(facet string) byte {
	switch facet {
	case FacetCountries:
		return levelCountry
	case FacetRegions:
		return levelRegion
	case FacetCities:
		return levelCity
	}
	return levelOther
}
