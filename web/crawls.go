package web

import (
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gorilla/mux"
)

// Crawler starts and reports crawls for the crawl API. The command that
// wires the server implements it on top of the crawler; web only checks
// the caller's request and token.
type Crawler interface {
	// StartCrawl starts a crawl in the background. It returns ErrCrawlBusy
	// when the same crawl (same seeds and scope) is already running, and a
	// *CrawlRequestError for a request the crawler refuses.
	StartCrawl(req CrawlRequest) (CrawlStatus, error)
	// Crawls lists the crawls started since the server started, newest first.
	Crawls() []CrawlStatus
	// Crawl reports one crawl.
	Crawl(id string) (CrawlStatus, bool)
}

// ErrCrawlBusy is returned by Crawler.StartCrawl when the same crawl runs already.
var ErrCrawlBusy = errors.New("the same crawl is already running")

// CrawlRequestError is a crawl request the crawler refuses (400).
type CrawlRequestError struct{ Msg string }

func (e *CrawlRequestError) Error() string { return e.Msg }

// CrawlRequest is the JSON body of POST /api/v1/crawls, with the options of
// `gazette crawl`.
type CrawlRequest struct {
	Seeds    []string `json:"seeds"`     // pages, sitemaps or feeds; http(s) URLs
	Depth    *int     `json:"depth"`     // links followed from a seed; default 2
	MaxPages int      `json:"max_pages"` // 0: no limit
	Scope    string   `json:"scope"`     // host (default), domain or prefix
	Recrawl  bool     `json:"recrawl"`   // fetch archived URLs again, conditionally
}

// CrawlStatus reports one crawl.
type CrawlStatus struct {
	ID       string     `json:"id"`
	Seeds    []string   `json:"seeds"`
	Depth    int        `json:"depth"`
	MaxPages int        `json:"max_pages"`
	Scope    string     `json:"scope"`
	Recrawl  bool       `json:"recrawl"`
	State    string     `json:"state"` // "running", "finished", "stopped" or "failed" (Error says why; also when nothing could be fetched)
	Started  time.Time  `json:"started"`
	Finished *time.Time `json:"finished"`
	Error    string     `json:"error,omitempty"`
	Stats    CrawlStats `json:"stats"`
}

// CrawlStats are a crawl's counters, as on `gazette crawl`'s progress line.
type CrawlStats struct {
	Fetched           int     `json:"fetched"`
	Queued            int     `json:"queued"`
	Archived          int     `json:"archived"`
	Indexed           int     `json:"indexed"`
	Listings          int     `json:"listings"`
	FromArchive       int     `json:"from_archive"`
	Unchanged         int     `json:"unchanged"`
	Blocked           int     `json:"blocked"`            // disallowed by robots.txt
	RobotsUnreachable int     `json:"robots_unreachable"` // not fetched: their host's robots.txt could not be fetched (kept queued)
	Refused           int     `json:"refused"`            // not fetched: their host's address is not public (kept queued)
	Errors            int     `json:"errors"`
	PagesPerSecond    float64 `json:"pages_per_second"`
	ElapsedSeconds    float64 `json:"elapsed_seconds"`
}

// Limits on what one API crawl may ask for.
const (
	maxCrawlSeeds = 100
	maxCrawlDepth = 10
)

// requireAdmin lets a request through only with the admin token in an
// "Authorization: Bearer TOKEN" header. Without a configured token, or
// when the server was built without what the endpoint needs (enabled
// false), the endpoint is disabled altogether.
func (s *server) requireAdmin(enabled bool, next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if s.adminToken == "" || !enabled {
			s.writeJSONError(w, r, http.StatusForbidden, codeForbidden,
				"this endpoint is disabled: start the server with an admin token (--admin-token-file or GAZETTE_ADMIN_TOKEN)")
			return
		}
		token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok || !s.isAdminToken(token) {
			w.Header().Set("WWW-Authenticate", `Bearer realm="gazette"`)
			s.writeJSONError(w, r, http.StatusUnauthorized, codeUnauthorized, "this endpoint needs the admin token in an \"Authorization: Bearer TOKEN\" header")
			return
		}
		next(w, r)
	}
}

// isAdminToken reports whether token (spaces around it ignored) is the
// admin token, in constant time.
func (s *server) isAdminToken(token string) bool {
	token = strings.TrimSpace(token)
	return token != "" && subtle.ConstantTimeCompare([]byte(token), []byte(s.adminToken)) == 1
}

// apiStartCrawl handles POST /api/v1/crawls.
func (s *server) apiStartCrawl(w http.ResponseWriter, r *http.Request) {
	req, err := decodeCrawlRequest(http.MaxBytesReader(w, r.Body, s.limits.MaxBodyBytes))
	if status, code, msg, ok := bodyError(err); ok {
		s.writeJSONError(w, r, status, code, msg)
		return
	}
	if err != nil {
		s.writeJSONError(w, r, http.StatusBadRequest, codeBadRequest, err.Error())
		return
	}
	st, err := s.crawler.StartCrawl(req)
	var re *CrawlRequestError
	switch {
	case errors.As(err, &re):
		s.writeJSONError(w, r, http.StatusBadRequest, codeBadRequest, re.Msg)
	case errors.Is(err, ErrCrawlBusy):
		s.writeJSONError(w, r, http.StatusConflict, codeConflict, err.Error())
	case err != nil:
		s.apiError(w, r, err)
	default:
		w.Header().Set("Location", "/api/v1/crawls/"+st.ID)
		s.writeJSON(w, r, http.StatusAccepted, st)
	}
}

// apiCrawls handles GET /api/v1/crawls.
func (s *server) apiCrawls(w http.ResponseWriter, r *http.Request) {
	list := s.crawler.Crawls()
	if list == nil {
		list = []CrawlStatus{}
	}
	s.writeJSON(w, r, http.StatusOK, map[string]any{"crawls": list})
}

// apiCrawl handles GET /api/v1/crawls/{id}.
func (s *server) apiCrawl(w http.ResponseWriter, r *http.Request) {
	st, ok := s.crawler.Crawl(mux.Vars(r)["id"])
	if !ok {
		s.writeJSONError(w, r, http.StatusNotFound, codeNotFound, "no crawl with this id")
		return
	}
	s.writeJSON(w, r, http.StatusOK, st)
}

// decodeCrawlRequest reads and checks a crawl request body.
func decodeCrawlRequest(body io.Reader) (CrawlRequest, error) {
	var req CrawlRequest
	dec := json.NewDecoder(body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		return req, fmt.Errorf("the body must be a JSON object such as {\"seeds\":[\"https://news.example/\"]}: %w", err)
	}
	if len(req.Seeds) == 0 {
		return req, errors.New("seeds: at least one URL is needed")
	}
	if len(req.Seeds) > maxCrawlSeeds {
		return req, fmt.Errorf("seeds: at most %d URLs", maxCrawlSeeds)
	}
	for _, s := range req.Seeds {
		u, err := url.Parse(s)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return req, fmt.Errorf("seeds: %q is not an absolute http or https URL", s)
		}
	}
	if req.Depth == nil {
		d := 2
		req.Depth = &d
	}
	if *req.Depth < 0 || *req.Depth > maxCrawlDepth {
		return req, fmt.Errorf("depth: must be between 0 and %d", maxCrawlDepth)
	}
	if req.MaxPages < 0 {
		return req, errors.New("max_pages: cannot be negative")
	}
	switch req.Scope {
	case "", "host", "domain", "prefix":
	default:
		return req, fmt.Errorf("scope: %q is not host, domain or prefix", req.Scope)
	}
	return req, nil
}
