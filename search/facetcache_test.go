package search

import (
	"testing"
)

// TestFacetsFollowWrites: facets are reused across pages and sort orders of
// the same search, never after the index changed, and never shared between
// different searches.
func TestFacetsFollowWrites(t *testing.T) {
	ix := openTemp(t)
	if err := ix.Put(hierarchyDocs()...); err != nil {
		t.Fatal(err)
	}
	countries := func(res *Result) map[string]int {
		m := map[string]int{}
		for _, pc := range res.Facets.PlaceLevels.Countries {
			m[pc.ID] = pc.Count
		}
		return m
	}
	first := mustSearch(t, ix, Request{Size: 2})
	if got := countries(first); got["UA"] != 3 || got["LV"] != 1 {
		t.Fatalf("countries = %v", got)
	}
	// Another page and order of the same search: the same facets, other hits.
	second := mustSearch(t, ix, Request{Size: 2, Page: 2, Sort: "oldest"})
	if got := countries(second); got["UA"] != 3 || got["LV"] != 1 || len(second.Hits) == 0 || second.Hits[0].ID == first.Hits[0].ID {
		t.Errorf("page 2: countries %v, hits %v", got, hitIDs(second))
	}
	// A caller changing the facets it got changes nothing for the next one.
	second.Facets.PlaceLevels.Countries[0].Count = 99
	if got := countries(mustSearch(t, ix, Request{Size: 2})); got["UA"] != 3 {
		t.Errorf("facets changed through a result: %v", got)
	}
	// A filtered search has its own facets.
	if got := countries(mustSearch(t, ix, Request{Places: []string{"LV.25"}})); got["UA"] != 0 || got["LV"] != 1 {
		t.Errorf("filtered countries = %v", got)
	}
	// A write is seen at once.
	d := hierarchyDocs()[3] // Riga
	d.ID = "riga-2"
	if err := ix.Put(d); err != nil {
		t.Fatal(err)
	}
	if got := countries(mustSearch(t, ix, Request{Size: 2})); got["LV"] != 2 {
		t.Errorf("after a write, countries = %v, want LV 2", got)
	}
}

func TestFacetCacheEvicts(t *testing.T) {
	c := newFacetCache()
	for i := 0; i < facetCacheSize+10; i++ {
		c.put(facetKey(Request{Query: string(rune('a' + i%26)), Langs: []string{string(rune('a' + i/26))}}, 1), Facets{Langs: []TermCount{{Key: "en", Count: i}}})
	}
	if n := c.order.Len(); n != facetCacheSize {
		t.Errorf("%d entries, want %d", n, facetCacheSize)
	}
	if _, ok := c.get(facetKey(Request{Query: "a", Langs: []string{"a"}}, 1)); ok {
		t.Error("the oldest entry was kept")
	}
	if f, ok := c.get(facetKey(Request{Query: string(rune('a' + (facetCacheSize+9)%26)), Langs: []string{string(rune('a' + (facetCacheSize+9)/26))}}, 1)); !ok || f.Langs[0].Count != facetCacheSize+9 {
		t.Errorf("the newest entry: %v, %v", f, ok)
	}
	if _, ok := c.get(facetKey(Request{Query: "a", Langs: []string{"a"}}, 2)); ok {
		t.Error("an entry answered for another generation")
	}
}
