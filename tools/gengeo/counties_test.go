// Copyright the Gazette authors.

package main

import (
	"math"
	"strings"
	"testing"
)

// tinyAtlas is a quantized TopoJSON topology in the shape of us-atlas
// counties-10m.json: one square county in Kentucky, (−86,37)–(−85,38),
// drawn with one arc forward and one reversed; one Virginia independent
// city; one Louisiana parish; one county of a territory without a region.
const tinyAtlas = `{"type":"Topology",
 "transform":{"scale":[0.5,0.5],"translate":[-86,37]},
 "objects":{
  "counties":{"type":"GeometryCollection","geometries":[
   {"type":"Polygon","id":"21169","properties":{"name":"Metcalfe"},"arcs":[[0,-2]]},
   {"type":"Polygon","id":"51760","properties":{"name":"Richmond"},"arcs":[[0,-2]]},
   {"type":"MultiPolygon","id":"22071","properties":{"name":"Orleans"},"arcs":[[[0,-2]]]},
   {"type":"Polygon","id":"72001","properties":{"name":"Adjuntas"},"arcs":[[0,-2]]}]},
  "states":{"type":"GeometryCollection","geometries":[
   {"type":"Polygon","id":"21","properties":{"name":"Kentucky"},"arcs":[]},
   {"type":"Polygon","id":"51","properties":{"name":"Virginia"},"arcs":[]},
   {"type":"Polygon","id":"22","properties":{"name":"Louisiana"},"arcs":[]},
   {"type":"Polygon","id":"72","properties":{"name":"Puerto Rico"},"arcs":[]}]}},
 "arcs":[[[0,0],[2,0],[0,2]],[[0,0],[0,2],[2,0]]]}`

func TestReadCounties(t *testing.T) {
	cs, err := readCounties(strings.NewReader(tinyAtlas))
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 4 {
		t.Fatalf("read %d counties, want 4", len(cs))
	}
	c := cs[0]
	if c.FIPS != "21169" || c.Name != "Metcalfe" || c.State != "Kentucky" {
		t.Errorf("county = %+v", c)
	}
	if math.Abs(c.Lat-37.5) > 1e-9 || math.Abs(c.Lon+85.5) > 1e-9 {
		t.Errorf("centroid = %v, %v, want 37.5, -85.5", c.Lat, c.Lon)
	}
	for name, data := range map[string]string{
		"not JSON":      "{",
		"no state":      `{"objects":{"counties":{"geometries":[{"type":"Polygon","id":"99001","arcs":[[0]]}]}},"arcs":[[[0,0],[1,0],[0,1]]]}`,
		"bad geometry":  `{"objects":{"counties":{"geometries":[{"type":"Point","id":"21001"}]},"states":{"geometries":[{"id":"21","properties":{"name":"Kentucky"}}]}}}`,
		"empty polygon": `{"objects":{"counties":{"geometries":[{"type":"Polygon","id":"21001","arcs":[]}]},"states":{"geometries":[{"id":"21","properties":{"name":"Kentucky"}}]}}}`,
	} {
		if _, err := readCounties(strings.NewReader(data)); err == nil {
			t.Errorf("readCounties(%s) succeeded", name)
		}
	}
}

func TestCountyPlaces(t *testing.T) {
	cs, err := readCounties(strings.NewReader(tinyAtlas))
	if err != nil {
		t.Fatal(err)
	}
	regions := map[string]string{"Kentucky": "US.KY", "Virginia": "US.VA", "Louisiana": "US.LA"}
	cities := []city{
		{ID: "1", Name: "Edmonton", Country: "US", Admin1: "KY", Admin2: "169", Pop: 1500},
		{ID: "2", Name: "Sulphur Well", Country: "US", Admin1: "KY", Admin2: "169", Pop: 600},
		{ID: "3", Name: "Elsewhere", Country: "US", Admin1: "KY", Admin2: "001", Pop: 9000},
	}
	ps := countyPlaces(cs, regions, cities)
	if len(ps) != 2 {
		t.Fatalf("got %d places, want Metcalfe County and Orleans Parish: %+v", len(ps), ps)
	}
	m := ps[0]
	if m.ID != "US.KY.169" || m.Kind != "county" || m.Country != "US" || m.Region != "US.KY" ||
		m.Name != "Metcalfe County" || m.Pop != 2100 || len(m.Alts) != 1 || m.Alts[0] != "Metcalfe Co." {
		t.Errorf("Metcalfe = %+v", m)
	}
	if o := ps[1]; o.ID != "US.LA.071" || o.Name != "Orleans Parish" || len(o.Alts) != 0 {
		t.Errorf("Orleans = %+v", o)
	}
}
