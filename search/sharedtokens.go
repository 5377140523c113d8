package search

import (
	"bytes"
	"sync"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/document"
	index "github.com/blevesearch/bleve_index_api"
)

// An article's text goes into two fields: text_<lang>, analysed by the
// language's analyzer, and its pair field textbi_<lang>, whose analyzer
// (pairAnalyzer) runs the same analyzer over the same text and pairs the
// terms it makes. Bleve analyses each field on its own, so the text was
// tokenized, filtered and stemmed twice: a tenth of an import's analysis.
// batchIndex maps a document as Bleve's Batch.Index does, then gives the
// two fields analyzers that share one run of the language's analyzer. The
// index gets the same terms, positions and offsets.

// batchIndex adds the document of fields (indexFields' map) to batch, as
// batch.Index(id, fields) does.
func (ix *Index) batchIndex(batch *bleve.Batch, id string, fields map[string]interface{}) error {
	if ev, ok := ix.bleve.(index.EventIndex); ok {
		ev.FireIndexEvent() // as Batch.Index does
	}
	doc := document.NewDocument(id)
	m := ix.bleve.Mapping()
	if err := m.MapDocument(doc, fields); err != nil {
		return err
	}
	for _, tl := range textLangs {
		shareTextAnalysis(doc, tl.suffix, m.AnalyzerNamed)
	}
	return batch.IndexAdvanced(doc)
}

// shareTextAnalysis gives text_<suffix> and textbi_<suffix> of doc, when it
// has both, analyzers that share one analysis of the text. The mapping
// made both fields of the same string (indexFields), so one analysis
// serves both.
func shareTextAnalysis(doc *document.Document, suffix string, analyzerNamed func(string) analysis.Analyzer) {
	textAt, pairAt := -1, -1
	for i, f := range doc.Fields {
		switch f.Name() {
		case textField(suffix):
			textAt = i
		case textPairField(suffix):
			pairAt = i
		}
	}
	if textAt < 0 || pairAt < 0 {
		return
	}
	text, ok1 := doc.Fields[textAt].(*document.TextField)
	pair, ok2 := doc.Fields[pairAt].(*document.TextField)
	if !ok1 || !ok2 || !bytes.Equal(text.Value(), pair.Value()) {
		return
	}
	base := analyzerNamed(analyzerOf(suffix))
	if base == nil {
		return
	}
	textBase := base
	if wordsAt, tokens, wordsBase, ok := shareWordsTokens(doc, text, base, analyzerNamed); ok {
		words := doc.Fields[wordsAt].(*document.TextField)
		value := words.Value()
		title := bytes.Clone(value[:len(value)-len(text.Value())-1])
		doc.Fields[wordsAt] = document.NewTextFieldCustom(words.Name(), words.ArrayPositions(), value, words.Options(),
			wordsAnalyzer{title: title, text: tokens, base: wordsBase})
		textBase = filteredTokens{text: tokens, filters: base.(*analysis.DefaultAnalyzer).TokenFilters}
	}
	once := &onceAnalyzer{base: textBase, uses: 2}
	doc.Fields[textAt] = document.NewTextFieldCustom(text.Name(), text.ArrayPositions(), text.Value(), text.Options(), once)
	doc.Fields[pairAt] = document.NewTextFieldCustom(pair.Name(), pair.ArrayPositions(), pair.Value(), pair.Options(), pairAnalyzer{base: once})
}

// The words field (title, a line break and the text, lowercased,
// unstemmed) tokenised the text again after the text field had. Both
// analyzers start with the same tokenizer, and a line break always ends a
// word (Unicode's word boundaries break before and after it), so the words
// field's tokens are the title's followed by the text's, moved along by the
// title and the line break: shareWordsTokens makes one tokenisation of the
// text serve both, each field filtering its own copy of the tokens.

// shareWordsTokens reports whether doc's words field holds the title, a
// line break and text's value, all valid UTF-8, and its analyzer and base
// tokenise as one;
// it returns the field's index, the text's shared tokens and the words
// field's analyzer.
func shareWordsTokens(doc *document.Document, text *document.TextField, base analysis.Analyzer,
	analyzerNamed func(string) analysis.Analyzer) (int, *textTokens, *analysis.DefaultAnalyzer, bool) {
	textBase, ok1 := base.(*analysis.DefaultAnalyzer)
	wordsBase, ok2 := analyzerNamed(placeAnalyzerName).(*analysis.DefaultAnalyzer)
	if !ok1 || !ok2 || !sameTokenizer(textBase.Tokenizer, wordsBase.Tokenizer) {
		return 0, nil, nil, false
	}
	for i, f := range doc.Fields {
		if f.Name() != fieldWords {
			continue
		}
		words, ok := f.(*document.TextField)
		v, t := words.Value(), text.Value()
		if !ok || len(v) <= len(t) || v[len(v)-len(t)-1] != '\n' || !bytes.Equal(v[len(v)-len(t):], t) || !utf8.Valid(v) {
			return 0, nil, nil, false // (the tokenizer reads invalid UTF-8 after a line break its own way)
		}
		return i, &textTokens{tokenizer: textBase.Tokenizer, text: bytes.Clone(t), uses: 2}, wordsBase, true
	}
	return 0, nil, nil, false
}

