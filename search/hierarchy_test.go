package search

import (
	"slices"
	"testing"
)

// hierarchyDocs are three articles: one about Izium (in Kharkiv Oblast,
// Ukraine), one about Kupiansk and Kharkiv Oblast, one about Lyman (in
// Donetsk Oblast) and Donbas, one about Riga, and one about a US county.
func hierarchyDocs() []Doc {
	ua := PlaceRef{ID: "UA", Name: "Ukraine", Kind: KindCountry}
	kharkiv := PlaceRef{ID: "UA.07", Name: "Kharkiv Oblast", Kind: KindRegion}
	donetsk := PlaceRef{ID: "UA.05", Name: "Donetsk Oblast", Kind: KindRegion}
	return []Doc{
		{ID: "izium", Title: "Trains return to Izium", Lang: "en", Text: "The station in Izium reopened.",
			Places: []Place{{ID: "707292", Name: "Izium", Country: "UA", Kind: KindCity, Ancestors: []PlaceRef{kharkiv, ua}}}},
		{ID: "kupiansk", Title: "Bridge repaired in Kupiansk", Lang: "en", Text: "Kupiansk, Kharkiv region, has its bridge back.",
			Places: []Place{
				{ID: "704508", Name: "Kupiansk", Country: "UA", Kind: KindCity, Ancestors: []PlaceRef{kharkiv, ua}},
				{ID: "UA.07", Name: "Kharkiv Oblast", Country: "UA", Kind: KindRegion, Ancestors: []PlaceRef{ua}},
			}},
		{ID: "lyman", Title: "Lyman shelled", Lang: "en", Text: "Lyman in the Donbas was shelled.",
			Places: []Place{
				{ID: "702320", Name: "Lyman", Country: "UA", Kind: KindCity, Ancestors: []PlaceRef{donetsk, ua}},
				{ID: "x-donbas", Name: "Donbas", Country: "UA", Kind: KindArea, Ancestors: []PlaceRef{ua}},
			}},
		{ID: "riga", Title: "Riga port", Lang: "en", Text: "Riga's port is busy.",
			Places: []Place{{ID: "456172", Name: "Riga", Country: "LV", Kind: KindCity,
				Ancestors: []PlaceRef{{ID: "LV.25", Name: "Riga Region", Kind: KindRegion}, {ID: "LV", Name: "Latvia", Kind: KindCountry}}}}},
		{ID: "metcalfe", Title: "County fair", Lang: "en", Text: "Metcalfe County held its fair.",
			Places: []Place{{ID: "US.KY.169", Name: "Metcalfe County", Country: "US", Kind: KindCounty,
				Ancestors: []PlaceRef{{ID: "US.KY", Name: "Kentucky", Kind: KindRegion}, {ID: "US", Name: "United States", Kind: KindCountry}}}}},
	}
}

// TestFilterByAncestor: a filter by a region or country finds the articles
// about places inside it, not only those that name it.
func TestFilterByAncestor(t *testing.T) {
	ix := openTemp(t)
	if err := ix.Put(hierarchyDocs()...); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		places []string
		want   []string
	}{
		{[]string{"UA.07"}, []string{"izium", "kupiansk"}},
		{[]string{"UA"}, []string{"izium", "kupiansk", "lyman"}},
		{[]string{"UA.05"}, []string{"lyman"}},
		{[]string{"707292"}, []string{"izium"}},
		{[]string{"UA", "LV"}, []string{"izium", "kupiansk", "lyman", "riga"}}, // one level: either
		{[]string{"UA", "UA.05"}, []string{"lyman"}},                           // two levels: both
		{[]string{"UA.05", "UA.07"}, []string{"izium", "kupiansk", "lyman"}},
		{[]string{"LV"}, []string{"riga"}},
		{[]string{"x-donbas"}, []string{"lyman"}},
		{[]string{"US.KY"}, []string{"metcalfe"}},
	}
	for _, tt := range tests {
		res := mustSearch(t, ix, Request{Places: tt.places, Size: 100})
		if got := sorted(hitIDs(res)); !slices.Equal(got, tt.want) {
			t.Errorf("place=%v: hits %v, want %v", tt.places, got, tt.want)
		}
	}
}

// TestPlaceLevels: the place facet counts mentions; the level facets count
// each article once under every place of each level it is about.
func TestPlaceLevels(t *testing.T) {
	ix := openTemp(t)
	if err := ix.Put(hierarchyDocs()...); err != nil {
		t.Fatal(err)
	}
	res := mustSearch(t, ix, Request{})
	counts := func(pcs []PlaceCount) map[string]int {
		m := map[string]int{}
		for _, pc := range pcs {
			m[pc.ID+" "+pc.Name] = pc.Count
		}
		return m
	}
	check := func(name string, got []PlaceCount, want map[string]int) {
		t.Helper()
		g := counts(got)
		if len(g) != len(want) {
			t.Errorf("%s: %v, want %v", name, g, want)
		}
		for k, n := range want {
			if g[k] != n {
				t.Errorf("%s: %s counts %d, want %d (all: %v)", name, k, g[k], n, g)
			}
		}
	}
	// One list of every place, with the counts of the levels.
	check("places", res.Facets.Places, map[string]int{
		"UA Ukraine": 3, "LV Latvia": 1, "US United States": 1,
		"UA.07 Kharkiv Oblast": 2, "UA.05 Donetsk Oblast": 1, "x-donbas Donbas": 1, "LV.25 Riga Region": 1, "US.KY Kentucky": 1, "US.KY.169 Metcalfe County": 1,
		"707292 Izium": 1, "704508 Kupiansk": 1, "702320 Lyman": 1, "456172 Riga": 1})
	check("countries", res.Facets.PlaceLevels.Countries, map[string]int{"UA Ukraine": 3, "LV Latvia": 1, "US United States": 1})
	check("regions", res.Facets.PlaceLevels.Regions, map[string]int{
		"UA.07 Kharkiv Oblast": 2, "UA.05 Donetsk Oblast": 1, "x-donbas Donbas": 1, "LV.25 Riga Region": 1,
		"US.KY Kentucky": 1, "US.KY.169 Metcalfe County": 1}) // counties count with regions
	check("cities", res.Facets.PlaceLevels.Cities, map[string]int{
		"707292 Izium": 1, "704508 Kupiansk": 1, "702320 Lyman": 1, "456172 Riga": 1})
	if c := res.Facets.PlaceLevels.Countries; len(c) == 0 || c[0].ID != "UA" {
		t.Errorf("countries not by count: %v", c)
	}

	// Drilling into Kharkiv Oblast leaves its cities and Ukraine.
	res = mustSearch(t, ix, Request{Places: []string{"UA.07"}})
	check("cities in UA.07", res.Facets.PlaceLevels.Cities, map[string]int{"707292 Izium": 1, "704508 Kupiansk": 1})
	check("countries in UA.07", res.Facets.PlaceLevels.Countries, map[string]int{"UA Ukraine": 2})

	// Ancestors survive Get.
	d, err := ix.Get("izium")
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Places) != 1 || d.Places[0].Kind != KindCity || len(d.Places[0].Ancestors) != 2 || d.Places[0].Ancestors[0].ID != "UA.07" {
		t.Errorf("Get lost kind or ancestors: %+v", d.Places)
	}
}

func TestPutRejectsAncestorWithoutID(t *testing.T) {
	ix := openTemp(t)
	err := ix.Put(Doc{ID: "x", Title: "t", Places: []Place{{ID: "1", Name: "A", Ancestors: []PlaceRef{{Name: "no id"}}}}})
	if err == nil {
		t.Fatal("Put accepted an ancestor without id")
	}
}
