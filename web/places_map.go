package web

import (
	"math"
	"slices"
	"strconv"

	"github.com/gazette-news/gazette/search"
)

// The map view draws the places of the current result set as points on
// static/world.svg, an outline of Natural Earth country borders generated
// by tools/genmap in an equirectangular frame of mapWidth × mapHeight.
// It is a strip above the results (mapAspect wide to 1 high), so the
// results still start above the fold; it names its largest points and
// zooms to the places, box or radius the search is limited to.
const (
	mapWidth  = 1000.0
	mapHeight = 500.0
	minRadius = 3.0  // a place with one article
	maxRadius = 14.0 // the place with the most articles

	// mapAspect is the view's width to its height. A result set spread
	// further north to south than a strip shows gets a taller view, up to
	// the whole frame (2:1).
	mapAspect = 4.5
	// minView is the narrowest part of the world the map shows of a whole
	// result set, in map units (about 40° of longitude); focusView the
	// narrowest around a chosen place (about 11°, some 750 km at 50°N), so
	// a single town keeps its neighbours.
	minView   = 110.0
	focusView = 30.0

	// Labels are laid out for a map mapPixels wide on screen (the results
	// column of a 1366-pixel window), in labelPixels-high text; at most
	// maxLabels points are named.
	mapPixels   = 800.0
	labelPixels = 12.0
	maxLabels   = 15
)

// placeMap is the data for the map on the search page.
type placeMap struct {
	Width, Height float64    // the outline's frame
	ViewBox       string     // the part shown, mapAspect:1 (taller for a tall spread)
	Points        []mapPoint // largest first, so small points are drawn on top
	Labels        []mapLabel // names of the points that have room for one
	FontSize      float64    // the labels' text size in map units
	Halo          float64    // the width of the white outline that keeps labels legible
	Focus         string     // what the view is zoomed to ("Izium"), "" for the whole result set
	// BoxURL is the search without its map box; static/mapbox.js adds the
	// box the user draws (bbox=minLon,minLat,maxLon,maxLat) to it.
	BoxURL string
	Box    *mapRect // the map box in force, in map units; nil for none
	// Near is the circle of a near filter (near=ID&km=N), an ellipse in
	// this projection; nil for none.
	Near *mapEllipse

	view mapRect // the part shown, as ViewBox says
}

// mapRect is a rectangle in the map's frame.
type mapRect struct{ X, Y, W, H float64 }

// mapEllipse is an ellipse in the map's frame: its centre and radii.
type mapEllipse struct{ X, Y, RX, RY float64 }

// mapPoint is one place on the map, linking to the search filtered by it.
type mapPoint struct {
	X, Y, R float64
	Label   string // "Izium: 6 articles"
	URL     string
	Active  bool

	name    string // "Izium", as the map names it (without the region that tells same-named places apart)
	count   int
	focused bool // chosen, or inside a chosen place: the view is zoomed to it
	city    bool // a town or city, named before the centres of regions
}

// mapLabel is the name written beside a point, linking where it does.
type mapLabel struct {
	X, Y   float64
	Anchor string // "start": right of the point; "end": left of it; "middle": above or below it
	Text   string
	URL    string
	Active bool
}

// project maps a latitude and longitude into the map's frame, as
// tools/genmap does for the outline.
func project(lat, lon float64) (x, y float64) {
	return (lon + 180) / 360 * mapWidth, (90 - lat) / 180 * mapHeight
}

