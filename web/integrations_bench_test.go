package web

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
)

// BenchmarkIntegrations measures what pollers and downloaders cost on an
// index of the fixtures and 250 more articles: a feed poll answered in
// full and one answered 304, and a CSV and JSON Lines export of 253 hits.
func BenchmarkIntegrations(b *testing.B) {
	ix := openIndex(b)
	if err := ix.Put(manyDocs(250)...); err != nil {
		b.Fatal(err)
	}
	h := New(Config{Search: ix, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	serve := func(b *testing.B, url string, header http.Header, want int) {
		b.Helper()
		for b.Loop() {
			req := httptest.NewRequest(http.MethodGet, url, nil)
			for k, v := range header {
				req.Header[k] = v
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != want {
				b.Fatalf("%s: status %d, want %d", url, rec.Code, want)
			}
		}
	}
	const feed = "/feed.atom?place=706483"
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, feed, nil))
	etag := rec.Header().Get("ETag")

	b.Run("feed", func(b *testing.B) { serve(b, feed, nil, http.StatusOK) })
	b.Run("feed-304", func(b *testing.B) { serve(b, feed, http.Header{"If-None-Match": {etag}}, http.StatusNotModified) })
	b.Run("export-csv-253", func(b *testing.B) { serve(b, "/api/v1/export?format=csv&place=706483", nil, http.StatusOK) })
	b.Run("export-jsonl-253", func(b *testing.B) { serve(b, "/api/v1/export?format=jsonl&place=706483", nil, http.StatusOK) })
}
