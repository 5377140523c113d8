// Copyright the Gazette authors.

package places

import (
	"slices"
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
// Each distinct name resolves once per document (see resolve): candidates
// score by population, by kind when the name is a country's or region's own
// name, and by lying in a country or region the rest of the document names.
func (g *Gazetteer) Find(text string) []Found {
	toks := tokenize(text)
	var ms []match
	var forms [maxTokens][]string
	persons := map[string]bool{} // single-word names seen as part of a person's name
	var embedded []match         // division names inside other names ("Environment Canada")
	for i := 0; i < len(toks); {
		m, v := g.matchAt(toks, i, &forms)
		switch v {
		case accept:
			if g.speaker(toks, m) {
				persons[m.key] = true
			} else {
				ms = append(ms, m)
			}
			i += m.n
		case person:
			if g.surname(toks, m) {
				persons[m.key] = true
			} else if g.namesDivision(m.key) {
				embedded = append(embedded, m)
			}
			i += m.n
		default:
			i++
		}
	}
	// One sense per document: after "Barack Obama", a lone "Obama" is
	// the man too, not the town in Japan.
	ms = slices.DeleteFunc(ms, func(m match) bool { return m.n == 1 && persons[m.key] })
	ms = g.addEmbedded(ms, embedded)
	return g.resolve(text, toks, ms)
}

// addEmbedded is one sense per document the other way round: a country's
// or region's name inside another name ("Environment Canada", "Nazi
// Germany", "Manitoba Underdogs Rescue") is the place too when the document
// names that place on its own elsewhere, by any name or demonym ("Canada",
// "Canadian"). ms stays in text order.
func (g *Gazetteer) addEmbedded(ms, embedded []match) []match {
	if len(embedded) == 0 {
		return ms
	}
	alone := map[int32]bool{}
	for _, m := range ms {
		for _, pi := range m.places {
			if g.kind(pi) != KindCity {
				alone[pi] = true
			}
		}
	}
	added := false
	for _, m := range embedded {
		if slices.ContainsFunc(m.places, func(pi int32) bool { return alone[pi] }) {
			ms = append(ms, m)
			added = true
		}
	}
	if added {
		slices.SortFunc(ms, func(a, b match) int { return a.tok - b.tok })
	}
	return ms
}

// surname reports a rejected single-word name that follows a first name or
// title ("Barack Obama", "President Obama") and is a small town's name, so
// that its other mentions in the document are taken for the person too.
// Large cities ("Air Berlin") and divisions ("Environment Canada") are not.
func (g *Gazetteer) surname(toks []token, m match) bool {
	if m.n != 1 || m.tok == 0 || !toks[m.tok].joined || !toks[m.tok-1].cap {
		return false
	}
	for _, pi := range m.places {
		if p := g.place(pi); p.Kind != KindCity || p.Population >= 100000 {
			return false
		}
	}
	return true
}

// speechVerbs make the name beside them a speaker: "Palma said", "said
// Logan".
var speechVerbs = map[string]bool{
	"said": true, "says": true, "told": true, "added": true, "explained": true, "recalled": true,
	"wrote": true, "asked": true, "replied": true, "tells": true, "adds": true,
}

// speaker reports a one-word name that stands beside a speech verb, so is
// a person: a town's name in "Palma said" or "said Logan.", any name in a
// quote's closing "…," said Georgia. Like a surname, its other mentions in
// the document go with it. Countries and regions speak too ("Russia said",
// "said Russia's foreign ministry") and are kept there.
func (g *Gazetteer) speaker(toks []token, m match) bool {
	if m.n != 1 {
		return false
	}
	j := m.tok + 1
	// "Palma said" but not "officials in Aleppo said": the name opens a
	// sentence or clause.
	t := &toks[m.tok]
	after := j < len(toks) && toks[j].joined && speechVerbs[toks[j].norm] && (t.sentStart || !t.joined)
	before := m.tok > 0 && toks[m.tok].joined && speechVerbs[toks[m.tok-1].norm] && (j >= len(toks) || !toks[j].joined)
	if !after && !before {
		return false
	}
	cities := true
	for _, pi := range m.places {
		cities = cities && g.kind(pi) == KindCity
	}
	if cities {
		return true
	}
	// A country or region speaks as "Russia said", but "…," said Georgia.
	// closes a quote the way only a person's name does.
	closes := t.dot || j < len(toks) && toks[j].afterComma
	return before && closes
}

// verdict is what the guards make of a name found in the dictionary.
type verdict int

const (
	reject verdict = iota // not a place here
	accept
	person // part of a person's or organisation's name
)

// honorifics precede people's names: "President Obama", "Mr. Clinton",
// "президента Путина".
var honorifics = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "gov": true, "sen": true, "rep": true, "gen": true,
	"col": true, "lt": true, "sgt": true, "capt": true, "prof": true, "president": true, "senator": true,
	"governor": true, "general": true, "judge": true, "justice": true, "mayor": true, "minister": true,
	"sir": true, "lord": true, "lady": true, "king": true, "queen": true, "prince": true, "princess": true,
	"pope": true, "coach": true, "chancellor": true, "secretary": true, "ambassador": true, "spokesman": true,
	"президент": true, "министр": true, "генерал": true, "губернатор": true, "мэр": true, "премьер": true,
	"міністр": true, "мер": true, "премєр": true, "пан": true, "пані": true, "господин": true,
}

