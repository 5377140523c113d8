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
	Kind    string `json:"kind,omitempty"` // one of the Kind constants; picks the level facet
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
	Kind string `json:"kind"` // one of the Kind constants
}

// Place kinds as Place.Kind and PlaceRef.Kind carry them.
const (
	KindCountry = "country"
	KindRegion  = "region"
	KindArea    = "area"   // informal or historical region ("Donbas"); counted with regions
	KindCounty  = "county" // second-level division (a US county); counted with regions
	KindCity    = "city"

	// Places that are no division of a country; the facets list them
	// under "other places", never as regions.
	KindWater     = "water"     // rivers, seas and lakes
	KindContinent = "continent" // continents and world regions ("Europe")
	KindUnion     = "union"     // unions of countries ("European Union")
)

// Doc is one article in the index.
type Doc struct {
	ID     string // stable article id (hex hash of the canonical URL), assigned by the caller
	URL    string
	Title  string
	Text   string
	Author string
	// Site is the outlet's name as the page gives it (og:site_name, a
	// title's suffix) or its host. The index shows every article of a
	// host under one name, Outlet: the name most of the host's articles
	// give, else the host (see sites.go).
	Site      string
	Outlet    string     // the site name shown; filled by Get, ignored by Put and Write
	Lang      string     // "en", "ru", "uk", ... (picks the analyzer)
	Published *time.Time // nil when unknown
	Modified  *time.Time // last updated, as the page says; nil when unknown
	Image     string     // lead image URL on the original site; "" if none
	Captured  time.Time
	Places    []Place
	// Sources are the archived captures the article was built from: one
	// per URL it was captured at (a page's own URL, the same page with
	// utm_ parameters, another section's URL whose page names this one
	// as canonical), newest first. The first is the capture the title and
	// text come from; Captured is its time.
	Sources []Source
}

// Source is one archived capture an article was built from: the URL it
// was captured at (as archived, which may differ from the article's
// canonical URL) and when.
type Source struct {
	URL  string    `json:"url"`
	Time time.Time `json:"time"`
	Seq  uint64    `json:"seq,omitempty"` // the capture's place in the archive's log
}

// ErrNotFound is returned by Get for an unknown id.
var ErrNotFound = errors.New("not found")

// Request is a search request; zero values mean "no filter".
//
// Filters follow the faceted-search convention: several values of one
// facet match any of them (OR), different facets must all match (AND).
// Places are one facet per level: Places holding Ukraine and Russia finds
// articles about either; holding Ukraine and Kharkiv Oblast, articles about
// Kharkiv Oblast (in Ukraine). A filter by a place finds the articles about
// it and about every place inside it.
type Request struct {
	Query  string     // user query in Gazette's query language (see qparse.go); "" lists everything
	Places []string   // place ids: OR within a level (countries, regions, cities, other places), AND across levels
	From   *time.Time // published on or after (day granularity, inclusive)
	To     *time.Time // published on or before (inclusive, whole day)
	// Undated says what to do with articles without a publication date:
	// "" keeps them unless From or To is set; UndatedOnly keeps only
	// them (From and To must be unset); UndatedInclude keeps them beside
	// the date range; UndatedExclude drops them.
	Undated string
	Langs   []string // languages ("en", "ru"); any of them
	Sites   []string // site names; any of them
	Near    *Near    // articles about a place within a radius; nil for none
	BBox    *BBox    // articles about a place inside a box; nil for none
	Sort    string   // "relevance" (default), "newest", "oldest"
	Page    int      // 1-based; default 1
	Size    int      // default 10, max 100

	// Interval forces the timeline's bar width ("day", "week", "month",
	// "year"); "" picks the finest that gives at most about 100 bars.
	Interval string
	// More names facets (FacetCountries, FacetSites, ...) to return in
	// full, up to MaxFacetValues values, instead of their first values.
	More []string

	// known holds the index's entries for the Places ids (their levels),
	// looked up by Search before the filters are built.
	known map[string]treeEntry
}

// Values of Request.Undated.
const (
	UndatedOnly    = "only"
	UndatedInclude = "include"
	UndatedExclude = "exclude"
)

// Timeline intervals, finest first.
const (
	IntervalDay   = "day"
	IntervalWeek  = "week"
	IntervalMonth = "month"
	IntervalYear  = "year"
)

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

// Facets counts the filtered result set by place, date, language and site.
//
// Every count is the number of articles that filtering by that value
// gives: a place counts the articles about it or about any place inside
// it, so Kharkiv Oblast counts Izium's articles too, and has the same count
// in every list. Facets with a value chosen are counted disjunctively: over
// the results of every filter but their own, so the other values of that
// facet keep their counts and can be added (OR).
type Facets struct {
	// Places is every place of the levels below in one list, by count
	// desc (the first 50).
	Places []PlaceCount `json:"places"`
	// PlaceLevels splits the places by level. Regions lists only the
	// regions of the chosen countries, cities only those of the chosen
	// regions (or countries): choosing a place drills down.
	PlaceLevels PlaceLevels `json:"place_levels"`
	Dates       []DateCount `json:"dates"` // by month; undated docs in key "undated" (from/to empty); ordered by key
	// Timeline counts the results by day, week, month or year; its
	// buckets and Undated add up to the total.
	Timeline Timeline    `json:"timeline"`
	Langs    []TermCount `json:"langs"`
	Sites    []TermCount `json:"sites"`
	// Omitted says, per facet name, how many values were left out of its
	// list (see Request.More); facets that are complete are absent.
	Omitted map[string]int `json:"omitted,omitempty"`
}

// Facet names, as Request.More and Facets.Omitted use them.
const (
	FacetPlaces    = "places"
	FacetCountries = "countries"
	FacetRegions   = "regions"
	FacetCities    = "cities"
	FacetOther     = "other"
	FacetLangs     = "langs"
	FacetSites     = "sites"
)

// MaxFacetValues bounds a facet list asked for in full (Request.More).
const MaxFacetValues = 1000

// PlaceLevels is the place facet split by level; each list is by count
// desc. Regions include informal areas such as Donbas and counties; Other
// holds rivers, seas, continents and unions, which are no region.
type PlaceLevels struct {
	Countries []PlaceCount `json:"countries"`
	Regions   []PlaceCount `json:"regions"`
	Cities    []PlaceCount `json:"cities"`
	Other     []PlaceCount `json:"other"`
}

// PlaceCount is one place facet bucket.
type PlaceCount struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Count  int    `json:"count"`
	Parent string `json:"parent,omitempty"` // id of the place it lies in (Kharkiv Oblast for Izium); "" at the top
}

// Timeline is the date facet as a bar chart: one bucket per interval from
// the first to the last date of the results (or of the From..To range),
// empty buckets included.
type Timeline struct {
	Interval string   `json:"interval"` // IntervalDay, IntervalWeek, IntervalMonth or IntervalYear
	Buckets  []Bucket `json:"buckets"`
	Undated  int      `json:"undated"` // articles without a date
}

// Bucket is one bar of the timeline: the articles published From..To
// (YYYY-MM-DD, both inclusive).
type Bucket struct {
	From  string `json:"from"`
	To    string `json:"to"`
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
