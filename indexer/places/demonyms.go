// Copyright the Gazette authors.

package places

import (
	"bufio"
	"bytes"
	_ "embed"
	"fmt"
	"strings"
)

//go:embed data/demonyms.tsv
var demonymsTSV []byte

//go:embed data/adjectives.tsv
var adjectivesTSV []byte

// demonymKey prefixes the match key of a demonym, so that it resolves
// apart from the name of its country.
const demonymKey = "~"

// readDemonyms loads data/demonyms.tsv into g.demonyms: normalised word or
// two-word phrase → country, or continent (an area of the supplement).
func (g *Gazetteer) readDemonyms(data []byte) error {
	g.demonyms = map[string]int32{}
	return g.readWordList("demonyms.tsv", data, g.demonyms)
}

// readAdjectives loads data/adjectives.tsv into g.adjectives: normalised
// Russian or Ukrainian adjective stem → country or continent.
func (g *Gazetteer) readAdjectives(data []byte) error {
	g.adjectives = map[string]int32{}
	return g.readWordList("adjectives.tsv", data, g.adjectives)
}

// readWordList reads lines of a country or area id, a tab and words
// separated by "|" into words: normalised word → place.
func (g *Gazetteer) readWordList(name string, data []byte, words map[string]int32) error {
	sc := bufio.NewScanner(bytes.NewReader(data))
	line := 0
	for sc.Scan() {
		line++
		t := sc.Text()
		if strings.TrimSpace(t) == "" || t[0] == '#' {
			continue
		}
		id, list, ok := strings.Cut(t, "\t")
		if !ok || list == "" {
			return fmt.Errorf("places: %s:%d: want a country id, a tab and words", name, line)
		}
		pi, ok := g.byID.get(g, id)
		if !ok || g.kind(pi) != KindCountry && !isArea(g.kind(pi)) {
			return fmt.Errorf("places: %s:%d: %q is not a country or area id", name, line, id)
		}
		for _, w := range strings.Split(list, "|") {
			n := normName(w)
			if n == "" {
				return fmt.Errorf("places: %s:%d: empty word", name, line)
			}
			words[n] = pi
		}
	}
	return sc.Err()
}

// languageCues are words around a demonym that make it a language: "in
// Spanish", "speaks French", "French-language", "Russian speakers".
var (
	languageBefore = map[string]bool{"in": true, "speak": true, "speaks": true, "spoke": true, "speaking": true, "fluent": true, "into": true, "from": true}
	languageAfter  = map[string]bool{"language": true, "languages": true, "speaking": true, "speaker": true, "speakers": true, "translation": true, "subtitles": true, "dub": true, "dubbed": true}
	// regionPrefixes make a demonym part of a wider one: "Latin American".
	regionPrefixes = map[string]bool{"latin": true, "north": true, "south": true, "central": true, "east": true, "west": true, "anglo": true, "pan": true, "native": true}
)

// demonymAt matches a demonym of one or two words at token i ("Canadian",
// "South African"), as a mention of its country. Only capitalised Latin
// words count, and not where they name a language.
func (g *Gazetteer) demonymAt(toks []token, i int) (match, bool) {
	t := &toks[i]
	if !t.cap || t.cyrillic || t.allCaps && len(t.norm) <= 3 {
		return match{}, false
	}
	n, pi, ok := 0, int32(0), false
	if i+1 < len(toks) && toks[i+1].joined && toks[i+1].cap {
		pi, ok = g.demonyms[t.norm+" "+toks[i+1].norm]
		n = 2
	}
	if !ok {
		pi, ok = g.demonyms[t.norm]
		n = 1
	}
	if !ok {
		return match{}, false
	}
	if i > 0 && t.joined && !t.sentStart {
		prev := toks[i-1].norm
		if regionPrefixes[prev] && toks[i-1].cap {
			return match{}, false
		}
		next := i + n
		endsPhrase := next >= len(toks) || !toks[next].joined || toks[next].norm == "and" || toks[next].norm == "or"
		if languageBefore[prev] && endsPhrase {
			return match{}, false
		}
		// "French and German": the second language of a pair.
		if (prev == "and" || prev == "or") && i >= 2 && toks[i-1].joined {
			if _, isDemonym := g.demonyms[toks[i-2].norm]; isDemonym && endsPhrase {
				if _, ok := g.demonymAt(toks, i-2); !ok {
					return match{}, false
				}
			}
		}
	}
	if j := i + n; j < len(toks) && toks[j].joined && languageAfter[toks[j].norm] {
		return match{}, false
	}
	return match{key: demonymKey + g.id(pi), places: []int32{pi}, tok: i, n: n}, true
}

