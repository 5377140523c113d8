package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync/atomic"
	"time"

	"github.com/gazette-news/gazette/archive"
	"github.com/gazette-news/gazette/archive/crawl"
	"github.com/gazette-news/gazette/buildinfo"
	"github.com/gazette-news/gazette/cmd/gazette/demo"
	"github.com/gazette-news/gazette/web"
)

func cmdServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := newFlags("serve", stderr)
	dataDir := fl.String("data", defaultDataDir, "data directory (archive and index)")
	addr := fl.String("addr", "127.0.0.1:8080", "address to listen on")
	withDemo := fl.Bool("demo", false, "import the bundled demo archive if the data directory is empty")
	replayAddr := fl.String("replay-addr", "127.0.0.1:8081", "address of the replay server, a separate origin for archived pages (empty: no replay)")
	replayURL := fl.String("replay-url", "", "public base URL of the replay server, when it is behind a proxy (default: http://REPLAY-ADDR)")
	adminAddr := fl.String("admin-addr", "", "serve /metrics and the admin API (crawls) on this address only, not on --addr (empty: on --addr)")
	adminToken := adminTokenFlags(fl, "token for the API's write endpoints (crawls, backup); default $"+adminTokenEnv+"; empty disables them")
	allowPrivate := fl.Bool("allow-private", false, "let API crawls fetch loopback, private and link-local addresses")
	recrawl := fl.Duration("recrawl-every", 0, "refresh every crawl made in the data directory this often (e.g. 1h), conditionally; 0: never")
	contact := fl.String("contact", "", "URL or e-mail address for site owners, sent in the crawler's User-Agent")
	crawlDelay := fl.Duration("crawl-delay", time.Second, "pause between two requests of an API crawl to the same host (robots.txt Crawl-delay can raise it)")
	var limits web.Limits
	fl.DurationVar(&limits.ReadHeaderTimeout, "read-header-timeout", web.DefaultReadHeaderTimeout, "time a client has to send a request's header")
	fl.DurationVar(&limits.ReadTimeout, "read-timeout", web.DefaultReadTimeout, "time a client has to send a whole request, body included")
	fl.DurationVar(&limits.WriteTimeout, "write-timeout", web.DefaultWriteTimeout, "time to answer a request; a long replay download gets this much per chunk")
	fl.DurationVar(&limits.IdleTimeout, "idle-timeout", web.DefaultIdleTimeout, "time a kept-alive connection may wait for its next request")
	fl.IntVar(&limits.MaxHeaderBytes, "max-header-bytes", web.DefaultMaxHeaderBytes, "largest request line and header accepted")
	fl.DurationVar(&limits.SearchTimeout, "search-timeout", web.DefaultSearchTimeout, "deadline of one search, waiting included (past it: 503 with Retry-After)")
	fl.IntVar(&limits.MaxSearches, "max-searches", 0, "searches run at once (0: one per core)")
	fl.IntVar(&limits.SearchQueue, "search-queue", 0, "searches that may wait for a turn; more are refused with 503 (0: four per running search)")
	gc := addGCFlags(fl)
	var corsOrigins originList
	fl.Var(&corsOrigins, "cors-origin", "let pages of this origin (https://HOST[:PORT], or * for any) read the read-only API and feeds from the browser; repeatable; never the admin endpoints")
	if err := parseFlags(fl, args); err != nil {
		return err
	}
	if err := checkOrigin(*replayURL); err != nil {
		return usageError{"--replay-url: " + err.Error()}
	}
	if err := gc.apply(os.Getenv); err != nil {
		return err
	}
	prog := newStatusLine(stderr)
	log := newLogger(prog) // log lines clear the demo import's status line first
	token, err := adminToken(os.Getenv, func(msg string) { log.Warn(msg) })
	if err != nil {
		return err
	}
	a, err := openApp(ctx, *dataDir, stderr)
	if err != nil {
		return err
	}
	defer a.Close()
	a.index.Prepare() // segments read ahead of the searches (until /readyz says ready)

	crawlCtx, stopCrawls := context.WithCancel(ctx)
	crawls := newCrawlManager(crawlCtx, a, crawl.Config{AllowPrivate: *allowPrivate, Contact: *contact, Delay: *crawlDelay}, log)
	defer crawls.Wait() // runs before a.Close: the crawls stop, then the archive closes
	defer stopCrawls()
	_, metrics, err := newMetrics(a, crawls)
	if err != nil {
		return err
	}
	var demoImport importState
	if *withDemo {
		n, err := a.index.Count()
		if err != nil {
			return err
		}
		if n > 0 {
			log.Info("data directory already has articles; not importing the demo", "articles", n)
		} else {
			demoImport.start() // before serving, so /readyz is 503 until it is done
		}
	}
	cfg := web.Config{
		Search: a.index, Captures: capturesFunc(a), Logger: log, Credits: placeCredits, Places: placeDirectory{a.places},
		Crawler: crawls, AdminToken: token, CORSOrigins: corsOrigins, ExportWACZ: waczExporter(a), Backup: backupWriter(a, log), Version: buildinfo.Read(), Metrics: metrics,
		Ready: readyChecks(a, &demoImport), SeparateAdmin: *adminAddr != "", Limits: limits,
	}

	// Every listener is opened before anything is served, so a busy port
	// fails the command at once.
	var listeners []net.Listener
	closeAll := func() {
		for _, l := range listeners {
			l.Close()
		}
	}
	listen := func(what, addr string) (net.Listener, error) {
		l, err := net.Listen("tcp", addr)
		if err != nil {
			closeAll()
			return nil, fmt.Errorf("%s listener: %w", what, err)
		}
		listeners = append(listeners, l)
		return l, nil
	}
	ln, err := listen("UI", *addr)
	if err != nil {
		return err
	}
	var rln, aln net.Listener
	if *replayAddr != "" {
		if rln, err = listen("replay", *replayAddr); err != nil {
			return err
		}
		cfg.Load = loadFunc(a)
		cfg.ReplayOrigin = strings.TrimRight(*replayURL, "/")
		if cfg.ReplayOrigin == "" {
			cfg.ReplayOrigin = "http://" + rln.Addr().String()
		}
	}
	if *adminAddr != "" {
		if aln, err = listen("admin", *adminAddr); err != nil {
			return err
		}
	}

	errc := make(chan error, 3)
	var servers []*http.Server
	serve := func(h http.Handler, l net.Listener) {
		srv := newHTTPServer(h, limits, log)
		servers = append(servers, srv)
		go func() { errc <- srv.Serve(l) }()
	}
	if rln != nil {
		serve(web.NewReplay(cfg), rln)
		fmt.Fprintf(stdout, "Archived pages replay from %s/\n", cfg.ReplayOrigin)
	}
	if aln != nil {
		serve(web.NewAdmin(cfg), aln)
		fmt.Fprintf(stdout, "Metrics and the admin API are at http://%s/metrics and http://%s/api/v1/crawls\n", aln.Addr(), aln.Addr())
	}
	serve(web.New(cfg), ln)
	log.Info("Gazette is running", "url", "http://"+ln.Addr().String()+"/", "data", *dataDir, "version", cfg.Version.Version)
	fmt.Fprintf(stdout, "Gazette is serving at http://%s/\n", ln.Addr())
	shutdown := func() error {
		shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		var errs []error
		for _, s := range servers {
			if err := s.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
				errs = append(errs, err)
			}
		}
		return errors.Join(errs...)
	}

	if demoImport.running.Load() {
		// The server answers while the demo goes in (/readyz says 503
		// until it is done), so the address above is right at once.
		if err := importDemo(ctx, a, *dataDir, prog, log, &demoImport); err != nil {
			shutdown()
			return err
		}
	}
	if *recrawl > 0 {
		go recrawlEvery(crawlCtx, *recrawl, *dataDir, crawls, log)
		log.Info("crawls of this data directory are refreshed on a schedule", "every", *recrawl)
	}
	select {
	case err := <-errc:
		shutdown()
		return err
	case <-ctx.Done():
		log.Info("shutting down")
		return shutdown()
	}
}

