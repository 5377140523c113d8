package search

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/gazette-news/gazette/bench/corpus"
)

// corpusDocs turns the first n articles of the benchmark corpus (seed 1)
// into documents, as the indexer would: places with their names in the
// three languages, no date for undated pages.
func corpusDocs(tb testing.TB, n int) (*corpus.Corpus, []Doc) {
	tb.Helper()
	c, err := corpus.New(1)
	if err != nil {
		tb.Fatal(err)
	}
	docs := make([]Doc, 0, n)
	for i := range n {
		a := c.Article(i)
		d := Doc{
			ID: fmt.Sprintf("a%07d", i), URL: a.URL, Title: a.Title, Text: strings.Join(a.Paras, "\n\n"),
			Author: a.Author, Site: a.Site.Name, Lang: a.Lang, Captured: a.Captured,
		}
		if a.Dated {
			p := a.Published
			d.Published = &p
		}
		for _, p := range a.Places {
			d.Places = append(d.Places, Place{ID: p.ID, Name: p.Name["en"], Kind: p.Kind,
				Names: []string{p.Name["en"], p.Name["ru"], p.Name["uk"]}})
		}
		docs = append(docs, d)
	}
	return c, docs
}

// forgetFacets makes the facets of every earlier search unknown, so the
// next search counts them again (a cold search).
func forgetFacets(ix *Index) { ix.gen.Add(2) }

// BenchmarkKinds runs each kind of search of `gazette bench`'s mix over
// 5,000 corpus articles, cold (facets counted on every run, as for a
// search nobody made before) and cached (facets known, as when paging).
// Each run of a kind picks the next of 50 variants (words, places, dates
// drawn from the corpus).
func BenchmarkKinds(b *testing.B) {
	const n = 5000
	c, docs := corpusDocs(b, n)
	ix := openTemp(b)
	for from := 0; from < len(docs); from += 500 {
		if err := ix.Put(docs[from:min(from+500, len(docs))]...); err != nil {
			b.Fatal(err)
		}
	}
	word := func(k int) string { return c.Word(corpus.Langs[k%3], 80+k*13) }
	year := func(k int) (*time.Time, *time.Time) {
		from := time.Date(2015+k%10, 1, 1, 0, 0, 0, 0, time.UTC)
		to := from.AddDate(1, 0, -1)
		return &from, &to
	}
	var regions []string
	for _, p := range c.Places() {
		if p.Kind != "city" {
			regions = append(regions, p.ID)
		}
	}
	kinds := []struct {
		name string
		req  func(k int) Request
	}{
		{"everything", func(k int) Request { return Request{} }},
		{"place filter", func(k int) Request { return Request{Places: []string{regions[k%10]}} }},
		{"one word", func(k int) Request { return Request{Query: word(k)} }},
		{"two words", func(k int) Request { return Request{Query: word(k) + " " + word(k+3)} }},
		{"two words, either", func(k int) Request { return Request{Query: word(k) + " OR " + word(k+3)} }},
		{"phrase", func(k int) Request {
			return Request{Query: `"` + c.Phrase(corpus.Langs[k%3], k%10) + `"`}
		}},
		{"phrase from an article", func(k int) Request {
			ws := strings.Fields(docs[k*97].Text)
			i := (k * 13) % (len(ws) - 1)
			return Request{Query: `"` + strings.Trim(ws[i]+" "+ws[i+1], ".,!?:;()—") + `"`}
		}},
		{"boolean", func(k int) Request { return Request{Query: "+" + word(k) + " +" + word(k+3) + " -" + word(k+6)} }},
		{"fuzzy", func(k int) Request { return Request{Query: word(k) + "~1"} }},
		{"date range", func(k int) Request { from, to := year(k); return Request{From: from, To: to} }},
		{"word, newest first", func(k int) Request { return Request{Query: word(k), Sort: "newest"} }},
		{"place name", func(k int) Request { return Request{Query: c.Places()[k%20].Name["ru"]} }},
		{"word + place + year", func(k int) Request {
			from, to := year(k)
			return Request{Query: word(k), Places: []string{regions[k%5]}, From: from, To: to}
		}},
		{"site, newest first", func(k int) Request {
			return Request{Sites: []string{c.Sites()[k%len(c.Sites())].Name}, Sort: "newest"}
		}},
	}
	ctx := context.Background()
	const variants = 50
	for _, kind := range kinds {
		for _, cold := range []bool{true, false} {
			name := kind.name + "/cached"
			if cold {
				name = kind.name + "/cold"
			}
			b.Run(name, func(b *testing.B) {
				if !cold { // every variant's facets known before the clock starts
					for k := range variants {
						if _, err := ix.Search(ctx, kind.req(k)); err != nil {
							b.Fatal(err)
						}
					}
				}
				k := 0
				cpu := cpuTime()
				for b.Loop() {
					if cold {
						forgetFacets(ix)
					}
					if _, err := ix.Search(ctx, kind.req(k%variants)); err != nil {
						b.Fatal(err)
					}
					k++
				}
				// CPU time per search (all threads, the collector's
				// included) says more than wall time on a shared machine.
				b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N), "cpu-ns/op")
			})
		}
	}
}