// sameTokenizer reports two tokenizers that tokenise alike: the same one,
// or two of Bleve's unicode tokenizers, which hold no settings.
func sameTokenizer(a, b analysis.Tokenizer) bool {
	if a == b {
		return true
	}
	_, ua := a.(*unicode.UnicodeTokenizer)
	_, ub := b.(*unicode.UnicodeTokenizer)
	return ua && ub
}

// textTokens tokenises a text once for the fields that read it.
type textTokens struct {
	tokenizer analysis.Tokenizer
	text      []byte // a copy of the text, which no filter touches
	uses      int    // takes left
	mu        sync.Mutex
	tokens    analysis.TokenStream
}

// take returns the text's tokens for the caller to filter as it likes:
// a copy while other takes remain, the tokens themselves to the last.
func (t *textTokens) take() analysis.TokenStream {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.tokens == nil {
		t.tokens = t.tokenizer.Tokenize(t.text)
	}
	if t.uses--; t.uses > 0 {
		return copyTokens(t.tokens)
	}
	toks := t.tokens
	t.tokens = nil // a further take (not expected) tokenises again
	return toks
}

// copyTokens copies tokens and their terms, which filters change in place.
func copyTokens(toks analysis.TokenStream) analysis.TokenStream {
	n := 0
	for _, tok := range toks {
		n += len(tok.Term)
	}
	terms := make([]byte, 0, n)
	copies := make([]analysis.Token, len(toks))
	out := make(analysis.TokenStream, len(toks))
	for i, tok := range toks {
		copies[i] = *tok
		start := len(terms)
		terms = append(terms, tok.Term...)
		copies[i].Term = terms[start:len(terms):len(terms)]
		out[i] = &copies[i]
	}
	return out
}

// filteredTokens is an analyzer of the text whose tokens it takes from
// text: its filters over them.
type filteredTokens struct {
	text    *textTokens
	filters []analysis.TokenFilter
}

func (a filteredTokens) Analyze([]byte) analysis.TokenStream {
	toks := a.text.take()
	for _, f := range a.filters {
		toks = f.Filter(toks)
	}
	return toks
}

// wordsAnalyzer analyses the words field, title + "\n" + text: the
// title's tokens, the text's (taken from text) after them, moved along,
// and base's filters over both.
type wordsAnalyzer struct {
	title []byte
	text  *textTokens
	base  *analysis.DefaultAnalyzer
}

func (a wordsAnalyzer) Analyze([]byte) analysis.TokenStream {
	toks := a.base.Tokenizer.Tokenize(bytes.Clone(a.title))
	textToks := a.text.take()
	positions, offset := len(toks), len(a.title)+1
	for _, tok := range textToks {
		tok.Position += positions
		tok.Start += offset
		tok.End += offset
	}
	toks = append(toks, textToks...)
	for _, f := range a.base.TokenFilters {
		toks = f.Filter(toks)
	}
	return toks
}

// onceAnalyzer runs base once, over its own copy of the first input, and
// returns those tokens to the first uses calls, whatever their input: it
// serves fields holding the same text. The copy keeps the fields' values
// as they are (Bleve's filters lowercase and stem terms in place, and the
// tokens point into the input), and the tokens are only read after
// (Bleve's TokenFrequency, pairAnalyzer). After its last use it lets the
// tokens go, as the batch keeps the document, and so the analyzer, until
// the whole batch is written.
type onceAnalyzer struct {
	base   analysis.Analyzer
	uses   int // calls left
	mu     sync.Mutex
	tokens analysis.TokenStream
}

func (a *onceAnalyzer) Analyze(input []byte) analysis.TokenStream {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.uses <= 0 {
		return a.base.Analyze(bytes.Clone(input)) // not expected: a field analysed again
	}
	if a.tokens == nil {
		a.tokens = a.base.Analyze(bytes.Clone(input))
	}
	toks := a.tokens
	if a.uses--; a.uses == 0 {
		a.tokens = nil
	}
	return toks
}
