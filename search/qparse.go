package search

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// This file is the query language's parser: a hand-written recursive
// descent over the runes of the query that yields a small syntax tree
// (node). qbuild.go turns the tree into a Bleve query. The grammar, loosest
// binding first:
//
//	query   = or
//	or      = and { "OR" and }
//	and     = unary { ["AND"] unary }        words side by side must all match
//	unary   = "NOT" unary | "-" primary | "+" primary | primary
//	primary = "(" or ")" | phrase | field ":" value | word
//	phrase  = '"' words '"' [ "~" slop ] [ "^" boost ]
//	word    = letters [ "*" | "~" [fuzziness] ] [ "^" boost ]   also w?rd, wor*d
//	value   = word | phrase | "(" or ")" | date range (published) | place (near)
//
// AND, OR and NOT are operators only in capitals; "and", "or" and "not"
// are words. Every error is a *QueryError that says what is wrong and at
// which character, with the span of the offending part.

// Limits of the parser. They keep a query's syntax tree, and so the work a
// search does, small whatever the input.
const (
	maxDepth = 32 // brackets and NOTs inside one another
	maxWords = 64 // words, phrases and field values in one query
	maxSlop  = 100
	// maxNearKm is the largest radius of near:.
	maxNearKm = 2000.0
	// defaultNearKm is the radius of near: without ~.
	defaultNearKm = 50.0
)

// nodeKind is the kind of a syntax tree node.
type nodeKind uint8

const (
	nodeAnd    nodeKind = iota // every kid must match
	nodeOr                     // any kid
	nodeNot                    // its one kid must not match
	nodeWord                   // a word, perhaps fuzzy, a prefix or a pattern
	nodePhrase                 // "quoted words", perhaps with a proximity
	nodeDates                  // published: a half-open range of days
	nodeNear                   // near:place~radius
)

// wildKind tells a plain word from a prefix (kharkiv*) and a pattern (wo?d).
type wildKind uint8

const (
	wildNone wildKind = iota
	wildPrefix
	wildPattern
)

// node is one node of the syntax tree. Offsets are in runes of the query.
type node struct {
	kind  nodeKind
	kids  []*node
	field string // user-visible field name, lowercased; "" for the default fields
	text  string // word, phrase or value, without its operators and suffixes

	quoted bool     // the value was in quotes
	fuzzy  int      // edit distance of word~N; 0 for none
	slop   int      // words allowed between the words of "a b"~N; -1 for an exact phrase
	wild   wildKind // prefix or pattern
	boost  float64  // word^N; 0 for none

	from, to time.Time // nodeDates: from ≤ day < to; zero for an open end
	km       float64   // nodeNear: radius

	start, end int // the node's span in the query
	at         int // nodeWord: where its text starts (after any field name)
}

// parser holds the state of one parse.
type parser struct {
	src   []rune
	pos   int
	depth int
	words int
	field string // field of the bracket group being parsed: title:(a OR b)
}

// parseQuery parses a user query into a syntax tree; an empty query gives
// nil.
func parseQuery(q string) (*node, error) {
	p := &parser{src: []rune(q)}
	n, err := p.or()
	if err != nil {
		return nil, err
	}
	p.space()
	if !p.eof() {
		// or() stops only at the end, or at a closing bracket it cannot
		// match.
		return nil, p.errAt(p.pos, p.pos+1, "closing bracket at character %d has no opening bracket", p.pos+1)
	}
	return n, nil
}

func (p *parser) eof() bool  { return p.pos >= len(p.src) }
func (p *parser) peek() rune { return p.at(p.pos) }

// at returns the rune at i, or 0 past the end.
func (p *parser) at(i int) rune {
	if i < 0 || i >= len(p.src) {
		return 0
	}
	return p.src[i]
}

func (p *parser) space() {
	for !p.eof() && unicode.IsSpace(p.peek()) {
		p.pos++
	}
}

// ends reports whether position i ends a word: the end, a space, a bracket
// or a quote.
func (p *parser) ends(i int) bool {
	if i >= len(p.src) {
		return true
	}
	r := p.src[i]
	return unicode.IsSpace(r) || r == '(' || r == ')' || r == '"'
}

// keyword reports whether the operator kw (AND, OR, NOT) stands at the
// current position as a word of its own.
func (p *parser) keyword(kw string) bool {
	n := len(kw)
	if p.pos+n > len(p.src) || string(p.src[p.pos:p.pos+n]) != kw {
		return false
	}
	return p.ends(p.pos + n)
}

