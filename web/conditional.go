package web

import (
	"net/http"
	"strings"
	"time"
)

// Conditional GET: a response that carries validators (ETag and
// Last-Modified) is answered with 304 Not Modified when the caller sends
// them back unchanged, as RFC 9110 section 13 describes for GET and HEAD.

// setValidators sets the ETag and Last-Modified headers.
func setValidators(w http.ResponseWriter, etag string, modified time.Time) {
	w.Header().Set("ETag", etag)
	w.Header().Set("Last-Modified", modified.UTC().Format(http.TimeFormat))
}

// notModified reports whether the caller's copy is current: If-None-Match
// names etag (weakly compared), or, only when there is no If-None-Match,
// If-Modified-Since is not before modified (to the second, the precision
// of HTTP dates).
func notModified(r *http.Request, etag string, modified time.Time) bool {
	if inm := r.Header.Get("If-None-Match"); inm != "" {
		return etagListMatches(inm, etag)
	}
	ims := r.Header.Get("If-Modified-Since")
	if ims == "" {
		return false
	}
	since, err := http.ParseTime(ims)
	if err != nil {
		return false
	}
	return !modified.Truncate(time.Second).After(since)
}

// etagListMatches reports whether an If-None-Match list ("*" or
// comma-separated entity tags) matches etag by weak comparison.
func etagListMatches(list, etag string) bool {
	want := strings.TrimPrefix(etag, "W/")
	for _, t := range strings.Split(list, ",") {
		t = strings.TrimSpace(t)
		if t == "*" || strings.TrimPrefix(t, "W/") == want {
			return true
		}
	}
	return false
}
