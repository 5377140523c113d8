package archive

import "syscall"

// dropMapped tells the kernel the process no longer needs the n bytes of a
// shared file mapping at addr: their pages leave its RSS and are read again
// on the next access.
func dropMapped(addr, n uintptr) {
	// The advice is a hint: a failure leaves the pages resident, no worse
	// than before.
	_, _, _ = syscall.Syscall(syscall.SYS_MADVISE, addr, n, syscall.MADV_DONTNEED)
}
