package search

import (
	"bytes"
	"fmt"
	"math"
	"slices"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/numeric"
	index "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// Scorch segments never change once written: only which of their
// documents are deleted does, and that is a bitmap of the snapshot. What
// the searches read of a segment again and again — the posting bitmaps of
// the facet and filter fields, each document's publication instant and
// day — is therefore read once per segment and kept here (Lucene's
// per-segment doc values), until a merge or a deletion-only rewrite takes
// the segment out of the index. A count is then intersections of bitmaps
// held in memory and a sort by date reads an []int64, instead of walking
// term dictionaries and decoding doc values on every search.

// Columns hold these for documents without a date.
const (
	noPub = math.MinInt64
	noDay = math.MinInt32
)

// maxDenseDays is the longest span of days counted in an array, not a
// map: about 180 years.
const maxDenseDays = 1 << 16

// countedFields are the facet fields counted per document: their terms
// are numbered across segments (termTable) and each segment keeps every
// document's terms by those numbers (and their postings only for lang,
// which is a filter too).
var countedFields = []string{fieldPlaceTree, fieldLang, fieldSiteFacet}

// segCache holds segData per segment of the index, by scorch segment id
// (which a segment keeps when scorch writes it from memory to disk).
type segCache struct {
	mu     sync.Mutex
	segs   map[uint64]*segData
	ids    []uint64              // the segments of the last snapshot seen, sorted
	newest uint64                // the highest segment id seen
	tables map[string]*termTable // by counted field; never changes
	// onDemand counts the reads of a segment's dates or of a field's
	// postings that a search made itself, not found prepared (prepare.go).
	onDemand atomic.Int64
}

func newSegCache() *segCache {
	c := &segCache{segs: map[uint64]*segData{}, tables: map[string]*termTable{}}
	for _, f := range countedFields {
		c.tables[f] = &termTable{ord: map[string]int32{}, placeNo: map[string]int32{}}
	}
	return c
}

// termTable numbers the terms of one counted field in the order segments
// bring them: a count over several segments is then an array indexed by
// these numbers, not a map of strings. Numbers are never reused, so the
// table only grows, by the terms that new segments bring (a term that
// left the index keeps its number).
type termTable struct {
	mu    sync.Mutex
	ord   map[string]int32
	terms []string
	// For place_tree: the terms parsed (id "": malformed) and numbers of
	// the places (by id) the terms are of.
	entries []treeEntry
	placeOf []int32
	placeNo map[string]int32
	// ranks order the place_tree terms as the place lists do after the
	// count (rankPlaceTerms); remade, as new slices, when terms were added.
	ranks placeRanks
}

// number returns the numbers of terms, giving new ones to new terms.
func (t *termTable) number(terms []string, tree bool) []int32 {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := make([]int32, len(terms))
	for i, term := range terms {
		n, ok := t.ord[term]
		if !ok {
			n = int32(len(t.terms))
			t.ord[term] = n
			t.terms = append(t.terms, term)
			if tree {
				e, _ := parseTreeTerm(term)
				p, ok := t.placeNo[e.id]
				if !ok {
					p = int32(len(t.placeNo))
					t.placeNo[e.id] = p
				}
				t.entries = append(t.entries, e)
				t.placeOf = append(t.placeOf, p)
			}
		}
		out[i] = n
	}
	return out
}

// tableView is a termTable as far as it went at one time: its slices are
// never changed, only appended to.
type tableView struct {
	terms   []string
	entries []treeEntry
	placeOf []int32
	nPlaces int
	ranks   placeRanks // place_tree only
}

func (t *termTable) view() tableView {
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.entries) > 0 && len(t.ranks.rank) != len(t.entries) {
		t.ranks = rankPlaceTerms(t.entries, t.terms)
	}
	return tableView{terms: t.terms, entries: t.entries, placeOf: t.placeOf, nPlaces: len(t.placeNo), ranks: t.ranks}
}

