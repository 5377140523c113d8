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
// frequencies and norms and, when asked, their positions, in increasing
// document order.
type FreqNorms struct {
	pl     *PostingsList
	except *roaring.Bitmap // the deleted documents; nil: none
	locs   bool            // the positions are read too

	docs []uint32 // every posting's document, deleted documents' too
	i    int      // the current posting: docs[i]; -1 before the first

	dec    chunkedIntDecoder // the freq/norm entries
	locDec chunkedIntDecoder // the locations, when locs
	loaded bool
	chunk  uint32 // the chunk dec (and locDec) hold
	first  int    // the index in docs of the chunk's first posting
	next   int    // the index in docs of the posting whose entry dec reads next

	// The entry of docs[next-1]: its values, whether it has locations
	// (read when locs), where they start in locDec, and whether locDec
	// is still there (else past them).
	freq, norm uint64
	hasLocs    bool
	locOff     int
	locPending bool

	aps []uint64 // the array positions Positions gives
}

// FreqNorms returns a reader of the list's documents, frequencies and
// norms, and with locs of their positions, reusing prealloc's memory
// when it is not nil.
func (p *PostingsList) FreqNorms(prealloc *FreqNorms, locs bool) *FreqNorms {
	r := prealloc
	if r == nil {
		r = &FreqNorms{}
	}
	r.Reset()
	r.pl, r.except, r.locs = p, p.except, locs
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
			if locs {
				newChunkedIntDecoder(p.sb.mem, p.locOffset, &r.locDec, p.sb.fileReader)
			}
		}
	}
	return r
}

// Reset drops the reader's list, keeping its memory for the next.
func (r *FreqNorms) Reset() *FreqNorms {
	docs, dec, locDec, aps := r.docs[:0], r.dec, r.locDec, r.aps[:0]
	dec.reset()
	locDec.reset()
	*r = FreqNorms{docs: docs, dec: dec, locDec: locDec, aps: aps, i: -1}
	return r
}

// Count returns the number of postings, deleted documents' included.
func (r *FreqNorms) Count() int { return len(r.docs) }

// Cap returns the number of postings the reader holds without growing.
func (r *FreqNorms) Cap() int { return cap(r.docs) }

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
	if err := r.entry(); err != nil {
		return 0, 0, err
	}
	return r.freq, r.norm, nil
}

// Position is one location of a term in a document: its position and
// its array positions.
type Position struct {
	Pos uint64
	AP  []uint64
}

// Positions appends to dst the current posting's locations, as a
// PostingsIterator with locations gives them (their fields, starts and
// ends left out); the array positions are valid until the next call.
// The reader must have been made with locs.
func (r *FreqNorms) Positions(dst []Position) ([]Position, error) {
	if !r.locs {
		return dst, fmt.Errorf("zap: Positions of a FreqNorms without locations")
	}
	if err := r.entry(); err != nil || !r.hasLocs {
		return dst, err
	}
	lr := r.locDec.r
	lr.C = r.locOff
	n, err := lr.ReadUvarint()
	if err != nil {
		return dst, err
	}
	end := lr.C + int(n)
	r.aps = r.aps[:0]
	for lr.C < end {
		lr.SkipUvarint() // field
		pos, err := lr.ReadUvarint()
		if err != nil {
			return dst, fmt.Errorf("error reading location pos: %v", err)
		}
		lr.SkipUvarint() // start
		lr.SkipUvarint() // end
		numAP, err := lr.ReadUvarint()
		if err != nil {
			return dst, fmt.Errorf("error reading location num array pos: %v", err)
		}
		from := len(r.aps)
		for range numAP {
			ap, err := lr.ReadUvarint()
			if err != nil {
				return dst, fmt.Errorf("error reading array position: %v", err)
			}
			r.aps = append(r.aps, ap)
		}
		var aps []uint64
		if numAP > 0 {
			aps = r.aps[from:len(r.aps):len(r.aps)]
		}
		dst = append(dst, Position{Pos: pos, AP: aps})
	}
	r.locPending = false
	return dst, nil
}

// entry reads the current posting's entry: its frequency, norm and
// whether it has locations, and where they start.
func (r *FreqNorms) entry() error {
	i := r.i
	if i < 0 || i >= len(r.docs) {
		return fmt.Errorf("zap: no current posting")
	}
	if r.pl.normBits1Hit != 0 {
		r.freq, r.norm, r.hasLocs = 1, r.pl.normBits1Hit, false
		return nil
	}
	if r.loaded && i == r.next-1 {
		return nil
	}
	doc := r.docs[i]
	chunk := doc / uint32(r.pl.chunkSize)
	if !r.loaded || chunk != r.chunk || i < r.next {
		if err := r.dec.loadChunk(int(chunk)); err != nil {
			return fmt.Errorf("error loading chunk: %v", err)
		}
		if r.locs {
			if err := r.locDec.loadChunk(int(chunk)); err != nil {
				return fmt.Errorf("error loading chunk: %v", err)
			}
		}
		r.loaded, r.chunk, r.locPending = true, chunk, false
		start := chunk * uint32(r.pl.chunkSize)
		if i == 0 || r.docs[i-1] < start {
			r.first = i
		} else {
			r.first, _ = slices.BinarySearch(r.docs[:i], start)
		}
		r.next = r.first
	}
	rd := r.dec.r
	skip := i - r.next
	if r.locs {
		lr := r.locDec.r
		if r.locPending { // the last entry's locations, not read
			n, _ := lr.ReadUvarint()
			lr.SkipBytes(int(n))
		}
		if skip > 0 {
			rd.skipFreqNormsLocs(uint64(skip), lr)
		}
	} else if skip > 0 {
		rd.skipFreqNorms(uint64(skip))
	}
	freqHasLocs, err := rd.ReadUvarint()
	if err != nil {
		return fmt.Errorf("error reading frequency: %v", err)
	}
	var normBits uint64
	freq, hasLocs := decodeFreqHasLocs(freqHasLocs)
	if freq != 0 {
		if normBits, err = rd.ReadUvarint(); err != nil {
			return fmt.Errorf("error reading norm: %v", err)
		}
	}
	r.next, r.freq, r.norm = i+1, freq, normBits
	r.hasLocs = r.locs && hasLocs
	r.locPending = r.hasLocs
	if r.locs {
		r.locOff = r.locDec.r.C
	}
	return nil
}
