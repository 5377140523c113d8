package search

import (
	"fmt"
	"math"
	"strconv"

	"github.com/blevesearch/bleve/v2/search/query"
)

// Gazette answers "articles about any place near here" from the
// coordinates of the towns and cities an article is about: each article
// carries them in one geoshape field (fieldGeo) as a multipoint, and near:
// and the map's box are Bleve geoshape queries that match an article when
// any of its points lies inside the circle or box. (Bleve's geopoint
// queries check only the first of several points, hence the shape.)
// Countries and regions have no single point and are left out: an article
// naming only Ukraine is not "near Izium".

// GeoPlace is a gazetteer place with its coordinates.
type GeoPlace struct {
	ID       string
	Name     string
	Lat, Lon float64
	Names    []string // every spelling in every script; "a b"~N matches any of them
}

// Places resolves the places a query names (place:, near:). cmd/gazette
// adapts the gazetteer to it. Without one, place: takes place ids and
// near: is refused.
type Places interface {
	// ResolvePlace returns the place a name means: any spelling or script,
	// optionally qualified as "Lyman (Donetsk Oblast)"; the most important
	// when several fit. False when no place has that name.
	ResolvePlace(name string) (GeoPlace, bool)
	// GeoPlace returns the place with an id; false when there is none.
	GeoPlace(id string) (GeoPlace, bool)
}

// SetPlaces gives the index the gazetteer that place: and near: resolve
// names with. Call it before the first Search.
func (ix *Index) SetPlaces(p Places) { ix.places = p }

// Near restricts a search to articles about a place within Km of a point.
type Near struct {
	Place    string // the gazetteer id the point is taken from ("707292"); kept for links
	Lat, Lon float64
	Km       float64
}

// BBox restricts a search to articles about a place inside a box of
// longitudes and latitudes (the map's selection).
type BBox struct {
	MinLon, MinLat, MaxLon, MaxLat float64
}

// geoPoints returns the geoshape value of an article's places: a
// multipoint of its towns and cities with coordinates, or nil.
func geoPoints(places []Place) map[string]interface{} {
	var coords []interface{}
	for _, p := range places {
		if p.Kind != KindCity && p.Kind != "" || p.Lat == 0 && p.Lon == 0 {
			continue
		}
		if math.Abs(p.Lat) > 90 || math.Abs(p.Lon) > 180 {
			continue
		}
		coords = append(coords, []interface{}{p.Lon, p.Lat})
	}
	if len(coords) == 0 {
		return nil
	}
	return map[string]interface{}{"type": "multipoint", "coordinates": coords}
}

// circleQuery matches articles about a place within km of lat, lon.
func circleQuery(lat, lon, km float64) (query.Query, error) {
	if math.IsNaN(lat) || math.IsNaN(lon) || math.Abs(lat) > 90 || math.Abs(lon) > 180 {
		return nil, &QueryError{Msg: fmt.Sprintf("%g, %g is not a point on the Earth", lat, lon)}
	}
	if !(km > 0 && km <= maxNearKm) {
		return nil, &QueryError{Msg: fmt.Sprintf("radius %g km: use more than 0 and at most %g km", km, maxNearKm)}
	}
	q, err := query.NewGeoShapeCircleQuery([]float64{lon, lat}, strconv.FormatFloat(km, 'f', -1, 64)+"km", "intersects")
	if err != nil {
		return nil, fmt.Errorf("search: circle query: %w", err)
	}
	q.SetField(fieldGeo)
	return q, nil
}

// boxQuery matches articles about a place inside b.
func boxQuery(b BBox) (query.Query, error) {
	if err := b.check(); err != nil {
		return nil, err
	}
	q, err := query.NewGeoShapeQuery([][][][]float64{{{{b.MinLon, b.MaxLat}, {b.MaxLon, b.MinLat}}}}, "envelope", "intersects")
	if err != nil {
		return nil, fmt.Errorf("search: box query: %w", err)
	}
	q.SetField(fieldGeo)
	return q, nil
}

// check validates a box: longitudes in -180..180, latitudes in -90..90,
// minimum below maximum.
func (b BBox) check() error {
	for _, v := range []float64{b.MinLon, b.MinLat, b.MaxLon, b.MaxLat} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return &QueryError{Msg: "bbox: coordinates must be numbers"}
		}
	}
	switch {
	case b.MinLon < -180 || b.MaxLon > 180 || b.MinLat < -90 || b.MaxLat > 90:
		return &QueryError{Msg: "bbox: longitudes must be within -180 to 180 and latitudes within -90 to 90"}
	case b.MinLon >= b.MaxLon || b.MinLat >= b.MaxLat:
		return &QueryError{Msg: "bbox: write minLon,minLat,maxLon,maxLat with each minimum below its maximum"}
	}
	return nil
}

// near builds near:PLACE~RADIUS.
func (b *builder) near(n *node) (query.Query, error) {
	if b.places == nil {
		return nil, b.errAt(n, "near: needs the gazetteer, which this index was opened without")
	}
	p, ok := b.places.GeoPlace(n.text)
	if !ok {
		p, ok = b.places.ResolvePlace(n.text)
	}
	if !ok {
		return nil, b.errAt(n, "no place called “%s” in the gazetteer (near: at character %d); try another spelling, or Name (Region)", n.text, n.start+1)
	}
	if p.Lat == 0 && p.Lon == 0 {
		return nil, b.errAt(n, "the gazetteer has no coordinates for %s (near: at character %d)", p.Name, n.start+1)
	}
	return circleQuery(p.Lat, p.Lon, n.km)
}

// geoFilters returns the filters of r.Near and r.BBox.
func geoFilters(r Request) ([]query.Query, error) {
	var fs []query.Query
	if r.Near != nil {
		q, err := circleQuery(r.Near.Lat, r.Near.Lon, r.Near.Km)
		if err != nil {
			return nil, err
		}
		fs = append(fs, q)
	}
	if r.BBox != nil {
		q, err := boxQuery(*r.BBox)
		if err != nil {
			return nil, err
		}
		fs = append(fs, q)
	}
	return fs, nil
}
