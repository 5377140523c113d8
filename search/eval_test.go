package search

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2"
	"github.com/gazette-news/gazette/bench/corpus"
)

// evalIndex fills an index with corpus articles in English, Russian and
// Ukrainian over several segments: later batches replace every article
// of the first (a segment of deleted documents only) and some of others,
// so that terms are missing from some segments and fields, and postings
// hold deleted documents. A last batch holds articles without a pair of
// adjacent terms (pairs.go): one word, or words a stop word apart.
func evalIndex(t *testing.T) (*Index, *corpus.Corpus, []Doc) {
	c, docs := corpusDocs(t, 1200)
	ix := openTempUnmerged(t)
	for from := 0; from < len(docs); from += 200 {
		if err := ix.Put(docs[from : from+200]...); err != nil {
			t.Fatal(err)
		}
	}
	again := append([]Doc(nil), docs[:200]...)
	for i := range again {
		again[i].Title += " revised"
	}
	again = append(again, docs[500:540]...)
	if err := ix.Put(again...); err != nil {
		t.Fatal(err)
	}
	var unpaired []Doc
	for k, lang := range corpus.Langs {
		stop := stopWord(t, ix, c, lang)
		for i := range 30 {
			w := func(r int) string { return c.Word(lang, 60+(i*7+r*13+k)%40) }
			text := w(0)
			if i%2 == 1 {
				text = strings.Join([]string{w(0), stop, w(1), stop, stop, w(2), stop, w(0)}, " ")
			}
			unpaired = append(unpaired, Doc{ID: fmt.Sprintf("u%s%02d", lang, i), URL: fmt.Sprintf("https://unpaired.test/%s/%d", lang, i),
				Title: w(1) + " " + w(2), Text: text, Lang: lang, Captured: docs[0].Captured})
		}
	}
	if err := ix.Put(unpaired...); err != nil {
		t.Fatal(err)
	}
	return ix, c, append(docs, unpaired...)
}

// stopWord returns a function word of lang that the language's text
// analyzer leaves out.
func stopWord(t *testing.T, ix *Index, c *corpus.Corpus, lang string) string {
	t.Helper()
	m := ix.bleve.Mapping()
	a := m.AnalyzerNamed(m.AnalyzerNameForPath(textField(lang)))
	for r := range 60 {
		if w := c.Word(lang, r); len(a.Analyze([]byte(w))) == 0 {
			return w
		}
	}
	t.Fatalf("no stop word among the first words of %s", lang)
	return ""
}

// commonPhrases returns, for each language, the phrases of two, three
// and four words that stand most often in docs: of content words, and of
// content words around a function word (often a stop word, which the
// analyzer leaves out).
func commonPhrases(c *corpus.Corpus, docs []Doc) []string {
	var out []string
	for _, lang := range corpus.Langs {
		function := map[string]bool{}
		for r := range 60 {
			function[c.Word(lang, r)] = true
		}
		counts := map[string]int{}
		gaps := map[string]int{}
		for _, d := range docs {
			if d.Lang != lang {
				continue
			}
			ws := strings.FieldsFunc(strings.ToLower(d.Text), func(r rune) bool { return !unicode.IsLetter(r) })
			for n := 2; n <= 4; n++ {
				for i := 0; i+n <= len(ws); i++ {
					g := ws[i : i+n]
					fn := 0
					for _, w := range g {
						if function[w] {
							fn++
						}
					}
					switch {
					case fn == 0:
						counts[strings.Join(g, " ")]++
					case n == 3 && fn == 1 && function[g[1]]:
						gaps[strings.Join(g, " ")]++
					}
				}
			}
		}
		top := func(m map[string]int, n, k int) {
			var keys []string
			for g := range m {
				if len(strings.Fields(g)) == n {
					keys = append(keys, g)
				}
			}
			slices.SortFunc(keys, func(a, b string) int { return cmp.Or(m[b]-m[a], strings.Compare(a, b)) })
			for _, g := range keys[:min(k, len(keys))] {
				out = append(out, `"`+g+`"`)
			}
		}
		for n := 2; n <= 4; n++ {
			top(counts, n, 3)
		}
		top(gaps, 3, 3)
	}
	return out
}

