package search

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search/query"
)

// Boosts of the fields an unfielded query term searches.
const (
	boostTitle      = 3.0
	boostText       = 1.0
	boostPlaceNames = 2.0
)

// maxFuzziness is the largest edit distance Bleve supports (word~2).
const maxFuzziness = 2

// A target is one index field a query field stands for, with its boost.
type target struct {
	field string
	boost float64
}

// queryField describes one field name users may write before a colon.
type queryField struct {
	targets []target
	keyword bool // exact, case-insensitive value: site, lang, month
	date    bool // only date ranges: published
}

// queryFields maps the user-visible field names to index fields. The empty
// name is the default for unfielded terms.
func queryFields() map[string]queryField {
	var titles, texts []target
	for _, tl := range textLangs {
		titles = append(titles, target{titleField(tl.suffix), 1})
		texts = append(texts, target{textField(tl.suffix), 1})
	}
	var all []target
	for _, t := range titles {
		all = append(all, target{t.field, boostTitle})
	}
	for _, t := range texts {
		all = append(all, target{t.field, boostText})
	}
	all = append(all, target{fieldPlaceNames, boostPlaceNames})
	return map[string]queryField{
		"":          {targets: all},
		"title":     {targets: titles},
		"text":      {targets: texts},
		"placename": {targets: []target{{fieldPlaceNames, 1}}},
		"place":     {targets: []target{{fieldPlace, 1}}},
		"url":       {targets: []target{{fieldURL, 1}}},
		"author":    {targets: []target{{fieldAuthor, 1}}},
		"site":      {targets: []target{{fieldSite, 1}}, keyword: true},
		"lang":      {targets: []target{{fieldLang, 1}}, keyword: true},
		"month":     {targets: []target{{fieldMonth, 1}}, keyword: true},
		"published": {targets: []target{{fieldPublished, 1}}, date: true},
	}
}

// fieldNames lists the user-visible field names for error messages.
func fieldNames(fields map[string]queryField) string {
	var names []string
	for n := range fields {
		if n != "" {
			names = append(names, n)
		}
	}
	slices.Sort(names)
	return strings.Join(names, ", ")
}

// parseQuery parses a user query in Bleve's query-string syntax and rewrites
// every leaf so that it targets Gazette's fields: unfielded terms become a
// disjunction over title_*^3, text_* and placenames^2, each analysed by its
// own field's analyzer. Syntax errors and unsupported constructs give a
// *QueryError.
func parseQuery(s string, m mapping.IndexMapping) (query.Query, error) {
	q, err := query.NewQueryStringQuery(s).Parse()
	if err != nil {
		return nil, &QueryError{Msg: fmt.Sprintf("invalid query %q: %s", s, oneLine(err.Error()))}
	}
	rw := rewriter{mapping: m, fields: queryFields()}
	return rw.rewrite(q, false)
}

// oneLine joins a multi-line parser message.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// rewriter rewrites a parsed query tree in place. Compound queries keep
// their identity because Bleve marks those built by the query-string parser
// so that they skip clauses made only of stop words.
type rewriter struct {
	mapping mapping.IndexMapping
	fields  map[string]queryField
}

