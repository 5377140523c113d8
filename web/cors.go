package web

import (
	"net/http"
	"slices"
	"strings"
)

// Cross-origin reads (CORS) let a web page on another origin, such as a
// notebook or a dashboard, call the read-only API from the browser. They
// are off unless Config.CORSOrigins names the origins allowed, and never
// apply to the admin endpoints: those answer a cross-origin request, and
// its preflight, without CORS headers, so the browser withholds the answer.
// No credentials are ever allowed: the API has no cookies to send.

// corsPaths are the read-only endpoints other origins may read, by exact
// path; corsPrefixes, by prefix.
var (
	corsPaths = []string{
		"/api/v1/search", "/api/v1/captures", "/api/v1/places", "/api/v1/suggest",
		"/api/v1/export", "/api/v1/openapi.json",
		"/feed.atom", "/feed.json", "/opensearch.xml",
	}
	corsPrefixes = []string{"/api/v1/articles/", "/api/v1/places/"}
)

// corsRequestHeaders are the request headers a preflight may ask for: the
// conditional GET validators and content negotiation.
var corsRequestHeaders = []string{"accept", "accept-language", "content-language", "if-none-match", "if-modified-since", "cache-control"}

// corsExposedHeaders are the response headers a page on another origin may read.
const corsExposedHeaders = "ETag, Last-Modified, Content-Disposition, " +
	headerExportTotal + ", " + headerExportLimit + ", " + headerExportTruncated

// corsMaxAge is how long, in seconds, a browser may reuse a preflight answer.
const corsMaxAge = "600"

// corsReadable reports whether path is a read-only endpoint that other
// origins may read.
func corsReadable(path string) bool {
	if slices.Contains(corsPaths, path) {
		return true
	}
	for _, p := range corsPrefixes {
		if strings.HasPrefix(path, p) && len(path) > len(p) {
			return true
		}
	}
	return false
}

// cors answers preflight requests and adds the CORS headers to GET and
// HEAD responses of the read-only endpoints, for the allowed origins.
func (s *server) cors(next http.Handler) http.Handler {
	if len(s.corsOrigins) == 0 {
		return next
	}
	anyOrigin := slices.Contains(s.corsOrigins, "*")
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !corsReadable(r.URL.Path) {
			next.ServeHTTP(w, r)
			return
		}
		h := w.Header()
		h.Add("Vary", "Origin")
		origin := r.Header.Get("Origin")
		allowed := origin != "" && (anyOrigin || slices.Contains(s.corsOrigins, strings.ToLower(origin)))
		allowOrigin := origin
		if anyOrigin {
			allowOrigin = "*"
		}

		if r.Method == http.MethodOptions && r.Header.Get("Access-Control-Request-Method") != "" {
			h.Add("Vary", "Access-Control-Request-Method")
			h.Add("Vary", "Access-Control-Request-Headers")
			method := r.Header.Get("Access-Control-Request-Method")
			headers, headersOK := corsHeaders(r.Header.Values("Access-Control-Request-Headers"))
			if allowed && (method == http.MethodGet || method == http.MethodHead) && headersOK {
				h.Set("Access-Control-Allow-Origin", allowOrigin)
				h.Set("Access-Control-Allow-Methods", "GET, HEAD")
				if len(headers) > 0 {
					h.Set("Access-Control-Allow-Headers", strings.Join(headers, ", "))
				}
				h.Set("Access-Control-Max-Age", corsMaxAge)
			}
			// Without the headers above, the browser refuses the
			// cross-origin request; the preflight itself succeeds.
			w.WriteHeader(http.StatusNoContent)
			return
		}
		if allowed && (r.Method == http.MethodGet || r.Method == http.MethodHead) {
			h.Set("Access-Control-Allow-Origin", allowOrigin)
			h.Set("Access-Control-Expose-Headers", corsExposedHeaders)
		}
		next.ServeHTTP(w, r)
	})
}

// corsHeaders lower-cases the headers a preflight asks for and reports
// whether all of them may be sent.
func corsHeaders(values []string) ([]string, bool) {
	var out []string
	for _, v := range values {
		for _, name := range strings.Split(v, ",") {
			name = strings.ToLower(strings.TrimSpace(name))
			if name == "" {
				continue
			}
			if !slices.Contains(corsRequestHeaders, name) {
				return nil, false
			}
			out = append(out, name)
		}
	}
	return out, true
}

// CheckCORSOrigin accepts "*" or a bare origin, "https://notebook.example"
// or "http://127.0.0.1:8888", as browsers send it in the Origin header. It
// returns the origin as it is compared: lower-case, without a trailing
// slash.
func CheckCORSOrigin(s string) (string, error) {
	if s == "*" {
		return s, nil
	}
	o := strings.ToLower(strings.TrimSuffix(strings.TrimSpace(s), "/"))
	scheme, host, ok := strings.Cut(o, "://")
	if !ok || (scheme != "http" && scheme != "https") || host == "" || strings.ContainsAny(host, "/?#@ ,;'\"*") {
		return "", &corsOriginError{s}
	}
	return o, nil
}

type corsOriginError struct{ origin string }

func (e *corsOriginError) Error() string {
	return "\"" + e.origin + "\" is not an origin: want * or http(s)://HOST[:PORT] with no path"
}