// evalQueries returns queries of every kind the evaluator handles, drawn
// from the articles: words, phrases (with stop words inside, repeated
// words, in titles, of place names), OR, +a +b -c, NOT, boosts; and some
// it leaves to Bleve.
func evalQueries(c *corpus.Corpus, docs []Doc) (handled, left []string) {
	for k := range 6 {
		lang := corpus.Langs[k%3]
		w1, w2 := c.Word(lang, 70+k*11), c.Word(lang, 90+k*7)
		handled = append(handled,
			w1, w1+" "+w2, w1+" OR "+w2, "+"+w1+" +"+w2+" -"+c.Word(lang, 120+k),
			`"`+c.Phrase(lang, k)+`"`, `"`+c.Phrase(lang, k+10)+`"^2`, `title:"`+c.Phrase(lang, k)+`"`,
			`"`+c.Phrase(lang, k)+`" OR "`+c.Phrase(lang, k+1)+`"`, `+"`+c.Phrase(lang, k)+`" -`+w2,
			`NOT `+w1, w1+`^3 "`+c.Phrase(lang, k+2)+`"`, w1+" OR "+w2+"^3", `title:`+w1+`^2 OR "`+c.Phrase(lang, k+3)+`"^4`, `"`+w1+" "+w1+`"`, `text:`+w2, `"`+w1+` nothingatall"`,
			c.Places()[k].Name[lang], `"`+c.Places()[k].Name[lang]+`"`, `placename:"`+c.Places()[k].Name["en"]+`"`)
	}
	// Phrases as they stand in the articles, stop words and all.
	for _, d := range docs[:25] {
		ws := strings.Fields(d.Text)
		for i := 0; i+2 < len(ws); i += 61 {
			handled = append(handled, `"`+strings.Join(ws[i:i+3], " ")+`"`)
		}
	}
	// Phrases of two, three and four words from articles in each
	// language, and the commonest of them (read from pairs, pairs and
	// locations, locations across a stop word).
	for _, lang := range corpus.Langs {
		n := 0
		for _, d := range docs[25:] {
			if d.Lang != lang || n == 6 {
				continue
			}
			n++
			ws := strings.Fields(d.Text)
			for k := 2; k <= 4; k++ {
				if i := 17 * n; i+k <= len(ws) {
					handled = append(handled, `"`+strings.Join(ws[i:i+k], " ")+`"`)
				}
			}
		}
	}
	handled = append(handled, commonPhrases(c, docs)...)
	// Of the articles without pairs ("w0 stop w1 stop stop w2 stop w0"):
	// across one stop word and two, and two words that stand apart.
	for _, d := range docs {
		if ws := strings.Fields(d.Text); strings.HasPrefix(d.ID, "u") && len(ws) == 8 && strings.HasSuffix(d.ID, "1") {
			handled = append(handled, `text:"`+strings.Join(ws[:3], " ")+`"`, `"`+strings.Join(ws[2:6], " ")+`"`, `"`+ws[0]+" "+ws[2]+`"`)
		}
	}
	for _, p := range c.Places() {
		if strings.Contains(p.Name["en"], " ") {
			handled = append(handled, `"`+p.Name["en"]+`"`, `"`+p.Name["ru"]+`"`)
		}
	}
	handled = append(handled, "nothingatall", `"nothingatall either"`, "the", `"the of"`)
	w := c.Word("en", 75)
	// Fuzzy words and prefixes expand into more than ten terms: Bleve's
	// heap disjunction, replayed.
	for k := range 6 {
		lang := corpus.Langs[k%3]
		for _, r := range []int{60 + k*9, 40 + k*5, 75 + k} {
			w := []rune(c.Word(lang, r))
			switch {
			case len(w) >= 6:
				handled = append(handled, string(w)+"~2", string(w)+"~1^2", string(w[:3])+"*")
			case len(w) >= 4:
				handled = append(handled, string(w)+"~1", string(w[:3])+"*")
			}
		}
	}
	left = []string{`"` + c.Phrase("en", 1) + `"~3`, "published:2020", w + "~1 published:2021"}
	return handled, left
}

