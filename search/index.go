package search

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/blevesearch/bleve/v2"
	index "github.com/blevesearch/bleve_index_api"
)

// Index is Gazette's search index, a Bleve index on disk. It is safe for
// concurrent use.
type Index struct {
	bleve  bleve.Index
	gen    atomic.Uint64 // write generation: Put adds one
	facets *facetCache   // facets of recent searches, by request and generation
	// modified is when the index last changed, in Unix nanoseconds (see modified.go).
	modified atomic.Int64
	places   Places     // resolves place: and near: names; nil until SetPlaces
	writeMu  sync.Mutex // one write at a time: it updates sites
	sites    siteTable  // names given per host (see sites.go); under writeMu
	segs     *segCache  // what searches read of each segment (segcache.go)
	prep     *preparer  // reads segs in the background (prepare.go)
	// prepareHook, when a test sets it before Prepare, is called as a
	// preparer starts on a segment.
	prepareHook func(ctx context.Context, d *segData)
	observer    atomic.Pointer[SearchObserver] // told of every search (see observe.go)
	lev         levBuilders                    // did-you-mean's fuzzy automata (didyoumean.go)
	window      int                            // how deep Search pages (Options.Window); never 0
	mergeCap    int                            // the most documents of a segment scorch merges (Options.mergeCap)
	pageBufs    sync.Pool                      // *pageBuf: the texts of a page's hits (collect.go)
}

// Options tune an index as it is opened; the zero value is Gazette's
// defaults.
type Options struct {
	// Window is how deep Search pages: a page that ends past the first
	// Window results is a *QueryError. 0 (or more than 10,000) means
	// 10,000.
	// It bounds the cost of one search (the ranker keeps page*size hits);
	// Each has no window. Tests set it small to reach past it without
	// indexing 10,000 articles.
	Window int

	// mergeDocs leaves segments of more than mergeDocs documents out of
	// scorch's merges; 0 means maxSegmentDocs. The tests that need an
	// index of several segments set 1, so that each batch stays a
	// segment of its own however slowly they run.
	mergeDocs int
}

// mergeCap is the most documents of a segment scorch merges.
func (o Options) mergeCap() int {
	if o.mergeDocs <= 0 {
		return maxSegmentDocs
	}
	return o.mergeDocs
}

// window is o.Window within 1..maxWindow.
func (o Options) window() int {
	if o.Window <= 0 || o.Window > maxWindow {
		return maxWindow
	}
	return o.Window
}

// internalVersionKey is the Bleve internal key holding mappingVersion.
var internalVersionKey = []byte("gazette_mapping_version")

// ErrLayout is returned (wrapped) by Open for an index built with another
// layout (fields, analyzers) than this Gazette's. Such an index cannot be
// read correctly; it is to be built again from the archive.
var ErrLayout = errors.New("index layout of another Gazette version")

// Open opens the Bleve index at path, creating it with Gazette's mapping
// when missing; an index of another layout is an error wrapping ErrLayout.
func Open(path string) (*Index, error) { return OpenWith(path, Options{}) }

// OpenWith is Open with options.
func OpenWith(path string, o Options) (*Index, error) {
	b, err := bleve.OpenUsing(path, runtimeConfig(o.mergeCap()))
	if errors.Is(err, bleve.ErrorIndexPathDoesNotExist) {
		return create(path, o)
	}
	if err != nil {
		return nil, fmt.Errorf("search: open index %s: %w", path, err)
	}
	v, err := b.GetInternal(internalVersionKey)
	if err != nil {
		b.Close()
		return nil, fmt.Errorf("search: read index version in %s: %w", path, err)
	}
	if string(v) != mappingVersion {
		b.Close()
		return nil, fmt.Errorf("search: index %s has layout %q, this Gazette needs %q: %w", path, v, mappingVersion, ErrLayout)
	}
	modified, err := loadModified(b)
	if err != nil {
		b.Close()
		return nil, fmt.Errorf("%w in %s", err, path)
	}
	sites, err := loadSites(b)
	if err != nil {
		b.Close()
		return nil, fmt.Errorf("%w in %s", err, path)
	}
	ix := &Index{bleve: b, facets: newFacetCache(), segs: newSegCache(), sites: sites, window: o.window(), mergeCap: o.mergeCap()}
	ix.modified.Store(modified)
	return ix, nil
}

// maxSegmentDocs caps the documents in one segment that scorch's merger
// makes. A merge reads (maps) all its input segments, so without a cap the
// merges of a large import map ever larger segments, up to scorch's default
// of 5 million documents: at 417,000 articles one merge held 1.5 GB mapped.
// At 50,000 articles (about 400 MB on disk) a merge stays well inside the
// memory an import may use, and a million articles are some 20 segments.
const maxSegmentDocs = 50000

// runtimeConfig is the scorch configuration of every open of the index,
// segments of more than maxDocs documents left out of merges.
func runtimeConfig(maxDocs int) map[string]interface{} {
	return map[string]interface{}{
		// A second opener fails instead of waiting forever for the lock
		// held by another process.
		"bolt_timeout": "5s",
		// Options not given keep scorch's defaults.
		"scorchMergePlanOptions": map[string]interface{}{"MaxSegmentSize": maxDocs},
		// New segments are prepared for searches as they come (prepare.go).
		"eventCallbackName": eventCallbackName,
	}
}

