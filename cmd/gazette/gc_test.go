package main

import (
	"errors"
	"flag"
	"io"
	"math"
	"runtime/debug"
	"testing"
)

// TestGCFlags checks that serve's collector flags reach the runtime, that
// GOGC and GOMEMLIMIT are kept when no flag overrides them, and that
// settings that would let the heap grow without bound are refused.
func TestGCFlags(t *testing.T) {
	percent, limit := debug.SetGCPercent(100), debug.SetMemoryLimit(-1)
	t.Cleanup(func() { debug.SetGCPercent(percent); debug.SetMemoryLimit(limit) })
	const noLimit = int64(math.MaxInt64)
	tests := []struct {
		name        string
		args        []string
		env         map[string]string
		wantPercent int
		wantLimit   int64
		usage       bool
	}{
		{name: "defaults", wantPercent: defaultGCPercent, wantLimit: defaultMemoryLimitMB << 20},
		{name: "flags", args: []string{"--gc-percent", "250", "--memory-limit-mb", "300"}, wantPercent: 250, wantLimit: 300 << 20},
		{name: "no limit", args: []string{"--memory-limit-mb", "0"}, wantPercent: defaultGCPercent, wantLimit: noLimit},
		{name: "only at the limit", args: []string{"--gc-percent", "-1", "--memory-limit-mb", "512"}, wantPercent: -1, wantLimit: 512 << 20},
		{name: "environment kept", env: map[string]string{"GOGC": "77", "GOMEMLIMIT": "1GiB"}, wantPercent: 77, wantLimit: 99 << 20},
		{name: "flag over environment", args: []string{"--gc-percent", "150"}, env: map[string]string{"GOGC": "77"}, wantPercent: 150, wantLimit: defaultMemoryLimitMB << 20},
		{name: "off without a limit", args: []string{"--gc-percent", "-1", "--memory-limit-mb", "0"}, usage: true},
		{name: "negative limit", args: []string{"--memory-limit-mb", "-5"}, usage: true},
		{name: "below off", args: []string{"--gc-percent", "-2"}, usage: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// What the runtime would have read from the environment.
			debug.SetGCPercent(77)
			debug.SetMemoryLimit(99 << 20)
			fl := flag.NewFlagSet("serve", flag.ContinueOnError)
			fl.SetOutput(io.Discard)
			g := addGCFlags(fl)
			if err := fl.Parse(tt.args); err != nil {
				t.Fatal(err)
			}
			err := g.apply(func(k string) string { return tt.env[k] })
			if tt.usage {
				var u usageError
				if !errors.As(err, &u) {
					t.Fatalf("apply = %v, want a usage error", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := debug.SetGCPercent(100); got != tt.wantPercent {
				t.Errorf("GC percent %d, want %d", got, tt.wantPercent)
			}
			if got := debug.SetMemoryLimit(-1); got != tt.wantLimit {
				t.Errorf("memory limit %d, want %d", got, tt.wantLimit)
			}
		})
	}
}
