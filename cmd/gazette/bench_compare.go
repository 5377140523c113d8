package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/gazette-news/gazette/bench/corpus"
	"github.com/gazette-news/gazette/bench/load"
)

// compareOptions configure the comparison of Gazette with the FTS5 peer.
type compareOptions struct {
	articles int           // corpus size
	seed     uint64        // corpus seed
	corpus   string        // an existing corpus directory; "" generates one in work
	work     string        // working directory; "" is a temporary one, removed at the end
	clients  int           // concurrent clients
	perKind  int           // requests of each query kind
	warmUp   int           // unmeasured requests of each kind sent first (load.WarmUp)
	duration time.Duration // cap on each side's query run
	sides    string        // "both", "gazette" or "peer"
	// peerFromIndex makes the peer take the articles Gazette extracted
	// (from its index in work) instead of extracting the pages again.
	peerFromIndex bool
	json          bool // print JSON instead of tables

	// self runs this program with args in a child process, so each side's
	// time and memory are its own.
	self func(ctx context.Context, args ...string) *exec.Cmd
}

// benchMix is what the clients send each side: the warm-up, then the
// measured requests.
type benchMix struct{ warm, measured []load.Request }

// sideReport is what the bench measured for one side.
type sideReport struct {
	Name             string           `json:"name"`
	Articles         int              `json:"articles"`
	IngestSeconds    float64          `json:"ingest_seconds"`
	IngestPerSecond  float64          `json:"ingest_articles_per_s"`
	IngestReused     bool             `json:"ingest_reused,omitempty"`
	IngestNote       string           `json:"ingest_note,omitempty"`
	IngestPeakRSSMB  float64          `json:"ingest_peak_rss_mb"`
	IndexBytes       int64            `json:"index_bytes"`
	BytesPerArticle  float64          `json:"index_bytes_per_article"`
	ReadySeconds     float64          `json:"server_ready_seconds"`
	FirstEverything  float64          `json:"first_everything_ms"`
	FirstError       string           `json:"first_everything_error,omitempty"` // how the first search failed (it timed out, say); its time is then until the failure
	ServePeakRSSMB   float64          `json:"serve_peak_rss_mb"`
	RequestsPerSec   float64          `json:"requests_per_s"`
	Kinds            []load.KindStats `json:"kinds"`
	IngestDetail     any              `json:"ingest_detail,omitempty"`
	ArchiveBytes     int64            `json:"archive_bytes,omitempty"`
	QuerySeconds     float64          `json:"query_seconds"`
	RequestsAnswered int              `json:"requests"`
	// The CPU time (user and system) the server and the bench's clients
	// spent per measured request: what the machine's cores had to give
	// for one search, robust where latencies drift with other work on
	// the machine (0: not measured, outside Linux).
	ServeCPUPerRequest  float64 `json:"serve_cpu_ms_per_request,omitempty"`
	ClientCPUPerRequest float64 `json:"client_cpu_ms_per_request,omitempty"`
}

// compareReport is the whole result of a comparison.
type compareReport struct {
	Articles   int          `json:"articles"`
	Seed       uint64       `json:"seed"`
	CorpusMB   float64      `json:"corpus_mb"`
	Clients    int          `json:"clients"`
	PerKind    int          `json:"requests_per_kind"`
	WarmUp     int          `json:"warmup_requests"` // sent to each side before the measured ones, not measured
	CPUs       int          `json:"cpus"`
	Sides      []sideReport `json:"sides"`
	StartedAt  time.Time    `json:"started_at"`
	WorkingDir string       `json:"working_dir"`
}

