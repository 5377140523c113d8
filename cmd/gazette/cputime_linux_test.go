package main

import (
	"os"
	"testing"
	"time"
)

// TestProcessCPU: the CPU time read for this process grows by about what
// a busy loop spends (measured by the process's own rusage clock, not a
// wall clock).
func TestProcessCPU(t *testing.T) {
	before, ok := processCPU(os.Getpid())
	if !ok {
		t.Fatal("could not read this process's CPU time")
	}
	self := func() time.Duration { d, _ := processCPU(os.Getpid()); return d }
	x := 0
	for self()-before < 300*time.Millisecond {
		for i := range 1_000_000 {
			x += i
		}
	}
	after, _ := processCPU(os.Getpid())
	if d := after - before; d < 300*time.Millisecond || x == 0 {
		t.Errorf("CPU time grew by %v, want at least 300ms", d)
	}
	if _, ok := processCPU(-1); ok {
		t.Error("a process that does not exist has a CPU time")
	}
}
