package main

import (
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

// TestServeWACZExport downloads the WACZ of a filtered search from a
// running `gazette serve --demo`, as the admin's form on the results page
// does, and checks that it holds exactly the articles of that search:
// imported into a fresh data directory, it answers with them alone.
func TestServeWACZExport(t *testing.T) {
	const token = "demo-admin-token"
	srv := startServe(t, "--demo", "--admin-token", token)
	defer srv.stop()

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
