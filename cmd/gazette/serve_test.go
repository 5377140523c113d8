package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestServeDemo runs the README's first command, `gazette serve --demo`, on
// a free loopback port and searches the demo the way a new user would.
func TestServeDemo(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	outR, outW := io.Pipe()
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--demo", "--data", t.TempDir(), "--addr", "127.0.0.1:0"}, outW, io.Discard)
		outW.Close()
	}()

	// The server prints its address once the demo is imported and it listens.
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(outR)
		for sc.Scan() {
			if _, u, ok := strings.Cut(sc.Text(), "serving at "); ok {
				addr <- strings.TrimSuffix(u, "/")
			}
		}
		io.Copy(io.Discard, outR)
	}()
	var base string
	select {
	case base = <-addr:
	case code := <-done:
		t.Fatalf("serve exited with %d before listening", code)
	case <-time.After(2 * time.Minute):
		t.Fatal("serve did not start")
	}

	resp, err := http.Get(base + "/api/v1/search?q=Izyum")
	if err != nil {
		t.Fatal(err)
	}
	var res struct {
		Total  int `json:"total"`
		Facets struct {
			Places []struct {
				ID, Name string
				Count    int
			} `json:"places"`
		} `json:"facets"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&res); err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if res.Total < 4 {
		t.Errorf("search for Izyum found %d articles, want at least the 4 spellings Izyum, Izium, Изюм, Ізюм", res.Total)
	}
	if len(res.Facets.Places) == 0 || res.Facets.Places[0].Name != "Izium" || res.Facets.Places[0].Count != res.Total {
		t.Errorf("top place facet = %+v, want Izium counting every hit", res.Facets.Places)
	}

	page, err := http.Get(base + "/?q=Izyum")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(page.Body)
	page.Body.Close()
	if page.StatusCode != 200 || !strings.Contains(string(body), "Izium") || !strings.Contains(string(body), "GeoNames") {
		t.Errorf("UI search page: status %d, Izium facet or GeoNames credit missing", page.StatusCode)
	}

	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("serve exited with %d after shutdown", code)
		}
	case <-time.After(30 * time.Second):
		t.Error("serve did not shut down")
	}
}
