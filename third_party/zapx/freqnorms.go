package zap

import (
	"fmt"
	"slices"
	"sort"

	"github.com/RoaringBitmap/roaring/v2"
)

// Gazette patch: FreqNorms.
//
// A PostingsIterator gives a posting through an interface, a Posting
// struct cleared and filled on every call, a roaring iterator stepped
// (or a bitmap ranked, nextDocNumAtOrAfterJump) to find the posting's
// entry in its freq/norm chunk, and two uvarint reads through two more
// method calls with error checks. A scorer that reads the frequency and
// norm of most postings of a term, or of a few hundred far apart, pays
// for each of those layers on every posting. FreqNorms reads the same
// values with less: the documents of the whole list are copied out of
// the bitmap at once (a roaring bulk copy into a reused array), a
// document is found by galloping through that array, the index of its
// entry in its chunk is the difference of two array indexes, and the
// entries before it are skipped in one loop over the chunk's bytes.

// FreqNorms reads the documents of a postings list, with their
// frequencies and norms, in increasing document order.
type FreqNorms struct {
	pl     *PostingsList
	except *roaring.Bitmap // the deleted documents; nil: none

	docs []uint32 // every posting's document, deleted documents' too
	i    int      // the current posting: docs[i]; -1 before the first

	dec    chunkedIntDecoder
	loaded bool
	chunk  uint32 // the chunk dec holds
	first  int    // the index in docs of the chunk's first posting
	next   int    // the index in docs of the posting whose entry dec reads next

	freq, norm uint64 // the entry of docs[next-1]
}

// FreqNorms returns a reader of the list's documents, frequencies and
// norms, reusing prealloc's memory when it is not nil.
func (p *PostingsList) FreqNorms(prealloc *FreqNorms) *FreqNorms {
	r := prealloc
	if r == nil {
		r = &FreqNorms{}
	}
	docs, dec := r.docs[:0], r.dec
	dec.reset()
	*r = FreqNorms{pl: p, except: p.except, docs: docs, dec: dec, i: -1}
	switch {
	case p.normBits1Hit != 0:
		r.docs = append(r.docs, uint32(p.docNum1Hit))
	case p.postings != nil:
		r.docs = slices.Grow(r.docs, int(p.postings.GetCardinality()))[:p.postings.GetCardinality()]
		p.postings.ToExistingArray(&r.docs)
		if p.chunkSize == 0 {
			r.docs = r.docs[:0] // as PostingsIterator, whose reads fail
		} else {
			newChunkedIntDecoder(p.sb.mem, p.freqOffset, &r.dec, p.sb.fileReader)
		}
	}
	return r
}

// Count returns the number of postings, deleted documents' included.
func (r *FreqNorms) Count() int { return len(r.docs) }

// Advance moves to the first posting of a live document at or after doc
// and returns its document; false when there is none. A target at or
// before the current posting leaves it the current one (where a
// PostingsIterator would move to the next).
func (r *FreqNorms) Advance(doc uint32) (uint32, bool) {
	i := max(r.i, 0)
	docs := r.docs
	if i < len(docs) && docs[i] < doc {
		// Gallop from i (docs[i] < doc), then search the last step.
		lo, step := i+1, 1
		for lo < len(docs) && docs[lo] < doc {
			i = lo
			lo += step
			step <<= 1
		}
		base := i + 1
		i = base + sort.Search(min(lo+1, len(docs))-base, func(k int) bool { return docs[base+k] >= doc })
	}
	return r.live(i)
}

// Next moves to the next posting of a live document and returns its
// document; false when there is none.
func (r *FreqNorms) Next() (uint32, bool) {
	return r.live(r.i + 1)
}

// live makes the first posting of a live document from index i the
// current one.
func (r *FreqNorms) live(i int) (uint32, bool) {
	if r.except != nil {
		for i < len(r.docs) && r.except.Contains(r.docs[i]) {
			i++
		}
	}
	r.i = i
	if i >= len(r.docs) {
		r.i = len(r.docs)
		return 0, false
	}
	return r.docs[i], true
}

// FreqNorm returns the current posting's frequency and norm bits (the
// values PostingsIterator's Posting holds: its Norm is
// float32(1/sqrt(normBits))).
func (r *FreqNorms) FreqNorm() (freq, normBits uint64, err error) {
	i := r.i
	if i < 0 || i >= len(r.docs) {
		return 0, 0, fmt.Errorf("zap: FreqNorm without a current posting")
	}
	if r.pl.normBits1Hit != 0 {
		return 1, r.pl.normBits1Hit, nil
	}
	if r.loaded && i == r.next-1 {
		return r.freq, r.norm, nil
	}
	doc := r.docs[i]
	chunk := doc / uint32(r.pl.chunkSize)
	if !r.loaded || chunk != r.chunk || i < r.next {
		if err := r.dec.loadChunk(int(chunk)); err != nil {
			return 0, 0, fmt.Errorf("error loading chunk: %v", err)
		}
		r.loaded, r.chunk = true, chunk
		start := chunk * uint32(r.pl.chunkSize)
		if i == 0 || r.docs[i-1] < start {
			r.first = i
		} else {
			r.first, _ = slices.BinarySearch(r.docs[:i], start)
		}
		r.next = r.first
	}
	rd := r.dec.r
	if skip := i - r.next; skip > 0 {
		rd.skipFreqNorms(uint64(skip))
	}
	freqHasLocs, err := rd.ReadUvarint()
	if err != nil {
		return 0, 0, fmt.Errorf("error reading frequency: %v", err)
	}
	freq, _ = decodeFreqHasLocs(freqHasLocs)
	if freq != 0 {
		if normBits, err = rd.ReadUvarint(); err != nil {
			return 0, 0, fmt.Errorf("error reading norm: %v", err)
		}
	}
	r.next, r.freq, r.norm = i+1, freq, normBits
	return freq, normBits, nil
}
