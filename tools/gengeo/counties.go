// Copyright the Gazette authors. County data: US Census Bureau cartographic
// boundaries (public domain) as shipped in the npm package us-atlas (ISC);
// see indexer/places/README.md.

package main

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// county is one US county (or parish, or borough) from the us-atlas
// TopoJSON: its 5-digit FIPS code, bare name ("Metcalfe"), state name and
// the centre of its area.
type county struct {
	FIPS     string // "21169": state "21", county "169"
	Name     string
	State    string // "Kentucky"
	Lat, Lon float64
}

// topology is the part of a TopoJSON file that readCounties needs.
type topology struct {
	Transform *struct {
		Scale     [2]float64 `json:"scale"`
		Translate [2]float64 `json:"translate"`
	} `json:"transform"`
	Objects map[string]struct {
		Geometries []topoGeometry `json:"geometries"`
	} `json:"objects"`
	Arcs [][][2]float64 `json:"arcs"`
}

type topoGeometry struct {
	Type       string                `json:"type"`
	ID         string                `json:"id"`
	Properties struct{ Name string } `json:"properties"`
	Arcs       json.RawMessage       `json:"arcs"`
}

// readCounties parses us-atlas counties-10m.json: the "counties" and
// "states" geometry collections of an unprojected, quantized TopoJSON
// topology. Each county's position is the area-weighted centroid of its
// polygons.
func readCounties(r io.Reader) ([]county, error) {
	var t topology
	if err := json.NewDecoder(r).Decode(&t); err != nil {
		return nil, fmt.Errorf("counties: %w", err)
	}
	arcs := t.decodeArcs()
	states := map[string]string{}
	for _, g := range t.Objects["states"].Geometries {
		states[g.ID] = g.Properties.Name
	}
	var out []county
	for _, g := range t.Objects["counties"].Geometries {
		if len(g.ID) != 5 || states[g.ID[:2]] == "" {
			return nil, fmt.Errorf("counties: %q: no state", g.ID)
		}
		polys, err := g.polygons()
		if err != nil {
			return nil, fmt.Errorf("counties: %s: %w", g.ID, err)
		}
		lat, lon, ok := centroidOf(polys, arcs)
		if !ok {
			return nil, fmt.Errorf("counties: %s: empty geometry", g.ID)
		}
		out = append(out, county{FIPS: g.ID, Name: g.Properties.Name, State: states[g.ID[:2]], Lat: lat, Lon: lon})
	}
	return out, nil
}

// decodeArcs turns quantized, delta-encoded arcs into longitude/latitude
// points (TopoJSON specification, section 2.1.2).
func (t *topology) decodeArcs() [][][2]float64 {
	out := make([][][2]float64, len(t.Arcs))
	for i, arc := range t.Arcs {
		pts := make([][2]float64, len(arc))
		var x, y float64
		for j, p := range arc {
			if t.Transform == nil {
				pts[j] = p
				continue
			}
			x, y = x+p[0], y+p[1]
			pts[j] = [2]float64{x*t.Transform.Scale[0] + t.Transform.Translate[0], y*t.Transform.Scale[1] + t.Transform.Translate[1]}
		}
		out[i] = pts
	}
	return out
}

// polygons returns a geometry's polygons as lists of rings of arc indexes
// (a negative index ^i is arc i reversed).
func (g *topoGeometry) polygons() ([][][]int, error) {
	switch g.Type {
	case "Polygon":
		var p [][]int
		if err := json.Unmarshal(g.Arcs, &p); err != nil {
			return nil, err
		}
		return [][][]int{p}, nil
	case "MultiPolygon":
		var mp [][][]int
		err := json.Unmarshal(g.Arcs, &mp)
		return mp, err
	}
	return nil, fmt.Errorf("geometry type %q", g.Type)
}

// centroidOf is the area-weighted centroid of polygons (holes subtract),
// computed on the plane of longitude and latitude, which is close enough
// for areas the size of a county. A polygon too small to keep an area
// after quantization (Falls Church, Virginia) gets the mean of its points.
func centroidOf(polys [][][]int, arcs [][][2]float64) (lat, lon float64, ok bool) {
	var a, cx, cy, sx, sy float64
	n := 0
	for _, poly := range polys {
		for _, ring := range poly {
			pts := ringPoints(ring, arcs)
			for _, p := range pts {
				sx, sy, n = sx+p[0], sy+p[1], n+1
			}
			for i := 0; i+1 < len(pts); i++ {
				p, q := pts[i], pts[i+1]
				cross := p[0]*q[1] - q[0]*p[1]
				a += cross
				cx += (p[0] + q[0]) * cross
				cy += (p[1] + q[1]) * cross
			}
		}
	}
	if n == 0 || math.IsNaN(a) {
		return 0, 0, false
	}
	if a == 0 {
		return sy / float64(n), sx / float64(n), true
	}
	return cy / (3 * a), cx / (3 * a), true
}

// ringPoints joins the arcs of one ring into a closed list of points.
func ringPoints(ring []int, arcs [][][2]float64) [][2]float64 {
	var pts [][2]float64
	for _, ai := range ring {
		var arc [][2]float64
		if ai >= 0 {
			arc = arcs[ai]
		} else {
			arc = arcs[^ai]
			rev := make([][2]float64, len(arc))
			for i, p := range arc {
				rev[len(arc)-1-i] = p
			}
			arc = rev
		}
		if len(pts) > 0 {
			arc = arc[1:] // shared with the previous arc's last point
		}
		pts = append(pts, arc...)
	}
	return pts
}

// independentCityStates are the states whose FIPS codes from 500 up are
// independent cities (Baltimore, St. Louis, Carson City, Virginia's
// cities), which the gazetteer already lists as cities.
var independentCityStates = map[string]bool{"24": true, "29": true, "32": true, "51": true}

// countySuffix is what a state calls its counties.
func countySuffix(state string) string {
	switch state {
	case "Louisiana":
		return "Parish"
	case "Alaska":
		return "Borough"
	}
	return "County"
}

// countyPlaces turns counties into gazetteer rows of kind "county", with
// ids "US.KY.169" (GeoNames admin2 codes), the state as region, and the
// summed population of the listed places inside. regions maps a state's
// English name to its region id; counties of other areas (District of
// Columbia, Puerto Rico, island territories) are left out, as are
// independent cities.
func countyPlaces(counties []county, regions map[string]string, cities []city) []place {
	pop := map[string]int{}
	for i := range cities {
		if c := &cities[i]; c.Country == "US" && c.Admin2 != "" {
			pop["US."+c.Admin1+"."+c.Admin2] += c.Pop
		}
	}
	var out []place
	for _, c := range counties {
		region := regions[c.State]
		code, _ := strconv.Atoi(c.FIPS[2:])
		if region == "" || c.State == "District of Columbia" || independentCityStates[c.FIPS[:2]] && code >= 500 {
			continue
		}
		id := region + "." + c.FIPS[2:]
		suffix := countySuffix(c.State)
		p := place{ID: id, Kind: "county", Country: "US", Region: region, Lat: c.Lat, Lon: c.Lon, Pop: pop[id],
			Name: c.Name + " " + suffix}
		alts := []string{}
		if suffix == "County" {
			alts = append(alts, c.Name+" Co.")
		}
		if rest, ok := strings.CutPrefix(c.Name, "St. "); ok {
			alts = append(alts, "Saint "+rest+" "+suffix)
		}
		p.Alts = filterNames(p.Name, alts)
		out = append(out, p)
	}
	return out
}
