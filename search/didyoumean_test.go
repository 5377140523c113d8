package search

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	index "github.com/blevesearch/bleve_index_api"
	"github.com/gazette-news/gazette/bench/corpus"
)

// typos returns misspellings of corpus words in the three languages (a
// letter dropped, doubled, changed, two swapped, two changed), the words
// themselves, and place names, capitalised or not: the words a search
// that finds little may hold.
func typos(c *corpus.Corpus) []string {
	var out []string
	for k := range 60 {
		lang := corpus.Langs[k%3]
		w := []rune(c.Word(lang, 20+k*17))
		if len(w) < 4 {
			continue
		}
		i := 1 + k%(len(w)-2)
		swapped := append([]rune(nil), w...)
		swapped[i], swapped[i+1] = swapped[i+1], swapped[i]
		changed := append([]rune(nil), w...)
		changed[i] = 'q'
		twice := append([]rune(nil), changed...)
		twice[len(twice)-1] = 'x'
		out = append(out, string(w), string(w[:i])+string(w[i+1:]), string(w[:i+1])+string(w[i:]),
			string(changed), string(swapped), string(twice),
			string(unicode.ToUpper(w[0]))+string(changed[1:]))
	}
	for k, p := range c.Places() {
		if k == 30 {
			break
		}
		name := p.Name[corpus.Langs[k%3]]
		r := []rune(name)
		out = append(out, name, string(r[:len(r)-1]), strings.ToLower(name)+"a")
	}
	return append(out, "zz", "42", "nothingatallhere", "the")
}

// TestCorrectEqualsBefore: the spelling suggestion of every word is the
// one of a plain scan of Bleve's fuzzy dictionaries (correctBefore), on an
// index of corpus articles with replaced documents in several segments.
func TestCorrectEqualsBefore(t *testing.T) {
	ix, c, _ := evalIndex(t)
	rd, err := ix.reader()
	if err != nil {
		t.Fatal(err)
	}
	defer rd.Close()
	ctx := context.Background()
	s, err := ix.snapshotOf()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	suggested := 0
	words := typos(c)
	for _, w := range words {
		got, gotOK, err := ix.correct(s, w)
		if err != nil {
			t.Fatalf("correct(%q): %v", w, err)
		}
		want, wantOK := correctBefore(ctx, rd, w)
		if got != want || gotOK != wantOK {
			t.Errorf("correct(%q) = %q, %v; before: %q, %v", w, got, gotOK, want, wantOK)
		}
		if wantOK {
			suggested++
			if g, w := []rune(strings.ToLower(got))[0], []rune(strings.ToLower(w))[0]; g != w {
				t.Errorf("correct(%q) = %q: another first letter", w, got)
			}
		}
	}
	t.Logf("%d words, %d suggestions", len(words), suggested)
	if suggested < len(words)/3 {
		t.Fatalf("only %d of %d words get a suggestion: the comparison proves little", suggested, len(words))
	}
}

// TestCorrectKeepsCommonWords: a word held by more than 1% of the articles
// gets no suggestion, even where a word one letter off is held by more
// ("could" is not a misspelling of "would"); the same word made rare by a
// typo does.
func TestCorrectKeepsCommonWords(t *testing.T) {
	ix, c, _ := evalIndex(t)
	rd, err := ix.reader()
	if err != nil {
		t.Fatal(err)
	}
	defer rd.Close()
	s, err := ix.snapshotOf()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	articles, err := rd.DocCount()
	if err != nil {
		t.Fatal(err)
	}
	count := func(w string) uint64 { return docFreq(ctx, rd, fieldWords, w) + docFreq(ctx, rd, fieldPlaceNames, w) }
	fr := rd.(index.IndexReaderFuzzy)
	shadowed := 0 // common words next to a more common one
	for _, lang := range corpus.Langs {
		for rank := range 300 {
			w := c.Word(lang, rank)
			own := count(w)
			if utf8.RuneCountInString(w) < 4 || float64(own) <= 0.01*float64(articles) {
				continue
			}
			if got, ok, err := ix.correct(s, w); err != nil || ok {
				t.Fatalf("correct(%q), in %d of %d articles = %q, %v, %v; want no suggestion", w, own, articles, got, ok, err)
			}
			d, err := fr.FieldDictFuzzy(fieldWords, w, 1, "")
			if err != nil {
				t.Fatal(err)
			}
			for e, _ := d.Next(); e != nil; e, _ = d.Next() {
				if e.Term != w && count(e.Term) > own {
					shadowed++
					break
				}
			}
			d.Close()
			if r := []rune(w); shadowed > 0 && len(r) >= 6 {
				typo := string(r[:3]) + "q" + string(r[4:])
				var ed editor
				if got, ok, err := ix.correct(s, typo); err != nil || !ok || ed.distance(typo, got) != 1 {
					t.Errorf("correct(%q) = %q, %v, %v; want %q or another word one letter off", typo, got, ok, err, w)
				}
			}
		}
	}
	if shadowed == 0 {
		t.Fatal("no common word has a more common neighbour: the test proves nothing")
	}
	t.Logf("%d common words next to a more common one", shadowed)
}

