package search

import (
	"math"
	"sync"

	segment "github.com/blevesearch/scorch_segment_api/v2"
	zap "github.com/blevesearch/zapx/v17"
)

// scoreCursor reads one term's postings in one segment for scoring (or
// checking a phrase): the documents in increasing order, each with its
// frequency and norm (and positions). On a zap segment it reads them with
// Gazette's zapx's FreqNorms (third_party/zapx/freqnorms.go), which costs
// a fraction of a PostingsIterator's Advance per posting; on any other
// segment, with the iterator.
type scoreCursor struct {
	fn   *zap.FreqNorms
	it   segment.PostingsIterator
	post segment.Posting // it's current posting
}

// phraseLoc is one location of a phrase term in a document: its position
// and array positions.
type phraseLoc = zap.Position

// open starts reading pl, and with locs the positions too, reusing the
// cursor's memory.
func (c *scoreCursor) open(pl segment.PostingsList, locs bool) {
	if zpl, ok := pl.(*zap.PostingsList); ok {
		if c.fn == nil {
			c.fn, _ = freqNormsPool.Get().(*zap.FreqNorms)
		}
		c.fn = zpl.FreqNorms(c.fn, locs)
		c.it, c.post = nil, nil
		return
	}
	c.it = pl.Iterator(true, true, locs, c.it)
	c.post = nil
}

// positions appends the current posting's locations to dst (their array
// positions valid until the cursor moves); the cursor must have been
// opened with locs.
func (c *scoreCursor) positions(dst []phraseLoc) ([]phraseLoc, error) {
	if c.it == nil {
		return c.fn.Positions(dst)
	}
	for _, l := range c.post.Locations() {
		dst = append(dst, phraseLoc{Pos: l.Pos(), AP: l.ArrayPositions()})
	}
	return dst, nil
}

// advance moves to the first posting at or after doc, which must be past
// the current one, and returns its document; false at the end.
func (c *scoreCursor) advance(doc uint32) (uint32, bool, error) {
	if c.it == nil {
		d, ok := c.fn.Advance(doc)
		return d, ok, nil
	}
	p, err := c.it.Advance(uint64(doc))
	c.post = p
	if err != nil || p == nil {
		return 0, false, err
	}
	return uint32(p.Number()), true, nil
}

// next moves to the next posting and returns its document; false at the
// end.
func (c *scoreCursor) next() (uint32, bool, error) {
	if c.it == nil {
		d, ok := c.fn.Next()
		return d, ok, nil
	}
	p, err := c.it.Next()
	c.post = p
	if err != nil || p == nil {
		return 0, false, err
	}
	return uint32(p.Number()), true, nil
}

// freqNorm returns the current posting's frequency and norm, as
// Posting.Frequency and Posting.Norm give them.
func (c *scoreCursor) freqNorm() (uint64, float64, error) {
	if c.it == nil {
		freq, bits, err := c.fn.FreqNorm()
		if bits < uint64(len(normOfBits)) {
			return freq, normOfBits[bits], err
		}
		return freq, normOf(bits), err
	}
	return c.post.Frequency(), c.post.Norm(), nil
}

// normOf is zap's Posting.Norm of a posting with norm bits bits (the
// field's length in terms).
func normOf(bits uint64) float64 {
	return float64(float32(1.0 / math.Sqrt(float64(uint32(bits)))))
}

// normOfBits holds normOf of the field lengths most postings have,
// computed once: a look-up instead of a square root and a division per
// posting scored.
var normOfBits = func() []float64 {
	t := make([]float64, 4096)
	for b := range t {
		t[b] = normOf(uint64(b))
	}
	return t
}()

// release gives the cursor's memory back for other searches' cursors;
// the cursor must not be used after.
func (c *scoreCursor) release() {
	if c.fn != nil && c.fn.Cap() <= maxPooledPostings {
		c.fn = c.fn.Reset()
		freqNormsPool.Put(c.fn)
	}
	*c = scoreCursor{}
}

// freqNormsPool holds FreqNorms of finished searches, whose arrays the
// next searches reuse; maxPooledPostings bounds the memory one keeps.
var freqNormsPool sync.Pool

const maxPooledPostings = 1 << 18
