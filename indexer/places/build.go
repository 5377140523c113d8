// Copyright the Gazette authors.

package places

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// builder reads the gazetteer's text sources (data/gazetteer.tsv.gz,
// written by tools/gengeo, and the hand-made data/supplement.tsv) into
// maps, which encode turns into the binary form Load uses
// (data/gazetteer.bin). Reading the text takes a second and 200 MB;
// opening the binary form takes neither, which is why it is shipped.
type builder struct {
	places []Place
	names  []string // per place: every name variant joined by "|", display name first
	byID   map[string]int32

	// dict maps a normalised name (see normName) to its places: a value
	// v >= 0 is one place index, v < 0 is shared[-v-1].
	dict   map[string]int32
	shared [][]int32
	// starts maps the first word of each multi-word name to the most
	// words any such name has, so Find tries longer phrases only there.
	starts map[string]uint8
	// acronyms holds all-capital short names ("USA", "UK", "США"), which
	// match only when written in capitals.
	acronyms map[string]int32
}

// Compile reads the gazetteer's text sources, gazetteer (gzipped TSV as
// tools/gengeo writes it) and supplement, and returns the binary form
// that Load opens: what tools/gengeo writes to data/gazetteer.bin. The
// same sources always give the same bytes.
func Compile(gazetteer io.Reader, supplement []byte) ([]byte, error) {
	zr, err := gzip.NewReader(gazetteer)
	if err != nil {
		return nil, fmt.Errorf("places: open gazetteer: %w", err)
	}
	b := newBuilder(210000)
	if err := b.read(zr, "gazetteer.tsv.gz", false); err != nil {
		return nil, err
	}
	if err := b.read(bytes.NewReader(supplement), "supplement.tsv", true); err != nil {
		return nil, err
	}
	return b.encode()
}

// newBuilder returns an empty builder sized for about n places.
func newBuilder(n int) *builder {
	return &builder{
		byID:     make(map[string]int32, n),
		dict:     make(map[string]int32, 3*n),
		starts:   make(map[string]uint8, n/4),
		acronyms: map[string]int32{},
	}
}

// read adds the rows of one data file. Columns: id, kind, country, region,
// lat, lon, population, name, alternate names separated by "|". In the
// supplement (extend) a row whose kind is "alias" adds names to an existing
// place and, when its name column is set, renames it.
func (g *builder) read(r io.Reader, file string, extend bool) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<16), 1<<22)
	line := 0
	for sc.Scan() {
		line++
		t := sc.Text()
		if t == "" || t[0] == '#' {
			continue
		}
		f := strings.Split(t, "\t")
		if len(f) < 8 {
			return fmt.Errorf("places: %s line %d: %d columns, want 9", file, line, len(f))
		}
		alts := ""
		if len(f) > 8 {
			alts = f[8]
		}
		if extend && f[1] == "alias" {
			i, ok := g.byID[f[0]]
			if !ok {
				return fmt.Errorf("places: %s line %d: alias of unknown place %q", file, line, f[0])
			}
			if f[7] != "" {
				g.places[i].Name = f[7]
				g.addNames(i, f[7])
			}
			g.addNames(i, alts)
			continue
		}
		p, err := parsePlace(f)
		if err != nil {
			return fmt.Errorf("places: %s line %d: %w", file, line, err)
		}
		if _, dup := g.byID[p.ID]; dup {
			return fmt.Errorf("places: %s line %d: duplicate id %q", file, line, p.ID)
		}
		i := int32(len(g.places))
		g.places = append(g.places, p)
		g.names = append(g.names, "")
		g.byID[p.ID] = i
		g.addNames(i, p.Name)
		g.addNames(i, alts)
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("places: %s line %d: %w", file, line, err)
	}
	return nil
}

func parsePlace(f []string) (Place, error) {
	p := Place{ID: f[0], Kind: f[1], Country: f[2], Region: f[3], Name: f[7]}
	switch p.Kind {
	case KindCountry, KindRegion, KindCounty, KindCity, KindArea, KindWater, KindContinent, KindUnion:
	default:
		return p, fmt.Errorf("unknown kind %q", p.Kind)
	}
	if p.ID == "" || p.Name == "" {
		return p, fmt.Errorf("empty id or name")
	}
	var err error
	if p.Lat, err = strconv.ParseFloat(f[4], 64); err != nil {
		return p, fmt.Errorf("latitude: %w", err)
	}
	if p.Lon, err = strconv.ParseFloat(f[5], 64); err != nil {
		return p, fmt.Errorf("longitude: %w", err)
	}
	if p.Population, err = strconv.Atoi(f[6]); err != nil {
		return p, fmt.Errorf("population: %w", err)
	}
	return p, nil
}

// addNames records "|"-separated names for place i, for Names and for Find.
func (g *builder) addNames(i int32, names string) {
	if names == "" {
		return
	}
	if g.names[i] == "" {
		g.names[i] = names
	} else {
		g.names[i] += "|" + names
	}
	for n := range strings.SplitSeq(names, "|") {
		if isAcronym(n) {
			g.acronyms[normWord(n)] = i
			continue
		}
		key := normName(n)
		if key == "" || strings.Count(key, " ") >= maxTokens {
			continue
		}
		g.addKey(key, i)
		if first, rest, ok := strings.Cut(key, " "); ok {
			if n := uint8(strings.Count(rest, " ") + 2); n > g.starts[first] {
				g.starts[first] = n
			}
		}
	}
}

func (g *builder) addKey(key string, i int32) {
	v, ok := g.dict[key]
	switch {
	case !ok:
		g.dict[key] = i
	case v == i:
	case v >= 0:
		g.shared = append(g.shared, []int32{v, i})
		g.dict[key] = -int32(len(g.shared))
	default:
		s := g.shared[-v-1]
		if s[len(s)-1] != i {
			g.shared[-v-1] = append(s, i)
		}
	}
}
