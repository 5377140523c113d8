package web

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
)

// TestBackupEndpoint: POST /api/v1/backup needs the admin token as a
// bearer token, streams what the backup writer writes as a tar download,
// answers a failure before the first byte with a JSON error, runs one
// backup at a time, and is off without a token.
func TestBackupEndpoint(t *testing.T) {
	const token = "s3cret-token"
	release := make(chan struct{})
	started := make(chan struct{}, 1)
	writer := func(ctx context.Context, w io.Writer) error {
		if ctx.Value(failKey{}) != nil {
			return errors.New("the disk is full")
		}
		started <- struct{}{}
		<-release
		_, err := io.WriteString(w, "tar bytes")
		return err
	}
	var fail atomic.Bool
	srv := newTestServer(t, Config{AdminToken: token, Backup: func(ctx context.Context, w io.Writer) error {
		if fail.Load() {
			ctx = context.WithValue(ctx, failKey{}, true)
		}
		return writer(ctx, w)
	}})
	post := func(auth string) (*http.Response, string) {
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/api/v1/backup", nil)
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, string(b)
	}
	errorCode := func(body string) string {
		var v struct {
			Error struct{ Code string } `json:"error"`
		}
		json.Unmarshal([]byte(body), &v)
		return v.Error.Code
	}

	for _, auth := range []string{"", "Bearer nope", "Basic " + token, token} {
		if resp, body := post(auth); resp.StatusCode != 401 || errorCode(body) != "unauthorized" {
			t.Errorf("Authorization %q: %d %s, want 401", auth, resp.StatusCode, body)
		}
	}
	if resp, _ := http.Get(srv.URL + "/api/v1/backup"); resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("GET: %d, want 405", resp.StatusCode)
	}

	// One backup at a time.
	done := make(chan string)
	go func() {
		resp, body := post("Bearer " + token)
		done <- resp.Status + " " + resp.Header.Get("Content-Type") + " " + resp.Header.Get("Content-Disposition") + " " + body
	}()
	<-started
	if resp, body := post("Bearer " + token); resp.StatusCode != 409 || errorCode(body) != "conflict" {
		t.Errorf("a second backup: %d %s, want 409", resp.StatusCode, body)
	}
	close(release)
	got := <-done
	for _, want := range []string{"200 OK", "application/x-tar", `attachment; filename="gazette-backup-`, ".tar\"", "tar bytes"} {
		if !strings.Contains(got, want) {
			t.Errorf("backup answer %q lacks %q", got, want)
		}
	}

	fail.Store(true)
	if resp, body := post("Bearer " + token); resp.StatusCode != 500 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		t.Errorf("a failed backup: %d %s, want a JSON 500", resp.StatusCode, body)
	}

	off := newTestServer(t, Config{Backup: writer})
	req, _ := http.NewRequest(http.MethodPost, off.URL+"/api/v1/backup", nil)
	req.Header.Set("Authorization", "Bearer ")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 403 {
		t.Errorf("without a configured token: %d, want 403", resp.StatusCode)
	}
}

type failKey struct{}
