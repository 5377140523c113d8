package main

import (
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestImportHidesFolders imports a text dump from deep inside a home
// folder and reads it back everywhere a user can: the search API, the
// article API and page, the results page and the CSV and JSON Lines
// exports. The folders appear nowhere; the file's name does.
func TestImportHidesFolders(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "home", "anna", "secret-dumps")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	body, err := os.ReadFile("testdata/import/kupiansk-bridge.txt")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "kupiansk-bridge.txt"), body, 0o644); err != nil {
		t.Fatal(err)
	}
	data := t.TempDir()
	if code, out, errOut := runCmd(t, "import", "--data", data, dir); code != 0 {
		t.Fatalf("import exit %d\n%s\n%s", code, out, errOut)
	}
	srv := startServe(t, "--data", data)
	defer srv.stop()

	fetch := func(path string) string {
		t.Helper()
		res, err := http.Get(srv.base + path)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		if res.StatusCode != 200 {
			t.Fatalf("GET %s: %d %s", path, res.StatusCode, b)
		}
		return string(b)
	}
	var found struct {
		Hits []struct{ ID, URL string }
	}
	if err := json.Unmarshal([]byte(fetch("/api/v1/search?q=pontoon")), &found); err != nil || len(found.Hits) != 1 {
		t.Fatalf("search: %v, %d hits", err, len(found.Hits))
	}
	if u := found.Hits[0].URL; !strings.HasPrefix(u, "file:") || !strings.HasSuffix(u, "/kupiansk-bridge.txt") {
		t.Errorf("the article's URL is %q, want file:HASH/kupiansk-bridge.txt", u)
	}
	id := found.Hits[0].ID
	for _, path := range []string{"/api/v1/search?q=pontoon", "/?q=pontoon", "/api/v1/articles/" + id, "/articles/" + id,
		"/api/v1/export?q=pontoon&format=csv", "/api/v1/export?q=pontoon&format=jsonl"} {
		page := fetch(path)
		for _, folder := range []string{"secret-dumps", "anna", dir} {
			if strings.Contains(page, folder) {
				t.Errorf("%s shows the folder %q", path, folder)
			}
		}
	}
	if page := fetch("/articles/" + id); !strings.Contains(page, "kupiansk-bridge.txt (imported file)") {
		t.Error("the article page does not name the file")
	}
}
