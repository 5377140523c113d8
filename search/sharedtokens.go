package search

import (
	"bytes"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
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
	once := &onceAnalyzer{base: base, uses: 2}
	doc.Fields[textAt] = document.NewTextFieldCustom(text.Name(), text.ArrayPositions(), text.Value(), text.Options(), once)
	doc.Fields[pairAt] = document.NewTextFieldCustom(pair.Name(), pair.ArrayPositions(), pair.Value(), pair.Options(), pairAnalyzer{base: once})
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
