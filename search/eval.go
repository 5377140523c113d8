package search

import (
	"cmp"
	"context"
	"errors"
	"math"
	"slices"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/scorer"
	index "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// Bleve's searchers find the matches of a query one document at a time
// across the whole index: every match of every term is a DocumentMatch
// with its own ids, a phrase builds a map of term locations for every
// document holding its words, and an unfielded word merges nine term
// searchers document by document. Most of a text search's CPU went
// there. Gazette evaluates the query trees that qbuild.go makes itself,
// segment by segment, over the segments' postings:
//
//   - first the set of matches, as bitmaps: a term's postings less the
//     deleted documents, OR, AND and AND NOT of them; a phrase of two
//     adjacent terms is the postings of their pair in the field's pair
//     field (pairs.go); a longer phrase, or one with a gap a stop word
//     left, is the AND of its terms' and its pairs' postings, and only
//     those candidates have their term locations read, into reused
//     buffers;
//   - then the score of each match the filters keep (and only of those),
//     reading each term's frequency and norm from its postings in
//     document order; for a relevance search, only of the matches whose
//     bound can still reach the worst of the best hits kept (MaxScore,
//     scoreSegment).
//
// The scores are exactly Bleve's, so the order of hits does not change:
// BM25 with the index's average field length, the query norm the
// outermost composite searcher sets on every term (a lone term has none),
// the coordination factor of disjunctions, the boosts of terms and
// phrases (a disjunction's own boost is ignored, as Bleve ignores it),
// and the sums taken in the order Bleve's searchers take them (children
// sorted by their match counts, stably; a disjunction of more than ten
// terms at the root, a fuzzy word's expansion, in the order Bleve's heap
// searcher pops them, replayed). A query holding anything else — a
// proximity, a date range, a disjunction of more than ten clauses below
// the root, a phrase with several terms at one position — is left to
// Bleve's searcher (snapshot.run).

// Node kinds of an evaluated query.
const (
	evTerm   = iota // one term in one field
	evPhrase        // terms at consecutive positions in one field
	evOr            // any of kids: Bleve's disjunction (slice) searcher
	evAnd           // all of kids: Bleve's conjunction searcher
	evNot           // kids[0] and none of not: Bleve's boolean searcher
	evAll           // every document
	evNone          // nothing: Bleve's match-none searcher
	evHeap          // any of kids, more than ten terms at the root: Bleve's heap disjunction
)

// Limits past which Bleve's searchers order their children in a way this
// evaluator does not reproduce: a disjunction of more clauses uses a heap,
// and sort.Sort of more than 12 elements is not stable.
const (
	maxEvalOr  = 10
	maxEvalAnd = 12
)

// enode is one node of an evaluated query.
type enode struct {
	kind int
	kids []*enode // evOr, evAnd: in Bleve's order once prepared; evNot: the must
	not  *enode   // evNot: what excludes
	act  []*enode // evOr: the kids with matches in the current segment, in order

	// Scoring units (terms, phrases, match-all): the most a match can
	// score, and whether it is taken as matched when bounding a score.
	ub float64
	ne bool

	// evTerm, evAll
	field  string
	term   []byte
	boost  float64
	count  uint64 // Bleve's Count(): matches in live documents (for a composite, the sum)
	idf    float64
	avgLen float64 // BM25's average field length; 0: TF-IDF
	qw     float64 // the query weight the score is multiplied by (1: none)
	pls    []segment.PostingsList

	// evPhrase
	terms  []*enode // its terms in phrase order
	offs   []uint64 // each term's position after the first's
	sorted []int    // indexes into terms in Bleve's order of summing
	pairs  []*enode // its adjacent terms' pairs in the field's pair field (pairs.go)
	exact  bool     // the pairs decide the phrase (two adjacent terms): no locations are read

	// Per segment.
	bm    *roaring.Bitmap // the matches in the current segment
	owned bool            // bm is this search's own, not the index's
	// evTerm: the iterator that reads the bitmap, the cursor that
	// checks a phrase, and while scoring the cursor that reads the
	// frequencies and norms.
	bitIt segment.PostingsIterator
	pc    scoreCursor
	sc    scoreCursor
	cur   uint64 // document of sc's current posting; curNone: none read yet
	// evPhrase: the matches the filters keep and their scores, in
	// document order, and a cursor.
	pdocs   []uint32
	pscores []float64
	pcur    int
}

const (
	curNone = math.MaxUint64     // no posting read yet
	curEnd  = math.MaxUint64 - 1 // the postings are exhausted
)

// evaluator runs one query over one snapshot.
type evaluator struct {
	s      *snapshot
	m      mapping.IndexMapping
	root   *enode
	score  bool
	leaves []*enode                            // every evTerm but the pairs
	pairs  []*enode                            // the pairs of the phrases (evTerm, read for their bitmaps only)
	dicts  map[string][]segment.TermDictionary // by field, by segment
	docs   uint64                              // the snapshot's live documents
	alls   []*enode                            // every evAll
	units  []*enode                            // the scoring units, by ub ascending

	hs heapState // evHeap at the root

	// Reused buffers.
	many  []uint32
	found []uint32
	locs  [][]phraseLoc
	bms   []*roaring.Bitmap
}

// compileEval builds the evaluator of q, or returns false when q holds
// a kind of query it leaves to Bleve.
func (s *snapshot) compileEval(q query.Query, m mapping.IndexMapping, score bool) (*evaluator, bool, error) {
	if im, ok := m.(*mapping.IndexMappingImpl); !ok || im.ScoringModel != index.BM25Scoring {
		return nil, false, nil
	}
	e := &evaluator{s: s, m: m, score: score, dicts: map[string][]segment.TermDictionary{}}
	root, ok := e.compileRoot(q)
	if !ok {
		return nil, false, nil
	}
	e.root = root
	if err := e.prepare(); err != nil {
		return nil, false, err
	}
	return e, true, nil
}

// compileRoot compiles the whole query: a disjunction of more terms than
// Bleve's slice searcher takes (a fuzzy word's expansion) is evaluated at
// the root only, where Bleve's heap searcher is driven by Next alone.
func (e *evaluator) compileRoot(q query.Query) (*enode, bool) {
	dq, ok := q.(*query.DisjunctionQuery)
	if !ok || len(dq.Disjuncts) <= maxEvalOr {
		return e.compile(q)
	}
	if dq.Min > 1 {
		return nil, false
	}
	n := &enode{kind: evHeap}
	for _, d := range dq.Disjuncts {
		if _, ok := d.(*query.TermQuery); !ok {
			return nil, false
		}
		k, _ := e.compile(d)
		n.kids = append(n.kids, k)
	}
	return n, true
}

// compile turns q into nodes the way Bleve's Searcher methods build
// searchers of it.
func (e *evaluator) compile(q query.Query) (*enode, bool) {
	switch q := q.(type) {
	case *query.TermQuery:
		field := q.FieldVal
		if field == "" {
			field = e.m.DefaultSearchField()
		}
		return e.leaf(field, []byte(q.Term), q.BoostVal.Value()), true
	case *query.MatchPhraseQuery:
		return e.phrase(q)
	case *query.MatchAllQuery:
		n := &enode{kind: evAll, boost: q.BoostVal.Value(), qw: 1}
		e.alls = append(e.alls, n)
		return n, true
	case *query.MatchNoneQuery:
		return &enode{kind: evNone}, true
	case *query.DisjunctionQuery:
		if q.Min > 1 || len(q.Disjuncts) > maxEvalOr {
			return nil, false
		}
		return e.composite(evOr, q.Disjuncts)
	case *query.ConjunctionQuery:
		if len(q.Conjuncts) > maxEvalAnd {
			return nil, false
		}
		return e.composite(evAnd, q.Conjuncts)
	case *query.BooleanQuery:
		if q.Should != nil || q.Filter != nil {
			return nil, false
		}
		var must, not *enode
		var ok bool
		if q.MustNot != nil {
			if not, ok = e.compile(q.MustNot); !ok {
				return nil, false
			}
			if not.kind == evNone {
				not = nil
			}
		}
		if q.Must != nil {
			if must, ok = e.compile(q.Must); !ok {
				return nil, false
			}
			if must.kind == evNone {
				must = nil
			}
		}
		switch {
		case must == nil && not == nil:
			return &enode{kind: evNone}, true
		case not == nil:
			return must, true // Bleve returns the must searcher itself
		case must == nil:
			must = &enode{kind: evAll, boost: 1, qw: 1}
			e.alls = append(e.alls, must)
		}
		return &enode{kind: evNot, kids: []*enode{must}, not: not}, true
	}
	return nil, false
}

// composite compiles a disjunction or conjunction of qs.
func (e *evaluator) composite(kind int, qs []query.Query) (*enode, bool) {
	if len(qs) == 0 {
		return &enode{kind: evNone}, true
	}
	n := &enode{kind: kind}
	for _, k := range qs {
		c, ok := e.compile(k)
		if !ok {
			return nil, false
		}
		n.kids = append(n.kids, c)
	}
	return n, true
}

// leaf makes a term node.
func (e *evaluator) leaf(field string, term []byte, boost float64) *enode {
	n := &enode{kind: evTerm, field: field, term: term, boost: boost, qw: 1}
	e.leaves = append(e.leaves, n)
	return n
}

// phrase compiles a match-phrase query as Bleve's MatchPhraseQuery and
// MultiPhraseSearcher do: the text analysed by the field's analyzer, one
// term per position (positions a stop word left empty match anything).
func (e *evaluator) phrase(q *query.MatchPhraseQuery) (*enode, bool) {
	if q.Fuzziness != 0 {
		return nil, false
	}
	field := q.FieldVal
	if field == "" {
		field = e.m.DefaultSearchField()
	}
	name := q.Analyzer
	if name == "" {
		name = e.m.AnalyzerNameForPath(field)
	}
	a := e.m.AnalyzerNamed(name)
	if a == nil {
		return nil, false // Bleve's error
	}
	tokens := a.Analyze([]byte(q.MatchPhrase))
	if len(tokens) == 0 {
		return &enode{kind: evNone}, true
	}
	n := &enode{kind: evPhrase}
	for i, slot := range tokenStreamToPhrase(tokens) {
		switch len(slot) {
		case 0:
			continue
		case 1:
			if slot[0] == "" {
				continue
			}
		default:
			return nil, false // several terms at one position
		}
		if len(n.terms) == maxEvalAnd {
			return nil, false
		}
		n.terms = append(n.terms, e.leaf(field, []byte(slot[0]), q.BoostVal.Value()))
		n.offs = append(n.offs, uint64(i))
	}
	if len(n.terms) == 0 {
		return nil, false
	}
	first := n.offs[0]
	for i := range n.offs {
		n.offs[i] -= first
	}
	if pf, ok := pairFieldOf[field]; ok {
		for i := 0; i+1 < len(n.terms); i++ {
			if n.offs[i+1] != n.offs[i]+1 {
				continue // a gap: no pair stands for these two
			}
			term, ok := pairTerm(n.terms[i].term, n.terms[i+1].term)
			if !ok || slices.ContainsFunc(n.pairs, func(p *enode) bool { return string(p.term) == string(term) }) {
				continue
			}
			p := &enode{kind: evTerm, field: pf, term: term, boost: 1, qw: 1}
			e.pairs = append(e.pairs, p)
			n.pairs = append(n.pairs, p)
		}
		n.exact = len(n.terms) == 2 && len(n.pairs) == 1
	}
	return n, true
}

// tokenStreamToPhrase is Bleve's (query/match_phrase.go): the terms of
// tokens by position, from the first position to the last.
func tokenStreamToPhrase(tokens analysis.TokenStream) [][]string {
	firstPosition := int(^uint(0) >> 1)
	lastPosition := 0
	for _, token := range tokens {
		if token.Position < firstPosition {
			firstPosition = token.Position
		}
		if token.Position > lastPosition {
			lastPosition = token.Position
		}
	}
	phraseLen := lastPosition - firstPosition + 1
	if phraseLen > 0 {
		rv := make([][]string, phraseLen)
		for _, token := range tokens {
			pos := token.Position - firstPosition
			rv[pos] = append(rv[pos], string(token.Term))
		}
		return rv
	}
	return nil
}

// prepare reads every term's postings in every segment and computes
// what Bleve's searchers compute when they are built: each term's count
// and idf, the order of every composite's children, the query norm and
// the terms' query weights.
func (e *evaluator) prepare() error {
	var err error
	if e.docs, err = e.s.is.DocCount(); err != nil {
		return err
	}
	for _, n := range e.alls {
		n.count = e.docs
	}
	for _, n := range e.pairs {
		dicts, err := e.dictionaries(n.field)
		if err != nil {
			return err
		}
		n.pls = make([]segment.PostingsList, len(e.s.segs))
		for i, seg := range e.s.segs {
			if n.pls[i], err = dicts[i].PostingsList(n.term, seg.Deleted(), nil); err != nil {
				return err
			}
		}
	}
	for _, n := range e.leaves {
		dicts, err := e.dictionaries(n.field)
		if err != nil {
			return err
		}
		n.pls = make([]segment.PostingsList, len(e.s.segs))
		for i, seg := range e.s.segs {
			pl, err := dicts[i].PostingsList(n.term, seg.Deleted(), nil)
			if err != nil {
				return err
			}
			n.pls[i] = pl
			n.count += pl.Count()
		}
		// bm25ScoreMetrics and NewTermQueryScorer (search/searcher,
		// search/scorer).
		card, err := e.s.is.FieldCardinality(n.field)
		if err != nil {
			return err
		}
		docs := e.docs
		if !(docs == 0 && card == 0) {
			n.avgLen = math.Ceil(float64(card) / float64(docs))
		}
		if n.avgLen > 0 {
			n.idf = math.Log(1 + (float64(docs)-float64(n.count)+0.5)/
				(float64(n.count)+0.5))
		} else {
			n.idf = 1.0 + math.Log(float64(docs)/
				float64(n.count+1.0))
		}
	}
	e.order(e.root)
	if e.score && e.root.kind != evTerm && e.root.kind != evAll {
		norm := 1.0 / math.Sqrt(e.root.weight())
		e.setNorm(e.root, norm)
	}
	if e.score {
		e.collectUnits(e.root)
		slices.SortStableFunc(e.units, func(a, b *enode) int { return cmp.Compare(a.ub, b.ub) })
	}
	return nil
}

// release gives the memory of the evaluator's postings cursors back for
// other searches; the evaluator must not be used after.
func (e *evaluator) release() {
	for _, ns := range [2][]*enode{e.leaves, e.pairs} {
		for _, n := range ns {
			n.sc.release()
			n.pc.release()
		}
	}
	for i := range e.hs.block {
		e.hs.block[i].sc.release()
	}
}

// collectUnits lists the scoring units under n with the most each can
// score: BM25 stays below idf × k1 however often a term occurs (TF-IDF has
// no such bound).
func (e *evaluator) collectUnits(n *enode) {
	switch n.kind {
	case evTerm:
		n.ub = n.termBound()
		e.units = append(e.units, n)
	case evPhrase:
		n.ub = 0
		for _, t := range n.terms {
			n.ub += t.termBound()
		}
		e.units = append(e.units, n)
	case evAll:
		n.ub = 1.0
		if n.qw != 1.0 {
			n.ub = n.ub * n.qw
		}
		e.units = append(e.units, n)
	case evOr, evAnd:
		for _, k := range n.kids {
			e.collectUnits(k)
		}
	case evNot:
		e.collectUnits(n.kids[0])
	}
}

// termBound is more than any score of the term.
func (n *enode) termBound() float64 {
	if n.avgLen <= 0 {
		return math.Inf(1)
	}
	ub := n.idf * search.BM25_k1
	if n.qw != 1.0 {
		ub = ub * n.qw
	}
	return ub
}

// bound returns the most n can score for a document whose matching units
// are those marked ne, and whether such a document matches n at all.
func (n *enode) bound() (float64, bool) {
	switch n.kind {
	case evTerm, evPhrase, evAll:
		return n.ub, n.ne
	case evOr:
		var sum float64
		m := 0
		for _, k := range n.kids {
			if b, ok := k.bound(); ok {
				sum += b
				m++
			}
		}
		if m == 0 {
			return 0, false
		}
		return sum * float64(m) / float64(len(n.kids)), true
	case evAnd:
		var sum float64
		for _, k := range n.kids {
			b, ok := k.bound()
			if !ok {
				return 0, false
			}
			sum += b
		}
		return sum, true
	case evNot:
		return n.kids[0].bound()
	}
	return 0, false
}

// boundSlack covers the rounding of the scores a bound is compared with.
const boundSlack = 1 + 1e-6

// nonEssential returns how many of the units, the weakest first, cannot
// together bring a document to floor: a document matching none of the
// others scores less than floor.
func (e *evaluator) nonEssential(floor float64) int {
	for _, u := range e.units {
		u.ne = false
	}
	j := 0
	for ; j < len(e.units); j++ {
		e.units[j].ne = true
		if b, ok := e.root.bound(); ok && b*boundSlack >= floor {
			e.units[j].ne = false
			break
		}
	}
	return j
}

// dictionaries returns field's term dictionary in every segment.
func (e *evaluator) dictionaries(field string) ([]segment.TermDictionary, error) {
	if d, ok := e.dicts[field]; ok {
		return d, nil
	}
	d := make([]segment.TermDictionary, len(e.s.segs))
	for i, seg := range e.s.segs {
		var err error
		if d[i], err = seg.Segment().Dictionary(field); err != nil {
			return nil, err
		}
	}
	e.dicts[field] = d
	return d, nil
}

// order sorts the children of composites by count as Bleve's searchers do
// (sort.Sort of at most 12 elements is an insertion sort: stable) and
// sums the composites' counts.
func (e *evaluator) order(n *enode) {
	byCount := func(a, b *enode) int {
		switch {
		case a.count < b.count:
			return -1
		case a.count > b.count:
			return 1
		}
		return 0
	}
	switch n.kind {
	case evOr, evAnd:
		for _, k := range n.kids {
			e.order(k)
		}
		slices.SortStableFunc(n.kids, byCount)
		n.count = 0
		for _, k := range n.kids {
			n.count += k.count
		}
	case evHeap: // Bleve's heap searcher keeps its clauses in their order
		n.count = 0
		for _, k := range n.kids {
			n.count += k.count
		}
	case evNot:
		e.order(n.kids[0])
		e.order(n.not)
		n.count = n.kids[0].count
	case evPhrase:
		n.sorted = make([]int, len(n.terms))
		for i := range n.sorted {
			n.sorted[i] = i
		}
		slices.SortStableFunc(n.sorted, func(a, b int) int { return byCount(n.terms[a], n.terms[b]) })
		n.count = 0
		for _, i := range n.sorted {
			n.count += n.terms[i].count
		}
	}
}

// weight is Bleve's Searcher.Weight: the sum of the squared weights of the
// terms (in the order of the sums).
func (n *enode) weight() float64 {
	switch n.kind {
	case evTerm:
		sum := n.boost * n.idf
		return sum * sum
	case evAll:
		sum := n.boost
		return sum * sum
	case evOr, evAnd, evHeap:
		var rv float64
		for _, k := range n.kids {
			rv += k.weight()
		}
		return rv
	case evNot:
		var rv float64
		rv += n.kids[0].weight()
		return rv
	case evPhrase:
		var rv float64
		for _, i := range n.sorted {
			rv += n.terms[i].weight()
		}
		return rv
	}
	return 0
}

// setNorm is Bleve's SetQueryNorm: it sets the query weight of every term
// that scores (those that exclude do not).
func (e *evaluator) setNorm(n *enode, norm float64) {
	switch n.kind {
	case evTerm:
		n.qw = n.boost * n.idf * norm
	case evAll:
		n.qw = n.boost * norm
	case evOr, evAnd, evHeap:
		for _, k := range n.kids {
			e.setNorm(k, norm)
		}
	case evNot:
		e.setNorm(n.kids[0], norm)
	case evPhrase:
		for _, t := range n.terms {
			e.setNorm(t, norm)
		}
	}
}

// termScore is Bleve's TermQueryScorer.Score of one posting.
func (n *enode) termScore(freq uint64, norm float64) float64 {
	var tf float64
	if freq < scorer.MaxSqrtCache {
		tf = scorer.SqrtCache[int(freq)]
	} else {
		tf = math.Sqrt(float64(freq))
	}
	var score float64
	if n.avgLen > 0 {
		fieldLength := 1 / (norm * norm)
		score = n.idf * (tf * search.BM25_k1) /
			(tf + search.BM25_k1*(1-search.BM25_b+(search.BM25_b*fieldLength/n.avgLen)))
	} else {
		score = tf * norm * n.idf
	}
	if n.qw != 1.0 {
		score = score * n.qw
	}
	return score
}

// run evaluates the query over every segment: it returns the set of
// documents it matches and calls fn (when not nil) in document order with
// each match that keep holds and its score (0 unless scoring).
//
// floor, when not nil, is the score a document must reach to be of use to
// fn: a document that cannot reach it is not scored nor given to fn.
func (e *evaluator) run(ctx context.Context, keep docSet, floor func() float64, fn func(seg int, doc uint32, score float64)) (docSet, error) {
	out := make(docSet, len(e.s.segs))
	e.many = make([]uint32, 256)
	for seg := range e.s.segs {
		if err := stopped(ctx); err != nil {
			return nil, err
		}
		bm, err := e.matches(ctx, e.root, seg, keep[seg])
		if err != nil {
			return nil, err
		}
		if !e.root.owned {
			bm = bm.Clone()
		}
		out[seg] = bm
		if fn == nil {
			continue
		}
		if err := e.scoreSegment(ctx, seg, roaring.And(bm, keep[seg]), floor, fn); err != nil {
			return nil, err
		}
	}
	return out, nil
}

var emptyBitmap = roaring.New() // never changed

// stopped returns the context's error once it is done.
func stopped(ctx context.Context) error {
	select {
	case <-ctx.Done():
		return ctx.Err()
	default:
		return nil
	}
}

// errPostings is a segment whose postings disagree with their bitmaps.
var errPostings = errors.New("search: a term's postings and bitmap disagree")

// match runs q over the snapshot as run does — the set of documents it
// matches, fn called in document order with (at least) every match that
// keep holds and its score — with Gazette's own evaluation when q is
// made of the kinds of node it handles, else with Bleve's searcher.
//
// floor, when not nil, is the score below which a match is of no use to
// fn (the worst of the best hits kept so far): such matches need not be
// scored nor given to fn.
func (s *snapshot) match(ctx context.Context, q query.Query, m mapping.IndexMapping, score bool, keep docSet, floor func() float64, fn func(seg int, doc uint32, score float64)) (docSet, error) {
	e, ok, err := s.compileEval(q, m, score)
	if err != nil {
		return nil, err
	}
	if !ok {
		return s.run(ctx, q, m, score, fn)
	}
	defer e.release()
	return e.run(ctx, keep, floor, fn)
}

// matches sets n.bm, the documents of segment seg that n matches, for n
// and every node below it; a phrase also keeps the scores of its matches
// in keep.
func (e *evaluator) matches(ctx context.Context, n *enode, seg int, keep *roaring.Bitmap) (*roaring.Bitmap, error) {
	n.owned = false
	switch n.kind {
	case evNone:
		n.bm = emptyBitmap
	case evAll:
		n.bm, n.owned = e.s.segs[seg].DocNumbersLive(), true
	case evTerm:
		n.bm = e.termBitmap(n, seg)
	case evOr, evAnd, evHeap:
		bms := make([]*roaring.Bitmap, 0, len(n.kids))
		n.act = n.act[:0]
		for _, k := range n.kids {
			bm, err := e.matches(ctx, k, seg, keep)
			if err != nil {
				return nil, err
			}
			bms = append(bms, bm)
			if !bm.IsEmpty() {
				n.act = append(n.act, k)
			}
		}
		switch {
		case len(bms) == 1:
			n.bm, n.owned = bms[0], n.kids[0].owned
		case n.kind != evAnd:
			n.bm, n.owned = roaring.FastOr(bms...), true
		default:
			n.bm, n.owned = roaring.FastAnd(bms...), true
		}
	case evNot:
		must, err := e.matches(ctx, n.kids[0], seg, keep)
		if err != nil {
			return nil, err
		}
		not, err := e.matches(ctx, n.not, seg, keep)
		if err != nil {
			return nil, err
		}
		n.bm, n.owned = roaring.AndNot(must, not), true
	case evPhrase:
		bm, err := e.phraseMatches(ctx, n, seg, keep)
		if err != nil {
			return nil, err
		}
		n.bm, n.owned = bm, true
	}
	return n.bm, nil
}

// termBitmap returns the live documents of segment seg holding n's term
// (the index's own bitmap when it can: not to be changed).
func (e *evaluator) termBitmap(n *enode, seg int) *roaring.Bitmap {
	pl := n.pls[seg]
	if pl.Count() == 0 {
		return emptyBitmap
	}
	n.bitIt = pl.Iterator(false, false, false, n.bitIt)
	if o, ok := n.bitIt.(segment.OptimizablePostingsIterator); ok {
		if bm := o.ActualBitmap(); bm != nil {
			return bm
		}
		if d, ok := o.DocNum1Hit(); ok {
			return roaring.BitmapOf(uint32(d))
		}
	}
	bm := roaring.New()
	for p, err := n.bitIt.Next(); p != nil && err == nil; p, err = n.bitIt.Next() {
		bm.Add(uint32(p.Number()))
	}
	return bm
}

// phraseMatches returns the documents of segment seg in which n's terms
// stand at their positions. Of two adjacent terms, those are the
// documents holding their pair (and both terms, as they must). Otherwise
// the documents holding every term and every pair are read for their
// locations, as Bleve's findPhrasePaths reads them (no slop; in one array
// element), and the scores of the matches in keep are kept in n.pdocs and
// n.pscores; an exact phrase is scored from its terms' postings (eval).
func (e *evaluator) phraseMatches(ctx context.Context, n *enode, seg int, keep *roaring.Bitmap) (*roaring.Bitmap, error) {
	n.pdocs, n.pscores, n.pcur = n.pdocs[:0], n.pscores[:0], 0
	bms := e.bms[:0]
	for _, ts := range [2][]*enode{n.pairs, n.terms} {
		for _, t := range ts {
			bm := e.termBitmap(t, seg)
			if bm.IsEmpty() {
				e.bms = bms
				return roaring.New(), nil
			}
			bms = append(bms, bm)
		}
	}
	e.bms = bms
	var cand *roaring.Bitmap
	if len(bms) == 1 {
		cand = bms[0]
	} else {
		cand = roaring.FastAnd(bms...)
	}
	if n.exact {
		return cand, nil
	}
	k := len(n.terms)
	for len(e.locs) < k {
		e.locs = append(e.locs, nil)
	}
	for _, t := range n.terms {
		t.pc.open(t.pls[seg], true)
	}
	found := e.found[:0]
	it := cand.ManyIterator()
	checked := 0
	for got := it.NextMany(e.many); got > 0; got = it.NextMany(e.many) {
		if checked += got; checked >= checkEvery {
			checked = 0
			if err := stopped(ctx); err != nil {
				return nil, err
			}
		}
		for _, doc := range e.many[:got] {
			for i, t := range n.terms {
				d, ok, err := t.pc.advance(doc)
				if err != nil {
					return nil, err
				}
				if !ok || d != doc {
					return nil, errPostings
				}
				if e.locs[i], err = t.pc.positions(e.locs[i][:0]); err != nil {
					return nil, err
				}
			}
			if !phraseAt(e.locs[:k], n.offs) {
				continue
			}
			found = append(found, doc)
			if e.score && keep.Contains(doc) {
				var sum float64
				for _, i := range n.sorted {
					t := n.terms[i]
					freq, norm, err := t.pc.freqNorm()
					if err != nil {
						return nil, err
					}
					sum += t.termScore(freq, norm)
				}
				n.pdocs = append(n.pdocs, doc)
				n.pscores = append(n.pscores, sum)
			}
		}
	}
	e.found = found
	bm := roaring.New()
	bm.AddMany(found)
	return bm, nil
}

// phraseAt reports whether some location of the first term has every
// other term i at offs[i] positions after it, in the same array element.
// The locations of a term in one field are in the order of positions,
// except in an array field, whose elements each count from 1.
func phraseAt(locs [][]phraseLoc, offs []uint64) bool {
	for _, l0 := range locs[0] {
		ok := true
		for i := 1; i < len(locs) && ok; i++ {
			want := l0.Pos + offs[i]
			ok = false
			for _, l := range locs[i] {
				if l.Pos == want && slices.Equal(l.AP, l0.AP) {
					ok = true
					break
				}
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// scoreSegment calls fn with each document of set (the matches the
// filters keep) and its score.
//
// Given a floor, it goes only through the documents that match one of the
// essential units (MaxScore): those whose bounds, with the bounds of the
// weaker units, could reach the floor. The floor only rises, so the set of
// candidates only shrinks, checked every len(e.many) documents.
func (e *evaluator) scoreSegment(ctx context.Context, seg int, set *roaring.Bitmap, floor func() float64, fn func(seg int, doc uint32, score float64)) error {
	if e.score && e.root.kind == evHeap {
		return e.heapSegment(ctx, seg, set, fn)
	}
	if e.score {
		e.startScoring(e.root, seg)
	}
	if !e.score || len(e.units) == 0 {
		floor = nil
	}
	it := set.ManyIterator()
	last, prunedTo, seen := int64(-1), 0, math.Inf(-1)
	checked := 0
	for {
		if floor != nil {
			if f := floor(); f > seen {
				seen = f
				if j := e.nonEssential(f); j > prunedTo {
					prunedTo = j
					if j == len(e.units) {
						return nil // no document left can reach the floor
					}
					bms := e.bms[:0]
					for _, u := range e.units[j:] {
						bms = append(bms, u.bm)
					}
					e.bms = bms
					set = roaring.And(set, roaring.FastOr(bms...))
					if last >= 0 {
						set.RemoveRange(0, uint64(last)+1)
					}
					it = set.ManyIterator()
				}
			}
		}
		got := it.NextMany(e.many)
		if got == 0 {
			return nil
		}
		last = int64(e.many[got-1])
		if checked += got; checked >= checkEvery {
			checked = 0
			if err := stopped(ctx); err != nil {
				return err
			}
		}
		for _, doc := range e.many[:got] {
			var score float64
			if e.score {
				var ok bool
				var err error
				if score, ok, err = e.eval(e.root, doc); err != nil {
					return err
				} else if !ok {
					return errPostings
				}
			}
			fn(seg, doc, score)
		}
	}
}

// startScoring opens the postings of the terms that score in segment seg.
func (e *evaluator) startScoring(n *enode, seg int) {
	switch n.kind {
	case evPhrase:
		if n.exact {
			for _, t := range n.terms {
				e.startScoring(t, seg)
			}
		}
	case evTerm:
		n.sc.open(n.pls[seg], false)
		n.cur = curNone
	case evOr, evAnd:
		for _, k := range n.kids {
			e.startScoring(k, seg)
		}
	case evNot:
		e.startScoring(n.kids[0], seg)
	}
}

// eval returns n's score for doc, and whether n matches doc. Calls for one
// segment come in increasing document order.
func (e *evaluator) eval(n *enode, doc uint32) (float64, bool, error) {
	switch n.kind {
	case evTerm:
		d := uint64(doc)
		if n.cur == curNone || n.cur < d && n.cur != curEnd {
			x, ok, err := n.sc.advance(doc)
			if err != nil {
				return 0, false, err
			}
			if !ok {
				n.cur = curEnd
			} else {
				n.cur = uint64(x)
			}
		}
		if n.cur != d {
			return 0, false, nil
		}
		freq, norm, err := n.sc.freqNorm()
		if err != nil {
			return 0, false, err
		}
		return n.termScore(freq, norm), true, nil
	case evPhrase:
		if n.exact {
			if !n.bm.Contains(doc) {
				return 0, false, nil
			}
			var sum float64
			for _, i := range n.sorted {
				s, ok, err := e.eval(n.terms[i], doc)
				if err != nil {
					return 0, false, err
				}
				if !ok {
					return 0, false, errPostings
				}
				sum += s
			}
			return sum, true, nil
		}
		for n.pcur < len(n.pdocs) && n.pdocs[n.pcur] < doc {
			n.pcur++
		}
		if n.pcur < len(n.pdocs) && n.pdocs[n.pcur] == doc {
			return n.pscores[n.pcur], true, nil
		}
		return 0, false, nil
	case evOr:
		var sum float64
		matched := 0
		for _, k := range n.act {
			if k.kind == evTerm && k.cur != curNone && k.cur > uint64(doc) {
				continue // the term's next posting is further on
			}
			s, ok, err := e.eval(k, doc)
			if err != nil {
				return 0, false, err
			}
			if ok {
				sum += s
				matched++
			}
		}
		if matched == 0 {
			return 0, false, nil
		}
		coord := float64(matched) / float64(len(n.kids))
		return sum * coord, true, nil
	case evAnd:
		var sum float64
		for _, k := range n.kids {
			s, ok, err := e.eval(k, doc)
			if err != nil || !ok {
				return 0, false, err
			}
			sum += s
		}
		return sum, true, nil
	case evNot:
		if n.not.bm.Contains(doc) {
			return 0, false, nil
		}
		s, ok, err := e.eval(n.kids[0], doc)
		if err != nil || !ok {
			return 0, false, err
		}
		var sum float64
		sum += s
		return sum, true, nil
	case evAll:
		score := 1.0
		if n.qw != 1.0 {
			score = score * n.qw
		}
		return score, true, nil
	}
	return 0, false, nil
}

// Bleve's heap disjunction (DisjunctionHeapSearcher) sums the scores of a
// document's matching clauses in the order it pops them from a heap of
// the clauses' next matches, ordered by document alone; which of equal
// documents comes first depends on every push and pop before. The
// evaluator replays those pushes and pops over the same postings with the
// same heap (container/heap's algorithm, typed: hheap), so the sums are
// Bleve's to the bit.

// hcur is a clause of a heap disjunction at its next match.
type hcur struct {
	n    *enode
	seg  int    // the segment of the current posting
	doc  uint64 // the posting's document number across segments
	sc   scoreCursor
	open bool // sc reads segment seg
}

// hheap is a heap of clauses by their next document: container/heap's
// Push and Pop, step for step (the same swaps, so the same order of
// equal documents), on a slice of the clauses' documents and pointers
// instead of through heap.Interface.
type hheap []hentry

type hentry struct {
	doc uint64 // c.doc
	c   *hcur
}

// push is heap.Push.
func (h *hheap) push(c *hcur) {
	*h = append(*h, hentry{c.doc, c})
	q := *h
	j := len(q) - 1
	for {
		i := (j - 1) / 2 // parent
		if i == j || !(q[j].doc < q[i].doc) {
			break
		}
		q[i], q[j] = q[j], q[i]
		j = i
	}
}

// pop is heap.Pop.
func (h *hheap) pop() *hcur {
	q := *h
	n := len(q) - 1
	q[0], q[n] = q[n], q[0]
	// heap's down(h, 0, n)
	i := 0
	for {
		j1 := 2*i + 1
		if j1 >= n || j1 < 0 {
			break
		}
		j := j1
		if j2 := j1 + 1; j2 < n && q[j2].doc < q[j1].doc {
			j = j2
		}
		if !(q[j].doc < q[i].doc) {
			break
		}
		q[i], q[j] = q[j], q[i]
		i = j
	}
	c := q[n].c
	*h = q[:n]
	return c
}

// heapState is the replay's state across segments.
type heapState struct {
	started  bool
	block    []hcur
	heap     hheap
	matching []*hcur
}

// next moves c to its clause's next posting, across segments, and
// reports whether there is one.
func (e *evaluator) next(c *hcur) (bool, error) {
	for c.seg < len(e.s.segs) {
		if !c.open {
			c.sc.open(c.n.pls[c.seg], false)
			c.open = true
		}
		d, ok, err := c.sc.next()
		if err != nil {
			return false, err
		}
		if ok {
			c.doc = e.s.offsets[c.seg] + uint64(d)
			return true, nil
		}
		c.seg++
		c.open = false
	}
	return false, nil
}

// push moves c to its clause's next posting and puts it on the heap,
// unless its postings are done: what Bleve's heap searcher does with a
// clause it has started or just scored.
func (e *evaluator) push(c *hcur) error {
	ok, err := e.next(c)
	if err != nil || !ok {
		return err
	}
	e.hs.heap.push(c)
	return nil
}

// updateMatches pops the clauses at the least document.
func (hs *heapState) updateMatches() {
	hs.matching = hs.matching[:0]
	if len(hs.heap) == 0 {
		return
	}
	next := hs.heap.pop()
	hs.matching = append(hs.matching, next)
	for len(hs.heap) > 0 && next.doc == hs.heap[0].doc {
		next = hs.heap.pop()
		hs.matching = append(hs.matching, next)
	}
}

// heapSegment replays the heap disjunction through segment seg and calls
// fn with each document of set and its score.
func (e *evaluator) heapSegment(ctx context.Context, seg int, set *roaring.Bitmap, fn func(seg int, doc uint32, score float64)) error {
	hs := &e.hs
	n := e.root
	if !hs.started {
		hs.started = true
		hs.block = make([]hcur, len(n.kids))
		for i, k := range n.kids {
			hs.block[i].n = k
			if err := e.push(&hs.block[i]); err != nil {
				return err
			}
		}
		hs.updateMatches()
	}
	end := e.s.offsets[seg] + e.s.segs[seg].Segment().Count()
	// set is the segment's matches (of which it is a subset) when the
	// filters keep them all: no need to look each one up.
	every := set.GetCardinality() == n.bm.GetCardinality()
	for steps := 0; len(hs.matching) > 0 && hs.matching[0].doc < end; steps++ {
		if steps%checkEvery == 0 {
			if err := stopped(ctx); err != nil {
				return err
			}
		}
		doc := uint32(hs.matching[0].doc - e.s.offsets[seg])
		if every || set.Contains(doc) {
			var sum float64
			for _, c := range hs.matching {
				freq, norm, err := c.sc.freqNorm()
				if err != nil {
					return err
				}
				sum += c.n.termScore(freq, norm)
			}
			coord := float64(len(hs.matching)) / float64(len(n.kids))
			fn(seg, doc, sum*coord)
		}
		for _, c := range hs.matching {
			if err := e.push(c); err != nil {
				return err
			}
		}
		hs.updateMatches()
	}
	return nil
}
