package crawl

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"
)

// politeHost is a loopback site that records how many requests it had in
// flight at once and how many connections were opened to it.
type politeHost struct {
	*httptest.Server
	inFlight, maxInFlight, conns, requests atomic.Int32
}

func newPoliteHost(t *testing.T) *politeHost {
	h := &politeHost{}
	h.Server = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := h.inFlight.Add(1)
		defer h.inFlight.Add(-1)
		for {
			m := h.maxInFlight.Load()
			if n <= m || h.maxInFlight.CompareAndSwap(m, n) {
				break
			}
		}
		h.requests.Add(1)
		time.Sleep(5 * time.Millisecond)
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html")
		if r.URL.Path == "/" {
			for i := range 6 {
				fmt.Fprintf(w, `<a href="/p%d">page %d</a> `, i, i)
			}
			return
		}
		fmt.Fprint(w, "<p>a page</p>")
	}))
	h.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			h.conns.Add(1)
		}
	}
	h.Start()
	t.Cleanup(h.Close)
	return h
}

// TestOneConnectionPerHost crawls two hosts at once: each sees one
// request at a time over one connection, and both are crawled in full.
func TestOneConnectionPerHost(t *testing.T) {
	a, b := newPoliteHost(t), newPoliteHost(t)
	env := newTestEnv(t, t.TempDir())
	cfg := env.config()
	cfg.Workers = 4
	st, err := Run(context.Background(), cfg, []string{a.URL + "/", b.URL + "/"})
	if err != nil {
		t.Fatal(err)
	}
	for name, h := range map[string]*politeHost{"a": a, "b": b} {
		if h.requests.Load() != 8 || h.maxInFlight.Load() != 1 || h.conns.Load() != 1 {
			t.Errorf("host %s: %d requests, at most %d at once, %d connections; want 8, 1, 1",
				name, h.requests.Load(), h.maxInFlight.Load(), h.conns.Load())
		}
	}
	if st.Fetched != 16 || st.Errors != 0 {
		t.Errorf("stats %+v", st)
	}
}
