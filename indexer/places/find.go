// Copyright the Gazette authors.

package places

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"unicode/utf8"
)

// Mention is one occurrence of a place in a text.
type Mention struct {
	Start, End int    // byte offsets into the text given to Find
	Text       string // the surface form as written
}

// Found is one resolved place in a document with its mentions.
type Found struct {
	Place    Place
	Mentions []Mention
}

// strongPopulation is the population from which a single-word city name
// counts as a place without support from the rest of the document.
const strongPopulation = 15000

// maxCombos bounds the phrases tried at one position when several words
// each have several possible dictionary forms.
const maxCombos = 64

// locatives are words that announce a place: "in Izium", "под Харьковом".
var locatives = map[string]bool{
	"in": true, "near": true, "at": true, "from": true, "outside": true, "around": true,
	"village": true, "town": true, "city": true, "settlement": true, "of": true, "to": true,
	"в": true, "во": true, "под": true, "около": true, "возле": true, "из": true, "у": true,
	"село": true, "села": true, "поселок": true, "город": true, "города": true,
	"під": true, "біля": true, "з": true, "із": true, "до": true, "селище": true, "місто": true, "міста": true,
}

// match is a name found in the text before resolution.
type match struct {
	key    string  // normalised dictionary form
	places []int32 // candidates
	tok, n int     // first token and number of tokens
	cue    bool    // preceded by a locative word
}

// Find recognises places in a document and resolves each to one place.
//
// Pass the title and body as one text (title + "\n\n" + body); the line
// break keeps names from running across them. Results are ordered by number
// of mentions, most first, then by first occurrence; each mention's offsets
// index the given text.
//
// Recognition is dictionary matching of 1–4 word names over normalised
// words (case, accents, ё, apostrophes, hyphens), with Russian and
// Ukrainian case endings reduced to dictionary forms. To keep precision, a
// name must start with a capital letter; stop-listed common words
// (data/stop) are ignored; a name directly beside another capitalised word
// ("Vladimir Putin") is taken for part of a person's or organisation's name;
// and small places need support from the rest of the document.
//
// Each distinct name resolves once per document: candidates score by
// population, by kind when the name is a country's or region's own name,
// and by lying in a country or region the document names unambiguously.
func (g *Gazetteer) Find(text string) []Found {
	toks := tokenize(text)
	var ms []match
	var forms [maxTokens][]string
	for i := 0; i < len(toks); {
		m, ok := g.matchAt(toks, i, &forms)
		if !ok {
			i++
			continue
		}
		ms = append(ms, m)
		i += m.n
	}
	return g.resolve(text, toks, ms)
}

// formsOf returns the normalised word and, for Cyrillic, its possible
// dictionary forms.
func formsOf(t *token, buf []string) []string {
	if t.cyrillic {
		return lemmas(t.norm, buf[:0])
	}
	return append(buf[:0], t.norm)
}

// matchAt finds the longest acceptable name starting at token i.
func (g *Gazetteer) matchAt(toks []token, i int, forms *[maxTokens][]string) (match, bool) {
	t := &toks[i]
	if !t.cap {
		return match{}, false
	}
	if t.allCaps && utf8.RuneCountInString(t.norm) <= 3 {
		pi, ok := g.acronyms[t.norm]
		if !ok || g.besideName(toks, i, 1) {
			return match{}, false
		}
		return match{key: t.norm, places: []int32{pi}, tok: i, n: 1, cue: g.hasCue(toks, i)}, true
	}
	forms[0] = formsOf(t, forms[0])
	maxN := 1
	for _, f := range forms[0] {
		maxN = max(maxN, int(g.starts[f]))
	}
	for k := 1; k < maxN; k++ {
		if i+k >= len(toks) || !toks[i+k].joined {
			maxN = k
			break
		}
		forms[k] = formsOf(&toks[i+k], forms[k])
	}
	var buf []byte
	for n := maxN; n >= 1; n-- {
		combos := 0
		var found []int32
		var key string
		var try func(k int)
		try = func(k int) {
			if found != nil || combos >= maxCombos {
				return
			}
			if k == n {
				combos++
				if ps := g.lookup(string(buf)); ps != nil {
					found, key = ps, string(buf)
				}
				return
			}
			mark := len(buf)
			for _, f := range forms[k] {
				if k > 0 {
					buf = append(buf, ' ')
				}
				buf = append(buf, f...)
				try(k + 1)
				buf = buf[:mark]
			}
		}
		try(0)
		if found == nil {
			continue
		}
		if !g.acceptable(toks, i, n, key) {
			return match{}, false
		}
		return match{key: key, places: found, tok: i, n: n, cue: g.hasCue(toks, i)}, true
	}
	return match{}, false
}

