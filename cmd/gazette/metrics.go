package main

import (
	"io/fs"
	"path/filepath"

	"github.com/gazette-news/gazette/ingest"
	"github.com/gazette-news/gazette/web"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// newMetrics builds the registry `gazette serve` exposes at /metrics: the
// web layer's request and search metrics, the data directory's state
// (appCollector), the articles ingested (reported by a's Ingester, so the
// demo import and every crawl are counted) and the Go runtime's and
// process's own metrics.
func newMetrics(a *app, crawls *crawlManager) (*prometheus.Registry, *web.Metrics, error) {
	reg := prometheus.NewRegistry()
	wm, err := web.NewMetrics(reg)
	if err != nil {
		return nil, nil, err
	}
	ingested := prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "gazette_ingest_articles_total",
		Help: "Articles written to the search index by imports, crawls and catch-up since the server started, by outcome (new, updated); rate() gives articles per second.",
	}, []string{"outcome"})
	for _, c := range []prometheus.Collector{
		ingested,
		newAppCollector(a, crawls),
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	} {
		if err := reg.Register(c); err != nil {
			return nil, nil, err
		}
	}
	for _, o := range []ingest.Outcome{ingest.NewArticle, ingest.Updated} {
		ingested.WithLabelValues(o.String()) // both series exist from the start, at 0
	}
	a.ingest.ObserveResults(func(r ingest.Result) {
		if r.Outcome == ingest.NewArticle || r.Outcome == ingest.Updated {
			ingested.WithLabelValues(r.Outcome.String()).Inc()
		}
	})
	a.index.ObserveSearches(wm.ObserveSearch)
	return reg, wm, nil
}

// appCollector reads the data directory's state at each scrape, so it
// holds no copies that could go stale: index documents and size, archive
// captures, URLs and bytes, and the counters of the crawls run by the
// server.
type appCollector struct {
	app    *app
	crawls *crawlManager

	indexDocs, indexBytes                   *prometheus.Desc
	archiveCaptures, archiveURLs, warcBytes *prometheus.Desc
	crawlFetched, crawlArchived             *prometheus.Desc
	crawlIndexed, crawlErrors, crawlBlocked *prometheus.Desc
}

func newAppCollector(a *app, crawls *crawlManager) *appCollector {
	d := func(name, help string) *prometheus.Desc { return prometheus.NewDesc(name, help, nil, nil) }
	return &appCollector{
		app: a, crawls: crawls,
		indexDocs:       d("gazette_index_documents", "Articles in the search index."),
		indexBytes:      d("gazette_index_size_bytes", "Bytes the search index takes on disk."),
		archiveCaptures: d("gazette_archive_captures", "Captures in the archive (responses and revisits)."),
		archiveURLs:     d("gazette_archive_urls", "Distinct URLs in the archive."),
		warcBytes:       d("gazette_archive_bytes", "Bytes of the archive's WARC files."),
		crawlFetched:    d("gazette_crawl_fetched_total", "HTTP responses fetched by crawls (robots.txt included) since the server started."),
		crawlArchived:   d("gazette_crawl_archived_total", "Responses with new content archived by crawls since the server started."),
		crawlIndexed:    d("gazette_crawl_indexed_total", "Articles indexed (new or changed) by crawls since the server started."),
		crawlErrors:     d("gazette_crawl_errors_total", "Fetch, archive and index failures of crawls since the server started."),
		crawlBlocked:    d("gazette_crawl_robots_blocked_total", "URLs crawls left alone because robots.txt disallows them, since the server started."),
	}
}

func (c *appCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{c.indexDocs, c.indexBytes, c.archiveCaptures, c.archiveURLs, c.warcBytes,
		c.crawlFetched, c.crawlArchived, c.crawlIndexed, c.crawlErrors, c.crawlBlocked} {
		ch <- d
	}
}

// Collect reports each value it can read; one that fails is reported as
// an error for its metric alone.
func (c *appCollector) Collect(ch chan<- prometheus.Metric) {
	gauge := func(d *prometheus.Desc, v float64, err error) {
		if err != nil {
			ch <- prometheus.NewInvalidMetric(d, err)
			return
		}
		ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, v)
	}
	docs, err := c.app.index.Count()
	gauge(c.indexDocs, float64(docs), err)
	size, err := dirSize(filepath.Join(c.app.dir, "index"))
	gauge(c.indexBytes, float64(size), err)
	captures, urls, err := c.app.archive.Count()
	gauge(c.archiveCaptures, float64(captures), err)
	gauge(c.archiveURLs, float64(urls), err)
	warc, err := c.app.archive.Size()
	gauge(c.warcBytes, float64(warc), err)

	if c.crawls == nil {
		return
	}
	t := c.crawls.totals()
	for _, m := range []struct {
		d *prometheus.Desc
		v int
	}{{c.crawlFetched, t.Fetched}, {c.crawlArchived, t.Archived}, {c.crawlIndexed, t.Indexed}, {c.crawlErrors, t.Errors}, {c.crawlBlocked, t.Blocked}} {
		ch <- prometheus.MustNewConstMetric(m.d, prometheus.CounterValue, float64(m.v))
	}
}

// dirSize adds up the sizes of the regular files under dir.
func dirSize(dir string) (int64, error) {
	var total int64
	err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() {
			info, err := d.Info()
			if err != nil {
				return err
			}
			total += info.Size()
		}
		return nil
	})
	return total, err
}
