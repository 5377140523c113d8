package search

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
)

// Span is a byte range [Start, End) of a title or text.
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Matches is where a query matched one article: byte ranges of its Title
// and of its Text, in order and without overlaps.
type Matches struct {
	Title []Span
	Text  []Span
}

// Matches tells where query q matches article id, so that the article page
// can mark the words that brought the reader there. It reads the term
// locations of a search restricted to that one article: the words as the
// index analysed them (Izyum's stems, a phrase's words, a fuzzy term's
// expansions), and where a query matched only through a place's names
// (Izyum finding Изюм), those names in the text. An empty query, or one the
// article does not match, gives no spans; a malformed one a *QueryError.
func (ix *Index) Matches(ctx context.Context, id, q string) (Matches, error) {
	tree, err := parseQuery(q)
	if err != nil || tree == nil {
		return Matches{}, err
	}
	bq, err := ix.buildQuery(Request{}, tree)
	if err != nil {
		return Matches{}, err
	}
	req := bleve.NewSearchRequestOptions(query.NewConjunctionQuery([]query.Query{bq, query.NewDocIDQuery([]string{id})}), 1, 0, false)
	req.IncludeLocations = true
	req.Fields = []string{fieldSource}
	res, err := ix.bleve.SearchInContext(ctx, req)
	if err != nil {
		return Matches{}, fmt.Errorf("search: matches in %s: %w", id, err)
	}
	if len(res.Hits) == 0 {
		return Matches{}, nil
	}
	h := res.Hits[0]
	var m Matches
	for field, terms := range h.Locations {
		var spans *[]Span
		switch {
		case strings.HasPrefix(field, "title_"):
			spans = &m.Title
		case strings.HasPrefix(field, "text_"):
			spans = &m.Text
		default:
			continue
		}
		for _, locs := range terms {
			for _, l := range locs {
				if l.End > l.Start {
					*spans = append(*spans, Span{Start: int(l.Start), End: int(l.End)})
				}
			}
		}
	}
	if names := h.Locations[fieldPlaceNames]; len(names) > 0 {
		source, _ := h.Fields[fieldSource].(string)
		d, err := decodeSource(id, source)
		if err != nil {
			return Matches{}, fmt.Errorf("search: matches in %s: %w", id, err)
		}
		if matched := matchedPlaceNames(d.Places, names); len(matched) > 0 {
			doc, err := ix.Get(id)
			if err != nil {
				return Matches{}, err
			}
			m.Title = append(m.Title, nameSpans(doc.Title, matched)...)
			m.Text = append(m.Text, nameSpans(doc.Text, matched)...)
		}
	}
	m.Title, m.Text = mergeSpans(m.Title), mergeSpans(m.Text)
	return m, nil
}

// mergeSpans sorts spans and joins the ones that overlap.
func mergeSpans(spans []Span) []Span {
	slices.SortFunc(spans, func(a, b Span) int { return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(a.End, b.End)) })
	out := spans[:0]
	for _, s := range spans {
		if n := len(out); n > 0 && s.Start <= out[n-1].End {
			out[n-1].End = max(out[n-1].End, s.End)
			continue
		}
		out = append(out, s)
	}
	return out
}

// maxInflection is how many letters may follow a place name in a word that
// still names it: Ізюм in "Ізюмі", Харків in "Харкова", Izyum in "Izyum's".
const maxInflection = 3

// nameSpans finds every word of text that is one of names, ignoring case,
// with up to maxInflection more letters for names of four letters or more
// (the case endings of Russian and Ukrainian). Longer names win over
// shorter ones at the same place.
func nameSpans(text string, names []string) []Span {
	var spans []Span
	prev := ' '
	for i, r := range text {
		wordStart := notWordRune(prev)
		prev = r
		if !wordStart {
			continue
		}
		for _, name := range names {
			n, ok := prefixFold(text[i:], name)
			if !ok {
				continue
			}
			end := i + n
			extra := 0
			for end < len(text) {
				r, size := utf8.DecodeRuneInString(text[end:])
				if !unicode.IsLetter(r) && r != '\'' && r != '’' {
					break
				}
				end += size
				extra++
			}
			if extra == 0 || (extra <= maxInflection && utf8.RuneCountInString(name) >= 4) {
				spans = append(spans, Span{Start: i, End: end})
				break
			}
		}
	}
	return spans
}

