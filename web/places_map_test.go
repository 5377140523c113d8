package web

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// viewBox reads the map's view box from a search page.
func viewBox(t *testing.T, doc *goquery.Document) mapRect {
	t.Helper()
	var v mapRect
	if _, err := fmt.Sscanf(doc.Find(".map svg").AttrOr("viewBox", ""), "%g %g %g %g", &v.X, &v.Y, &v.W, &v.H); err != nil {
		t.Fatalf("map view box: %v", err)
	}
	return v
}

// TestUIMapLabelsAndZoom: the map is a strip (mapAspect:1) that names its
// points, each name linking where its point does; choosing a place zooms
// to it and the places inside it.
func TestUIMapLabelsAndZoom(t *testing.T) {
	srv := newTestServer(t, Config{Search: hierarchyIndex(t), Places: newFakeGazetteer()})
	izX, izY := project(49.207, 37.2768)
	khX, khY := project(50.0, 36.25)
	towns := pt((izX+khX)/2, (izY+khY)/2)

	tests := []struct {
		name, query string
		focus       string  // the caption's "Zoomed to …"; "" for none
		width       float64 // the view's width
		centre      []float64
		names       []string // points named
		unnamed     []string // points not named
		active      string   // the name in bold
	}{
		// The centre of Kharkiv Oblast lies on Kharkiv, named instead.
		{"every place", "", "", minView, nil, []string{"Izium", "Kharkiv"}, []string{"Kharkiv Oblast"}, ""},
		{"a town", "place=707292", "Izium", focusView, pt(izX, izY), []string{"Izium", "Kharkiv"}, nil, "Izium"},
		{"a region: its towns", "place=UA.07", "Kharkiv Oblast", focusView, towns, []string{"Izium", "Kharkiv Oblast"}, nil, "Kharkiv Oblast"},
		{"a country: its towns", "place=UA", "Ukraine", focusView, towns, []string{"Izium", "Kharkiv"}, []string{"Ukraine"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := getPage(t, srv.URL+"/?"+tt.query, 200)
			v := viewBox(t, doc)
			if math.Abs(v.W-tt.width) > 0.2 || math.Abs(v.W/v.H-mapAspect) > 0.05 {
				t.Errorf("view %+v: want %g wide, %g:1", v, tt.width, mapAspect)
			}
			if tt.centre != nil {
				if cx, cy := v.X+v.W/2, v.Y+v.H/2; math.Abs(cx-tt.centre[0]) > 0.2 || math.Abs(cy-tt.centre[1]) > 0.2 {
					t.Errorf("view centred on %g,%g, want %g,%g", cx, cy, tt.centre[0], tt.centre[1])
				}
			}
			checkZoomCaption(t, doc, tt.focus)

			points := map[string]bool{}
			doc.Find(".map svg > a").Each(func(_ int, a *goquery.Selection) { points[a.AttrOr("href", "")] = true })
			var names []string
			doc.Find(".map .labels a").Each(func(_ int, a *goquery.Selection) {
				name := a.Find("text").Text()
				names = append(names, name)
				if href := a.AttrOr("href", ""); !points[href] {
					t.Errorf("the name %q links to %q, where no point does", name, href)
				}
				if a.Find("text").HasClass("active") != (name == tt.active) {
					t.Errorf("the name %q is bold: %v", name, a.Find("text").HasClass("active"))
				}
			})
			for _, n := range tt.names {
				if !slices.Contains(names, n) {
					t.Errorf("names %q lack %q", names, n)
				}
			}
			for _, n := range tt.unnamed {
				if slices.Contains(names, n) {
					t.Errorf("names %q include %q", names, n)
				}
			}
			if len(names) != len(slices.Compact(slices.Sorted(slices.Values(names)))) {
				t.Errorf("names %q repeat", names)
			}
			if fs, _ := doc.Find(".map .labels").Attr("font-size"); fs != fmt.Sprint(round2(labelPixels*v.W/mapPixels)) {
				t.Errorf("names are %s units high in a view %g wide", fs, v.W)
			}
		})
	}
}

// checkZoomCaption checks what the map says it is zoomed to.
func checkZoomCaption(t *testing.T, doc *goquery.Document, focus string) {
	t.Helper()
	caption := doc.Find(".map figcaption").Text()
	label := doc.Find(".map svg").AttrOr("aria-label", "")
	if focus == "" && (strings.Contains(caption, "Zoomed") || strings.Contains(label, "zoomed")) {
		t.Errorf("an unzoomed map says %q / %q", caption, label)
	}
	if focus != "" && (!strings.Contains(caption, "Zoomed to "+focus+".") || !strings.Contains(label, "zoomed to "+focus)) {
		t.Errorf("caption %q, label %q; want zoomed to %s", caption, label, focus)
	}
}