// formsOf returns the normalised word and, for Cyrillic, its possible
// dictionary forms.
func formsOf(t *token, buf []string) []string {
	if t.cyrillic {
		return lemmas(t.norm, buf[:0])
	}
	return append(buf[:0], t.norm)
}

// matchAt finds the longest acceptable name starting at token i; a
// demonym ("Canadian") wins over a one-word name ("Russian" is also a
// hamlet) but not over a longer one ("French Guiana").
func (g *Gazetteer) matchAt(toks []token, i int, forms *[maxTokens][]string) (match, verdict) {
	if a, ok := g.abbrevAt(toks, i); ok {
		return a, accept
	}
	m, v := g.nameAt(toks, i, forms)
	if m.n <= 1 {
		if d, ok := g.demonymAt(toks, i); ok {
			return d, accept
		}
		if d, ok := g.adjectiveAt(toks, i); ok {
			return d, accept
		}
	}
	return m, v
}

// nameAt finds the longest acceptable gazetteer name starting at token i.
func (g *Gazetteer) nameAt(toks []token, i int, forms *[maxTokens][]string) (match, verdict) {
	t := &toks[i]
	if !t.cap {
		return match{}, reject
	}
	if t.allCaps && utf8.RuneCountInString(t.norm) <= 3 {
		pi, ok := g.acronyms[t.norm]
		if !ok || g.besideName(toks, i, 1) {
			return match{}, reject
		}
		return match{key: t.norm, places: []int32{pi}, tok: i, n: 1, cue: g.hasCue(toks, i)}, accept
	}
	forms[0] = formsOf(t, forms[0])
	maxN := 1
	for _, f := range forms[0] {
		if n, ok := g.starts.get(f); ok {
			maxN = max(maxN, int(n))
		}
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
		return match{key: key, places: found, tok: i, n: n, cue: g.hasCue(toks, i)}, g.check(toks, i, n, key)
	}
	return match{}, reject
}

// check applies the false-positive guards to a name of n tokens at i.
func (g *Gazetteer) check(toks []token, i, n int, key string) verdict {
	if g.stop.always[key] || g.stop.always[toks[i].norm] && n == 1 {
		return reject
	}
	if n == 1 {
		if utf8.RuneCountInString(key) <= 2 {
			return reject
		}
		if toks[i].sentStart && (g.stop.atStart[key] || g.stop.atStart[toks[i].norm]) {
			return reject
		}
		if i > 0 && !g.namesDivision(key) && (!toks[i].sentStart && isHonorific(&toks[i-1]) || isInitial(toks, i-1)) {
			return person // "President Obama", "Franklin D. Roosevelt"; but "President of Ukraine"
		}
	}
	if g.besideName(toks, i, n) {
		return person
	}
	if n > 1 && !capitalised(toks[i:i+n]) {
		return reject // "the City" is not "The City"
	}
	return accept
}

