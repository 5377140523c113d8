// Package web serves Gazette over HTTP: a JSON API under /api/v1/ for tools
// and a server-rendered HTML interface for people.
//
// It is the only package that knows about HTTP. It talks to the search index
// through the small Searcher interface so it never sees Bleve, and it works
// without JavaScript: every filter, sort order and page lives in the URL, so
// any view can be bookmarked or shared.
package web

import (
	"context"
	"html/template"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/gazette-news/gazette/buildinfo"
	"github.com/gazette-news/gazette/search"
	"github.com/gorilla/mux"
)

// Searcher is the part of the search index the web layer needs.
// *search.Index satisfies it.
type Searcher interface {
	Search(ctx context.Context, r search.Request) (*search.Result, error)
	Get(id string) (search.Doc, error)
}

// CaptureInfo describes one archived capture of a URL.
type CaptureInfo struct {
	URL    string
	Time   time.Time
	Status int    // HTTP status of the archived response
	Digest string // payload digest, "sha1:BASE32"
	MIME   string // media type of the archived response

	// Ref is the archive's own handle on the capture (where its record
	// lives). The web layer never looks inside; it hands Ref back to
	// Config.Load unchanged.
	Ref any
}

// Config is what New needs to build the server.
type Config struct {
	// Search answers queries and fetches articles. Required.
	Search Searcher
	// Captures lists the archive captures of a URL for the article page.
	// Optional: when nil the page says nothing about captures.
	Captures func(url string) ([]CaptureInfo, error)
	// Load reads one capture (as listed by Captures) back from the archive
	// for replay. Optional: when nil, replay answers 404.
	Load func(ctx context.Context, c CaptureInfo) (*ArchivedResponse, error)
	// ReplayOrigin is the scheme and host of the replay server that NewReplay
	// serves on its own listener, such as "http://127.0.0.1:8081". The main
	// UI frames archived pages from there. Optional: when empty, the UI
	// lists captures but offers no replay.
	ReplayOrigin string
	// Logger receives request and error logs. Optional: nil discards logs.
	Logger *slog.Logger
	// Credits is extra attribution text shown in the footer beside the
	// GeoNames credit, which is always shown.
	Credits string
	// Places answers the place API (/api/v1/places). Optional: when nil
	// those endpoints answer 404.
	Places Gazetteer
	// Crawler runs crawls for the crawl API (/api/v1/crawls), which needs
	// AdminToken. Optional: when nil or without a token, those endpoints
	// answer 403.
	Crawler Crawler
	// AdminToken guards the API's write endpoints; callers send it as
	// "Authorization: Bearer TOKEN".
	AdminToken string
	// Version is the build shown in the footer and by /healthz.
	Version buildinfo.Info
	// Ready are the checks of /readyz. Optional: without any, a server
	// that answers is ready.
	Ready []ReadyCheck
	// Metrics, from NewMetrics, counts requests and searches and is served
	// at /metrics. Optional: when nil nothing is measured and /metrics is
	// 404.
	Metrics *Metrics
	// SeparateAdmin leaves /metrics and the admin API out of New's
	// handler: NewAdmin serves them on a listener of their own (serve
	// --admin-addr), so they need not be public.
	SeparateAdmin bool
	// ExportLimit is the most articles one export (CSV, JSON Lines, WACZ)
	// holds; 0 or more than 10,000 (as deep as the index pages) means 10,000.
	ExportLimit int
	// ExportWACZ writes the WACZ of a search for the admin (POST
	// /api/v1/export/wacz, also offered on the results page). Optional:
	// when nil or without AdminToken, that endpoint answers 403.
	ExportWACZ WACZExporter
	// Backup writes a backup of the data directory for the admin (POST
	// /api/v1/backup). Optional: when nil or without AdminToken, that
	// endpoint answers 403.
	Backup BackupWriter
	// Limits bounds the cost of each request; zero fields take their
	// defaults. Serve the handler with NewHTTPServer and the same Limits.
	Limits Limits
	// CORSOrigins are the origins ("https://notebook.example", or "*" for
	// any) whose pages may read the read-only API, feeds and OpenSearch
	// description from the browser (see cors.go). Empty: none.
	CORSOrigins []string
}

// server holds everything the handlers share. It is built once by New and
// never mutated afterwards, so handlers may run concurrently.
type server struct {
	search     Searcher
	captures   func(url string) ([]CaptureInfo, error)
	load       func(ctx context.Context, c CaptureInfo) (*ArchivedResponse, error)
	replay     string // Config.ReplayOrigin without a trailing slash
	log        *slog.Logger
	credits    string
	places     Gazetteer
	crawler    Crawler
	adminToken string
	version    buildinfo.Info
	ready      []ReadyCheck
	metrics    *Metrics
	// separateAdmin: the admin routes are on NewAdmin's listener only.
	separateAdmin bool
	pages         *pages
	apiPage       *apiDocsPage // the /api page's data, read from openAPIDocument

	exportLimit int // Config.ExportLimit within 1..maxExportLimit
	exportWACZ  WACZExporter
	waczSlot    chan struct{} // holds a token while a WACZ export runs
	backup      BackupWriter
	backupSlot  chan struct{}  // holds a token while a backup runs
	limits      Limits         // with defaults filled in
	limiter     *searchLimiter // search is limiter (New only)
	index       Searcher       // Config.Search itself, for what it offers beyond Searcher
	corsOrigins []string       // lower-case, without a trailing slash
	// searchBodies: buffers of the search API's answers (apiSearch).
	searchBodies bodyPool
}

// New returns the HTTP handler serving the API, the UI and its stylesheet.
// It panics only if the embedded templates are broken, which tests catch.
func New(cfg Config) http.Handler {
	s := newServer(cfg)
	return s.middleware(s.publicRouter())
}

