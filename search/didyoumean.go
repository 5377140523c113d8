package search

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	segment "github.com/blevesearch/scorch_segment_api/v2"
	"github.com/blevesearch/vellum/levenshtein"
)

// When a query finds little, Search offers two ways on, as search engines
// do: a spelling suggestion made from the archive's own words ("Izyumm" →
// "Izyum": the closest word of the words and placenames dictionaries
// that more articles hold), and, when it finds nothing, the nearest broader
// query that finds something (the last required word dropped, a field
// restriction lifted, a phrase loosened). Each costs a few dictionary
// lookups and at most a handful of counting searches.

const (
	// suggestBelow: a query with fewer hits gets a spelling suggestion.
	suggestBelow = 3
	// maxSuggestWords bounds the words looked up for one suggestion.
	maxSuggestWords = 8
	// maxSuggestCandidates bounds the dictionary entries read per word.
	maxSuggestCandidates = 200
	// maxWordShare: a word held by more than this share of the articles
	// is spelt right and gets no suggestion, however common a word next
	// to it ("could" is not a misspelling of "would"). Lucene's
	// DirectSpellChecker and Elasticsearch's term suggester default to
	// the same 1% (maxQueryFrequency, max_term_freq).
	maxWordShare = 0.01
	// maxBroader bounds the broader queries tried.
	maxBroader = 6
)

// alternatives returns the spelling suggestion and, when the query found
// nothing, the nearest broader query for a search that found total.
func (ix *Index) alternatives(ctx context.Context, r Request, tree *node, total uint64) (string, *Broader, error) {
	suggestion, err := ix.suggest(ctx, r, tree, total)
	if err != nil {
		return "", nil, err
	}
	if total > 0 {
		return suggestion, nil, nil
	}
	broader, err := ix.broader(ctx, r, tree)
	return suggestion, broader, err
}

// suggest returns r.Query with misspelt words replaced by the archive's
// words, when that finds more than total articles; "" otherwise.
func (ix *Index) suggest(ctx context.Context, r Request, tree *node, total uint64) (string, error) {
	var words []*node
	collectWords(tree, &words)
	if len(words) == 0 {
		return "", nil
	}
	s, err := ix.snapshotOf()
	if err != nil {
		return "", fmt.Errorf("search: suggest: %w", err)
	}
	src := []rune(r.Query)
	type edit struct {
		at, end int
		word    string
	}
	var edits []edit
	for _, w := range words[:min(len(words), maxSuggestWords)] {
		better, ok, err := ix.correct(s, w.text)
		if err != nil {
			s.Close()
			return "", fmt.Errorf("search: suggest: %w", err)
		}
		if ok {
			edits = append(edits, edit{w.at, w.at + utf8.RuneCountInString(w.text), better})
		}
	}
	s.Close()
	if len(edits) == 0 {
		return "", nil
	}
	var b strings.Builder
	last := 0
	for _, e := range edits {
		if e.at < last || e.end > len(src) {
			continue // cannot happen: words do not overlap
		}
		b.WriteString(string(src[last:e.at]))
		b.WriteString(e.word)
		last = e.end
	}
	b.WriteString(string(src[last:]))
	suggestion := b.String()
	r.Query = suggestion
	n, err := ix.count(ctx, r)
	if err != nil {
		var qe *QueryError
		if errors.As(err, &qe) {
			return "", nil // the corrected query is no query: offer nothing
		}
		return "", err
	}
	if n <= total {
		return "", nil
	}
	return suggestion, nil
}

// collectWords appends the plain words of a tree that may be misspelt:
// unfielded or in a text field, not fuzzy, not patterns, not excluded.
func collectWords(n *node, out *[]*node) {
	switch n.kind {
	case nodeAnd, nodeOr:
		for _, k := range n.kids {
			collectWords(k, out)
		}
	case nodeWord:
		switch n.field {
		case "", "title", "text", "placename":
			if n.wild == wildNone && n.fuzzy == 0 {
				*out = append(*out, n)
			}
		}
	}
}

