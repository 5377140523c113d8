package search

import (
	"context"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/gazette-news/gazette/bench/corpus"
)

// BenchmarkPage does the work a search does for the page of hits it
// shows, after ranking: the stored fields read (load), the term locations
// read and the text highlighted (highlight), the hits built (makeHit), for
// the first page of 60 searches (words, two words either, phrases, place
// names, in three languages) over 3,000 corpus articles in six segments, and reports the
// CPU time of the process per page (cpu-ns/op: the collector's included),
// which a busy machine changes less than the wall time.
func BenchmarkPage(b *testing.B) {
	c, docs := corpusDocs(b, 3000)
	ix := openTempUnmerged(b) // six segments, none merged while measured
	for from := 0; from < len(docs); from += 500 {
		if err := ix.Put(docs[from:min(from+500, len(docs))]...); err != nil {
			b.Fatal(err)
		}
	}
	ix.Prepare()
	for ix.Warming() { // the segments read, as a server is ready after
		time.Sleep(50 * time.Millisecond)
	}
	var queries []string
	for k := range 15 {
		lang := corpus.Langs[k%3]
		queries = append(queries, c.Word(lang, 40+k*7), c.Word(lang, 80+k*5)+" OR "+c.Word(lang, 90+k*3),
			`"`+c.Phrase(lang, k%10)+`"`, c.Places()[k%20].Name["ru"])
	}
	s, err := ix.openSnapshot()
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	m := ix.bleve.Mapping()
	type page struct {
		e    *evaluator
		text query.Query
		hits []ranked
	}
	var pages []page
	for _, q := range queries {
		tree, err := parseQuery(q)
		if err != nil {
			b.Fatal(err)
		}
		text, err := ix.textQuery(tree)
		if err != nil {
			b.Fatal(err)
		}
		e, ok, err := s.compileEval(text, m, true)
		if err != nil {
			b.Fatal(err)
		}
		if !ok {
			continue
		}
		rk := newRanker(s, byRelevance, 10)
		if _, err := e.run(ctx, s.live(), rk.floor, func(seg int, doc uint32, sc float64) { rk.offer(sc, seg, doc) }); err != nil {
			b.Fatal(err)
		}
		best, err := rk.best()
		if err != nil {
			b.Fatal(err)
		}
		if len(best) > 0 {
			pages = append(pages, page{e, text, best})
		}
	}
	if len(pages) < 40 {
		b.Fatalf("only %d pages", len(pages))
	}
	marked := 0
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := processCPU()
	n := 0
	for b.Loop() {
		p := pages[n%len(pages)]
		n++
		var docs []*search.DocumentMatch
		pb := ix.getPageBuf()
		if docs, err = s.load(p.hits, pb); err != nil {
			b.Fatal(err)
		}
		if err := s.highlight(ctx, p.e, p.text, m, p.hits, docs, pb); err != nil {
			b.Fatal(err)
		}
		for _, d := range docs {
			h, err := makeHit(d)
			if err != nil {
				b.Fatal(err)
			}
			if strings.Contains(h.Snippet, "<mark>") {
				marked++
			}
		}
		ix.putPageBuf(pb)
	}
	b.ReportMetric(float64(processCPU()-cpu0)/float64(n), "cpu-ns/op")
	if marked == 0 {
		b.Fatal("no snippet marked")
	}
}

// processCPU is the CPU time of the process so far, all its threads.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