// get returns the data of every segment of a snapshot, making entries
// for the new ones (read when first needed, or by the preparer); segments
// no longer in the index are forgotten. Searches on an older snapshot keep
// their own references, and an older snapshot forgets nothing: scorch
// numbers new segments upwards and a merge's segment is newer than the
// segments it replaces, so a snapshot whose highest id is below the
// highest seen is an old one, which would forget segments just prepared.
func (c *segCache) get(segs []*scorch.SegmentSnapshot) []*segData {
	ids := make([]uint64, len(segs))
	for i, s := range segs {
		ids[i] = s.Id()
	}
	slices.Sort(ids)
	out := make([]*segData, len(segs))
	c.mu.Lock()
	defer c.mu.Unlock()
	if newest := lastOr0(ids); !slices.Equal(ids, c.ids) && newest >= c.newest {
		for id := range c.segs {
			if _, found := slices.BinarySearch(ids, id); !found {
				delete(c.segs, id)
			}
		}
		c.ids, c.newest = ids, newest
	}
	for i, s := range segs {
		d, ok := c.segs[s.Id()]
		if !ok {
			d = &segData{seg: s.Segment(), n: s.Segment().Count(), fields: map[string]*termPostings{}, tables: c.tables, onDemand: &c.onDemand}
			c.segs[s.Id()] = d
		}
		out[i] = d
	}
	return out
}

func lastOr0(ids []uint64) uint64 {
	if len(ids) == 0 {
		return 0
	}
	return ids[len(ids)-1]
}

// segData is what is kept of one segment. Its fields are filled once, on
// first use, and never change afterwards.
type segData struct {
	seg segment.Segment
	n   uint64 // documents, deleted ones included

	dateOnce sync.Once
	dateErr  error
	pub      []int64  // publication instant in Unix ns by document; noPub when undated
	byPub    []uint32 // the documents by publication instant, oldest first (the undated first of all), ties by number
	day      []int32  // publication day (dayOf) as days since 1970-01-01; noDay when undated
	// dayTotals is the documents by day (the pubday terms' counts),
	// deleted ones included.
	dayTotals dayList

	mu       sync.Mutex
	fields   map[string]*termPostings
	tables   map[string]*termTable // the cache's
	onDemand *atomic.Int64         // the cache's count of reads made by searches
	prepared atomic.Bool           // dates and prepareFields read

	lazyMu sync.Mutex
	lazy   map[fieldTerm]*roaring.Bitmap // the terms of lazyFields read, never empty
}

// lazyFields are the filter fields whose postings are read a term at a
// time, as filters name them, and kept: a filter names a few of their
// thousands of terms (places, sites), each looked up in the segment's
// dictionary in microseconds, where reading all of them ahead was a sixth
// of a segment's preparation.
var lazyFields = []string{fieldPlace, fieldSite}

type fieldTerm struct{ field, term string }

// termPostings are the terms of one field in a segment, sorted, with
// their posting bitmaps (deleted documents included; none for a counted
// field that filters nothing) and counts.
type termPostings struct {
	terms []string
	bms   []*roaring.Bitmap
	cards []int
	// covered is every document holding a term, for a field that holds
	// one term per document (singleValued); nil for the others.
	// coversAll says every document of the segment holds one.
	covered   *roaring.Bitmap
	coversAll bool
	// For a counted field: the terms' numbers in the field's termTable,
	// and each document's terms by number, document d's from
	// docOrds[docStart[d]] to docOrds[docStart[d+1]].
	ords     []int32
	docStart []uint32
	docOrds  []int32
	// one is each document's term number (-1: none) when no document
	// holds more than one term (lang, site_facet): one load per document,
	// and docStart and docOrds are nil.
	one []int32
}

// span returns the indexes of the terms from lo (inclusive) to hi
// (exclusive); "" leaves an end open.
func (tp *termPostings) span(lo, hi string) (int, int) {
	a, b := 0, len(tp.terms)
	if lo != "" {
		a = sort.SearchStrings(tp.terms, lo)
	}
	if hi != "" {
		b = sort.SearchStrings(tp.terms, hi)
	}
	return a, max(a, b)
}

// singleValued are the fields of at most one term per document: the
// publication month and day.
var singleValued = []string{fieldMonth, fieldPubDay}

// cardsIn is the number of postings of the terms from a to b (exclusive).
func (tp *termPostings) cardsIn(a, b int) int {
	n := 0
	for _, c := range tp.cards[a:b] {
		n += c
	}
	return n
}

// postings returns the bitmap of term, nil when no document holds it.
func (tp *termPostings) postings(term string) *roaring.Bitmap {
	if i, ok := slices.BinarySearch(tp.terms, term); ok {
		return tp.bms[i]
	}
	return nil
}

