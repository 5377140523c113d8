package search

import (
	"context"
	"slices"
	"testing"
)

// TestSuggestTitles completes typed text from the titles of the fixture
// articles, in every analysis language.
func TestSuggestTitles(t *testing.T) {
	ix := openTemp(t)
	if err := ix.Put(fixtures(t)...); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		typed string
		limit int
		want  []string
	}{
		{"bri", 10, []string{"Bridge repairs begin near Izium"}},
		{"Bridge rep", 10, []string{"Bridge repairs begin near Izium"}},
		{"repairs", 10, []string{"Bridge repairs begin near Izium"}},      // a finished word, stemmed in the index
		{"the bridge r", 10, []string{"Bridge repairs begin near Izium"}}, // a stop word is no obstacle
		{"bridge ne", 10, []string{"Bridge repairs begin near Izium"}},    // nor is one being typed ("near")
		{"bridge zzz", 10, []string{"Bridge repairs begin near Izium"}},   // nor a word no title has, once one is finished
		{"Харь", 10, []string{"Харьков готовится к весне"}},
		{"нову біб", 10, []string{"Місто Харків відкрило нову бібліотеку"}},
		{"Charkiw ver", 10, []string{"Wahlen in Charkiw verschoben"}},
		{"bridge ", 10, []string{"Bridge repairs begin near Izium"}},
		{"bri ", 10, nil}, // "bri" is finished: no title has that word
		{"zzz", 10, nil},
		{"  ", 10, nil},
		{"!!", 10, nil},
	} {
		got, err := ix.SuggestTitles(context.Background(), c.typed, c.limit)
		if err != nil {
			t.Errorf("%q: %v", c.typed, err)
			continue
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%q: %q, want %q", c.typed, got, c.want)
		}
	}
	// Two titles have a word starting with "f" (ferry, fees); the limit
	// bounds the answer.
	all, err := ix.SuggestTitles(context.Background(), "f", 10)
	slices.Sort(all)
	if want := []string{"Ferry timetable changes for winter", "Harbour fees rise"}; err != nil || !slices.Equal(all, want) {
		t.Errorf(`"f": %q, %v; want %q`, all, err, want)
	}
	one, err := ix.SuggestTitles(context.Background(), "f", 1)
	if err != nil || len(one) != 1 {
		t.Errorf(`"f" with limit 1: %q, %v`, one, err)
	}
}

// BenchmarkSuggestTitles measures a suggestion as the browser asks for one
// at every key press, on 5,000 generated articles: a one-letter prefix
// (the widest) and two words.
func BenchmarkSuggestTitles(b *testing.B) {
	ix := benchIndex(b, 5000)
	for _, typed := range []string{"r", "bridge r", "мост р"} {
		b.Run(typed, func(b *testing.B) {
			for b.Loop() {
				if _, err := ix.SuggestTitles(context.Background(), typed, 10); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestPlaceArticles counts the articles a place filter finds from the term
// dictionary, and agrees with a search.
func TestPlaceArticles(t *testing.T) {
	ix := openTemp(t)
	if err := ix.Put(fixtures(t)...); err != nil {
		t.Fatal(err)
	}
	ids := []string{"UA", "UA.07", "706483", "7062", "nowhere", ""}
	got, err := ix.PlaceArticles(ids)
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range ids[:5] {
		res, err := ix.Search(context.Background(), Request{Places: []string{id}, Size: 1})
		if err != nil {
			t.Fatal(err)
		}
		if got[id] != res.Total {
			t.Errorf("%s: %d articles, a search finds %d", id, got[id], res.Total)
		}
	}
	if got["UA"] == 0 || got["7062"] != 0 {
		t.Errorf("counts %v: want Ukraine's articles, and none for a prefix of an id", got)
	}
}
