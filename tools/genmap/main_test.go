package main

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
)

func TestRender(t *testing.T) {
	b, err := os.ReadFile("testdata/tiny.json")
	if err != nil {
		t.Fatal(err)
	}
	var topo topology
	if err := json.Unmarshal(b, &topo); err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	if err := render(&out, &topo); err != nil {
		t.Fatal(err)
	}
	svg := out.String()
	// Squareland: the arcs (0,0)→(10,0)→(10,10) and (10,10)→(0,10)→(0,0), in
	// lon/lat, projected to 1000×500 and joined without the shared point.
	for _, want := range []string{
		`viewBox="0 0 1000 500"`,
		`<g id="world" `,
		`<path vector-effect="non-scaling-stroke" d="M500 250L527.8 250L527.8 222.2L500 222.2L500 250Z"><title>Squareland &amp; Co</title></path>`,
		"Natural Earth",
	} {
		if !strings.Contains(svg, want) {
			t.Errorf("output lacks %q:\n%s", want, svg)
		}
	}
	// Wrapland crosses the antimeridian (179°E → 179°W): cut, not drawn
	// across the map.
	if !strings.Contains(svg, "ZM") {
		t.Errorf("ring across the antimeridian not cut:\n%s", svg)
	}
	if strings.Contains(svg, "Nowhere") {
		t.Error("a null geometry was drawn")
	}
}

func TestRenderErrors(t *testing.T) {
	for name, src := range map[string]string{
		"not a topology": `{"type":"FeatureCollection"}`,
		"no countries":   `{"type":"Topology","arcs":[],"objects":{"land":{"geometries":[]}}}`,
		"bad arc index":  `{"type":"Topology","arcs":[],"objects":{"countries":{"geometries":[{"type":"Polygon","arcs":[[5]],"id":"1"}]}}}`,
		"bad arcs":       `{"type":"Topology","arcs":[],"objects":{"countries":{"geometries":[{"type":"Polygon","arcs":"x","id":"1"}]}}}`,
	} {
		var topo topology
		if err := json.Unmarshal([]byte(src), &topo); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := render(&strings.Builder{}, &topo); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
