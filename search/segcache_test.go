package search

import (
	"cmp"
	"context"
	"math"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// TestWarming: an index opened again reads every segment's dates and
// postings in the background and says so until it is done; its searches
// answer meanwhile, and the same as an index that read nothing ahead.
func TestWarming(t *testing.T) {
	path := filepath.Join(t.TempDir(), "index")
	ix, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	_, docs := corpusDocs(t, 600)
	for from := 0; from < len(docs); from += 200 {
		if err := ix.Put(docs[from : from+200]...); err != nil {
			t.Fatal(err)
		}
	}
	if ix.Warming() {
		t.Error("a new index says it is reading its segments")
	}
	r := Request{Places: []string{"UA"}, Sort: "newest"}
	want := mustSearch(t, ix, r)
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}

	// Closing while it reads stops the reading.
	ix, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	ix.Prepare()
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := ix.Search(context.Background(), Request{}); err == nil {
		t.Error("a closed index searched")
	}

	ix, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	ix.Prepare()
	got := mustSearch(t, ix, r) // while reading, or after
	if !reflect.DeepEqual(got, want) {
		t.Errorf("reopened: %+v\nwant %+v", got, want)
	}
	waitPrepared(t, ix)
	if ix.Warming() {
		t.Error("every segment is read, and the index says it is reading them")
	}
	checkPrepared(t, ix)
}

// waitPrepared waits until the preparer has read every segment of the
// index as it is now, and has ended its first pass (or the test's
// deadline is near, a failure).
func waitPrepared(t *testing.T, ix *Index) {
	t.Helper()
	ctx := context.Background()
	if deadline, ok := t.Deadline(); ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithDeadline(ctx, deadline.Add(-10*time.Second))
		defer cancel()
	}
	for {
		next := ix.prep.passEnd() // before looking: a pass ending meanwhile closes it
		s, err := ix.snapshotOf()
		if err != nil {
			t.Fatal(err)
		}
		all := true
		for _, d := range s.data {
			all = all && d.prepared.Load()
		}
		s.Close()
		if all && !ix.Warming() {
			return
		}
		select {
		case <-next:
		case <-ctx.Done():
			t.Fatal("the index's segments were never all prepared")
		}
	}
}

// checkPrepared checks that every segment of the index has its dates and
// every field a search reads.
func checkPrepared(t *testing.T, ix *Index) {
	t.Helper()
	s, err := ix.snapshotOf()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for i, d := range s.data {
		d.mu.Lock()
		n := len(d.fields)
		d.mu.Unlock()
		if len(d.pub) != int(d.n) || n < len(prepareFields) {
			t.Errorf("segment %d: %d dates of %d documents, %d fields read, want %d", i, len(d.pub), d.n, n, len(prepareFields))
		}
	}
}

// TestPreparedAfterMerge: the segments that batches and merges bring are
// read in the background as they come, so that a search after a merge
// reads nothing itself, and finds what Bleve finds.
func TestPreparedAfterMerge(t *testing.T) {
	ix := openTemp(t)
	ix.Prepare()
	_, docs := corpusDocs(t, 900)
	for from := 0; from < 600; from += 100 {
		if err := ix.Put(docs[from : from+100]...); err != nil {
			t.Fatal(err)
		}
	}
	reqs := []Request{
		{},
		{Places: []string{"UA"}, Sort: "newest"},
		{Query: docs[3].Title, Langs: []string{docs[3].Lang, "de"}},
		{To: day("2030-01-01"), Sites: []string{docs[5].Site}},
	}
	check := func(when string) {
		t.Helper()
		waitPrepared(t, ix)
		checkPrepared(t, ix)
		before := ix.segs.onDemand.Load()
		for _, r := range reqs {
			forgetFacets(ix)
			got := mustSearch(t, ix, r)
			want, err := ix.searchBleve(context.Background(), r)
			if err != nil {
				t.Fatal(err)
			}
			if got.Total == 0 {
				t.Errorf("%s, %+v: nothing found", when, r)
			}
			got.Suggestion, got.Broader = "", nil // not the reference's
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s, %+v:\n%+v\nBleve\n%+v", when, r, got, want)
			}
		}
		if n := ix.segs.onDemand.Load() - before; n != 0 {
			t.Errorf("%s: the searches read %d segment columns or fields themselves", when, n)
		}
	}
	check("after batches")

	// A merge into one segment: a new segment, its data read in the background.
	sc, err := ix.bleve.Advanced()
	if err != nil {
		t.Fatal(err)
	}
	before := segmentIDs(t, ix)
	if err := sc.(*scorch.Scorch).ForceMerge(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	after := segmentIDs(t, ix)
	if len(after) != 1 || slices.Contains(before, after[0]) {
		t.Fatalf("segments %v after the merge of %v, want one new", after, before)
	}
	check("after a merge")

	// Replacements: deletions in the merged segment and a new one.
	if err := ix.Put(append(slices.Clone(docs[600:900]), docs[:50]...)...); err != nil {
		t.Fatal(err)
	}
	check("after replacing")
}

