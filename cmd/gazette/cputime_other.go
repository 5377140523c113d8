//go:build !linux

package main

import "time"

// processCPU is not measured outside Linux.
func processCPU(pid int) (time.Duration, bool) { return 0, false }
