package main

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// TestCrawlAPIFailedCrawl: a crawl started through the API whose seed was
// refused (a loopback address on a server without --allow-private), or
// whose robots.txt could not be fetched, ends "failed" with the reason,
// and the two are counted apart in its stats.
func TestCrawlAPIFailedCrawl(t *testing.T) {
	down := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "maintenance", http.StatusServiceUnavailable)
	}))
	defer down.Close()
	tests := []struct {
		name      string
		serveArgs []string
		seed      string
		wantError []string
		refused   float64
		robots    float64
	}{
		{"refused", nil, newsSite(t, nil).URL + "/", []string{"nothing fetched", "loopback", "--allow-private"}, 1, 0},
		{"robots.txt unreachable", []string{"--allow-private"}, down.URL + "/", []string{"nothing fetched", "robots.txt could not be fetched", "503"}, 0, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := startServe(t, append([]string{"--admin-token", "s3cret"}, tt.serveArgs...)...)
			defer srv.stop()
			crawls := srv.base + "/api/v1/crawls"
			status, started := apiCall(t, "POST", crawls, "s3cret", `{"seeds":["`+tt.seed+`"]}`)
			if status != 202 {
				t.Fatalf("starting a crawl: %d %v", status, started)
			}
			id, _ := started["id"].(string)
			var final map[string]any
			for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
				_, final = apiCall(t, "GET", crawls+"/"+id, "s3cret", "")
				if final["state"] != "running" {
					break
				}
			}
			msg, _ := final["error"].(string)
			stats, _ := final["stats"].(map[string]any)
			if final["state"] != "failed" || stats["refused"] != tt.refused || stats["robots_unreachable"] != tt.robots || stats["blocked"] != float64(0) {
				t.Fatalf("crawl ended as %v", final)
			}
			for _, s := range tt.wantError {
				if !strings.Contains(msg, s) {
					t.Errorf("error %q does not say %q", msg, s)
				}
			}
		})
	}
}
