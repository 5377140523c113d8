// Copyright the Gazette authors.

package places

// hints is what the words around a name's occurrences say about which
// place it is, beyond the document's context.
type hints struct {
	// within holds the divisions (regions, countries, counties) named
	// right after the name and a comma: Illinois in "Paris, Illinois",
	// Missouri in "HOLLIDAY, Mo.". Candidates inside them win.
	within []int32
	// division is set when a word such as "province" or "state" follows
	// the name ("Idlib province", "Washington state") or "province of"
	// precedes it: the region wins over a city of the same name.
	division bool
}

// qualifierBonus and divisionBonus are the score that the hints add
// (see score): each outweighs a population 10,000 times larger.
const (
	qualifierBonus = 4
	divisionBonus  = 4
)

// divisionWords name a kind of first-level division; after a place name
// they make it the division.
var divisionWords = map[string]bool{
	"province": true, "provinces": true, "region": true, "governorate": true, "prefecture": true,
	"state": true, "district": true, "oblast": true,
}

// hintsAt reads the hints of ms[k], given every match of the document in
// text order.
func (g *Gazetteer) hintsAt(toks []token, ms []match, k int) hints {
	m := &ms[k]
	var h hints
	if j := m.tok + m.n; j < len(toks) && toks[j].joined && !toks[j].hyphen && divisionWords[toks[j].norm] {
		h.division = true
	}
	if i := m.tok; i >= 2 && toks[i-1].norm == "of" && divisionWords[toks[i-2].norm] {
		h.division = true // "the province of Aydin"
	}
	if k+1 < len(ms) {
		next := &ms[k+1]
		if next.tok == m.tok+m.n && toks[next.tok].afterComma {
			for _, pi := range next.places {
				if g.places[pi].Kind != KindCity {
					h.within = append(h.within, pi)
				}
			}
		}
	}
	return h
}

// merge adds the hints of another occurrence of the same name.
func (h *hints) merge(o hints) {
	h.division = h.division || o.division
	h.within = append(h.within, o.within...)
}

// bonus is what the hints add to the score of candidate p.
func (h *hints) bonus(g *Gazetteer, p *Place) float64 {
	s := 0.0
	if h.division && p.Kind != KindCity && p.Kind != KindCountry {
		s += divisionBonus
	}
	for _, q := range h.within {
		if id := g.places[q].ID; id == p.Region || id == p.Country && p.ID != id {
			s += qualifierBonus
			break
		}
	}
	return s
}
