package search

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
	"golang.org/x/text/language"
)

// This file turns the syntax tree of qparse.go into a Bleve query. Words
// side by side must all match; an unfielded word searches every language's
// title and text, each analysed by its own language's analyzer, and the
// name variants of the article's places, so Izyum finds Izium, Изюм and
// Ізюм. Fuzzy words, prefixes and patterns are expanded here, against the
// index's own term dictionaries, into at most maxExpansions terms each.

// Boosts of the fields an unfielded query term searches.
const (
	boostTitle      = 3.0
	boostText       = 1.0
	boostPlaceNames = 2.0
)

// Bounds on expansion: how many fuzzy, prefix or pattern words one query
// may hold, how many index terms each may stand for, how far off a fuzzy
// word may be and how many letters a prefix needs. Past them a search is a
// *QueryError, never a silent truncation or an unbounded one.
const (
	maxFuzziness   = 2
	maxExpanding   = 10
	maxExpansions  = 300
	minPrefixRunes = 2
)

// A target is one index field a query field stands for, with its boost.
type target struct {
	field string
	boost float64
}

// fieldKind says how a query field's values are searched.
type fieldKind uint8

const (
	kindText    fieldKind = iota // analysed text in one or more index fields
	kindKeyword                  // a whole value, case-insensitive: site, lang, month
	kindPlace                    // a place, by name or id, and every place inside it
	kindDates                    // published: date ranges
	kindNear                     // near: places within a radius
)

// queryField describes one field name users may write before a colon.
type queryField struct {
	kind    fieldKind
	targets []target
}

// fieldList names the fields for error messages.
func fieldList() string {
	return "title, text, author, site, lang, place, near, published, placename, url and month"
}

// lookupField returns the query field for a user-visible name ("" is the
// default for unfielded words).
func lookupField(name string) (queryField, bool) {
	var titles, texts []target
	for _, tl := range textLangs {
		titles = append(titles, target{titleField(tl.suffix), 1})
		texts = append(texts, target{textField(tl.suffix), 1})
	}
	switch name {
	case "":
		var all []target
		for _, t := range titles {
			all = append(all, target{t.field, boostTitle})
		}
		for _, t := range texts {
			all = append(all, target{t.field, boostText})
		}
		all = append(all, target{fieldPlaceNames, boostPlaceNames})
		return queryField{kind: kindText, targets: all}, true
	case "title":
		return queryField{kind: kindText, targets: titles}, true
	case "text":
		return queryField{kind: kindText, targets: texts}, true
	case "placename":
		return queryField{kind: kindText, targets: []target{{fieldPlaceNames, 1}}}, true
	case "url":
		return queryField{kind: kindText, targets: []target{{fieldURL, 1}}}, true
	case "author":
		return queryField{kind: kindText, targets: []target{{fieldAuthor, 1}}}, true
	case "site":
		return queryField{kind: kindKeyword, targets: []target{{fieldSite, 1}}}, true
	case "lang":
		return queryField{kind: kindKeyword, targets: []target{{fieldLang, 1}}}, true
	case "month":
		return queryField{kind: kindKeyword, targets: []target{{fieldMonth, 1}}}, true
	case "place":
		return queryField{kind: kindPlace, targets: []target{{fieldPlace, 1}}}, true
	case "published":
		return queryField{kind: kindDates, targets: []target{{fieldDay, 1}}}, true
	case "near":
		return queryField{kind: kindNear, targets: []target{{fieldGeo, 1}}}, true
	}
	return queryField{}, false
}

// builder builds one Bleve query from a syntax tree.
type builder struct {
	mapping mapping.IndexMapping
	places  Places // nil: place: takes ids, near: is refused
	// open returns a reader for the term dictionaries, opened on the first
	// expansion; close releases it.
	open      func() (index.IndexReader, error)
	reader    index.IndexReader
	expanding int
}

// close releases the reader an expansion opened, if any.
func (b *builder) close() {
	if b.reader != nil {
		b.reader.Close()
		b.reader = nil
	}
}

// query builds the whole query; a tree with nothing to search for (stop
// words only) matches nothing.
func (b *builder) query(n *node) (query.Query, error) {
	q, err := b.build(n)
	if err != nil {
		return nil, err
	}
	if q == nil {
		return query.NewMatchNoneQuery(), nil
	}
	return q, nil
}

