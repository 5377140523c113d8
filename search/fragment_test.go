package search

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/highlight/highlighter/html"
)

// TestFragmentEqualsBleve: fragmenter.fragment gives what Bleve's html
// highlighter gives (BestFragmentsInField, one fragment), over generated
// texts of a few words to thousands of runes (Cyrillic, HTML's special
// characters, paragraph breaks, U+FFFD and bytes that are not UTF-8) with
// the locations of one to five terms, some overlapping, past the end of
// the text or with array positions (which the fragmenter leaves out).
func TestFragmentEqualsBleve(t *testing.T) {
	hl, err := bleve.Config.Cache.HighlighterNamed(html.Name)
	if err != nil {
		t.Fatal(err)
	}
	words := []string{"war", "peace", "Kyiv", "Київ", "війна", "мир", "город", "a", "the", "<b>", "R&D", `"quoted"`, "it's",
		"\ufffd", "bad\xffbyte", "é", "日本", "x", "longerwordthanmost", "—", "\n\n", "\t"}
	rng := rand.New(rand.NewPCG(11, 13))
	var fr fragmenter
	cases, marked := 0, 0
	for n := 0; n < 10000; n++ {
		// The text, and where each word of it starts and ends.
		nwords := 1 + rng.IntN(30)
		if n%5 == 0 {
			nwords = 1 + rng.IntN(1500)
		}
		var b strings.Builder
		type span struct {
			word       string
			start, end int
		}
		var spans []span
		for i := 0; i < nwords; i++ {
			if i > 0 {
				b.WriteString([]string{" ", " ", " ", ", ", ". ", "\n"}[rng.IntN(6)])
			}
			w := words[rng.IntN(len(words))]
			if rng.IntN(4) > 0 { // most words from a few, as terms repeat
				w = words[rng.IntN(6)]
			}
			spans = append(spans, span{w, b.Len(), b.Len() + len(w)})
			b.WriteString(w)
		}
		text := b.String()
		// The locations of a few of the words, as an analyzer gives them.
		tlm := search.TermLocationMap{}
		nterms := 1 + rng.IntN(5)
		chosen := map[string]bool{}
		for i := 0; i < nterms; i++ {
			chosen[words[rng.IntN(8)]] = true
		}
		for pos, s := range spans {
			if !chosen[s.word] {
				continue
			}
			l := &search.Location{Pos: uint64(pos + 1), Start: uint64(s.start), End: uint64(s.end)}
			switch rng.IntN(40) {
			case 0:
				l.ArrayPositions = search.ArrayPositions{uint64(rng.IntN(2))}
			case 1:
				l.ArrayPositions = search.ArrayPositions{}
			case 2: // a stemmed term a little longer than its word
				l.End += uint64(rng.IntN(3))
			}
			tlm[s.word] = append(tlm[s.word], l)
		}
		switch rng.IntN(30) {
		case 0: // past the end
			tlm["past"] = append(tlm["past"], &search.Location{Start: uint64(len(text) + 1 + rng.IntN(5)), End: uint64(len(text) + 10)})
		case 1: // at the very end
			tlm["end"] = append(tlm["end"], &search.Location{Start: uint64(len(text)), End: uint64(len(text))})
		}
		if len(tlm) == 0 && n%2 == 0 {
			continue
		}
		doc := document.NewDocument("d")
		doc.AddField(document.NewTextField("f", nil, []byte(text)))
		dm := &search.DocumentMatch{Locations: search.FieldTermLocationMap{"f": tlm}}
		want := hl.BestFragmentsInField(dm, doc, "f", 1)
		frag, ok := fr.fragment([]byte(text), tlm)
		got := string(frag)
		cases++
		switch {
		case len(want) == 0 && ok:
			t.Fatalf("text %q, locations %s: got %q, Bleve none", text, dumpTLM(tlm), got)
		case len(want) > 0 && (!ok || got != want[0]):
			t.Fatalf("text %q, locations %s:\ngot   %q (%v)\nBleve %q", text, dumpTLM(tlm), got, ok, want[0])
		}
		if strings.Contains(got, "<mark>") {
			marked++
		}
	}
	t.Logf("%d fragments compared, %d marked", cases, marked)
	if marked < 5000 {
		t.Errorf("only %d marked fragments compared", marked)
	}
}

func dumpTLM(tlm search.TermLocationMap) string {
	return dumpLocations(search.FieldTermLocationMap{"f": tlm})
}
