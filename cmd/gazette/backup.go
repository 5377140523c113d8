package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/gazette-news/gazette/archive"
	"github.com/gazette-news/gazette/backup"
	"github.com/gazette-news/gazette/search"
	"github.com/gazette-news/gazette/web"
)

func cmdBackup(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := newFlags("backup", stderr)
	dataDir := fl.String("data", defaultDataDir, "data directory to back up, when no server has it open")
	server := fl.String("server", "", "back up through the running `gazette serve` at this URL (e.g. http://127.0.0.1:8080), with its admin token")
	adminToken := adminTokenFlags(fl, "the server's admin token")
	fl.Usage = func() {
		fmt.Fprintln(stderr, "Usage: gazette backup DEST [--data DIR]\n       gazette backup DEST --server URL [--admin-token-file FILE]\n\n"+
			"Writes a consistent copy of a data directory (WARC files, capture index, search index)\n"+
			"into the new directory DEST, also while `gazette serve` runs (through --server).\n"+
			"`gazette restore DEST --data DIR` checks it and puts it back.")
		fl.PrintDefaults()
	}
	pos, err := parseArgs(fl, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{"want one DEST directory"}
	}
	dest := pos[0]
	start := time.Now()
	var m backup.Manifest
	if *server != "" {
		token, err := adminToken(os.Getenv, func(msg string) { fmt.Fprintln(stderr, "warning: "+msg) })
		if err != nil {
			return err
		}
		if token == "" {
			return usageError{"--server needs the server's admin token: --admin-token-file FILE, or $" + adminTokenEnv}
		}
		fmt.Fprintf(stderr, "Backing up through %s into %s …\n", *server, dest)
		m, err = backupFromServer(ctx, http.DefaultClient, *server, token, dest)
		if err != nil {
			return err
		}
	} else {
		m, err = backupDataDir(ctx, *dataDir, dest, stderr)
		if errors.Is(err, archive.ErrInUse) {
			return fmt.Errorf("%s is in use by a running Gazette: back it up through the server instead: gazette backup %s --server http://HOST:PORT --admin-token-file FILE", *dataDir, dest)
		}
		if err != nil {
			return err
		}
	}
	fmt.Fprintf(stdout, "Backed up into %s in %s: %d captures of %d URLs in %d files (%s), %d articles; the index is up to capture %d of %d.\n",
		dest, time.Since(start).Round(time.Millisecond), m.Captures, m.URLs, len(m.Files), megabytes(m.Size()), m.Articles, m.IndexApplied, m.ArchiveSeq)
	return nil
}

// backupDataDir backs up a data directory no server has open.
func backupDataDir(ctx context.Context, dir, dest string, stderr io.Writer) (backup.Manifest, error) {
	if _, err := os.Stat(filepath.Join(dir, "archive")); err != nil {
		return backup.Manifest{}, fmt.Errorf("%s holds no Gazette archive: %w", dir, err)
	}
	store, err := archive.Open(filepath.Join(dir, "archive"))
	if err != nil {
		return backup.Manifest{}, err
	}
	defer store.Close()
	logRepairs(newLogger(stderr), store)
	idx, err := search.Open(filepath.Join(dir, "index"))
	if err != nil {
		return backup.Manifest{}, fmt.Errorf("search index: %w", err)
	}
	defer idx.Close()
	return backup.WriteDir(ctx, dest, backupSource(dir, store, idx))
}

// backupSource is what a backup of a data directory copies.
func backupSource(dir string, store *archive.Store, idx *search.Index) backup.Source {
	return backup.Source{Archive: store, Index: idx, DataDir: dir, Scratch: dir,
		Extra: []string{filepath.ToSlash(filepath.Join("crawl", filepath.Base(crawlDefsFile(dir))))}}
}

// backupWriter writes the server's backups (POST /api/v1/backup).
func backupWriter(a *app, log *slog.Logger) web.BackupWriter {
	return func(ctx context.Context, w io.Writer) error {
		start := time.Now()
		m, err := backup.WriteTar(ctx, w, backupSource(a.dir, a.archive, a.index))
		if err != nil {
			return err
		}
		log.Info("backup sent", "captures", m.Captures, "articles", m.Articles, "bytes", m.Size(), "elapsed", time.Since(start).Round(time.Millisecond))
		return nil
	}
}

