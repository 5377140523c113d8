package search

import (
	"context"
	"encoding/binary"
	"fmt"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

// The index is a view of Gazette's archive, and remembers how far into the
// archive's log (archive.Capture.Seq) it has read: the sequence number of
// the last capture taken in, stored in a Bleve internal key written in the
// same Bleve batch as the documents. A crash leaves the index before a
// batch or after it, never in between, so whoever builds the index from the
// archive knows exactly where to go on.

// appliedKey is the Bleve internal key holding the last applied sequence
// number, 8 bytes big-endian.
var appliedKey = []byte("gazette_applied_seq")

// Batch is a set of documents written to the index at once, together with
// the place in the archive's log they bring the index to.
type Batch struct {
	docs       []Doc
	byID       map[string]int // index in docs
	applied    uint64
	hasApplied bool
}

// Put adds a document to the batch; a later Put of the same id replaces it.
func (b *Batch) Put(d Doc) {
	if b.byID == nil {
		b.byID = map[string]int{}
	}
	if i, ok := b.byID[d.ID]; ok {
		b.docs[i] = d
		return
	}
	b.byID[d.ID] = len(b.docs)
	b.docs = append(b.docs, d)
}

// Get returns the document put in the batch under id, if any.
func (b *Batch) Get(id string) (Doc, bool) {
	i, ok := b.byID[id]
	if !ok {
		return Doc{}, false
	}
	return b.docs[i], true
}

// SetApplied records that the batch brings the index up to the archive
// capture with sequence number seq.
func (b *Batch) SetApplied(seq uint64) { b.applied, b.hasApplied = seq, true }

// Len is the number of documents in the batch.
func (b *Batch) Len() int { return len(b.docs) }

// Reset empties the batch for reuse.
func (b *Batch) Reset() {
	b.docs = b.docs[:0]
	clear(b.byID)
	b.applied, b.hasApplied = 0, false
}

// Write writes a batch in one Bleve batch: its documents (upserted, as Put
// does) and its applied mark all become durable together, or none of them.
// A document without an ID is refused and nothing is written.
func (ix *Index) Write(b *Batch) error {
	if len(b.docs) == 0 && !b.hasApplied {
		return nil
	}
	ix.writeMu.Lock()
	defer ix.writeMu.Unlock()
	batch, commitSites, err := ix.newBatch(b.docs)
	if err != nil {
		return fmt.Errorf("search: write: %w", err)
	}
	if b.hasApplied {
		batch.SetInternal(appliedKey, binary.BigEndian.AppendUint64(nil, b.applied))
	}
	ix.gen.Add(1) // see Put
	err = ix.bleve.Batch(batch)
	ix.gen.Add(1)
	if err != nil {
		return fmt.Errorf("search: write %d documents: %w", len(b.docs), err)
	}
	commitSites()
	return nil
}

// Applied returns the sequence number of the last archive capture the
// index has taken in, as the last written Batch recorded it; 0 for an
// index that never recorded one.
func (ix *Index) Applied() (uint64, error) {
	v, err := ix.bleve.GetInternal(appliedKey)
	if err != nil {
		return 0, fmt.Errorf("search: read the applied mark: %w", err)
	}
	if len(v) != 8 {
		return 0, nil
	}
	return binary.BigEndian.Uint64(v), nil
}

// idPage is how many ids EachID reads per search.
const idPage = 1000

// EachID calls fn with the id of every document, in id order, for
// comparisons and checks over the whole index. It stops at fn's first
// error or when ctx is done.
func (ix *Index) EachID(ctx context.Context, fn func(id string) error) error {
	var after []string
	for {
		req := bleve.NewSearchRequestOptions(query.NewMatchAllQuery(), idPage, 0, false)
		req.SortBy([]string{"_id"})
		if after != nil {
			req.SearchAfter = after
		}
		res, err := ix.bleve.SearchInContext(ctx, req)
		if err != nil {
			return fmt.Errorf("search: list ids: %w", err)
		}
		for _, h := range res.Hits {
			if err := fn(h.ID); err != nil {
				return err
			}
		}
		if len(res.Hits) < idPage {
			return nil
		}
		after = []string{res.Hits[len(res.Hits)-1].ID}
	}
}
