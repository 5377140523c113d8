package crawl

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// TestCrawlStatus: a crawl that got no response because its hosts were
// refused (not public, without AllowPrivate), their robots.txt could not
// be fetched, or every fetch failed ends with ErrNothingFetched and says
// why; robots.txt that disallows everything is a finished crawl. Refused
// hosts, unreachable robots.txt and robots.txt rules are counted apart.
func TestCrawlStatus(t *testing.T) {
	page := `<html><head><title>Ferry timetable</title></head><body><p>The ferry sails at nine.</p></body></html>`
	type site struct {
		robots int    // status of robots.txt; 0: close the connection
		rules  string // robots.txt body with status 200
	}
	tests := []struct {
		name         string
		sites        []site
		allowPrivate bool
		wantErr      []string // in the error; nil: no error
		notInErr     []string
		want         Stats // only Refused, RobotsUnreachable, Blocked and Errors are compared
		wantPages    int   // pages (not robots.txt) requested
	}{
		{
			name:     "every host refused",
			sites:    []site{{robots: 200}},
			wantErr:  []string{"nothing fetched", "1 URL refused", "127.0.0.1 (loopback)", "--allow-private"},
			notInErr: []string{"robots.txt"},
			want:     Stats{Refused: 1},
		},
		{
			name:         "robots.txt answers 503",
			sites:        []site{{robots: 503}},
			allowPrivate: true,
			wantErr:      []string{"nothing fetched", "robots.txt could not be fetched", "HTTP 503", "stay queued"},
			notInErr:     []string{"--allow-private"},
			want:         Stats{RobotsUnreachable: 1},
		},
		{
			name:         "robots.txt connection fails",
			sites:        []site{{robots: 0}},
			allowPrivate: true,
			wantErr:      []string{"nothing fetched", "robots.txt could not be fetched", "/robots.txt"},
			want:         Stats{RobotsUnreachable: 1},
		},
		{
			name:         "robots.txt disallows everything",
			sites:        []site{{robots: 200, rules: "User-agent: *\nDisallow: /\n"}},
			allowPrivate: true,
			want:         Stats{Blocked: 1},
		},
		{
			name:         "one host of two unreachable",
			sites:        []site{{robots: 503}, {robots: 404}},
			allowPrivate: true,
			want:         Stats{RobotsUnreachable: 1},
			wantPages:    1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var mu sync.Mutex
			var pages int
			var seeds []string
			for _, s := range tt.sites {
				srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					if r.URL.Path == "/robots.txt" {
						switch s.robots {
						case 0:
							conn, _, _ := w.(http.Hijacker).Hijack()
							conn.Close()
						case 200:
							w.Write([]byte(s.rules))
						default:
							http.Error(w, "no", s.robots)
						}
						return
					}
					mu.Lock()
					pages++
					mu.Unlock()
					w.Header().Set("Content-Type", "text/html")
					w.Write([]byte(page))
				}))
				t.Cleanup(srv.Close)
				seeds = append(seeds, srv.URL+"/")
			}
			env := newTestEnv(t, t.TempDir())
			cfg := env.config()
			cfg.AllowPrivate = tt.allowPrivate
			st, err := Run(context.Background(), cfg, seeds)
			switch {
			case tt.wantErr == nil && err != nil:
				t.Fatalf("Run: %v, want no error", err)
			case tt.wantErr != nil && !errors.Is(err, ErrNothingFetched):
				t.Fatalf("Run: %v, want ErrNothingFetched", err)
			}
			for _, s := range tt.wantErr {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q does not say %q", err, s)
				}
			}
			for _, s := range tt.notInErr {
				if strings.Contains(err.Error(), s) {
					t.Errorf("error %q says %q", err, s)
				}
			}
			got := Stats{Refused: st.Refused, RobotsUnreachable: st.RobotsUnreachable, Blocked: st.Blocked, Errors: st.Errors}
			if got != tt.want {
				t.Errorf("stats %+v, want %+v", got, tt.want)
			}
			if pages != tt.wantPages {
				t.Errorf("%d pages requested, want %d", pages, tt.wantPages)
			}
		})
	}
}

// TestRefusedHostStaysQueued: the URLs of a refused host stay queued, so
// the same crawl run again with AllowPrivate fetches them.
func TestRefusedHostStaysQueued(t *testing.T) {
	site := newTestSite(t)
	env := newTestEnv(t, t.TempDir())
	cfg := env.config()
	cfg.AllowPrivate = false
	if _, err := Run(context.Background(), cfg, []string{site.URL + "/"}); !errors.Is(err, ErrNothingFetched) {
		t.Fatalf("without AllowPrivate: %v, want ErrNothingFetched", err)
	}
	if n := len(site.log()); n != 0 {
		t.Fatalf("the refused site got %d requests", n)
	}
	cfg.AllowPrivate = true
	st, err := Run(context.Background(), cfg, []string{site.URL + "/"})
	if err != nil || st.Indexed != len(wantArticles) || st.Refused != 0 {
		t.Fatalf("with AllowPrivate: %+v, %v; want %d articles", st, err, len(wantArticles))
	}
}