// BenchmarkCorrect looks up the misspellings of typos on an index of
// corpus articles, as a search finding little does.
func BenchmarkCorrect(b *testing.B) {
	c, docs := corpusDocs(b, 5000)
	ix := openTemp(b)
	for from := 0; from < len(docs); from += 500 {
		if err := ix.Put(docs[from:min(from+500, len(docs))]...); err != nil {
			b.Fatal(err)
		}
	}
	rd, err := ix.reader()
	if err != nil {
		b.Fatal(err)
	}
	defer rd.Close()
	s, err := ix.snapshotOf()
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	words := typos(c)
	ctx := context.Background()
	// The machine may be busy: CPU time per lookup (all threads: Bleve's
	// lookups run a goroutine per segment) says more than the wall clock.
	for round := range 2 {
		b.Run(fmt.Sprintf("now-%d", round), func(b *testing.B) {
			defer reportCPU(b)()
			for i := range b.N {
				if _, _, err := ix.correct(s, words[i%len(words)]); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("before-%d", round), func(b *testing.B) {
			defer reportCPU(b)()
			for i := range b.N {
				correctBefore(ctx, rd, words[i%len(words)])
			}
		})
	}
}

// reportCPU starts measuring the process's CPU time; the function it
// returns reports it per operation as cpu-ns/op.
func reportCPU(b *testing.B) func() {
	start := cpuTime()
	return func() { b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op") }
}

// correctBefore is correct without its candidates' counts read only where
// they can decide, its own walk of the segments or its cheap refusal of
// common words: Bleve's FieldDictFuzzy read and every candidate counted.
// The reference of TestCorrectEqualsBefore.
func correctBefore(ctx context.Context, rd index.IndexReader, word string) (string, bool) {
	lower := strings.ToLower(normalizeApostrophes(word))
	runes := utf8.RuneCountInString(lower)
	if runes < 3 || !strings.ContainsFunc(lower, unicode.IsLetter) {
		return "", false
	}
	fr, ok := rd.(index.IndexReaderFuzzy)
	if !ok {
		return "", false
	}
	dist := 1
	if runes >= 6 {
		dist = 2
	}
	own := docFreq(ctx, rd, fieldWords, lower) + docFreq(ctx, rd, fieldPlaceNames, lower)
	articles, err := rd.DocCount()
	if err != nil || float64(own) > math.Ceil(0.01*float64(articles)) {
		return "", false // held by more than 1% of the articles: spelt right
	}
	first, _ := utf8.DecodeRuneInString(lower)
	best, bestDist, bestCount := "", dist+1, own
	var lev editor
	for _, field := range []string{fieldWords, fieldPlaceNames} {
		d, err := fr.FieldDictFuzzy(field, lower, dist, string(first))
		if err != nil {
			continue
		}
		for read := 0; read < maxSuggestCandidates; read++ {
			e, err := d.Next()
			if err != nil || e == nil {
				break
			}
			if e.Term == lower || !strings.ContainsFunc(e.Term, unicode.IsLetter) {
				continue
			}
			ed := lev.distance(lower, e.Term)
			if ed > dist || ed > bestDist {
				continue
			}
			count := docFreq(ctx, rd, fieldWords, e.Term) + docFreq(ctx, rd, fieldPlaceNames, e.Term)
			if count > own && (ed < bestDist || count > bestCount || count == bestCount && e.Term < best) {
				best, bestDist, bestCount = e.Term, ed, count
			}
		}
		d.Close()
	}
	if best == "" {
		return "", false
	}
	if r, _ := utf8.DecodeRuneInString(word); unicode.IsUpper(r) {
		r, size := utf8.DecodeRuneInString(best)
		best = string(unicode.ToUpper(r)) + best[size:]
	}
	return best, true
}

// TestFuzzyTermsEqualBleve: the terms fuzzyTerms lists for a word, cut at
// any count, are the first terms of Bleve's FieldDictFuzzy, in the same
// order, over an index of several segments.
func TestFuzzyTermsEqualBleve(t *testing.T) {
	ix, c, _ := evalIndex(t)
	rd, err := ix.reader()
	if err != nil {
		t.Fatal(err)
	}
	defer rd.Close()
	s, err := ix.snapshotOf()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	fr := rd.(index.IndexReaderFuzzy)
	compared := 0
	for _, w := range typos(c) {
		lower := strings.ToLower(w)
		if utf8.RuneCountInString(lower) < 3 {
			continue
		}
		for dist := 1; dist <= 2; dist++ {
			dfa, err := ix.lev.dfa(lower, dist)
			if err != nil {
				t.Fatal(err)
			}
			for _, field := range []string{fieldWords, fieldPlaceNames} {
				prefix := ""
				if dist == 2 { // with and without a prefix
					prefix = string([]rune(lower)[:1])
				}
				d, err := fr.FieldDictFuzzy(field, lower, dist, prefix)
				if err != nil {
					t.Fatal(err)
				}
				var want []string
				for {
					e, err := d.Next()
					if err != nil {
						t.Fatal(err)
					}
					if e == nil {
						break
					}
					want = append(want, e.Term)
				}
				d.Close()
				for _, limit := range []int{1, 3, 10, maxSuggestCandidates} {
					got, err := s.fuzzyTerms(field, dfa, prefix, limit)
					if err != nil {
						t.Fatal(err)
					}
					if w := want[:min(limit, len(want))]; !slices.Equal(got, w) {
						t.Fatalf("%s~%d in %s under %q, first %d: %v, Bleve %v", lower, dist, field, prefix, limit, got, w)
					}
					compared++
				}
			}
		}
	}
	t.Logf("%d segments, %d lists compared", len(s.segs), compared)
}