// correct returns the archive's word closest to word when more articles
// hold it than hold word itself: edit distance 1, or 2 for words of six
// letters or more, the nearest first, then the most common. The case of the
// first letter is kept.
//
// As mature spell checkers do (Lucene's DirectSpellChecker and Solr's by
// default), a word is corrected only when it is absent or rare (held by
// at most maxWordShare of the articles), and into words that begin with
// its first letter (minPrefix 1): people seldom mistype a word's first
// letter, and a word in thousands of articles is spelt right. Both keep
// the lookup cheap: a common word costs one count, and the dictionaries
// are walked only under the word's first letter, a small part of them.
//
// The candidates are the first maxSuggestCandidates terms, in term order,
// of each of the two fields within the distance (fuzzyTerms). Counting a
// candidate's articles takes a postings lookup in every segment of both
// fields, so candidates are counted nearest first, and only while they can
// still win: once a distance has a word more common than word, farther
// ones cannot. A word one letter off has a handful of candidates at
// distance 1 and up to hundreds at 2, which are then never counted.
func (ix *Index) correct(s *snapshot, word string) (string, bool, error) {
	lower := strings.ToLower(normalizeApostrophes(word))
	runes := utf8.RuneCountInString(lower)
	if runes < 3 || !strings.ContainsFunc(lower, unicode.IsLetter) {
		return "", false, nil
	}
	dist := 1
	if runes >= 6 {
		dist = 2
	}
	var dc docCounter
	own, err := dc.count(s, lower)
	if err != nil {
		return "", false, err
	}
	articles, err := s.is.DocCount()
	if err != nil {
		return "", false, err
	}
	if own > commonAbove(articles) {
		return "", false, nil
	}
	dfa, err := ix.lev.dfa(lower, dist)
	if err != nil {
		return "", false, err
	}
	first, _ := utf8.DecodeRuneInString(lower)
	prefix := string(first)
	// byDist[d-1] holds the candidates at edit distance d, each once.
	byDist := make([][]string, dist)
	seen := map[string]bool{}
	var ed editor
	for _, field := range []string{fieldWords, fieldPlaceNames} {
		terms, err := s.fuzzyTerms(field, dfa, prefix, maxSuggestCandidates)
		if err != nil {
			return "", false, err
		}
		for _, t := range terms {
			if t == lower || seen[t] || !strings.ContainsFunc(t, unicode.IsLetter) {
				continue
			}
			seen[t] = true
			if k := ed.distance(lower, t); k >= 1 && k <= dist {
				byDist[k-1] = append(byDist[k-1], t)
			}
		}
	}
	best, bestCount := "", own
	for _, terms := range byDist {
		for _, t := range terms {
			count, err := dc.count(s, t)
			if err != nil {
				return "", false, err
			}
			if count > bestCount || count == bestCount && best != "" && t < best {
				best, bestCount = t, count
			}
		}
		if best != "" {
			break // the nearest distance with a better word decides
		}
	}
	if best == "" {
		return "", false, nil
	}
	if r, _ := utf8.DecodeRuneInString(word); unicode.IsUpper(r) {
		r, size := utf8.DecodeRuneInString(best)
		best = string(unicode.ToUpper(r)) + best[size:]
	}
	return best, true, nil
}

// commonAbove is the number of articles above which a word of an index
// of n articles is common (spelt right): maxWordShare of them, rounded
// up, as Lucene rounds maxQueryFrequency.
func commonAbove(n uint64) uint64 {
	return uint64(math.Ceil(maxWordShare * float64(n)))
}

// levBuilders builds the Levenshtein automata of did-you-mean, one
// builder per distance, made on first use: a builder takes milliseconds
// to make and an automaton far less. They count a transposition as one
// edit, as Bleve's FieldDictFuzzy does, so that the candidates, and where
// maxSuggestCandidates cuts them, are the same.
type levBuilders struct {
	once     sync.Once
	builders [2]*levenshtein.LevenshteinAutomatonBuilder
	err      error
}

// dfa returns the automaton accepting the terms within dist (1 or 2) of term.
func (l *levBuilders) dfa(term string, dist int) (*levenshtein.DFA, error) {
	l.once.Do(func() {
		for i := range l.builders {
			if l.builders[i], l.err = levenshtein.NewLevenshteinAutomatonBuilder(uint8(i+1), true); l.err != nil {
				return
			}
		}
	})
	if l.err != nil {
		return nil, fmt.Errorf("search: fuzzy automaton: %w", l.err)
	}
	d, err := l.builders[dist-1].BuildDfa(term, uint8(dist))
	if err != nil {
		return nil, fmt.Errorf("search: fuzzy automaton of %q: %w", term, err)
	}
	return d, nil
}

// automatonOmitCount is the term dictionary's iterator that does not read
// each term's postings to count them (zap's, as Bleve's fuzzy lookups use).
type automatonOmitCount interface {
	AutomatonIteratorOmitCount(a segment.Automaton, start, end []byte) segment.DictionaryIterator
}

