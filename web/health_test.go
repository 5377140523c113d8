package web

import (
	"context"
	"errors"
	"reflect"
	"runtime"
	"testing"

	"github.com/gazette-news/gazette/buildinfo"
)

func TestHealthz(t *testing.T) {
	v := buildinfo.Info{Version: "v1.2.3", Commit: "0123456789abcdef", Modified: true, Go: runtime.Version()}
	srv := newTestServer(t, Config{Version: v})
	var body struct {
		Status string `json:"status"`
		buildinfo.Info
	}
	getJSON(t, srv.URL+"/healthz", 200, &body)
	if body.Status != "ok" || body.Info != v {
		t.Errorf("/healthz = %+v, want ok and %+v", body, v)
	}
	// The footer shows the same build.
	doc := getPage(t, srv.URL+"/", 200)
	if got, want := doc.Find("footer .version").Text(), "v1.2.3 · commit 0123456789ab (modified) · "+runtime.Version(); got != want {
		t.Errorf("footer version = %q, want %q", got, want)
	}
	if href, _ := doc.Find(`footer a:contains("JSON API")`).Attr("href"); href != "/api" {
		t.Errorf("footer JSON API link = %q, want /api", href)
	}
}

func TestReadyz(t *testing.T) {
	ok := func(context.Context) error { return nil }
	full := func(context.Context) error { return errors.New("cannot write to the archive: no space left on device") }
	type check struct{ Name, Status, Message string }
	type body struct {
		Status string
		Checks []check
		Error  *struct{ Code, Message string }
	}
	tests := []struct {
		name       string
		checks     []ReadyCheck
		wantStatus int
		want       body
	}{
		{"no checks", nil, 200, body{Status: "ready", Checks: []check{}}},
		{"all pass", []ReadyCheck{{"index", ok}, {"archive", ok}}, 200,
			body{Status: "ready", Checks: []check{{"index", "ok", ""}, {"archive", "ok", ""}}}},
		{"archive full", []ReadyCheck{{"index", ok}, {"archive", full}}, 503,
			body{Status: "unavailable",
				Checks: []check{{"index", "ok", ""}, {"archive", "failed", "cannot write to the archive: no space left on device"}},
				Error:  &struct{ Code, Message string }{"unavailable", "archive: cannot write to the archive: no space left on device"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newTestServer(t, Config{Ready: tt.checks})
			var got body
			getJSON(t, srv.URL+"/readyz", tt.wantStatus, &got)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("/readyz = %+v, want %+v", got, tt.want)
			}
		})
	}
}
