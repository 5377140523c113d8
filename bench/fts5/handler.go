package fts5

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// Handler serves GET /search with the parameters of Gazette's search API
// (q is an FTS5 match expression; fuzzy a word matched within one edit)
// and answers with a Result as JSON; bad parameters get a 400.
func (d *DB) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /search", func(w http.ResponseWriter, r *http.Request) {
		q, err := parseQuery(r.URL.Query())
		if err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]any{"error": map[string]string{"code": "bad_request", "message": err.Error()}})
			return
		}
		res, err := d.Search(r.Context(), q)
		var qe *QueryError
		switch {
		case errors.As(err, &qe):
			writeJSON(w, http.StatusBadRequest, map[string]any{"error": map[string]string{"code": "bad_query", "message": err.Error()}})
		case err != nil:
			writeJSON(w, http.StatusInternalServerError, map[string]any{"error": map[string]string{"code": "internal", "message": err.Error()}})
		default:
			writeJSON(w, http.StatusOK, res)
		}
	})
	return mux
}

func parseQuery(v url.Values) (Query, error) {
	q := Query{Match: v.Get("q"), Fuzzy: v.Get("fuzzy"), Places: v["place"], Lang: v.Get("lang"), Site: v.Get("site"), Sort: v.Get("sort")}
	for _, d := range []struct {
		name string
		to   **time.Time
	}{{"from", &q.From}, {"to", &q.To}} {
		if s := v.Get(d.name); s != "" {
			t, err := time.Parse(time.DateOnly, s)
			if err != nil {
				return q, errors.New(d.name + ": want YYYY-MM-DD")
			}
			*d.to = &t
		}
	}
	for _, n := range []struct {
		name string
		to   *int
	}{{"page", &q.Page}, {"size", &q.Size}} {
		if s := v.Get(n.name); s != "" {
			i, err := strconv.Atoi(s)
			if err != nil || i < 1 || i > 1000 {
				return q, errors.New(n.name + ": want a number from 1 to 1000")
			}
			*n.to = i
		}
	}
	return q, nil
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}