// PlaceSpan is one mention of a place in an article's text.
type PlaceSpan struct {
	Span
	Place Place
}

// PlaceMentions finds the mentions of the article's places in text: every
// word that is one of a place's names in any spelling or script (with the
// case endings nameSpans allows), the longest name first where names
// overlap ("Kharkiv Oblast" before "Kharkiv"). The article page marks them
// and links each to its place's filter.
func PlaceMentions(text string, places []Place) []PlaceSpan {
	type variant struct {
		name  string
		place int
	}
	var variants []variant
	for i, p := range places {
		for _, v := range append([]string{p.Name}, p.Names...) {
			if v = strings.TrimSpace(v); utf8.RuneCountInString(v) >= 2 {
				variants = append(variants, variant{v, i})
			}
		}
	}
	slices.SortStableFunc(variants, func(a, b variant) int { return len(b.name) - len(a.name) })
	var out []PlaceSpan
	covered := 0 // text before this byte is inside an earlier mention
	for _, v := range variants {
		for _, s := range nameSpans(text, []string{v.name}) {
			out = append(out, PlaceSpan{Span: s, Place: places[v.place]})
		}
	}
	slices.SortStableFunc(out, func(a, b PlaceSpan) int {
		return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(b.End, a.End))
	})
	kept := out[:0]
	for _, ps := range out {
		if ps.Start < covered {
			continue
		}
		kept = append(kept, ps)
		covered = ps.End
	}
	return kept
}

// Similar-article search: how many of the article's words and places make
// the query, and how much of its text is read for them. The cost of Similar
// is bounded by these, whatever the article's length.
const (
	similarTerms      = 20   // most telling words of the article
	similarCandidates = 200  // distinct words whose document frequency is looked up
	similarTextRunes  = 4000 // of the text, after the title
	similarPlaceBoost = 3.0  // a shared place weighs like a telling word three times over
	similarMinShare   = 0.3  // of the telling words an article must share, without a shared place
)

// Similar returns up to n other articles most like article id ("more like
// this"): a search for its most telling words (by tf·idf over its title and
// the start of its text, in its own language) and for its places, which
// also find articles in other languages about the same places. An article
// is similar when it shares a place or at least 30% of the telling words
// (two at least), as Lucene's "more like this" asks. An unknown
// id gives ErrNotFound.
func (ix *Index) Similar(ctx context.Context, id string, n int) ([]Hit, error) {
	doc, err := ix.Get(id)
	if err != nil {
		return nil, err
	}
	lang := analysisLang(doc.Lang)
	field := textField(lang)
	terms, err := ix.tellingTerms(ctx, field, lang, doc)
	if err != nil {
		return nil, fmt.Errorf("search: similar to %s: %w", id, err)
	}
	var words, places []query.Query
	for _, t := range terms {
		tq := query.NewTermQuery(t.term)
		tq.SetField(field)
		tq.SetBoost(t.weight)
		words = append(words, tq)
	}
	seen := map[string]bool{}
	for _, p := range doc.Places {
		if seen[p.ID] {
			continue
		}
		seen[p.ID] = true
		tq := query.NewTermQuery(p.ID)
		tq.SetField(fieldPlace)
		tq.SetBoost(similarPlaceBoost)
		places = append(places, tq)
	}
	var should []query.Query
	if len(places) > 0 {
		should = append(should, query.NewDisjunctionQuery(places))
	}
	// One shared word is chance ("old", "crew"); a share of the telling
	// words is likeness.
	if need := max(2, int(math.Ceil(similarMinShare*float64(len(words))))); len(words) >= need {
		dq := query.NewDisjunctionQuery(words)
		dq.SetMin(float64(need))
		should = append(should, dq)
	}
	if len(should) == 0 {
		return nil, nil
	}
	bq := query.NewBooleanQuery(nil, should, []query.Query{query.NewDocIDQuery([]string{id})})
	req := bleve.NewSearchRequestOptions(bq, n, 0, false)
	req.Fields = append([]string{fieldSource}, textFields()...)
	res, err := ix.bleve.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("search: similar to %s: %w", id, err)
	}
	hits := make([]Hit, 0, len(res.Hits))
	for _, h := range res.Hits {
		hit, err := makeHit(h)
		if err != nil {
			return nil, fmt.Errorf("search: similar to %s: hit %s: %w", id, h.ID, err)
		}
		hits = append(hits, hit)
	}
	return hits, nil
}