// importDemo imports the bundled demo archive, showing progress on prog,
// and marks state finished.
func importDemo(ctx context.Context, a *app, dataDir string, prog *statusLine, log *slog.Logger, state *importState) error {
	defer state.finish()
	log.Info("importing the demo archive", "data", dataDir)
	sum, err := importFiles(ctx, a, demo.Files, []string{"files"}, importOptions{}, prog)
	if err != nil {
		return fmt.Errorf("demo import: %w", err)
	}
	log.Info("demo archive imported", "imported", sum.Imported, "skipped", sum.skipped(), "elapsed", sum.Elapsed.Round(time.Millisecond))
	return nil
}

// importState says whether an import runs, for the readiness check.
type importState struct{ running atomic.Bool }

func (s *importState) start()  { s.running.Store(true) }
func (s *importState) finish() { s.running.Store(false) }

// readyChecks are the checks of /readyz: the index answers and has read
// its segments, the archive takes new captures, and no demo import is
// under way.
func readyChecks(a *app, demoImport *importState) []web.ReadyCheck {
	return []web.ReadyCheck{
		{Name: "index", Check: func(context.Context) error {
			if _, err := a.index.Count(); err != nil {
				return errors.New("the search index does not answer")
			}
			return nil
		}},
		{Name: "search", Check: func(context.Context) error {
			if a.index.Warming() {
				return errors.New("the search index is reading its segments")
			}
			return nil
		}},
		{Name: "archive", Check: func(context.Context) error { return a.archive.CheckWritable() }},
		{Name: "import", Check: func(context.Context) error {
			if demoImport.running.Load() {
				return errors.New("the demo archive is being imported")
			}
			return nil
		}},
	}
}

