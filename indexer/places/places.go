// Copyright the Gazette authors. Place data from GeoNames (CC BY 4.0) and
// Debian iso-codes (LGPL-2.1+); see README.md.

// Package places is Gazette's gazetteer: a database of countries, first-level
// regions, populated places and a few informal areas ("Donbas"), with every
// spelling and script of their names, and a recogniser that finds and
// resolves place mentions in news text.
//
// The data is embedded in the program in a binary form that opens at once
// (data/gazetteer.bin, compiled by tools/gengeo from data/gazetteer.tsv.gz,
// made from GeoNames and iso-codes, and the hand-written
// data/supplement.tsv). Load it once and share the *Gazetteer.
package places

import (
	_ "embed"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Kind of a place.
const (
	KindCountry = "country"
	KindRegion  = "region"
	KindCity    = "city"
	KindArea    = "area"   // supplement: historical or informal regions such as Donbas
	KindCounty  = "county" // second-level division: US counties ("Metcalfe County"), in their state

	// Supplement places that are no division of a country. The
	// recogniser treats them as areas (see isArea); the search lists them
	// apart from the regions.
	KindWater     = "water"     // rivers, seas and lakes: "Oskil", "Black Sea"
	KindContinent = "continent" // continents and world regions: "Europe", "Middle East"
	KindUnion     = "union"     // unions of countries: "European Union"
)

// isArea reports whether kind is an area or one of the supplement kinds the
// recogniser ranks like one.
func isArea(kind string) bool {
	switch kind {
	case KindArea, KindWater, KindContinent, KindUnion:
		return true
	}
	return false
}

// Place is one entry of the gazetteer.
type Place struct {
	ID         string  // GeoNames id for cities ("707292"), ISO alpha-2 for countries ("UA"), "UA.07" for regions, "US.KY.169" for counties, "x-donbas" for supplement areas
	Name       string  // English display name: "Izium", "Kharkiv Oblast", "Ukraine"
	Kind       string  // KindCountry, KindRegion, KindCounty, KindCity, KindArea, KindWater, KindContinent or KindUnion
	Country    string  // ISO alpha-2, "" for none
	Region     string  // region id ("UA.07") for cities and counties; "" otherwise
	Lat, Lon   float64 // WGS84; regions and countries: population-weighted centre
	Population int     // regions and countries: sum over their listed places
}

//go:embed data/gazetteer.bin
var gazetteerBin string

// maxTokens is the longest name, in words, that Find recognises.
const maxTokens = 4

// Gazetteer is the loaded place database. Safe for concurrent use after Load.
type Gazetteer struct {
	bin string // the binary form (see binary.go), embedded in the program
	// placesAt, stringsAt and sharedAt are where those sections of bin
	// start; nPlaces is the number of places, numbered from 0.
	placesAt, stringsAt, sharedAt, nPlaces int
	byID                                   idIndex
	// dict maps a normalised name (see normName) to its places; starts
	// the first word of each multi-word name to the most words any such
	// name has, so Find tries longer phrases only there.
	dict, starts table
	// acronyms holds all-capital short names ("USA", "UK", "США"), which
	// match only when written in capitals.
	acronyms map[string]int32
	// demonyms maps a normalised demonym ("canadian", "south african") to
	// its country; see demonyms.go.
	demonyms map[string]int32
	// adjectives maps a normalised Russian or Ukrainian adjective stem
	// ("украинск", "російськ") to its country or continent.
	adjectives map[string]int32

	stop stopList

	lookupOnce sync.Once
	lookupKeys []lookupKey // sorted normalised names, built on first Lookup
}

// Load opens the gazetteer embedded in the program (data/gazetteer.bin,
// whose pages the system reads as they are used) and the small word lists
// beside it. It takes some milliseconds; callers load once and pass the
// *Gazetteer around.
func Load() (*Gazetteer, error) {
	g, err := open(gazetteerBin)
	if err != nil {
		return nil, err
	}
	if err := g.readAdjectives(adjectivesTSV); err != nil {
		return nil, err
	}
	if err := g.readDemonyms(demonymsTSV); err != nil {
		return nil, err
	}
	if g.stop, err = loadStopLists(); err != nil {
		return nil, err
	}
	return g, nil
}

// lookup returns the places called key (a normalised name).
func (g *Gazetteer) lookup(key string) []int32 {
	v, ok := g.dict.get(key)
	switch {
	case !ok:
		return nil
	case v >= 0:
		return []int32{v}
	}
	return g.sharedList(v)
}

// isAcronym reports short all-capital names such as "USA", "UK" or "США".
func isAcronym(s string) bool {
	n := 0
	for _, r := range s {
		if !unicode.IsUpper(r) {
			return false
		}
		n++
	}
	return n >= 2 && n <= 3 && utf8.ValidString(s)
}

// Place returns the place with the given id.
func (g *Gazetteer) Place(id string) (Place, bool) {
	i, ok := g.byID.get(g, id)
	if !ok {
		return Place{}, false
	}
	return g.place(i), true
}

// Names returns every known name variant of a place (all scripts), for
// search indexing; the display name comes first. Nil for an unknown id.
func (g *Gazetteer) Names(id string) []string {
	i, ok := g.byID.get(g, id)
	if !ok {
		return nil
	}
	names := strings.Split(g.nameList(i), "|")
	seen := make(map[string]bool, len(names))
	out := names[:0]
	for _, n := range append([]string{g.place(i).Name}, names...) {
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	return out
}

// Ancestors returns the chain above a place, nearest first:
// Izium → [Kharkiv Oblast, Ukraine]. Empty for countries and unknown ids.
func (g *Gazetteer) Ancestors(id string) []Place {
	p, ok := g.Place(id)
	if !ok {
		return nil
	}
	var out []Place
	if p.Region != "" && p.Region != p.ID {
		if r, ok := g.Place(p.Region); ok {
			out = append(out, r)
		}
	}
	if p.Country != "" && p.Country != p.ID {
		if c, ok := g.Place(p.Country); ok {
			out = append(out, c)
		}
	}
	return out
}
