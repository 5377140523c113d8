//go:build !linux

package archive

// dropMapped does nothing outside Linux, where the pages stay resident
// until the kernel needs them.
func dropMapped(addr, n uintptr) {}