// originList is the repeatable --cors-origin flag.
type originList []string

func (l *originList) String() string { return strings.Join(*l, ",") }

func (l *originList) Set(s string) error {
	o, err := web.CheckCORSOrigin(s)
	if err != nil {
		return err
	}
	*l = append(*l, o)
	return nil
}

// checkOrigin accepts an empty string or a bare origin such as
// "https://replay.example" or "http://127.0.0.1:8081", which ends up in the
// UI's Content-Security-Policy.
func checkOrigin(s string) error {
	if s == "" {
		return nil
	}
	u, err := url.Parse(strings.TrimRight(s, "/"))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" ||
		u.Path != "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil || strings.ContainsAny(s, " ;,'\"") {
		return fmt.Errorf("%q is not an origin: want http(s)://HOST[:PORT] with no path", s)
	}
	return nil
}

// newHTTPServer wraps a handler with the timeouts and limits Gazette
// serves with.
func newHTTPServer(h http.Handler, limits web.Limits, log *slog.Logger) *http.Server {
	return web.NewHTTPServer(h, limits, slog.NewLogLogger(log.Handler(), slog.LevelWarn))
}

// capturesFunc lists a URL's archived captures for the article page, the
// captures API and replay. Each keeps its archive.Capture in Ref for
// loadFunc.
func capturesFunc(a *app) func(string) ([]web.CaptureInfo, error) {
	return func(url string) ([]web.CaptureInfo, error) {
		cs, err := a.archive.Captures(url)
		if err != nil {
			return nil, err
		}
		out := make([]web.CaptureInfo, 0, len(cs))
		for _, c := range cs {
			out = append(out, web.CaptureInfo{URL: c.URL, Time: c.Time, Status: c.Status, Digest: c.Digest, MIME: c.MIME, Ref: c})
		}
		return out, nil
	}
}

// loadFunc opens a capture listed by capturesFunc from its WARC record,
// for replay. The body is streamed from the file, so replaying a large
// record does not hold it in memory.
func loadFunc(a *app) func(context.Context, web.CaptureInfo) (*web.ArchivedResponse, error) {
	return func(ctx context.Context, ci web.CaptureInfo) (*web.ArchivedResponse, error) {
		c, ok := ci.Ref.(archive.Capture)
		if !ok {
			return nil, fmt.Errorf("capture of %s at %s was not listed by the archive", ci.URL, ci.Time)
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		c, body, err := a.archive.Open(c)
		if err != nil {
			return nil, err
		}
		h := c.Header
		if h == nil {
			// A resource record (an imported file) has only its type.
			h = http.Header{"Content-Type": {c.MIME}}
		}
		return &web.ArchivedResponse{Status: c.Status, Header: h, Body: body, Size: body.Size}, nil
	}
}
