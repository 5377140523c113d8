package main

import (
	"bytes"
	"fmt"
	"os"
	"strconv"
	"time"
)

// processCPU returns the CPU time (user and system) a running process has
// used so far, read from /proc/PID/stat; ok is false when it cannot be
// read. The bench reads a server's before and after the measured requests.
func processCPU(pid int) (cpu time.Duration, ok bool) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, false
	}
	// The command name, field 2, is in parentheses and may hold spaces:
	// the fields counted are those after its closing parenthesis.
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return 0, false
	}
	f := bytes.Fields(b[i+1:])
	if len(f) < 13 {
		return 0, false
	}
	// utime and stime are fields 14 and 15, in clock ticks: 100 a second
	// on every Linux Go supports (USER_HZ).
	utime, err1 := strconv.ParseInt(string(f[11]), 10, 64)
	stime, err2 := strconv.ParseInt(string(f[12]), 10, 64)
	if err1 != nil || err2 != nil {
		return 0, false
	}
	return time.Duration(utime+stime) * (time.Second / 100), true
}
