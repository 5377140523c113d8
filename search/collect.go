package search

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
)

// Bleve's collector sorts every hit by the request's sort order, loading
// the sort values (the publication date's doc values, the external id) of
// each one; it costs more than finding the hits. Gazette collects the hits
// itself: the text query's searcher gives the matches in document order,
// each is put in a docSet (the facets are counted over it, bitmaps.go) and,
// when it passes the filters, offered to a heap of the best page*size by
// (score, date, id) with the date read from the segment's column
// (segcache.go). The external id, which only breaks ties, is read only
// for a tie; stored fields only for the hits of the page. A search
// without a text query has no searcher at all: its result set is the
// filters' bitmaps.

// checkEvery is how many matches a collection goes between looks at the
// context (a deadline, a client gone).
const checkEvery = 1024

// Sort orders.
const (
	byRelevance = iota // score, newest, id
	byNewest           // newest, score, id
	byOldest           // oldest, score, id
)

// parseSort maps Request.Sort to a sort order. Undated documents come
// last in both date orders; ties fall back to the document id so that
// pages are stable.
func parseSort(s string) (int, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "relevance":
		return byRelevance, nil
	case "newest":
		return byNewest, nil
	case "oldest":
		return byOldest, nil
	}
	return 0, &QueryError{Msg: fmt.Sprintf("sort %q: use relevance, newest or oldest", s)}
}

// ranked is a hit as the ranker orders it.
type ranked struct {
	score float64
	date  int64 // the sort key of the date: undated documents sort last
	seg   int
	doc   uint32
	id    string // the external id, read when first needed
}

// ranker keeps the best k hits offered to it, in a heap whose root is the
// worst of them.
type ranker struct {
	s     *snapshot
	order int
	k     int
	heap  []ranked
	err   error // from reading an id
}

func newRanker(s *snapshot, order, k int) *ranker {
	return &ranker{s: s, order: order, k: k, heap: make([]ranked, 0, min(k, 1024))}
}

// dateKey is the sort key of segment seg's document doc: its publication
// instant, with undated documents last in the ranker's order.
func (rk *ranker) dateKey(seg int, doc uint32) int64 {
	p := rk.s.data[seg].pub[doc]
	if p == noPub && rk.order == byOldest {
		return maxInt64
	}
	return p // noPub is the lowest: last when newest first
}

const maxInt64 = 1<<63 - 1

// id returns the external id of h.
func (rk *ranker) id(h *ranked) string {
	if h.id == "" && rk.err == nil {
		b, err := rk.s.segs[h.seg].DocID(uint64(h.doc))
		if err != nil {
			rk.err = fmt.Errorf("search: read a document id: %w", err)
		}
		h.id = string(b)
	}
	return h.id
}

// before reports whether a ranks before b.
func (rk *ranker) before(a, b *ranked) bool {
	dateFirst := func() (bool, bool) {
		if a.date != b.date {
			if rk.order == byOldest {
				return a.date < b.date, true
			}
			return a.date > b.date, true
		}
		return false, false
	}
	if rk.order != byRelevance {
		if less, decided := dateFirst(); decided {
			return less
		}
	}
	if a.score != b.score {
		return a.score > b.score
	}
	if rk.order == byRelevance {
		if less, decided := dateFirst(); decided {
			return less
		}
	}
	return rk.id(a) < rk.id(b)
}

// floor returns the score a hit must reach to be kept: the worst kept
// once k are (a hit of a lower score is not kept, whatever its date);
// -Inf before, or when the date orders hits first.
func (rk *ranker) floor() float64 {
	if rk.order != byRelevance || rk.k == 0 || len(rk.heap) < rk.k {
		return math.Inf(-1)
	}
	return rk.heap[0].score
}

// offer considers one hit.
func (rk *ranker) offer(score float64, seg int, doc uint32) {
	if rk.k == 0 {
		return
	}
	h := ranked{score: score, date: rk.dateKey(seg, doc), seg: seg, doc: doc}
	if len(rk.heap) < rk.k {
		rk.heap = append(rk.heap, h)
		rk.up(len(rk.heap) - 1)
		return
	}
	if !rk.before(&h, &rk.heap[0]) {
		return
	}
	rk.heap[0] = h
	rk.down(0)
}