func create(path string, o Options) (*Index, error) {
	m := newMapping()
	if err := m.Validate(); err != nil {
		return nil, fmt.Errorf("search: invalid mapping: %w", err)
	}
	b, err := bleve.NewUsing(path, m, bleve.Config.DefaultIndexType, bleve.Config.DefaultKVStore, runtimeConfig(o.mergeCap()))
	if err != nil {
		return nil, fmt.Errorf("search: create index %s: %w", path, err)
	}
	if err := b.SetInternal(internalVersionKey, []byte(mappingVersion)); err != nil {
		b.Close()
		return nil, fmt.Errorf("search: write index version in %s: %w", path, err)
	}
	ix := &Index{bleve: b, facets: newFacetCache(), segs: newSegCache(), sites: siteTable{}, window: o.window(), mergeCap: o.mergeCap()}
	ix.modified.Store(time.Now().UnixNano())
	return ix, nil
}

// Close closes the index.
func (ix *Index) Close() error {
	ix.stopPreparing()
	if err := ix.bleve.Close(); err != nil {
		return fmt.Errorf("search: close index: %w", err)
	}
	return nil
}

// Count returns the number of documents in the index.
func (ix *Index) Count() (uint64, error) {
	n, err := ix.bleve.DocCount()
	if err != nil {
		return 0, fmt.Errorf("search: count: %w", err)
	}
	return n, nil
}

// Put upserts documents in one Bleve batch. A document with the ID of one
// already indexed replaces it. Documents without an ID are refused and
// nothing is written.
func (ix *Index) Put(docs ...Doc) error {
	if len(docs) == 0 {
		return nil
	}
	ix.writeMu.Lock()
	defer ix.writeMu.Unlock()
	batch, commitSites, err := ix.newBatch(docs)
	if err != nil {
		return fmt.Errorf("search: put: %w", err)
	}
	// A new generation before and after the batch: facets counted while it
	// is applied may hold part of it, and are never used afterwards.
	ix.gen.Add(1)
	modified := ix.touch(batch)
	err = ix.bleve.Batch(batch)
	ix.gen.Add(1) // also after a failed batch, which may have written part
	ix.modified.Store(modified)
	if err != nil {
		return fmt.Errorf("search: put %d documents: %w", len(docs), err)
	}
	commitSites()
	return nil
}

// Get returns one document; ErrNotFound when the id is unknown.
func (ix *Index) Get(id string) (Doc, error) {
	bd, err := ix.bleve.Document(id)
	if err != nil {
		return Doc{}, fmt.Errorf("search: get %s: %w", id, err)
	}
	if bd == nil {
		return Doc{}, fmt.Errorf("search: get %s: %w", id, ErrNotFound)
	}
	f := storedFields{id: id}
	bd.VisitFields(func(field index.Field) { f.visit(field.Name(), field.Value()) })
	d, err := f.doc()
	if err != nil {
		return Doc{}, fmt.Errorf("search: get %s: %w", id, err)
	}
	return d, nil
}

// storedDoc is the stored JSON of a document ("source" field): everything
// Hits and Get need except the text, which is stored in its text_* field
// for highlighting.
type storedDoc struct {
	URL       string        `json:"url,omitempty"`
	Title     string        `json:"title,omitempty"`
	Author    string        `json:"author,omitempty"`
	Site      string        `json:"site,omitempty"`   // as the page gives it (Doc.Site)
	Outlet    string        `json:"outlet,omitempty"` // as shown (Doc.Outlet)
	Lang      string        `json:"lang,omitempty"`
	Published *time.Time    `json:"published,omitempty"`
	Modified  *time.Time    `json:"modified,omitempty"`
	Image     string        `json:"image,omitempty"`
	Captured  time.Time     `json:"captured"`
	Places    []storedPlace `json:"places,omitempty"`
	Sources   []Source      `json:"sources,omitempty"`
}

// storedPlace is Place with its name variants, which Place's JSON leaves out.
type storedPlace struct {
	ID        string     `json:"id"`
	Name      string     `json:"name"`
	Country   string     `json:"country,omitempty"`
	Kind      string     `json:"kind,omitempty"`
	Ancestors []PlaceRef `json:"ancestors,omitempty"`
	Names     []string   `json:"names,omitempty"`
	Lat       float64    `json:"lat,omitempty"`
	Lon       float64    `json:"lon,omitempty"`
}

// Bleve stores dates as int64 nanoseconds; these years are safely inside.
const (
	minYear = 1700
	maxYear = 2200
)

