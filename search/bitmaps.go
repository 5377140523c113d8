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

// Counting facets per hit (Bleve's facet builders visit the doc values of
// every hit) costs time in proportion to the number of hits: the front
// page of a large archive counts every article. Gazette counts them value
// by value instead: each value's posting bitmap intersected with the
// result set, a cost that grows with the number of values and segments,
// not of hits (and a segment whose every document is a result needs no
// intersection: its counts are those of the postings). The result set is
// the text query's matches (collect.go) intersected with the filters,
// which are posting lists too (places, languages, sites, months and days)
// except the geographic ones, run as searches. The disjunctive counts
// (each facet over the results of the other filters) are more
// intersections of the same bitmaps.

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
		tp, err := s.data[i].field(field)
		if err != nil {
			return nil, err
		}
		var bms []*roaring.Bitmap
		for _, t := range terms {
			if bm := tp.postings(t); bm != nil {
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

// tally counts, for every term of a counted field (countedFields), the
// documents of over holding it: the counts by term number, and the table
// of the numbers.
func (s *snapshot) tally(field string, over docSet) ([]int, tableView, error) {
	outs, tvs, err := s.tallyFields(over, field)
	if err != nil {
		return nil, tableView{}, err
	}
	return outs[0], tvs[0], nil
}

// tallyFields is tally for several counted fields over the same set,
// going over each segment's part of it once.
func (s *snapshot) tallyFields(over docSet, fields ...string) ([][]int, []tableView, error) {
	tps := make([][]*termPostings, len(s.segs)) // by segment, then field
	for i := range s.segs {
		tps[i] = make([]*termPostings, len(fields))
		for f, field := range fields {
			var err error
			if tps[i][f], err = s.data[i].field(field); err != nil {
				return nil, nil, err
			}
		}
	}
	// Every number the segments use is in the tables by now.
	outs := make([][]int, len(fields))
	tvs := make([]tableView, len(fields))
	for f, field := range fields {
		if len(s.data) > 0 {
			tvs[f] = s.data[0].tables[field].view()
		}
		outs[f] = make([]int, len(tvs[f].terms))
	}
	for i := range s.segs {
		tallySegment(tps[i], over[i], s.data[i].n, outs)
	}
	return outs, tvs, nil
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

// dayCounts counts the documents of over by publication day (from the
// segments' day columns), or, when the timeline will draw months or years
// anyway, by month (under each month's first day, or From's day for the
// first month). The timeline and month facets built from either are the
// same.
func (s *snapshot) dayCounts(r Request, over docSet) dayCounts {
	// Days as numbers: a dense histogram from the first to the last day
	// of the index when that is not absurdly long, else a map.
	lo, hi := int32(noDay), int32(noDay)
	for i, d := range s.data {
		if d.minDay == noDay || over[i].IsEmpty() {
			continue
		}
		if lo == noDay || d.minDay < lo {
			lo = d.minDay
		}
		if hi == noDay || d.maxDay > hi {
			hi = d.maxDay
		}
	}
	if lo == noDay {
		return dayCounts{}
	}
	var dense []int
	sparse := map[int32]int{}
	if hi-lo < maxDenseDays {
		dense = make([]int, hi-lo+1)
	}
	add := func(day int32, n int) {
		if dense != nil {
			dense[day-lo] += n
		} else {
			sparse[day] += n
		}
	}
	buf := make([]uint32, 1024)
	for i, d := range s.data {
		card := over[i].GetCardinality()
		if d.minDay == noDay || card == 0 {
			continue
		}
		// More than half the segment: its days less the others'.
		set, sign := over[i], 1
		if card > d.n/2 && d.dayHist != nil {
			for j, n := range d.dayHist {
				if n > 0 {
					add(d.minDay+int32(j), n)
				}
			}
			set, sign = roaring.Flip(set, 0, d.n), -1
		}
		it := set.ManyIterator()
		for n := it.NextMany(buf); n > 0; n = it.NextMany(buf) {
			if dense == nil {
				for _, doc := range buf[:n] {
					if day := d.day[doc]; day != noDay {
						sparse[day] += sign
					}
				}
				continue
			}
			for _, doc := range buf[:n] {
				if day := d.day[doc]; day != noDay {
					dense[day-lo] += sign
				}
			}
		}
	}
	// The days with results, in order.
	type dayCount struct {
		day int32
		n   int
	}
	var days []dayCount
	for j, n := range dense {
		if n != 0 {
			days = append(days, dayCount{lo + int32(j), n})
		}
	}
	for day, n := range sparse {
		if n != 0 {
			days = append(days, dayCount{day, n})
		}
	}
	if len(days) == 0 {
		return dayCounts{}
	}
	slices.SortFunc(days, func(a, b dayCount) int { return int(a.day) - int(b.day) })
	date := func(day int32) time.Time { return time.Unix(int64(day)*86400, 0).UTC() }
	// The span the timeline covers: the months of the first and last
	// results, within From..To.
	month := func(t time.Time) time.Time { return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC) }
	spanLo, spanHi := month(date(days[0].day)), month(date(days[len(days)-1].day)).AddDate(0, 1, -1)
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
	// The days as numbers from here: a month's bounds are computed once
	// per month, not per day.
	dayNo := func(t time.Time) int32 { return int32(t.Unix() / 86400) } // t is a midnight UTC
	loNo, hiNo := dayNo(spanLo), dayNo(spanHi)
	out := dayCounts{}
	key := int32(noDay) // the first day of the bar being added up
	sum := 0
	flush := func() {
		if sum > 0 {
			out[date(key).Format(time.DateOnly)] += sum
		}
		sum = 0
	}
	monthStart, monthEnd := int32(noDay), int32(noDay) // the month of the last day seen, and the day after it
	for _, dc := range days {
		if r.From != nil && dc.day < loNo || r.To != nil && dc.day > hiNo {
			continue
		}
		k := dc.day
		if byMonth {
			if monthEnd == noDay || dc.day >= monthEnd { // days come in order
				m := month(date(dc.day))
				monthStart, monthEnd = dayNo(m), dayNo(m.AddDate(0, 1, 0))
			}
			k = max(monthStart, loNo) // the first month starts at From
		}
		if k != key {
			flush()
			key = k
		}
		sum += dc.n
	}
	flush()
	return out
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
	c := counts{total: hits.card(), days: s.dayCounts(r, hits)}
	if len(s.segs) == 0 {
		return c, nil
	}
	outs, tvs, err := s.tallyFields(hits, fieldPlaceTree, fieldLang, fieldSiteFacet)
	if err != nil {
		return c, err
	}
	tree, tv := outs[0], tvs[0]
	c.tree, c.levels = tree, slices.Clone(tree)
	c.places, c.entries, c.placeOf, c.nPlaces = tv.terms, tv.entries, tv.placeOf, tv.nPlaces
	langs, langTerms := outs[1], tvs[1]
	sites, siteTerms := outs[2], tvs[2]
	for name := range fs.groups {
		base := fs.without(text, name)
		switch name {
		case FacetLangs:
			langs, langTerms, err = s.tally(fieldLang, base)
		case FacetSites:
			sites, siteTerms, err = s.tally(fieldSiteFacet, base)
		default:
			// This level's counts over base, the other levels' over hits.
			level := levelLetter(name)
			var got []int
			if got, _, err = s.tally(fieldPlaceTree, base); err == nil {
				for o := range c.levels {
					if c.entries[o].level == level {
						c.levels[o] = got[o]
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
