package search

import (
	"bytes"
	"reflect"
	"slices"
	"testing"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
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
		if replaced != 3 {
			t.Fatalf("%s: %d fields given shared analysis, want 3 (the text, its pairs and the words)", d.ID, replaced)
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

// The words field's analysis from the text's shared tokens gives the
// tokens (terms, positions, offsets, types) the place-name analyzer gives
// the whole value, title + "\n" + text, whatever the title ends with and
// the text starts with, and the text field's analysis is its analyzer's.
func TestWordsTokensEqualBleve(t *testing.T) {
	cases := [][2]string{
		{"Caps", "The COUNCIL's vote: Kupiansk BRIDGE reopened in 2022."},
		{"", "text only"},
		{"title only", ""},
		{"", ""},
		{"e\u0301", "\u0301combining at the start"},
		{"zwj\u200d", "\u200d\U0001F600 emoji"},
		{"\U0001F1FA", "\U0001F1E6 regional indicators"},
		{"digits 12", "34 and 5.6"},
		{"cr\r", "\nlf"},
		{"Куп’янськ", "м'ясо М’ЯСО"},
		{"日本語", "中文テキスト"},
		{"a-", "-b"},
		{"x'", "'y"},
	}
	m := newMapping()
	for _, c := range cases {
		checkWordsTokens(t, m.AnalyzerNamed, c[0], c[1])
	}
}

func FuzzWordsTokens(f *testing.F) {
	f.Add("Caps", "The COUNCIL's vote")
	f.Add("zwj\u200d", "\u200d\U0001F600")
	m := newMapping()
	f.Fuzz(func(t *testing.T, title, text string) {
		checkWordsTokens(t, m.AnalyzerNamed, title, text)
	})
}

func checkWordsTokens(t *testing.T, analyzerNamed func(string) analysis.Analyzer, title, text string) {
	t.Helper()
	if !utf8.ValidString(title) || !utf8.ValidString(text) {
		return // not shared (shareWordsTokens)
	}
	for _, suffix := range []string{"en", "ru", "uk", "std"} {
		base := analyzerNamed(analyzerOf(suffix)).(*analysis.DefaultAnalyzer)
		words := analyzerNamed(placeAnalyzerName).(*analysis.DefaultAnalyzer)
		tokens := &textTokens{tokenizer: base.Tokenizer, text: []byte(text), uses: 2}
		gotWords := wordsAnalyzer{title: []byte(title), text: tokens, base: words}.Analyze(nil)
		gotText := filteredTokens{text: tokens, filters: base.TokenFilters}.Analyze(nil)
		wantWords := words.Analyze([]byte(title + "\n" + text))
		wantText := base.Analyze([]byte(text))
		if !sameTokens(gotWords, wantWords) {
			t.Errorf("%s: words of %q + %q:\n got %s\nwant %s", suffix, title, text, gotWords, wantWords)
		}
		if !sameTokens(gotText, wantText) {
			t.Errorf("%s: text %q:\n got %s\nwant %s", suffix, text, gotText, wantText)
		}
	}
}

func sameTokens(a, b analysis.TokenStream) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		x, y := a[i], b[i]
		if !bytes.Equal(x.Term, y.Term) || x.Position != y.Position || x.Start != y.Start || x.End != y.End || x.Type != y.Type || x.KeyWord != y.KeyWord {
			return false
		}
	}
	return true
}

// A text that is not valid UTF-8 keeps its own tokenisation of the words
// field: the tokenizer reads invalid bytes after a line break its own way.
func TestWordsNotSharedForInvalidUTF8(t *testing.T) {
	m := newMapping()
	fields, err := indexFields(Doc{ID: "bad", URL: "https://example.com/bad", Lang: "en", Title: "0A00", Text: "\xb80 more"}, "Outlet")
	if err != nil {
		t.Fatal(err)
	}
	doc := document.NewDocument("bad")
	if err := m.MapDocument(doc, fields); err != nil {
		t.Fatal(err)
	}
	before := slices.Clone(doc.Fields)
	for _, tl := range textLangs {
		shareTextAnalysis(doc, tl.suffix, m.AnalyzerNamed)
	}
	for i, f := range doc.Fields {
		if f.Name() == fieldWords && f != before[i] {
			t.Error("the words field of an invalid text was given shared tokens")
		}
	}
}