func (rw rewriter) rewrite(q query.Query, inDisjunction bool) (query.Query, error) {
	var err error
	switch q := q.(type) {
	case *query.BooleanQuery:
		for _, sub := range []*query.Query{&q.Must, &q.Should, &q.MustNot} {
			if *sub != nil {
				if *sub, err = rw.rewrite(*sub, false); err != nil {
					return nil, err
				}
			}
		}
		return q, nil
	case *query.ConjunctionQuery:
		for i, c := range q.Conjuncts {
			if q.Conjuncts[i], err = rw.rewrite(c, false); err != nil {
				return nil, err
			}
		}
		return q, nil
	case *query.DisjunctionQuery:
		for i, c := range q.Disjuncts {
			if q.Disjuncts[i], err = rw.rewrite(c, true); err != nil {
				return nil, err
			}
		}
		return q, nil
	case *query.MatchQuery:
		return rw.match(q)
	case *query.MatchPhraseQuery:
		return rw.phrase(q)
	case *query.WildcardQuery:
		return rw.termLevel(q.FieldVal, q.Wildcard, q.BoostVal, func(field, term string, boost float64) query.Query {
			nq := query.NewWildcardQuery(term)
			nq.SetField(field)
			nq.SetBoost(boost)
			return nq
		})
	case *query.RegexpQuery:
		if _, err := regexp.Compile(q.Regexp); err != nil {
			return nil, &QueryError{Msg: fmt.Sprintf("invalid regular expression /%s/: %v", q.Regexp, err)}
		}
		return rw.termLevel(q.FieldVal, q.Regexp, q.BoostVal, func(field, term string, boost float64) query.Query {
			nq := query.NewRegexpQuery(term)
			nq.SetField(field)
			nq.SetBoost(boost)
			return nq
		})
	case *query.NumericRangeQuery:
		// A bare number such as 2022 parses as "the word 2022 or the number
		// 2022"; Gazette has no numeric fields, so only the word remains.
		if inDisjunction && q.Min != nil && q.Max != nil && *q.Min == *q.Max {
			return query.NewMatchNoneQuery(), nil
		}
		return nil, &QueryError{Msg: "numeric ranges are not supported; for dates use published:>=\"2022-03-01\""}
	case *query.DateRangeQuery:
		qf, err := rw.field(q.FieldVal)
		if err != nil {
			return nil, err
		}
		if !qf.date {
			return nil, &QueryError{Msg: fmt.Sprintf("field %q does not hold dates; date ranges work on published", q.FieldVal)}
		}
		q.SetField(qf.targets[0].field)
		return q, nil
	case *query.MatchNoneQuery, *query.MatchAllQuery:
		return q, nil
	default:
		return nil, &QueryError{Msg: fmt.Sprintf("unsupported query construct %T", q)}
	}
}

// field looks up a user-visible field name, case-insensitively.
func (rw rewriter) field(name string) (queryField, error) {
	qf, ok := rw.fields[strings.ToLower(name)]
	if !ok {
		return qf, &QueryError{Msg: fmt.Sprintf("unknown field %q; fields are %s", name, fieldNames(rw.fields))}
	}
	return qf, nil
}

// analysedTargets returns the targets of qf for which text gives at least
// one token. Text without a letter or digit (a lone "(" or "&") is a
// *QueryError: Bleve's syntax has no parentheses, and such a term would
// silently match nothing.
//
// A word that is a stop word in any language searched ("the", "и", "та")
// gives no targets at all: the caller turns it into a match-none clause,
// which the query-string parser's compound queries skip, so "+the +ferry"
// means "+ferry" instead of requiring "the" in the Russian fields.
func (rw rewriter) analysedTargets(qf queryField, text string) ([]target, error) {
	if !strings.ContainsFunc(text, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) {
		return nil, &QueryError{Msg: fmt.Sprintf("%q has nothing to search for (parentheses and lone punctuation are not query syntax)", text)}
	}
	var out []target
	for _, t := range qf.targets {
		a := rw.mapping.AnalyzerNamed(rw.mapping.AnalyzerNameForPath(t.field))
		if a != nil && len(a.Analyze([]byte(text))) == 0 {
			if len(qf.targets) > 1 {
				return nil, nil // a stop word in this field's language
			}
			continue
		}
		out = append(out, t)
	}
	return out, nil
}

func (rw rewriter) match(q *query.MatchQuery) (query.Query, error) {
	qf, err := rw.field(q.FieldVal)
	if err != nil {
		return nil, err
	}
	if qf.date {
		return nil, &QueryError{Msg: fmt.Sprintf("%s takes a date range, e.g. %s:>=\"2022-03-01\"", q.FieldVal, q.FieldVal)}
	}
	if q.Fuzziness > maxFuzziness || q.Fuzziness < 0 {
		return nil, &QueryError{Msg: fmt.Sprintf("fuzziness %d is out of range 0 to %d", q.Fuzziness, maxFuzziness)}
	}
	text := q.Match
	if qf.keyword {
		text = strings.ToLower(text)
	}
	if qf.targets[0].field == fieldLang {
		text = primaryLang(text)
	}
	targets, err := rw.analysedTargets(qf, text)
	if err != nil || len(targets) == 0 {
		return query.NewMatchNoneQuery(), err
	}
	var parts []query.Query
	for _, t := range targets {
		nq := *q
		nq.Match = text
		nq.BoostVal = nil
		nq.SetField(t.field)
		nq.SetBoost(t.boost)
		parts = append(parts, &nq)
	}
	return combine(parts, q.BoostVal), nil
}

