package search

import (
	"slices"
	"strings"
	"unicode"

	index "github.com/blevesearch/bleve_index_api"
)

// The place facets are counted from one field, place_tree, which holds a
// term for every place an article is about and for every place above them:
// an article about Izium holds
//
//	c:UA||Ukraine
//	r:UA.07|UA|Kharkiv Oblast
//	t:707292|UA/UA.07|Izium
//
// that is the level, the place id, the ids of the places above it from the
// top down, and the name to show. One pass over one field gives the
// countries, regions, cities and other places at once, each counting the
// articles about it or anything inside it, which is exactly what a filter
// by that place (the place field, holding the same ids) finds. The path
// lets the facets drill down (the regions of Ukraine) without a lookup.

// Levels of the place facets, as the first letter of place_tree terms.
const (
	levelCountry = 'c'
	levelRegion  = 'r'
	levelCity    = 't' // towns, cities and villages
	levelOther   = 'o' // rivers, seas, continents, unions
)

// placeLevels lists the levels in the order the facets show them.
var placeLevels = []byte{levelCountry, levelRegion, levelCity, levelOther}

// levelOf returns the facet level of a place kind. A place without a kind
// (older callers) is placed by the shape of its id: "UA" is a country,
// "UA.07" a region, "707292" a city.
func levelOf(kind, id string) byte {
	switch kind {
	case KindCountry:
		return levelCountry
	case KindRegion, KindArea, KindCounty:
		return levelRegion
	case KindCity:
		return levelCity
	case KindWater, KindContinent, KindUnion:
		return levelOther
	case "":
		switch {
		case len(id) == 2 && strings.ToUpper(id) == id && !strings.ContainsFunc(id, unicode.IsDigit):
			return levelCountry
		case id != "" && !strings.ContainsFunc(id, func(r rune) bool { return !unicode.IsDigit(r) }):
			return levelCity
		case strings.Contains(id, "."):
			return levelRegion
		}
	}
	return levelOther
}

// treeEntry is one place_tree term: a place with the ids above it.
type treeEntry struct {
	level byte
	id    string
	name  string
	path  []string // ids of the places above, top first
}

func (e treeEntry) term() string {
	return string(e.level) + ":" + e.id + "|" + strings.Join(e.path, "/") + "|" + e.name
}

// parent is the id of the place right above, "" at the top.
func (e treeEntry) parent() string {
	if len(e.path) == 0 {
		return ""
	}
	return e.path[len(e.path)-1]
}

// within reports whether one of ids is above the place.
func (e treeEntry) within(ids []string) bool {
	for _, id := range ids {
		if slices.Contains(e.path, id) {
			return true
		}
	}
	return false
}

// parseTreeTerm reads a place_tree term; ok is false for a malformed one.
func parseTreeTerm(t string) (e treeEntry, ok bool) {
	if len(t) < 3 || t[1] != ':' {
		return e, false
	}
	id, rest, ok1 := strings.Cut(t[2:], "|")
	path, name, ok2 := strings.Cut(rest, "|")
	if !ok1 || !ok2 || id == "" {
		return e, false
	}
	e = treeEntry{level: t[0], id: id, name: name}
	if path != "" {
		e.path = strings.Split(path, "/")
	}
	return e, true
}

// placeTree returns the place_tree entries of a document's places: each
// place and each place above it, once. A place without ancestors but with
// a country, and not a country itself, is put in that country.
func placeTree(places []Place) []treeEntry {
	var out []treeEntry
	seen := map[string]int{} // id → index in out
	add := func(e treeEntry) {
		i, ok := seen[e.id]
		switch {
		case !ok:
			seen[e.id] = len(out)
			out = append(out, e)
		case out[i].name == out[i].id && e.name != e.id:
			out[i].name = e.name // a country known only by its code, then by name
		}
	}
	for _, p := range places {
		chain := p.Ancestors // nearest first
		level := levelOf(p.Kind, p.ID)
		if len(chain) == 0 && p.Country != "" && p.Country != p.ID && level != levelCountry {
			chain = []PlaceRef{{ID: p.Country, Name: p.Country, Kind: KindCountry}}
		}
		path := make([]string, 0, len(chain))
		for i := len(chain) - 1; i >= 0; i-- {
			a := chain[i]
			add(treeEntry{level: levelOf(a.Kind, a.ID), id: a.ID, name: orID(a.Name, a.ID), path: slices.Clone(path)})
			path = append(path, a.ID)
		}
		add(treeEntry{level: level, id: p.ID, name: orID(p.Name, p.ID), path: path})
	}
	return out
}

func orID(name, id string) string {
	if name == "" {
		return id
	}
	return name
}

// lookupPlaces finds the place_tree entries of place ids in the index, so
// that a filter knows each id's level and a facet can show a chosen place
// that none of the results is about. Ids the index does not know are left
// out.
func (ix *Index) lookupPlaces(ids []string) (map[string]treeEntry, error) {
	out := map[string]treeEntry{}
	if len(ids) == 0 {
		return out, nil
	}
	adv, err := ix.bleve.Advanced()
	if err != nil {
		return nil, err
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	for _, id := range ids {
		for _, level := range placeLevels {
			e, ok, err := firstTerm(r, string(level)+":"+id+"|")
			if err != nil {
				return nil, err
			}
			if ok {
				out[id] = e
				break
			}
		}
	}
	return out, nil
}

// firstTerm returns the first place_tree term starting with prefix.
func firstTerm(r index.IndexReader, prefix string) (treeEntry, bool, error) {
	d, err := r.FieldDictPrefix(fieldPlaceTree, []byte(prefix))
	if err != nil {
		return treeEntry{}, false, err
	}
	defer d.Close()
	for {
		de, err := d.Next()
		if err != nil || de == nil {
			return treeEntry{}, false, err
		}
		if e, ok := parseTreeTerm(de.Term); ok {
			return e, true, nil
		}
	}
}

// placeGroups splits the place filter by level: the ids of one level match
// any of them, the levels must all match. Ids the index does not know form
// a group each (they match nothing, as before).
func placeGroups(ids []string, known map[string]treeEntry) [][]string {
	byLevel := map[byte][]string{}
	var groups [][]string
	for _, id := range ids {
		if e, ok := known[id]; ok {
			byLevel[e.level] = append(byLevel[e.level], id)
		} else {
			groups = append(groups, []string{id})
		}
	}
	for _, l := range placeLevels {
		if len(byLevel[l]) > 0 {
			groups = append(groups, byLevel[l])
		}
	}
	return groups
}