// backupFromServer asks the server at base for a backup and unpacks it
// into dest, checking every file against the manifest.
func backupFromServer(ctx context.Context, client *http.Client, base, token, dest string) (backup.Manifest, error) {
	u, err := url.Parse(strings.TrimRight(base, "/") + "/api/v1/backup")
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return backup.Manifest{}, usageError{fmt.Sprintf("--server %q is not an http(s) URL", base)}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u.String(), nil)
	if err != nil {
		return backup.Manifest{}, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := client.Do(req)
	if err != nil {
		return backup.Manifest{}, fmt.Errorf("backup: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		var e struct {
			Error struct{ Message string } `json:"error"`
		}
		json.NewDecoder(io.LimitReader(resp.Body, 64<<10)).Decode(&e)
		return backup.Manifest{}, fmt.Errorf("backup: the server answered %s: %s", resp.Status, e.Error.Message)
	}
	return backup.ReadTar(resp.Body, dest)
}

func cmdRestore(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := newFlags("restore", stderr)
	dataDir := fl.String("data", defaultDataDir, "data directory to replace with the backup (stop `gazette serve` first)")
	checkOnly := fl.Bool("check", false, "only check the backup; change nothing")
	fl.Usage = func() {
		fmt.Fprintln(stderr, "Usage: gazette restore SRC [--data DIR]\n       gazette restore --check SRC\n\n"+
			"Checks the backup in SRC (every file's SHA-256, every WARC record and its digests,\n"+
			"the capture index against them, the counts, the search index), and only then\n"+
			"replaces the data directory with it. The replaced directory is kept beside it.")
		fl.PrintDefaults()
	}
	pos, err := parseArgs(fl, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{"want one SRC backup directory"}
	}
	src := pos[0]
	start := time.Now()
	prog := newStatusLine(stderr)
	if *checkOnly {
		rep, err := backup.Check(ctx, src, prog.show)
		prog.done()
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%s is a whole backup (checked in %s): %s.\n", src, time.Since(start).Round(time.Millisecond), describeBackup(rep))
		return nil
	}
	res, err := backup.Restore(ctx, src, *dataDir, prog.show)
	prog.done()
	if errors.Is(err, backup.ErrBad) {
		return fmt.Errorf("%w; nothing was changed", err)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Restored %s into %s in %s: %s.\n", src, *dataDir, time.Since(start).Round(time.Millisecond), describeBackup(res.Report))
	if res.Previous != "" {
		fmt.Fprintf(stdout, "The data directory it replaced is kept as %s; delete it once you are satisfied.\n", res.Previous)
	}
	if m := res.Manifest; m.IndexApplied < m.ArchiveSeq {
		fmt.Fprintf(stdout, "The search index is up to capture %d of %d; Gazette indexes the rest when it next opens the directory.\n", m.IndexApplied, m.ArchiveSeq)
	}
	return nil
}

// describeBackup says what a checked backup holds.
func describeBackup(r backup.Report) string {
	m := r.Manifest
	return fmt.Sprintf("%d captures of %d URLs (%d records in %d WARC files read back, digests checked), %d articles, %d files, %s, made %s",
		m.Captures, m.URLs, r.Archive.Records, r.Archive.Files, m.Articles, len(m.Files), megabytes(m.Size()), m.Created.Format(time.RFC3339))
}

func megabytes(n int64) string { return fmt.Sprintf("%.1f MB", float64(n)/1e6) }

// parseArgs parses a command line whose flags may come before or after its
// positional arguments (`gazette restore SRC --data DIR`), and returns the
// positional ones.
func parseArgs(fl *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := parseFlags(fl, args); err != nil {
			return nil, err
		}
		rest := fl.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if len(args) > len(rest) && args[len(args)-len(rest)-1] == "--" {
			return append(pos, rest...), nil // everything after -- is positional
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}