// build returns the query for n, or nil when n has nothing to search for
// (a stop word), which the enclosing AND or OR leaves out.
func (b *builder) build(n *node) (query.Query, error) {
	switch n.kind {
	case nodeAnd:
		var must, mustNot []query.Query
		for _, k := range n.kids {
			neg := k.kind == nodeNot
			if neg {
				k = k.kids[0]
			}
			q, err := b.build(k)
			if err != nil {
				return nil, err
			}
			switch {
			case q == nil:
			case neg:
				mustNot = append(mustNot, q)
			default:
				must = append(must, q)
			}
		}
		if len(must) == 0 && len(mustNot) == 0 {
			return nil, nil
		}
		if len(mustNot) == 0 {
			if len(must) == 1 {
				return must[0], nil
			}
			return query.NewConjunctionQuery(must), nil
		}
		if len(must) == 0 {
			must = []query.Query{query.NewMatchAllQuery()}
		}
		return query.NewBooleanQuery(must, nil, mustNot), nil
	case nodeOr:
		var should []query.Query
		for _, k := range n.kids {
			q, err := b.build(k)
			if err != nil {
				return nil, err
			}
			if q != nil {
				should = append(should, q)
			}
		}
		switch len(should) {
		case 0:
			return nil, nil
		case 1:
			return should[0], nil
		}
		return query.NewDisjunctionQuery(should), nil
	case nodeNot:
		q, err := b.build(n.kids[0])
		if err != nil || q == nil {
			return nil, err
		}
		// NOT alone means every article but those.
		return query.NewBooleanQuery([]query.Query{query.NewMatchAllQuery()}, nil, []query.Query{q}), nil
	case nodeWord, nodePhrase:
		return b.leaf(n)
	case nodeDates:
		incl, excl := true, false
		dq := query.NewDateRangeInclusiveQuery(n.from, n.to, &incl, &excl)
		dq.SetField(fieldDay)
		return dq, nil
	case nodeNear:
		return b.near(n)
	}
	return nil, fmt.Errorf("search: unknown query node kind %d", n.kind)
}

// leaf builds a word or phrase in its field.
func (b *builder) leaf(n *node) (query.Query, error) {
	qf, _ := lookupField(n.field)
	switch qf.kind {
	case kindPlace:
		return b.place(n)
	case kindKeyword:
		return b.keyword(n, qf)
	case kindDates:
		return nil, b.errAt(n, "published takes a date or a range, as in published:2022-03 or published:[2022-03-01 TO 2022-03-31]")
	case kindNear:
		return nil, b.errAt(n, "near takes a place and a radius, as in near:Izium~50km")
	}
	if n.wild != wildNone || n.fuzzy > 0 {
		return b.expand(n, qf)
	}
	var parts []query.Query
	for _, t := range qf.targets {
		toks := b.analyse(t.field, n.text)
		if len(toks) == 0 {
			if len(qf.targets) > 1 {
				// A stop word in one of the languages searched ("the",
				// "и", "та") is left out of the query altogether, so
				// that it neither requires nor excludes anything.
				return nil, nil
			}
			continue
		}
		var q query.Query
		switch {
		case n.kind == nodePhrase && n.slop >= 0 && len(toks) > 1:
			if t.field == fieldPlaceNames {
				continue // a list of names, not text: nearness means nothing
			}
			q = &proximityQuery{field: t.field, slots: b.slots(t.field, n.text), slop: n.slop}
		case len(toks) == 1:
			tq := query.NewTermQuery(toks[0])
			tq.SetField(t.field)
			q = tq
		default:
			// Several words, or one word the analyzer splits
			// ("Kharkiv-based"): they must stand together.
			pq := query.NewMatchPhraseQuery(n.text)
			pq.SetField(t.field)
			q = pq
		}
		parts = append(parts, boosted(q, t.boost))
	}
	if len(parts) == 0 {
		return nil, nil
	}
	return combine(parts, n.boost), nil
}

// langCode returns the language of a language code or tag ("en",
// "en-GB", "eng" give "en"); false when s is none.
func langCode(s string) (string, bool) {
	tag, err := language.Parse(strings.TrimSpace(s))
	if err != nil {
		return "", false
	}
	base, _ := tag.Base()
	if base.String() == "und" {
		return "", false
	}
	return base.String(), true
}

