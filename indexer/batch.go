package indexer

import (
	"sync"

	"github.com/gazette-news/gazette/search"
)

// BatchSink collects documents and writes them to Sink in batches of Size,
// for imports and re-indexing, where one index batch per article would
// cost about as much as cleaning it. Get sees the documents not written
// yet, so a pipeline tells new articles from updated ones as before. Call
// Flush at the end, also after an error or a cancellation, so that nothing
// collected is lost. It is safe for concurrent use.
type BatchSink struct {
	Sink Sink
	Size int // documents per batch; 1 or less writes each at once

	mu      sync.Mutex
	pending []search.Doc
	byID    map[string]int // index in pending
}

// Put collects docs (a later document replaces a pending one with the same
// id) and writes a batch once Size are pending.
func (b *BatchSink) Put(docs ...search.Doc) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.byID == nil {
		b.byID = map[string]int{}
	}
	for _, d := range docs {
		if i, ok := b.byID[d.ID]; ok {
			b.pending[i] = d
			continue
		}
		b.byID[d.ID] = len(b.pending)
		b.pending = append(b.pending, d)
	}
	if len(b.pending) >= b.Size {
		return b.flush()
	}
	return nil
}

// Get returns a pending document, or asks Sink.
func (b *BatchSink) Get(id string) (search.Doc, error) {
	b.mu.Lock()
	if i, ok := b.byID[id]; ok {
		d := b.pending[i]
		b.mu.Unlock()
		return d, nil
	}
	b.mu.Unlock()
	return b.Sink.Get(id)
}

// Flush writes the pending documents.
func (b *BatchSink) Flush() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.flush()
}

func (b *BatchSink) flush() error {
	if len(b.pending) == 0 {
		return nil
	}
	if err := b.Sink.Put(b.pending...); err != nil {
		return err
	}
	b.pending = b.pending[:0]
	clear(b.byID)
	return nil
}