// lowerWords may stay lower-case inside a multi-word name: connectors
// ("Rostov-on-Don", "Bosnia and Herzegovina") and generic region words
// ("Kharkiv region", "Харківська область").
var lowerWords = map[string]bool{
	"of": true, "on": true, "upon": true, "the": true, "and": true, "de": true, "la": true, "le": true,
	"les": true, "del": true, "della": true, "di": true, "da": true, "do": true, "dos": true, "das": true,
	"du": true, "des": true, "sur": true, "am": true, "an": true, "der": true, "im": true, "in": true,
	"en": true, "y": true, "e": true, "i": true, "na": true, "nad": true, "pod": true, "bei": true,
	"al": true, "el": true, "region": true, "oblast": true, "province": true, "krai": true,
	"на": true, "над": true, "под": true, "під": true, "и": true, "і": true,
	"область": true, "край": true, "округ": true, "республика": true, "республіка": true,
}

// capitalised reports whether every word of a multi-word name is
// capitalised, except connectors and region words.
func capitalised(toks []token) bool {
	for k := range toks {
		t := &toks[k]
		if t.cap || lowerWords[t.norm] {
			continue
		}
		if !t.cyrillic {
			return false
		}
		var buf [16]string
		if !slices.ContainsFunc(lemmas(t.norm, buf[:0]), func(f string) bool { return lowerWords[f] }) {
			return false
		}
	}
	return true
}

// isInitial reports a one-letter initial with its full stop at token j,
// as in "Franklin D. Roosevelt".
func isInitial(toks []token, j int) bool {
	if j < 0 || j+1 >= len(toks) {
		return false
	}
	t := &toks[j]
	return t.allCaps && t.end-t.start == 1 && toks[j+1].start == t.end+2
}

// namesDivision reports whether key names a country, region or area.
func (g *Gazetteer) namesDivision(key string) bool {
	return slices.ContainsFunc(g.lookup(key), func(pi int32) bool { return g.kind(pi) != KindCity })
}

// isHonorific reports a title before a person's name, in any case form.
func isHonorific(t *token) bool {
	if !t.cyrillic {
		return honorifics[t.norm]
	}
	var buf [16]string
	return slices.ContainsFunc(lemmas(t.norm, buf[:0]), func(f string) bool { return honorifics[f] })
}

// besideName reports a capitalised word right before or after tokens
// [i, i+n) that is not a common word: "Vladimir" in "Vladimir Putin",
// "Paris" in "Paris Hilton", "Moscow" in "Moscow Times". A word joined by a
// hyphen does not count ("Russia-Turkey ties"); English sentence-initial
// words that often precede places ("Outside Kharkiv") are in the stop lists,
// and a Russian or Ukrainian sentence's first word does not count, as word
// order there often puts a place second ("Жителів Ізюма").
//
// Words in a different style do not count: an all-capital dateline
// ("WASHINGTON Barack Obama") or acronym ("California DMV"). Nor do the
// words of an institution named after the place ("Toronto General
// Hospital", "Adair County Regional Jail"; see institutionAfter).
//
// Nor does a place's qualifier: a region named after the town ("в Изюме
// Харьковской области", Izium in Kharkiv Oblast) neither makes the town
// a surname nor the region a person's.
func (g *Gazetteer) besideName(toks []token, i, n int) bool {
	if j := i + n; g.nameWordAt(toks, i, j) && !g.institutionAfter(toks, i, j) && !g.regionAt(toks, j) {
		return true
	}
	if isDivisionWord(toks, i+n-1) {
		return false // "Харьковской области" after the town
	}
	t := &toks[i]
	return i > 0 && t.joined && !t.hyphen && g.nameWordAt(toks, i, i-1) && !(toks[i-1].sentStart && toks[i-1].cyrillic)
}

