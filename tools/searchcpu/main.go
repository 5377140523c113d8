// Command searchcpu measures the CPU time of `gazette bench`'s query mix,
// kind by kind, with the server's handler called in this process: no
// network, no bench client and no other request shares the measurement,
// so runs made one after the other compare even on a busy machine, where
// the bench's latencies drift. Every request is distinct, as in the bench;
// each further round asks for the same searches with a facet option that
// changes nothing but the facet cache's key, so that no round is answered
// from the cache (except the front page's pages, which share facets as in
// the bench).
//
//	go run ./tools/searchcpu -index DATA/index -articles 100000 -per-kind 30 -rounds 3 [-cpuprofile F]
//
// With -queries FILE it measures the queries of the file instead of the
// mix: one a line, as typed in the search box, each after its kind and a
// tab (tools/searchcpu/phrases.txt: phrases of three and four words).
// With -timeline too, each line's queries, separated by " | ", are
// compared on /api/v1/timeline instead (tools/searchcpu/timeline.txt).
//
// It prints, per kind, the CPU time per request (all threads: the garbage
// collector's work is in it), and the collections and bytes allocated.
// The index must not be open in another process. The collector runs with
// the process's GOGC and GOMEMLIMIT (gazette serve sets its own, see
// cmd/gazette/gc.go): set them to compare like with like.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"runtime"
	"runtime/pprof"
	"strings"
	"syscall"
	"time"

	"github.com/gazette-news/gazette/bench/corpus"
	"github.com/gazette-news/gazette/bench/load"
	"github.com/gazette-news/gazette/search"
	"github.com/gazette-news/gazette/web"
)

func main() {
	indexDir := flag.String("index", "", "the index directory (DATA/index)")
	articles := flag.Int("articles", 100000, "articles of the corpus the index holds (the mix draws from them)")
	seed := flag.Uint64("seed", 1, "the corpus's seed")
	perKind := flag.Int("per-kind", 30, "requests of each kind")
	rounds := flag.Int("rounds", 1, "times each request is made")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile here, each sample labelled with its kind")
	only := flag.String("kinds", "", "only the kinds whose name holds this text")
	queries := flag.String("queries", "", "measure the queries of this file (lines of kind, a tab, a query) instead of the mix")
	timeline := flag.Bool("timeline", false, "with -queries: compare each line's queries (separated by \" | \") on /api/v1/timeline")
	flag.Parse()
	if *indexDir == "" {
		log.Fatal("searchcpu: -index is required")
	}
	if *timeline && *queries == "" {
		log.Fatal("searchcpu: -timeline needs -queries")
	}
	if err := run(*indexDir, *articles, *seed, *perKind, *rounds, *cpuProfile, *only, *queries, *timeline); err != nil {
		log.Fatal(err)
	}
}

func run(indexDir string, articles int, seed uint64, perKind, rounds int, cpuProfile, only, queries string, timeline bool) error {
	ix, err := search.Open(indexDir)
	if err != nil {
		return err
	}
	defer ix.Close()
	ix.Prepare()
	for ix.Warming() { // the segments read, as a server is ready after
		time.Sleep(50 * time.Millisecond)
	}
	c, err := corpus.New(seed)
	if err != nil {
		return err
	}
	byKind := map[string][]load.Request{}
	kinds := load.Kinds
	if queries != "" {
		if kinds, byKind, err = readQueries(queries, timeline); err != nil {
			return err
		}
	} else {
		for _, r := range load.Mix(c, articles, perKind, seed) {
			byKind[r.Kind] = append(byKind[r.Kind], r)
		}
	}
	endpoint := "/api/v1/search?"
	if timeline {
		endpoint = "/api/v1/timeline?"
	}
	h := web.New(web.Config{Search: ix, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})

	if cpuProfile != "" {
		f, err := os.Create(cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	fmt.Printf("live heap %.1f MB\n", float64(before.HeapAlloc)/1e6)
	var total time.Duration
	n := 0
	for _, kind := range kinds {
		if !strings.Contains(kind, only) {
			continue
		}
		var spent time.Duration
		var failed error
		unavailable := 0
		pprof.Do(context.Background(), pprof.Labels("kind", kind), func(context.Context) {
			for round := range rounds {
				for _, r := range byKind[kind] {
					u := endpoint + r.Gazette.Encode() + strings.Repeat("&more=langs", round)
					rec := httptest.NewRecorder()
					start := cpuTime()
					h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, u, nil))
					spent += cpuTime() - start
					switch {
					case rec.Code == http.StatusServiceUnavailable:
						unavailable++ // past the search deadline on a busy machine
					case rec.Code != http.StatusOK && failed == nil:
						failed = fmt.Errorf("%s: HTTP %d: %s", u, rec.Code, rec.Body.String())
					}
				}
			}
		})
		if failed != nil {
			return failed
		}
		k := len(byKind[kind]) * rounds
		total += spent
		n += k
		fmt.Printf("%-40s %7.2f ms CPU per request", kind, perRequest(spent, k))
		if unavailable > 0 {
			fmt.Printf(" (%d answered 503)", unavailable)
		}
		fmt.Println()
	}
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	fmt.Printf("%-40s %7.2f ms CPU per request; %d collections, %.2f MB allocated per request\n", "all", perRequest(total, n),
		after.NumGC-before.NumGC, float64(after.TotalAlloc-before.TotalAlloc)/1e6/float64(n))
	return nil
}

// readQueries reads a file of queries: lines of a kind, a tab and a query;
// for a timeline, of a kind, a tab and queries separated by " | ".
func readQueries(path string, timeline bool) ([]string, map[string][]load.Request, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	var kinds []string
	byKind := map[string][]load.Request{}
	for i, line := range strings.Split(string(b), "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		kind, q, ok := strings.Cut(line, "\t")
		if !ok {
			return nil, nil, fmt.Errorf("%s:%d: no tab between a kind and a query", path, i+1)
		}
		if byKind[kind] == nil {
			kinds = append(kinds, kind)
		}
		qs := []string{q}
		if timeline {
			qs = strings.Split(q, " | ")
		}
		byKind[kind] = append(byKind[kind], load.Request{Kind: kind, Gazette: url.Values{"q": qs}})
	}
	return kinds, byKind, nil
}

func perRequest(d time.Duration, n int) float64 {
	return float64(d.Microseconds()) / 1000 / float64(max(n, 1))
}

// cpuTime is the CPU time of the process so far, all threads.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
