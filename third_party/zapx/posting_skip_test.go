package zap

// Gazette patch: the tests of nextDocNumAtOrAfterJump. Every posting an
// iterator returns, after any sequence of Next and Advance calls, must be
// the one upstream's stepping returns (legacyAdvance): the same document,
// frequency, norm and locations.

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/RoaringBitmap/roaring/v2"
	index "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// skipTestDocs are n documents whose body holds terms of every kind of
// postings: in every document, every other one, a contiguous run, most,
// a few, a single one, and terms repeated within a document (frequencies
// above one, several locations).
func skipTestDocs(n int) []index.Document {
	rng := rand.New(rand.NewPCG(1, 2))
	docs := make([]index.Document, n)
	for d := range n {
		words := []string{"every"}
		if d%2 == 0 {
			words = append(words, "even")
		}
		if d >= n/3 && d < n/2 {
			words = append(words, "run")
		}
		if rng.IntN(10) != 0 {
			words = append(words, "most")
		}
		if rng.IntN(50) == 0 {
			words = append(words, "few", "few")
		}
		if d == n/2+7 {
			words = append(words, "single")
		}
		for range rng.IntN(4) {
			words = append(words, "repeated")
		}
		rng.Shuffle(len(words), func(i, j int) { words[i], words[j] = words[j], words[i] })
		var ap []uint64 // some in an array element (Gazette's FreqNorms reads them)
		if d%7 == 3 {
			ap = []uint64{uint64(d % 5), 1}
		}
		id := fmt.Sprintf("d%05d", d)
		docs[d] = newStubDocument(id, []*stubField{
			newStubFieldSplitString("_id", nil, id, true, false, false),
			newStubFieldSplitString("body", ap, strings.Join(words, " "), true, false, true),
		}, "_all")
	}
	return docs
}

var skipTestTerms = []string{"every", "even", "run", "most", "few", "single", "repeated", "absent"}

// TestAdvanceEqualsStepping compares iterators over every term, chunk
// size, set of deleted documents and choice of freq/norm and locations,
// moved by the same random sequences of Next and Advance (targets just
// ahead, further, far, behind, past the end), with upstream's stepping.
func TestAdvanceEqualsStepping(t *testing.T) {
	const n = 3000
	docs := skipTestDocs(n)
	deletions := map[string]*roaring.Bitmap{"none": nil, "a range": roaring.New(), "a fifth": roaring.New()}
	deletions["a range"].AddRange(n/4, n/3+100)
	rng := rand.New(rand.NewPCG(3, 4))
	for d := range n {
		if rng.IntN(5) == 0 {
			deletions["a fifth"].Add(uint32(d))
		}
	}
	for _, chunkMode := range []uint32{DefaultChunkMode, LegacyChunkMode, 16, 7} {
		seg, _, err := (&ZapPlugin{}).newWithChunkMode(docs, chunkMode, nil)
		if err != nil {
			t.Fatal(err)
		}
		dict, err := seg.(*SegmentBase).Dictionary("body")
		if err != nil {
			t.Fatal(err)
		}
		for delName, except := range deletions {
			for _, term := range skipTestTerms {
				pl, err := dict.PostingsList([]byte(term), except, nil)
				if err != nil {
					t.Fatal(err)
				}
				for _, inc := range [][3]bool{{true, true, false}, {true, true, true}, {false, false, false}} {
					for seq := range 20 {
						name := fmt.Sprintf("chunk mode %d, deleted %s, %q, freq/norm/locs %v, sequence %d", chunkMode, delName, term, inc, seq)
						compareIterators(t, name, pl, inc, rand.New(rand.NewPCG(uint64(seq), 5)), n)
					}
				}
			}
		}
	}
}

// compareIterators moves a patched and an upstream iterator over pl the
// same way and fails at the first posting on which they differ.
func compareIterators(t *testing.T, name string, pl segment.PostingsList, inc [3]bool, rng *rand.Rand, n int) {
	t.Helper()
	got := pl.Iterator(inc[0], inc[1], inc[2], nil)
	want := pl.Iterator(inc[0], inc[1], inc[2], nil)
	if w, ok := want.(*PostingsIterator); ok {
		w.legacyAdvance = true
	}
	at := uint64(0)
	for step := 0; step < 400; step++ {
		var g, w segment.Posting
		var gerr, werr error
		op := "Next"
		if rng.IntN(3) == 0 {
			g, gerr = got.Next()
			w, werr = want.Next()
		} else {
			var target uint64
			switch rng.IntN(6) {
			case 0:
				target = at + 1
			case 1:
				target = at + 1 + uint64(rng.IntN(3))
			case 2:
				target = at + uint64(rng.IntN(60))
			case 3:
				target = at + uint64(rng.IntN(n/3))
			case 4:
				target = uint64(rng.IntN(int(at) + 1)) // behind
			case 5:
				target = uint64(n + rng.IntN(10)) // past the end
			}
			op = fmt.Sprintf("Advance(%d)", target)
			g, gerr = got.Advance(target)
			w, werr = want.Advance(target)
		}
		if gerr != nil || werr != nil {
			t.Fatalf("%s, step %d, %s: errors %v, want %v", name, step, op, gerr, werr)
		}
		if msg := differ(g, w); msg != "" {
			t.Fatalf("%s, step %d, %s: %s", name, step, op, msg)
		}
		if w == nil {
			return
		}
		at = w.Number()
	}
}

