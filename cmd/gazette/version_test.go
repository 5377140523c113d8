package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"runtime"
	"strings"
	"testing"

	"github.com/gazette-news/gazette/buildinfo"
)

// TestVersion: `gazette version` and `gazette --version` print the same
// line, with the version, commit and Go version, and /healthz reports the
// same build. A test binary has no version stamped, so it is "devel".
func TestVersion(t *testing.T) {
	want := buildinfo.Read().String() + " " + runtime.GOOS + "/" + runtime.GOARCH + "\n"
	if !strings.HasPrefix(want, "gazette devel (commit ") || !strings.Contains(want, runtime.Version()) {
		t.Fatalf("version line %q lacks the devel fallback or the Go version", want)
	}
	for _, args := range [][]string{{"version"}, {"--version"}, {"-version"}} {
		var out, errOut bytes.Buffer
		if code := run(context.Background(), args, &out, &errOut); code != 0 || out.String() != want {
			t.Errorf("gazette %s: exit %d, printed %q (stderr %q), want %q", args[0], code, out.String(), errOut.String(), want)
		}
	}
	if code := run(context.Background(), []string{"version", "extra"}, io.Discard, io.Discard); code != 2 {
		t.Errorf("gazette version extra: exit %d, want 2", code)
	}

	srv := startServe(t)
	defer srv.stop()
	resp, err := http.Get(srv.base + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var health struct {
		Status string `json:"status"`
		buildinfo.Info
	}
	if err := json.NewDecoder(resp.Body).Decode(&health); err != nil || health.Status != "ok" || health.Info != buildinfo.Read() {
		t.Errorf("/healthz = %+v (%v), want ok and %+v", health, err, buildinfo.Read())
	}
}