// NewAdmin returns the handler for the admin listener (serve
// --admin-addr): /metrics, the admin API and the health checks, with New
// built from the same cfg with SeparateAdmin set.
func NewAdmin(cfg Config) http.Handler {
	s := newServer(cfg)
	return s.middleware(s.adminRouter())
}

// publicRouter routes the main listener: every public route, and the
// admin routes too unless they have a listener of their own.
func (s *server) publicRouter() *mux.Router {
	r := s.router()
	s.publicRoutes(r)
	if !s.separateAdmin {
		s.adminRoutes(r)
	}
	return r
}

// adminRouter routes the admin listener.
func (s *server) adminRouter() *mux.Router {
	r := s.router()
	s.healthRoutes(r)
	s.adminRoutes(r)
	return r
}

func newServer(cfg Config) *server {
	logger := cfg.Logger
	if logger == nil {
		logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	limits := cfg.Limits.withDefaults()
	limiter := newSearchLimiter(cfg.Search, limits, logger)
	s := &server{
		search:     limiter,
		limiter:    limiter,
		index:      cfg.Search,
		limits:     limits,
		captures:   cfg.Captures,
		load:       cfg.Load,
		replay:     strings.TrimRight(cfg.ReplayOrigin, "/"),
		log:        logger,
		credits:    cfg.Credits,
		places:     cfg.Places,
		crawler:    cfg.Crawler,
		adminToken: cfg.AdminToken,
		version:    cfg.Version,
		ready:      cfg.Ready,
		metrics:    cfg.Metrics,

		separateAdmin: cfg.SeparateAdmin,

		exportLimit: exportLimit(cfg.ExportLimit),
		exportWACZ:  cfg.ExportWACZ,
		waczSlot:    make(chan struct{}, 1),
		backup:      cfg.Backup,
		backupSlot:  make(chan struct{}, 1),
	}
	for _, o := range cfg.CORSOrigins {
		s.corsOrigins = append(s.corsOrigins, strings.ToLower(strings.TrimSuffix(strings.TrimSpace(o), "/")))
	}
	if s.version.Version == "" {
		s.version.Version = buildinfo.Devel
	}
	s.pages = mustParsePages(template.FuncMap{"version": func() buildinfo.Info { return s.version }})
	page, err := newAPIDocsPage(openAPIDocument)
	if err != nil {
		panic(err) // the embedded document is broken, which tests catch
	}
	s.apiPage = page
	return s
}

// router returns a router that answers unknown paths and methods in JSON
// under /api/ and in HTML elsewhere.
func (s *server) router() *mux.Router {
	r := mux.NewRouter()
	r.StrictSlash(false)
	r.NotFoundHandler = http.HandlerFunc(s.notFound)
	r.MethodNotAllowedHandler = s.methodNotAllowed(r)
	return r
}

// publicRoutes wires every public URL to its handler.
func (s *server) publicRoutes(r *mux.Router) {
	r.HandleFunc("/api/v1/search", s.apiSearch).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/api/v1/timeline", s.apiTimeline).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/api/v1/articles/{id}", s.apiArticle).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/api/v1/captures", s.apiCaptures).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/api/v1/places", s.apiPlaces).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/api/v1/places/{id}", s.apiPlace).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/api/v1/suggest", s.apiSuggest).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/api/v1/openapi.json", s.apiOpenAPI).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/api", s.apiDocs).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/api/v1/export", s.apiExport).Methods(http.MethodGet, http.MethodHead)

	r.HandleFunc("/", s.uiSearch).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/articles/{id}", s.uiArticle).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/compare", s.uiCompare).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc(helpPath, s.uiHelp).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/static/{name}", s.static).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/feed.atom", s.feedAtom).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/feed.json", s.feedJSON).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/opensearch.xml", s.openSearch).Methods(http.MethodGet, http.MethodHead)
	s.healthRoutes(r)
}

// healthRoutes are the liveness and readiness checks, on both listeners.
func (s *server) healthRoutes(r *mux.Router) {
	r.HandleFunc("/healthz", s.healthz).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/readyz", s.readyz).Methods(http.MethodGet, http.MethodHead)
}

// adminRoutes are the routes an operator may keep off the public listener
// (Config.SeparateAdmin): metrics and the API's write endpoints.
func (s *server) adminRoutes(r *mux.Router) {
	if s.metrics != nil {
		r.Handle("/metrics", s.metricsHandler()).Methods(http.MethodGet, http.MethodHead)
	}
	r.HandleFunc("/api/v1/export/wacz", s.apiExportWACZ).Methods(http.MethodPost)
	r.HandleFunc("/api/v1/crawls", s.requireAdmin(s.crawler != nil, s.apiStartCrawl)).Methods(http.MethodPost)
	r.HandleFunc("/api/v1/crawls", s.requireAdmin(s.crawler != nil, s.apiCrawls)).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/api/v1/crawls/{id}", s.requireAdmin(s.crawler != nil, s.apiCrawl)).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/api/v1/backup", s.requireAdmin(s.backup != nil, s.apiBackup)).Methods(http.MethodPost)
}

// archiveRoute is the framed replay page, served by archivePaths before
// the router sees the request (see there).
const archiveRoute = "/archive/{timestamp}/{url}"

// middleware wraps the router in the chain every request goes through.
func (s *server) middleware(r *mux.Router) http.Handler {
	var h http.Handler = archivePaths(r, http.HandlerFunc(s.uiReplay))
	h = s.cors(h)
	h = s.recoverPanics(h)
	h = limitHeaders(h, s.limits.MaxHeaderBytes, s.refuse)
	h = securityHeaders(h)
	h = s.instrument(r, h)
	h = s.logRequests(h)
	return h
}
