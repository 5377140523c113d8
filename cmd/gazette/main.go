// Command gazette is a self-hosted full-text search and archive server for
// news: it imports pages into a WARC archive, cleans them into articles,
// recognises the places they mention and serves search in the browser and
// through a JSON API.
//
// Usage:
//
//	gazette serve   [--data DIR] [--addr HOST:PORT] [--demo]
//	gazette import  [--data DIR] [--again] PATH...
//	gazette extract [--url URL] FILE...
//	gazette reindex [--data DIR]
//	gazette export  (--wacz FILE | --cdxj FILE) [--data DIR] [--query Q]
//	gazette crawl   [--data DIR] [--depth N] [--max-pages N] [--scope host|domain|prefix] [--allow-private] URL...
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"runtime/pprof"
	"strconv"
	"strings"
	"syscall"
)

const usage = `gazette — search and archive server for news

Usage:
  gazette serve   [--data DIR] [--addr HOST:PORT] [--demo]   start the web UI and JSON API
  gazette import  [--data DIR] [--again] PATH...            import .warc/.warc.gz, .wacz, .html/.htm and .txt files or folders
  gazette extract [--url URL] FILE...                       print the extracted article(s) as JSON; touches no index
  gazette reindex [--data DIR]                              re-extract every archived capture with the current cleaner
  gazette compact [--data DIR]                              merge the index's small segments (import and reindex do at their end)
  gazette export  --wacz FILE [--data DIR] [--query Q]      write the archive (or the articles matching Q) as a WACZ
                  (or --cdxj FILE|-: its capture index as CDXJ)
  gazette crawl   [--data DIR] [--depth N] [--max-pages N] [--scope host|domain|prefix] [--allow-private] URL...
                                                            crawl pages, sitemaps and feeds into the archive and index
  gazette backup  DEST [--data DIR | --server URL]           write a consistent copy of a data directory, also while serve runs
  gazette restore SRC [--data DIR] [--check]                check a backup, then replace the data directory with it
  gazette bench   [--repeat N] [--rounds N] [PATH...]       measure ingest and search speed on this machine (temporary data dir)
  gazette bench   --articles N [--clients N] [--json]       compare Gazette with an SQLite FTS5 peer on a generated corpus
  gazette bench   --generate N [--seed S] DIR               write a deterministic benchmark corpus of N news pages (WARC files)
  gazette version                                           print the version, commit and Go version (also --version)

Run "gazette COMMAND -h" for the options of a command.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ctx, err := withCrashPoints(ctx, os.Getenv(killEnv))
	if err != nil {
		fmt.Fprintln(os.Stderr, "gazette:", err)
		os.Exit(2)
	}
	stopProfile, err := startCPUProfile(os.Getenv(cpuProfileEnv))
	if err != nil {
		fmt.Fprintln(os.Stderr, "gazette:", err)
		os.Exit(2)
	}
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stopProfile()
	os.Exit(code)
}

// cpuProfileEnv names a file to write a CPU profile of the whole command
// to, for measuring where an import or a server's time goes (`go tool
// pprof gazette FILE`); docs/measurements.md shows how. A "%p" in the name
// is replaced by the process id, for commands that start other gazette
// processes (bench starts import and serve).
const cpuProfileEnv = "GAZETTE_CPUPROFILE"

// startCPUProfile starts profiling into path (none if empty) and returns
// the function that stops it and closes the file.
func startCPUProfile(path string) (stop func(), err error) {
	if path == "" {
		return func() {}, nil
	}
	f, err := os.Create(strings.ReplaceAll(path, "%p", strconv.Itoa(os.Getpid())))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", cpuProfileEnv, err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: %w", cpuProfileEnv, err)
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}

// run executes one command and returns the process exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	cmds := map[string]func(context.Context, []string, io.Writer, io.Writer) error{
		"serve":   cmdServe,
		"import":  cmdImport,
		"extract": cmdExtract,
		"reindex": cmdReindex,
		"compact": cmdCompact,
		"export":  cmdExport,
		"crawl":   cmdCrawl,
		"bench":   cmdBench,
		"version": cmdVersion,
		// Like most tools, gazette answers --version too.
		"--version": cmdVersion,
		"-version":  cmdVersion,
		"backup":    cmdBackup,
		"restore":   cmdRestore,
		// bench-peer is started by bench, not by users: not in the usage.
		"bench-peer": cmdBenchPeer,
	}
	cmd, ok := cmds[args[0]]
	if !ok {
		if args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
			fmt.Fprint(stdout, usage)
			return 0
		}
		fmt.Fprintf(stderr, "gazette: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
	if err := cmd(ctx, args[1:], stdout, stderr); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		var ue usageError
		if errors.As(err, &ue) {
			fmt.Fprintf(stderr, "gazette %s: %v\n", args[0], err)
			return 2
		}
		fmt.Fprintf(stderr, "gazette %s: %v\n", args[0], err)
		return 1
	}
	return 0
}

// usageError marks a mistake in the command line (exit status 2).
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// newFlags returns a flag set that reports errors instead of exiting.
func newFlags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("gazette "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

// parseFlags parses args, turning flag errors into usage errors.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err.Error()}
	}
	return nil
}

func newLogger(w io.Writer) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelInfo}))
}
