// Copyright the Gazette authors.

package places

import "strings"

// stateAbbrevs are the newspaper abbreviations of US states and Canadian
// provinces ("Glasgow, Ky.", "Gatineau, Que.", "in B.C."), by region id.
// Written with a full stop they name the region; see abbrevAt.
var stateAbbrevs = map[string]string{
	"ala": "US.AL", "ariz": "US.AZ", "ark": "US.AR", "calif": "US.CA", "colo": "US.CO", "conn": "US.CT",
	"del": "US.DE", "fla": "US.FL", "ga": "US.GA", "ill": "US.IL", "ind": "US.IN", "kan": "US.KS",
	"kans": "US.KS", "ky": "US.KY", "la": "US.LA", "md": "US.MD", "mass": "US.MA", "mich": "US.MI",
	"minn": "US.MN", "miss": "US.MS", "mo": "US.MO", "mont": "US.MT", "neb": "US.NE", "nev": "US.NV",
	"nh": "US.NH", "nj": "US.NJ", "nm": "US.NM", "ny": "US.NY", "nc": "US.NC", "nd": "US.ND",
	"okla": "US.OK", "ore": "US.OR", "pa": "US.PA", "ri": "US.RI", "sc": "US.SC", "sd": "US.SD",
	"tenn": "US.TN", "tex": "US.TX", "vt": "US.VT", "va": "US.VA", "wash": "US.WA", "wis": "US.WI",
	"wyo":  "US.WY",
	"alta": "CA.01", "bc": "CA.02", "man": "CA.03", "nb": "CA.04", "nl": "CA.05", "ns": "CA.07",
	"ont": "CA.08", "pei": "CA.09", "que": "CA.10", "sask": "CA.11", "nwt": "CA.13",
}

// capsRunStarts reports whether the run of words in capitals ending at token
// j opens a sentence or a line, as a dateline's place does ("BOWLING GREEN,
// KY —"), unlike a headline in capitals that names someone ("PUTIN, IN
// MOSCOW, WARNS").
func capsRunStarts(toks []token, j int) bool {
	for j > 0 && toks[j].joined && toks[j-1].allCaps {
		j--
	}
	return toks[j].sentStart
}

// abbrevAt matches a state or province abbreviation at token i. A dotted
// acronym ("B.C.", "N.Y.") counts anywhere; a word with a full stop
// ("Ky.", "Alta.") only after a comma and a capitalised word, as in a
// dateline "Glasgow, Ky.", so that "Mass." or "Man." elsewhere stay words.
// After a comma and a word in capitals that open a line or sentence, as in
// a wire dateline, and before the end of the phrase, the full stop may be
// missing and a US postal code counts too ("LOUISVILLE, KY —", "EDMONTON,
// Ky"), but not in a headline in capitals ("BIDEN, OK WITH THE DEAL").
func (g *Gazetteer) abbrevAt(toks []token, i int) (match, bool) {
	t := &toks[i]
	if !t.cap || t.cyrillic {
		return match{}, false
	}
	dateline := i > 0 && t.afterComma && toks[i-1].allCaps && len(toks[i-1].norm) > 3 &&
		capsRunStarts(toks, i-1) && (i+1 >= len(toks) || !toks[i+1].joined)
	if !t.dot && !dateline {
		return match{}, false
	}
	id, ok := stateAbbrevs[t.norm]
	if !ok && dateline && t.allCaps && len(t.norm) == 2 {
		id, ok = "US."+strings.ToUpper(t.norm), true
	}
	if !ok {
		return match{}, false
	}
	pi, ok := g.byID.get(g, id)
	if !ok {
		return match{}, false
	}
	dotted := t.allCaps && len(t.norm) >= 2 && t.end-t.start > len(t.norm)
	if !dotted && !(i > 0 && t.afterComma && toks[i-1].cap) {
		return match{}, false
	}
	return match{key: "." + id, places: []int32{pi}, tok: i, n: 1}, true
}
