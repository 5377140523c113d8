package search

import (
	"bytes"
	"reflect"
	"slices"
	"testing"

	"github.com/blevesearch/bleve/v2/document"
)

// TestSharedTextAnalysisEqualsBleve maps each fixture article (English,
// Russian, Ukrainian, German, and text with capitals, apostrophes and
// digits) as Bleve's Batch.Index does and as batchIndex does, analyses every
// field of both, and wants the same field values, lengths and terms with
// the same frequencies, positions and offsets, and the same stored values.
func TestSharedTextAnalysisEqualsBleve(t *testing.T) {
	m := newMapping()
	docs := fixtures(t)
	docs = append(docs,
		Doc{ID: "caps", URL: "https://example.com/caps", Lang: "en", Title: "Caps",
			Text: "The COUNCIL's vote: Kupiansk BRIDGE reopened in 2022. Don't ask; it's O'Brien's call. The council voted."},
		Doc{ID: "uk-apos", URL: "https://example.com/uk", Lang: "uk", Title: "Міст",
			Text: "Міст у Куп'янську відкрили. М'ясо подорожчало: КУП'ЯНСЬК, Куп’янськ і Купянск."},
		Doc{ID: "fr", URL: "https://example.com/fr", Lang: "fr", Title: "Pont",
			Text: "Le pont de Kupiansk a rouvert. L'État l'a financé."},
	)
	for _, d := range docs {
		fields, err := indexFields(d, "Outlet")
		if err != nil {
			t.Fatal(err)
		}
		plain := document.NewDocument(d.ID)
		if err := m.MapDocument(plain, fields); err != nil {
			t.Fatal(err)
		}
		shared := document.NewDocument(d.ID)
		if err := m.MapDocument(shared, fields); err != nil {
			t.Fatal(err)
		}
		before := slices.Clone(shared.Fields)
		for _, tl := range textLangs {
			shareTextAnalysis(shared, tl.suffix, m.AnalyzerNamed)
		}
		replaced := 0
		for i, f := range shared.Fields {
			if f != before[i] {
				replaced++
			}
		}
		if replaced != 2 {
			t.Fatalf("%s: %d fields given shared analysis, want 2 (the text and its pairs)", d.ID, replaced)
		}

		analyzed := func(doc *document.Document) map[string]*document.TextField {
			byName := map[string]*document.TextField{}
			for _, f := range doc.Fields {
				if f.Options().IsIndexed() {
					f.Analyze()
				}
				if tf, ok := f.(*document.TextField); ok {
					byName[f.Name()] = tf
				}
			}
			return byName
		}
		want, got := analyzed(plain), analyzed(shared)
		if len(got) != len(want) {
			t.Fatalf("%s: %d text fields, want %d", d.ID, len(got), len(want))
		}
		for name, w := range want {
			g := got[name]
			if g == nil {
				t.Fatalf("%s: no field %s", d.ID, name)
			}
			// Bleve's filters lowercase the value of a field it does
			// not store in place; only stored values matter.
			if w.Options().IsStored() && !bytes.Equal(g.Value(), w.Value()) {
				t.Errorf("%s, %s: value %q, want %q", d.ID, name, g.Value(), w.Value())
			}
			if g.AnalyzedLength() != w.AnalyzedLength() {
				t.Errorf("%s, %s: %d tokens, want %d", d.ID, name, g.AnalyzedLength(), w.AnalyzedLength())
			}
			if !reflect.DeepEqual(g.AnalyzedTokenFrequencies(), w.AnalyzedTokenFrequencies()) {
				t.Errorf("%s, %s: terms differ from Bleve's own analysis", d.ID, name)
			}
		}
	}
}