// slots returns the proximity slots of a phrase in a field: one per term
// of each word, holding the term and, when the word names a place, the
// place's other names analysed for the field.
func (b *builder) slots(field, text string) [][]string {
	var slots [][]string
	for _, w := range strings.Fields(text) {
		toks := b.analyse(field, w)
		if len(toks) != 1 {
			for _, t := range toks {
				slots = append(slots, []string{t})
			}
			continue
		}
		slot := []string{toks[0]}
		if b.places != nil {
			if p, ok := b.places.ResolvePlace(w); ok {
				for _, name := range p.Names {
					if vt := b.analyse(field, name); len(vt) == 1 && !slices.Contains(slot, vt[0]) {
						slot = append(slot, vt[0])
					}
				}
			}
		}
		slots = append(slots, slot)
	}
	return slots
}

// analyse returns the terms an index field's analyzer makes of text.
func (b *builder) analyse(field, text string) []string {
	a := b.mapping.AnalyzerNamed(b.mapping.AnalyzerNameForPath(field))
	if a == nil {
		return []string{strings.ToLower(text)}
	}
	var out []string
	for _, tok := range a.Analyze([]byte(text)) {
		out = append(out, string(tok.Term))
	}
	return out
}

// keyword builds site:, lang: or month:, which match the whole value,
// ignoring case: site:"Kharkiv Courier".
func (b *builder) keyword(n *node, qf queryField) (query.Query, error) {
	f := qf.targets[0].field
	text := strings.ToLower(strings.TrimSpace(n.text))
	if n.wild != wildNone || n.fuzzy > 0 {
		return b.expand(n, qf)
	}
	if f == fieldLang {
		var ok bool
		if text, ok = langCode(text); !ok {
			return nil, b.errAt(n, "unknown language code “%s” at character %d; use a code such as en, uk or ru", n.text, n.start+1)
		}
	}
	tq := query.NewTermQuery(text)
	tq.SetField(f)
	if n.boost > 0 {
		tq.SetBoost(n.boost)
	}
	return tq, nil
}

// place builds place:NAME, the articles about the place NAME means or about
// any place inside it.
func (b *builder) place(n *node) (query.Query, error) {
	if n.wild != wildNone || n.fuzzy > 0 {
		return nil, b.errAt(n, "place: takes a place name in any spelling, not a pattern: write place:Kharkiv or place:\"Lyman (Donetsk Oblast)\"")
	}
	id := strings.TrimSpace(n.text)
	if b.places != nil {
		p, ok := b.places.GeoPlace(id)
		if !ok {
			p, ok = b.places.ResolvePlace(id)
		}
		if !ok {
			return nil, b.errAt(n, "no place called “%s” in the gazetteer (place: at character %d); try another spelling, or Name (Region)", id, n.start+1)
		}
		id = p.ID
	}
	tq := query.NewTermQuery(id)
	tq.SetField(fieldPlace)
	if n.boost > 0 {
		tq.SetBoost(n.boost)
	}
	return tq, nil
}

// errAt builds a *QueryError about node n.
func (b *builder) errAt(n *node, format string, args ...any) *QueryError {
	return &QueryError{Msg: fmt.Sprintf(format, args...), Start: n.start, End: max(n.end, n.start+1)}
}

// expand builds a fuzzy word (izyum~1), a prefix (kharkiv*) or a pattern
// (kharkiv?ka) from the terms of the index that fit it, at most
// maxExpansions of them. Title and text fields are stemmed, so the word is
// matched against the unstemmed words of every title and text (fieldWords)
// and each word found is analysed for each language's fields: timetabel~1
// finds "timetable", which the English fields hold as "timet". Other fields
// are matched against their own terms.
func (b *builder) expand(n *node, qf queryField) (query.Query, error) {
	b.expanding++
	if b.expanding > maxExpanding {
		return nil, b.errAt(n, "the query has more than %d words with *, ? or ~ (at character %d); use fewer", maxExpanding, n.start+1)
	}
	if b.reader == nil {
		r, err := b.open()
		if err != nil {
			return nil, fmt.Errorf("search: open index reader: %w", err)
		}
		b.reader = r
	}
	var surface, own []target
	for _, t := range qf.targets {
		if strings.HasPrefix(t.field, "title_") || strings.HasPrefix(t.field, "text_") {
			surface = append(surface, t)
		} else {
			own = append(own, t)
		}
	}
	found := 0
	var parts []query.Query
	seen := map[string]bool{} // field + "\x00" + term
	add := func(t target, term string, dist uint8) {
		if seen[t.field+"\x00"+term] {
			return
		}
		seen[t.field+"\x00"+term] = true
		tq := query.NewTermQuery(term)
		tq.SetField(t.field)
		boost := t.boost
		if n.fuzzy > 0 {
			boost /= float64(1 + dist) // nearer words score higher
		}
		parts = append(parts, boosted(tq, boost))
	}
	if len(surface) > 0 {
		err := b.eachTerm(n, fieldWords, kindText, &found, func(word string, dist uint8) {
			for _, t := range surface {
				if toks := b.analyse(t.field, word); len(toks) == 1 {
					add(t, toks[0], dist)
				}
			}
		})
		if err != nil {
			return nil, err
		}
	}
	for _, t := range own {
		err := b.eachTerm(n, t.field, qf.kind, &found, func(term string, dist uint8) { add(t, term, dist) })
		if err != nil {
			return nil, err
		}
	}
	if len(parts) == 0 {
		return query.NewMatchNoneQuery(), nil
	}
	return combine(parts, n.boost), nil
}