// TestEvalEqualsBleve: Gazette's evaluation of a text query finds the
// same documents as Bleve's searcher, with bit for bit the same scores,
// with and without scoring and with a filter, over segments with deleted
// documents; the kinds of query it leaves to Bleve go to Bleve.
func TestEvalEqualsBleve(t *testing.T) {
	ix, c, docs := evalIndex(t)
	handled, left := evalQueries(c, docs)
	ctx := context.Background()
	s, err := ix.openSnapshot()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if len(s.segs) < 2 {
		t.Fatalf("%d segments, want several", len(s.segs))
	}
	m := ix.bleve.Mapping()
	// A filter: every other live document.
	half := s.live()
	for i, b := range half {
		odd := roaring.New()
		it := b.Iterator()
		for it.HasNext() {
			if d := it.Next(); d%2 == 1 {
				odd.Add(d)
			}
		}
		half[i] = odd
	}
	type hit struct {
		seg   int
		doc   uint32
		score float64
	}
	compared, matched, ranked, scored := 0, 0, 0, 0
	// The kinds of text phrase that matched, by language: read from
	// their pair alone, from locations where all their pairs are, from
	// locations across a stop word.
	phrases := map[string]int{}
	tally := func(e *evaluator) {
		var walk func(n *enode)
		walk = func(n *enode) {
			for _, k := range append(slices.Clone(n.kids), n.not) {
				if k != nil {
					walk(k)
				}
			}
			if n.kind != evPhrase {
				return
			}
			lang, ok := strings.CutPrefix(n.terms[0].field, "text_")
			if !ok {
				return
			}
			found := uint64(0)
			for seg := range s.segs {
				bm, err := e.phraseMatches(ctx, n, seg, emptyBitmap)
				if err != nil {
					t.Fatal(err)
				}
				found += bm.GetCardinality()
			}
			if found == 0 {
				return
			}
			switch {
			case n.exact:
				phrases[lang+" pair"]++
			case len(n.pairs) > 0 && len(n.pairs) == len(n.terms)-1:
				phrases[fmt.Sprintf("%s %d terms, pairs", lang, min(len(n.terms), 4))]++
			case n.offs[len(n.offs)-1] >= uint64(len(n.offs)):
				phrases[lang+" gap"]++
			}
		}
		walk(e.root)
	}
	check := func(q string, wantEval bool) {
		tree, err := parseQuery(q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		text, err := ix.textQuery(tree)
		if err != nil || text == nil {
			t.Fatalf("%s: %v (query %v)", q, err, text)
		}
		for _, score := range []bool{true, false} {
			for ki, keep := range []docSet{s.live(), half} {
				e, ok, err := s.compileEval(text, m, score)
				if err != nil {
					t.Fatalf("%s: %v", q, err)
				}
				if ok != wantEval {
					t.Fatalf("%s: evaluated by Gazette %v, want %v", q, ok, wantEval)
				}
				if !ok {
					return
				}
				var got, want []hit
				gotSet, err := e.run(ctx, keep, nil, func(seg int, doc uint32, sc float64) { got = append(got, hit{seg, doc, sc}) })
				if err != nil {
					t.Fatalf("%s: %v", q, err)
				}
				wantSet, err := s.run(ctx, text, m, score, func(seg int, doc uint32, sc float64) {
					if keep[seg].Contains(doc) {
						want = append(want, hit{seg, doc, sc})
					}
				})
				if err != nil {
					t.Fatalf("%s: Bleve: %v", q, err)
				}
				for seg := range wantSet {
					if !gotSet[seg].Equals(wantSet[seg]) {
						t.Errorf("%s (score %v): segment %d: %d matches, Bleve %d", q, score, seg, gotSet[seg].GetCardinality(), wantSet[seg].GetCardinality())
					}
				}
				if len(got) != len(want) {
					t.Errorf("%s (score %v, filter %d): %d hits, Bleve %d", q, score, ki, len(got), len(want))
					continue
				}
				for i := range got {
					if got[i] != want[i] {
						t.Errorf("%s (score %v, filter %d): hit %d is %+v, Bleve %+v", q, score, ki, i, got[i], want[i])
						break
					}
				}
				compared++
				matched += len(want)
				if score && ki == 0 {
					tally(e)
				}
			}
		}
		// With a floor from the ranker, the hits that can still rank are
		// scored and no others: the best k are those of Bleve's matches.
		for _, k := range []int{1, 10, 60} {
			for ki, keep := range []docSet{s.live(), half} {
				e, _, err := s.compileEval(text, m, true)
				if err != nil {
					t.Fatal(err)
				}
				got, want := newRanker(s, byRelevance, k), newRanker(s, byRelevance, k)
				offered := 0
				if _, err := e.run(ctx, keep, got.floor, func(seg int, doc uint32, sc float64) { got.offer(sc, seg, doc); offered++ }); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
				if _, err := s.run(ctx, text, m, true, func(seg int, doc uint32, sc float64) {
					if keep[seg].Contains(doc) {
						want.offer(sc, seg, doc)
					}
				}); err != nil {
					t.Fatalf("%s: Bleve: %v", q, err)
				}
				g, _ := got.best()
				w, _ := want.best()
				if len(g) != len(w) {
					t.Errorf("%s (best %d, filter %d): %d hits, Bleve %d", q, k, ki, len(g), len(w))
					continue
				}
				for i := range g {
					if g[i].seg != w[i].seg || g[i].doc != w[i].doc || g[i].score != w[i].score {
						t.Errorf("%s (best %d, filter %d): hit %d is %+v, Bleve %+v", q, k, ki, i, g[i], w[i])
						break
					}
				}
				ranked++
				scored += offered
			}
		}
	}
	for _, q := range handled {
		check(q, true)
	}
	for _, q := range left {
		check(q, false)
	}
	t.Logf("%d queries (%d evaluated), %d evaluations compared, %d hits; %d best-k compared, %d hits scored for them",
		len(handled)+len(left), len(handled), compared, matched, ranked, scored)
	if matched < 1000 {
		t.Errorf("only %d hits compared: the queries find too little", matched)
	}
	t.Logf("text phrases that matched, by kind: %v", phrases)
	for _, lang := range corpus.Langs {
		for _, kind := range []string{"pair", "3 terms, pairs", "4 terms, pairs", "gap"} {
			if phrases[lang+" "+kind] == 0 {
				t.Errorf("no %s phrase of kind %q matched", lang, kind)
			}
		}
	}
}

// TestPhraseAt: a phrase's terms at their offsets, in one array element.
func TestPhraseAt(t *testing.T) {
	l := func(pos uint64, ap ...uint64) phraseLoc { return phraseLoc{Pos: pos, AP: ap} }
	tests := []struct {
		locs [][]phraseLoc
		offs []uint64
		want bool
	}{
		{[][]phraseLoc{{l(3), l(9)}, {l(4)}}, []uint64{0, 1}, true},
		{[][]phraseLoc{{l(3), l(9)}, {l(10)}}, []uint64{0, 1}, true},
		{[][]phraseLoc{{l(3)}, {l(5)}}, []uint64{0, 1}, false},
		{[][]phraseLoc{{l(3)}, {l(5)}}, []uint64{0, 2}, true}, // a stop word between
		{[][]phraseLoc{{l(1, 0), l(1, 1)}, {l(2, 1)}}, []uint64{0, 1}, true},
		{[][]phraseLoc{{l(1, 0)}, {l(2, 1)}}, []uint64{0, 1}, false}, // two names of a list
		{[][]phraseLoc{{l(5), l(6)}, {l(5), l(6)}}, []uint64{0, 1}, true},
		{[][]phraseLoc{{l(5)}, {l(5)}}, []uint64{0, 1}, false},
		{[][]phraseLoc{{}, {l(2)}}, []uint64{0, 1}, false},
		{[][]phraseLoc{{l(7)}}, []uint64{0}, true},
	}
	for i, tt := range tests {
		if got := phraseAt(tt.locs, tt.offs); got != tt.want {
			t.Errorf("%d: phraseAt(%v, %v) = %v, want %v", i, tt.locs, tt.offs, got, tt.want)
		}
	}
}

// TestCountEqualsBleve: the count of a request ("did you mean" and the
// broader queries) is Bleve's total for the query with its filters.
func TestCountEqualsBleve(t *testing.T) {
	ix := equivalenceIndex(t)
	ctx := context.Background()
	from, to := day("2020-03-01"), day("2021-06-30")
	for _, q := range []string{"", "bridge", `"bridge river"`, "+mayor -storm", "harvst~1", "nothingatall", `"village 7" OR court`} {
		for _, f := range []Request{{}, {Places: []string{"UA"}}, {Langs: []string{"ru", "uk"}, From: from, To: to},
			{Near: &Near{Lat: 50, Lon: 37, Km: 150}}, {Undated: UndatedOnly}} {
			r := f
			r.Query = q
			var err error
			if r.known, err = ix.lookupPlaces(r.Places); err != nil {
				t.Fatal(err)
			}
			got, err := ix.count(ctx, r)
			if err != nil {
				t.Fatalf("%+v: %v", r, err)
			}
			tree, err := parseQuery(q)
			if err != nil {
				t.Fatal(err)
			}
			bq, err := ix.buildQuery(r, tree)
			if err != nil {
				t.Fatal(err)
			}
			res, err := ix.bleve.SearchInContext(ctx, bleve.NewSearchRequestOptions(bq, 0, 0, false))
			if err != nil {
				t.Fatal(err)
			}
			if got != res.Total {
				t.Errorf("%+v: count %d, Bleve %d", r, got, res.Total)
			}
		}
	}
}
