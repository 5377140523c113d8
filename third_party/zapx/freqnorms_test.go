package zap

// Gazette patch: the tests of FreqNorms, which must give the documents,
// frequencies and norms a PostingsIterator gives.

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/RoaringBitmap/roaring/v2"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// TestFreqNormsEqualIterator moves a FreqNorms and an upstream iterator
// over every term, chunk size and set of deleted documents by the same
// random sequences of Next and Advance (targets just ahead, further,
// far, past the end), reading the frequency and norm of some postings
// only, so that entries are skipped in every way.
func TestFreqNormsEqualIterator(t *testing.T) {
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
	var fn *FreqNorms // reused across lists, as a scorer reuses it
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
				zpl, ok := pl.(*PostingsList)
				if !ok {
					continue // the empty list of an absent term
				}
				for seq := range 30 {
					locs := seq%2 == 1
					name := fmt.Sprintf("chunk mode %d, deleted %s, %q, locations %v, sequence %d", chunkMode, delName, term, locs, seq)
					fn = zpl.FreqNorms(fn, locs)
					compareFreqNorms(t, name, fn, pl, locs, rand.New(rand.NewPCG(uint64(seq), 6)), n)
				}
			}
		}
	}
}

func compareFreqNorms(t *testing.T, name string, got *FreqNorms, pl segment.PostingsList, locs bool, rng *rand.Rand, n int) {
	t.Helper()
	want := pl.Iterator(true, true, locs, nil)
	var pos []Position
	want.(*PostingsIterator).legacyAdvance = true
	at := uint64(0)
	for step := 0; step < 400; step++ {
		var w segment.Posting
		var werr error
		var g uint32
		var ok bool
		op := "Next"
		if rng.IntN(3) == 0 {
			g, ok = got.Next()
			w, werr = want.Next()
		} else {
			var target uint64
			switch rng.IntN(5) {
			case 0:
				target = at + 1
			case 1:
				target = at + 1 + uint64(rng.IntN(3))
			case 2:
				target = at + 1 + uint64(rng.IntN(60))
			case 3:
				target = at + 1 + uint64(rng.IntN(n/3))
			case 4:
				target = uint64(n + rng.IntN(10)) // past the end
			}
			op = fmt.Sprintf("Advance(%d)", target)
			g, ok = got.Advance(uint32(target))
			w, werr = want.Advance(target)
		}
		if werr != nil {
			t.Fatalf("%s, step %d, %s: %v", name, step, op, werr)
		}
		if w == nil || !ok {
			if w != nil || ok {
				t.Fatalf("%s, step %d, %s: document %d (%v), want %v", name, step, op, g, ok, w)
			}
			return
		}
		if uint64(g) != w.Number() {
			t.Fatalf("%s, step %d, %s: document %d, want %d", name, step, op, g, w.Number())
		}
		if locs && rng.IntN(2) == 0 {
			for range 1 + rng.IntN(2) { // twice: the same values
				var err error
				if pos, err = got.Positions(pos[:0]); err != nil {
					t.Fatalf("%s, step %d, %s: %v", name, step, op, err)
				}
				wl := w.Locations()
				if len(pos) != len(wl) {
					t.Fatalf("%s, step %d, %s: document %d: %d positions, want %d", name, step, op, g, len(pos), len(wl))
				}
				for k, l := range wl {
					if pos[k].Pos != l.Pos() || fmt.Sprint(pos[k].AP) != fmt.Sprint(l.ArrayPositions()) {
						t.Fatalf("%s, step %d, %s: document %d: position %d is %v, want %d %v", name, step, op, g, k, pos[k], l.Pos(), l.ArrayPositions())
					}
				}
			}
		}
		if rng.IntN(3) != 0 {
			for range 1 + rng.IntN(2) { // twice: the same values
				freq, normBits, err := got.FreqNorm()
				if err != nil {
					t.Fatalf("%s, step %d, %s: %v", name, step, op, err)
				}
				norm := float64(float32(1.0 / math.Sqrt(float64(uint32(normBits)))))
				if freq != w.Frequency() || norm != w.Norm() {
					t.Fatalf("%s, step %d, %s: document %d: freq %d norm %v, want %d %v", name, step, op, g, freq, norm, w.Frequency(), w.Norm())
				}
			}
		}
		at = w.Number()
	}
}