func (rw rewriter) phrase(q *query.MatchPhraseQuery) (query.Query, error) {
	qf, err := rw.field(q.FieldVal)
	if err != nil {
		return nil, err
	}
	if qf.date {
		return nil, &QueryError{Msg: fmt.Sprintf("%s takes a date range, e.g. %s:>=\"2022-03-01\"", q.FieldVal, q.FieldVal)}
	}
	text := q.MatchPhrase
	if qf.keyword {
		text = strings.ToLower(text)
	}
	targets, err := rw.analysedTargets(qf, text)
	if err != nil || len(targets) == 0 {
		return query.NewMatchNoneQuery(), err
	}
	var parts []query.Query
	for _, t := range targets {
		nq := *q
		nq.MatchPhrase = text
		nq.BoostVal = nil
		nq.SetField(t.field)
		nq.SetBoost(t.boost)
		parts = append(parts, &nq)
	}
	return combine(parts, q.BoostVal), nil
}

// termLevel rewrites a wildcard or regexp query, which Bleve does not
// analyse: the pattern is lowercased (all our analysers lowercase) except
// for place ids, and must contain at least two literal characters so that
// `*` alone does not expand to every term in the index.
func (rw rewriter) termLevel(field, term string, boost *query.Boost, mk func(field, term string, boost float64) query.Query) (query.Query, error) {
	qf, err := rw.field(field)
	if err != nil {
		return nil, err
	}
	if qf.date {
		return nil, &QueryError{Msg: fmt.Sprintf("%s takes a date range, e.g. %s:>=\"2022-03-01\"", field, field)}
	}
	literal := strings.Map(func(r rune) rune {
		if strings.ContainsRune("*?.+()[]{}|^$\\", r) {
			return -1
		}
		return r
	}, term)
	if len([]rune(literal)) < 2 {
		return nil, &QueryError{Msg: fmt.Sprintf("pattern %q needs at least two letters", term)}
	}
	var parts []query.Query
	for _, t := range qf.targets {
		pat := term
		if t.field != fieldPlace {
			pat = strings.ToLower(term)
		}
		parts = append(parts, mk(t.field, pat, t.boost))
	}
	return combine(parts, boost), nil
}

// combine ORs the per-field clauses of one user term; the user's boost
// (term^2) applies to the whole.
func combine(parts []query.Query, boost *query.Boost) query.Query {
	if len(parts) == 0 {
		return query.NewMatchNoneQuery()
	}
	var q query.Query
	if len(parts) == 1 {
		q = parts[0]
		if boost != nil {
			if b, ok := q.(query.BoostableQuery); ok {
				b.SetBoost(b.Boost() * boost.Value())
			}
		}
		return q
	}
	d := query.NewDisjunctionQuery(parts)
	if boost != nil {
		d.SetBoost(boost.Value())
	}
	return d
}

// filterQuery builds the conjunction of Request filters, or nil when there
// are none. Filters do not change scores.
func filterQuery(r Request) (query.Query, error) {
	var fs []query.Query
	for _, id := range r.Places {
		if id = strings.TrimSpace(id); id == "" {
			continue
		}
		tq := query.NewTermQuery(id)
		tq.SetField(fieldPlace)
		fs = append(fs, tq)
	}
	if r.Lang != "" {
		tq := query.NewTermQuery(primaryLang(r.Lang))
		tq.SetField(fieldLang)
		fs = append(fs, tq)
	}
	if r.Site != "" {
		tq := query.NewTermQuery(strings.ToLower(strings.TrimSpace(r.Site)))
		tq.SetField(fieldSite)
		fs = append(fs, tq)
	}
	if r.From != nil || r.To != nil {
		var start, end time.Time // zero means open-ended
		if r.From != nil {
			start = dayOf(*r.From)
		}
		if r.To != nil {
			end = dayOf(*r.To).AddDate(0, 0, 1)
		}
		if r.From != nil && r.To != nil && !start.Before(end) {
			return nil, &QueryError{Msg: fmt.Sprintf("date range is empty: from %s is after to %s",
				r.From.Format(time.DateOnly), r.To.Format(time.DateOnly))}
		}
		incl, excl := true, false
		dq := query.NewDateRangeInclusiveQuery(start, end, &incl, &excl)
		dq.SetField(fieldDay)
		fs = append(fs, dq)
	}
	if len(fs) == 0 {
		return nil, nil
	}
	return query.NewConjunctionQuery(fs), nil
}