// benchCompare runs Gazette and the FTS5 peer on the same generated corpus
// and prints both sides and their ratios.
func benchCompare(ctx context.Context, o compareOptions, stdout, stderr io.Writer) (err error) {
	rep := compareReport{Seed: o.seed, Clients: o.clients, PerKind: o.perKind, CPUs: numCPU(), StartedAt: time.Now().UTC()}
	work := o.work
	if work == "" {
		if work, err = os.MkdirTemp("", "gazette-bench-"); err != nil {
			return err
		}
		defer os.RemoveAll(work)
	} else if err := os.MkdirAll(work, 0o755); err != nil {
		return err
	}
	rep.WorkingDir = work
	logf := func(format string, args ...any) { fmt.Fprintf(stderr, "bench: "+format+"\n", args...) }

	// The corpus: given, left in work by an earlier run, or generated.
	dir := o.corpus
	if dir == "" {
		dir = filepath.Join(work, "corpus")
	}
	m, err := corpus.ReadManifest(dir)
	if err != nil && o.corpus != "" {
		return err
	}
	if err != nil || m.Seed != o.seed || m.Articles != o.articles {
		if o.corpus == "" {
			os.RemoveAll(dir)
		}
		logf("generating %d articles (seed %d) into %s", o.articles, o.seed, dir)
		if err := generateCorpus(ctx, o.seed, o.articles, dir, io.Discard, newStatusLine(stderr)); err != nil {
			return err
		}
		if m, err = corpus.ReadManifest(dir); err != nil {
			return err
		}
	}
	rep.Articles, rep.Seed, rep.CorpusMB = m.Articles, m.Seed, float64(m.Bytes)/1e6
	c, err := corpus.New(m.Seed)
	if err != nil {
		return err
	}
	reqs := load.Mix(c, m.Articles, o.perKind, m.Seed)
	mix := benchMix{warm: load.WarmUp(c, m.Articles, o.warmUp, m.Seed, reqs), measured: reqs}
	rep.WarmUp = len(mix.warm)

	if o.sides != "peer" {
		s, err := runGazetteSide(ctx, o, work, dir, m, mix, logf)
		if err != nil {
			return fmt.Errorf("gazette side: %w", err)
		}
		rep.Sides = append(rep.Sides, s)
	}
	if o.sides != "gazette" {
		s, err := runPeerSide(ctx, o, work, dir, m, mix, logf)
		if err != nil {
			return fmt.Errorf("peer side: %w", err)
		}
		rep.Sides = append(rep.Sides, s)
	}
	if o.json {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	return printCompare(stdout, rep)
}

// runGazetteSide imports the corpus with `gazette import` and serves it
// with `gazette serve`, each in a child process.
func runGazetteSide(ctx context.Context, o compareOptions, work, corpusDir string, m corpus.Manifest, mix benchMix, logf func(string, ...any)) (sideReport, error) {
	s := sideReport{Name: "Gazette"}
	data := filepath.Join(work, "gazette")
	saved := filepath.Join(work, "gazette-ingest.json")
	if !loadSaved(saved, &s) {
		os.RemoveAll(data)
		logf("gazette import of %s", corpusDir)
		cmd := o.self(ctx, append([]string{"import", "--data", data}, corpusFiles(corpusDir, m)...)...)
		var out strings.Builder
		cmd.Stdout = &out
		cmd.Stderr = io.Discard
		start := time.Now()
		if err := cmd.Run(); err != nil {
			return s, fmt.Errorf("import: %w\n%s", err, out.String())
		}
		s.IngestSeconds = time.Since(start).Seconds()
		s.IngestPeakRSSMB = peakRSS(cmd.ProcessState)
		match := regexp.MustCompile(`(\d+) articles imported`).FindStringSubmatch(out.String())
		if match == nil {
			return s, fmt.Errorf("import printed no count: %s", out.String())
		}
		s.Articles, _ = strconv.Atoi(match[1])
		s.IngestDetail = strings.TrimSpace(out.String())
		if err := save(saved, s); err != nil {
			return s, err
		}
	} else {
		s.IngestReused = true
		logf("reusing the Gazette data of an earlier run in %s", data)
	}
	s.IngestPerSecond = float64(s.Articles) / s.IngestSeconds
	var err error
	if s.IndexBytes, err = dirSize(filepath.Join(data, "index")); err != nil {
		return s, err
	}
	if s.ArchiveBytes, err = dirSize(filepath.Join(data, "archive")); err != nil {
		return s, err
	}
	s.BytesPerArticle = float64(s.IndexBytes) / float64(max(s.Articles, 1))

	logf("gazette serve")
	return serveAndLoad(ctx, o, s, o.self(ctx, "serve", "--data", data, "--addr", "127.0.0.1:0", "--replay-addr", ""),
		regexp.MustCompile(`serving at (http://\S+?)/?\s*$`), "/readyz", "/api/v1/search", func(r load.Request) map[string][]string { return r.Gazette }, mix, logf)
}

// runPeerSide does the same with the FTS5 peer.
func runPeerSide(ctx context.Context, o compareOptions, work, corpusDir string, m corpus.Manifest, mix benchMix, logf func(string, ...any)) (sideReport, error) {
	s := sideReport{Name: "FTS5 peer"}
	db := filepath.Join(work, "peer.db")
	saved := filepath.Join(work, "peer-ingest.json")
	if !loadSaved(saved, &s) {
		for _, suffix := range []string{"", "-wal", "-shm"} {
			os.Remove(db + suffix)
		}
		cmd := o.self(ctx, append([]string{"bench-peer", "import", db}, corpusFiles(corpusDir, m)...)...)
		if o.peerFromIndex {
			logf("peer import of the articles in %s", filepath.Join(work, "gazette"))
			cmd = o.self(ctx, "bench-peer", "import-index", db, filepath.Join(work, "gazette"))
		} else {
			logf("peer import of %s", corpusDir)
		}
		var out, errb strings.Builder
		cmd.Stdout, cmd.Stderr = &out, &errb
		start := time.Now()
		if err := cmd.Run(); err != nil {
			return s, fmt.Errorf("import: %w\n%s", err, errb.String())
		}
		s.IngestSeconds = time.Since(start).Seconds()
		s.IngestPeakRSSMB = peakRSS(cmd.ProcessState)
		var st peerIngest
		if err := json.Unmarshal([]byte(out.String()), &st); err != nil {
			return s, fmt.Errorf("import printed %q: %w", out.String(), err)
		}
		s.Articles, s.IngestDetail = st.Articles, st
		if st.FromIndex {
			s.IngestNote = "inserts only: the articles Gazette extracted, read from its index"
		}
		if err := save(saved, s); err != nil {
			return s, err
		}
	} else {
		s.IngestReused = true
		logf("reusing the peer database of an earlier run in %s", db)
	}
	s.IngestPerSecond = float64(s.Articles) / s.IngestSeconds
	for _, suffix := range []string{"", "-wal"} {
		if info, err := os.Stat(db + suffix); err == nil {
			s.IndexBytes += info.Size()
		}
	}
	s.BytesPerArticle = float64(s.IndexBytes) / float64(max(s.Articles, 1))

	logf("peer serve")
	return serveAndLoad(ctx, o, s, o.self(ctx, "bench-peer", "serve", db),
		regexp.MustCompile(`serving at (http://\S+?)/?\s*$`), "", "/search", func(r load.Request) map[string][]string { return r.Peer }, mix, logf)
}

// corpusFiles lists the WARC files of a corpus (not its manifest, which
// an import would report as a file it cannot read).
func corpusFiles(dir string, m corpus.Manifest) []string {
	out := make([]string, len(m.Files))
	for i, f := range m.Files {
		out[i] = filepath.Join(dir, f)
	}
	return out
}

// serveAndLoad starts a server child, waits for the line giving its URL
// and then, if readyPath is set, for readyPath to answer 200 (the index
// opened and warmed: that is "server ready"), measures the first search for
// everything and then the query mix, and stops it. The server's peak RSS is
// read from the kernel when it exits.
func serveAndLoad(ctx context.Context, o compareOptions, s sideReport, cmd *exec.Cmd, ready *regexp.Regexp, readyPath, path string,
	params func(load.Request) map[string][]string, mix benchMix, logf func(string, ...any)) (sideReport, error) {
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return s, err
	}
	cmd.Stderr = io.Discard
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return s, err
	}
	stopped := false
	stop := func() error {
		if stopped {
			return nil
		}
		stopped = true
		cmd.Process.Signal(os.Interrupt)
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case err := <-done:
			return err
		case <-time.After(30 * time.Second):
			cmd.Process.Kill()
			return <-done
		}
	}
	defer stop()

	base := ""
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		if m := ready.FindStringSubmatch(sc.Text()); m != nil {
			base = strings.TrimRight(m[1], "/")
			break
		}
	}
	if base == "" {
		return s, errors.New("the server never said where it listens")
	}
	go io.Copy(io.Discard, stdout)
	if readyPath != "" {
		if err := pollReady(ctx, base+readyPath, 10*time.Minute); err != nil {
			return s, err
		}
	}
	s.ReadySeconds = time.Since(start).Seconds()

	// A first search that fails (a 503 past the search deadline, on a
	// large archive read from a cold disk) is a result to report, not a
	// reason to measure nothing else.
	first := load.Get(ctx, http.DefaultClient, base+path)
	s.FirstEverything = float64(first.Latency.Microseconds()) / 1000
	if first.Err != "" {
		s.FirstError = first.Err
		logf("the first search failed after %.0f ms: %s", s.FirstEverything, first.Err)
	}

	url := func(r load.Request) string { return load.URL(base, path, params(r)) }
	if len(mix.warm) > 0 {
		logf("%d requests to warm up, not measured", len(mix.warm))
		load.Run(ctx, mix.warm, url, o.clients, o.duration)
	}
	logf("%d requests (%d kinds) from %d clients", len(mix.measured), len(load.Kinds), o.clients)
	serveBefore, serveOK := processCPU(cmd.Process.Pid)
	clientBefore, clientOK := processCPU(os.Getpid())
	samples, elapsed := load.Run(ctx, mix.measured, url, o.clients, o.duration)
	serveAfter, _ := processCPU(cmd.Process.Pid)
	clientAfter, _ := processCPU(os.Getpid())
	if n := float64(len(samples)); n > 0 && serveOK && clientOK {
		s.ServeCPUPerRequest = float64((serveAfter - serveBefore).Microseconds()) / 1000 / n
		s.ClientCPUPerRequest = float64((clientAfter - clientBefore).Microseconds()) / 1000 / n
	}
	s.QuerySeconds, s.RequestsAnswered = elapsed.Seconds(), len(samples)
	s.RequestsPerSec = float64(len(samples)) / elapsed.Seconds()
	s.Kinds = load.Summarise(samples)
	for _, sm := range samples {
		if sm.Err != "" {
			logf("an error answered %s: %s", sm.Kind, sm.Err)
			break
		}
	}
	if err := stop(); err != nil && !isInterrupted(err) {
		return s, fmt.Errorf("server: %w", err)
	}
	s.ServePeakRSSMB = peakRSS(cmd.ProcessState)
	return s, nil
}

