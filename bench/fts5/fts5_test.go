package fts5

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/gazette-news/gazette/search"
)

func date(s string) *time.Time {
	t, _ := time.Parse(time.DateOnly, s)
	return &t
}

// TestSearch checks that the peer answers like Gazette would on a tiny
// index: matching, phrases, fuzzy, filters, facets with place levels, sort
// and paging.
func TestSearch(t *testing.T) {
	ctx := context.Background()
	db, err := Create(filepath.Join(t.TempDir(), "peer.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	izium := search.Place{ID: "707292", Name: "Izium", Kind: search.KindCity, Names: []string{"Изюм", "Ізюм"},
		Ancestors: []search.PlaceRef{{ID: "UA.07", Name: "Kharkiv Oblast", Kind: search.KindRegion}, {ID: "UA", Name: "Ukraine", Kind: search.KindCountry}}}
	docs := []search.Doc{
		{ID: "a", URL: "https://a.test/1", Title: "Bridge repairs begin", Text: "The city council said the bridge repairs begin in spring.", Site: "A", Lang: "en", Published: date("2022-03-01"), Places: []search.Place{izium}},
		{ID: "b", URL: "https://b.test/1", Title: "Ferry timetable", Text: "A new ferry timetable for the river crossing.", Site: "B", Lang: "en-GB", Published: date("2023-05-02")},
		{ID: "c", URL: "https://c.test/1", Title: "Ремонт моста", Text: "Городской совет сообщил о ремонте моста.", Site: "C", Lang: "ru"},
	}
	if err := db.Insert(ctx, docs); err != nil {
		t.Fatal(err)
	}
	if err := db.Finish(ctx); err != nil {
		t.Fatal(err)
	}
	ids := func(r *Result) []string {
		var out []string
		for _, h := range r.Hits {
			out = append(out, h.ID)
		}
		return out
	}
	for _, c := range []struct {
		name string
		q    Query
		want []string
	}{
		{"everything, dated newest first, undated last", Query{}, []string{"b", "a", "c"}},
		{"word, stemmed", Query{Match: `"repair"`}, []string{"a"}},
		{"phrase", Query{Match: `"council said"`}, []string{"a"}},
		{"phrase in the wrong order", Query{Match: `"said council"`}, nil},
		{"boolean", Query{Match: `"bridge" NOT "spring"`}, nil},
		{"fuzzy", Query{Fuzzy: "fery"}, []string{"b"}},
		{"place name in another script", Query{Match: `"Ізюм"`}, []string{"a"}},
		{"region filter", Query{Places: []string{"UA.07"}}, []string{"a"}},
		{"dates", Query{From: date("2023-01-01"), To: date("2023-12-31")}, []string{"b"}},
		{"language", Query{Lang: "en"}, []string{"b", "a"}},
		{"site", Query{Site: "c"}, []string{"c"}},
		{"oldest", Query{Sort: "oldest"}, []string{"a", "b", "c"}},
		{"page 2", Query{Size: 2, Page: 2}, []string{"c"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			r, err := db.Search(ctx, c.q)
			if err != nil {
				t.Fatal(err)
			}
			if got := ids(r); len(got) != len(c.want) || (len(got) > 0 && !equal(got, c.want)) {
				t.Errorf("hits %v, want %v", got, c.want)
			}
		})
	}
	r, err := db.Search(ctx, Query{Match: `"bridge" OR "ferry"`})
	if err != nil {
		t.Fatal(err)
	}
	f := r.Facets
	if r.Total != 2 || len(f.Langs) != 1 || f.Langs[0] != (Count{"en", 2}) || len(f.Sites) != 2 || len(f.Dates) != 2 ||
		len(f.Places) != 1 || f.Places[0].Key != "707292|Izium" ||
		len(f.PlaceLevels["regions"]) != 1 || f.PlaceLevels["regions"][0] != (Count{"UA.07|Kharkiv Oblast", 1}) ||
		len(f.PlaceLevels["countries"]) != 1 || len(f.PlaceLevels["cities"]) != 1 {
		t.Errorf("facets of bridge OR ferry: total %d, %+v", r.Total, f)
	}
	if r.Hits[0].Snippet == "" || r.Hits[1].Snippet == "" {
		t.Errorf("hits without snippet: %+v", r.Hits)
	}
	if _, err := db.Search(ctx, Query{Match: `"unclosed`}); err == nil {
		t.Error("a malformed match expression gave no error")
	}
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
