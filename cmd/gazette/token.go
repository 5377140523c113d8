package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"
)

// adminTokenEnv names the environment variable the admin token can come
// from, so that it does not show in `ps` as a command-line argument would.
const adminTokenEnv = "GAZETTE_ADMIN_TOKEN"

// adminTokenFlags registers --admin-token and --admin-token-file on fl.
// Call the returned function after parsing: it returns the token from, in
// this order, --admin-token (even empty, which disables the write
// endpoints), --admin-token-file, or the environment variable
// GAZETTE_ADMIN_TOKEN (looked up with getenv), and warns on warn when the
// token is visible to other users.
func adminTokenFlags(fl *flag.FlagSet, usage string) func(getenv func(string) string, warn func(string)) (string, error) {
	token := fl.String("admin-token", "", usage+"; visible in `ps`, prefer --admin-token-file or $"+adminTokenEnv)
	file := fl.String("admin-token-file", "", "read the admin token from this file (its first line)")
	return func(getenv func(string) string, warn func(string)) (string, error) {
		set := map[string]bool{}
		fl.Visit(func(f *flag.Flag) { set[f.Name] = true })
		switch {
		case set["admin-token"] && set["admin-token-file"]:
			return "", usageError{"give --admin-token or --admin-token-file, not both"}
		case set["admin-token"]:
			if *token != "" {
				warn("the admin token given with --admin-token is visible to every user of this machine (ps); prefer --admin-token-file or " + adminTokenEnv)
			}
			return *token, nil
		case set["admin-token-file"]:
			return readTokenFile(*file, warn)
		}
		return strings.TrimSpace(getenv(adminTokenEnv)), nil
	}
}

// readTokenFile reads an admin token from the first line of a file.
func readTokenFile(path string, warn func(string)) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", fmt.Errorf("admin token: %w", err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return "", fmt.Errorf("admin token: %w", err)
	}
	if !info.Mode().IsRegular() {
		return "", fmt.Errorf("admin token: %s is not a regular file", path)
	}
	if info.Mode().Perm()&0o077 != 0 {
		warn(fmt.Sprintf("the admin token file %s can be read by other users (mode %v); chmod 600 it", path, info.Mode().Perm()))
	}
	b := make([]byte, 4096)
	n, err := f.Read(b)
	if err != nil && n == 0 {
		return "", fmt.Errorf("admin token: %s is empty", path)
	}
	line, _, _ := strings.Cut(string(b[:n]), "\n")
	token := strings.TrimSpace(line)
	if token == "" {
		return "", fmt.Errorf("admin token: the first line of %s is empty", path)
	}
	return token, nil
}

var errNoToken = errors.New("no admin token: give --admin-token-file FILE, or set " + adminTokenEnv)
