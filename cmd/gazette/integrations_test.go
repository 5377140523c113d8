package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestServeWACZExport checks --cors-origin, then downloads the WACZ of a filtered search from a
// running `gazette serve --demo`, as the admin's form on the results page
// does, and checks that it holds exactly the articles of that search:
// imported into a fresh data directory, it answers with them alone.
func TestServeWACZExport(t *testing.T) {
	const token = "demo-admin-token"
	srv := startServe(t, "--demo", "--admin-token", token, "--cors-origin", "https://notebook.example", "--cors-origin", "http://127.0.0.1:8888")
	defer srv.stop()

	// The read-only API is readable from the named origins, the admin
	// endpoint from none.
	for _, c := range []struct{ method, path, origin, want string }{
		{"GET", "/api/v1/search?q=Izyum", "http://127.0.0.1:8888", "http://127.0.0.1:8888"},
		{"GET", "/feed.atom?q=Izyum", "https://notebook.example", "https://notebook.example"},
		{"GET", "/api/v1/search?q=Izyum", "https://evil.example", ""},
		{"POST", "/api/v1/export/wacz?q=Izyum", "https://notebook.example", ""},
	} {
		req, _ := http.NewRequest(c.method, srv.base+c.path, nil)
		req.Header.Set("Origin", c.origin)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if got := resp.Header.Get("Access-Control-Allow-Origin"); got != c.want {
			t.Errorf("%s %s from %s: Access-Control-Allow-Origin %q, want %q", c.method, c.path, c.origin, got, c.want)
		}
	}

	search := url.Values{"q": {"Izyum"}, "lang": {"en"}}
	var want struct {
		Total uint64
		Hits  []struct{ ID string }
	}
	getJSONBody(t, srv.base+"/api/v1/search?size=100&"+search.Encode(), &want)
	if want.Total == 0 {
		t.Fatal("the demo has no English article about Izyum")
	}
	var all struct{ Total uint64 }
	getJSONBody(t, srv.base+"/api/v1/search?q=Izyum", &all)
	if all.Total == want.Total {
		t.Fatal("the language filter must make a proper subset for this test")
	}

	form := url.Values{"token": {"wrong"}}
	for k, v := range search {
		form[k] = v
	}
	resp, err := http.PostForm(srv.base+"/api/v1/export/wacz", form)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("a wrong token: status %d, want 401", resp.StatusCode)
	}

	form.Set("token", token)
	resp, err = http.PostForm(srv.base+"/api/v1/export/wacz", form)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/zip" ||
		!strings.Contains(resp.Header.Get("Content-Disposition"), "gazette-izyum.wacz") {
		body, _ := io.ReadAll(resp.Body)
		t.Fatalf("status %d, headers %v: %s", resp.StatusCode, resp.Header, body)
	}
	file := filepath.Join(t.TempDir(), "izyum.wacz")
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}
	checkWACZ(t, file, int(want.Total))

	copyDir := t.TempDir()
	runOK(t, "import", "--data", copyDir, file)
	got := searchAll(t, copyDir, "")
	var wantIDs []string
	for _, h := range want.Hits {
		wantIDs = append(wantIDs, h.ID)
	}
	slices.Sort(wantIDs)
	slices.Sort(got.IDs)
	if !slices.Equal(got.IDs, wantIDs) {
		t.Errorf("the WACZ re-imports as %v, want the search's %v", got.IDs, wantIDs)
	}
}

// getJSONBody fetches url and decodes its JSON body into v.
func getJSONBody(t *testing.T, url string, v any) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: status %d", url, resp.StatusCode)
	}
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
}

// TestServeCORSOriginFlag checks that --cors-origin refuses what is not
// an origin before the server opens anything.
func TestServeCORSOriginFlag(t *testing.T) {
	for _, bad := range []string{"notebook.example", "https://notebook.example/lab", "https://a.example,https://b.example"} {
		var stderr strings.Builder
		code := run(context.Background(), []string{"serve", "--data", t.TempDir(), "--cors-origin", bad}, io.Discard, &stderr)
		if code != 2 || !strings.Contains(stderr.String(), "is not an origin") {
			t.Errorf("--cors-origin %q: exit %d, stderr %q; want 2 and the reason", bad, code, stderr.String())
		}
	}
}