type weightedTerm struct {
	term   string
	weight float64
}

// tellingTerms analyses the article's title (counted twice) and the start
// of its text with its language's analyzer and returns the similarTerms
// terms with the highest tf·idf among those at least one other article
// shares.
func (ix *Index) tellingTerms(ctx context.Context, field, lang string, doc Doc) ([]weightedTerm, error) {
	an := ix.bleve.Mapping().AnalyzerNamed(analyzerOf(lang))
	if an == nil {
		return nil, errors.New("no analyzer for " + lang)
	}
	text, _ := cutRunes(doc.Text, similarTextRunes)
	tf := map[string]int{}
	count := func(s string, weight int) {
		for _, tok := range an.Analyze([]byte(s)) {
			if t := string(tok.Term); tok.Type == analysis.AlphaNumeric && utf8.RuneCountInString(t) >= 3 && !allDigits(t) {
				tf[t] += weight
			}
		}
	}
	count(doc.Title, 2)
	count(text, 1)
	cands := make([]weightedTerm, 0, len(tf))
	for t, c := range tf {
		cands = append(cands, weightedTerm{t, float64(c)})
	}
	slices.SortFunc(cands, func(a, b weightedTerm) int {
		return cmp.Or(cmp.Compare(b.weight, a.weight), strings.Compare(a.term, b.term))
	})
	cands = cands[:min(len(cands), similarCandidates)]

	r, err := ix.bleve.Advanced()
	if err != nil {
		return nil, err
	}
	reader, err := r.Reader()
	if err != nil {
		return nil, err
	}
	defer reader.Close()
	total, err := reader.DocCount()
	if err != nil {
		return nil, err
	}
	out := cands[:0]
	for _, c := range cands {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		df := docFreq(ctx, reader, field, c.term)
		if df < 2 { // only this article has it: it finds nothing else
			continue
		}
		out = append(out, weightedTerm{c.term, c.weight * math.Log(float64(total)/float64(df))})
	}
	slices.SortFunc(out, func(a, b weightedTerm) int {
		return cmp.Or(cmp.Compare(b.weight, a.weight), strings.Compare(a.term, b.term))
	})
	out = slices.DeleteFunc(out[:min(len(out), similarTerms)], func(t weightedTerm) bool { return t.weight <= 0 })
	return out, nil
}

// analyzerOf returns the analyzer name of a textLangs suffix.
func analyzerOf(suffix string) string {
	for _, tl := range textLangs {
		if tl.suffix == suffix {
			return tl.analyzer
		}
	}
	return textLangs[len(textLangs)-1].analyzer
}

func allDigits(s string) bool {
	for _, r := range s {
		if !unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

// docFreq is the number of documents holding term in field.
func docFreq(ctx context.Context, rd index.IndexReader, field, term string) uint64 {
	tfr, err := rd.TermFieldReader(ctx, []byte(term), field, false, false, false)
	if err != nil {
		return 0
	}
	defer tfr.Close()
	return tfr.Count()
}
