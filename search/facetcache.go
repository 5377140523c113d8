package search

import (
	"container/list"
	"encoding/json"
	"maps"
	"slices"
	"strconv"
	"sync"
)

// Facets are counted over every hit of a search, which makes them the
// dear part of a search over a large result set (the front page counts the
// whole archive). They depend only on what is searched and filtered, not on
// the page or the sort order, and change only when the index does; so the
// Index keeps the facets of recent searches, keyed by request and by the
// index's write generation, and a search whose facets are known asks Bleve
// for the page of hits alone.

// facetCacheSize is how many searches' facets are kept.
const facetCacheSize = 128

// facetCache is a small LRU of facets by facetKey. It is safe for
// concurrent use.
type facetCache struct {
	mu    sync.Mutex
	order *list.List // of *facetEntry, most recent first
	byKey map[string]*list.Element
}

type facetEntry struct {
	key    string
	facets Facets
}

func newFacetCache() *facetCache {
	return &facetCache{order: list.New(), byKey: map[string]*list.Element{}}
}

// facetKey identifies the result set of a request at a write generation:
// query, filters and facet options, not page, size or sort. It is the
// request itself in JSON, so that a field added to Request is part of the
// key without anyone remembering to add it here.
func facetKey(r Request, gen uint64) string {
	r.Page, r.Size, r.Sort = 0, 0, ""
	b, err := json.Marshal(r)
	if err != nil {
		return "" // not cacheable; callers treat "" as a miss
	}
	return strconv.FormatUint(gen, 10) + " " + string(b)
}

// get returns the facets stored under key, if any.
func (c *facetCache) get(key string) (Facets, bool) {
	if key == "" {
		return Facets{}, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.byKey[key]
	if !ok {
		return Facets{}, false
	}
	c.order.MoveToFront(el)
	return cloneFacets(el.Value.(*facetEntry).facets), true
}

// cloneFacets copies the lists of f, so that no caller can change what the
// cache holds.
func cloneFacets(f Facets) Facets {
	f.Places = slices.Clone(f.Places)
	f.PlaceLevels.Countries = slices.Clone(f.PlaceLevels.Countries)
	f.PlaceLevels.Regions = slices.Clone(f.PlaceLevels.Regions)
	f.PlaceLevels.Cities = slices.Clone(f.PlaceLevels.Cities)
	f.PlaceLevels.Other = slices.Clone(f.PlaceLevels.Other)
	f.Dates = slices.Clone(f.Dates)
	f.Timeline.Buckets = slices.Clone(f.Timeline.Buckets)
	f.Omitted = maps.Clone(f.Omitted)
	f.Langs = slices.Clone(f.Langs)
	f.Sites = slices.Clone(f.Sites)
	return f
}

// put stores facets under key, dropping the least recently used entry when
// full.
func (c *facetCache) put(key string, f Facets) {
	if key == "" {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.byKey[key]; ok {
		el.Value.(*facetEntry).facets = cloneFacets(f)
		c.order.MoveToFront(el)
		return
	}
	c.byKey[key] = c.order.PushFront(&facetEntry{key: key, facets: cloneFacets(f)})
	if c.order.Len() > facetCacheSize {
		last := c.order.Back()
		c.order.Remove(last)
		delete(c.byKey, last.Value.(*facetEntry).key)
	}
}
