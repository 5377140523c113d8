package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestAdminToken: the admin token comes from --admin-token, else
// --admin-token-file, else $GAZETTE_ADMIN_TOKEN; a token on the command
// line or in a file other users can read draws a warning.
func TestAdminToken(t *testing.T) {
	dir := t.TempDir()
	write := func(name, data string, mode os.FileMode) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(data), mode); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(p, mode); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := write("token", "s3cret-from-file\n", 0o600)
	spaced := write("spaced", "  s3cret  \r\nsecond line\n", 0o600)
	open := write("open", "readable", 0o644)
	empty := write("empty", "", 0o600)
	blank := write("blank", "\nlater\n", 0o600)

	tests := []struct {
		name    string
		args    []string
		env     string
		want    string
		warn    string // "" for no warning
		wantErr string
	}{
		{"nothing", nil, "", "", "", ""},
		{"environment", nil, "s3cret-from-env", "s3cret-from-env", "", ""},
		{"flag", []string{"--admin-token", "s3cret"}, "", "s3cret", "visible", ""},
		{"flag wins over environment", []string{"--admin-token", "s3cret"}, "other", "s3cret", "visible", ""},
		{"empty flag disables", []string{"--admin-token", ""}, "other", "", "", ""},
		{"file", []string{"--admin-token-file", good}, "", "s3cret-from-file", "", ""},
		{"file wins over environment", []string{"--admin-token-file", good}, "other", "s3cret-from-file", "", ""},
		{"first line, trimmed", []string{"--admin-token-file", spaced}, "", "s3cret", "", ""},
		{"file others can read", []string{"--admin-token-file", open}, "", "readable", "chmod 600", ""},
		{"both flags", []string{"--admin-token", "a", "--admin-token-file", good}, "", "", "", "not both"},
		{"missing file", []string{"--admin-token-file", filepath.Join(dir, "nope")}, "", "", "", "no such file"},
		{"empty file", []string{"--admin-token-file", empty}, "", "", "", "is empty"},
		{"blank first line", []string{"--admin-token-file", blank}, "", "", "", "first line"},
		{"a directory", []string{"--admin-token-file", dir}, "", "", "", "not a regular file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fl := newFlags("test", &strings.Builder{})
			resolve := adminTokenFlags(fl, "token")
			if err := parseFlags(fl, tt.args); err != nil {
				t.Fatal(err)
			}
			var warnings []string
			got, err := resolve(func(name string) string {
				if name != adminTokenEnv {
					t.Errorf("looked up $%s", name)
				}
				return tt.env
			}, func(msg string) { warnings = append(warnings, msg) })
			switch {
			case tt.wantErr != "":
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("error %v, want %q", err, tt.wantErr)
				}
				return
			case err != nil:
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("token %q, want %q", got, tt.want)
			}
			w := strings.Join(warnings, "\n")
			if (tt.warn == "") != (w == "") || !strings.Contains(w, tt.warn) {
				t.Errorf("warnings %q, want %q", w, tt.warn)
			}
		})
	}
}

// TestServeAdminTokenSources: a server given its token by file or by
// environment guards the crawl API with it.
func TestServeAdminTokenSources(t *testing.T) {
	file := filepath.Join(t.TempDir(), "token")
	if err := os.WriteFile(file, []byte("from-file\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	check := func(srv server, token string) {
		t.Helper()
		defer srv.stop()
		if status, _ := apiCall(t, "GET", srv.base+"/api/v1/crawls", token, ""); status != 200 {
			t.Errorf("with the token: %d, want 200", status)
		}
		if status, _ := apiCall(t, "GET", srv.base+"/api/v1/crawls", "wrong", ""); status != 401 {
			t.Errorf("with a wrong token: %d, want 401", status)
		}
	}
	check(startServe(t, "--admin-token-file", file), "from-file")
	t.Setenv(adminTokenEnv, "from-env")
	check(startServe(t), "from-env")
}