// segmentIDs are the scorch ids of the index's segments now.
func segmentIDs(t *testing.T, ix *Index) []uint64 {
	t.Helper()
	s, err := ix.snapshotOf()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var ids []uint64
	for _, seg := range s.segs {
		ids = append(ids, seg.Id())
	}
	return ids
}

// TestSearchWhileWriting: searches running while batches add and replace
// documents (new segments, merges, deletions) each see one consistent
// state of the index: their language counts (of the languages chosen,
// if any) add up to their total.
func TestSearchWhileWriting(t *testing.T) {
	ix := openTemp(t)
	_, docs := corpusDocs(t, 800)
	if err := ix.Put(docs[:200]...); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	errs := make(chan error, 1)
	go func() {
		defer close(done)
		for from := 200; from < len(docs); from += 100 {
			batch := append(slices.Clone(docs[from:from+100]), docs[from-200:from-150]...) // new and replaced
			if err := ix.Put(batch...); err != nil {
				errs <- err
				return
			}
		}
	}()
	reqs := []Request{{}, {Query: docs[0].Title}, {Places: []string{"UA"}, Sort: "newest"}, {Langs: []string{"en", "ru"}}}
	for n := 0; ; n++ {
		select {
		case <-done:
			select {
			case err := <-errs:
				t.Fatal(err)
			default:
			}
			if n < 10 {
				t.Logf("only %d searches ran while writing", n)
			}
			return
		default:
		}
		r := reqs[n%len(reqs)]
		forgetFacets(ix)
		res := mustSearch(t, ix, r)
		sum := 0 // the language counts are disjunctive: those of the chosen ones add up
		for _, l := range res.Facets.Langs {
			if len(r.Langs) == 0 || slices.Contains(r.Langs, l.Key) {
				sum += l.Count
			}
		}
		if uint64(sum) != res.Total {
			t.Fatalf("%+v: languages add up to %d of %d", r, sum, res.Total)
		}
	}
}

// TestPrepareParallel: an index of several segments opened again is
// prepared by several goroutines, each segment once and the largest
// first, every one of them read when the pass ends; and Close in the
// middle of a pass stops it and returns, no preparer left running.
func TestPrepareParallel(t *testing.T) {
	path := filepath.Join(t.TempDir(), "index")
	ix, err := OpenWith(path, Options{mergeDocs: 1})
	if err != nil {
		t.Fatal(err)
	}
	_, docs := corpusDocs(t, 700)
	for from, size := 0, 50; from < len(docs); from, size = from+size, size+50 { // 7 segments, 50 to 350 documents
		if err := ix.Put(docs[from:min(from+size, len(docs))]...); err != nil {
			t.Fatal(err)
		}
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}

	ix, err = OpenWith(path, Options{mergeDocs: 1})
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	seen := map[*segData]int{}
	ix.prepareHook = func(_ context.Context, d *segData) {
		mu.Lock()
		defer mu.Unlock()
		seen[d]++
	}
	s, err := ix.snapshotOf()
	if err != nil {
		t.Fatal(err)
	}
	var sizes []uint64
	for _, d := range unprepared(s.data) {
		sizes = append(sizes, d.n)
	}
	s.Close()
	if len(sizes) < 4 || !slices.IsSortedFunc(sizes, func(a, b uint64) int { return cmp.Compare(b, a) }) {
		t.Errorf("segments to prepare by size %v, want several, the largest first", sizes)
	}
	ix.Prepare()
	waitPrepared(t, ix)
	checkPrepared(t, ix)
	mu.Lock()
	if len(seen) != len(sizes) {
		t.Errorf("%d segments prepared, want %d", len(seen), len(sizes))
	}
	for d, n := range seen {
		if n != 1 {
			t.Errorf("a segment of %d documents prepared %d times", d.n, n)
		}
	}
	mu.Unlock()
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}

	// Closed while each preparer waits in its first segment, until
	// cancelled.
	ix, err = OpenWith(path, Options{mergeDocs: 1})
	if err != nil {
		t.Fatal(err)
	}
	workers := min(runtime.GOMAXPROCS(0), len(sizes))
	started := make(chan struct{}, len(sizes))
	var running atomic.Int32
	ix.prepareHook = func(ctx context.Context, _ *segData) {
		running.Add(1)
		defer running.Add(-1)
		started <- struct{}{}
		<-ctx.Done()
	}
	ix.Prepare()
	for range workers {
		<-started
	}
	if !ix.Warming() {
		t.Error("an index in the middle of its first pass says it is not warming")
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	if n := running.Load(); n != 0 {
		t.Errorf("%d preparers still in a segment after Close", n)
	}
	if n := len(started); n != 0 {
		t.Errorf("%d more segments started after the cancellation", n)
	}
	buf := make([]byte, 1<<20)
	if stacks := string(buf[:runtime.Stack(buf, true)]); strings.Contains(stacks, "preparePass") {
		t.Errorf("a preparer goroutine is left after Close:\n%s", stacks)
	}
}

