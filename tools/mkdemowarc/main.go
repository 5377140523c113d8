// Command mkdemowarc builds the generated part of Gazette's demo archive in
// cmd/gazette/demo/files:
//
//   - a WARC file shaped like the output of `wget --warc-file`, holding
//     captures of the pages in tools/mkdemowarc/pages, and
//   - Russian pages saved in the legacy single-byte charsets windows-1251
//     and KOI8-R, encoded from the UTF-8 sources in tools/mkdemowarc/legacy.
//
// The sources are kept here in UTF-8 so that they can be read and edited
// with ordinary tools; only the encoded results live in the demo directory.
// Output is deterministic: record IDs are derived from content and dates
// are fixed, so running the command twice gives the same bytes.
//
// Usage, from the repository root:
//
//	go run ./tools/mkdemowarc
package main

import (
	"flag"
	"fmt"
	"log/slog"
	"os"
)

func main() {
	src := flag.String("src", "tools/mkdemowarc", "directory holding pages/ and legacy/")
	out := flag.String("out", "cmd/gazette/demo/files", "demo archive directory to write into")
	flag.Parse()

	written, err := build(*src, *out, demoCorpus())
	if err != nil {
		fmt.Fprintln(os.Stderr, "mkdemowarc:", err)
		os.Exit(1)
	}
	for _, name := range written {
		slog.Info("wrote", "file", name)
	}
}
