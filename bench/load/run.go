package load

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// Sample is the outcome of one request.
type Sample struct {
	Kind    string
	Latency time.Duration
	Status  int    // HTTP status; 0 when the request failed
	Total   uint64 // hits the answer reports
	Err     string
}

// Get sends one GET and reads the whole answer, returning its latency and
// the "total" of the JSON it holds.
func Get(ctx context.Context, client *http.Client, u string) Sample {
	return get(ctx, client, u, new(bytes.Buffer))
}

// get is Get reading the answer into buf, which a client reuses from one
// request to the next: the bench client shares the machine's cores with
// the server it measures, and an answer of some 30 KB read by
// io.ReadAll grows a new slice several times per request.
func get(ctx context.Context, client *http.Client, u string, buf *bytes.Buffer) Sample {
	start := time.Now()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return Sample{Err: err.Error()}
	}
	resp, err := client.Do(req)
	if err != nil {
		return Sample{Latency: time.Since(start), Err: err.Error()}
	}
	buf.Reset()
	_, err = buf.ReadFrom(resp.Body)
	resp.Body.Close()
	body := buf.Bytes()
	s := Sample{Latency: time.Since(start), Status: resp.StatusCode}
	if err != nil {
		s.Err = err.Error()
		return s
	}
	if resp.StatusCode != http.StatusOK {
		s.Err = fmt.Sprintf("HTTP %d: %.200s", resp.StatusCode, body)
	} else if s.Total, err = total(body); err != nil {
		s.Err = "answer is not JSON: " + err.Error()
	}
	return s
}

// total checks that an answer is JSON and returns its "total". Both sides
// write "total" first: the answer is then checked in one pass (valid) and
// the number read where it stands, instead of json.Unmarshal's two passes
// over the whole answer (one to check it, one to skip all but the total),
// which cost the bench client, sharing the cores with the server, as much
// as the rest of a request. Any other answer is left to json.Unmarshal, so
// that what is checked, and the errors, are the same.
func total(body []byte) (uint64, error) {
	const key = `{"total":`
	if rest, ok := bytes.CutPrefix(body, []byte(key)); ok && valid(body) {
		end := bytes.IndexAny(rest, ",}")
		if end > 0 {
			if n, err := strconv.ParseUint(string(rest[:end]), 10, 64); err == nil {
				return n, nil
			}
		}
	}
	var head struct {
		Total uint64 `json:"total"`
	}
	err := json.Unmarshal(body, &head)
	return head.Total, err
}

// Run sends the requests in order from clients concurrent clients, each
// taking the next request when its last one is answered, until all are
// sent or maxTime has passed. url builds a request's URL for the side
// under test. It returns the samples and the time the run took.
func Run(ctx context.Context, reqs []Request, url func(Request) string, clients int, maxTime time.Duration) ([]Sample, time.Duration) {
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients, MaxConnsPerHost: clients}, Timeout: time.Minute}
	defer client.CloseIdleConnections()
	ctx, cancel := context.WithTimeout(ctx, maxTime)
	defer cancel()
	samples := make([]Sample, len(reqs))
	var next atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	for range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf bytes.Buffer
			for {
				i := int(next.Add(1) - 1)
				if i >= len(reqs) || ctx.Err() != nil {
					return
				}
				s := get(ctx, client, url(reqs[i]), &buf)
				s.Kind = reqs[i].Kind
				samples[i] = s
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	sent := min(int(next.Load()), len(reqs))
	// Requests cut short by the end of the run are not samples.
	out := samples[:0]
	for _, s := range samples[:sent] {
		if s.Kind != "" && !(ctx.Err() != nil && s.Status == 0) {
			out = append(out, s)
		}
	}
	return out, elapsed
}

// KindStats summarises the samples of one kind.
type KindStats struct {
	Kind      string  `json:"kind"`
	N         int     `json:"n"`
	Errors    int     `json:"errors"`
	P50ms     float64 `json:"p50_ms"`
	P99ms     float64 `json:"p99_ms"`
	MedianHit uint64  `json:"median_hits"`
}

// Summarise returns statistics per kind in Kinds order, and over all
// samples (kind "all").
func Summarise(samples []Sample) []KindStats {
	by := map[string][]Sample{}
	for _, s := range samples {
		by[s.Kind] = append(by[s.Kind], s)
		by["all"] = append(by["all"], s)
	}
	var out []KindStats
	for _, kind := range append(slices.Clone(Kinds), "all") {
		ss := by[kind]
		if len(ss) == 0 {
			continue
		}
		st := KindStats{Kind: kind, N: len(ss)}
		var lat []time.Duration
		var hits []uint64
		for _, s := range ss {
			if s.Err != "" {
				st.Errors++
				continue
			}
			lat = append(lat, s.Latency)
			hits = append(hits, s.Total)
		}
		if len(lat) > 0 {
			slices.Sort(lat)
			slices.Sort(hits)
			st.P50ms, st.P99ms = ms(Percentile(lat, 50)), ms(Percentile(lat, 99))
			st.MedianHit = hits[len(hits)/2]
		}
		out = append(out, st)
	}
	return out
}

// Percentile returns the p-th percentile of sorted durations (nearest rank).
func Percentile(sorted []time.Duration, p int) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := (len(sorted)*p + 99) / 100
	return sorted[max(i, 1)-1]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// URL joins a base URL, a path and parameters.
func URL(base, path string, v url.Values) string {
	return base + path + "?" + v.Encode()
}