// pollReady polls u until it answers 200, for at most limit.
func pollReady(ctx context.Context, u string, limit time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		if r := load.Get(ctx, http.DefaultClient, u); r.Status == http.StatusOK {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("the server was not ready (%s) within %s", u, limit)
		case <-tick.C:
		}
	}
}

// isInterrupted reports the exit of a child stopped by the interrupt sent.
func isInterrupted(err error) bool {
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() && ws.Signal() == os.Interrupt {
			return true
		}
	}
	return false
}

// peakRSS returns the most memory a finished child held resident, in MB.
func peakRSS(ps *os.ProcessState) float64 {
	if ps == nil {
		return 0
	}
	if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
		return float64(ru.Maxrss) / 1024 // kilobytes on Linux
	}
	return 0
}

// loadSaved reads the ingest measurements of an earlier run, if any.
func loadSaved(path string, s *sideReport) bool {
	b, err := os.ReadFile(path)
	return err == nil && json.Unmarshal(b, s) == nil && s.Articles > 0
}

func save(path string, s sideReport) error {
	b, err := json.Marshal(s)
	if err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o644)
}

// printCompare prints the report as tables: both sides and Gazette ÷ peer.
func printCompare(w io.Writer, r compareReport) error {
	fmt.Fprintf(w, "Gazette bench: %d articles (seed %d, %.0f MB of WARC), %d clients, %d requests of each of %d kinds after %d to warm up, %d CPUs\n",
		r.Articles, r.Seed, r.CorpusMB, r.Clients, r.PerKind, len(load.Kinds), r.WarmUp, r.CPUs)
	fmt.Fprintf(w, "ratio = Gazette ÷ peer (for times and sizes below 1 is Gazette's advantage; for rates above 1)\n\n")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	head := "\t"
	for _, s := range r.Sides {
		head += s.Name + "\t"
	}
	if len(r.Sides) == 2 {
		head += "ratio\t"
	}
	fmt.Fprintln(tw, head)
	row := func(name string, f func(sideReport) float64, format string) {
		line := name + "\t"
		for _, s := range r.Sides {
			line += fmt.Sprintf(format, f(s)) + "\t"
		}
		if len(r.Sides) == 2 {
			line += ratio(f(r.Sides[0]), f(r.Sides[1])) + "\t"
		}
		fmt.Fprintln(tw, line)
	}
	row("ingest, articles/s (end to end)", func(s sideReport) float64 { return s.IngestPerSecond }, "%.1f")
	row("articles indexed", func(s sideReport) float64 { return float64(s.Articles) }, "%.0f")
	row("index, bytes/article", func(s sideReport) float64 { return s.BytesPerArticle }, "%.0f")
	row("peak RSS importing, MB", func(s sideReport) float64 { return s.IngestPeakRSSMB }, "%.0f")
	row("server ready, s", func(s sideReport) float64 { return s.ReadySeconds }, "%.2f")
	row("first search, everything + facets, ms", func(s sideReport) float64 { return s.FirstEverything }, "%.1f")
	row("peak RSS serving, MB", func(s sideReport) float64 { return s.ServePeakRSSMB }, "%.0f")
	row("throughput under the mix, requests/s", func(s sideReport) float64 { return s.RequestsPerSec }, "%.1f")
	row("server CPU per request, ms", func(s sideReport) float64 { return s.ServeCPUPerRequest }, "%.2f")
	row("bench client CPU per request, ms", func(s sideReport) float64 { return s.ClientCPUPerRequest }, "%.2f")
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, s := range r.Sides {
		if s.IngestNote != "" {
			fmt.Fprintf(w, "%s ingest: %s\n", s.Name, s.IngestNote)
		}
		if s.FirstError != "" {
			fmt.Fprintf(w, "%s first search failed: %s\n", s.Name, s.FirstError)
		}
	}

	fmt.Fprintf(w, "\nLatency under %d clients, ms (p50 / p99; median hits)\n", r.Clients)
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	head = "query kind\t"
	for _, s := range r.Sides {
		head += s.Name + " p50\tp99\thits\t"
	}
	if len(r.Sides) == 2 {
		head += "ratio p50\tratio p99\t"
	}
	fmt.Fprintln(tw, head)
	for _, kind := range append(append([]string{}, load.Kinds...), "all") {
		line := kind + "\t"
		var st []load.KindStats
		for _, s := range r.Sides {
			k := findKind(s.Kinds, kind)
			st = append(st, k)
			errs := ""
			if k.Errors > 0 {
				errs = fmt.Sprintf(" (%d errors)", k.Errors)
			}
			line += fmt.Sprintf("%.1f\t%.1f\t%d%s\t", k.P50ms, k.P99ms, k.MedianHit, errs)
		}
		if len(st) == 2 {
			line += ratio(st[0].P50ms, st[1].P50ms) + "\t" + ratio(st[0].P99ms, st[1].P99ms) + "\t"
		}
		fmt.Fprintln(tw, line)
	}
	return tw.Flush()
}

func findKind(ks []load.KindStats, kind string) load.KindStats {
	for _, k := range ks {
		if k.Kind == kind {
			return k
		}
	}
	return load.KindStats{Kind: kind}
}

func ratio(a, b float64) string {
	if b == 0 {
		return "-"
	}
	return fmt.Sprintf("%.2f", a/b)
}

// childEnv marks a child process started by selfCommand; tests, whose
// executable is the test binary, look for it to run the command asked.
const childEnv = "GAZETTE_BENCH_CHILD=1"

// selfCommand runs this executable with args.
func selfCommand(ctx context.Context, args ...string) *exec.Cmd {
	exe, err := os.Executable()
	if err != nil {
		exe = os.Args[0]
	}
	cmd := exec.CommandContext(ctx, exe, args...)
	cmd.Env = append(os.Environ(), childEnv)
	return cmd
}

func numCPU() int { return runtime.NumCPU() }
