package search

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/highlight/highlighter/html"
)

// TestLocatePageEqualsSearcher: the term locations of a page's hits read
// from the evaluator's postings (locatePage) are exactly those the text
// query's Bleve searcher reports (highlightSearcher, the path before it and
// still the one for queries the evaluator leaves to Bleve), in every field
// a hit reads — the text fields and the place names — and the hits built
// from them (snippets) are the same: for words, phrases with stop words
// and repeated words, phrases of place names, OR, +a +b -c, NOT, boosts,
// fields, fuzzy words and prefixes, on several pages in both orders, over
// segments with deleted documents.
func TestLocatePageEqualsSearcher(t *testing.T) {
	ix, c, docs := evalIndex(t)
	handled, _ := evalQueries(c, docs)
	ctx := context.Background()
	s, err := ix.openSnapshot()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	m := ix.bleve.Mapping()
	hl, err := bleve.Config.Cache.HighlighterNamed(html.Name)
	if err != nil {
		t.Fatal(err)
	}
	pages := []struct{ order, page, size int }{{byRelevance, 1, 10}, {byRelevance, 3, 10}, {byNewest, 2, 25}}
	compared, located, phrased, named, marked := 0, 0, 0, 0, 0
	for _, q := range handled {
		tree, err := parseQuery(q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		text, err := ix.textQuery(tree)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		for _, p := range pages {
			e, ok, err := s.compileEval(text, m, p.order == byRelevance)
			if err != nil || !ok {
				t.Fatalf("%s: evaluated %v, %v", q, ok, err)
			}
			rk := newRanker(s, p.order, p.page*p.size)
			if _, err := e.run(ctx, s.live(), rk.floor, func(seg int, doc uint32, sc float64) { rk.offer(sc, seg, doc) }); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
			best, err := rk.best()
			if err != nil {
				t.Fatal(err)
			}
			page := best[min((p.page-1)*p.size, len(best)):]
			pb := ix.getPageBuf()
			got, err := s.load(page, pb)
			if err != nil {
				t.Fatal(err)
			}
			want, err := s.load(page, nil)
			if err != nil {
				t.Fatal(err)
			}
			if err := s.highlight(ctx, e, text, m, page, got, pb); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
			if err := s.highlightSearcher(ctx, func(d *search.DocumentMatch) { markFieldsBleve(hl, d) }, text, m, page, want); err != nil {
				t.Fatalf("%s: Bleve's searcher: %v", q, err)
			}
			var ghs, whs []Hit
			for i := range got {
				g, w := shownLocations(got[i].Locations), shownLocations(want[i].Locations)
				if !reflect.DeepEqual(g, w) {
					t.Errorf("%s, page %+v, %s: locations\n%s\nBleve's searcher\n%s", q, p, got[i].ID, dumpLocations(g), dumpLocations(w))
					continue
				}
				gh, err := makeHit(got[i])
				if err != nil {
					t.Fatal(err)
				}
				wh, err := makeHit(want[i])
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(gh, wh) {
					t.Errorf("%s, page %+v: hit\n%+v\nBleve's searcher\n%+v", q, p, gh, wh)
				}
				ghs, whs = append(ghs, gh), append(whs, wh)
				compared++
				if len(g) > 0 {
					located++
				}
				if len(g[fieldPlaceNames]) > 0 {
					named++
				}
				if strings.Contains(q, `"`) && len(g) > 0 {
					phrased++
				}
				if strings.Contains(gh.Snippet, "<mark>") {
					marked++
				}
			}
			// The hits keep nothing of the page's buffer, which the
			// next search reuses.
			b := pb.b[:cap(pb.b)]
			for i := range b {
				b[i] = 'x'
			}
			if !reflect.DeepEqual(ghs, whs) {
				t.Errorf("%s, page %+v: the hits changed with the page's buffer", q, p)
			}
			ix.putPageBuf(pb)
		}
	}
	t.Logf("%d queries, %d hits compared: %d with locations (%d of phrases, %d in place names), %d snippets marked",
		len(handled), compared, located, phrased, named, marked)
	if located < 1000 || phrased < 200 || named < 50 || marked < 500 {
		t.Errorf("too few hits with locations to compare: %d (%d of phrases, %d in place names), %d marked", located, phrased, named, marked)
	}
}

// shownLocations returns the locations of the fields a hit reads, nil
// when there are none, array positions left empty as nil.
func shownLocations(m search.FieldTermLocationMap) search.FieldTermLocationMap {
	var out search.FieldTermLocationMap
	for f, tlm := range m {
		if !shownField(f) || len(tlm) == 0 {
			continue
		}
		if out == nil {
			out = search.FieldTermLocationMap{}
		}
		out[f] = search.TermLocationMap{}
		for term, locs := range tlm {
			for _, l := range locs {
				c := *l
				if len(c.ArrayPositions) == 0 {
					c.ArrayPositions = nil
				}
				out[f][term] = append(out[f][term], &c)
			}
		}
	}
	return out
}

// dumpLocations prints locations for a failure message.
func dumpLocations(m search.FieldTermLocationMap) string {
	var b strings.Builder
	for f, tlm := range m {
		for term, locs := range tlm {
			fmt.Fprintf(&b, "%s %s:", f, term)
			for _, l := range locs {
				fmt.Fprintf(&b, " %d/%d-%d%v", l.Pos, l.Start, l.End, l.ArrayPositions)
			}
			b.WriteString("\n")
		}
	}
	return b.String()
}

// TestSnippetsEqualBleve: over articles of news-like length, the hits of
// Search (highlighted from the evaluator's postings, or through Bleve's
// searcher for the queries left to it) are those of Bleve's own search
// with highlighting, snippets included, on the first pages and further.
func TestSnippetsEqualBleve(t *testing.T) {
	ix, c, docs := evalIndex(t)
	handled, left := evalQueries(c, docs)
	var queries []string
	for i, q := range handled {
		if i%4 == 0 || strings.Contains(q, "placename:") {
			queries = append(queries, q)
		}
	}
	queries = append(queries, left...)
	ctx := context.Background()
	compared, marked := 0, 0
	for _, q := range queries {
		for _, r := range []Request{{Query: q}, {Query: q, Page: 2}, {Query: q, Sort: "newest", Page: 3, Size: 7}} {
			got, err := ix.Search(ctx, r)
			if err != nil {
				t.Fatalf("%+v: %v", r, err)
			}
			want, err := ix.searchBleve(ctx, r)
			if err != nil {
				t.Fatalf("%+v: Bleve: %v", r, err)
			}
			if !reflect.DeepEqual(got.Hits, want.Hits) {
				t.Errorf("%+v: hits\n%+v\nBleve\n%+v", r, got.Hits, want.Hits)
			}
			for _, h := range got.Hits {
				compared++
				if strings.Contains(h.Snippet, "<mark>") {
					marked++
				}
			}
		}
	}
	t.Logf("%d queries, %d hits compared, %d snippets marked", len(queries), compared, marked)
	if marked < 1000 {
		t.Errorf("only %d marked snippets compared", marked)
	}
}