// errAt builds a *QueryError for the span [start, end) of the query.
func (p *parser) errAt(start, end int, format string, args ...any) *QueryError {
	end = min(max(end, start+1), len(p.src))
	start = min(start, end)
	return &QueryError{Msg: fmt.Sprintf(format, args...), Start: start, End: end}
}

// or parses or = and { "OR" and }. It returns nil for nothing (an empty
// query or group).
func (p *parser) or() (*node, error) {
	p.space()
	start := p.pos
	left, err := p.and()
	if err != nil {
		return nil, err
	}
	kids := []*node{}
	if left != nil {
		kids = append(kids, left)
	}
	for p.space(); p.keyword("OR"); p.space() {
		at := p.pos
		if left == nil {
			return nil, p.errAt(at, at+2, "OR at character %d needs a word before it", at+1)
		}
		p.pos += 2
		right, err := p.and()
		if err != nil {
			return nil, err
		}
		if right == nil {
			return nil, p.errAt(at, at+2, "OR at character %d needs a word after it", at+1)
		}
		kids = append(kids, right)
	}
	switch len(kids) {
	case 0:
		return nil, nil
	case 1:
		return kids[0], nil
	}
	return &node{kind: nodeOr, kids: kids, start: start, end: kids[len(kids)-1].end}, nil
}

// and parses a run of operands joined by AND or by nothing.
func (p *parser) and() (*node, error) {
	var kids []*node
	start := -1
	for {
		p.space()
		if p.eof() || p.peek() == ')' || p.keyword("OR") {
			break
		}
		if start < 0 {
			start = p.pos
		}
		if p.keyword("AND") {
			at := p.pos
			if len(kids) == 0 {
				return nil, p.errAt(at, at+3, "AND at character %d needs a word before it", at+1)
			}
			p.pos += 3
			p.space()
			if p.eof() || p.peek() == ')' || p.keyword("OR") || p.keyword("AND") {
				return nil, p.errAt(at, at+3, "AND at character %d needs a word after it", at+1)
			}
			continue
		}
		n, err := p.unary()
		if err != nil {
			return nil, err
		}
		kids = append(kids, n)
	}
	switch len(kids) {
	case 0:
		return nil, nil
	case 1:
		return kids[0], nil
	}
	return &node{kind: nodeAnd, kids: kids, start: start, end: kids[len(kids)-1].end}, nil
}

// enter counts one more level of nesting at position at.
func (p *parser) enter(at int) error {
	p.depth++
	if p.depth > maxDepth {
		return p.errAt(at, at+1, "brackets and NOTs are nested more than %d deep at character %d", maxDepth, at+1)
	}
	return nil
}

// unary parses NOT x, -x, +x or a primary.
func (p *parser) unary() (*node, error) {
	start := p.pos
	switch {
	case p.keyword("NOT"):
		p.pos += 3
		p.space()
		if p.eof() || p.peek() == ')' || p.keyword("AND") || p.keyword("OR") {
			return nil, p.errAt(start, start+3, "NOT at character %d needs a word after it", start+1)
		}
		if err := p.enter(start); err != nil {
			return nil, err
		}
		kid, err := p.unary()
		p.depth--
		if err != nil {
			return nil, err
		}
		return &node{kind: nodeNot, kids: []*node{kid}, start: start, end: kid.end}, nil
	case p.peek() == '-' || p.peek() == '+':
		op := p.peek()
		if p.pos+1 >= len(p.src) || unicode.IsSpace(p.src[p.pos+1]) || p.src[p.pos+1] == ')' {
			if op == '-' {
				return nil, p.errAt(start, start+1, "- at character %d must stand right before a word: -word leaves out what has it", start+1)
			}
			return nil, p.errAt(start, start+1, "+ at character %d must stand right before a word: +word (words are required anyway)", start+1)
		}
		p.pos++
		if err := p.enter(start); err != nil {
			return nil, err
		}
		kid, err := p.primary()
		p.depth--
		if err != nil {
			return nil, err
		}
		if op == '+' {
			return kid, nil
		}
		return &node{kind: nodeNot, kids: []*node{kid}, start: start, end: kid.end}, nil
	}
	return p.primary()
}

