package search

import (
	"cmp"
	"math"
	"slices"
	"strings"
)

// Facets are counted from four fields: place_tree (every place level at
// once, see placetree.go), pubday (the timeline and months), lang and
// site_facet, over the result set (bitmaps.go, facetcount.go). A facet
// with a value chosen is counted disjunctively: over the results of every
// filter but its own, so that its other values keep their counts.

// Facet list lengths when not asked for in full (Request.More).
const (
	placeFacetSize = 50
	langFacetSize  = 50
	siteFacetSize  = 100
)

// chosenAt returns the place ids r chooses at a level.
func chosenAt(r Request, level byte) []string {
	var out []string
	for _, id := range r.Places {
		if e, ok := r.known[id]; ok && e.level == level {
			out = append(out, id)
		}
	}
	return out
}

// counts holds the raw counts the facets are built from.
type counts struct {
	total int
	// tree counts place_tree terms over the result set, by term number
	// (places holds the terms, entries the terms parsed); levels has the
	// same counts, but disjunctive for the levels with a place chosen.
	places  []string
	entries []treeEntry
	placeOf []int32 // the place number of each term: terms of one place id share it
	nPlaces int
	tree    []int
	levels  []int
	ranks   placeRanks // place_tree terms' order by name; empty: buildFacets makes it
	days    dayList
	langs   map[string]int
	sites   map[string]int
}

