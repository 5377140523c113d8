package archive

import bolt "go.etcd.io/bbolt"

// releaseEvery is how many captures AddBatch adds between two releases of
// the capture index's mapped pages.
const releaseEvery = 256

// The capture index is a bbolt file that bbolt maps into memory whole and
// reads through the mapping. Every page an add or a lookup touches stays
// resident in the process, counted in its RSS, until the mapping goes: an
// import of a million captures touched nearly all of a 1.7 GB index, in
// URL order, so the import's RSS grew with the archive. The pages are a
// shared, read-only mapping of the file, the same as the page cache:
// telling the kernel we do not need them (madvise MADV_DONTNEED) drops
// them from the process without losing anything, and the next read maps
// them again from the page cache, or from the disk if the kernel has
// reclaimed them meanwhile.

// releaseIndexPages drops the capture index's pages from the process
// after releaseEvery added captures. The caller holds s.mu.
func (s *Store) releaseIndexPages(added int) {
	s.sinceRelease += added
	if s.sinceRelease < releaseEvery {
		return
	}
	s.sinceRelease = 0
	// A read transaction holds bbolt's mapping lock, so the mapping
	// cannot move (grow) while it is released.
	_ = s.db.View(func(tx *bolt.Tx) error {
		dropMapped(s.db.Info().Data, uintptr(tx.Size()))
		return nil
	})
}
