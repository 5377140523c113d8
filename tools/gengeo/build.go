// Copyright the Gazette authors. Place data: GeoNames (CC BY 4.0) and
// Debian iso-codes (LGPL-2.1+); see indexer/places/README.md.

package main

import (
	"compress/gzip"
	"fmt"
	"io"
	"log/slog"
	"os"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

type config struct {
	Cities, ISO, Overrides, Counties, Sources, Out string
}

// place is one output row.
type place struct {
	ID, Kind, Country, Region string
	Lat, Lon                  float64
	Pop                       int
	Name                      string
	Alts                      []string
}

func run(cfg config, log *slog.Logger) error {
	f, err := os.Open(cfg.Cities)
	if err != nil {
		return err
	}
	cities, err := readCities(f)
	f.Close()
	if err != nil {
		return err
	}
	iso, err := readISO(cfg.ISO)
	if err != nil {
		return err
	}
	of, err := os.Open(cfg.Overrides)
	if err != nil {
		return err
	}
	ov, err := readOverrides(of)
	of.Close()
	if err != nil {
		return err
	}
	var counties []county
	if cfg.Counties != "" {
		cf, err := os.Open(cfg.Counties)
		if err != nil {
			return err
		}
		counties, err = readCounties(cf)
		cf.Close()
		if err != nil {
			return err
		}
	}
	places := build(cities, iso, ov, counties, log)
	return write(cfg.Out, cfg.Sources, places)
}

// build turns the inputs into countries, regions, US counties and cities,
// in that order.
func build(cities []city, iso *isoData, ov map[string]override, counties []county, log *slog.Logger) []place {
	groups := groupCities(cities)
	byCountry := map[string][]*group{}
	for _, g := range groups {
		byCountry[g.Country] = append(byCountry[g.Country], g)
	}
	var out []place

	for _, c := range iso.Countries {
		p := place{ID: c.Code, Kind: "country", Country: c.Code, Name: displayName(c.Common, c.Name), Alts: c.Names}
		var members []*city
		for _, g := range byCountry[c.Code] {
			members = append(members, g.Cities...)
		}
		p.Lat, p.Lon, p.Pop = centroid(members)
		p.Alts = filterNames(p.Name, p.Alts)
		out = append(out, p)
	}

	unmatched := 0
	for _, cc := range sortedKeys(byCountry) {
		gs := byCountry[cc]
		slices.SortFunc(gs, func(a, b *group) int { return strings.Compare(a.Key, b.Key) })
		subs := iso.Subs[cc]
		matched := matchRegions(gs, subs, ov)
		for _, g := range gs {
			p := regionPlace(g, matched[g.Key], ov[g.Key], cities)
			if matched[g.Key] == nil && ov[g.Key].Name == "" {
				unmatched++
				log.Debug("region without ISO subdivision", "group", g.Key, "name", p.Name)
			}
			out = append(out, p)
		}
	}
	log.Info("regions", "groups", len(groups), "unmatched", unmatched)

	states := map[string]string{} // US state name → region id, for counties
	for _, p := range out {
		if p.Kind == "region" && p.Country == "US" {
			states[p.Name] = p.ID
		}
	}
	cps := countyPlaces(counties, states, cities)
	out = append(out, cps...)
	log.Info("counties", "read", len(counties), "kept", len(cps))

	for i := range cities {
		c := &cities[i]
		p := place{ID: c.ID, Kind: "city", Country: c.Country, Lat: c.Lat, Lon: c.Lon, Pop: c.Pop, Name: c.Name, Alts: c.Alts}
		if groups[c.Country+"."+c.Admin1] != nil {
			p.Region = c.Country + "." + c.Admin1
		}
		out = append(out, p)
	}
	return out
}

// displayName prefers a common name ("Moldova") and turns inverted ISO
// names ("Korea, Republic of") into reading order.
func displayName(common, name string) string {
	if common != "" {
		return common
	}
	if before, after, ok := strings.Cut(name, ", "); ok {
		return after + " " + before
	}
	return name
}

// oblastWords end the ISO names of regions named after their capital, which
// English news calls "Kharkiv Oblast" or "Kharkiv region".
var oblastWords = map[string]string{
	"oblast": "Oblast", "oblast'": "Oblast", "oblasty": "Oblast", "oblysy": "Region", "voblasć": "Oblast",
	"kraj": "Krai", "kray": "Krai",
}

// regionPlace names a first-level region. sub may be nil when no ISO
// subdivision matched; the region is then named after its capital.
func regionPlace(g *group, sub *isoEntry, o override, cities []city) place {
	p := place{ID: g.Key, Kind: "region", Country: g.Country}
	p.Lat, p.Lon, p.Pop = centroid(g.Cities)

	var capNames []string // the capital's Latin names, for "X region" forms
	if g.Capital != nil {
		capNames = latin(append([]string{g.Capital.Name}, g.Capital.Alts...))
	}
	var names []string
	var stems []string
	suffix := ""
	if sub != nil {
		names = sub.Names
		words := strings.Fields(sub.Name)
		suffix = oblastWords[strings.ToLower(words[len(words)-1])]
		if suffix != "" && matchScore(g.Capital, sub) > 0 {
			stems = append(stems, stemFor(g.Capital, sub, words[0]))
			stems = append(stems, capNames...)
		}
	}
	if o.Base != "" {
		stems = append(append([]string{o.Base}, latin(namesOf(o.Base, g.Country, cities))...), stems...)
		if suffix == "" {
			suffix = "Oblast"
		}
	}
	switch {
	case o.Name != "":
		p.Name = o.Name
	case len(stems) > 0:
		p.Name = strings.NewReplacer("’", "", "'", "").Replace(stems[0]) + " " + suffix
	case sub != nil && sub.Type == "City" && g.Capital != nil && fold(sub.Name) == fold(g.Capital.Name):
		p.Name = g.Capital.Name + " City"
	case sub != nil:
		p.Name, _, _ = strings.Cut(sub.Name, ", ")
	case g.Capital != nil:
		p.Name = g.Capital.Name + " Region"
	default:
		p.Name = g.Key
	}
	for _, s := range stems {
		names = append(names, s+" "+suffix, s+" region")
	}
	// A city-region ("Kyiv", "Berlin") must not take its capital's bare
	// name, or every mention of the city would resolve to the region.
	taken := map[string]bool{}
	if g.Capital != nil {
		for _, n := range append([]string{g.Capital.Name}, g.Capital.Alts...) {
			taken[fold(n)] = true
		}
	}
	if o.Base != "" {
		for _, n := range append([]string{o.Base}, namesOf(o.Base, g.Country, cities)...) {
			taken[fold(n)] = true
		}
	}
	names = slices.DeleteFunc(slices.Clone(names), func(n string) bool { return taken[fold(n)] })
	p.Alts = filterNames(p.Name, names)
	return p
}

// stemFor names an oblast after its capital ("Kharkiv" for "Kharkivska
// oblast"), unless the capital was renamed and only an old name explains the
// subdivision: "Kirovohrad" for Kropyvnytskyi and "Kirovohradska oblast".
func stemFor(capital *city, sub *isoEntry, word string) string {
	current := *capital
	current.Alts = slices.DeleteFunc(slices.Clone(capital.Alts), func(n string) bool { return len(latin([]string{n})) > 0 })
	if matchScore(&current, sub) > 0 {
		return capital.Name
	}
	best, bestScore := capital.Name, 0.0
	w := fold(word)
	for _, n := range latin(capital.Alts) {
		f := fold(n)
		if s := float64(lcp(f, w)) / float64(utf8.RuneCountInString(f)); s > bestScore {
			best, bestScore = n, s
		}
	}
	return best
}

// namesOf returns the names of the most populous city of country that is
// called name.
func namesOf(name, country string, cities []city) []string {
	var best *city
	for i := range cities {
		c := &cities[i]
		if c.Country == country && (best == nil || c.Pop > best.Pop) &&
			(c.Name == name || slices.Contains(c.Alts, name)) {
			best = c
		}
	}
	if best == nil {
		return nil
	}
	return append([]string{best.Name}, best.Alts...)
}

// latin keeps the names written in Latin script.
func latin(names []string) []string {
	var out []string
	for _, n := range names {
		ok := true
		for _, r := range n {
			if unicode.IsLetter(r) && !unicode.Is(unicode.Latin, r) {
				ok = false
				break
			}
		}
		if ok {
			out = append(out, n)
		}
	}
	return out
}

// centroid is the population-weighted centre of cities and their total
// population (an approximation: only places of 500+ people are listed).
func centroid(cities []*city) (lat, lon float64, pop int) {
	var w float64
	for _, c := range cities {
		cw := float64(c.Pop) + 1
		lat += c.Lat * cw
		lon += c.Lon * cw
		w += cw
		pop += c.Pop
	}
	if w == 0 {
		return 0, 0, 0
	}
	return lat / w, lon / w, pop
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// write stores places as gzip-compressed TSV with a commented header.
func write(path, sources string, places []place) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	zw, err := gzip.NewWriterLevel(f, gzip.BestCompression)
	if err != nil {
		f.Close()
		return err
	}
	if err := writeTSV(zw, sources, places); err != nil {
		f.Close()
		return err
	}
	if err := zw.Close(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func writeTSV(w io.Writer, sources string, places []place) error {
	bw := &errWriter{w: w}
	bw.printf("# Gazette gazetteer, generated by tools/gengeo (do not edit by hand).\n")
	bw.printf("# Sources: %s\n", sources)
	bw.printf("# Licence: GeoNames data CC BY 4.0 (https://www.geonames.org/, https://creativecommons.org/licenses/by/4.0/);\n")
	bw.printf("#   country and subdivision names from Debian iso-codes, LGPL-2.1-or-later;\n")
	bw.printf("#   US counties from US Census Bureau cartographic boundaries (public domain) via npm us-atlas (ISC).\n")
	bw.printf("# Columns: id kind country region lat lon population name alternate-names(|-separated)\n")
	for _, p := range places {
		bw.printf("%s\t%s\t%s\t%s\t%s\t%s\t%d\t%s\t%s\n", p.ID, p.Kind, p.Country, p.Region,
			coord(p.Lat), coord(p.Lon), p.Pop, p.Name, strings.Join(p.Alts, "|"))
	}
	return bw.err
}

func coord(x float64) string {
	s := strconv.FormatFloat(x, 'f', 4, 64)
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}

type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) printf(format string, args ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, format, args...)
	}
}
