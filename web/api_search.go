package web

import (
	"net/http"
	"sync"

	"github.com/gazette-news/gazette/search"
)

// apiSearch answers GET /api/v1/search with the search.Result as JSON.
func (s *server) apiSearch(w http.ResponseWriter, r *http.Request) {
	req, err := s.searchRequest(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	res, err := s.search.Search(r.Context(), req)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	buf := s.searchBodies.get()
	body, err := appendResult((*buf)[:0], normalizeResult(res))
	s.writeJSONBody(w, r, http.StatusOK, body, err)
	if err == nil {
		*buf = body // grown, perhaps
	}
	s.searchBodies.put(buf)
}

// bodyPool holds the buffers the search API's answers are written into
// (some 30 KB each, ten hits and the facets), each reused once its answer
// is written: the response writer copies what it is given.
type bodyPool struct{ p sync.Pool }

// maxPooledBody is the largest buffer kept for reuse (a page of 100 hits
// with every facet fits).
const maxPooledBody = 1 << 20

func (bp *bodyPool) get() *[]byte {
	if b, ok := bp.p.Get().(*[]byte); ok {
		return b
	}
	b := make([]byte, 0, 32<<10)
	return &b
}

func (bp *bodyPool) put(b *[]byte) {
	if cap(*b) <= maxPooledBody {
		bp.p.Put(b)
	}
}

// normalizeResult replaces nil slices with empty ones so the JSON always
// has [] and never null, whatever the searcher returned.
func normalizeResult(res *search.Result) *search.Result {
	if res == nil {
		res = &search.Result{}
	}
	out := *res
	out.Hits = make([]search.Hit, len(res.Hits))
	for i, h := range res.Hits {
		h.Places = nonNil(h.Places)
		out.Hits[i] = h
	}
	out.Facets.Places = nonNil(res.Facets.Places)
	out.Facets.PlaceLevels.Countries = nonNil(res.Facets.PlaceLevels.Countries)
	out.Facets.PlaceLevels.Regions = nonNil(res.Facets.PlaceLevels.Regions)
	out.Facets.PlaceLevels.Cities = nonNil(res.Facets.PlaceLevels.Cities)
	out.Facets.PlaceLevels.Other = nonNil(res.Facets.PlaceLevels.Other)
	out.Facets.Timeline.Buckets = nonNil(res.Facets.Timeline.Buckets)
	if out.Facets.Timeline.Interval == "" {
		out.Facets.Timeline.Interval = search.IntervalMonth
	}
	out.Facets.Dates = nonNil(res.Facets.Dates)
	out.Facets.Langs = nonNil(res.Facets.Langs)
	out.Facets.Sites = nonNil(res.Facets.Sites)
	return &out
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