// buildMap places the cities and regions of the result set's level facets
// on the map, sized by article count (area proportional to count), zooms
// to what the search is limited to, and names the largest points.
// Countries are left out: their centres would say little. Nil when the
// server has no gazetteer or no place has coordinates.
func (s *server) buildMap(req search.Request, f search.Facets) *placeMap {
	if s.places == nil {
		return nil
	}
	var pcs []search.PlaceCount
	pcs = append(pcs, f.PlaceLevels.Cities...)
	pcs = append(pcs, f.PlaceLevels.Regions...)
	most := 0
	for _, pc := range pcs {
		most = max(most, pc.Count)
	}
	m := &placeMap{Width: mapWidth, Height: mapHeight}
	for _, pc := range pcs {
		p, ok := s.places.Place(pc.ID)
		if !ok || pc.Count <= 0 || p.Lat == 0 && p.Lon == 0 {
			continue
		}
		x, y := project(p.Lat, p.Lon)
		r := minRadius + (maxRadius-minRadius)*math.Sqrt(float64(pc.Count)/float64(most))
		label := pc.Name + ": 1 article"
		if pc.Count != 1 {
			label = pc.Name + ": " + strconv.Itoa(pc.Count) + " articles"
		}
		active := slices.Contains(req.Places, pc.ID)
		m.Points = append(m.Points, mapPoint{
			X: math.Round(x*10) / 10, Y: math.Round(y*10) / 10, R: math.Round(r*10) / 10,
			Label: label, URL: searchURL(withPlace(req, pc.ID), 1), Active: active,
			name: p.Name, count: pc.Count, focused: active || inside(p, req.Places), city: p.Kind == "city",
		})
	}
	if len(m.Points) == 0 {
		return nil
	}
	var focus []string // what the view is zoomed to, for people
	if slices.ContainsFunc(m.Points, func(p mapPoint) bool { return p.focused }) {
		for _, id := range req.Places {
			if p, ok := s.places.Place(id); ok {
				focus = append(focus, p.Name)
			}
		}
	}
	r := req
	r.BBox = nil
	m.BoxURL = searchURL(r, 1)
	var frame []mapRect // what else the view must show: the box or radius searched
	if b := req.BBox; b != nil {
		x0, y0 := project(b.MaxLat, b.MinLon)
		x1, y1 := project(b.MinLat, b.MaxLon)
		m.Box = &mapRect{X: math.Round(x0*10) / 10, Y: math.Round(y0*10) / 10, W: math.Round((x1-x0)*10) / 10, H: math.Round((y1-y0)*10) / 10}
		frame = append(frame, *m.Box)
		focus = append(focus, "the box searched")
	}
	if n := req.Near; n != nil {
		r := nearRect(n)
		frame = append(frame, r)
		m.Near = &mapEllipse{X: round2(r.X + r.W/2), Y: round2(r.Y + r.H/2), RX: round2(r.W / 2), RY: round2(r.H / 2)}
		if p, ok := s.places.Place(n.Place); ok {
			focus = append(focus, strconv.FormatFloat(n.Km, 'f', -1, 64)+" km around "+p.Name)
		}
	}
	m.Focus = joinNames(focus)
	m.zoom(frame)
	slices.SortStableFunc(m.Points, func(a, b mapPoint) int {
		switch {
		case a.R > b.R:
			return -1
		case a.R < b.R:
			return 1
		}
		return 0
	})
	m.label()
	return m
}

// inside tells whether p lies in one of the chosen places.
func inside(p PlaceInfo, chosen []string) bool {
	for _, h := range p.Hierarchy {
		if slices.Contains(chosen, h.ID) {
			return true
		}
	}
	return false
}

// nearRect is the square around a near: filter's circle, in map units.
func nearRect(n *search.Near) mapRect {
	x, y := project(n.Lat, n.Lon)
	const kmPerDegree = 111.32
	dLat := n.Km / kmPerDegree
	dLon := dLat / max(math.Cos(n.Lat*math.Pi/180), 0.1)
	w, h := dLon*2/360*mapWidth, dLat*2/180*mapHeight
	return mapRect{X: x - w/2, Y: y - h/2, W: w, H: h}
}

// joinNames lists names as people write them: "A", "A and B", "A, B and C".
func joinNames(names []string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	out := names[0]
	for _, n := range names[1 : len(names)-1] {
		out += ", " + n
	}
	return out + " and " + names[len(names)-1]
}

// zoom sets ViewBox around what the search is limited to — the points of
// the chosen places and those inside them, and the rectangles of frame —
// or, when it is not limited to a place, around every point. The view is
// mapAspect:1 (taller when the points are spread further north to south),
// with a margin, at least minView wide (focusView around a chosen place),
// and inside the frame. It scales the radii so points keep their size on
// screen.
func (m *placeMap) zoom(frame []mapRect) {
	minX, minY, maxX, maxY := mapWidth, mapHeight, 0.0, 0.0
	add := func(x0, y0, x1, y1 float64) {
		minX, maxX = min(minX, x0), max(maxX, x1)
		minY, maxY = min(minY, y0), max(maxY, y1)
	}
	narrowest := minView
	for _, p := range m.Points {
		if p.focused {
			add(p.X, p.Y, p.X, p.Y)
			narrowest = focusView
		}
	}
	for _, r := range frame {
		add(r.X, r.Y, r.X+r.W, r.Y+r.H)
		narrowest = focusView
	}
	if narrowest == minView {
		for _, p := range m.Points {
			add(p.X, p.Y, p.X, p.Y)
		}
	}
	const margin = 1.3
	w := min(max(narrowest, (maxX-minX)*margin, (maxY-minY)*margin*mapAspect), mapWidth)
	h := max(w/mapAspect, min((maxY-minY)*margin, mapHeight, w/2))
	x := min(max((minX+maxX)/2-w/2, 0), mapWidth-w)
	y := min(max((minY+maxY)/2-h/2, 0), mapHeight-h)
	scale := w / mapWidth
	for i := range m.Points {
		m.Points[i].R = math.Round(m.Points[i].R*scale*100) / 100
	}
	m.FontSize = round2(labelPixels * w / mapPixels)
	m.Halo = round2(m.FontSize / 4)
	m.view = mapRect{X: x, Y: y, W: w, H: h}
	m.ViewBox = formatCoord(x) + " " + formatCoord(y) + " " + formatCoord(w) + " " + formatCoord(h)
}

func formatCoord(v float64) string { return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64) }
