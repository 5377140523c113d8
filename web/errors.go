package web

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/gazette-news/gazette/search"
	"github.com/gorilla/mux"
)

// Error codes used in JSON error bodies.
const (
	codeBadRequest       = "bad_request"
	codeNotFound         = "not_found"
	codeMethodNotAllowed = "method_not_allowed"
	codeUnauthorized     = "unauthorized"
	codeForbidden        = "forbidden"
	codeConflict         = "conflict"
	codeInternal         = "internal_error"
	codeUnavailable      = "unavailable"
	codeTooLarge         = "too_large"
	codeTimeout          = "timeout"
	codeOverloaded       = "overloaded"
)

// errorBody is the JSON shape of every API error:
// {"error":{"code":"bad_request","message":"..."}}.
type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	// Param names the query parameter at fault, when one is.
	Param string `json:"param,omitempty"`
	// Position is the offending part of the query (q), when the error is
	// about one part of it.
	Position *errorPosition `json:"position,omitempty"`
}

// errorPosition locates the offending part of a query: Start and End are
// character (Unicode code point) offsets into q, End exclusive; Text is
// that part of q.
type errorPosition struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text"`
}

// errorAbout fills in what an error says about its parameter and its
// position in the query q.
func errorAbout(d *errorDetail, err error, q string) {
	var pe *paramError
	var qe *search.QueryError
	switch {
	case errors.As(err, &pe):
		d.Param = pe.Param
	case errors.As(err, &qe):
		d.Param = "q"
		if qr := []rune(q); qe.Positioned() && qe.End <= len(qr) {
			d.Position = &errorPosition{Start: qe.Start, End: qe.End, Text: string(qr[qe.Start:qe.End])}
		}
	}
}

// paramError reports a query parameter the caller got wrong. It always maps
// to 400 Bad Request and its message is safe to show to the caller.
type paramError struct {
	Param string
	Msg   string
}

func (e *paramError) Error() string { return e.Param + ": " + e.Msg }

// isAPI reports whether a request is for the JSON API, which answers errors
// in JSON; everything else gets HTML pages.
func isAPI(r *http.Request) bool {
	return r.URL.Path == "/api" || strings.HasPrefix(r.URL.Path, "/api/")
}

// classify maps an error from parsing or searching to an HTTP status, an
// error code and a message that is safe to show to the caller. Errors that
// are not the caller's fault get a generic message; the details are logged
// by the caller of classify.
func classify(err error) (status int, code, msg string) {
	var pe *paramError
	var qe *search.QueryError
	switch {
	case errors.Is(err, errSearchTimeout):
		return http.StatusServiceUnavailable, codeTimeout,
			"the search took too long and was stopped; try again, or narrow it down"
	case errors.Is(err, errOverloaded):
		return http.StatusServiceUnavailable, codeOverloaded,
			"the server is busy with other searches; try again in a moment"
	case errors.As(err, &pe):
		return http.StatusBadRequest, codeBadRequest, pe.Error()
	case errors.As(err, &qe):
		return http.StatusBadRequest, codeBadRequest, qe.Error()
	case errors.Is(err, search.ErrNotFound):
		return http.StatusNotFound, codeNotFound, "not found"
	default:
		return http.StatusInternalServerError, codeInternal, "internal server error"
	}
}

// writeJSON writes v as a JSON response with the given status.
func (s *server) writeJSON(w http.ResponseWriter, r *http.Request, status int, v any) {
	body, err := json.Marshal(v)
	s.writeJSONBody(w, r, status, body, err)
}

// writeJSONBody writes body, JSON made for the response, with the given
// status; err is the error of making it (a 500 then).
func (s *server) writeJSONBody(w http.ResponseWriter, r *http.Request, status int, body []byte, err error) {
	if err != nil {
		s.log.Error("encoding JSON response", slog.String("path", r.URL.Path), slog.Any("err", err))
		status = http.StatusInternalServerError
		body = []byte(`{"error":{"code":"internal_error","message":"internal server error"}}`)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(body)
		w.Write([]byte("\n"))
	}
}

// writeJSONError writes an API error body.
func (s *server) writeJSONError(w http.ResponseWriter, r *http.Request, status int, code, msg string) {
	s.writeJSON(w, r, status, errorBody{Error: errorDetail{Code: code, Message: msg}})
}