// TestUnion: union holds what roaring.FastOr holds, for bitmaps of every
// shape (none, empty ones, runs, dense containers, several containers).
func TestUnion(t *testing.T) {
	rangeOf := func(lo, hi uint64) *roaring.Bitmap {
		b := roaring.New()
		b.AddRange(lo, hi)
		return b
	}
	every := func(step, n uint32) *roaring.Bitmap {
		b := roaring.New()
		for x := uint32(0); x < n; x += step {
			b.Add(x)
		}
		return b
	}
	run := rangeOf(100, 70000)
	run.RunOptimize()
	tests := []struct {
		name string
		bms  []*roaring.Bitmap
	}{
		{"none", nil},
		{"empty ones", []*roaring.Bitmap{roaring.New(), roaring.New()}},
		{"one", []*roaring.Bitmap{roaring.BitmapOf(3, 64, 65)}},
		{"days", []*roaring.Bitmap{roaring.BitmapOf(0, 9), roaring.New(), roaring.BitmapOf(5), roaring.BitmapOf(1, 2, 63, 64)}},
		{"dense and sparse", []*roaring.Bitmap{every(2, 50000), every(3, 50000), roaring.BitmapOf(49999)}},
		{"containers", []*roaring.Bitmap{run, every(7, 200000), roaring.BitmapOf(131072, 1<<20)}},
		{"overlapping", []*roaring.Bitmap{rangeOf(0, 5000), rangeOf(4000, 9000), every(1000, 9000)}},
	}
	for _, tt := range tests {
		got, want := union(tt.bms), roaring.FastOr(tt.bms...)
		if !got.Equals(want) {
			t.Errorf("%s: %d documents, want %d", tt.name, got.GetCardinality(), want.GetCardinality())
		}
	}
}

// TestReadTermPostingsPaths: a segment's terms read in one walk of its
// dictionary (zapx's VisitBitmaps) are those listed and looked up one by
// one (readEachTerm), with the same documents.
func TestReadTermPostingsPaths(t *testing.T) {
	ix := openTemp(t)
	_, docs := corpusDocs(t, 300)
	if err := ix.Put(docs...); err != nil {
		t.Fatal(err)
	}
	s, err := ix.snapshotOf()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, seg := range s.segs {
		for _, field := range append([]string{fieldPubDay, "absent"}, append(prepareFields, lazyFields...)...) {
			got, err := readTermPostings(seg.Segment(), field)
			if err != nil {
				t.Fatal(err)
			}
			dict, err := seg.Segment().Dictionary(field)
			if err != nil {
				t.Fatal(err)
			}
			var terms []string
			var bms []*roaring.Bitmap
			err = readEachTerm(dict, field, func(term string, bm *roaring.Bitmap) {
				terms = append(terms, term)
				bms = append(bms, bm)
			})
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got.terms, terms) || len(got.bms) != len(bms) {
				t.Fatalf("%s: terms %q, want %q", field, got.terms, terms)
			}
			for i := range bms {
				if !got.bms[i].Equals(bms[i]) || got.cards[i] != int(bms[i].GetCardinality()) {
					t.Errorf("%s, %q: %d documents, want %d", field, terms[i], got.cards[i], bms[i].GetCardinality())
				}
			}
			if field != "absent" && len(terms) == 0 {
				t.Errorf("%s: no terms", field)
			}
		}
	}
}