// regionAt reports whether tokens j and j+1 name a region in the
// gazetteer with a division word ("Харьковской области", "Kharkiv
// region"), the usual qualifier after a town's name.
func (g *Gazetteer) regionAt(toks []token, j int) bool {
	if !isDivisionWord(toks, j+1) {
		return false
	}
	var a, b []string
	a, b = formsOf(&toks[j], a), formsOf(&toks[j+1], b)
	for _, f := range a {
		for _, d := range b {
			if g.namesDivision(f + " " + d) {
				return true
			}
		}
	}
	return false
}

// qualifierWords name a kind of division in any case form: "Харьковской
// области", "Kharkiv region".
var qualifierWords = map[string]bool{
	"область": true, "район": true, "край": true, "округ": true, "oblast": true, "region": true,
	"province": true, "district": true, "raion": true, "krai": true,
}

// isDivisionWord reports whether token k exists, is joined to the one
// before it, and is a division word in any case form.
func isDivisionWord(toks []token, k int) bool {
	if k <= 0 || k >= len(toks) || !toks[k].joined || toks[k].hyphen {
		return false
	}
	var buf [16]string
	return slices.ContainsFunc(lemmas(toks[k].norm, buf[:0]), func(f string) bool { return qualifierWords[f] })
}

// nameWordAt reports whether token j, next to the name starting at token
// i, is a capitalised word in the name's style that could belong to a
// person's or organisation's name with it. An initial ("Franklin D.")
// always could.
func (g *Gazetteer) nameWordAt(toks []token, i, j int) bool {
	if j < 0 || j >= len(toks) {
		return false
	}
	a, b := &toks[min(i, j)+1], &toks[j] // a: the later of the two tokens
	if j > i {
		a = b
	}
	sameStyle := b.allCaps == toks[i].allCaps || b.end-b.start == 1
	return a.joined && !a.hyphen && b.cap && sameStyle && !g.isCommon(b)
}

// maxInstitution is the most capitalised words after a place name that
// institutionAfter reads.
const maxInstitution = 4

// institutionHeads end the names of institutions that are named after the
// place before them and lie in it: "Metcalfe County Coroner", "Red Deer
// Skating Association", "Winnipeg Animal Emergency Hospital". Media titles
// ("Moscow Times", "Winnipeg Free Press") are deliberately absent: a
// newspaper's name is not a place.
var institutionHeads = map[string]bool{
	"academy": true, "agency": true, "airport": true, "association": true, "authority": true,
	"board": true, "bureau": true, "cathedral": true, "center": true, "centre": true, "chamber": true,
	"church": true, "clinic": true, "coalition": true, "college": true, "commission": true,
	"committee": true, "coroner": true, "council": true, "court": true, "department": true,
	"detention": true, "ems": true, "fire": true, "foundation": true, "gallery": true, "hospital": true,
	"institute": true, "jail": true, "library": true, "ministry": true, "museum": true, "office": true,
	"partnership": true, "police": true, "prison": true, "rescue": true, "school": true, "schools": true,
	"service": true, "services": true, "sheriff": true, "society": true, "stadium": true,
	"theatre": true, "theater": true, "university": true, "zoo": true,
}

// institutionAfter reports whether the capitalised words from token j on,
// right after a name that starts at token i, name an institution: one of
// the next few joined capitalised words is an institution head.
func (g *Gazetteer) institutionAfter(toks []token, i, j int) bool {
	for k := j; k < len(toks) && k < j+maxInstitution; k++ {
		t := &toks[k]
		if !t.joined || t.hyphen || !t.cap || t.allCaps != toks[i].allCaps {
			return false
		}
		if institutionHeads[t.norm] {
			return true
		}
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
