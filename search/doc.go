// Package search is Gazette's full-text index: it stores articles in a Bleve
// index on disk and answers searches with hits, HTML snippets and facets.
// It is the only package that knows Bleve.
//
// Each article is analysed for its language: English and Russian with
// Bleve's stemming analyzers, Ukrainian with Gazette's own light stemmer
// (see ukStem), anything else with the standard analyzer. Titles and texts
// go into per-language fields (title_en, text_uk, ...), and an unfielded
// query term searches all of them, each with its own analyzer, plus the
// place-name variants of the article's places, so a query for Izyum finds an
// article whose text only says Изюм. Scoring is BM25.
//
// Queries use Bleve's query-string syntax: words, "quoted phrases", +must,
// -must-not, word~1 (fuzzy), wild*cards, /regexps/, word^2 (boost) and
// field:value for the fields title, text, placename, place (place id), url,
// author, site, lang, month ("2022-03" or "undated") and published (dates
// only as ranges: published:>="2022-03-01").
package search
