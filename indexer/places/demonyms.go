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

// demonymKey prefixes the match key of a demonym, so that it resolves
// apart from the name of its country.
const demonymKey = "~"

// readDemonyms loads data/demonyms.tsv into g.demonyms: normalised word or
// two-word phrase → country, or continent (an area of the supplement).
func (g *Gazetteer) readDemonyms(data []byte) error {
	g.demonyms = map[string]int32{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	line := 0
	for sc.Scan() {
		line++
		t := sc.Text()
		if strings.TrimSpace(t) == "" || t[0] == '#' {
			continue
		}
		id, words, ok := strings.Cut(t, "\t")
		if !ok || words == "" {
			return fmt.Errorf("places: demonyms.tsv:%d: want a country id, a tab and words", line)
		}
		pi, ok := g.byID[id]
		if !ok || g.places[pi].Kind != KindCountry && g.places[pi].Kind != KindArea {
			return fmt.Errorf("places: demonyms.tsv:%d: %q is not a country or area id", line, id)
		}
		for _, w := range strings.Split(words, "|") {
			n := normName(w)
			if n == "" {
				return fmt.Errorf("places: demonyms.tsv:%d: empty word", line)
			}
			g.demonyms[n] = pi
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
	return match{key: demonymKey + g.places[pi].ID, places: []int32{pi}, tok: i, n: n}, true
}