// The case endings of Russian and Ukrainian adjectives, longest first, as
// normName writes them (ё as е). Each language's stems take only its own
// endings, so that the Russian town Украинск ("в Украинске") is not read
// as the adjective.
var (
	russianEndings = []string{
		"ыми", "ими", "ого", "его", "ому", "ему", "ая", "яя", "ое", "ее", "ие", "ые", "ий", "ый", "ой", "ей",
		"ую", "юю", "ом", "ем", "их", "ых", "им", "ым",
	}
	ukrainianEndings = []string{"ого", "ому", "ими", "ою", "ій", "ої", "ий", "им", "их", "ім", "а", "е", "і", "у"}
)

// ukrainianStem reports whether an adjective stem is written in Ukrainian.
func ukrainianStem(stem string) bool { return strings.ContainsAny(stem, "ьіїєґ") }

// notCountryNouns start the nouns after which a country adjective names a
// language, an accent or a set phrase rather than the country: язык,
// речь, перевод, акцент; мова, переклад; шведский стол, американские горки.
var notCountryNouns = []string{"язык", "речь", "реч", "перевод", "акцент", "мов", "переклад", "стол", "горк", "гірк"}

// prepositions after an adjective mean that its noun is missing: "с
// немецкого на русский".
var prepositions = map[string]bool{"на": true, "с": true, "з": true, "із": true, "из": true, "в": true, "у": true,
	"до": true, "по": true, "от": true, "від": true, "к": true, "для": true}

// conjunctions join adjectives in a chain: "на украинском и русском языках".
var conjunctions = map[string]bool{"и": true, "й": true, "і": true, "та": true, "или": true, "або": true, "чи": true}

// adjectiveAt matches a Russian or Ukrainian adjective of a country at token
// i ("украинские военные", "російської армії") as a mention of the country,
// never of a city. It does not match
//   - a capitalised adjective inside a sentence: a surname (Михаил
//     Турецкий, Роман Польский) or a title;
//   - an adjective, or a chain of them joined by и/та, that ends its phrase
//     without a noun: the language or the people ("переведена с немецкого
//     на русский", "вивчає польську та англійську", "пише українською.");
//   - before язык, мова and the like ("на украинском и русском языках",
//     "с немецким акцентом", "шведский стол").
func (g *Gazetteer) adjectiveAt(toks []token, i int) (match, bool) {
	t := &toks[i]
	if !t.cyrillic || !strings.Contains(t.norm, "к") || t.cap && !t.sentStart {
		return match{}, false
	}
	pi, _, ok := g.adjectiveStem(t.norm)
	if !ok {
		return match{}, false
	}
	// Walk the chain of adjectives and conjunctions to the noun, if any.
	j := i + 1
	for j < len(toks) && toks[j].joined && (conjunctions[toks[j].norm] || hasAdjectiveEnding(toks[j].norm)) {
		j++
	}
	if j >= len(toks) || !toks[j].joined || prepositions[toks[j].norm] {
		return match{}, false // no noun: the adjective stands for the language or the people
	}
	for _, noun := range notCountryNouns {
		if strings.HasPrefix(toks[j].norm, noun) {
			return match{}, false
		}
	}
	return match{key: demonymKey + g.id(pi), places: []int32{pi}, tok: i, n: 1}, true
}

// hasAdjectiveEnding reports whether a Cyrillic word looks like an adjective
// of a -ск-/-цк- stem ("русском", "англійську"), for walking a chain.
func hasAdjectiveEnding(word string) bool {
	for _, endings := range [][]string{russianEndings, ukrainianEndings} {
		for _, e := range endings {
			if stem, ok := strings.CutSuffix(word, e); ok && (strings.HasSuffix(stem, "ск") || strings.HasSuffix(stem, "цк") ||
				strings.HasSuffix(stem, "ськ") || strings.HasSuffix(stem, "цьк") || strings.HasSuffix(stem, "зьк")) {
				return true
			}
		}
	}
	return false
}

// adjectiveStem finds the country of a normalised word that is one of the
// adjectives' stems followed by an ending of the stem's language.
func (g *Gazetteer) adjectiveStem(word string) (pi int32, ending string, ok bool) {
	for _, lang := range []struct {
		endings   []string
		ukrainian bool
	}{{russianEndings, false}, {ukrainianEndings, true}} {
		for _, e := range lang.endings {
			stem, found := strings.CutSuffix(word, e)
			if !found || ukrainianStem(stem) != lang.ukrainian {
				continue
			}
			if pi, ok := g.adjectives[stem]; ok {
				return pi, e, true
			}
		}
	}
	return 0, "", false
}
