package main

import (
	"bytes"
	"context"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gazette-news/gazette/cmd/gazette/demo"
)

// TestStatusLineNotTerminal: elsewhere than on a terminal (a pipe, a log
// file, CI) progress is a plain line every interval, no carriage returns or
// escape codes, and done prints the final state held back since the last
// line, so the log does not end on a stale one.
func TestStatusLineNotTerminal(t *testing.T) {
	var out bytes.Buffer
	p := newStatusLine(&out)
	if p.tty {
		t.Fatal("a bytes.Buffer taken for a terminal")
	}
	clock := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	p.now = func() time.Time { return clock }
	steps := []struct {
		after time.Duration
		line  string
	}{
		{0, "files 1/4"},
		{time.Second, "files 2/4"},     // too soon: held back
		{5 * time.Second, "files 3/4"}, // 6 s after the first: printed
		{time.Second, "files 4/4"},     // held back, printed by done
	}
	for _, s := range steps {
		clock = clock.Add(s.after)
		p.show(s.line)
	}
	p.Write([]byte("a log line\n"))
	p.done()
	if want := "files 1/4\nfiles 3/4\na log line\nfiles 4/4\n"; out.String() != want {
		t.Errorf("printed %q, want %q", out.String(), want)
	}
	out.Reset()
	p.done() // nothing held back any more
	if out.Len() != 0 {
		t.Errorf("a second done printed %q", out.String())
	}
}

// TestStatusLineTerminal: on a terminal the line is rewritten in place and
// cleared before a log line and at the end.
func TestStatusLineTerminal(t *testing.T) {
	var out bytes.Buffer
	p := &statusLine{w: &out, tty: true, interval: 200 * time.Millisecond, now: time.Now}
	p.show("fetched 1")
	p.Write([]byte("warning\n"))
	p.done()
	if want := "\r\033[Kfetched 1\r\033[Kwarning\n"; out.String() != want {
		t.Errorf("printed %q, want %q", out.String(), want)
	}
}

// TestImportHelpListsREADMEInputs: `gazette import -h` names every input
// type of the README's import table.
func TestImportHelpListsREADMEInputs(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, table, ok := strings.Cut(string(readme), "`import` takes files and folders")
	if !ok {
		t.Fatal("README has no import table")
	}
	table, _, _ = strings.Cut(table, "\n\n\n")
	var types []string
	for _, line := range strings.Split(table, "\n") {
		cells := strings.Split(line, "|")
		if len(cells) < 3 {
			continue
		}
		for _, m := range regexp.MustCompile("`(\\.[a-z.]+)`").FindAllStringSubmatch(cells[1], -1) {
			types = append(types, m[1])
		}
	}
	if len(types) < 6 {
		t.Fatalf("found only %v in the README's import table", types)
	}
	var help bytes.Buffer
	if code := run(context.Background(), []string{"import", "-h"}, &help, &help); code != 0 {
		t.Fatalf("import -h: exit %d", code)
	}
	for _, typ := range types {
		if !regexp.MustCompile(`(^|[\s,])` + regexp.QuoteMeta(typ) + `([\s,]|$)`).MatchString(help.String()) {
			t.Errorf("import -h does not list %s:\n%s", typ, help.String())
		}
	}
}

// TestImportProgressMovesBeforeABatch: the demo's 16 articles are fewer
// than one index batch, so none is indexed until the end; the progress line
// still moves, counting the captures archived.
func TestImportProgressMovesBeforeABatch(t *testing.T) {
	a, err := openApp(context.Background(), t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	var out bytes.Buffer
	p := &statusLine{w: &out, tty: true, now: time.Now} // every line shown
	sum, err := importFiles(context.Background(), a, demo.Files, []string{"files"}, importOptions{}, p)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Imported != 16 || sum.Archived != 16 {
		t.Fatalf("imported %d, archived %d; want 16 and 16", sum.Imported, sum.Archived)
	}
	if !regexp.MustCompile(`files \d+/13 · archived [1-9]\d* · imported 0 ·`).MatchString(out.String()) {
		t.Errorf("no progress line counts archived captures before the batch is indexed:\n%s", out.String())
	}
}
