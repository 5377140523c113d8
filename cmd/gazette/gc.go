package main

import (
	"flag"
	"fmt"
	"math"
	"runtime/debug"
)

// A search allocates a few MB (Bleve's searchers, the bitmaps of its
// result set, its facets and JSON) and keeps almost none of it, while the
// server's live heap is small (about 20 MB at 100,000 articles: the
// per-segment columns of segcache.go). With Go's default GOGC=100 the
// collector then runs every few searches, and with its write barriers on
// it took about a fifth of the server's CPU under load. serve lets the heap
// grow to five times the live data between collections instead, and caps
// that growth with a soft memory limit so that a large live heap (a
// million articles) does not grow five-fold too.
const (
	defaultGCPercent     = 400
	defaultMemoryLimitMB = 1024
)

// gcFlags are serve's garbage collector settings.
type gcFlags struct {
	percent       int
	memoryLimitMB int64
	set           func(name string) bool // reports a flag given on the command line
}

// addGCFlags declares the flags on fl.
func addGCFlags(fl *flag.FlagSet) *gcFlags {
	g := &gcFlags{}
	fl.IntVar(&g.percent, "gc-percent", defaultGCPercent, "heap growth between garbage collections, in percent of the live heap, as GOGC (-1: only at --memory-limit-mb); default GOGC when set, else 400")
	fl.Int64Var(&g.memoryLimitMB, "memory-limit-mb", defaultMemoryLimitMB, "soft limit of the Go heap in MB, as GOMEMLIMIT: the collector runs more often near it (0: none); default GOMEMLIMIT when set, else 1024")
	g.set = func(name string) bool {
		found := false
		fl.Visit(func(f *flag.Flag) { found = found || f.Name == name })
		return found
	}
	return g
}

// apply sets the collector. A setting not given as a flag but in the
// environment (GOGC, GOMEMLIMIT, which the runtime has read already) is
// left as it is; getenv reads the environment.
func (g *gcFlags) apply(getenv func(string) string) error {
	if g.memoryLimitMB < 0 {
		return usageError{fmt.Sprintf("--memory-limit-mb %d: must be 0 (none) or more", g.memoryLimitMB)}
	}
	if g.percent < -1 {
		return usageError{fmt.Sprintf("--gc-percent %d: must be -1 (off) or more", g.percent)}
	}
	if g.percent == -1 && g.memoryLimitMB == 0 {
		return usageError{"--gc-percent -1 needs a --memory-limit-mb, or the heap grows without bound"}
	}
	if g.set("gc-percent") || getenv("GOGC") == "" {
		debug.SetGCPercent(g.percent)
	}
	if g.set("memory-limit-mb") || getenv("GOMEMLIMIT") == "" {
		limit := int64(math.MaxInt64) // no limit
		if g.memoryLimitMB > 0 {
			limit = g.memoryLimitMB << 20
		}
		debug.SetMemoryLimit(limit)
	}
	return nil
}