// primary parses a bracket group, a phrase, a field expression or a word.
func (p *parser) primary() (*node, error) {
	switch p.peek() {
	case '(':
		return p.group()
	case ')':
		return nil, p.errAt(p.pos, p.pos+1, "closing bracket at character %d has no opening bracket", p.pos+1)
	case '"':
		return p.phrase()
	}
	if name, colon, ok := p.fieldName(); ok {
		return p.fieldExpr(name, colon)
	}
	return p.word()
}

// group parses "(" or ")".
func (p *parser) group() (*node, error) {
	open := p.pos
	if err := p.enter(open); err != nil {
		return nil, err
	}
	p.pos++
	n, err := p.or()
	p.depth--
	if err != nil {
		return nil, err
	}
	p.space()
	if p.peek() != ')' {
		return nil, p.errAt(open, open+1, "unclosed bracket opened at character %d", open+1)
	}
	p.pos++
	if n == nil {
		return nil, p.errAt(open, p.pos, "empty brackets at character %d", open+1)
	}
	return n, nil
}

// fieldName reports whether a field expression (letters, then a colon)
// starts here; "10:30" and "http://…" are not field names but words.
func (p *parser) fieldName() (name string, colon int, ok bool) {
	i := p.pos
	for i < len(p.src) && isASCIILetter(p.src[i]) {
		i++
	}
	if p.at(i) != ':' {
		return "", 0, false
	}
	if i == p.pos {
		return "", 0, false
	}
	return strings.ToLower(string(p.src[p.pos:i])), i, true
}

