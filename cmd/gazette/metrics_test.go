package main

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/gazette-news/gazette/cmd/gazette/demo"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

// scrapeMetrics fetches /metrics and parses it with the Prometheus text
// parser.
func scrapeMetrics(t *testing.T, url string) map[string]*dto.MetricFamily {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("GET %s: %s", url, resp.Status)
	}
	p := expfmt.NewTextParser(model.UTF8Validation)
	mfs, err := p.TextToMetricFamilies(resp.Body)
	if err != nil {
		t.Fatalf("parsing %s: %v", url, err)
	}
	return mfs
}

// value is the value of the unlabelled gauge or counter name; the test
// fails when it is missing.
func value(t *testing.T, mfs map[string]*dto.MetricFamily, name string) float64 {
	t.Helper()
	mf := mfs[name]
	if mf == nil || len(mf.GetMetric()) != 1 {
		t.Fatalf("metric %s missing", name)
	}
	m := mf.GetMetric()[0]
	if m.Counter != nil {
		return m.GetCounter().GetValue()
	}
	return m.GetGauge().GetValue()
}

// newArticles is the counter of new articles ingested.
func newArticles(t *testing.T, mfs map[string]*dto.MetricFamily) float64 {
	t.Helper()
	for _, m := range mfs["gazette_ingest_articles_total"].GetMetric() {
		if len(m.GetLabel()) == 1 && m.GetLabel()[0].GetValue() == "new" {
			return m.GetCounter().GetValue()
		}
	}
	t.Fatal(`gazette_ingest_articles_total{outcome="new"} missing`)
	return 0
}

// TestServeMetrics runs `gazette serve --demo --admin-addr` and scrapes
// the admin listener: the demo's articles are counted in the index and as
// ingested, the archive has captures and bytes, and a crawl through the
// API moves the crawl and ingest counters. The public listener has neither
// /metrics nor the crawl API.
func TestServeMetrics(t *testing.T) {
	site := newsSite(t, nil)
	srv := startServe(t, "--demo", "--admin-addr", "127.0.0.1:0", "--admin-token", "s3cret", "--allow-private")
	defer srv.stop()
	if srv.admin == "" {
		t.Fatal("serve printed no admin address")
	}
	for _, path := range []string{"/metrics", "/api/v1/crawls"} {
		resp, err := http.Get(srv.base + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 404 {
			t.Errorf("public GET %s: %s, want 404 with --admin-addr", path, resp.Status)
		}
	}

	want, err := demo.Expected()
	if err != nil {
		t.Fatal(err)
	}
	demoArticles := float64(len(want))
	before := scrapeMetrics(t, srv.admin+"/metrics")
	for name, want := range map[string]float64{
		"gazette_index_documents":     demoArticles,
		"gazette_crawl_fetched_total": 0,
		"gazette_crawl_indexed_total": 0,
	} {
		if got := value(t, before, name); got != want {
			t.Errorf("%s = %v, want %v", name, got, want)
		}
	}
	if got := newArticles(t, before); got != demoArticles {
		t.Errorf("new articles ingested = %v, want the demo's %v", got, demoArticles)
	}
	for _, name := range []string{"gazette_index_size_bytes", "gazette_archive_captures", "gazette_archive_urls", "gazette_archive_bytes"} {
		if got := value(t, before, name); got <= 0 {
			t.Errorf("%s = %v, want more than 0", name, got)
		}
	}

	status, started := apiCall(t, "POST", srv.admin+"/api/v1/crawls", "s3cret", `{"seeds":["`+site.URL+`/"],"depth":1}`)
	if status != 202 {
		t.Fatalf("starting a crawl on the admin listener: %d %v", status, started)
	}
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if _, st := apiCall(t, "GET", srv.admin+"/api/v1/crawls/"+started["id"].(string), "s3cret", ""); st["state"] != "running" {
			break
		}
	}
	after := scrapeMetrics(t, srv.admin+"/metrics")
	deltas := map[string]float64{
		"gazette_crawl_indexed_total":  2, // the two articles
		"gazette_index_documents":      2,
		"gazette_crawl_fetched_total":  4, // robots.txt, the home page, two articles
		"gazette_crawl_archived_total": 4, // each of them, robots.txt included
		"gazette_crawl_errors_total":   0,
	}
	for name, want := range deltas {
		if d := value(t, after, name) - value(t, before, name); d != want {
			t.Errorf("%s moved by %v, want %v", name, d, want)
		}
	}
	if d := newArticles(t, after) - newArticles(t, before); d != 2 {
		t.Errorf("new articles ingested moved by %v, want 2", d)
	}
	if d := value(t, after, "gazette_archive_captures") - value(t, before, "gazette_archive_captures"); d < 4 {
		t.Errorf("gazette_archive_captures moved by %v, want at least 4", d)
	}

	// /readyz on the demo: every check passes.
	resp, err := http.Get(srv.base + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var ready struct {
		Status string
		Checks []struct{ Name, Status string }
	}
	if err := json.NewDecoder(resp.Body).Decode(&ready); err != nil || resp.StatusCode != 200 || ready.Status != "ready" || len(ready.Checks) != 4 {
		t.Errorf("/readyz: %s %+v (%v)", resp.Status, ready, err)
	}
}