// fuzzyTerms returns the first max terms of field beginning with prefix
// ("" for any), in term order across the snapshot's segments, that dfa
// accepts: what Bleve's FieldDictFuzzy lists (merging the segments'
// iterators, reading each only as far as needed, and only the range of
// terms under the prefix), with one automaton for the two fields
// did-you-mean reads (Bleve builds one per call) and without a goroutine
// per segment.
func (s *snapshot) fuzzyTerms(field string, dfa *levenshtein.DFA, prefix string, max int) ([]string, error) {
	var start, end []byte
	var aut segment.Automaton = dfa
	if prefix != "" {
		// The range alone would not do: the dictionary's iterator checks
		// its end only at a match, and walks the rest of the dictionary
		// looking for one after the prefix's last.
		start, end = []byte(prefix), prefixEnd(prefix)
		aut = &prefixed{dfa: dfa, prefix: start}
	}
	type cursor struct {
		it   segment.DictionaryIterator
		term string
	}
	var cs []*cursor
	next := func(c *cursor) (bool, error) {
		e, err := c.it.Next()
		if err != nil {
			return false, fmt.Errorf("search: terms of %s: %w", field, err)
		}
		if e == nil {
			return false, nil
		}
		c.term = e.Term
		return true, nil
	}
	for _, seg := range s.segs {
		d, err := seg.Segment().Dictionary(field)
		if err != nil {
			return nil, fmt.Errorf("search: terms of %s: %w", field, err)
		}
		c := &cursor{}
		if oc, ok := d.(automatonOmitCount); ok {
			c.it = oc.AutomatonIteratorOmitCount(aut, start, end)
		} else {
			c.it = d.AutomatonIterator(aut, start, end)
		}
		if ok, err := next(c); err != nil {
			return nil, err
		} else if ok {
			cs = append(cs, c)
		}
	}
	var terms []string
	for len(cs) > 0 && len(terms) < max {
		least := cs[0].term
		for _, c := range cs[1:] {
			least = min(least, c.term)
		}
		terms = append(terms, least)
		// Every segment at this term moves on.
		kept := cs[:0]
		for _, c := range cs {
			if c.term == least {
				if ok, err := next(c); err != nil {
					return nil, err
				} else if !ok {
					continue
				}
			}
			kept = append(kept, c)
		}
		cs = kept
	}
	return terms, nil
}

// prefixed is a Levenshtein automaton that also requires its terms to
// begin with prefix: a dictionary walked with it visits only the terms
// under the prefix. A state is the DFA's state times len(prefix)+1 plus
// how much of the prefix is read (len(prefix) once past it); the DFA's
// sink, 0, is its sink.
type prefixed struct {
	dfa    *levenshtein.DFA
	prefix []byte
}

func (a *prefixed) split(s int) (int, int) {
	k := len(a.prefix) + 1
	return s / k, s % k
}

func (a *prefixed) Start() int { return a.dfa.Start() * (len(a.prefix) + 1) }

func (a *prefixed) IsMatch(s int) bool {
	d, read := a.split(s)
	return read == len(a.prefix) && a.dfa.IsMatch(d)
}

func (a *prefixed) CanMatch(s int) bool {
	d, _ := a.split(s)
	return a.dfa.CanMatch(d)
}

func (a *prefixed) WillAlwaysMatch(int) bool { return false }

func (a *prefixed) Accept(s int, b byte) int {
	d, read := a.split(s)
	if read < len(a.prefix) {
		if b != a.prefix[read] {
			return 0
		}
		read++
	}
	return a.dfa.Accept(d, b)*(len(a.prefix)+1) + read
}

// prefixEnd is the first key after every key that begins with prefix
// (nil: none), as Bleve bounds a prefix's range of terms.
func prefixEnd(prefix string) []byte {
	end := []byte(prefix)
	for i := len(end) - 1; i >= 0; i-- {
		if end[i] < 0xff {
			end[i]++
			return end[:i+1]
		}
	}
	return nil
}

// docCounter counts the live documents holding a term in the words or
// placenames field, segment by segment, reusing its postings lists.
type docCounter struct {
	pls [2]segment.PostingsList
}

// count is the number of live documents holding term in fieldWords plus
// those holding it in fieldPlaceNames, as Bleve's TermFieldReader counts.
func (c *docCounter) count(s *snapshot, term string) (uint64, error) {
	var n uint64
	for i, field := range []string{fieldWords, fieldPlaceNames} {
		for _, seg := range s.segs {
			d, err := seg.Segment().Dictionary(field)
			if err != nil {
				return 0, fmt.Errorf("search: terms of %s: %w", field, err)
			}
			pl, err := d.PostingsList([]byte(term), seg.Deleted(), c.pls[i])
			if err != nil {
				return 0, fmt.Errorf("search: postings of %q in %s: %w", term, field, err)
			}
			if pl != nil {
				n += pl.Count()
				c.pls[i] = pl
			}
		}
	}
	return n, nil
}

// editor computes edit distances, reusing its buffers from one word to
// the next.
type editor struct {
	ra, rb    []rune
	prev, cur []int
}

