// Copyright the Gazette authors. Place data: GeoNames (CC BY 4.0) and
// Debian iso-codes (LGPL-2.1+); see indexer/places/README.md.

package main

import (
	"bufio"
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode/utf8"
)

// group is the set of cities sharing a GeoNames (country, admin1) code: one
// first-level region.
type group struct {
	Key     string // "UA.07"
	Country string
	Capital *city // PPLA/PPLC of the group, nil when GeoNames lists none
	Cities  []*city
}

// override pins a group to an ISO subdivision and/or names it by hand, for
// the regions the automatic matching gets wrong or cannot decide.
type override struct {
	ISO  string // "UA-43", or "" to keep the group unmatched
	Name string // English display name, optional
	Base string // stem for "X region"/"X Oblast" forms, optional
}

// readOverrides parses admin1.tsv: group, ISO code or "-", display name, base.
func readOverrides(r io.Reader) (map[string]override, error) {
	out := map[string]override{}
	sc := bufio.NewScanner(r)
	line := 0
	for sc.Scan() {
		line++
		t := sc.Text()
		if strings.HasPrefix(t, "#") || strings.TrimSpace(t) == "" {
			continue
		}
		f := strings.Split(t, "\t")
		if len(f) < 2 || !strings.Contains(f[0], ".") {
			return nil, fmt.Errorf("overrides line %d: want group<TAB>iso[<TAB>name[<TAB>base]]", line)
		}
		o := override{ISO: f[1]}
		if o.ISO == "-" {
			o.ISO = ""
		}
		if len(f) > 2 {
			o.Name = f[2]
		}
		if len(f) > 3 {
			o.Base = f[3]
		}
		out[f[0]] = o
	}
	return out, sc.Err()
}

// groupCities builds one group per (country, admin1) code.
func groupCities(cities []city) map[string]*group {
	groups := map[string]*group{}
	for i := range cities {
		c := &cities[i]
		if c.Admin1 == "" || c.Admin1 == "00" {
			continue
		}
		key := c.Country + "." + c.Admin1
		g := groups[key]
		if g == nil {
			g = &group{Key: key, Country: c.Country}
			groups[key] = g
		}
		g.Cities = append(g.Cities, c)
		if r := capitalRank(c); r > 0 && (r > capitalRank(g.Capital) || r == capitalRank(g.Capital) && c.Pop > g.Capital.Pop) {
			g.Capital = c
		}
	}
	return groups
}

// capitalRank prefers a region's seat (PPLA) over the country's capital
// (PPLC), which GeoNames uses for city-regions such as Kyiv.
func capitalRank(c *city) int {
	switch {
	case c == nil:
		return 0
	case c.FCode == "PPLA":
		return 2
	case c.FCode == "PPLC":
		return 1
	}
	return 0
}

// matchScore says how well a capital's name explains a subdivision's name:
// Ukrainian and Russian regions are named after their capitals ("Kharkiv" →
// "Kharkivska oblast", "Харків" → "Харківська область"), as are Japanese
// prefectures ("Tokyo" → "Tôkyô"). 1 is an exact match, 0 none.
func matchScore(capital *city, sub *isoEntry) float64 {
	if capital == nil {
		return 0
	}
	best := 0.0
	for _, cn := range append([]string{capital.Name}, capital.Alts...) {
		c := fold(cn)
		cl := utf8.RuneCountInString(c)
		if cl < 3 {
			continue
		}
		for _, w := range sub.matchKeys() {
			if w == c {
				return 1
			}
			l := lcp(c, w)
			if l < 4 && !(l == 3 && cl == 4) {
				continue
			}
			if s := 0.95 * float64(l) / float64(cl); s >= 0.7 && s > best {
				best = s
			}
		}
	}
	return best
}

// lcp is the length in runes of the longest common prefix of a and b.
func lcp(a, b string) int {
	n := 0
	for a != "" && b != "" {
		ra, sa := utf8.DecodeRuneInString(a)
		rb, sb := utf8.DecodeRuneInString(b)
		if ra != rb {
			break
		}
		n++
		a, b = a[sa:], b[sb:]
	}
	return n
}

// matchRegions pairs each group of one country with an ISO subdivision:
// overrides first, then capital-name matches best first, then equal codes
// (GeoNames uses ISO codes for some countries, e.g. US "TX", and ISO
// numbers for others, which the capital matches confirm), then a last
// unpaired group with a last unpaired subdivision.
func matchRegions(groups []*group, subs []isoEntry, ov map[string]override) map[string]*isoEntry {
	out := map[string]*isoEntry{}
	used := map[string]bool{}
	byCode := map[string]*isoEntry{}
	for i := range subs {
		byCode[subs[i].Code] = &subs[i]
	}
	pair := func(g *group, s *isoEntry) {
		out[g.Key] = s
		used[s.Code] = true
	}
	free := func(g *group) bool {
		_, done := out[g.Key]
		_, pinned := ov[g.Key]
		return !done && !pinned
	}
	for _, g := range groups {
		if o, ok := ov[g.Key]; ok && o.ISO != "" {
			if s := byCode[o.ISO]; s != nil {
				pair(g, s)
			}
		}
	}

	type cand struct {
		g     *group
		s     *isoEntry
		score float64
	}
	var cands []cand
	for _, g := range groups {
		if !free(g) {
			continue
		}
		for i := range subs {
			if sc := matchScore(g.Capital, &subs[i]); sc > 0 {
				cands = append(cands, cand{g, &subs[i], sc})
			}
		}
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].score > cands[j].score })
	for _, c := range cands {
		if free(c.g) && !used[c.s.Code] {
			pair(c.g, c.s)
		}
	}

	// Alphabetic admin1 codes are ISO codes (US "TX", GB "ENG"). Numeric
	// ones are ISO only in countries whose capital matches agree with them.
	agree, matched := 0, 0
	for key, s := range out {
		if _, pinned := ov[key]; !pinned {
			matched++
			if key[3:] == s.Code[3:] {
				agree++
			}
		}
	}
	numericISO := matched >= 3 && agree*5 >= matched*4
	for _, g := range groups {
		code := g.Key[3:]
		if !free(g) || !isAlpha(code) && !numericISO {
			continue
		}
		if s := byCode[g.Country+"-"+code]; s != nil && !used[s.Code] {
			pair(g, s)
		}
	}

	var lastG *group
	var lastS *isoEntry
	nG, nS := 0, 0
	for _, g := range groups {
		if free(g) {
			lastG, nG = g, nG+1
		}
	}
	for i := range subs {
		if !used[subs[i].Code] {
			lastS, nS = &subs[i], nS+1
		}
	}
	if nG == 1 && nS == 1 {
		pair(lastG, lastS)
	}
	return out
}

func isAlpha(s string) bool {
	for _, r := range s {
		if r < 'A' || r > 'Z' {
			return false
		}
	}
	return s != ""
}
