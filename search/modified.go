package search

import (
	"fmt"
	"strconv"
	"time"

	"github.com/blevesearch/bleve/v2"
)

// The index remembers when it last changed, so that clients polling a
// search (feed readers, every few minutes) can be told "not modified"
// without a search: the web layer derives its ETag and Last-Modified from
// Modified. The time is stored inside the index with each batch, so it
// survives a restart and never goes back.

// internalModifiedKey is the Bleve internal key holding the time of the
// last change, as decimal Unix nanoseconds.
var internalModifiedKey = []byte("gazette_modified")

// Modified returns when the index last changed: the time of the last Put
// (successful or not), or, for an index written before Gazette kept that
// time, when it was opened. Two changes never share a time.
func (ix *Index) Modified() time.Time {
	return time.Unix(0, ix.modified.Load()).UTC()
}

// loadModified reads the stored time of the last change; an index without
// one counts as changed now.
func loadModified(b bleve.Index) (int64, error) {
	v, err := b.GetInternal(internalModifiedKey)
	if err != nil {
		return 0, fmt.Errorf("search: read modification time: %w", err)
	}
	if len(v) == 0 {
		return time.Now().UnixNano(), nil
	}
	n, err := strconv.ParseInt(string(v), 10, 64)
	if err != nil {
		return time.Now().UnixNano(), nil // unreadable: as if unknown
	}
	return n, nil
}

// touch records a change in batch and returns its time: now, or just after
// the previous change if the clock has not moved past it.
func (ix *Index) touch(batch *bleve.Batch) int64 {
	t := max(time.Now().UnixNano(), ix.modified.Load()+1)
	batch.SetInternal(internalModifiedKey, []byte(strconv.FormatInt(t, 10)))
	return t
}
