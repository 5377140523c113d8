package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gazette-news/gazette/search"
	"github.com/gorilla/mux"
)

// PlaceInfo is one gazetteer place as the place API shows it.
type PlaceInfo struct {
	ID         string  `json:"id"`   // "707292", "UA.07", "UA", "x-donbas"
	Name       string  `json:"name"` // English display name
	Kind       string  `json:"kind"` // "country", "region", "area" or "city"
	Country    string  `json:"country"`
	Lat        float64 `json:"lat"`
	Lon        float64 `json:"lon"`
	Population int     `json:"population"`
	// Hierarchy is the chain above the place, nearest first: Izium →
	// Kharkiv Oblast, Ukraine.
	Hierarchy []search.PlaceRef `json:"hierarchy"`
	// Names is every known spelling in every script. Lookup may leave it
	// empty; Place fills it.
	Names []string `json:"names,omitempty"`
}

// Gazetteer is the place database behind the place API. cmd/gazette adapts
// the recogniser's gazetteer to it, so web depends on neither.
type Gazetteer interface {
	// Lookup returns at most limit places with a name (any spelling or
	// script) starting with prefix, most important first.
	Lookup(prefix string, limit int) []PlaceInfo
	// Place returns one place by id; false when the id is unknown.
	Place(id string) (PlaceInfo, bool)
}

// Limits of GET /api/v1/places.
const (
	defaultPlaceLimit = 10
	maxPlaceLimit     = 50
	maxPrefixRunes    = 100
)

// placeHit is one place in the autocomplete answer: the place and how many
// indexed articles are about it or about a place inside it.
type placeHit struct {
	PlaceInfo
	Articles uint64 `json:"articles"`
}

// apiPlaces answers GET /api/v1/places?prefix=…&limit=…: autocomplete for
// the place filter, in any script ("Харк", "kharkov", "Izy").
func (s *server) apiPlaces(w http.ResponseWriter, r *http.Request) {
	if s.places == nil {
		s.writeJSONError(w, r, http.StatusNotFound, codeNotFound, "this server has no gazetteer")
		return
	}
	q := r.URL.Query()
	prefix := strings.TrimSpace(q.Get("prefix"))
	switch {
	case prefix == "":
		s.apiError(w, r, &paramError{Param: "prefix", Msg: "required: the start of a place name"})
		return
	case !utf8.ValidString(prefix) || utf8.RuneCountInString(prefix) > maxPrefixRunes:
		s.apiError(w, r, &paramError{Param: "prefix", Msg: "must be valid text of at most 100 characters"})
		return
	}
	limit := defaultPlaceLimit
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxPlaceLimit {
			s.apiError(w, r, &paramError{Param: "limit", Msg: "must be a whole number from 1 to 50"})
			return
		}
		limit = n
	}
	out := struct {
		Places []placeHit `json:"places"`
	}{Places: []placeHit{}}
	for _, p := range s.places.Lookup(prefix, limit) {
		n, err := s.placeArticles(r.Context(), p.ID)
		if err != nil {
			s.apiError(w, r, err)
			return
		}
		p.Hierarchy = nonNil(p.Hierarchy)
		out.Places = append(out.Places, placeHit{PlaceInfo: p, Articles: n})
	}
	s.writeJSON(w, r, http.StatusOK, out)
}

// apiPlace answers GET /api/v1/places/{id}: names, hierarchy, coordinates
// and the number of articles about the place or a place inside it.
func (s *server) apiPlace(w http.ResponseWriter, r *http.Request) {
	id := mux.Vars(r)["id"]
	if s.places == nil {
		s.writeJSONError(w, r, http.StatusNotFound, codeNotFound, "this server has no gazetteer")
		return
	}
	p, ok := s.places.Place(id)
	if !ok {
		s.writeJSONError(w, r, http.StatusNotFound, codeNotFound, "no place with id "+strconv.Quote(id))
		return
	}
	n, err := s.placeArticles(r.Context(), p.ID)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	p.Hierarchy = nonNil(p.Hierarchy)
	p.Names = nonNil(p.Names)
	s.writeJSON(w, r, http.StatusOK, placeHit{PlaceInfo: p, Articles: n})
}

// placeArticles counts the indexed articles a filter by the place finds.
func (s *server) placeArticles(ctx context.Context, id string) (uint64, error) {
	res, err := s.search.Search(ctx, search.Request{Places: []string{id}, Size: 1})
	if err != nil {
		return 0, err
	}
	return res.Total, nil
}