// acceptable applies the false-positive guards to a name of n tokens at i.
func (g *Gazetteer) acceptable(toks []token, i, n int, key string) bool {
	if g.stop.always[key] || g.stop.always[toks[i].norm] && n == 1 {
		return false
	}
	if n == 1 {
		if utf8.RuneCountInString(key) <= 2 {
			return false
		}
		if toks[i].sentStart && (g.stop.atStart[key] || g.stop.atStart[toks[i].norm]) {
			return false
		}
	}
	return !g.besideName(toks, i, n)
}

// besideName reports a capitalised word right before or after tokens
// [i, i+n) that is not a common word: "Vladimir" in "Vladimir Putin",
// "Paris" in "Paris Hilton", "Moscow" in "Moscow Times". A sentence's first
// word does not count before a name, as it is capitalised anyway.
func (g *Gazetteer) besideName(toks []token, i, n int) bool {
	if j := i + n; j < len(toks) && toks[j].joined && toks[j].cap && !g.isCommon(&toks[j]) {
		return true
	}
	if i > 0 && toks[i].joined && toks[i-1].cap && !toks[i-1].sentStart && !g.isCommon(&toks[i-1]) {
		return true
	}
	return false
}

// isCommon reports a stop-listed word, in any of its dictionary forms.
func (g *Gazetteer) isCommon(t *token) bool {
	if g.stop.always[t.norm] || g.stop.atStart[t.norm] {
		return true
	}
	if t.cyrillic {
		var buf [16]string
		for _, f := range lemmas(t.norm, buf[:0]) {
			if g.stop.always[f] {
				return true
			}
		}
	}
	return false
}

// hasCue reports a locative word right before token i ("in", "под").
func (g *Gazetteer) hasCue(toks []token, i int) bool {
	return i > 0 && !toks[i].sentStart && locatives[toks[i-1].norm]
}

// context is what a document says unambiguously: its countries and regions.
type context struct {
	countries, regions map[string]int
	dominant           string
}

// resolve picks one place per distinct name and groups mentions by place.
func (g *Gazetteer) resolve(text string, toks []token, ms []match) []Found {
	if len(ms) == 0 {
		return nil
	}
	// Anchors: names that resolve without help from context.
	ctx := context{countries: map[string]int{}, regions: map[string]int{}}
	for _, m := range ms {
		p, sure := g.choose(m, nil)
		if !sure || !g.strong(p, m) {
			continue
		}
		ctx.countries[p.Country]++
		switch {
		case p.Kind == KindRegion:
			ctx.regions[p.ID]++
		case p.Region != "":
			ctx.regions[p.Region]++
		}
	}
	best := 0
	for c, n := range ctx.countries {
		if c != "" && (n > best || n == best && c < ctx.dominant) {
			ctx.dominant, best = c, n
		}
	}

	chosen := map[string]*Place{} // by key
	cue := map[string]bool{}
	for _, m := range ms {
		cue[m.key] = cue[m.key] || m.cue
	}
	byPlace := map[string]int{}
	var out []Found
	for _, m := range ms {
		p, ok := chosen[m.key]
		if !ok {
			c, _ := g.choose(m, &ctx)
			p = &c
			if !g.strong(c, m) && !g.supported(c, m, &ctx, cue[m.key]) {
				p = nil
			}
			chosen[m.key] = p
		}
		if p == nil {
			continue
		}
		start, end := toks[m.tok].start, toks[m.tok+m.n-1].end
		mention := Mention{Start: start, End: end, Text: text[start:end]}
		k, seen := byPlace[p.ID]
		if !seen {
			k = len(out)
			byPlace[p.ID] = k
			out = append(out, Found{Place: *p})
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
func (g *Gazetteer) choose(m match, ctx *context) (p Place, sure bool) {
	bestScore, second := math.Inf(-1), math.Inf(-1)
	var best int32
	for _, pi := range m.places {
		s := g.score(pi, m.key, ctx)
		switch {
		case s > bestScore:
			second, bestScore, best = bestScore, s, pi
		case s > second:
			second = s
		}
	}
	return g.places[best], len(m.places) == 1 || bestScore-second >= 2
}

// score ranks a candidate: population (log scale), kind when the name is the
// place's own display name (so "Georgia" is the country), and context.
func (g *Gazetteer) score(pi int32, key string, ctx *context) float64 {
	p := &g.places[pi]
	s := math.Log10(float64(p.Population) + 10)
	if p.Kind != KindCity && strings.EqualFold(key, normName(p.Name)) {
		switch p.Kind {
		case KindCountry:
			s += 4
		default:
			s += 3
		}
	}
	if ctx == nil {
		return s
	}
	switch {
	case p.Kind == KindRegion && ctx.regions[p.ID] > 0, p.Region != "" && ctx.regions[p.Region] > 0:
		s += 3
	}
	if ctx.countries[p.Country] > 0 {
		s += 1.5
	}
	if p.Country == ctx.dominant {
		s += 1
	}
	return s
}
