package web

import (
	"bytes"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

// scrape fetches a /metrics URL and parses it with the Prometheus text
// parser, as a Prometheus server would.
func scrape(t *testing.T, metricsURL string) map[string]*dto.MetricFamily {
	t.Helper()
	res := get(t, metricsURL)
	if res.Status != 200 {
		t.Fatalf("GET %s: status %d: %s", metricsURL, res.Status, res.Body)
	}
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") {
		t.Fatalf("GET %s: Content-Type %q, want the text format", metricsURL, ct)
	}
	p := expfmt.NewTextParser(model.UTF8Validation)
	mfs, err := p.TextToMetricFamilies(bytes.NewReader(res.Body))
	if err != nil {
		t.Fatalf("parsing %s: %v\n%s", metricsURL, err, res.Body)
	}
	return mfs
}

// sample finds the metric of family name with exactly the given labels
// (every label of the metric must be listed); nil when there is none.
func sample(mfs map[string]*dto.MetricFamily, name string, labels map[string]string) *dto.Metric {
	mf := mfs[name]
	if mf == nil {
		return nil
	}
next:
	for _, m := range mf.GetMetric() {
		if len(m.GetLabel()) != len(labels) {
			continue
		}
		for _, lp := range m.GetLabel() {
			if labels[lp.GetName()] != lp.GetValue() {
				continue next
			}
		}
		return m
	}
	return nil
}

// counter is the value of a counter, 0 when the series does not exist yet.
func counter(mfs map[string]*dto.MetricFamily, name string, labels map[string]string) float64 {
	return sample(mfs, name, labels).GetCounter().GetValue()
}

// histCount is the number of observations of a histogram series.
func histCount(mfs map[string]*dto.MetricFamily, name string, labels map[string]string) uint64 {
	return sample(mfs, name, labels).GetHistogram().GetSampleCount()
}

func newMetrics(t *testing.T) *Metrics {
	t.Helper()
	m, err := NewMetrics(prometheus.NewRegistry())
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestMetricsMoveAfterRequests scrapes /metrics before and after a few
// requests and checks that exactly those requests were counted, labelled
// by route template (never the raw path) and status, and that the searches
// were timed by kind.
func TestMetricsMoveAfterRequests(t *testing.T) {
	m := newMetrics(t)
	ix := openIndex(t)
	ix.ObserveSearches(m.ObserveSearch)
	srv := newTestServer(t, Config{Search: ix, Metrics: m})
	before := scrape(t, srv.URL+"/metrics")

	get(t, srv.URL+"/api/v1/search?q=Izium")
	get(t, srv.URL+"/api/v1/search?q="+url.QueryEscape(`"Izium"`))
	get(t, srv.URL+"/api/v1/search?sort=sideways") // 400
	get(t, srv.URL+"/articles/no-such-article")    // 404 on a known route
	get(t, srv.URL+"/wp-login.php")                // 404, no route
	get(t, srv.URL+"/api/v1/search?q=title:Izium") // syntax
	do(t, "DELETE", srv.URL+"/api/v1/search?q=x")  // 405

	after := scrape(t, srv.URL+"/metrics")
	type series = map[string]string
	requests := []struct {
		labels series
		delta  float64
	}{
		{series{"route": "/api/v1/search", "method": "GET", "code": "200"}, 3},
		{series{"route": "/api/v1/search", "method": "GET", "code": "400"}, 1},
		{series{"route": "/articles/{id}", "method": "GET", "code": "404"}, 1},
		{series{"route": "unmatched", "method": "GET", "code": "404"}, 1},
		{series{"route": "unmatched", "method": "DELETE", "code": "405"}, 1},
	}
	for _, r := range requests {
		d := counter(after, "gazette_http_requests_total", r.labels) - counter(before, "gazette_http_requests_total", r.labels)
		if d != r.delta {
			t.Errorf("gazette_http_requests_total%v moved by %v, want %v", r.labels, d, r.delta)
		}
		if c := histCount(after, "gazette_http_request_duration_seconds", r.labels) - histCount(before, "gazette_http_request_duration_seconds", r.labels); float64(c) != r.delta {
			t.Errorf("gazette_http_request_duration_seconds%v has %d new observations, want %v", r.labels, c, r.delta)
		}
	}
	for kind, want := range map[string]uint64{"terms": 1, "phrase": 1, "syntax": 1} {
		l := series{"kind": kind}
		if d := histCount(after, "gazette_search_duration_seconds", l) - histCount(before, "gazette_search_duration_seconds", l); d != want {
			t.Errorf("gazette_search_duration_seconds{kind=%q} has %d new observations, want %d", kind, d, want)
		}
	}
	// Raw paths never become label values.
	for _, m := range after["gazette_http_requests_total"].GetMetric() {
		for _, lp := range m.GetLabel() {
			if v := lp.GetValue(); strings.Contains(v, "no-such-article") || strings.Contains(v, "wp-login") {
				t.Errorf("raw path in label %s=%q", lp.GetName(), v)
			}
		}
	}
}

// TestSeparateAdmin: with an admin listener, the public handler has no
// /metrics and no admin API, and the admin handler has both.
func TestSeparateAdmin(t *testing.T) {
	cfg := Config{Search: openIndex(t), Metrics: newMetrics(t), SeparateAdmin: true, AdminToken: "secret", Crawler: &fakeCrawler{}}
	public := newTestServer(t, cfg)
	admin := httptest.NewServer(NewAdmin(cfg))
	t.Cleanup(admin.Close)

	tests := []struct {
		base, path string
		want       int
	}{
		{public.URL, "/metrics", 404},
		{public.URL, "/api/v1/crawls", 404},
		{public.URL, "/api/v1/crawls/abc", 404},
		{public.URL, "/api/v1/search", 200},
		{public.URL, "/healthz", 200},
		{public.URL, "/readyz", 200},
		{admin.URL, "/metrics", 200},
		{admin.URL, "/api/v1/crawls", 401}, // still needs the token
		{admin.URL, "/healthz", 200},
		{admin.URL, "/readyz", 200},
		{admin.URL, "/api/v1/search", 404}, // the public API stays public
		{admin.URL, "/", 404},
	}
	for _, tt := range tests {
		if res := get(t, tt.base+tt.path); res.Status != tt.want {
			name := "public"
			if tt.base == admin.URL {
				name = "admin"
			}
			t.Errorf("%s GET %s: status %d, want %d", name, tt.path, res.Status, tt.want)
		}
	}
	// Requests to both listeners land in the one registry.
	mfs := scrape(t, admin.URL+"/metrics")
	if c := counter(mfs, "gazette_http_requests_total", map[string]string{"route": "/api/v1/search", "method": "GET", "code": "200"}); c != 1 {
		t.Errorf("public searches counted on the admin scrape: %v, want 1", c)
	}
}

// TestNoMetrics: without Config.Metrics there is no /metrics.
func TestNoMetrics(t *testing.T) {
	srv := newTestServer(t, Config{})
	if res := get(t, srv.URL+"/metrics"); res.Status != 404 {
		t.Errorf("GET /metrics without metrics: status %d, want 404", res.Status)
	}
}
