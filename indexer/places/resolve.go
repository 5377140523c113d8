// Copyright the Gazette authors.

package places

import (
	"cmp"
	"math"
	"slices"
	"strings"
)

// context is what the rest of a document says: the countries and regions
// of its places, weighted by mentions, and the most mentioned country.
type context struct {
	countries, regions map[string]int
	dominant           string
}

func newContext() *context {
	return &context{countries: map[string]int{}, regions: map[string]int{}}
}

// add counts n mentions of p (n < 0 removes them) and updates dominant.
func (c *context) add(p Place, n int) {
	c.countries[p.Country] += n
	switch {
	case p.Kind == KindRegion:
		c.regions[p.ID] += n
	case p.Region != "":
		c.regions[p.Region] += n
	}
	c.dominant = ""
	best := 0
	for cc, k := range c.countries {
		if cc != "" && k > 0 && (k > best || k == best && cc < c.dominant) {
			c.dominant, best = cc, k
		}
	}
}

// name is one distinct name of a document during resolution.
type name struct {
	m     match // its first occurrence
	count int   // occurrences
	cue   bool  // any occurrence follows a locative word
	hints hints // what the words around its occurrences say
	place Place
	keep  bool
}

// resolve picks one place per distinct name and groups mentions by place,
// in three passes: names that resolve alone (anchors) give a first
// context; every name resolves in it; then every name resolves again in
// the context of what the others resolved to. So "Atlanta, Georgia" makes
// Georgia the state, and Lyman beside "Donetsk region" the Donetsk Lyman.
func (g *Gazetteer) resolve(text string, toks []token, ms []match) []Found {
	if len(ms) == 0 {
		return nil
	}
	index := map[string]int{}
	var names []name
	for k, m := range ms {
		h := g.hintsAt(text, toks, ms, k)
		if i, ok := index[m.key]; ok {
			names[i].count++
			names[i].cue = names[i].cue || m.cue
			names[i].hints.merge(h)
			continue
		}
		index[m.key] = len(names)
		names = append(names, name{m: m, count: 1, cue: m.cue, hints: h})
	}

	anchors := newContext()
	for _, n := range names {
		if p, sure := g.choose(n.m, &n.hints, nil); sure && g.strong(p, n.m) {
			anchors.add(p, n.count)
		}
	}
	ctx := newContext()
	for i := range names {
		n := &names[i]
		n.place, _ = g.choose(n.m, &n.hints, anchors)
		if g.strong(n.place, n.m) {
			ctx.add(n.place, n.count)
		}
	}
	for i := range names {
		n := &names[i]
		counted := g.strong(n.place, n.m)
		if counted {
			ctx.add(n.place, -n.count) // a name is no evidence for itself
		}
		p, _ := g.choose(n.m, &n.hints, ctx)
		n.keep = g.strong(p, n.m) || g.supported(p, n.m, ctx, n.cue)
		if counted {
			ctx.add(n.place, n.count)
		}
		n.place = p
	}

	byPlace := map[string]int{}
	var out []Found
	for _, m := range ms {
		n := &names[index[m.key]]
		if !n.keep {
			continue
		}
		start, end := toks[m.tok].start, toks[m.tok+m.n-1].end
		mention := Mention{Start: start, End: end, Text: text[start:end]}
		k, seen := byPlace[n.place.ID]
		if !seen {
			k = len(out)
			byPlace[n.place.ID] = k
			out = append(out, Found{Place: n.place})
		}
		out[k].Mentions = append(out[k].Mentions, mention)
	}
	slices.SortStableFunc(out, func(a, b Found) int {
		return cmp.Or(cmp.Compare(len(b.Mentions), len(a.Mentions)), cmp.Compare(a.Mentions[0].Start, b.Mentions[0].Start))
	})
	return out
}

// strong reports a place that needs no support from context: a country,
// region or area, a city of some size, or a city named in several words.
func (g *Gazetteer) strong(p Place, m match) bool {
	return p.Kind != KindCity || p.Population >= strongPopulation || m.n > 1 && p.Population >= 1000
}

// supported reports whether a small place fits the document: its region is
// named elsewhere, or its country is and a locative word ("in", "под")
// introduces it.
func (g *Gazetteer) supported(p Place, m match, ctx *context, cue bool) bool {
	if p.Region != "" && ctx.regions[p.Region] > 0 {
		return true
	}
	return ctx.countries[p.Country] > 0 && (cue || m.n > 1)
}