// buildFacets turns counts into the facets of r.
func buildFacets(r Request, c counts) (Facets, error) {
	f := Facets{Omitted: map[string]int{}}
	size := func(name string, def int) int {
		if slices.Contains(r.More, name) {
			return MaxFacetValues
		}
		return def
	}

	countries := chosenAt(r, levelCountry)
	regions := chosenAt(r, levelRegion)
	shown := func(e *treeEntry) bool {
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
	// The lists are picked over keys (placeKey: the count and the term's
	// rank in one number, so that picking compares integers), and only
	// the places shown become PlaceCounts.
	if len(c.ranks.rank) < len(c.entries) {
		c.ranks = rankPlaceTerms(c.entries, c.places)
	}
	byRank := c.ranks.byRank
	ref := func(k uint64) placeRef {
		return placeRef{term: byRank[uint32(k)], count: int(math.MaxUint32 - uint32(k>>32))}
	}
	entry := func(a placeRef) *treeEntry { return &c.entries[a.term] }
	list := func(keys []uint64, aggs []placeRef, name string, chosen []string) []PlaceCount {
		var isChosen func(uint64) bool // nil: none chosen
		if len(chosen) > 0 {
			isChosen = func(k uint64) bool { return slices.Contains(chosen, entry(ref(k)).id) }
		}
		first, omitted := firstOf(keys, size(name, placeFacetSize), cmp.Compare[uint64], isChosen)
		if omitted >= 0 {
			f.Omitted[name] = omitted
		}
		out := make([]PlaceCount, len(first), len(first)+len(chosen))
		for i, k := range first {
			a := ref(k)
			e := entry(a)
			out[i] = PlaceCount{ID: e.id, Name: e.name, Count: a.count, Parent: e.parent()}
		}
		for _, id := range chosen {
			if !slices.ContainsFunc(out, func(pc PlaceCount) bool { return pc.ID == id }) {
				e, n := r.known[id], 0
				if i := slices.IndexFunc(aggs, func(a placeRef) bool { return entry(a).id == id }); i >= 0 {
					e, n = *entry(aggs[i]), aggs[i].count
				}
				out = append(out, PlaceCount{ID: id, Name: e.name, Count: n, Parent: e.parent()})
			}
		}
		return out
	}
	// One pass sorts the places shown into their levels' lists.
	levels := mergePlaces(c.levels, c, nil)
	keys := make([]uint64, 2*len(levels)) // the levels' keys, then the list of all places'
	var at [4][]uint64                    // by levelIndex
	n := 0
	for _, level := range placeLevels {
		// Every level's keys in a stretch of keys as long as its places.
		k := 0
		for _, a := range levels {
			if c.entries[a.term].level == level {
				k++
			}
		}
		at[levelIndex(level)] = keys[n:n]
		n += k
	}
	for _, a := range levels {
		e := entry(a)
		if i := levelIndex(e.level); i >= 0 && shown(e) {
			at[i] = append(at[i], placeKey(a, c.ranks.rank))
		}
	}
	f.PlaceLevels = PlaceLevels{
		Countries: list(at[0], levels, FacetCountries, countries),
		Regions:   list(at[1], levels, FacetRegions, regions),
		Cities:    list(at[2], levels, FacetCities, chosenAt(r, levelCity)),
		Other:     list(at[3], levels, FacetOther, chosenAt(r, levelOther)),
	}
	// The one list of all places counts the result set itself: the
	// levels' counts unless a level's are disjunctive.
	places := levels
	if len(c.tree) > 0 && &c.tree[0] != &c.levels[0] {
		places = mergePlaces(c.tree, c, levels) // the levels' lists are made
	}
	all := keys[len(levels):len(levels)]
	for _, a := range places {
		if shown(entry(a)) {
			all = append(all, placeKey(a, c.ranks.rank))
		}
	}
	f.Places = list(all, places, FacetPlaces, nil)

	undatedCount := max(c.total-c.days.dated(), 0)
	f.Dates = c.days.months(undatedCount)
	var err error
	if f.Timeline, err = timeline(c.days, c.total, r); err != nil {
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

// placeKey is a's count and rank (rank by term number) in one number
// that orders place references as the lists show them: by count
// descending, then by name and id.
func placeKey(a placeRef, rank []int32) uint64 {
	return uint64(math.MaxUint32-uint32(a.count))<<32 | uint64(uint32(rank[a.term]))
}

// placeRanks numbers place_tree terms in the order of their places'
// names, then ids, then the terms: the order of a place list's places with
// the same count. rank is by term number, byRank the terms in that order.
type placeRanks struct {
	rank, byRank []int32
}

// rankPlaceTerms ranks place_tree terms (entries, the terms parsed).
func rankPlaceTerms(entries []treeEntry, terms []string) placeRanks {
	order := make([]int32, len(entries))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int {
		ea, eb := &entries[a], &entries[b]
		if x := strings.Compare(ea.name, eb.name); x != 0 {
			return x
		}
		if x := strings.Compare(ea.id, eb.id); x != 0 {
			return x
		}
		return strings.Compare(terms[a], terms[b])
	})
	rank := make([]int32, len(entries))
	for r, term := range order {
		rank[term] = int32(r)
	}
	return placeRanks{rank: rank, byRank: order}
}

// levelIndex is the index of a place level in placeLevels, -1 for none.
func levelIndex(level byte) int {
	return slices.Index(placeLevels, level)
}

// placeRef is a place's count and the place_tree term (its number in
// counts.entries) it is shown by.
type placeRef struct {
	term  int32
	count int
}

// mergePlaces adds up the counts of place_tree terms (counts by term
// number, as c.tree and c.levels) by place: a place whose ancestors or
// name changed between two indexings has several terms. A name that is
// more than the id wins. The result holds the places with documents, in
// the order of their numbers (c.placeOf), in buf when it is long enough.
func mergePlaces(counts []int, c counts, buf []placeRef) []placeRef {
	out := buf[:0]
	if cap(out) < c.nPlaces {
		out = make([]placeRef, c.nPlaces)
	} else {
		out = out[:c.nPlaces]
		clear(out)
	}
	for o, n := range counts {
		e := &c.entries[o]
		if n <= 0 || e.id == "" {
			continue
		}
		a := &out[c.placeOf[o]]
		if a.count == 0 {
			*a = placeRef{term: int32(o), count: n}
			continue
		}
		a.count += n
		b := &c.entries[a.term]
		named, aNamed := e.name != e.id, b.name != b.id
		if named && !aNamed || named == aNamed && c.places[o] < c.places[a.term] {
			a.term = int32(o)
		}
	}
	n := 0
	for _, a := range out {
		if a.count > 0 {
			out[n] = a
			n++
		}
	}
	return out[:n]
}

// firstOf returns the first n items in cmp's order (a total order) and,
// after them, the chosen items that come later, with how many were left
// out (-1 when the list is not cut: n or fewer items); chosen may be nil
// (none chosen). It selects the
// first n with a heap instead of sorting the long tail; items is
// reordered, the result is a new slice.
func firstOf[T any](items []T, n int, cmp func(a, b T) int, chosen func(T) bool) ([]T, int) {
	if len(items) <= n {
		out := append(make([]T, 0, len(items)), items...)
		slices.SortFunc(out, cmp)
		return out, -1
	}
	var later []T
	for _, it := range items {
		if chosen != nil && chosen(it) {
			later = append(later, it)
		}
	}
	// A heap of the best n so far, the worst of them at the root.
	h := items[:n]
	worse := func(i, j int) bool { return cmp(h[i], h[j]) > 0 }
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
	for _, it := range items[n:] {
		if cmp(it, h[0]) < 0 {
			h[0] = it
			down(0)
		}
	}
	out := slices.Clone(h)
	slices.SortFunc(out, cmp)
	slices.SortFunc(later, cmp)
	for _, it := range later {
		if cmp(it, out[n-1]) > 0 {
			out = append(out, it)
		}
	}
	return out, len(items) - len(out)
}

// cutKeeping keeps the first n values and those keep says to (chosen
// values), recording how many were left out under name.
func cutKeeping[T any](list []T, n int, name string, omitted map[string]int, keep func(T) bool) []T {
	if len(list) <= n {
		return list
	}
	out := slices.Clone(list[:n])
	for _, v := range list[n:] {
		if keep != nil && keep(v) {
			out = append(out, v)
		}
	}
	omitted[name] = len(list) - len(out)
	return out
}

// termList builds the language or site facet: by count desc, then key;
// the empty term (no value) left out; chosen values kept even when not
// counted. Sites compare without case, as their filter does.
func termList(counts map[string]int, chosen []string, n int, name string, omitted map[string]int, foldCase bool) []TermCount {
	same := func(a, b string) bool {
		if foldCase {
			return strings.EqualFold(strings.TrimSpace(a), strings.TrimSpace(b))
		}
		return a == b
	}
	isChosen := func(tc TermCount) bool {
		return slices.ContainsFunc(chosen, func(c string) bool { return same(c, tc.Key) })
	}
	out := make([]TermCount, 0, len(counts))
	for k, c := range counts {
		if k != "" && c > 0 {
			out = append(out, TermCount{Key: k, Count: c})
		}
	}
	slices.SortFunc(out, func(a, b TermCount) int {
		if a.Count != b.Count {
			return b.Count - a.Count
		}
		return strings.Compare(a.Key, b.Key)
	})
	out = cutKeeping(out, n, name, omitted, isChosen)
	for _, c := range chosen {
		if c != "" && !slices.ContainsFunc(out, func(tc TermCount) bool { return same(c, tc.Key) }) {
			out = append(out, TermCount{Key: c})
		}
	}
	return out
}