// byDateShare: a segment's result set holding more than 1/byDateShare of
// its documents is ranked by walking the segment's documents in date order
// (segData.byPub) until the ranker can take no more, not by visiting the
// whole set.
const byDateShare = 8

// offerAll offers every document of set with the same score: the search
// without a text query, ordered by date alone. A document later than the
// worst kept is skipped on its date.
func (rk *ranker) offerAll(set docSet) {
	buf := make([]uint32, 1024)
	for seg, b := range set {
		if d := rk.s.data[seg]; rk.k > 0 && d.byPub != nil && b.GetCardinality()*byDateShare > d.n {
			rk.offerByDate(seg, b)
			continue
		}
		pub := rk.s.data[seg].pub
		it := b.ManyIterator()
		for n := it.NextMany(buf); n > 0; n = it.NextMany(buf) {
			for _, doc := range buf[:n] {
				if len(rk.heap) == rk.k && rk.k > 0 {
					// The date decides unless it equals the worst's.
					d, worst := pub[doc], rk.heap[0].date
					if d == noPub && rk.order == byOldest {
						d = maxInt64
					}
					if rk.order == byOldest && d > worst || rk.order != byOldest && d < worst {
						continue
					}
				}
				rk.offer(0, seg, doc)
			}
		}
	}
}

// offerByDate offers the documents of set, of segment seg, in the order
// of their date keys, best first, and stops at the first that ranks after
// the worst kept on its date alone once the heap is full: every later one
// does too. Ties on the date are offered (the id decides).
func (rk *ranker) offerByDate(seg int, set *roaring.Bitmap) {
	order := rk.s.data[seg].byPub // oldest first, the undated before all
	undated := sort.Search(len(order), func(i int) bool { return rk.s.data[seg].pub[order[i]] != noPub })
	try := func(doc uint32) bool {
		if !set.Contains(doc) {
			return true
		}
		if len(rk.heap) == rk.k {
			d, worst := rk.dateKey(seg, doc), rk.heap[0].date
			if rk.order == byOldest && d > worst || rk.order != byOldest && d < worst {
				return false
			}
		}
		rk.offer(0, seg, doc)
		return true
	}
	if rk.order == byOldest { // the dated oldest first, then the undated (last)
		for _, doc := range order[undated:] {
			if !try(doc) {
				return
			}
		}
		for _, doc := range order[:undated] {
			if !try(doc) {
				return
			}
		}
		return
	}
	for i := len(order) - 1; i >= 0; i-- { // newest first, the undated last
		if !try(order[i]) {
			return
		}
	}
}

// worse orders the heap: the worst hit at the root.
func (rk *ranker) worse(i, j int) bool { return rk.before(&rk.heap[j], &rk.heap[i]) }

func (rk *ranker) up(i int) {
	for i > 0 {
		p := (i - 1) / 2
		if !rk.worse(i, p) {
			return
		}
		rk.heap[i], rk.heap[p] = rk.heap[p], rk.heap[i]
		i = p
	}
}

func (rk *ranker) down(i int) {
	for {
		l, w := 2*i+1, i
		if l < len(rk.heap) && rk.worse(l, w) {
			w = l
		}
		if r := l + 1; r < len(rk.heap) && rk.worse(r, w) {
			w = r
		}
		if w == i {
			return
		}
		rk.heap[i], rk.heap[w] = rk.heap[w], rk.heap[i]
		i = w
	}
}

// best returns the hits kept, best first.
func (rk *ranker) best() ([]ranked, error) {
	out := slices.Clone(rk.heap)
	slices.SortFunc(out, func(a, b ranked) int {
		switch {
		case rk.before(&a, &b):
			return -1
		case rk.before(&b, &a):
			return 1
		}
		return 0
	})
	return out, rk.err
}

