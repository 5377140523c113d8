package web

import (
	"bytes"
	_ "embed"
	"net/http"
	"time"
)

// openAPIDocument is the OpenAPI 3.1 description of every path the server
// answers, API or not. It is written by hand and kept true by tests: one
// walks the router and fails on a route missing from it (or documented
// but gone), another sends real requests for every operation and
// validates the answers against it with kin-openapi.
//
//go:embed openapi.json
var openAPIDocument []byte

// apiOpenAPI serves GET /api/v1/openapi.json.
func (s *server) apiOpenAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=300")
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(openAPIDocument))
}