// eachTerm calls f for each term of field that n stands for, counting them
// in found; past maxExpansions it stops with a *QueryError.
func (b *builder) eachTerm(n *node, field string, kind fieldKind, found *int, f func(term string, dist uint8)) error {
	dict, err := b.dict(field, n, kind)
	if err != nil || dict == nil {
		return err
	}
	defer dict.Close()
	for {
		e, err := dict.Next()
		if err != nil {
			return fmt.Errorf("search: expand “%s”: %w", n.text, err)
		}
		if e == nil {
			return nil
		}
		if *found++; *found > maxExpansions {
			return b.errAt(n, "%s at character %d stands for more than %d different words in the archive; make it longer or less fuzzy",
				n.String(), n.start+1, maxExpansions)
		}
		f(e.Term, e.EditDistance)
	}
}

// dict opens the term dictionary of field restricted to the terms n stands
// for; nil when n has no term in that field (a stop word).
func (b *builder) dict(field string, n *node, kind fieldKind) (index.FieldDict, error) {
	text := strings.ToLower(normalizeApostrophes(n.text))
	if field == fieldLang {
		text = primaryLang(text)
	}
	switch {
	case n.fuzzy > 0:
		term := text
		if kind == kindText {
			toks := b.analyse(field, n.text)
			switch len(toks) {
			case 0:
				return nil, nil
			case 1:
				term = toks[0]
			default:
				return nil, b.errAt(n, "~ works on single words; “%s” at character %d is several", n.text, n.start+1)
			}
		}
		fr, ok := b.reader.(index.IndexReaderFuzzy)
		if !ok {
			return nil, fmt.Errorf("search: the index cannot look up fuzzy terms")
		}
		d, err := fr.FieldDictFuzzy(field, term, n.fuzzy, "")
		if err != nil {
			return nil, fmt.Errorf("search: fuzzy “%s”: %w", term, err)
		}
		return d, nil
	case n.wild == wildPrefix:
		d, err := b.reader.FieldDictPrefix(field, []byte(text))
		if err != nil {
			return nil, fmt.Errorf("search: prefix “%s”: %w", text, err)
		}
		return d, nil
	default:
		rr, ok := b.reader.(index.IndexReaderRegexp)
		if !ok {
			return nil, fmt.Errorf("search: the index cannot look up patterns")
		}
		d, err := rr.FieldDictRegexp(field, wildcardRegexp(text))
		if err != nil {
			return nil, fmt.Errorf("search: pattern “%s”: %w", text, err)
		}
		return d, nil
	}
}

// wildcardRegexp turns a pattern with * (any letters) and ? (one letter)
// into a regular expression over whole terms.
func wildcardRegexp(p string) string {
	var b strings.Builder
	for _, r := range p {
		switch r {
		case '*':
			b.WriteString(".*")
		case '?':
			b.WriteString(".")
		default:
			b.WriteString(regexp.QuoteMeta(string(r)))
		}
	}
	return b.String()
}

// boosted sets a query's boost unless it is 1.
func boosted(q query.Query, boost float64) query.Query {
	if boost != 1 {
		if bq, ok := q.(query.BoostableQuery); ok {
			bq.SetBoost(boost)
		}
	}
	return q
}

// combine ORs the per-field clauses of one user term. The user's boost
// (term^2) is multiplied into each clause's own boost (a field's, a fuzzy
// expansion's), not set on the disjunction: Bleve's disjunction searcher
// ignores its own boost, and so does the evaluator, which scores as Bleve.
func combine(parts []query.Query, boost float64) query.Query {
	if boost > 0 {
		for _, q := range parts {
			if b, ok := q.(query.BoostableQuery); ok {
				b.SetBoost(b.Boost() * boost)
			}
		}
	}
	if len(parts) == 1 {
		return parts[0]
	}
	return query.NewDisjunctionQuery(parts)
}
