package web

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gazette-news/gazette/search"
)

// gateSearcher is a searcher that holds every search until the gate opens
// (or the search's context ends, if it honours contexts), so a test decides
// when searches finish instead of racing a clock.
type gateSearcher struct {
	Searcher
	entered   chan struct{} // one value per search started
	gate      chan struct{} // closed: searches finish
	ignoreCtx bool          // a searcher that does not stop at its deadline
	once      sync.Once
}

func newGateSearcher(next Searcher) *gateSearcher {
	return &gateSearcher{Searcher: next, entered: make(chan struct{}, 1000), gate: make(chan struct{})}
}

// open lets the held searches finish; it may be called more than once.
func (g *gateSearcher) open() {
	g.once.Do(func() { close(g.gate) })
}

func (g *gateSearcher) Search(ctx context.Context, r search.Request) (*search.Result, error) {
	g.entered <- struct{}{}
	if g.ignoreCtx {
		<-g.gate
		return g.Searcher.Search(context.Background(), r)
	}
	select {
	case <-g.gate:
		return g.Searcher.Search(ctx, r)
	case <-ctx.Done():
		return nil, fmt.Errorf("gate: %w", ctx.Err())
	}
}

// TestSearchDeadline: a search still running at its deadline is answered
// with a 503 and Retry-After, in JSON on the API and as a page in the UI,
// whether the searcher stops at the deadline or not.
func TestSearchDeadline(t *testing.T) {
	for _, ignoreCtx := range []bool{false, true} {
		t.Run(fmt.Sprintf("ignoreCtx=%v", ignoreCtx), func(t *testing.T) {
			gs := newGateSearcher(openIndex(t))
			gs.ignoreCtx = ignoreCtx
			t.Cleanup(gs.open)
			srv := serveWithLimits(t, Config{Search: gs, Limits: Limits{SearchTimeout: 20 * time.Millisecond}})

			res, err := http.Get(srv.URL + "/api/v1/search?q=Kharkiv")
			if err != nil {
				t.Fatal(err)
			}
			if got := res.Header.Get("Retry-After"); got != "1" {
				t.Errorf("Retry-After = %q, want 1", got)
			}
			checkJSONError(t, res, http.StatusServiceUnavailable, codeTimeout)

			page := get(t, srv.URL+"/?q=Kharkiv")
			if page.Status != http.StatusServiceUnavailable || page.Header.Get("Retry-After") != "1" ||
				!strings.Contains(string(page.Body), "took too long") {
				t.Errorf("UI: status %d, Retry-After %q, body %.300s", page.Status, page.Header.Get("Retry-After"), page.Body)
			}
		})
	}
}

// TestSearchQueue: with one search running and one waiting, a third is
// refused at once with 503; the two others are answered when the running
// one ends.
func TestSearchQueue(t *testing.T) {
	gs := newGateSearcher(openIndex(t))
	srv := serveWithLimits(t, Config{Search: gs, Limits: Limits{MaxSearches: 1, SearchQueue: 1, SearchTimeout: time.Minute}})

	type answer struct {
		status int
		code   string
	}
	ask := func(out chan<- answer) {
		res, err := http.Get(srv.URL + "/api/v1/search?q=Kharkiv")
		if err != nil {
			out <- answer{status: -1, code: err.Error()}
			return
		}
		defer res.Body.Close()
		body, _ := io.ReadAll(res.Body)
		code := ""
		if res.StatusCode != http.StatusOK {
			code = string(body)
		}
		out <- answer{res.StatusCode, code}
	}
	first := make(chan answer, 1)
	go ask(first)
	<-gs.entered // the first search runs
	others := make(chan answer, 2)
	go ask(others)
	go ask(others)
	select {
	case a := <-others:
		if a.status != http.StatusServiceUnavailable || !strings.Contains(a.code, codeOverloaded) {
			t.Fatalf("while the queue is full: %d %s, want 503 %s", a.status, a.code, codeOverloaded)
		}
	case <-time.After(waitBound):
		t.Fatal("no search was refused while one ran and one waited")
	}
	gs.open()
	for _, c := range []chan answer{first, others} {
		if a := <-c; a.status != http.StatusOK {
			t.Errorf("a search admitted to the queue: %d %s, want 200", a.status, a.code)
		}
	}
}

// TestSearchSlotHeldUntilReturn: a searcher that ignores its deadline is
// answered at the deadline but keeps its slot until it returns, so the
// searches behind it time out in the queue instead of adding to the load.
func TestSearchSlotHeldUntilReturn(t *testing.T) {
	gs := newGateSearcher(openIndex(t))
	gs.ignoreCtx = true
	l := newSearchLimiter(gs, Limits{MaxSearches: 1, SearchQueue: 4, SearchTimeout: time.Second}.withDefaults(),
		slog.New(slog.DiscardHandler))
	ask := func() error {
		_, err := l.Search(context.Background(), search.Request{Query: "Kharkiv"})
		return err
	}
	if err := ask(); err != errSearchTimeout {
		t.Fatalf("a stuck search: %v, want errSearchTimeout", err)
	}
	<-gs.entered
	if err := ask(); err != errSearchTimeout {
		t.Errorf("a search queued behind a stuck one: %v, want errSearchTimeout", err)
	}
	if len(gs.entered) != 0 {
		t.Error("a second search ran while the first held the only slot")
	}
	gs.open()
	for deadline := time.Now().Add(waitBound); len(l.slots) > 0; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the stuck search never gave its slot back")
		}
	}
	if err := ask(); err != nil {
		t.Errorf("a search once the stuck one returned: %v", err)
	}
}

