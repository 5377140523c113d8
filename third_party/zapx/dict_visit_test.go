package zap

// Gazette patch: the tests of Dictionary.VisitBitmaps.

import (
	"errors"
	"slices"
	"testing"

	"github.com/RoaringBitmap/roaring/v2"
)

// TestVisitBitmaps: VisitBitmaps gives every term of a dictionary, in
// order, with the documents its postings list iterates (terms of one
// document, in the 1-hit encoding, included), and stops at fn's error.
func TestVisitBitmaps(t *testing.T) {
	seg, _, err := (&ZapPlugin{}).newWithChunkMode(skipTestDocs(3000), DefaultChunkMode, nil)
	if err != nil {
		t.Fatal(err)
	}
	sb := seg.(*SegmentBase)
	for _, field := range []string{"body", "_id", "absent"} {
		td, err := sb.Dictionary(field)
		if err != nil {
			t.Fatal(err)
		}
		dict := td.(*Dictionary)
		var wantTerms []string
		var want []*roaring.Bitmap
		itr := dict.AutomatonIterator(nil, nil, nil)
		for de, err := itr.Next(); de != nil || err != nil; de, err = itr.Next() {
			if err != nil {
				t.Fatal(err)
			}
			wantTerms = append(wantTerms, de.Term)
		}
		for _, term := range wantTerms {
			pl, err := dict.PostingsList([]byte(term), nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			bm := roaring.New()
			it := pl.Iterator(false, false, false, nil)
			for p, err := it.Next(); p != nil || err != nil; p, err = it.Next() {
				if err != nil {
					t.Fatal(err)
				}
				bm.Add(uint32(p.Number()))
			}
			want = append(want, bm)
		}

		var terms []string
		var got []*roaring.Bitmap
		err = dict.VisitBitmaps(func(term []byte, docs *roaring.Bitmap) error {
			terms = append(terms, string(term))
			got = append(got, docs.Clone())
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(terms, wantTerms) {
			t.Fatalf("%s: %d terms, want %d", field, len(terms), len(wantTerms))
		}
		for i := range got {
			if !got[i].Equals(want[i]) {
				t.Errorf("%s, %q: %d documents, want %d", field, terms[i], got[i].GetCardinality(), want[i].GetCardinality())
			}
		}
		if field == "_id" && len(terms) != 3000 {
			t.Errorf("%d ids, want 3000 terms of one document each", len(terms))
		}

		stop := errors.New("stop")
		calls := 0
		err = dict.VisitBitmaps(func([]byte, *roaring.Bitmap) error {
			calls++
			return stop
		})
		if len(wantTerms) > 0 && (err != stop || calls != 1) {
			t.Errorf("%s: fn's error: %v after %d calls, want it after one", field, err, calls)
		}
	}
}