// TestTermDocs: a term of a lazily read field has the documents its
// whole field's postings give it, read once and kept; a term no document
// holds has none, and is not kept.
func TestTermDocs(t *testing.T) {
	ix := openTemp(t)
	_, docs := corpusDocs(t, 300)
	if err := ix.Put(docs...); err != nil {
		t.Fatal(err)
	}
	s, err := ix.snapshotOf()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for i, seg := range s.segs {
		d := s.data[i]
		for _, field := range append(slices.Clone(lazyFields), fieldLang) {
			whole, err := readTermPostings(seg.Segment(), field)
			if err != nil {
				t.Fatal(err)
			}
			if len(whole.terms) == 0 {
				t.Fatalf("%s: no terms", field)
			}
			for j, term := range whole.terms {
				got, err := d.termDocs(seg.Segment(), field, term)
				if err != nil {
					t.Fatal(err)
				}
				if got == nil || !got.Equals(whole.bms[j]) {
					t.Errorf("%s, %q: %v, want %d documents", field, term, got, whole.cards[j])
				}
				again, err := d.termDocs(seg.Segment(), field, term)
				if err != nil || again != got {
					t.Errorf("%s, %q: read again (%v)", field, term, err)
				}
			}
			if got, err := d.termDocs(seg.Segment(), field, "no such term"); got != nil || err != nil {
				t.Errorf("%s: a term no document holds has %v (%v)", field, got, err)
			}
		}
		d.lazyMu.Lock()
		if _, ok := d.lazy[fieldTerm{fieldPlace, "no such term"}]; ok {
			t.Error("a term no document holds is kept")
		}
		d.lazyMu.Unlock()
	}
}

// TestByInstant: byInstant orders documents as a stable sort by instant
// does, the undated (noPub) first, ties by number.
func TestByInstant(t *testing.T) {
	base := time.Date(2022, 2, 24, 4, 0, 0, 0, time.UTC).UnixNano()
	tests := []struct {
		name string
		pub  []int64
	}{
		{"none", nil},
		{"one", []int64{base}},
		{"all equal", []int64{base, base, base}},
		{"undated and ties", []int64{base + 5, noPub, base, noPub, base + 5, base - 1}},
		{"before 1970", []int64{base, -base, 0, -1, 1, noPub, math.MaxInt64}},
	}
	rng := rand.New(rand.NewPCG(1, 2))
	var many []int64
	for range 5000 {
		switch rng.IntN(10) {
		case 0:
			many = append(many, noPub)
		case 1:
			many = append(many, base) // ties
		default:
			many = append(many, base+rng.Int64N(10*365*24*int64(time.Hour)))
		}
	}
	tests = append(tests, struct {
		name string
		pub  []int64
	}{"years of instants", many})
	for _, tt := range tests {
		want := make([]uint32, len(tt.pub))
		for i := range want {
			want[i] = uint32(i)
		}
		slices.SortStableFunc(want, func(a, b uint32) int { return cmp.Compare(tt.pub[a], tt.pub[b]) })
		if got := byInstant(tt.pub); !slices.Equal(got, want) {
			t.Errorf("%s: %v, want %v", tt.name, got[:min(len(got), 20)], want[:min(len(want), 20)])
		}
	}
}

// TestReadPubPaths: the publication instants read in one walk of the
// published field's doc values (zapx's VisitFieldDocValues) are those
// read document by document (VisitDocValues), undated documents
// included.
func TestReadPubPaths(t *testing.T) {
	ix := openTemp(t)
	_, docs := corpusDocs(t, 1100) // doc values in two chunks (1,024 documents each)
	for i := range docs {
		docs[i].Text = "" // only the dates matter: quicker to index
	}
	if err := ix.Put(docs...); err != nil {
		t.Fatal(err)
	}
	byID := map[string]Doc{}
	for _, d := range docs {
		byID[d.ID] = d
	}
	s, err := ix.snapshotOf()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, ss := range s.segs {
		seg := ss.Segment()
		type byDoc struct { // VisitDocValues without VisitFieldDocValues
			segment.Segment
			segment.DocValueVisitable
		}
		var pubs [2][]int64
		for i, sg := range []segment.Segment{seg, byDoc{seg, seg.(segment.DocValueVisitable)}} {
			d := &segData{seg: sg, n: seg.Count()}
			d.pub = slices.Repeat([]int64{noPub}, int(d.n))
			if err := d.readPub(); err != nil {
				t.Fatal(err)
			}
			pubs[i] = d.pub
		}
		if _, ok := seg.(fieldDocValuesVisitor); !ok {
			t.Error("the segment does not walk a field's doc values")
		}
		if !slices.Equal(pubs[0], pubs[1]) {
			t.Error("the instants of the two ways differ")
		}
		undated := 0
		for i, p := range pubs[0] {
			id, err := seg.DocID(uint64(i))
			if err != nil {
				t.Fatal(err)
			}
			want := byID[string(id)].Published
			switch {
			case p == noPub && want == nil:
				undated++
			case p == noPub || want == nil || want.UnixNano() != p:
				t.Fatalf("document %s: %d, want %v", id, p, want)
			}
		}
		if undated == 0 || undated == len(pubs[0]) {
			t.Errorf("%d undated of %d", undated, len(pubs[0]))
		}
	}
}
