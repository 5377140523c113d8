package search

import (
	"context"
	"slices"
	"testing"
	"time"
)

// TestBoost: a user's boost (word^3) raises the score of what it matches,
// whatever the form of the boosted part: an unfielded word (which searches
// nine fields), a phrase, a proximity, a fuzzy word, a prefix, a fielded
// word, a site and a place. Each row boosts one side and then the other,
// over documents that score alike without a boost, so each order can come
// only from the boost. Gazette's search and Bleve's own path must agree.
func TestBoost(t *testing.T) {
	ix := openTemp(t)
	published := time.Date(2023, 4, 1, 0, 0, 0, 0, time.UTC)
	doc := func(id, site, place, title, text string) Doc {
		return Doc{ID: id, URL: "https://" + site + "/" + id, Title: title, Text: text, Site: site, Lang: "en",
			Published: &published, Places: []Place{{ID: place, Name: place, Country: "UA"}}}
	}
	docs := []Doc{
		// A and B mirror each other word for word.
		doc("a", "north.example", "UA.07", "Morning notes",
			"The lighthouse keeper wrote again about the lighthouse keeper and his boat."),
		doc("b", "south.example", "UA.63", "Evening notes",
			"The orchard keeper wrote again about the orchard keeper and his boat."),
		// C and D hold both words, in mirrored numbers, for AND.
		doc("c", "east.example", "UA.14", "Noon notes",
			"The lighthouse stood over the lighthouse path and the orchard by the boat."),
		doc("d", "west.example", "UA.14", "Dusk notes",
			"The orchard stood over the orchard path and the lighthouse by the boat."),
	}
	for i := range 6 {
		docs = append(docs, doc("filler"+string(rune('0'+i)), "other.example", "UA.14", "Other notes",
			"A boat left the quay at dawn and came back by the evening tide."))
	}
	if err := ix.Put(docs...); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		x, y   string // the parts: x matches first, y matches second
		first  string // the document only x (or mostly x) matches
		second string
		and    bool // x y rather than x OR y
	}{
		{"word", "lighthouse", "orchard", "a", "b", false},
		{"word, AND", "lighthouse", "orchard", "c", "d", true},
		{"phrase", `"lighthouse keeper"`, `"orchard keeper"`, "a", "b", false},
		{"proximity", `"keeper lighthouse"~2`, `"keeper orchard"~2`, "a", "b", false},
		{"fuzzy", "lighthuose~1", "orchrad~1", "a", "b", false},
		{"prefix", "lighth*", "orch*", "a", "b", false},
		{"title:", "title:morning", "title:evening", "a", "b", false},
		{"text:", "text:lighthouse", "text:orchard", "a", "b", false},
		{"site:", "site:north.example", "site:south.example", "a", "b", false},
		{"place:", "place:UA.07", "place:UA.63", "a", "b", false},
	}
	ctx := context.Background()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			op := " OR "
			if tt.and {
				op = " "
			}
			for _, c := range []struct {
				query        string
				above, below string
			}{
				{tt.x + "^3" + op + tt.y, tt.first, tt.second},
				{tt.x + op + tt.y + "^3", tt.second, tt.first},
			} {
				r := Request{Query: c.query, Size: 20}
				res := mustSearch(t, ix, r)
				ref, err := ix.searchBleve(ctx, r)
				if err != nil {
					t.Fatalf("%s: Bleve: %v", c.query, err)
				}
				for side, ids := range map[string][]string{"Gazette": hitIDs(res), "Bleve": hitIDs(ref)} {
					i, j := slices.Index(ids, c.above), slices.Index(ids, c.below)
					if i < 0 || j < 0 || i > j {
						t.Errorf("%s (%s): hits %v, want %s above %s", c.query, side, ids, c.above, c.below)
					}
				}
			}
		})
	}
}
