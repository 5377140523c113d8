package web

import (
	"strings"

	"github.com/gazette-news/gazette/search"
)

// qualifyPlaceNames returns the facets with the names of ambiguous cities
// qualified by their region, "Lyman (Donetsk Oblast)", so that the Lymans
// of three oblasts are told apart in the facet boxes and the active
// filters. A city is ambiguous when the gazetteer knows another place of
// the same display name. Without a gazetteer the facets are returned as
// they are.
func (s *server) qualifyPlaceNames(f search.Facets) search.Facets {
	if s.places == nil {
		return f
	}
	memo := map[string]string{}
	qualify := func(pcs []search.PlaceCount) []search.PlaceCount {
		out := make([]search.PlaceCount, len(pcs))
		for i, pc := range pcs {
			name, ok := memo[pc.ID]
			if !ok {
				name = s.qualifiedName(pc.ID, pc.Name)
				memo[pc.ID] = name
			}
			pc.Name = name
			out[i] = pc
		}
		return out
	}
	f.Places = qualify(f.Places)
	f.PlaceLevels.Cities = qualify(f.PlaceLevels.Cities)
	return f
}

// qualifiedName is name, followed by the region in parentheses when the
// place is a city whose name other places share.
func (s *server) qualifiedName(id, name string) string {
	p, ok := s.places.Place(id)
	if !ok || p.Kind != search.KindCity || len(p.Hierarchy) == 0 || p.Hierarchy[0].Kind != search.KindRegion {
		return name
	}
	same := 0
	for _, q := range s.places.Lookup(p.Name, 50) {
		if strings.EqualFold(q.Name, p.Name) {
			same++
		}
	}
	if same < 2 {
		return name
	}
	return name + " (" + p.Hierarchy[0].Name + ")"
}
