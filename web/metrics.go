package web

import (
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gorilla/mux"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics are the web layer's Prometheus metrics: requests and their
// latency by route template and status, and search latency by kind of
// query. NewMetrics registers them with a registry the caller owns, and
// /metrics serves that whole registry, so whatever else the caller
// registers there (index, archive and crawl metrics, Go runtime) is
// scraped along.
type Metrics struct {
	gatherer prometheus.Gatherer
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
	searches *prometheus.HistogramVec
}

// latencyBuckets are the histogram buckets, in seconds, of request and
// search latency: a search of a small index takes about a millisecond, a
// timed-out one several seconds.
var latencyBuckets = []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10}

// NewMetrics creates the web layer's metrics in reg.
func NewMetrics(reg *prometheus.Registry) (*Metrics, error) {
	m := &Metrics{
		gatherer: reg,
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "gazette_http_requests_total",
			Help: "HTTP requests answered, by route template (\"unmatched\" for unknown paths), method and status code.",
		}, []string{"route", "method", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "gazette_http_request_duration_seconds",
			Help:    "Time to answer an HTTP request, by route template, method and status code.",
			Buckets: latencyBuckets,
		}, []string{"route", "method", "code"}),
		searches: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "gazette_search_duration_seconds",
			Help:    "Time the search index takes to answer a search (API, UI, feeds, place counts), by kind of query: browse (no query), terms, phrase or syntax (fields, +must/-not, wildcards, fuzzy).",
			Buckets: latencyBuckets,
		}, []string{"kind"}),
	}
	for _, c := range []prometheus.Collector{m.requests, m.duration, m.searches} {
		if err := reg.Register(c); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// metricsHandler serves the registry in the Prometheus text format (or
// OpenMetrics, when the scraper asks for it).
func (s *server) metricsHandler() http.Handler {
	return promhttp.HandlerFor(s.metrics.gatherer, promhttp.HandlerOpts{
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelError),
		EnableOpenMetrics: true,
	})
}

// unmatchedRoute is the route label of requests no route matched (404 and
// 405 answers), which keeps the label's values bounded whatever paths
// clients try.
const unmatchedRoute = "unmatched"

// instrument counts every request and times it, labelled with the
// template of the route it matched (such as /articles/{id}), never the
// raw path, so the number of series stays bounded.
func (s *server) instrument(router *mux.Router, next http.Handler) http.Handler {
	if s.metrics == nil {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		route := routeOf(router, r)
		rec := &statusRecorder{ResponseWriter: w}
		next.ServeHTTP(rec, r)
		status := rec.status
		if status == 0 {
			status = http.StatusOK
		}
		labels := prometheus.Labels{"route": route, "method": methodLabel(r.Method), "code": strconv.Itoa(status)}
		s.metrics.requests.With(labels).Inc()
		s.metrics.duration.With(labels).Observe(time.Since(start).Seconds())
	})
}

// routeOf returns the template of the route r matches.
func routeOf(router *mux.Router, r *http.Request) string {
	if strings.HasPrefix(r.URL.Path, "/archive/") {
		return archiveRoute
	}
	var m mux.RouteMatch
	if router != nil && router.Match(r, &m) && m.Route != nil {
		if t, err := m.Route.GetPathTemplate(); err == nil {
			return t
		}
	}
	return unmatchedRoute
}

// methodLabel keeps the method label to the methods HTTP defines.
func methodLabel(m string) string {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch,
		http.MethodDelete, http.MethodOptions, http.MethodConnect, http.MethodTrace:
		return m
	}
	return "other"
}

// ObserveSearch records one search of the index: pass it to
// search.Index.ObserveSearches. Timing searches in the index itself (not
// by wrapping the Searcher) leaves the index's optional interfaces
// (Modified, SuggestTitles) visible to the handlers.
func (m *Metrics) ObserveSearch(kind string, took time.Duration) {
	m.searches.WithLabelValues(kind).Observe(took.Seconds())
}
