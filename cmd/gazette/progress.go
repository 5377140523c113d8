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
	last     time.Time
	shown    bool
}

func newStatusLine(w io.Writer) *statusLine {
	p := &statusLine{w: w, interval: 5 * time.Second}
	if f, ok := w.(*os.File); ok {
		if info, err := f.Stat(); err == nil && info.Mode()&os.ModeCharDevice != 0 {
			p.tty, p.interval = true, 200*time.Millisecond
		}
	}
	return p
}

// show displays line unless the last one was shown too recently.
func (p *statusLine) show(line string) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if time.Since(p.last) < p.interval {
		return
	}
	p.last = time.Now()
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

// done clears the status line before the summary is printed.
func (p *statusLine) done() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.clearLocked()
}

func (p *statusLine) clearLocked() {
	if p.shown {
		fmt.Fprint(p.w, "\r\033[K")
		p.shown = false
	}
}
