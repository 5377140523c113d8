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
	case KindArea:
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
		pa, pb := &g.places[a], &g.places[b]
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
		out = append(out, g.places[pi])
	}
	return out
}

// buildLookup sorts every (name, place) pair once, on first use, so that
// Load stays fast for callers that never autocomplete.
func (g *Gazetteer) buildLookup() {
	keys := make([]lookupKey, 0, len(g.dict)+len(g.shared))
	for k, v := range g.dict {
		if v >= 0 {
			keys = append(keys, lookupKey{k, v})
			continue
		}
		for _, pi := range g.shared[-v-1] {
			keys = append(keys, lookupKey{k, pi})
		}
	}
	for k, v := range g.acronyms {
		keys = append(keys, lookupKey{k, v})
	}
	slices.SortFunc(keys, func(a, b lookupKey) int {
		return cmp.Or(strings.Compare(a.key, b.key), cmp.Compare(a.place, b.place))
	})
	g.lookupKeys = keys
}
