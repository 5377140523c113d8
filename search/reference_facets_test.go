package search

import (
	"slices"
	"sort"
	"time"
)

// The facet builder as it was before it worked on place numbers (placeRef),
// and the timeline and month facet as they were rolled up from days by
// name before day numbers (dayList), kept as the reference of
// TestSearchEqualsBleve.

// buildFacetsBefore is buildFacets as it was before it worked on place
// numbers: the reference the tests hold it to (TestSearchEqualsBleve).
func buildFacetsBefore(r Request, c counts, days dayCountsBefore) (Facets, error) {
	f := Facets{Omitted: map[string]int{}}
	size := func(name string, def int) int {
		if slices.Contains(r.More, name) {
			return MaxFacetValues
		}
		return def
	}

	countries := chosenAt(r, levelCountry)
	regions := chosenAt(r, levelRegion)
	shown := func(e treeEntry) bool {
		switch e.level {
		case levelRegion:
			return len(countries) == 0 || e.within(countries)
		case levelCity:
			switch {
			case len(regions) > 0:
				return e.within(regions)
			case len(countries) > 0:
				return e.within(countries)
			}
		}
		return true
	}
	var scratch []PlaceCount // reused by every list: firstPlaces copies
	list := func(aggs []placeAggBefore, level byte, name string, chosen []string) []PlaceCount {
		out := scratch[:0]
		for i := range aggs {
			a := &aggs[i]
			if a.count > 0 && (level == 0 || a.e.level == level) && shown(a.e) {
				out = append(out, PlaceCount{ID: a.e.id, Name: a.e.name, Count: a.count, Parent: a.e.parent()})
			}
		}
		scratch = out
		out = firstPlacesBefore(out, size(name, placeFacetSize), name, f.Omitted, chosen)
		for _, id := range chosen {
			if !slices.ContainsFunc(out, func(pc PlaceCount) bool { return pc.ID == id }) {
				e, n := r.known[id], 0
				if i := slices.IndexFunc(aggs, func(a placeAggBefore) bool { return a.count > 0 && a.e.id == id }); i >= 0 {
					e, n = aggs[i].e, aggs[i].count
				}
				out = append(out, PlaceCount{ID: id, Name: e.name, Count: n, Parent: e.parent()})
			}
		}
		return out
	}
	levels := mergePlacesBefore(c.levels, c)
	f.PlaceLevels = PlaceLevels{
		Countries: list(levels, levelCountry, FacetCountries, countries),
		Regions:   list(levels, levelRegion, FacetRegions, regions),
		Cities:    list(levels, levelCity, FacetCities, chosenAt(r, levelCity)),
		Other:     list(levels, levelOther, FacetOther, chosenAt(r, levelOther)),
	}
	// The one list of all places counts the result set itself.
	f.Places = list(mergePlacesBefore(c.tree, c), 0, FacetPlaces, nil)

	undatedCount := max(c.total-days.dated(), 0)
	f.Dates = days.months(undatedCount)
	var err error
	if f.Timeline, err = timelineBefore(days, c.total, r); err != nil {
		return f, err
	}

	langs := make([]string, 0, len(r.Langs))
	for _, l := range r.Langs {
		langs = append(langs, primaryLang(l))
	}
	f.Langs = termList(c.langs, langs, size(FacetLangs, langFacetSize), FacetLangs, f.Omitted, false)
	f.Sites = termList(c.sites, r.Sites, size(FacetSites, siteFacetSize), FacetSites, f.Omitted, true)
	if len(f.Omitted) == 0 {
		f.Omitted = nil
	}
	return f, nil
}

// placeAggBefore is a place's entry and its count.
type placeAggBefore struct {
	e     treeEntry
	term  string // e's place_tree term
	count int
}

// mergePlaces adds up the counts of place_tree terms (counts by term
// number, as c.tree and c.levels) by place: a place whose ancestors or
// name changed between two indexings has several terms. A name that is
// more than the id wins. The result is indexed by place number
// (c.placeOf); places without documents count 0.
func mergePlacesBefore(counts []int, c counts) []placeAggBefore {
	out := make([]placeAggBefore, c.nPlaces)
	for o, n := range counts {
		e := &c.entries[o]
		if n <= 0 || e.id == "" {
			continue
		}
		a := &out[c.placeOf[o]]
		if a.count == 0 {
			*a = placeAggBefore{e: *e, term: c.places[o], count: n}
			continue
		}
		a.count += n
		named, aNamed := e.name != e.id, a.e.name != a.e.id
		if named && !aNamed || named == aNamed && c.places[o] < a.term {
			a.e, a.term = *e, c.places[o]
		}
	}
	return out
}

