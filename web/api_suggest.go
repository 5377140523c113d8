package web

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"
)

// titleSuggester completes typed text from article titles. *search.Index
// implements it; without it, suggestions are place names alone.
type titleSuggester interface {
	SuggestTitles(ctx context.Context, typed string, limit int) ([]string, error)
}

// Limits of GET /api/v1/suggest.
const (
	defaultSuggestLimit = 10
	maxSuggestLimit     = 20
	maxSuggestPlaces    = 5 // place names before titles
)

// apiSuggest answers GET /api/v1/suggest?q=…&limit=… with OpenSearch
// suggestions, ["typed", ["completion", …]]: first the names of places
// starting with the typed text (in any script: "Харк" suggests Kharkiv),
// then titles of articles with words starting so. Both are prefix
// lookups capped at limit, whatever is typed.
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
		for _, p := range s.places.Lookup(prefix, min(limit, maxSuggestPlaces)) {
			add(p.Name)
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