// distance is the Levenshtein distance of two short words, in runes.
func (e *editor) distance(a, b string) int {
	e.ra = append(e.ra[:0], []rune(a)...)
	e.rb = append(e.rb[:0], []rune(b)...)
	ra, rb := e.ra, e.rb
	e.prev = slices.Grow(e.prev[:0], len(rb)+1)[:len(rb)+1]
	e.cur = slices.Grow(e.cur[:0], len(rb)+1)[:len(rb)+1]
	prev, cur := e.prev, e.cur
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// broader returns the first of a few broader forms of the query that
// finds something, or nil.
func (ix *Index) broader(ctx context.Context, r Request, tree *node) (*Broader, error) {
	tried := 0
	seen := map[string]bool{tree.String(): true}
	for _, t := range broaderTrees(tree) {
		if t == nil {
			continue
		}
		q := t.String()
		if seen[q] {
			continue
		}
		seen[q] = true
		if tried++; tried > maxBroader {
			break
		}
		r.Query = q
		n, err := ix.count(ctx, r)
		if err != nil {
			var qe *QueryError
			if errors.As(err, &qe) {
				continue
			}
			return nil, err
		}
		if n > 0 {
			return &Broader{Query: q, Total: n}, nil
		}
	}
	return nil, nil
}

// broaderTrees lists broader forms of a query, nearest first: without its
// last required part, without field restrictions, with phrases as words,
// without exclusions, and with every AND an OR.
func broaderTrees(tree *node) []*node {
	var out []*node
	if tree.kind == nodeAnd {
		// Each required part dropped in turn, the last first, for the
		// last few.
		dropped := 0
		for i := len(tree.kids) - 1; i >= 0 && dropped < 3; i-- {
			if tree.kids[i].kind != nodeNot {
				out = append(out, andOf(slices.Delete(slices.Clone(tree.kids), i, i+1)))
				dropped++
			}
		}
	}
	out = append(out,
		rewrite(tree, func(n *node) *node {
			switch n.field {
			case "title", "text", "placename", "author":
				c := *n
				c.field = ""
				return &c
			case "site", "lang", "month", "place", "near", "published":
				return nil
			}
			return n
		}),
		rewrite(tree, func(n *node) *node {
			if n.kind == nodePhrase && n.field == "" {
				var words []*node
				for _, w := range strings.Fields(n.text) {
					words = append(words, &node{kind: nodeWord, text: w, slop: -1})
				}
				return andOf(words)
			}
			return n
		}),
		dropNots(tree),
		orOf(tree),
	)
	return out
}

// andOf joins nodes with AND; nil for none.
func andOf(kids []*node) *node {
	switch len(kids) {
	case 0:
		return nil
	case 1:
		return kids[0]
	}
	return &node{kind: nodeAnd, kids: kids}
}

// rewrite returns a copy of the tree with every leaf replaced by f(leaf);
// f returns nil to drop a leaf.
func rewrite(n *node, f func(*node) *node) *node {
	switch n.kind {
	case nodeAnd, nodeOr, nodeNot:
		c := *n
		c.kids = nil
		for _, k := range n.kids {
			if nk := rewrite(k, f); nk != nil {
				c.kids = append(c.kids, nk)
			}
		}
		switch {
		case len(c.kids) == 0:
			return nil
		case len(c.kids) == 1 && c.kind != nodeNot:
			return c.kids[0]
		}
		return &c
	}
	return f(n)
}

// dropNots returns the tree without its exclusions.
func dropNots(n *node) *node {
	switch n.kind {
	case nodeNot:
		return nil
	case nodeAnd, nodeOr:
		c := *n
		c.kids = nil
		for _, k := range n.kids {
			if nk := dropNots(k); nk != nil {
				c.kids = append(c.kids, nk)
			}
		}
		switch len(c.kids) {
		case 0:
			return nil
		case 1:
			return c.kids[0]
		}
		return &c
	}
	return n
}

// orOf returns the top-level AND of a tree as an OR (any of the parts).
func orOf(n *node) *node {
	if n.kind != nodeAnd {
		return nil
	}
	var kids []*node
	for _, k := range n.kids {
		if k.kind != nodeNot {
			kids = append(kids, k)
		}
	}
	if len(kids) < 2 {
		return nil
	}
	return &node{kind: nodeOr, kids: kids}
}

// count returns how many articles a request finds, without hits or
// facets: the text query's matches (eval.go) within the filters' bitmaps,
// as Search counts its total.
func (ix *Index) count(ctx context.Context, r Request) (uint64, error) {
	tree, err := parseQuery(r.Query)
	if err != nil {
		return 0, err
	}
	text, geo, err := ix.checkedQuery(r, tree)
	if err != nil {
		return 0, err
	}
	s, err := ix.openSnapshot()
	if err != nil {
		return 0, fmt.Errorf("search: count: %w", err)
	}
	defer s.Close()
	hits, err := s.resultSet(ctx, ix.bleve.Mapping(), r, text, geo)
	if err != nil {
		return 0, fmt.Errorf("search: count: %w", err)
	}
	return uint64(hits.card()), nil
}
