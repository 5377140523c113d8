package search

import (
	"strings"

	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/standard"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/mapping"
	index "github.com/blevesearch/bleve_index_api"
)

// mappingVersion names the layout below. It is stored inside the index so
// that Open refuses an index built with a different layout instead of
// returning wrong results; bump it whenever fields or analyzers change.
const mappingVersion = "gazette-search-7"

// Field names inside the Bleve index. Title and text live in one field per
// analysis language (title_en, text_ru, ...); a document fills only the pair
// for its own language, and a query searches all pairs, each analysed with
// its field's analyzer.
const (
	fieldSource     = "source"     // stored JSON of everything but the text (storedDoc)
	fieldURL        = "url"        // standard analyzer
	fieldAuthor     = "author"     // standard analyzer
	fieldSite       = "site"       // keyword, lowercased: the site filter
	fieldSiteFacet  = "site_facet" // keyword, the outlet's name as shown (sites.go): the site facet
	fieldHost       = "host"       // keyword, the URL's host without www.: the articles of an outlet
	fieldLang       = "lang"       // keyword, primary subtag lowercased ("en")
	fieldPublished  = "published"  // datetime, the instant
	fieldDay        = "day"        // datetime, the calendar day of publication at 00:00 UTC
	fieldMonth      = "month"      // keyword "2022-03" or "undated" (the month: query field, the undated filter)
	fieldPubDay     = "pubday"     // keyword "2022-03-01", the day of publication: the timeline and month facets
	fieldPlace      = "place"      // keyword ids of the places and of their ancestors (the place filter)
	fieldPlaceTree  = "place_tree" // keyword level:id|path|name of the places and their ancestors (placetree.go): the place facets
	fieldPlaceNames = "placenames" // every name variant, lowercased, unstemmed
	fieldGeo        = "geo"        // geoshape: a multipoint of the towns and cities (near:, the map's box)
	fieldWords      = "words"      // title and text, lowercased, unstemmed, no positions: "did you mean"
	// textbi_<lang>: the pairs of adjacent terms of text_<lang>, no positions (pairs.go)
)

// undated is the month key of documents without a publication date.
const undated = "undated"

// A textLang is one analysis language: its suffix in field names and its
// Bleve analyzer.
type textLang struct {
	suffix   string
	analyzer string
}

// textLangs lists the languages with their own analyzer; every other language
// uses the last entry, the standard analyzer.
var textLangs = []textLang{
	{"en", en.AnalyzerName},
	{"ru", ruAnalyzerName},
	{"uk", ukAnalyzerName},
	{"std", standard.Name},
}

// primaryLang returns the lowercased primary subtag of a language tag:
// "en-GB" and "en_gb" give "en". The lang field, its facet and the Lang
// filter use it, so British and plain English articles count together.
func primaryLang(lang string) string {
	primary, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(lang)), "-")
	primary, _, _ = strings.Cut(primary, "_")
	return primary
}

// analysisLang returns the field suffix for a document language: "en", "ru",
// "uk" or "std".
func analysisLang(lang string) string {
	primary := primaryLang(lang)
	for _, tl := range textLangs[:len(textLangs)-1] {
		if tl.suffix == primary {
			return primary
		}
	}
	return "std"
}

func titleField(suffix string) string { return "title_" + suffix }
func textField(suffix string) string  { return "text_" + suffix }

// textFields returns text_en, text_ru, ... in textLangs order.
// textFieldNames are textFields, for reading only.
var textFieldNames = textFields()

func textFields() []string {
	fs := make([]string, len(textLangs))
	for i, tl := range textLangs {
		fs[i] = textField(tl.suffix)
	}
	return fs
}

// newMapping builds Gazette's index mapping: BM25 scoring, no dynamic
// fields, one explicit field mapping per field above.
func newMapping() *mapping.IndexMappingImpl {
	im := mapping.NewIndexMapping()
	im.ScoringModel = index.BM25Scoring
	im.DefaultAnalyzer = standard.Name
	im.IndexDynamic = false
	im.StoreDynamic = false
	im.DocValuesDynamic = false

	dm := mapping.NewDocumentStaticMapping()
	for _, tl := range textLangs {
		dm.AddFieldMappingsAt(titleField(tl.suffix), textMapping(tl.analyzer, false))
		dm.AddFieldMappingsAt(textField(tl.suffix), textMapping(tl.analyzer, true))
		pairs := textMapping(pairAnalyzerName(tl.analyzer), false)
		pairs.IncludeTermVectors = false // a pair's postings are all a phrase reads (pairs.go)
		dm.AddFieldMappingsAt(textPairField(tl.suffix), pairs)
	}
	dm.AddFieldMappingsAt(fieldPlaceNames, textMapping(placeAnalyzerName, false))
	words := textMapping(placeAnalyzerName, false)
	words.IncludeTermVectors = false // only the dictionary and its counts are read
	dm.AddFieldMappingsAt(fieldWords, words)
	geo := mapping.NewGeoShapeFieldMapping()
	geo.Store = false
	geo.IncludeInAll = false
	geo.DocValues = true // the shape filter reads the points back
	dm.AddFieldMappingsAt(fieldGeo, geo)
	dm.AddFieldMappingsAt(fieldURL, textMapping(standard.Name, false))
	dm.AddFieldMappingsAt(fieldAuthor, textMapping(standard.Name, false))
	for _, f := range []string{fieldSiteFacet, fieldLang, fieldPubDay, fieldPlaceTree} {
		dm.AddFieldMappingsAt(f, keywordMapping())
	}
	// Filter-only keywords need no doc values.
	for _, f := range []string{fieldSite, fieldMonth, fieldPlace, fieldHost} {
		fm := keywordMapping()
		fm.DocValues = false
		dm.AddFieldMappingsAt(f, fm)
	}
	for _, f := range []string{fieldPublished, fieldDay} {
		fm := mapping.NewDateTimeFieldMapping()
		fm.Store = false
		fm.IncludeInAll = false
		fm.DocValues = f == fieldPublished // the date sort reads it; day is only a filter
		dm.AddFieldMappingsAt(f, fm)
	}
	src := mapping.NewTextFieldMapping()
	src.Index = false
	src.Store = true
	src.IncludeInAll = false
	src.IncludeTermVectors = false
	src.DocValues = false
	dm.AddFieldMappingsAt(fieldSource, src)

	im.DefaultMapping = dm
	return im
}

// textMapping is an analysed field with positions (for phrases and
// highlighting); store keeps the original text for snippets and Get.
func textMapping(analyzer string, store bool) *mapping.FieldMapping {
	fm := mapping.NewTextFieldMapping()
	fm.Analyzer = analyzer
	fm.Store = store
	fm.IncludeTermVectors = true
	fm.IncludeInAll = false
	fm.DocValues = false
	return fm
}

// keywordMapping is an exact-match field with doc values for facets.
func keywordMapping() *mapping.FieldMapping {
	fm := mapping.NewKeywordFieldMapping()
	fm.Analyzer = keyword.Name
	fm.Store = false
	fm.IncludeInAll = false
	fm.IncludeTermVectors = false
	fm.DocValues = true
	return fm
}