// differ describes how posting g differs from w, "" when it does not.
func differ(g, w segment.Posting) string {
	switch {
	case g == nil && w == nil:
		return ""
	case g == nil || w == nil:
		return fmt.Sprintf("posting %v, want %v", g, w)
	case g.Number() != w.Number():
		return fmt.Sprintf("document %d, want %d", g.Number(), w.Number())
	case g.Frequency() != w.Frequency() || g.Norm() != w.Norm():
		return fmt.Sprintf("document %d: freq %d norm %v, want %d %v", w.Number(), g.Frequency(), g.Norm(), w.Frequency(), w.Norm())
	}
	gl, wl := g.Locations(), w.Locations()
	if len(gl) != len(wl) {
		return fmt.Sprintf("document %d: %d locations, want %d", w.Number(), len(gl), len(wl))
	}
	for k := range wl {
		a, b := gl[k], wl[k]
		if a.Field() != b.Field() || a.Start() != b.Start() || a.End() != b.End() || a.Pos() != b.Pos() || fmt.Sprint(a.ArrayPositions()) != fmt.Sprint(b.ArrayPositions()) {
			return fmt.Sprintf("document %d: location %d is %+v, want %+v", w.Number(), k, a, b)
		}
	}
	return ""
}

// TestAdvanceSkipsChunks: advancing to a document far ahead passes over
// the postings before it without reading them one by one, so it costs
// far less than stepping there (a check of the patch's point, not of
// timing: it counts Next calls on the bitmap).
func TestAdvanceSkipsChunks(t *testing.T) {
	const n = 3000
	seg, _, err := (&ZapPlugin{}).newWithChunkMode(skipTestDocs(n), 16, nil)
	if err != nil {
		t.Fatal(err)
	}
	dict, err := seg.(*SegmentBase).Dictionary("body")
	if err != nil {
		t.Fatal(err)
	}
	pl, err := dict.PostingsList([]byte("every"), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	it := pl.Iterator(true, true, false, nil).(*PostingsIterator)
	counting := &countingPeekable{IntPeekable: it.Actual}
	it.Actual, it.all = counting, counting
	p, err := it.Advance(n - 5)
	if err != nil || p == nil || p.Number() != n-5 {
		t.Fatalf("Advance(%d) = %v, %v", n-5, p, err)
	}
	if counting.nexts > 1 {
		t.Errorf("Advance(%d) from the start called Next %d times on the bitmap", n-5, counting.nexts)
	}
}

// countingPeekable counts the calls of Next.
type countingPeekable struct {
	roaring.IntPeekable
	nexts int
}

func (c *countingPeekable) Next() uint32 {
	c.nexts++
	return c.IntPeekable.Next()
}

// BenchmarkNext walks every posting of a term in every document, with
// and without deleted documents, patched and upstream.
func BenchmarkNext(b *testing.B) {
	const n = 30000
	seg, _, err := (&ZapPlugin{}).newWithChunkMode(skipTestDocs(n), DefaultChunkMode, nil)
	if err != nil {
		b.Fatal(err)
	}
	dict, err := seg.(*SegmentBase).Dictionary("body")
	if err != nil {
		b.Fatal(err)
	}
	fifth := roaring.New()
	for d := uint32(0); d < n; d += 5 {
		fifth.Add(d)
	}
	for _, term := range []string{"every", "most"} {
		for _, del := range []*roaring.Bitmap{nil, fifth} {
			pl, err := dict.PostingsList([]byte(term), del, nil)
			if err != nil {
				b.Fatal(err)
			}
			for _, legacy := range []bool{true, false} {
				b.Run(fmt.Sprintf("%s/deleted=%v/upstream=%v", term, del != nil, legacy), func(b *testing.B) {
					var it segment.PostingsIterator
					for b.Loop() {
						it = pl.Iterator(true, true, false, it)
						it.(*PostingsIterator).legacyAdvance = legacy
						for p, err := it.Next(); p != nil || err != nil; p, err = it.Next() {
							if err != nil {
								b.Fatal(err)
							}
						}
					}
				})
			}
		}
	}
}

// BenchmarkAdvance advances over a term in every document to every
// 3rd, 40th and 500th document, with and without deleted documents,
// patched and upstream.
func BenchmarkAdvance(b *testing.B) {
	const n = 30000
	seg, _, err := (&ZapPlugin{}).newWithChunkMode(skipTestDocs(n), DefaultChunkMode, nil)
	if err != nil {
		b.Fatal(err)
	}
	dict, err := seg.(*SegmentBase).Dictionary("body")
	if err != nil {
		b.Fatal(err)
	}
	fifth := roaring.New()
	for d := uint32(0); d < n; d += 5 {
		fifth.Add(d)
	}
	for _, del := range []*roaring.Bitmap{nil, fifth} {
		pl, err := dict.PostingsList([]byte("every"), del, nil)
		if err != nil {
			b.Fatal(err)
		}
		for _, step := range []uint64{3, 40, 500} {
			for _, legacy := range []bool{true, false} {
				b.Run(fmt.Sprintf("every%d/deleted=%v/upstream=%v", step, del != nil, legacy), func(b *testing.B) {
					var it segment.PostingsIterator
					for b.Loop() {
						it = pl.Iterator(true, true, false, it)
						it.(*PostingsIterator).legacyAdvance = legacy
						for d := uint64(0); d < n; d += step {
							if _, err := it.Advance(d); err != nil {
								b.Fatal(err)
							}
						}
					}
				})
			}
		}
	}
}
