package search

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
)

// marked returns the parts of s the spans cover.
func marked(s string, spans []Span) []string {
	var out []string
	for _, sp := range spans {
		out = append(out, s[sp.Start:sp.End])
	}
	return out
}

func TestMatches(t *testing.T) {
	ix := fixtureIndex(t)
	ctx := context.Background()
	tests := []struct {
		id, q       string
		title, text []string
	}{
		// The word as the English analyser stems it, in title and text.
		{"en-izium", "repairs", []string{"repairs"}, []string{"repair"}},
		{"en-izium", "bridge", []string{"Bridge"}, []string{"bridge"}},
		// A phrase marks its words; a negated word is not what brought the reader.
		{"en-izium", `"river bridge" NOT ferry`, nil, []string{"river", "bridge"}},
		// Izyum finds the Russian article through its place names: Изюм is marked.
		{"ru-izium", "Izyum", []string{"Изюме"}, []string{"Изюм"}},
		// Russian stemming: пекарни matches пекарня in the title.
		{"ru-izium", "пекарня", []string{"пекарня"}, []string{"пекарни"}},
		// A query the article does not match marks nothing.
		{"en-izium", "ferry", nil, nil},
		{"en-izium", "", nil, nil},
	}
	for _, tt := range tests {
		m, err := ix.Matches(ctx, tt.id, tt.q)
		if err != nil {
			t.Fatalf("Matches(%s, %q): %v", tt.id, tt.q, err)
		}
		doc, err := ix.Get(tt.id)
		if err != nil {
			t.Fatal(err)
		}
		if got := marked(doc.Title, m.Title); !slices.Equal(got, tt.title) {
			t.Errorf("Matches(%s, %q) title = %q, want %q", tt.id, tt.q, got, tt.title)
		}
		if got := marked(doc.Text, m.Text); !slices.Equal(got, tt.text) {
			t.Errorf("Matches(%s, %q) text = %q, want %q", tt.id, tt.q, got, tt.text)
		}
	}

	var qe *QueryError
	if _, err := ix.Matches(ctx, "en-izium", "(bridge"); !errors.As(err, &qe) {
		t.Errorf("Matches with a malformed query: err = %v, want a *QueryError", err)
	}
}

func TestPlaceMentions(t *testing.T) {
	izium := Place{ID: "707292", Name: "Izium", Names: []string{"Izyum", "Изюм", "Ізюм"}}
	oblast := Place{ID: "UA.07", Name: "Kharkiv Oblast", Names: []string{"Харківська область"}}
	kharkiv := Place{ID: "706483", Name: "Kharkiv", Names: []string{"Kharkov", "Харків", "Харьков"}}
	places := []Place{izium, oblast, kharkiv}
	tests := []struct {
		text string
		want []string // mention text and place id
	}{
		{"Izyum and Kharkiv Oblast, then Kharkov.", []string{"Izyum=707292", "Kharkiv Oblast=UA.07", "Kharkov=706483"}},
		// Case endings: Ізюмі, Харькова; not a longer word that merely starts alike.
		{"В Ізюмі и Харькова; Ізюмщиною ні.", []string{"Ізюмі=707292", "Харькова=706483"}},
		// Inside another word, or more than a case ending after it: no mention.
		{"Prekharkiv is no place; nor is Kharkivshchyna.", nil},
		{"", nil},
	}
	for _, tt := range tests {
		var got []string
		for _, m := range PlaceMentions(tt.text, places) {
			got = append(got, tt.text[m.Start:m.End]+"="+m.Place.ID)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("PlaceMentions(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestSimilar(t *testing.T) {
	ix := fixtureIndex(t)
	ctx := context.Background()

	hits, err := ix.Similar(ctx, "en-izium", 5)
	if err != nil {
		t.Fatal(err)
	}
	ids := hitIDs(&Result{Hits: hits})
	if slices.Contains(ids, "en-izium") {
		t.Errorf("Similar lists the article itself: %v", ids)
	}
	// The Russian article about Izium shares its place, not its words.
	if !slices.Contains(ids, "ru-izium") {
		t.Errorf("Similar(en-izium) = %v, want the Russian Izium article among them", ids)
	}
	// Articles about nothing the Izium article is about are not similar.
	for _, unrelated := range []string{"en-ferry", "en-harbour"} {
		if slices.Contains(ids, unrelated) {
			t.Errorf("Similar(en-izium) = %v, lists unrelated %s", ids, unrelated)
		}
	}
	if len(hits) > 0 && (hits[0].Title == "" || !strings.Contains(hits[0].URL, "://")) {
		t.Errorf("Similar hits carry no title or URL: %+v", hits[0])
	}

	if _, err := ix.Similar(ctx, "no-such-article", 5); !errors.Is(err, ErrNotFound) {
		t.Errorf("Similar of an unknown id: err = %v, want ErrNotFound", err)
	}
}