// choose picks the best candidate for a name; ctx may be nil. sure is true
// when the choice does not depend on context: one candidate, or a clear
// winner.
func (g *Gazetteer) choose(m match, h *hints, ctx *context) (p Place, sure bool) {
	bigCity, owned := g.rivalCity(m)
	bestScore, second := math.Inf(-1), math.Inf(-1)
	var best int32
	for _, pi := range m.places {
		regional := !h.dateline || g.kind(pi) != KindCity
		s := g.score(pi, m.key, bigCity, owned, ctx, regional) + h.bonus(g, ptr(g.place(pi)))
		switch {
		case s > bestScore:
			second, bestScore, best = bestScore, s, pi
		case s > second:
			second = s
		}
	}
	return g.place(best), len(m.places) == 1 || bestScore-second >= 2
}

// largeCity is the population from which a city that bears a region's
// name takes the name's priority from the region anywhere in the world.
const largeCity = 100000

// rivalCity returns the population of the largest city that a region of
// the same name yields its kind priority to (see score), and whether any
// candidate bears the name as its own. A region yields to a large city of
// the same name ("Washington" is the capital, "New York" the city) or to
// its own seat ("Idlib", "Bayburt"), not to a town elsewhere ("Wyoming"
// stays the state, though Wyoming, Michigan has 75,000 people); "Georgia"
// stays the country and "Texas" the state. Only cities that bear the name
// as their own count: "Oklahoma" is also an alternate name of Oklahoma
// City, and stays the state.
func (g *Gazetteer) rivalCity(m match) (pop int, owned bool) {
	var regions []string
	for _, pi := range m.places {
		if p := g.place(pi); p.Kind == KindRegion {
			regions = append(regions, p.ID)
		}
	}
	for _, pi := range m.places {
		p := g.place(pi)
		own := ownName(m.key, p.Name)
		owned = owned || own
		if p.Kind == KindCity && own && (p.Population >= largeCity || slices.Contains(regions, p.Region)) {
			pop = max(pop, p.Population)
		}
	}
	return pop, owned
}

// riverConnectors join a town's name to the river or sea that tells it
// from others ("Newcastle upon Tyne", "Frankfurt am Main",
// "Rostov-na-Donu", "Ростов-на-Дону").
var riverConnectors = map[string]bool{
	"upon": true, "on": true, "am": true, "an": true, "sur": true, "na": true, "nad": true, "на": true, "над": true,
}

// ownName reports whether key (a normalised name) is the place's own name:
// its display name, or the part of it before a river connector, which is
// what news calls the place ("Newcastle", "Frankfurt", "Rostov").
func ownName(key, display string) bool {
	n := normName(display)
	if n == key {
		return true
	}
	rest, ok := strings.CutPrefix(n, key+" ")
	if !ok {
		return false
	}
	connector, _, _ := strings.Cut(rest, " ")
	return riverConnectors[connector]
}

// score ranks a candidate: population (log scale); kind when the name is
// the place's own display name ("Georgia" is the country); a penalty when
// the name is only an alternate one ("Venice" for a town in Ohio); and
// context: lying in a region or country the document names.
//
// regional is false for a city that the document's regions say nothing
// about (a dateline without its state).
func (g *Gazetteer) score(pi int32, key string, bigCity int, owned bool, ctx *context, regional bool) float64 {
	p := g.place(pi)
	s := math.Log10(float64(p.Population) + 10)
	own := ownName(key, p.Name)
	switch {
	case !own && owned:
		s -= 2 // another candidate bears this name as its own
	case !own:
		s--
	case p.Kind == KindCountry:
		s += 4
	case p.Kind == KindRegion && bigCity*10 >= p.Population:
		s -= 2
	case p.Kind == KindRegion, isArea(p.Kind):
		s += 3
	}
	if ctx == nil {
		return s
	}
	if regional && (p.Kind == KindRegion && ctx.regions[p.ID] > 0 || p.Region != "" && ctx.regions[p.Region] > 0) {
		s += 3
	}
	if ctx.countries[p.Country] > 0 {
		s++
	}
	if p.Country == ctx.dominant {
		s += 0.5
	}
	return s
}
