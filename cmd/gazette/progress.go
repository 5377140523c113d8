package main

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"
)

// statusLine shows progress of long work (import, reindex, crawl): one
// updating line on a terminal, or a line every few seconds elsewhere (a log
// file, CI). Log lines written through it clear the status line first. A
// nil *statusLine shows nothing.
type statusLine struct {
	mu       sync.Mutex
	w        io.Writer
	tty      bool
	interval time.Duration
	now      func() time.Time // time.Now; tests set their own clock
	last     time.Time
	shown    bool
	pending  string // the newest line not printed yet (elsewhere than a terminal)
}

func newStatusLine(w io.Writer) *statusLine {
	p := &statusLine{w: w, interval: 5 * time.Second, now: time.Now}
	if f, ok := w.(*os.File); ok {
		if info, err := f.Stat(); err == nil && info.Mode()&os.ModeCharDevice != 0 {
			p.tty, p.interval = true, 200*time.Millisecond
		}
	}
	return p
}

// show displays line unless the last one was shown too recently. On a
// terminal the line replaces the one before; elsewhere each shown line is
// a line of its own, and the last one offered is printed by done, so a
// log ends with the final state, not a stale one.
func (p *statusLine) show(line string) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	if now.Sub(p.last) < p.interval {
		p.pending = line
		return
	}
	p.last = now
	p.pending = ""
	if p.tty {
		fmt.Fprintf(p.w, "\r\033[K%s", line)
		p.shown = true
	} else {
		fmt.Fprintln(p.w, line)
	}
}

// Write passes log output through, clearing the status line first.
func (p *statusLine) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.clearLocked()
	return p.w.Write(b)
}

// done clears the status line before the summary is printed; elsewhere
// than on a terminal it prints the last line offered if it was held back.
func (p *statusLine) done() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.clearLocked()
	if !p.tty && p.pending != "" {
		fmt.Fprintln(p.w, p.pending)
	}
	p.pending = ""
}

func (p *statusLine) clearLocked() {
	if p.shown {
		fmt.Fprint(p.w, "\r\033[K")
		p.shown = false
	}
}
