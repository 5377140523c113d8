package search

import (
	"strings"
	"time"
)

// SearchObserver is told the kind of each search (see QueryKind) and how
// long the index took to answer it, for metrics.
type SearchObserver func(kind string, took time.Duration)

// ObserveSearches makes the index report every search to fn (nil: to no
// one). Set it before the index serves searches; it is safe to call while
// it does.
func (ix *Index) ObserveSearches(fn SearchObserver) {
	if fn == nil {
		ix.observer.Store(nil)
		return
	}
	ix.observer.Store(&fn)
}

// observe reports a search that started at start.
func (ix *Index) observe(r Request, start time.Time) {
	if fn := ix.observer.Load(); fn != nil {
		(*fn)(QueryKind(r.Query), time.Since(start))
	}
}

// QueryKind sorts a query into a few kinds whose costs differ: "browse"
// (no query: newest first over everything), "terms" (plain words),
// "phrase" ("quoted words") and "syntax" (AND/OR/NOT, brackets,
// field:value, place:, near:, +must, -not, wildcards, fuzzy, proximity or
// boosted terms).
func QueryKind(q string) string {
	q = strings.TrimSpace(q)
	if q == "" {
		return "browse"
	}
	for _, tok := range strings.Fields(q) {
		if tok == "AND" || tok == "OR" || tok == "NOT" ||
			strings.HasPrefix(tok, "+") || strings.HasPrefix(tok, "-") || strings.ContainsAny(tok, ":*?~^()") {
			return "syntax"
		}
	}
	if strings.Contains(q, `"`) {
		return "phrase"
	}
	return "terms"
}