// run runs q over the snapshot and returns the set of documents it
// matches, calling fn (when not nil) with each match in document order;
// score false leaves every score 0. It stops with the context's error.
func (s *snapshot) run(ctx context.Context, q query.Query, m mapping.IndexMapping, score bool, fn func(seg int, doc uint32, score float64)) (docSet, error) {
	opts := search.SearcherOptions{}
	if !score {
		opts.Score = "none"
	}
	// The term searchers score with the mapping's model (BM25) when the
	// context names it, as Bleve's own searches do.
	model := index.DefaultScoringModel
	if im, ok := m.(*mapping.IndexMappingImpl); ok && im.ScoringModel != "" {
		model = im.ScoringModel
	}
	sctx := context.WithValue(ctx, search.GetScoringModelCallbackKey, search.GetScoringModelCallbackFn(func() string { return model }))
	searcher, err := q.Searcher(sctx, s.is, m, opts)
	if err != nil {
		return nil, err
	}
	defer searcher.Close()
	sc := &search.SearchContext{
		DocumentMatchPool: search.NewDocumentMatchPool(searcher.DocumentMatchPoolSize(), 0),
		IndexReader:       s.is,
	}
	out := s.empty()
	seg := 0
	var buf []uint32
	flush := func() {
		out[seg].AddMany(buf)
		buf = buf[:0]
	}
	for n := 0; ; n++ {
		if n%checkEvery == 0 {
			select {
			case <-ctx.Done():
				return nil, ctx.Err()
			default:
			}
		}
		dm, err := searcher.Next(sc)
		if err != nil {
			return nil, err
		}
		if dm == nil {
			break
		}
		g := dm.IndexInternalID.Value()
		for seg+1 < len(s.offsets) && g >= s.offsets[seg+1] {
			flush()
			seg++
		}
		doc := uint32(g - s.offsets[seg])
		buf = append(buf, doc)
		if fn != nil {
			fn(seg, doc, dm.Score)
		}
		sc.DocumentMatchPool.Put(dm)
	}
	if len(s.segs) > 0 {
		flush()
	}
	return out, nil
}

// load reads the stored fields of hits for the page: a DocumentMatch per
// hit with its external id and the fields makeHit reads, the stored JSON
// as a string and the text as bytes. The texts are copied into buf (nil:
// into bytes of their own), whose memory they share until the page is
// made: a hit's snippet is made from them, not kept.
func (s *snapshot) load(hits []ranked, buf *pageBuf) ([]*search.DocumentMatch, error) {
	out := make([]*search.DocumentMatch, 0, len(hits))
	for _, h := range hits {
		dm := &search.DocumentMatch{Fields: make(map[string]interface{}, 2)}
		err := s.segs[h.seg].VisitDocument(uint64(h.doc), func(field string, _ byte, value []byte, _ []uint64) bool {
			switch {
			case field == "_id":
				dm.ID = string(value)
			case field == fieldSource:
				dm.Fields[field] = string(value)
			case slices.Contains(textFieldNames, field):
				dm.Fields[field] = buf.text(value)
			}
			return true
		})
		if err != nil {
			return nil, fmt.Errorf("search: read a hit: %w", err)
		}
		out = append(out, dm)
	}
	return out, nil
}

// pageBuf holds the texts of a page's hits while its snippets are made
// (load), in one buffer kept from one search to the next (Index.pageBufs):
// a page reads some 50 KB of text, which copied into strings would be
// allocated, collected and faulted in again on every search. Its
// fragmenter's buffers are kept with it.
type pageBuf struct {
	b  []byte
	fr fragmenter // the page's highlighting
}

// maxPageBuf is the largest buffer kept for the next page.
const maxPageBuf = 4 << 20

// text returns a copy of value in the buffer (of its own when the buffer
// is nil). A copy made after the buffer grew stays where it was.
func (pb *pageBuf) text(value []byte) []byte {
	if pb == nil {
		return bytes.Clone(value)
	}
	start := len(pb.b)
	pb.b = append(pb.b, value...)
	return pb.b[start:len(pb.b):len(pb.b)]
}

// getPageBuf returns an empty page buffer, one of an earlier search's
// when there is one.
func (ix *Index) getPageBuf() *pageBuf {
	if pb, ok := ix.pageBufs.Get().(*pageBuf); ok {
		return pb
	}
	return &pageBuf{b: make([]byte, 0, 64<<10)}
}

// putPageBuf keeps pb for a later search, once nothing of the page it
// served reads its texts.
func (ix *Index) putPageBuf(pb *pageBuf) {
	if cap(pb.b) <= maxPageBuf {
		pb.b = pb.b[:0]
		ix.pageBufs.Put(pb)
	}
}