// firstPlacesBefore returns the first n places of pcs in comparePlaceCounts
// order and, after them, those of the chosen ids that come later,
// recording how many were left out under name (as cutKeeping does over
// the sorted list). It selects the first n with a heap instead of sorting
// the long tail; pcs is reordered, the result is a new slice.
func firstPlacesBefore(pcs []PlaceCount, n int, name string, omitted map[string]int, chosen []string) []PlaceCount {
	if len(pcs) <= n {
		out := append(make([]PlaceCount, 0, len(pcs)), pcs...)
		slices.SortFunc(out, comparePlaceCounts)
		return out
	}
	var later []PlaceCount
	for _, pc := range pcs {
		if slices.Contains(chosen, pc.ID) {
			later = append(later, pc)
		}
	}
	// A heap of the best n so far, the worst of them at the root.
	h := pcs[:n]
	worse := func(i, j int) bool { return comparePlaceCounts(h[i], h[j]) > 0 }
	down := func(i int) {
		for {
			l, w := 2*i+1, i
			if l < n && worse(l, w) {
				w = l
			}
			if r := l + 1; r < n && worse(r, w) {
				w = r
			}
			if w == i {
				return
			}
			h[i], h[w] = h[w], h[i]
			i = w
		}
	}
	for i := n/2 - 1; i >= 0; i-- {
		down(i)
	}
	for _, pc := range pcs[n:] {
		if comparePlaceCounts(pc, h[0]) < 0 {
			h[0] = pc
			down(0)
		}
	}
	out := slices.Clone(h)
	slices.SortFunc(out, comparePlaceCounts)
	slices.SortFunc(later, comparePlaceCounts)
	for _, pc := range later {
		if comparePlaceCounts(pc, out[n-1]) > 0 {
			out = append(out, pc)
		}
	}
	omitted[name] = len(pcs) - len(out)
	return out
}

// dayCountsBefore is the number of articles per publication day ("2006-01-02").
type dayCountsBefore map[string]int

// span returns the first and last day with articles; ok is false when
// there are none.
func (dc dayCountsBefore) span() (lo, hi time.Time, ok bool) {
	for k, n := range dc {
		d, err := time.Parse(time.DateOnly, k)
		if err != nil || n == 0 {
			continue
		}
		if !ok || d.Before(lo) {
			lo = d
		}
		if !ok || d.After(hi) {
			hi = d
		}
		ok = true
	}
	return lo, hi, ok
}

// dated is the number of articles with a date.
func (dc dayCountsBefore) dated() int {
	n := 0
	for _, c := range dc {
		n += c
	}
	return n
}

// timelineSpan is the range a timeline covers: From..To when set, else the
// first to the last day of the results. ok is false when there is nothing
// to show (no dated results and no range).
func timelineSpanBefore(dc dayCountsBefore, from, to *time.Time) (lo, hi time.Time, ok bool) {
	lo, hi, ok = dc.span()
	return rangeSpan(lo, hi, ok, from, to)
}

// buckets rolls day counts up into the bars of interval from lo to hi,
// empty bars included. Days outside lo..hi are not counted.
func (dc dayCountsBefore) buckets(lo, hi time.Time, interval string) []Bucket {
	var starts []time.Time
	out := []Bucket{}
	for s := floorTo(lo, interval); !s.After(hi); s = nextStart(s, interval) {
		starts = append(starts, s)
		out = append(out, Bucket{From: s.Format(time.DateOnly), To: nextStart(s, interval).AddDate(0, 0, -1).Format(time.DateOnly)})
	}
	for k, n := range dc {
		d, err := time.Parse(time.DateOnly, k)
		if err != nil || d.Before(lo) || d.After(hi) {
			continue
		}
		i := sort.Search(len(starts), func(i int) bool { return starts[i].After(d) }) - 1
		if i >= 0 {
			out[i].Count += n
		}
	}
	return out
}

// timeline builds the timeline of a result set of total articles from its
// day counts and the request's date range and interval.
func timelineBefore(dc dayCountsBefore, total int, r Request) (Timeline, error) {
	tl := Timeline{Buckets: []Bucket{}, Undated: max(total-dc.dated(), 0)}
	lo, hi, ok := timelineSpanBefore(dc, r.From, r.To)
	if !ok {
		tl.Interval = r.Interval
		if tl.Interval == "" {
			tl.Interval = IntervalMonth
		} else if !ValidInterval(tl.Interval) {
			_, err := chooseInterval(r.Interval, time.Time{}, time.Time{})
			return tl, err
		}
		return tl, nil
	}
	iv, err := chooseInterval(r.Interval, lo, hi)
	if err != nil {
		return tl, err
	}
	tl.Interval = iv
	tl.Buckets = dc.buckets(lo, hi, iv)
	return tl, nil
}

// months rolls day counts up into the month facet (Facets.Dates), with the
// undated articles under "undated", ordered by key.
func (dc dayCountsBefore) months(undatedCount int) []DateCount {
	byMonth := map[string]int{}
	for k, n := range dc {
		if len(k) >= 7 && n > 0 {
			byMonth[k[:7]] += n
		}
	}
	out := make([]DateCount, 0, len(byMonth)+1)
	for m, n := range byMonth {
		out = append(out, monthBucket(m, n))
	}
	if undatedCount > 0 {
		out = append(out, DateCount{Key: undated, Count: undatedCount})
	}
	slices.SortFunc(out, func(a, b DateCount) int {
		switch {
		case a.Key < b.Key:
			return -1
		case a.Key > b.Key:
			return 1
		}
		return 0
	})
	return out
}
