package search

import (
	"errors"
	"time"
)

// Place is a place attached to a document, denormalised for faceting and display.
type Place struct {
	ID      string `json:"id"`             // "707292", "UA.07", "UA"
	Name    string `json:"name"`           // English display name "Izium"
	Country string `json:"country"`        // ISO alpha-2
	Kind    string `json:"kind,omitempty"` // "country", "region", "area" or "city"; picks the level facet
	// Ancestors is the chain above the place, nearest first (Izium →
	// Kharkiv Oblast, Ukraine). A filter by an ancestor's id finds the
	// document, and the level facets count it under each ancestor; the
	// place facet counts only the place itself.
	Ancestors []PlaceRef `json:"-"`
	Names     []string   `json:"-"` // every variant in every script, indexed so a query for any variant finds the doc
	// Lat and Lon locate a town or city for near: and the map's box; both
	// zero when unknown.
	Lat float64 `json:"-"`
	Lon float64 `json:"-"`
}

// PlaceRef names a place without its variants: an ancestor of a Place.
type PlaceRef struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Kind string `json:"kind"` // "country", "region", "area" or "city"
}

// Place kinds as Place.Kind and PlaceRef.Kind carry them.
const (
	KindCountry = "country"
	KindRegion  = "region"
	KindArea    = "area"   // informal or historical region ("Donbas"); counted with regions
	KindCounty  = "county" // second-level division (a US county); counted with regions
	KindCity    = "city"
)

// Doc is one article in the index.
type Doc struct {
	ID        string // stable article id (hex hash of the canonical URL), assigned by the caller
	URL       string
	Title     string
	Text      string
	Author    string
	Site      string
	Lang      string     // "en", "ru", "uk", ... (picks the analyzer)
	Published *time.Time // nil when unknown
	Modified  *time.Time // last updated, as the page says; nil when unknown
	Image     string     // lead image URL on the original site; "" if none
	Captured  time.Time
	Places    []Place
}

// ErrNotFound is returned by Get for an unknown id.
var ErrNotFound = errors.New("not found")

// Request is a search request; zero values mean "no filter".
type Request struct {
	Query  string     // user query in Gazette's query language (see qparse.go); "" lists everything
	Places []string   // place ids; all must match
	From   *time.Time // published on or after (day granularity, inclusive)
	To     *time.Time // published on or before (inclusive, whole day)
	Lang   string
	Site   string
	Near   *Near  // articles about a place within a radius; nil for none
	BBox   *BBox  // articles about a place inside a box; nil for none
	Sort   string // "relevance" (default), "newest", "oldest"
	Page   int    // 1-based; default 1
	Size   int    // default 10, max 100
}

// QueryError is returned for a malformed query or bad parameter (the API
// maps it to 400). Msg is a sentence for people: what is wrong and, for a
// query, at which character. Start and End are the rune offsets of the
// offending part of Request.Query (End exclusive); both are 0 when the
// error is not about one part of the query.
type QueryError struct {
	Msg        string
	Start, End int
}

func (e *QueryError) Error() string { return e.Msg }

// Positioned reports whether the error points at a part of the query.
func (e *QueryError) Positioned() bool { return e.End > e.Start }

// Result is one page of search results with facets over the whole filtered
// result set.
type Result struct {
	Total  uint64 `json:"total"`
	Page   int    `json:"page"`
	Size   int    `json:"size"`
	Hits   []Hit  `json:"hits"`
	Facets Facets `json:"facets"`
	// Suggestion is a corrected query built from the archive's own words
	// ("Izyumm" → "Izyum") when the query finds little; "" otherwise.
	Suggestion string `json:"suggestion,omitempty"`
	// Broader is the nearest broader query that finds something, when the
	// query finds nothing; nil otherwise.
	Broader *Broader `json:"broader,omitempty"`
}

// Broader is a broader query and how many articles it finds.
type Broader struct {
	Query string `json:"query"`
	Total uint64 `json:"total"`
}

// Hit is one document in a Result.
type Hit struct {
	ID        string     `json:"id"`
	URL       string     `json:"url"`
	Title     string     `json:"title"`
	Published *time.Time `json:"published"` // RFC 3339 or null
	Site      string     `json:"site"`
	Lang      string     `json:"lang"`
	Places    []Place    `json:"places"`
	Snippet   string     `json:"snippet"` // HTML-escaped text with matches wrapped in <mark>…</mark>; safe to embed
}

// Facets counts the filtered result set by place, month, language and site.
type Facets struct {
	Places []PlaceCount `json:"places"` // places the documents mention, by count desc
	// PlaceLevels counts the same documents per level of the hierarchy: a
	// document about Izium counts under Izium (cities), Kharkiv Oblast
	// (regions) and Ukraine (countries).
	PlaceLevels PlaceLevels `json:"place_levels"`
	Dates       []DateCount `json:"dates"` // by month; undated docs in key "undated" (from/to empty); ordered by key
	Langs       []TermCount `json:"langs"`
	Sites       []TermCount `json:"sites"`
}

// PlaceLevels is the place facet split by level; each list is by count desc.
// Regions include informal areas such as Donbas.
type PlaceLevels struct {
	Countries []PlaceCount `json:"countries"`
	Regions   []PlaceCount `json:"regions"`
	Cities    []PlaceCount `json:"cities"`
}

// PlaceCount is one place facet bucket.
type PlaceCount struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Count int    `json:"count"`
}

// DateCount is one month facet bucket: Key "2022-03", From "2022-03-01",
// To "2022-03-31"; Key "undated" has empty From and To.
type DateCount struct {
	Key   string `json:"key"`
	From  string `json:"from"`
	To    string `json:"to"`
	Count int    `json:"count"`
}

// TermCount is one language or site facet bucket.
type TermCount struct {
	Key   string `json:"key"`
	Count int    `json:"count"`
}