// termDocs returns the documents of the segment holding term in field,
// deleted ones included, nil when none; the bitmap is not to be changed.
// seg is the segment as the caller's snapshot holds it (open while the
// snapshot is). A term of a lazyField is read from seg's dictionary the
// first time; any other field is read whole (field).
func (d *segData) termDocs(seg segment.Segment, field, term string) (*roaring.Bitmap, error) {
	if !slices.Contains(lazyFields, field) {
		tp, err := d.field(field)
		if err != nil {
			return nil, err
		}
		return tp.postings(term), nil
	}
	key := fieldTerm{field, term}
	d.lazyMu.Lock()
	defer d.lazyMu.Unlock()
	if bm, ok := d.lazy[key]; ok {
		return bm, nil
	}
	dict, err := seg.Dictionary(field)
	if err != nil {
		return nil, fmt.Errorf("search: read the %s terms: %w", field, err)
	}
	_, _, bm, err := postingsBitmap(dict, []byte(term), nil, nil)
	if err != nil {
		return nil, fmt.Errorf("search: read the %s postings of %q: %w", field, term, err)
	}
	if bm.IsEmpty() {
		return nil, nil // not kept: the terms asked for that no document holds are endless
	}
	bm.RunOptimize()
	if d.lazy == nil {
		d.lazy = map[fieldTerm]*roaring.Bitmap{}
	}
	d.lazy[key] = bm
	return bm, nil
}

// field returns the terms of field with their postings, reading them
// if the preparer has not (a search's read).
func (d *segData) field(name string) (*termPostings, error) {
	return d.readField(name, true)
}

// readField returns the terms of field with their postings, read once;
// bySearch says who asks, for the onDemand count.
func (d *segData) readField(name string, bySearch bool) (*termPostings, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if tp, ok := d.fields[name]; ok {
		return tp, nil
	}
	if bySearch {
		d.onDemand.Add(1)
	}
	tp, err := readTermPostings(d.seg, name)
	if err != nil {
		return nil, err
	}
	if t, ok := d.tables[name]; ok {
		tp.ords = t.number(tp.terms, name == fieldPlaceTree)
		tp.invert(d.n)
		if name != fieldLang { // the only counted field that filters too
			tp.bms = nil // counting reads the documents' terms
		}
	}
	d.fields[name] = tp
	return tp, nil
}

// invert fills the documents' terms from the postings.
func (tp *termPostings) invert(n uint64) {
	tp.docStart = make([]uint32, n+1)
	for _, bm := range tp.bms {
		it := bm.Iterator()
		for it.HasNext() {
			tp.docStart[it.Next()+1]++
		}
	}
	for d := uint64(1); d <= n; d++ {
		tp.docStart[d] += tp.docStart[d-1]
	}
	tp.docOrds = make([]int32, tp.docStart[n])
	fill := slices.Clone(tp.docStart[:n])
	for j, bm := range tp.bms {
		it := bm.Iterator()
		for it.HasNext() {
			d := it.Next()
			tp.docOrds[fill[d]] = tp.ords[j]
			fill[d]++
		}
	}
	for d := range n {
		if tp.docStart[d+1]-tp.docStart[d] > 1 {
			return
		}
	}
	tp.one = make([]int32, n)
	for d := range n {
		tp.one[d] = -1
		if tp.docStart[d+1] > tp.docStart[d] {
			tp.one[d] = tp.docOrds[tp.docStart[d]]
		}
	}
	tp.docStart, tp.docOrds = nil, nil
}

