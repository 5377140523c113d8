package main

import (
	"github.com/gazette-news/gazette/indexer/places"
	"github.com/gazette-news/gazette/search"
	"github.com/gazette-news/gazette/web"
)

// placeDirectory adapts the gazetteer to web.Gazetteer, so that web serves
// the place API without importing the recogniser.
type placeDirectory struct{ g *places.Gazetteer }

// Lookup implements web.Gazetteer.
func (d placeDirectory) Lookup(prefix string, limit int) []web.PlaceInfo {
	ps := d.g.Lookup(prefix, limit)
	out := make([]web.PlaceInfo, 0, len(ps))
	for _, p := range ps {
		out = append(out, d.info(p))
	}
	return out
}

// Place implements web.Gazetteer; the place comes with all its names.
func (d placeDirectory) Place(id string) (web.PlaceInfo, bool) {
	p, ok := d.g.Place(id)
	if !ok {
		return web.PlaceInfo{}, false
	}
	info := d.info(p)
	info.Names = d.g.Names(id)
	return info, true
}

func (d placeDirectory) info(p places.Place) web.PlaceInfo {
	info := web.PlaceInfo{ID: p.ID, Name: p.Name, Kind: p.Kind, Country: p.Country,
		Lat: p.Lat, Lon: p.Lon, Population: p.Population, Hierarchy: []search.PlaceRef{}}
	for _, a := range d.g.Ancestors(p.ID) {
		info.Hierarchy = append(info.Hierarchy, search.PlaceRef{ID: a.ID, Name: a.Name, Kind: a.Kind})
	}
	return info
}

// queryPlaces adapts the gazetteer to search.Places, so that place: and
// near: in queries take any name of a place.
type queryPlaces struct{ g *places.Gazetteer }

// ResolvePlace implements search.Places; the place comes with all its names.
func (q queryPlaces) ResolvePlace(name string) (search.GeoPlace, bool) {
	p, ok := q.g.Resolve(name)
	if !ok {
		return search.GeoPlace{}, false
	}
	gp := geoPlace(p)
	gp.Names = q.g.Names(p.ID)
	return gp, true
}

// GeoPlace implements search.Places.
func (q queryPlaces) GeoPlace(id string) (search.GeoPlace, bool) {
	p, ok := q.g.Place(id)
	return geoPlace(p), ok
}

func geoPlace(p places.Place) search.GeoPlace {
	return search.GeoPlace{ID: p.ID, Name: p.Name, Lat: p.Lat, Lon: p.Lon}
}