func isASCIILetter(r rune) bool { return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' }

// fieldExpr parses field:value; the parser stands at the field name.
func (p *parser) fieldExpr(name string, colon int) (*node, error) {
	start := p.pos
	if _, ok := lookupField(name); !ok {
		return nil, p.errAt(start, colon+1, "unknown field “%s” at character %d; fields are %s (put words with a colon in quotes to search for them)",
			name, start+1, fieldList())
	}
	p.pos = colon + 1
	if p.ends(p.pos) && p.peek() != '(' && p.peek() != '"' {
		return nil, p.errAt(start, p.pos, "%s: at character %d needs a value right after the colon", name, start+1)
	}
	var n *node
	var err error
	switch name {
	case "published":
		n, err = p.dates(start)
	case "near":
		n, err = p.near(start)
	default:
		outer := p.field
		p.field = name
		switch p.peek() {
		case '(':
			n, err = p.group()
		case '"':
			n, err = p.phrase()
		default:
			n, err = p.word()
		}
		p.field = outer
	}
	if err != nil {
		return nil, err
	}
	n.start = start
	return n, nil
}

// countWord counts one more word, phrase or value.
func (p *parser) countWord(start int) error {
	p.words++
	if p.words > maxWords {
		return p.errAt(start, p.pos, "the query has more than %d words; search for fewer at a time", maxWords)
	}
	return nil
}

// word parses a word with its suffixes: * or ? patterns, ~fuzziness, ^boost.
func (p *parser) word() (*node, error) {
	start := p.pos
	for !p.ends(p.pos) {
		p.pos++
	}
	if err := p.countWord(start); err != nil {
		return nil, err
	}
	n := &node{kind: nodeWord, field: p.field, slop: -1, start: start, end: p.pos, at: start}
	text := string(p.src[start:p.pos])
	var err error
	if text, n.boost, err = p.boostSuffix(text, start); err != nil {
		return nil, err
	}
	if i := strings.LastIndexByte(text, '~'); i > 0 {
		digits := text[i+1:]
		n.fuzzy = 1
		if digits != "" {
			k, err := strconv.Atoi(digits)
			if err != nil || k < 0 {
				at := start + len([]rune(text[:i]))
				return nil, p.errAt(at, at+1+len([]rune(digits)), "~%s at character %d: write ~1 or ~2 for words one or two letters off", digits, at+1)
			}
			n.fuzzy = k
		}
		text = text[:i]
		if n.fuzzy > maxFuzziness {
			return nil, p.errAt(start, p.pos, "fuzziness %d at character %d is too much: use ~1 or ~2", n.fuzzy, start+1)
		}
	}
	// A question mark at the end is punctuation ("why?"), not a pattern.
	text = strings.TrimRight(text, "?")
	if i := strings.IndexAny(text, "*?"); i >= 0 {
		if n.fuzzy > 0 {
			return nil, p.errAt(start, p.pos, "“%s” at character %d is both a pattern and fuzzy; use one of * and ~", text, start+1)
		}
		n.wild = wildPattern
		if i == len(text)-1 && text[i] == '*' {
			n.wild = wildPrefix
			text = text[:i]
		}
		literal := []rune(text[:i])
		if len(literal) < minPrefixRunes {
			if len(literal) == 0 && strings.Trim(text, "*?") == "" {
				return nil, p.errAt(start, p.pos, "* at character %d alone would match every word; leave the query empty to list every article", start+1)
			}
			return nil, p.errAt(start, p.pos, "“%s” at character %d needs at least %d letters before the first * or ?", string(p.src[start:p.pos]), start+1, minPrefixRunes)
		}
	}
	if !strings.ContainsFunc(text, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) {
		return nil, p.errAt(start, p.pos, "“%s” at character %d has no letters or digits to search for", string(p.src[start:p.pos]), start+1)
	}
	if n.fuzzy > 0 && len([]rune(text)) < 2*n.fuzzy+1 {
		return nil, p.errAt(start, p.pos, "“%s” at character %d is too short for ~%d: a fuzzy word needs at least %d letters", string(p.src[start:p.pos]), start+1, n.fuzzy, 2*n.fuzzy+1)
	}
	n.text = text
	return n, nil
}

// boostSuffix strips a ^N boost from the end of text.
func (p *parser) boostSuffix(text string, start int) (string, float64, error) {
	i := strings.LastIndexByte(text, '^')
	if i < 0 {
		return text, 0, nil
	}
	at := start + len([]rune(text[:i]))
	b, err := strconv.ParseFloat(text[i+1:], 64)
	if err != nil || b <= 0 || b > 100 {
		return "", 0, p.errAt(at, at+1+len([]rune(text[i+1:])), "^%s at character %d: a boost is a number from 0 to 100, as in kharkiv^2", text[i+1:], at+1)
	}
	return text[:i], b, nil
}

// quoted reads a quoted string; the parser stands at the opening quote.
func (p *parser) quoted() (string, error) {
	open := p.pos
	p.pos++
	for !p.eof() && p.peek() != '"' {
		p.pos++
	}
	if p.eof() {
		return "", p.errAt(open, len(p.src), "unclosed quote opened at character %d", open+1)
	}
	text := string(p.src[open+1 : p.pos])
	p.pos++
	if strings.TrimSpace(text) == "" {
		return "", p.errAt(open, p.pos, "empty quotes at character %d", open+1)
	}
	return text, nil
}

// phrase parses "words" with an optional ~slop and ^boost.
func (p *parser) phrase() (*node, error) {
	start := p.pos
	text, err := p.quoted()
	if err != nil {
		return nil, err
	}
	if err := p.countWord(start); err != nil {
		return nil, err
	}
	n := &node{kind: nodePhrase, field: p.field, text: text, quoted: true, slop: -1, start: start}
	suffixStart := p.pos
	for !p.ends(p.pos) {
		p.pos++
	}
	suffix := string(p.src[suffixStart:p.pos])
	if suffix, n.boost, err = p.boostSuffix(suffix, suffixStart); err != nil {
		return nil, err
	}
	switch {
	case suffix == "":
	case suffix[0] == '~':
		k, err := strconv.Atoi(suffix[1:])
		if err != nil || k < 0 || k > maxSlop {
			return nil, p.errAt(suffixStart, p.pos, "%s at character %d: write \"…\"~N with N from 0 to %d for words at most N words apart", suffix, suffixStart+1, maxSlop)
		}
		n.slop = k
	default:
		return nil, p.errAt(suffixStart, p.pos, "“%s” right after the closing quote at character %d: leave a space between a phrase and the next word", suffix, suffixStart+1)
	}
	n.end = p.pos
	return n, nil
}

// value reads a field value: quoted, or up to the end of the word or the
// first of stops.
func (p *parser) value(stops string) (text string, quoted bool, err error) {
	if p.peek() == '"' {
		text, err = p.quoted()
		return text, true, err
	}
	start := p.pos
	for !p.ends(p.pos) && !strings.ContainsRune(stops, p.peek()) {
		p.pos++
	}
	return string(p.src[start:p.pos]), false, nil
}

// dates parses the value of published: a day, month or year, a range
// [a TO b] (inclusive) or {a TO b} (exclusive), or a comparison >=a, >a,
// <=a, <a. Open ends are written *.
func (p *parser) dates(start int) (*node, error) {
	if err := p.countWord(start); err != nil {
		return nil, err
	}
	n := &node{kind: nodeDates, field: "published", start: start}
	switch c := p.peek(); {
	case c == '[' || c == '{':
		open := p.pos
		p.pos++
		closeAt := -1
		for i := p.pos; i < len(p.src); i++ {
			if p.src[i] == ']' || p.src[i] == '}' {
				closeAt = i
				break
			}
		}
		if closeAt < 0 {
			return nil, p.errAt(open, len(p.src), "unclosed date range opened at character %d: write published:[2022-03-01 TO 2022-03-31]", open+1)
		}
		parts := p.fieldsAt(p.pos, closeAt)
		if len(parts) != 3 || !strings.EqualFold(parts[1].text, "TO") {
			return nil, p.errAt(open, closeAt+1, "date range at character %d must read [FROM TO UNTIL], as in [2022-03-01 TO 2022-03-31]", open+1)
		}
		lo, loEnd, err := p.date(strings.Trim(parts[0].text, `"`), parts[0].at)
		if err != nil {
			return nil, err
		}
		hiStart, hi, err := p.date(strings.Trim(parts[2].text, `"`), parts[2].at)
		if err != nil {
			return nil, err
		}
		if c == '[' {
			n.from = lo
		} else {
			n.from = loEnd
		}
		if p.src[closeAt] == ']' {
			n.to = hi
		} else {
			n.to = hiStart
		}
		p.pos = closeAt + 1
		if n.from.IsZero() && n.to.IsZero() {
			// [* TO *]: every dated article.
			n.from = time.Date(minYear, 1, 1, 0, 0, 0, 0, time.UTC)
		}
	case c == '>' || c == '<':
		op := string(c)
		p.pos++
		if p.peek() == '=' {
			op += "="
			p.pos++
		}
		at := p.pos
		text, _, err := p.value("")
		if err != nil {
			return nil, err
		}
		if text == "" || text == "*" {
			return nil, p.errAt(start, p.pos, "published:%s at character %d needs a date, as in published:%s2022-09-01", op, start+1, op)
		}
		lo, hi, err := p.date(text, at)
		if err != nil {
			return nil, err
		}
		switch op {
		case ">=":
			n.from = lo
		case ">":
			n.from = hi
		case "<=":
			n.to = hi
		case "<":
			n.to = lo
		}
	default:
		at := p.pos
		text, _, err := p.value("")
		if err != nil {
			return nil, err
		}
		if n.from, n.to, err = p.date(text, at); err != nil {
			return nil, err
		}
		if n.from.IsZero() {
			return nil, p.errAt(start, p.pos, "published:* at character %d would match every dated article; give a date or a range", start+1)
		}
	}
	n.end = p.pos
	if !n.from.IsZero() && !n.to.IsZero() && !n.from.Before(n.to) {
		return nil, p.errAt(start, p.pos, "the date range at character %d is empty: it ends before it starts", start+1)
	}
	return n, nil
}

// spaced is a word of a date range and where it starts.
type spaced struct {
	text string
	at   int
}

// fieldsAt splits the runes [from, to) at spaces, keeping each part's
// position.
func (p *parser) fieldsAt(from, to int) []spaced {
	var out []spaced
	for i := from; i < to; {
		for i < to && unicode.IsSpace(p.src[i]) {
			i++
		}
		j := i
		for j < to && !unicode.IsSpace(p.src[j]) {
			j++
		}
		if j > i {
			out = append(out, spaced{string(p.src[i:j]), i})
		}
		i = j
	}
	return out
}

// date parses a year, month or day ("2022", "2022-03", "2022-03-01") into
// the half-open span of days it covers; "*" gives two zero times.
func (p *parser) date(s string, at int) (lo, hi time.Time, err error) {
	if s == "*" {
		return time.Time{}, time.Time{}, nil
	}
	for _, f := range []struct {
		layout string
		next   func(time.Time) time.Time
	}{
		{"2006-01-02", func(t time.Time) time.Time { return t.AddDate(0, 0, 1) }},
		{"2006-01", func(t time.Time) time.Time { return t.AddDate(0, 1, 0) }},
		{"2006", func(t time.Time) time.Time { return t.AddDate(1, 0, 0) }},
	} {
		if len(s) != len(f.layout) {
			continue
		}
		t, perr := time.Parse(f.layout, s)
		if perr != nil {
			break
		}
		if t.Year() < minYear || t.Year() >= maxYear {
			return lo, hi, p.errAt(at, at+len([]rune(s)), "date %s at character %d is outside %d to %d", s, at+1, minYear, maxYear)
		}
		return t, f.next(t), nil
	}
	return lo, hi, p.errAt(at, at+len([]rune(s)), "“%s” at character %d is not a date: write 2022-03-01, 2022-03 or 2022", s, at+1)
}

// near parses near:place~radius; the radius is in km (50km, 50) or miles
// (30mi).
func (p *parser) near(start int) (*node, error) {
	if err := p.countWord(start); err != nil {
		return nil, err
	}
	nameAt := p.pos
	name, quoted, err := p.value("~")
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(name) == "" {
		return nil, p.errAt(start, p.pos, "near: at character %d needs a place, as in near:Izium~50km", start+1)
	}
	n := &node{kind: nodeNear, field: "near", text: name, quoted: quoted, km: defaultNearKm, start: start}
	if p.peek() == '~' {
		at := p.pos
		p.pos++
		for !p.ends(p.pos) {
			p.pos++
		}
		r := strings.ToLower(string(p.src[at+1 : p.pos]))
		unit := 1.0
		switch {
		case strings.HasSuffix(r, "km"):
			r = strings.TrimSuffix(r, "km")
		case strings.HasSuffix(r, "mi"):
			r, unit = strings.TrimSuffix(r, "mi"), 1.609344
		}
		km, err := strconv.ParseFloat(r, 64)
		if err != nil || km <= 0 || km*unit > maxNearKm {
			return nil, p.errAt(at, p.pos, "radius %s at character %d: write a distance up to %g km, as in near:Izium~50km", string(p.src[at+1:p.pos]), at+1, maxNearKm)
		}
		n.km = km * unit
	} else if !p.ends(p.pos) {
		return nil, p.errAt(nameAt, p.pos+1, "near: at character %d: write the radius after ~, as in near:Izium~50km", start+1)
	}
	n.end = p.pos
	return n, nil
}

// String writes the tree back as a query in canonical form: operators in
// capitals, groups in brackets. Suggestions and broader queries are built
// as trees and shown with it.
func (n *node) String() string {
	var b strings.Builder
	n.write(&b, false)
	return b.String()
}

func (n *node) write(b *strings.Builder, nested bool) {
	switch n.kind {
	case nodeAnd, nodeOr:
		if nested {
			b.WriteByte('(')
		}
		for i, k := range n.kids {
			if i > 0 {
				if n.kind == nodeOr {
					b.WriteString(" OR ")
				} else {
					b.WriteByte(' ')
				}
			}
			k.write(b, true)
		}
		if nested {
			b.WriteByte(')')
		}
	case nodeNot:
		b.WriteByte('-')
		if k := n.kids[0]; k.kind == nodeNot {
			b.WriteByte('(')
			k.write(b, false)
			b.WriteByte(')')
		} else {
			k.write(b, true)
		}
	case nodeWord, nodePhrase:
		if n.field != "" {
			b.WriteString(n.field + ":")
		}
		if n.quoted {
			b.WriteString(`"` + n.text + `"`)
		} else {
			b.WriteString(n.text)
		}
		switch {
		case n.wild == wildPrefix:
			b.WriteByte('*')
		case n.fuzzy > 0:
			b.WriteString("~" + strconv.Itoa(n.fuzzy))
		case n.slop >= 0:
			b.WriteString("~" + strconv.Itoa(n.slop))
		}
		if n.boost > 0 {
			b.WriteString("^" + strconv.FormatFloat(n.boost, 'f', -1, 64))
		}
	case nodeDates:
		b.WriteString("published:[")
		if n.from.IsZero() {
			b.WriteByte('*')
		} else {
			b.WriteString(n.from.Format(time.DateOnly))
		}
		b.WriteString(" TO ")
		if n.to.IsZero() {
			b.WriteByte('*')
		} else {
			b.WriteString(n.to.AddDate(0, 0, -1).Format(time.DateOnly))
		}
		b.WriteByte(']')
	case nodeNear:
		name := n.text
		if n.quoted {
			name = `"` + name + `"`
		}
		b.WriteString("near:" + name + "~" + strconv.FormatFloat(n.km, 'f', -1, 64) + "km")
	}
}