// apiError answers an API request that failed with err, logging server faults.
func (s *server) apiError(w http.ResponseWriter, r *http.Request, err error) {
	status, code, msg := classify(err)
	if status == http.StatusInternalServerError {
		s.logFault(r, err)
	}
	s.setRetryAfter(w, status)
	d := errorDetail{Code: code, Message: msg}
	if status == http.StatusBadRequest {
		q := ""
		if v, err := url.ParseQuery(r.URL.RawQuery); err == nil {
			q = strings.TrimSpace(v.Get("q"))
		}
		errorAbout(&d, err, q)
	}
	s.writeJSON(w, r, status, errorBody{Error: d})
}

// logFault logs an error that is the server's fault, not the caller's.
func (s *server) logFault(r *http.Request, err error) {
	if errors.Is(err, context.Canceled) {
		// The client went away; nothing is wrong with the server.
		s.log.Debug("request canceled", slog.String("path", r.URL.Path), slog.Any("err", err))
		return
	}
	s.log.Error("serving request",
		slog.String("method", r.Method),
		slog.String("path", r.URL.Path),
		slog.Any("err", err))
}

// notFound answers unknown routes: JSON under /api/, an HTML page elsewhere.
func (s *server) notFound(w http.ResponseWriter, r *http.Request) {
	if isAPI(r) {
		s.writeJSONError(w, r, http.StatusNotFound, codeNotFound, "no such API endpoint: "+r.URL.Path)
		return
	}
	s.renderError(w, r, http.StatusNotFound, "Page not found",
		"There is nothing at this address. It may have been mistyped, or the article may no longer be in the archive.")
}

// methodNotAllowed answers a known route called with the wrong method,
// saying in Allow which methods it takes ("GET, HEAD" for pages, "POST"
// for the admin's writes).
func (s *server) methodNotAllowed(router *mux.Router) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.refuseMethod(w, r, allowedMethods(router, r))
	}
}

// refuseMethod answers 405 with the methods the resource takes.
func (s *server) refuseMethod(w http.ResponseWriter, r *http.Request, allowed []string) {
	if len(allowed) == 0 {
		allowed = []string{http.MethodGet, http.MethodHead}
	}
	w.Header().Set("Allow", strings.Join(allowed, ", "))
	if isAPI(r) {
		s.writeJSONError(w, r, http.StatusMethodNotAllowed, codeMethodNotAllowed,
			"method "+r.Method+" is not allowed; use "+strings.Join(allowed, " or "))
		return
	}
	s.renderError(w, r, http.StatusMethodNotAllowed, "Method not allowed",
		"This address does not take "+r.Method+" requests.")
}

// allowedMethods lists the methods of the router's routes whose path
// matches r, in the order the routes declare them.
func allowedMethods(router *mux.Router, r *http.Request) []string {
	var allowed []string
	_ = router.Walk(func(route *mux.Route, _ *mux.Router, _ []*mux.Route) error {
		methods, err := route.GetMethods()
		if err != nil {
			return nil // a route for every method never refuses one
		}
		var m mux.RouteMatch
		if route.Match(r, &m) || errors.Is(m.MatchErr, mux.ErrMethodMismatch) {
			for _, method := range methods {
				if !slices.Contains(allowed, method) {
					allowed = append(allowed, method)
				}
			}
		}
		return nil
	})
	return allowed
}

// serverError answers with a generic 500, in JSON or HTML as appropriate.
func (s *server) serverError(w http.ResponseWriter, r *http.Request) {
	if isAPI(r) {
		s.writeJSONError(w, r, http.StatusInternalServerError, codeInternal, "internal server error")
		return
	}
	s.renderError(w, r, http.StatusInternalServerError, "Something went wrong",
		"The server could not complete this request. Please try again in a moment.")
}

// refuse answers a request the server will not serve as sent (too large,
// too slow): a JSON error under /api/, an error page elsewhere.
func (s *server) refuse(w http.ResponseWriter, r *http.Request, status int, code, msg string) {
	if isAPI(r) {
		s.writeJSONError(w, r, status, code, msg)
		return
	}
	s.renderError(w, r, status, http.StatusText(status), msg+".")
}
