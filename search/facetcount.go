package search

import (
	"slices"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
)

// Facets are counted from the columns each segment keeps (segcache.go):
// every document's place_tree, lang and site_facet terms by number and
// its publication day as a day number. One pass over a segment's part of
// the result set adds up, document by document, into arrays indexed by
// term and day number; only the counts shown become terms and dates
// (buildFacets). A result set holding more than half of a segment is
// counted as the segment's totals (its postings' counts, deleted documents
// included) less its complement; the complement of every live document
// is the deleted ones, so the front page of an archive costs per term and
// deletion, not per article.

// facetTally is what one pass over a set of documents counts.
type facetTally struct {
	byTerm [][]int     // by field asked, by term number
	views  []tableView // the fields' term tables as far as the numbers go
	days   dayList     // when asked
}

// tallyOver counts, over the documents of over, the terms of the counted
// fields (countedFields) and, with days, the publication days.
func (s *snapshot) tallyOver(over docSet, days bool, fields ...string) (facetTally, error) {
	var t facetTally
	tps := make([][]*termPostings, len(s.segs)) // by segment, then field
	for i := range s.segs {
		tps[i] = make([]*termPostings, len(fields))
		for f, field := range fields {
			var err error
			if tps[i][f], err = s.data[i].field(field); err != nil {
				return t, err
			}
		}
	}
	// Every number the segments use is in the tables by now.
	t.byTerm = make([][]int, len(fields))
	t.views = make([]tableView, len(fields))
	for f, field := range fields {
		if len(s.data) > 0 {
			t.views[f] = s.data[0].tables[field].view()
		}
		t.byTerm[f] = make([]int, len(t.views[f].terms))
	}
	var dc *dayTally
	if days {
		dc = s.newDayTally(over)
	}
	for i := range s.segs {
		tallySegment(s.segs[i], s.data[i], tps[i], over[i], t.byTerm, dc)
	}
	if dc != nil {
		t.days = dc.list()
	}
	return t, nil
}

// dayTally counts documents by day number: in an array from the first to
// the last day of the segments counted, unless that span is absurdly long
// (a date centuries off), then in a map.
type dayTally struct {
	lo     int32
	dense  []int
	sparse map[int32]int
}

// newDayTally makes a dayTally for the days of the segments over has
// documents of.
func (s *snapshot) newDayTally(over docSet) *dayTally {
	lo, hi := int32(noDay), int32(noDay)
	for i, d := range s.data {
		if len(d.dayTotals) == 0 || over[i].IsEmpty() {
			continue
		}
		if first := d.dayTotals[0].day; lo == noDay || first < lo {
			lo = first
		}
		if last := d.dayTotals[len(d.dayTotals)-1].day; hi == noDay || last > hi {
			hi = last
		}
	}
	dc := &dayTally{lo: lo}
	switch {
	case lo == noDay:
	case int64(hi)-int64(lo) < maxDenseDays:
		dc.dense = make([]int, hi-lo+1)
	default:
		dc.sparse = map[int32]int{}
	}
	return dc
}

// add adds n documents to day.
func (dc *dayTally) add(day int32, n int) {
	if dc.dense != nil {
		dc.dense[day-dc.lo] += n
	} else if dc.sparse != nil {
		dc.sparse[day] += n
	}
}

// list returns the days with documents, in order.
func (dc *dayTally) list() dayList {
	k := len(dc.sparse)
	for _, n := range dc.dense {
		if n > 0 {
			k++
		}
	}
	out := make(dayList, 0, k)
	for j, n := range dc.dense {
		if n > 0 {
			out = append(out, dayCount{dc.lo + int32(j), n})
		}
	}
	if dc.sparse != nil {
		for day, n := range dc.sparse {
			if n > 0 {
				out = append(out, dayCount{day, n})
			}
		}
		slices.SortFunc(out, func(a, b dayCount) int { return int(a.day) - int(b.day) })
	}
	return out
}

// tallySegment adds to outs (outs[f] by term number of field tps[f]) and
// to days (nil: no days) the documents of set, live documents of segment
// seg (whose data is d).
func tallySegment(seg *scorch.SegmentSnapshot, d *segData, tps []*termPostings, set *roaring.Bitmap, outs [][]int, days *dayTally) {
	card := set.GetCardinality()
	if card == 0 {
		return
	}
	sign := 1
	if card > d.n/2 {
		// The segment's totals less its documents outside set (deleted
		// ones included, as they are in the totals).
		for f, tp := range tps {
			out := outs[f]
			for j, o := range tp.ords {
				out[o] += tp.cards[j]
			}
		}
		if days != nil {
			for _, dc := range d.dayTotals {
				days.add(dc.day, dc.n)
			}
		}
		sign = -1
		if card == seg.Count() {
			// Every live document: the complement is the deleted ones.
			set = seg.Deleted()
			if set == nil {
				return
			}
		} else {
			set = roaring.Flip(set, 0, d.n)
		}
	}
	var buf [256]uint32
	it := set.ManyIterator()
	for k := it.NextMany(buf[:]); k > 0; k = it.NextMany(buf[:]) {
		docs := buf[:k]
		for f, tp := range tps {
			out := outs[f]
			if tp.one != nil {
				for _, doc := range docs {
					if o := tp.one[doc]; o >= 0 {
						out[o] += sign
					}
				}
				continue
			}
			for _, doc := range docs {
				for _, o := range tp.docOrds[tp.docStart[doc]:tp.docStart[doc+1]] {
					out[o] += sign
				}
			}
		}
		switch {
		case days == nil:
		case days.dense != nil:
			dense, lo := days.dense, days.lo
			for _, doc := range docs {
				if day := d.day[doc]; day != noDay {
					dense[day-lo] += sign
				}
			}
		default:
			for _, doc := range docs {
				if day := d.day[doc]; day != noDay {
					days.add(day, sign)
				}
			}
		}
	}
}
