// Copyright the Gazette authors.

package places

import "strings"

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
	// dateline is set when the name opens the article's body as a
	// dateline ("WASHINGTON —", "Washington (CNN)"). News style gives a
	// small place's state there ("HOLLIDAY, Mo."), so a dateline without
	// one names a city that needs no context: the regions the rest of
	// the document names do not count for its cities (a local paper's
	// county still does), and a region of that name loses its priority.
	dateline bool
}

// qualifierBonus and divisionBonus are the score that the hints add
// (see score): each outweighs a population 10,000 times larger.
// datelinePenalty takes back a region's kind priority in a dateline, and
// more: a dateline names a city, which a region's summed population would
// still outweigh.
const (
	qualifierBonus  = 4
	divisionBonus   = 4
	datelinePenalty = 5
)

// divisionWords name a kind of first-level division; after a place name
// they make it the division.
var divisionWords = map[string]bool{
	"province": true, "provinces": true, "region": true, "governorate": true, "prefecture": true,
	"state": true, "district": true, "oblast": true,
}

// hintsAt reads the hints of ms[k], given every match of the document in
// text order.
func (g *Gazetteer) hintsAt(text string, toks []token, ms []match, k int) hints {
	m := &ms[k]
	var h hints
	h.dateline = isDateline(text, toks, m)
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
				if g.kind(pi) != KindCity {
					h.within = append(h.within, pi)
				}
			}
		}
	}
	if len(h.within) > 0 {
		h.dateline = false
	}
	return h
}

// isDateline reports a name that opens a line and is written as a
// dateline: in capitals, or followed by a dash or an opening bracket
// ("WASHINGTON Barack Obama…", "Washington (CNN) ExxonMobil…").
func isDateline(text string, toks []token, m *match) bool {
	first, last := &toks[m.tok], &toks[m.tok+m.n-1]
	lineStart := strings.LastIndexByte(text[:first.start], '\n') + 1
	if strings.TrimSpace(text[lineStart:first.start]) != "" {
		return false
	}
	if first.allCaps && last.allCaps {
		return true
	}
	after := strings.TrimLeft(text[last.end:], " \u00a0")
	return strings.HasPrefix(after, "(") || strings.HasPrefix(after, "—") || strings.HasPrefix(after, "–") ||
		strings.HasPrefix(after, "-")
}

// merge adds the hints of another occurrence of the same name.
func (h *hints) merge(o hints) {
	h.division = h.division || o.division
	h.dateline = h.dateline || o.dateline
	h.within = append(h.within, o.within...)
}

// bonus is what the hints add to the score of candidate p.
func (h *hints) bonus(g *Gazetteer, p *Place) float64 {
	s := 0.0
	if h.division && p.Kind != KindCity && p.Kind != KindCountry {
		s += divisionBonus
	}
	if h.dateline && (p.Kind == KindRegion || isArea(p.Kind)) {
		s -= datelinePenalty
	}
	for _, q := range h.within {
		if id := g.id(q); id == p.Region || id == p.Country && p.ID != id {
			s += qualifierBonus
			break
		}
	}
	return s
}
