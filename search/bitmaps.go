package search

import (
	"fmt"
	"strings"
	"time"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// Counting facets per hit (Bleve's facet builders visit the doc values of
// every hit) costs time in proportion to the number of hits: the front
// page of a large archive counts every article. A search without a text
// query is only filters — terms and a date range — and its result set is
// the intersection of posting lists, which the index keeps as roaring
// bitmaps. For such searches the facets are counted here instead, value by
// value: each value's posting bitmap intersected with the result set, a
// cost that grows with the number of values and segments, not of hits.
// The disjunctive counts (each facet over the results of the other
// filters) are more intersections of the same bitmaps. Searches with a
// text query (or a geographic filter) still count through Bleve.

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

// snapshot reads posting bitmaps from one scorch snapshot of the index.
type snapshot struct {
	is   *scorch.IndexSnapshot
	segs []*scorch.SegmentSnapshot
	dict map[string][]segment.TermDictionary // by field, per segment
	pl   segment.PostingsList                // reused
	it   segment.PostingsIterator            // reused
}

// openSnapshot opens a snapshot of the index for bitmap counting; ok is
// false when the index is not a scorch index (the caller counts through
// Bleve then). The caller closes it.
func (ix *Index) openSnapshot() (s *snapshot, ok bool, err error) {
	adv, err := ix.bleve.Advanced()
	if err != nil {
		return nil, false, err
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, false, err
	}
	is, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		r.Close()
		return nil, false, nil
	}
	return &snapshot{is: is, segs: is.Segments(), dict: map[string][]segment.TermDictionary{}}, true, nil
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

// dictionaries returns the term dictionary of field in every segment.
func (s *snapshot) dictionaries(field string) ([]segment.TermDictionary, error) {
	if d, ok := s.dict[field]; ok {
		return d, nil
	}
	d := make([]segment.TermDictionary, len(s.segs))
	for i, seg := range s.segs {
		var err error
		if d[i], err = seg.Segment().Dictionary(field); err != nil {
			return nil, fmt.Errorf("search: read the %s terms: %w", field, err)
		}
	}
	s.dict[field] = d
	return d, nil
}

// postings calls fn with the posting bitmap of term in segment i of the
// dictionaries (deleted documents included: callers intersect with sets
// that hold none). The bitmap belongs to the index: fn must not change or
// keep it.
func (s *snapshot) postings(dicts []segment.TermDictionary, i int, term []byte, fn func(*roaring.Bitmap)) error {
	pl, err := dicts[i].PostingsList(term, nil, s.pl)
	if err != nil {
		return err
	}
	s.pl = pl
	if pl.Count() == 0 {
		return nil
	}
	it := pl.Iterator(false, false, false, s.it)
	s.it = it
	if o, ok := it.(segment.OptimizablePostingsIterator); ok {
		if bm := o.ActualBitmap(); bm != nil {
			fn(bm)
			return nil
		}
		if n, ok := o.DocNum1Hit(); ok {
			fn(roaring.BitmapOf(uint32(n)))
			return nil
		}
	}
	bm := roaring.New()
	for p, err := it.Next(); p != nil || err != nil; p, err = it.Next() {
		if err != nil {
			return err
		}
		bm.Add(uint32(p.Number()))
	}
	fn(bm)
	return nil
}

// anyTerm is the set of live documents holding any of terms in field.
func (s *snapshot) anyTerm(field string, terms []string) (docSet, error) {
	dicts, err := s.dictionaries(field)
	if err != nil {
		return nil, err
	}
	out := make(docSet, len(s.segs))
	for i, seg := range s.segs {
		b := roaring.New()
		for _, t := range terms {
			if err := s.postings(dicts, i, []byte(t), func(p *roaring.Bitmap) { b.Or(p) }); err != nil {
				return nil, err
			}
		}
		if del := seg.Deleted(); del != nil {
			b.AndNot(del)
		}
		out[i] = b
	}
	return out, nil
}

// termRange is the set of live documents holding a term of field from lo
// (inclusive) to hi (exclusive); "" leaves an end open.
func (s *snapshot) termRange(field, lo, hi string) (docSet, error) {
	dicts, err := s.dictionaries(field)
	if err != nil {
		return nil, err
	}
	var start, end []byte
	if lo != "" {
		start = []byte(lo)
	}
	if hi != "" {
		end = []byte(hi)
	}
	out := make(docSet, len(s.segs))
	for i, seg := range s.segs {
		b := roaring.New()
		var terms [][]byte
		itr := dicts[i].AutomatonIterator(nil, start, end)
		for de, err := itr.Next(); de != nil || err != nil; de, err = itr.Next() {
			if err != nil {
				return nil, err
			}
			terms = append(terms, []byte(de.Term))
		}
		for _, t := range terms {
			if err := s.postings(dicts, i, t, func(p *roaring.Bitmap) { b.Or(p) }); err != nil {
				return nil, err
			}
		}
		if del := seg.Deleted(); del != nil {
			b.AndNot(del)
		}
		out[i] = b
	}
	return out, nil
}

// count counts, for every term of field starting with prefix, how many
// documents of over hold it. Terms no document of over holds are left out.
func (s *snapshot) count(field, prefix string, over docSet) (map[string]int, error) {
	if prefix == "" {
		return s.countRange(field, "", "", over)
	}
	return s.countRange(field, prefix, prefix[:len(prefix)-1]+string(prefix[len(prefix)-1]+1), over)
}

// countRange counts as count does the terms of field from lo (inclusive)
// to hi (exclusive); "" leaves an end open.
func (s *snapshot) countRange(field, lo, hi string, over docSet) (map[string]int, error) {
	dicts, err := s.dictionaries(field)
	if err != nil {
		return nil, err
	}
	var start, end []byte
	if lo != "" {
		start = []byte(lo)
	}
	if hi != "" {
		end = []byte(hi)
	}
	out := map[string]int{}
	for i, seg := range s.segs {
		if over[i].IsEmpty() {
			continue
		}
		// A segment whose every document is counted and none deleted
		// needs no intersection: the dictionary's counts are the counts.
		whole := (seg.Deleted() == nil || seg.Deleted().IsEmpty()) && over[i].GetCardinality() == seg.Segment().Count()
		var terms []string
		itr := dicts[i].AutomatonIterator(nil, start, end)
		for de, err := itr.Next(); de != nil || err != nil; de, err = itr.Next() {
			if err != nil {
				return nil, err
			}
			if whole {
				if de.Count > 0 {
					out[de.Term] += int(de.Count)
				}
				continue
			}
			terms = append(terms, de.Term)
		}
		for _, t := range terms {
			err := s.postings(dicts, i, []byte(t), func(p *roaring.Bitmap) {
				if n := int(over[i].AndCardinality(p)); n > 0 {
					out[t] += n
				}
			})
			if err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

// bitmapCountable reports whether the facets of r can be counted from
// bitmaps: no text query and no geographic filter.
func bitmapCountable(r Request, tree *node) bool {
	return tree == nil && r.Near == nil && r.BBox == nil
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
	fs := &filterSets{base: s.live(), groups: map[string]docSet{}}
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
	fs.base = and(append([]docSet{fs.base}, sets...)...)
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

// dayCounts counts the documents of over by publication day, or, when the
// timeline will draw months or years anyway, by month (under each month's
// first day), which reads a dozen terms a year instead of 365. The
// timeline and month facets built from either are the same.
func (s *snapshot) dayCounts(r Request, over docSet) (dayCounts, error) {
	months, err := s.count(fieldMonth, "", over)
	if err != nil {
		return nil, err
	}
	delete(months, undated)
	if len(months) == 0 {
		return dayCounts{}, nil
	}
	var first, last string
	for m := range months {
		if first == "" || m < first {
			first = m
		}
		if last == "" || m > last {
			last = m
		}
	}
	lo, err1 := time.Parse("2006-01", first)
	hi, err2 := time.Parse("2006-01", last)
	if err1 != nil || err2 != nil {
		return nil, fmt.Errorf("search: bad month term %q or %q", first, last)
	}
	hi = hi.AddDate(0, 1, 0) // exclusive
	if r.From != nil && dayOf(*r.From).After(lo) {
		lo = dayOf(*r.From)
	}
	if r.To != nil && dayOf(*r.To).AddDate(0, 0, 1).Before(hi) {
		hi = dayOf(*r.To).AddDate(0, 0, 1)
	}
	spanLo, spanHi := lo, hi.AddDate(0, 0, -1)
	if r.From != nil {
		spanLo = dayOf(*r.From)
	}
	if r.To != nil {
		spanHi = dayOf(*r.To)
	}
	// More than 24 months always draws months or years: no week or day
	// bar needs the days.
	byMonth := r.Interval == IntervalMonth || r.Interval == IntervalYear ||
		r.Interval == "" && barCount(spanLo, spanHi, IntervalMonth) > 24
	if byMonth {
		out := dayCounts{}
		for m, n := range months {
			d := m + "-01"
			if r.From != nil && d < spanLo.Format(time.DateOnly) {
				d = spanLo.Format(time.DateOnly) // the first month starts at From
			}
			out[d] = n
		}
		return out, nil
	}
	days, err := s.countRange(fieldPubDay, lo.Format(time.DateOnly), hi.Format(time.DateOnly), over)
	return dayCounts(days), err
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

// countBitmaps counts the facets of a filter-only request r from posting
// bitmaps (see bitmapCountable).
func (ix *Index) countBitmaps(r Request) (counts, bool, error) {
	s, ok, err := ix.openSnapshot()
	if err != nil || !ok {
		return counts{}, false, err
	}
	defer s.Close()
	fs, err := s.filters(r)
	if err != nil {
		return counts{}, false, err
	}
	// The result set, and for each facet with a choice the results of
	// every filter but its own.
	without := func(skip string) docSet {
		sets := []docSet{fs.base}
		for name, g := range fs.groups {
			if name != skip {
				sets = append(sets, g)
			}
		}
		return and(sets...)
	}
	hits := without("")
	c := counts{total: hits.card()}
	if c.tree, err = s.count(fieldPlaceTree, "", hits); err != nil {
		return c, false, err
	}
	c.levels = map[string]int{}
	for t, n := range c.tree {
		c.levels[t] = n
	}
	if c.days, err = s.dayCounts(r, hits); err != nil {
		return c, false, err
	}
	if c.langs, err = s.count(fieldLang, "", hits); err != nil {
		return c, false, err
	}
	if c.sites, err = s.count(fieldSiteFacet, "", hits); err != nil {
		return c, false, err
	}
	for name := range fs.groups {
		base := without(name)
		switch name {
		case FacetLangs:
			c.langs, err = s.count(fieldLang, "", base)
		case FacetSites:
			c.sites, err = s.count(fieldSiteFacet, "", base)
		default:
			prefix := string(levelLetter(name)) + ":"
			var got map[string]int
			if got, err = s.count(fieldPlaceTree, prefix, base); err == nil {
				for t := range c.levels {
					if strings.HasPrefix(t, prefix) {
						delete(c.levels, t)
					}
				}
				for t, n := range got {
					c.levels[t] = n
				}
			}
		}
		if err != nil {
			return c, false, err
		}
	}
	return c, true, nil
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
