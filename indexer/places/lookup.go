// Copyright the Gazette authors.

package places

import (
	"cmp"
	"slices"
	"sort"
	"strings"
)

type lookupKey struct {
	key   string // normalised name
	place int32
}

// kindRank orders places for Lookup: countries, regions, areas, counties,
// cities.
func kindRank(kind string) int {
	switch kind {
	case KindCountry:
		return 0
	case KindRegion:
		return 1
	case KindArea, KindWater, KindContinent, KindUnion:
		return 2
	case KindCounty:
		return 3
	}
	return 4
}

// Lookup returns places whose name (any variant, normalised; any script)
// starts with prefix, for autocomplete: countries first, then regions,
// areas and cities, each by population; at most limit places.
func (g *Gazetteer) Lookup(prefix string, limit int) []Place {
	p := normName(prefix)
	if p == "" || limit <= 0 {
		return nil
	}
	g.lookupOnce.Do(g.buildLookup)
	keys := g.lookupKeys
	lo := sort.Search(len(keys), func(i int) bool { return keys[i].key >= p })
	seen := map[int32]bool{}
	var found []int32
	for i := lo; i < len(keys) && strings.HasPrefix(keys[i].key, p); i++ {
		if pi := keys[i].place; !seen[pi] {
			seen[pi] = true
			found = append(found, pi)
		}
	}
	slices.SortFunc(found, func(a, b int32) int {
		pa, pb := g.place(a), g.place(b)
		if c := cmp.Compare(kindRank(pa.Kind), kindRank(pb.Kind)); c != 0 {
			return c
		}
		if c := cmp.Compare(pb.Population, pa.Population); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	out := make([]Place, 0, min(limit, len(found)))
	for _, pi := range found[:min(limit, len(found))] {
		out = append(out, g.place(pi))
	}
	return out
}

// buildLookup sorts every (name, place) pair once, on first use, so that
// Load stays fast for callers that never autocomplete.
func (g *Gazetteer) buildLookup() {
	var keys []lookupKey
	g.dict.each(func(k string, v int32) {
		if v >= 0 {
			keys = append(keys, lookupKey{k, v})
			return
		}
		for _, pi := range g.sharedList(v) {
			keys = append(keys, lookupKey{k, pi})
		}
	})
	for k, v := range g.acronyms {
		keys = append(keys, lookupKey{k, v})
	}
	slices.SortFunc(keys, func(a, b lookupKey) int {
		return cmp.Or(strings.Compare(a.key, b.key), cmp.Compare(a.place, b.place))
	})
	g.lookupKeys = keys
}

// Named returns the places called name (any spelling or script, compared
// as the recogniser compares names), most important first: places whose
// own display name it is before those that merely have it as a variant,
// then countries, regions, areas, counties and cities, then by population.
func (g *Gazetteer) Named(name string) []Place {
	key := normName(name)
	if key == "" {
		return nil
	}
	found := slices.Clone(g.lookup(key))
	if isAcronym(strings.TrimSpace(name)) {
		if pi, ok := g.acronyms[normWord(strings.TrimSpace(name))]; ok && !slices.Contains(found, pi) {
			found = append(found, pi)
		}
	}
	own := func(pi int32) int {
		if normName(g.place(pi).Name) == key {
			return 0
		}
		return 1
	}
	slices.SortFunc(found, func(a, b int32) int {
		pa, pb := g.place(a), g.place(b)
		return cmp.Or(cmp.Compare(own(a), own(b)), cmp.Compare(kindRank(pa.Kind), kindRank(pb.Kind)),
			cmp.Compare(pb.Population, pa.Population), cmp.Compare(a, b))
	})
	out := make([]Place, 0, len(found))
	for _, pi := range found {
		out = append(out, g.place(pi))
	}
	return out
}

// Resolve returns the place a name written by a person means: any
// spelling or script, optionally qualified by the region or country it is
// in, as "Lyman (Donetsk Oblast)" or "Lyman, Donetsk, UA". Among several
// places of that name (and qualifiers) it picks the most important, as
// Named orders them. False when no place fits.
func (g *Gazetteer) Resolve(text string) (Place, bool) {
	name, qualifiers := text, []string(nil)
	if open := strings.IndexByte(text, '('); open > 0 {
		inner := strings.TrimSuffix(strings.TrimSpace(text[open+1:]), ")")
		name = text[:open] + "," + inner
	}
	if strings.Contains(name, ",") {
		parts := strings.Split(name, ",")
		name = parts[0]
		for _, q := range parts[1:] {
			if q = strings.TrimSpace(q); q != "" {
				qualifiers = append(qualifiers, q)
			}
		}
	}
	for _, p := range g.Named(name) {
		if g.within(p, qualifiers) {
			return p, true
		}
	}
	if len(qualifiers) > 0 {
		// A name with a comma of its own ("Washington, D.C.").
		if ps := g.Named(text); len(ps) > 0 {
			return ps[0], true
		}
	}
	return Place{}, false
}

// within reports whether every qualifier starts a name, in any spelling
// or script, of a place above p, or is its country code.
func (g *Gazetteer) within(p Place, qualifiers []string) bool {
	above := g.Ancestors(p.ID)
	for _, q := range qualifiers {
		nq := normName(q)
		fits := strings.EqualFold(q, p.Country)
		for _, a := range above {
			for _, n := range g.Names(a.ID) {
				if strings.HasPrefix(normName(n), nq) {
					fits = true
					break
				}
			}
		}
		if !fits || nq == "" {
			return false
		}
	}
	return true
}
