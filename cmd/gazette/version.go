package main

import (
	"context"
	"fmt"
	"io"
	"runtime"

	"github.com/gazette-news/gazette/buildinfo"
)

// cmdVersion prints which Gazette this is: version, commit and Go version,
// the same build the UI footer and /healthz show.
func cmdVersion(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fl := newFlags("version", stderr)
	if err := parseFlags(fl, args); err != nil {
		return err
	}
	if fl.NArg() > 0 {
		return usageError{"version takes no arguments"}
	}
	fmt.Fprintf(stdout, "%s %s/%s\n", buildinfo.Read(), runtime.GOOS, runtime.GOARCH)
	return nil
}
