// Package peakmem measures how much memory a piece of work takes at its
// peak, for the tests that bound the memory of one request or one import.
//
// It samples the Go runtime's own accounting (runtime/metrics) from a
// goroutine of its own while the work runs, so it sees the high-water mark
// that a before-and-after reading would miss.
package peakmem

import (
	"runtime"
	"runtime/metrics"
	"time"
)

// Peak is the memory a piece of work took at its peak, above what the
// process held before it started.
type Peak struct {
	// Heap is the growth of the heap's objects, live or not yet
	// collected garbage.
	Heap uint64
	// Total is the growth of the memory the runtime holds from the
	// operating system (heap, stacks, runtime structures), less what it
	// has given back: the process's share of RSS that Go accounts for.
	Total uint64
}

var names = []string{
	"/memory/classes/heap/objects:bytes",
	"/memory/classes/total:bytes",
	"/memory/classes/heap/released:bytes",
}

type reading struct{ heap, total uint64 }

func read(s []metrics.Sample) reading {
	metrics.Read(s)
	return reading{heap: s[0].Value.Uint64(), total: s[1].Value.Uint64() - s[2].Value.Uint64()}
}

// Measure runs fn and returns its peak memory, sampled every millisecond
// while it runs. It collects garbage first, so the baseline holds only
// what is live.
func Measure(fn func()) Peak {
	runtime.GC()
	s := make([]metrics.Sample, len(names))
	for i, n := range names {
		s[i].Name = n
	}
	base := read(s)
	stop, done := make(chan struct{}), make(chan reading)
	go func() {
		samples := make([]metrics.Sample, len(names))
		copy(samples, s)
		peak := base
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			r := read(samples)
			peak.heap, peak.total = max(peak.heap, r.heap), max(peak.total, r.total)
			select {
			case <-stop:
				done <- peak
				return
			case <-tick.C:
			}
		}
	}()
	fn()
	close(stop)
	peak := <-done
	return Peak{Heap: sub(peak.heap, base.heap), Total: sub(peak.total, base.total)}
}

func sub(a, b uint64) uint64 {
	if a < b {
		return 0
	}
	return a - b
}

// MB formats a byte count in megabytes, for test messages.
func MB(n uint64) float64 { return float64(n) / (1 << 20) }
