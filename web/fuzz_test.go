package web

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
)

// FuzzAPISearch feeds arbitrary query strings to the search API over a real
// index: the answer must always be 200 or 400 JSON, never a panic or 500.
// `go test` runs the seeds; `go test -fuzz FuzzAPISearch` explores further.
func FuzzAPISearch(f *testing.F) {
	for _, seed := range []string{
		"q=bridge", `q="unclosed`, "q=(a", "q=a)", "q=+-", "q=title:", "q=*", "q=~", "q=a^", "q=/re[/",
		"q=%00", "page=0", "size=100&page=1000", "from=2022-02-29", "to=9999-12-31", "place=&place=%FF",
		"sort=", "q=field:value", "q=Ізюм", `q=\`, "q=a&q=b", "lang=" + "%E2%80%8F",
	} {
		f.Add(seed)
	}
	h := New(Config{Search: openIndex(f)})
	f.Fuzz(func(t *testing.T, rawQuery string) {
		req := httptest.NewRequest(http.MethodGet, "/api/v1/search", nil)
		req.URL.RawQuery = rawQuery
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != 200 && rec.Code != 400 {
			t.Fatalf("query %q: status %d: %s", rawQuery, rec.Code, rec.Body)
		}
		if !json.Valid(rec.Body.Bytes()) {
			t.Fatalf("query %q: invalid JSON %s", rawQuery, rec.Body)
		}
	})
}