// TestUIMapZoomToArea: a map box or a near filter zooms the map to its
// area, drawn on it.
func TestUIMapZoomToArea(t *testing.T) {
	base := geoServer(t)
	izX, izY := project(49.207, 37.2768)
	boxX0, boxY0 := project(51, 35)
	boxX1, boxY1 := project(49, 38)
	tests := []struct {
		name, query, focus, shape string
		area                      mapRect
	}{
		{"a map box", "bbox=35,49,38,51", "the box searched", ".map rect.box", mapRect{boxX0, boxY0, boxX1 - boxX0, boxY1 - boxY0}},
		// 100 km: 0.9° of latitude, 1.38° of longitude at Izium.
		{"near a place", "near=707292&km=100", "100 km around Izium", ".map ellipse.near",
			mapRect{izX - 1.38/360*mapWidth, izY - 0.9/180*mapHeight, 2.76 / 360 * mapWidth, 1.8 / 180 * mapHeight}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := getPage(t, base+"/?"+tt.query, 200)
			if doc.Find(tt.shape).Length() != 1 {
				t.Errorf("%s not drawn", tt.shape)
			}
			v := viewBox(t, doc)
			if !v.holds(tt.area) || v.W > max(focusView, tt.area.W*1.3, tt.area.H*1.3*mapAspect)+0.5 {
				t.Errorf("view %+v does not frame %+v closely", v, tt.area)
			}
			checkZoomCaption(t, doc, tt.focus)
		})
	}
}

// TestMapLabelLayout: names go right of their points, else left; a name
// that would overlap another, hide a point, leave the view or repeat a
// place already named is left out; the chosen place is named first.
func TestMapLabelLayout(t *testing.T) {
	view := mapRect{X: 0, Y: 0, W: 100, H: 100 / mapAspect}
	point := func(name string, x, y float64, count int) mapPoint {
		return mapPoint{X: x, Y: y, R: 0.5, name: name, count: count, URL: "/?place=" + name, city: true}
	}
	tests := []struct {
		name   string
		points []mapPoint
		want   []string // name:anchor, in the order placed
	}{
		{"apart", []mapPoint{point("A", 10, 10, 1), point("B", 60, 10, 2)}, []string{"B:start", "A:start"}},
		{"a name would cover the next point: the smaller goes left",
			[]mapPoint{point("Bigger", 40, 10, 5), point("Small", 44, 10, 1)}, []string{"Bigger:end", "Small:start"}},
		{"at the right edge: left", []mapPoint{point("Edge", 98, 10, 1)}, []string{"Edge:end"}},
		{"outside the view: unnamed", []mapPoint{point("Far", 150, 10, 9), point("Near", 50, 10, 1)}, []string{"Near:start"}},
		{"a point on one named already: not named", []mapPoint{point("Big", 50, 10, 5), point("On it", 50.4, 10, 1)}, []string{"Big:start"}},
		{"a city and its region on one spot: named once",
			[]mapPoint{{X: 50, Y: 10, R: 1, name: "Kyiv City", count: 9}, point("Kyiv", 50.1, 10, 5)}, []string{"Kyiv:start"}},
		{"crowded: the larger first, the rest where they fit",
			[]mapPoint{point("One", 50, 10, 1), point("Two", 50, 10.8, 2), point("Three", 50, 11.6, 3)}, []string{"Three:start", "Two:end", "One:middle"}},
		{"the chosen place first", []mapPoint{point("Most", 50, 11, 9), func() mapPoint {
			p := point("Chosen", 50, 11.3, 1) // drawn on Most
			p.Active, p.focused = true, true
			return p
		}()}, []string{"Chosen:start"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := &placeMap{Points: tt.points, view: view, FontSize: 1.5}
			m.label()
			var got []string
			for _, l := range m.Labels {
				got = append(got, l.Text+":"+l.Anchor)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("names %q, want %q", got, tt.want)
			}
		})
	}

	// Above when neither side has room; never more than maxLabels names.
	m := &placeMap{view: mapRect{W: 1000, H: 1000}, FontSize: 1}
	for i := range 40 {
		m.Points = append(m.Points, mapPoint{X: float64(i%5) * 200, Y: float64(i/5) * 100, R: 1, name: fmt.Sprint("P", i), city: true})
	}
	m.label()
	if len(m.Labels) != maxLabels {
		t.Errorf("%d names on a map of 40 points, want %d", len(m.Labels), maxLabels)
	}
}

func pt(x, y float64) []float64 { return []float64{x, y} }