// indexFields turns a Doc into the field map Bleve indexes with newMapping,
// shown under the site name outlet (see sites.go).
func indexFields(d Doc, outlet string) (map[string]interface{}, error) {
	if d.Published != nil && d.Published.IsZero() {
		d.Published = nil // a zero time is "unknown", like nil
	}
	if d.Published != nil && (d.Published.Year() < minYear || d.Published.Year() > maxYear) {
		return nil, fmt.Errorf("published date %s is outside %d to %d", d.Published.Format(time.RFC3339), minYear, maxYear)
	}
	sd := storedDoc{
		URL: d.URL, Title: d.Title, Author: d.Author, Site: d.Site, Outlet: outlet, Lang: d.Lang,
		Published: d.Published, Modified: d.Modified, Image: d.Image, Captured: d.Captured, Sources: d.Sources,
	}
	var names []string
	for _, p := range d.Places {
		if p.ID == "" {
			return nil, errors.New("place without ID")
		}
		if strings.ContainsAny(p.ID, "|/") {
			return nil, fmt.Errorf("place id %q holds | or /", p.ID)
		}
		for _, a := range p.Ancestors {
			if a.ID == "" {
				return nil, fmt.Errorf("place %s: ancestor without ID", p.ID)
			}
			if strings.ContainsAny(a.ID, "|/") {
				return nil, fmt.Errorf("place %s: ancestor id %q holds | or /", p.ID, a.ID)
			}
		}
		sd.Places = append(sd.Places, storedPlace{ID: p.ID, Name: p.Name, Country: p.Country, Kind: p.Kind, Ancestors: p.Ancestors, Names: p.Names, Lat: p.Lat, Lon: p.Lon})
		names = append(names, p.Name)
		names = append(names, p.Names...)
	}
	// The place filter and the place facets hold the same places: what a
	// facet counts is what its filter finds.
	tree := placeTree(d.Places)
	ids := make([]string, 0, len(tree))
	treeTerms := make([]string, 0, len(tree))
	for _, e := range tree {
		ids = append(ids, e.id)
		treeTerms = append(treeTerms, e.term())
	}
	source, err := json.Marshal(sd)
	if err != nil {
		return nil, fmt.Errorf("encode stored fields: %w", err)
	}

	lang := analysisLang(d.Lang)
	f := map[string]interface{}{
		fieldSource:         string(source),
		titleField(lang):    d.Title,
		textField(lang):     d.Text,
		textPairField(lang): d.Text,
		fieldURL:            d.URL,
		fieldAuthor:         d.Author,
		fieldSite:           siteKeys(outlet, d.URL),
		fieldSiteFacet:      outlet,
		fieldHost:           hostOf(d.URL),
		fieldLang:           primaryLang(d.Lang),
		fieldMonth:          undated,
		fieldPlace:          ids,
		fieldPlaceTree:      treeTerms,
		fieldPlaceNames:     names,
		fieldWords:          d.Title + "\n" + d.Text,
	}
	if g := geoPoints(d.Places); g != nil {
		f[fieldGeo] = g
	}
	if d.Published != nil {
		p := *d.Published
		day := dayOf(p)
		f[fieldPublished] = p
		f[fieldDay] = day
		f[fieldPubDay] = day.Format(time.DateOnly)
		f[fieldMonth] = day.Format("2006-01")
	}
	return f, nil
}

// siteKeys returns the site filter's values for an article: its site's
// name and its URL's host, lowercased, so that site:"Kharkiv Courier" and
// site:kharkiv-courier.example both find the outlet's articles.
func siteKeys(site, rawURL string) []string {
	var keys []string
	if s := strings.ToLower(strings.TrimSpace(site)); s != "" {
		keys = append(keys, s)
	}
	if u, err := url.Parse(rawURL); err == nil && u.Host != "" {
		keys = appendNew(keys, strings.TrimPrefix(strings.ToLower(u.Hostname()), "www."))
	}
	return keys
}

// dayOf returns the calendar day of t, in t's own zone, as midnight UTC: an
// article published on 1 March in Kyiv counts as 1 March whatever the zone
// of the server or the reader.
func dayOf(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// decodeSource rebuilds a Doc (without Text) from the stored JSON.
func decodeSource(id, source string) (Doc, error) {
	d := Doc{ID: id}
	if source == "" {
		return d, errors.New("document has no stored fields")
	}
	var sd storedDoc
	if err := json.Unmarshal([]byte(source), &sd); err != nil {
		return d, fmt.Errorf("decode stored fields: %w", err)
	}
	d.URL, d.Title, d.Author, d.Site, d.Outlet, d.Lang = sd.URL, sd.Title, sd.Author, sd.Site, sd.Outlet, sd.Lang
	if d.Outlet == "" {
		d.Outlet = strings.Join(strings.Fields(sd.Site), " ")
	}
	d.Published, d.Modified, d.Image, d.Captured = sd.Published, sd.Modified, sd.Image, sd.Captured
	d.Sources = sd.Sources
	for _, p := range sd.Places {
		d.Places = append(d.Places, Place{ID: p.ID, Name: p.Name, Country: p.Country, Kind: p.Kind, Ancestors: p.Ancestors, Names: p.Names, Lat: p.Lat, Lon: p.Lon})
	}
	return d, nil
}

// appendNew appends s unless list holds it already.
func appendNew(list []string, s string) []string {
	if slices.Contains(list, s) {
		return list
	}
	return append(list, s)
}
