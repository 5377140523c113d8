package zap

// Gazette patch: the tests of SegmentBase.VisitFieldDocValues.

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	index "github.com/blevesearch/bleve_index_api"
)

// TestVisitFieldDocValues: every document's doc values of a field, read
// in one walk of the column, are those VisitDocValues visits, in the same
// order, over several chunks, with documents that hold none of them (or
// no such field at all), and fn's error stops the walk.
func TestVisitFieldDocValues(t *testing.T) {
	const n = 2500 // three chunks of doc values
	docs := make([]index.Document, n)
	for d := range n {
		id := fmt.Sprintf("d%05d", d)
		fields := []*stubField{newStubFieldSplitString("_id", nil, id, true, false, false)}
		if d%7 != 3 { // some documents without the field
			words := []string{fmt.Sprintf("w%d", d%13), "common", fmt.Sprintf("x%d", d)}
			fields = append(fields, newStubFieldSplitString("dv", nil, strings.Join(words[:1+d%3], " "), false, true, false))
		}
		if d%2 == 0 {
			fields = append(fields, newStubFieldSplitString("nodv", nil, "plain", false, false, false))
		}
		docs[d] = newStubDocument(id, fields, "_all")
	}
	seg, _, err := (&ZapPlugin{}).newWithChunkMode(docs, DefaultChunkMode, nil)
	if err != nil {
		t.Fatal(err)
	}
	sb := seg.(*SegmentBase)
	for _, field := range []string{"dv", "nodv", "absent"} {
		want := map[uint64]string{}
		for d := range uint64(n) {
			var sbuf strings.Builder
			_, err := sb.VisitDocValues(d, []string{field}, func(_ string, term []byte) {
				sbuf.Write(term)
				sbuf.WriteByte(index.DocValueTermSeparator)
			}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if sbuf.Len() > 0 {
				want[d] = sbuf.String()
			}
		}
		got := map[uint64]string{}
		var order []uint64
		ok, err := sb.VisitFieldDocValues(field, func(d uint64, terms []byte) error {
			order = append(order, d)
			if len(terms) > 0 {
				got[d] = string(terms)
			}
			return nil
		})
		if err != nil || !ok {
			t.Fatalf("%s: %v, %v", field, ok, err)
		}
		if !slices.IsSorted(order) {
			t.Errorf("%s: documents out of order", field)
		}
		if len(got) != len(want) {
			t.Errorf("%s: %d documents with doc values, want %d", field, len(got), len(want))
		}
		for d, w := range want {
			if got[d] != w {
				t.Errorf("%s, document %d: %q, want %q", field, d, got[d], w)
			}
		}
		if field == "dv" && len(want) < n/2 {
			t.Errorf("only %d documents with doc values", len(want))
		}
	}

	stop := errors.New("stop")
	calls := 0
	_, err = sb.VisitFieldDocValues("dv", func(uint64, []byte) error {
		calls++
		return stop
	})
	if err != stop || calls != 1 {
		t.Errorf("fn's error: %v after %d calls, want it after one", err, calls)
	}
}
