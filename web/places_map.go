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
const (
	mapWidth  = 1000.0
	mapHeight = 500.0
	minRadius = 3.0  // a place with one article
	maxRadius = 14.0 // the place with the most articles
)

// placeMap is the data for the map on the search page.
type placeMap struct {
	Width, Height float64    // the outline's frame
	ViewBox       string     // the part shown: the points' bounding box, padded, 2:1
	Points        []mapPoint // largest first, so small points are drawn on top
	// BoxURL is the search without its map box; static/mapbox.js adds the
	// box the user draws (bbox=minLon,minLat,maxLon,maxLat) to it.
	BoxURL string
	Box    *mapRect // the map box in force, in map units; nil for none
}

// mapRect is a rectangle in the map's frame.
type mapRect struct{ X, Y, W, H float64 }

// mapPoint is one place on the map, linking to the search filtered by it.
type mapPoint struct {
	X, Y, R float64
	Label   string // "Izium: 6 articles"
	URL     string
	Active  bool
}

// project maps a latitude and longitude into the map's frame, as
// tools/genmap does for the outline.
func project(lat, lon float64) (x, y float64) {
	return (lon + 180) / 360 * mapWidth, (90 - lat) / 180 * mapHeight
}

// buildMap places the cities and regions of the result set's level facets
// on the map, sized by article count (area proportional to count).
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
		m.Points = append(m.Points, mapPoint{
			X: math.Round(x*10) / 10, Y: math.Round(y*10) / 10, R: math.Round(r*10) / 10,
			Label: label, URL: searchURL(withPlace(req, pc.ID), 1), Active: slices.Contains(req.Places, pc.ID),
		})
	}
	if len(m.Points) == 0 {
		return nil
	}
	r := req
	r.BBox = nil
	m.BoxURL = searchURL(r, 1)
	if b := req.BBox; b != nil {
		x0, y0 := project(b.MaxLat, b.MinLon)
		x1, y1 := project(b.MinLat, b.MaxLon)
		m.Box = &mapRect{X: math.Round(x0*10) / 10, Y: math.Round(y0*10) / 10, W: math.Round((x1-x0)*10) / 10, H: math.Round((y1-y0)*10) / 10}
	}
	m.zoom()
	slices.SortStableFunc(m.Points, func(a, b mapPoint) int {
		switch {
		case a.R > b.R:
			return -1
		case a.R < b.R:
			return 1
		}
		return 0
	})
	return m
}

// minView is the narrowest part of the world the map zooms to, in map
// units (about 40° of longitude), so a single town keeps its surroundings.
const minView = 110.0

// zoom sets ViewBox to the points' bounding box with a margin, widened to
// 2:1 and at least minView wide, kept inside the frame, and scales the
// radii so points keep their size on screen.
func (m *placeMap) zoom() {
	minX, minY, maxX, maxY := mapWidth, mapHeight, 0.0, 0.0
	for _, p := range m.Points {
		minX, maxX = min(minX, p.X), max(maxX, p.X)
		minY, maxY = min(minY, p.Y), max(maxY, p.Y)
	}
	w := max(minView, (maxX-minX)*1.3, (maxY-minY)*1.3*2)
	w = min(w, mapWidth)
	h := w / 2
	x := min(max((minX+maxX)/2-w/2, 0), mapWidth-w)
	y := min(max((minY+maxY)/2-h/2, 0), mapHeight-h)
	scale := w / mapWidth
	for i := range m.Points {
		m.Points[i].R = math.Round(m.Points[i].R*scale*100) / 100
	}
	m.ViewBox = strconv.FormatFloat(math.Round(x*10)/10, 'f', -1, 64) + " " + strconv.FormatFloat(math.Round(y*10)/10, 'f', -1, 64) + " " +
		strconv.FormatFloat(math.Round(w*10)/10, 'f', -1, 64) + " " + strconv.FormatFloat(math.Round(h*10)/10, 'f', -1, 64)
}
