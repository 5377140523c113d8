package search

import (
	"slices"
	"strings"

	"github.com/blevesearch/bleve/v2/search"
)

// Facets are counted from four fields: place_tree (every place level at
// once, see placetree.go), pubday (the timeline and months), lang and
// site_facet, over the result set (bitmaps.go). A facet with a value
// chosen is counted disjunctively: over the results of every filter but
// its own, so that its other values keep their counts.

// Facet list lengths when not asked for in full (Request.More).
const (
	placeFacetSize = 50
	langFacetSize  = 50
	siteFacetSize  = 100
)

// allTerms asks Bleve for every term of a facet (Compare's timelines).
const allTerms = 1 << 30

// facetDays names the day facet in Bleve requests.
const facetDays = "days"

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
	tree    []int
	levels  []int
	days    dayCounts
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

	byID := mergePlaces(c.levels, c.places, c.entries)
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
	list := func(level byte, name string) []PlaceCount {
		out := []PlaceCount{}
		for _, a := range byID {
			if a.e.level == level && a.count > 0 && shown(a.e) {
				out = append(out, PlaceCount{ID: a.e.id, Name: a.e.name, Count: a.count, Parent: a.e.parent()})
			}
		}
		sortPlaceCounts(out)
		chosen := chosenAt(r, level)
		out = cutKeeping(out, size(name, placeFacetSize), name, f.Omitted, func(pc PlaceCount) bool { return slices.Contains(chosen, pc.ID) })
		for _, id := range chosen {
			if !slices.ContainsFunc(out, func(pc PlaceCount) bool { return pc.ID == id }) {
				e, n := r.known[id], 0
				if a, ok := byID[id]; ok {
					e, n = a.e, a.count
				}
				out = append(out, PlaceCount{ID: id, Name: e.name, Count: n, Parent: e.parent()})
			}
		}
		return out
	}
	f.PlaceLevels = PlaceLevels{
		Countries: list(levelCountry, FacetCountries),
		Regions:   list(levelRegion, FacetRegions),
		Cities:    list(levelCity, FacetCities),
		Other:     list(levelOther, FacetOther),
	}
	// The one list of all places counts the result set itself.
	all := []PlaceCount{}
	for _, a := range mergePlaces(c.tree, c.places, c.entries) {
		if a.count > 0 && shown(a.e) {
			all = append(all, PlaceCount{ID: a.e.id, Name: a.e.name, Count: a.count, Parent: a.e.parent()})
		}
	}
	sortPlaceCounts(all)
	f.Places = cutKeeping(all, size(FacetPlaces, placeFacetSize), FacetPlaces, f.Omitted, nil)

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

// placeAgg is a place's entry and its count.
type placeAgg struct {
	e     treeEntry
	term  string // e's place_tree term
	count int
}

// mergePlaces adds up the counts of place_tree terms by place id: a place
// whose ancestors or name changed between two indexings has several
// terms. A name that is more than the id wins.
// The counts are by term number: terms holds the terms, entries the
// terms parsed (id "" for a malformed one).
func mergePlaces(counts []int, terms []string, entries []treeEntry) map[string]*placeAgg {
	byID := map[string]*placeAgg{}
	for o, n := range counts {
		e := &entries[o]
		if n <= 0 || e.id == "" {
			continue
		}
		a, ok := byID[e.id]
		if !ok {
			byID[e.id] = &placeAgg{e: *e, term: terms[o], count: n}
			continue
		}
		a.count += n
		named, aNamed := e.name != e.id, a.e.name != a.e.id
		if named && !aNamed || named == aNamed && terms[o] < a.term {
			a.e, a.term = *e, terms[o]
		}
	}
	return byID
}

// sortPlaceCounts orders by count desc, then name and id (a total order:
// ids differ).
func sortPlaceCounts(pcs []PlaceCount) {
	slices.SortFunc(pcs, func(a, b PlaceCount) int {
		if a.Count != b.Count {
			return b.Count - a.Count
		}
		if c := strings.Compare(a.Name, b.Name); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
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