// readTermPostings reads every term of field in seg with a copy of its
// posting bitmap (the index's own may live in a file that is unmapped
// when the segment goes).
func readTermPostings(seg segment.Segment, field string) (*termPostings, error) {
	dict, err := seg.Dictionary(field)
	if err != nil {
		return nil, fmt.Errorf("search: read the %s terms: %w", field, err)
	}
	tp := &termPostings{}
	add := func(term string, bm *roaring.Bitmap) {
		bm.RunOptimize()
		tp.terms = append(tp.terms, term)
		tp.bms = append(tp.bms, bm)
		tp.cards = append(tp.cards, int(bm.GetCardinality()))
	}
	if v, ok := dict.(bitmapVisitor); ok {
		err = v.VisitBitmaps(func(term []byte, docs *roaring.Bitmap) error {
			add(string(term), docs.Clone())
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("search: read the %s postings: %w", field, err)
		}
	} else if err := readEachTerm(dict, field, add); err != nil {
		return nil, err
	}
	if slices.Contains(singleValued, field) {
		tp.covered = union(tp.bms)
		tp.covered.RunOptimize()
		tp.coversAll = tp.covered.GetCardinality() == seg.Count()
	}
	return tp, nil
}

// bitmapVisitor is a dictionary that gives each term with its documents
// in one walk of its terms: Gazette's zapx (third_party/zapx, whose
// VisitBitmaps says why).
type bitmapVisitor interface {
	VisitBitmaps(fn func(term []byte, docs *roaring.Bitmap) error) error
}

// readEachTerm calls add with every term of dict and a new bitmap of its
// documents, the terms listed first and their postings then looked up
// one by one, for a dictionary that is not a bitmapVisitor.
func readEachTerm(dict segment.TermDictionary, field string, add func(string, *roaring.Bitmap)) error {
	var terms []string
	itr := dict.AutomatonIterator(nil, nil, nil)
	for de, err := itr.Next(); de != nil || err != nil; de, err = itr.Next() {
		if err != nil {
			return fmt.Errorf("search: read the %s terms: %w", field, err)
		}
		terms = append(terms, de.Term)
	}
	var pl segment.PostingsList
	var it segment.PostingsIterator
	for _, t := range terms {
		var bm *roaring.Bitmap
		var err error
		pl, it, bm, err = postingsBitmap(dict, []byte(t), pl, it)
		if err != nil {
			return fmt.Errorf("search: read the %s postings of %q: %w", field, t, err)
		}
		add(t, bm)
	}
	return nil
}

// union is the union of bms, a new bitmap, made in a dense bit array
// (one bit per document up to the last one held): the bitmaps of a
// field's terms are many small ones, the day field's some thousands of a
// few documents each, which roaring.FastOr merges one into the other.
func union(bms []*roaring.Bitmap) *roaring.Bitmap {
	var end uint64 // one past the highest document
	for _, bm := range bms {
		if !bm.IsEmpty() {
			end = max(end, uint64(bm.Maximum())+1)
		}
	}
	dense := make([]uint64, (end+63)/64)
	buf := make([]uint32, 256)
	for _, bm := range bms {
		it := bm.ManyIterator()
		for k := it.NextMany(buf); k > 0; k = it.NextMany(buf) {
			for _, x := range buf[:k] {
				dense[x/64] |= 1 << (x % 64)
			}
		}
	}
	return roaring.FromDense(dense, false)
}

// postingsBitmap returns a new bitmap of the documents holding term in
// dict; pl and it are reused between calls.
func postingsBitmap(dict segment.TermDictionary, term []byte, pl segment.PostingsList, it segment.PostingsIterator) (segment.PostingsList, segment.PostingsIterator, *roaring.Bitmap, error) {
	pl, err := dict.PostingsList(term, nil, pl)
	if err != nil {
		return pl, it, nil, err
	}
	if pl.Count() == 0 {
		return pl, it, roaring.New(), nil
	}
	it = pl.Iterator(false, false, false, it)
	if o, ok := it.(segment.OptimizablePostingsIterator); ok {
		if bm := o.ActualBitmap(); bm != nil {
			return pl, it, bm.Clone(), nil
		}
		if n, ok := o.DocNum1Hit(); ok {
			return pl, it, roaring.BitmapOf(uint32(n)), nil
		}
	}
	bm := roaring.New()
	for p, err := it.Next(); p != nil || err != nil; p, err = it.Next() {
		if err != nil {
			return pl, it, nil, err
		}
		bm.Add(uint32(p.Number()))
	}
	return pl, it, bm, nil
}

// dates fills the date columns once; bySearch says who asks, for the
// onDemand count.
func (d *segData) dates(bySearch bool) error {
	d.dateOnce.Do(func() {
		if bySearch {
			d.onDemand.Add(1)
		}
		d.dateErr = d.readDates()
	})
	return d.dateErr
}

// readDates reads the publication instants from the published field's
// doc values and the days from the pubday terms.
func (d *segData) readDates() error {
	d.pub = make([]int64, d.n)
	d.day = make([]int32, d.n)
	for i := range d.pub {
		d.pub[i], d.day[i] = noPub, noDay
	}
	if err := d.readPub(); err != nil {
		return fmt.Errorf("search: read publication dates: %w", err)
	}
	d.byPub = byInstant(d.pub)
	days, err := readTermPostings(d.seg, fieldPubDay)
	if err != nil {
		return err
	}
	for i, t := range days.terms {
		day, err := time.Parse(time.DateOnly, t)
		if err != nil || days.cards[i] == 0 {
			continue
		}
		n := dayNumber(day)
		d.dayTotals = append(d.dayTotals, dayCount{n, days.cards[i]})
		it := days.bms[i].Iterator()
		for it.HasNext() {
			d.day[it.Next()] = n
		}
	}
	slices.SortFunc(d.dayTotals, func(a, b dayCount) int { return int(a.day) - int(b.day) })
	d.mu.Lock()
	d.fields[fieldPubDay] = days
	d.mu.Unlock()
	return nil
}

// readPub fills d.pub from the published field's doc values.
func (d *segData) readPub() error {
	if d.n == 0 {
		return nil
	}
	// A date is indexed at several precisions; the full one (shift 0) is
	// the instant, and a document's first such term is taken.
	take := func(doc uint64, term []byte) bool {
		if valid, shift := numeric.ValidPrefixCodedTermBytes(term); valid && shift == 0 {
			if v, err := numeric.PrefixCoded(term).Int64(); err == nil {
				d.pub[doc] = v
				return v != noPub
			}
		}
		return false
	}
	if col, ok := d.seg.(fieldDocValuesVisitor); ok {
		done, err := col.VisitFieldDocValues(fieldPublished, func(doc uint64, terms []byte) error {
			for {
				i := bytes.IndexByte(terms, index.DocValueTermSeparator)
				if i < 0 || take(doc, terms[:i]) {
					return nil
				}
				terms = terms[i+1:]
			}
		})
		if done || err != nil {
			return err
		}
	}
	dv, ok := d.seg.(segment.DocValueVisitable)
	if !ok {
		return nil
	}
	fields := []string{fieldPublished}
	var doc uint64
	found := false
	visit := func(_ string, term []byte) {
		if !found {
			found = take(doc, term)
		}
	}
	var state segment.DocVisitState
	var err error
	for doc = 0; doc < d.n; doc++ {
		found = false
		if state, err = dv.VisitDocValues(doc, fields, index.DocValueVisitor(visit), state); err != nil {
			return err
		}
	}
	return nil
}

// fieldDocValuesVisitor is a segment that walks one field's doc values of
// every document at once: Gazette's zapx (third_party/zapx, whose
// VisitFieldDocValues says why).
type fieldDocValuesVisitor interface {
	VisitFieldDocValues(field string, fn func(doc uint64, terms []byte) error) (bool, error)
}

// byInstant returns the document numbers 0 to len(pub)-1 ordered by pub,
// ties in number order (a stable sort; math.MinInt64, noPub, first): a
// radix sort of the instants byte by byte, skipping the bytes that all
// instants share (the high ones, for dates of a few years).
func byInstant(pub []int64) []uint32 {
	n := len(pub)
	out := make([]uint32, n)
	for i := range out {
		out[i] = uint32(i)
	}
	if n < 2 {
		return out
	}
	keys := make([]uint64, n) // ordered as unsigned numbers as pub is as signed ones
	for i, p := range pub {
		keys[i] = uint64(p) ^ 1<<63
	}
	tmp := make([]uint32, n)
	var count [256]int
	for shift := 0; shift < 64; shift += 8 {
		clear(count[:])
		for _, k := range keys {
			count[byte(k>>shift)]++
		}
		if count[byte(keys[0]>>shift)] == n {
			continue // every key has this byte
		}
		sum := 0
		for b, c := range count {
			count[b] = sum
			sum += c
		}
		for _, doc := range out {
			b := byte(keys[doc] >> shift)
			tmp[count[b]] = doc
			count[b]++
		}
		out, tmp = tmp, out
	}
	return out
}

// bytes is about what d holds in memory, by part: the date columns, the
// counted fields' columns (term numbers by document) and the posting
// bitmaps, for measurements (BenchmarkFacetCounting).
func (d *segData) bytes() (dates, columns, postings int) {
	dates = 8*cap(d.pub) + 4*cap(d.byPub) + 4*cap(d.day) + 16*cap(d.dayTotals)
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, tp := range d.fields {
		columns += 4*cap(tp.ords) + 4*cap(tp.docStart) + 4*cap(tp.docOrds) + 4*cap(tp.one)
		for _, bm := range tp.bms {
			postings += int(bm.GetSizeInBytes())
		}
		if tp.covered != nil {
			postings += int(tp.covered.GetSizeInBytes())
		}
		for _, t := range tp.terms {
			postings += len(t) + 16
		}
		postings += 8 * cap(tp.cards)
	}
	d.lazyMu.Lock()
	defer d.lazyMu.Unlock()
	for k, bm := range d.lazy {
		postings += int(bm.GetSizeInBytes()) + len(k.term) + 16
	}
	return dates, columns, postings
}