// TestOverload: 80 clients at once against a server that runs two
// searches and queues eight are answered 200 or 503, never anything else;
// the server keeps serving; and once the clients are gone, its goroutines,
// open files and live heap go back to what they were at rest.
func TestOverload(t *testing.T) {
	const clients = 80
	gs := newGateSearcher(openIndex(t))
	srv := serveWithLimits(t, Config{Search: gs, Limits: Limits{MaxSearches: 2, SearchQueue: 8, SearchTimeout: time.Minute}})
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients}}
	getStatus := func(url string) (int, error) {
		res, err := client.Get(url)
		if err != nil {
			return 0, err
		}
		defer res.Body.Close()
		_, err = io.Copy(io.Discard, res.Body)
		return res.StatusCode, err
	}
	if st, err := getStatus(srv.URL + "/static/style.css"); err != nil || st != http.StatusOK {
		t.Fatalf("warm-up: %d %v", st, err)
	}
	client.CloseIdleConnections()
	rest := resting(t)

	// Round 1: the searches are held, so exactly 2 run, 8 wait and 70 are
	// refused.
	statuses := make(chan int, clients)
	var wg sync.WaitGroup
	for range clients {
		wg.Go(func() {
			st, err := getStatus(srv.URL + "/api/v1/search?q=Kharkiv")
			if err != nil {
				t.Errorf("client: %v", err)
			}
			statuses <- st
		})
	}
	count := map[int]int{}
	for range clients - 10 {
		count[<-statuses]++
	}
	gs.open()
	wg.Wait()
	close(statuses)
	for st := range statuses {
		count[st]++
	}
	if count[http.StatusOK] != 10 || count[http.StatusServiceUnavailable] != clients-10 {
		t.Errorf("held searches: answers by status %v, want 10×200 and %d×503", count, clients-10)
	}

	// Round 2: real searches, free-running, several per client, UI and API.
	count = map[int]int{}
	var mu sync.Mutex
	for i := range clients {
		wg.Go(func() {
			for j := range 5 {
				url := srv.URL + "/api/v1/search?q=Kharkiv&page=" + fmt.Sprint(j+1)
				if i%2 == 1 {
					url = srv.URL + "/?q=Kharkiv"
				}
				st, err := getStatus(url)
				if err != nil {
					t.Errorf("client: %v", err)
				}
				mu.Lock()
				count[st]++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if count[http.StatusOK]+count[http.StatusServiceUnavailable] != clients*5 || count[http.StatusOK] == 0 {
		t.Errorf("free-running searches: answers by status %v, want only 200 and 503", count)
	}
	t.Logf("free-running: answers by status %v", count)

	client.CloseIdleConnections()
	settle(t, rest)
}

// restState is what a server holds at rest.
type restState struct {
	goroutines int
	fds        int
	heap       uint64
}

func resting(t *testing.T) restState {
	t.Helper()
	runtime.GC()
	return restState{goroutines: runtime.NumGoroutine(), fds: openFiles(t), heap: liveHeap()}
}

// settle polls until the goroutines, open files and live heap are back
// near rest, failing after waitBound.
func settle(t *testing.T, rest restState) {
	t.Helper()
	var now restState
	for deadline := time.Now().Add(waitBound); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		now = resting(t)
		if now.goroutines <= rest.goroutines+2 && now.fds <= rest.fds+2 && now.heap <= rest.heap+16<<20 {
			t.Logf("at rest before: %+v; after: %+v", rest, now)
			return
		}
	}
	t.Fatalf("the server did not settle: at rest %+v, now %+v", rest, now)
}

// openFiles counts this process's open file descriptors.
func openFiles(t *testing.T) int {
	t.Helper()
	entries, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Fatalf("counting open files: %v", err)
	}
	return len(entries)
}

// liveHeap is the heap in use after the last GC.
func liveHeap() uint64 {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// TestFuzzyBomb: 200 fuzzy terms (999 bytes) over an index of short words,
// which expand to every one of them, are refused: a 400 when the query
// parser caps the expansion, else a 503 at the deadline. Unbounded, this
// search takes seconds of CPU (3.5 s on the 2-core dev machine).
func TestFuzzyBomb(t *testing.T) {
	ix, err := search.Open(filepath.Join(t.TempDir(), "index"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	rng := rand.New(rand.NewPCG(1, 2))
	word := func() string {
		b := make([]byte, 2+rng.IntN(4))
		for i := range b {
			b[i] = byte('a' + rng.IntN(26))
		}
		return string(b)
	}
	var docs []search.Doc
	for i := range 40 {
		var words []string
		for range 20 {
			words = append(words, word())
		}
		docs = append(docs, search.Doc{ID: fmt.Sprint(i), URL: fmt.Sprintf("https://news.example/%d", i),
			Title: word(), Text: strings.Join(words, " "), Lang: "en", Site: "news.example"})
	}
	if err := ix.Put(docs...); err != nil {
		t.Fatal(err)
	}
	srv := serveWithLimits(t, Config{Search: ix, Limits: Limits{SearchTimeout: 100 * time.Millisecond}})

	bomb := strings.TrimSpace(strings.Repeat("ab~2 ", 200))
	start := time.Now()
	res, err := http.Get(srv.URL + "/api/v1/search?q=" + url.QueryEscape(bomb))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("a %d-byte fuzzy bomb: %d after %s", len(bomb), res.StatusCode, time.Since(start).Round(time.Millisecond))
	switch res.StatusCode {
	case http.StatusBadRequest:
		checkJSONError(t, res, http.StatusBadRequest, codeBadRequest)
	default:
		if res.Header.Get("Retry-After") == "" {
			t.Error("503 without Retry-After")
		}
		checkJSONError(t, res, http.StatusServiceUnavailable, codeTimeout)
	}
}
