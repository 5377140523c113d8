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
// Queries are written in Gazette's query language (qparse.go; the help page
// and docs/query-language.md explain it to users): words side by side must
// all match; AND, OR and NOT in capitals, -word and +word, brackets,
// "phrases", "proximity"~N, prefix*, patt?rns, fuzzy~1, boost^2, and the
// fields title, text, author, site, lang, place (any name of a place, and
// everything inside it), near (place~radius), published (dates and
// ranges), placename, url and month. qbuild.go turns a parsed query into a
// Bleve query; fuzzy words, prefixes and patterns are expanded there
// against the index's dictionaries under fixed bounds. didyoumean.go offers a
// spelling correction and a broader query when a query finds little.
//
// A search runs on one scorch snapshot: Gazette evaluates the text query
// segment by segment over the postings, with Bleve's scores to the bit
// (eval.go; the few kinds of query it does not take go to Bleve's
// searcher), ranks the matches and counts the facets itself (collect.go,
// bitmaps.go) from what it keeps of each segment (segcache.go): the filter
// fields' postings, each document's publication date and facet terms.
// Bleve's own searchers, collector and facet builders are the reference
// the tests hold this to.
package search
