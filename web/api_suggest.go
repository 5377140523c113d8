package web

import (
	"cmp"
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// titleSuggester completes typed text from article titles. *search.Index
// implements it; without it, suggestions are place names alone.
type titleSuggester interface {
	SuggestTitles(ctx context.Context, typed string, limit int) ([]string, error)
}

// placeCounter tells how many articles are about each place (or a place
// inside it). *search.Index implements it; without it, place suggestions
// are the gazetteer's, whether the archive mentions them or not.
type placeCounter interface {
	PlaceArticles(ids []string) (map[string]uint64, error)
}

// Limits of GET /api/v1/suggest.
const (
	defaultSuggestLimit = 10
	maxSuggestLimit     = 20
	maxSuggestPlaces    = 5  // place names before titles
	suggestPlaceLookup  = 20 // gazetteer places looked at, to find those the archive mentions
)

// apiSuggest answers GET /api/v1/suggest?q=…&limit=… with OpenSearch
// suggestions, ["typed", ["completion", …]]: first the names of places
// starting with the typed text (in any script: "Харк" suggests Kharkiv)
// that articles are about, most articles first, then titles of articles
// with words starting so. Both are prefix lookups with a cap, whatever
// is typed.
func (s *server) apiSuggest(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	typed := q.Get("q")
	if !utf8.ValidString(typed) || utf8.RuneCountInString(typed) > maxPrefixRunes {
		s.apiError(w, r, &paramError{Param: "q", Msg: "must be valid text of at most " + strconv.Itoa(maxPrefixRunes) + " characters"})
		return
	}
	limit := defaultSuggestLimit
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxSuggestLimit {
			s.apiError(w, r, &paramError{Param: "limit", Msg: "must be a whole number from 1 to " + strconv.Itoa(maxSuggestLimit)})
			return
		}
		limit = n
	}
	completions := []string{}
	seen := map[string]bool{}
	add := func(c string) {
		if key := strings.ToLower(c); c != "" && !seen[key] && len(completions) < limit {
			seen[key] = true
			completions = append(completions, c)
		}
	}
	prefix := strings.TrimSpace(typed)
	if s.places != nil && prefix != "" {
		names, err := s.suggestPlaces(prefix, min(limit, maxSuggestPlaces))
		if err != nil {
			s.apiError(w, r, err)
			return
		}
		for _, n := range names {
			add(n)
		}
	}
	if ts, ok := s.index.(titleSuggester); ok && prefix != "" && len(completions) < limit {
		titles, err := ts.SuggestTitles(r.Context(), typed, limit)
		if err != nil {
			s.apiError(w, r, err)
			return
		}
		for _, t := range titles {
			add(t)
		}
	}
	body, err := json.Marshal([]any{typed, completions})
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/x-suggestions+json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if r.Method != http.MethodHead {
		w.Write(body)
		w.Write([]byte("\n"))
	}
}

// suggestPlaces names at most n places starting with prefix: those the
// archive has articles about, most articles first, when the index can
// count them; else the gazetteer's first.
func (s *server) suggestPlaces(prefix string, n int) ([]string, error) {
	pc, ok := s.index.(placeCounter)
	if !ok {
		var names []string
		for _, p := range s.places.Lookup(prefix, n) {
			names = append(names, p.Name)
		}
		return names, nil
	}
	places := s.places.Lookup(prefix, suggestPlaceLookup)
	ids := make([]string, len(places))
	for i, p := range places {
		ids[i] = p.ID
	}
	counts, err := pc.PlaceArticles(ids)
	if err != nil {
		return nil, err
	}
	places = slices.DeleteFunc(places, func(p PlaceInfo) bool { return counts[p.ID] == 0 })
	slices.SortStableFunc(places, func(a, b PlaceInfo) int { return cmp.Compare(counts[b.ID], counts[a.ID]) })
	var names []string
	for _, p := range places[:min(n, len(places))] {
		names = append(names, p.Name)
	}
	return names, nil
}
