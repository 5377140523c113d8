// Copyright the Gazette authors. Place data: GeoNames (CC BY 4.0); see
// indexer/places/README.md.

package main

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// city is one row of GeoNames cities500.txt, reduced to what the gazetteer keeps.
type city struct {
	ID       string
	Name     string
	Alts     []string // filtered alternate names, Name excluded
	Lat, Lon float64
	FCode    string // feature code: PPL, PPLA (admin1 capital), PPLC (country capital)...
	Country  string
	Admin1   string
	Admin2   string // for the US, the county's FIPS code ("169")
	Pop      int
}

// readCities parses a GeoNames dump (tab-separated, 19 columns, see
// https://download.geonames.org/export/dump/readme.txt).
func readCities(r io.Reader) ([]city, error) {
	var out []city
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	line := 0
	for sc.Scan() {
		line++
		f := strings.Split(sc.Text(), "\t")
		if len(f) < 15 {
			return nil, fmt.Errorf("cities line %d: %d columns, want 19", line, len(f))
		}
		lat, err1 := strconv.ParseFloat(f[4], 64)
		lon, err2 := strconv.ParseFloat(f[5], 64)
		if err1 != nil || err2 != nil {
			return nil, fmt.Errorf("cities line %d: bad coordinates %q %q", line, f[4], f[5])
		}
		pop, _ := strconv.Atoi(f[14])
		c := city{
			ID: f[0], Name: strings.TrimSpace(f[1]),
			Lat: lat, Lon: lon, FCode: f[7], Country: f[8], Admin1: f[10], Admin2: f[11], Pop: pop,
		}
		if c.ID == "" || c.Name == "" || c.Country == "" {
			continue
		}
		alts := []string{f[2]}
		if f[3] != "" {
			alts = append(alts, strings.Split(f[3], ",")...)
		}
		c.Alts = filterNames(c.Name, alts)
		out = append(out, c)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("cities line %d: %w", line, err)
	}
	return out, nil
}
