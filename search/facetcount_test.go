package search

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"
)

// updatedIndex fills an index with articles imported again and again,
// each import replacing the article's document with one whose facets
// changed: places moved, added and dropped (several places of one
// hierarchy on one article: a city, its region and its country), the date
// moved or gone, another language or site. The replaced documents stay in
// their segments as deletions until a merge drops them: it returns the
// index with a snapshot that has a segment with deleted documents (fewer
// than its live ones), which the caller closes.
func updatedIndex(t *testing.T) (*Index, *snapshot) {
	return updatedIndexWhen(t, "a segment with deleted documents, fewer than its live ones", func(s *snapshot) bool {
		for i, seg := range s.segs {
			// Deletions, but fewer than the live documents: a search of
			// every document takes them from the segment's totals.
			if d := seg.Deleted(); d != nil && !d.IsEmpty() && 2*d.GetCardinality() < s.data[i].n {
				return true
			}
		}
		return false
	})
}

// updatedIndexWhen is updatedIndex returning the first snapshot, after
// the third import, of which want holds (described by what); the caller
// closes it. Scorch merges segments in the background, so the snapshots
// an import leaves differ from run to run: it imports up to 40 times.
func updatedIndexWhen(t *testing.T, what string, want func(*snapshot) bool) (*Index, *snapshot) {
	ix := openTemp(t)
	places := benchPlaces()
	rng := rand.New(rand.NewPCG(21, 22))
	start := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	doc := func(i int) Doc {
		site := rng.IntN(7)
		d := Doc{ID: fmt.Sprint("u", i), URL: fmt.Sprintf("https://site%d.test/%d", site, i),
			Title: "report", Text: []string{"bridge", "river", "bridge river"}[rng.IntN(3)],
			Site: fmt.Sprint("Site ", site), Lang: []string{"en", "ru", "uk"}[rng.IntN(3)]}
		if rng.IntN(6) != 0 {
			p := start.Add(time.Duration(rng.IntN(3*365*24)) * time.Hour)
			d.Published = &p
		}
		switch rng.IntN(4) {
		case 0: // no place
		case 1: // a city with its region and country, and a second city of the region
			d.Places = append(d.Places, places[0], places[6], places[7], places[1])
		default:
			for range 1 + rng.IntN(4) {
				d.Places = append(d.Places, places[rng.IntN(len(places))])
			}
		}
		return d
	}
	const n = 300
	for b := 0; b < 40; b++ {
		var docs []Doc
		for i := range n / 3 {
			docs = append(docs, doc(b*n/3+i)) // new articles
		}
		if b > 0 {
			for range n / 10 {
				docs = append(docs, doc(rng.IntN(b*n/3))) // imported again
			}
		}
		if err := ix.Put(docs...); err != nil {
			t.Fatal(err)
		}
		if b < 3 {
			continue
		}
		s, err := ix.openSnapshot()
		if err != nil {
			t.Fatal(err)
		}
		if want(s) {
			return ix, s
		}
		s.Close()
	}
	t.Fatalf("no snapshot with %s after 40 imports", what)
	return nil, nil
}

// facetsOn counts and builds the facets of r (no geographic filter) on
// snapshot s, as Search does on its own snapshot.
func facetsOn(ctx context.Context, ix *Index, s *snapshot, r Request) (Facets, error) {
	tree, err := parseQuery(r.Query)
	if err != nil {
		return Facets{}, err
	}
	if r.known, err = ix.lookupPlaces(r.Places); err != nil {
		return Facets{}, err
	}
	fs, err := s.filters(r)
	if err != nil {
		return Facets{}, err
	}
	keep := fs.without(nil, "")
	hits, matched := keep, docSet(nil)
	if tree != nil {
		q, err := ix.textQuery(tree)
		if err != nil {
			return Facets{}, err
		}
		if matched, err = s.match(ctx, q, ix.bleve.Mapping(), false, keep, nil, nil); err != nil {
			return Facets{}, err
		}
		hits = and(matched, keep)
	}
	c, err := s.countFacets(r, fs, matched, hits)
	if err != nil {
		return Facets{}, err
	}
	return buildFacets(r, c)
}

// TestFacetsAfterUpdatesEqualBleve: on a snapshot whose segments hold
// deletions left by articles imported again, every facet count — over
// every live document (the segments' totals less the deleted), over most
// of them (totals less the complement), over few (document by document),
// and the disjunctive counts — is the count Bleve's facet builders make
// hit by hit.
func TestFacetsAfterUpdatesEqualBleve(t *testing.T) {
	ix, s := updatedIndex(t)
	defer s.Close()
	for i, seg := range s.segs {
		t.Logf("segment %d: %d documents, %d live", i, s.data[i].n, seg.Count())
	}
	all := []string{FacetPlaces, FacetCountries, FacetRegions, FacetCities, FacetOther, FacetLangs, FacetSites}
	reqs := []Request{
		{},
		{Query: "bridge"},
		{Query: "river"},
		{Places: []string{"UA"}},
		{Places: []string{"UA.07"}, More: all},
		{Places: []string{"707292", "578072"}},
		{Places: []string{"UA"}, Langs: []string{"ru"}, Sites: []string{"site 2"}},
		{Langs: []string{"en", "uk"}, More: all},
		{Undated: UndatedOnly},
		{Undated: UndatedExclude, Query: "bridge"},
		{From: day("2021-01-01"), To: day("2021-03-31")},
		{From: day("2020-06-01"), Interval: IntervalWeek, Places: []string{"UA.05"}},
		{More: all, Interval: IntervalDay, From: day("2020-03-01"), To: day("2022-10-31")},
	}
	ctx := context.Background()
	for _, r := range reqs {
		got, err := facetsOn(ctx, ix, s, r)
		if err != nil {
			t.Fatalf("%+v: %v", r, err)
		}
		want, err := ix.searchBleve(ctx, r)
		if err != nil {
			t.Fatalf("%+v: Bleve: %v", r, err)
		}
		if !reflect.DeepEqual(got, want.Facets) {
			t.Errorf("%+v: facets\n%+v\nBleve\n%+v", r, got, want.Facets)
		}
	}
}

// TestDayListRollUps: the timeline's bars and the month facet rolled up
// from day numbers are those rolled up from days by name, the way they
// were counted before (dayCountsBefore), for spans across months, years
// and leap days, every interval, and ranges cutting days off either end.
func TestDayListRollUps(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for k := range 40 {
		byName := dayCountsBefore{}
		first := time.Date(1995+rng.IntN(40), time.Month(1+rng.IntN(12)), 1+rng.IntN(28), 0, 0, 0, 0, time.UTC)
		span := 1 + rng.IntN([]int{20, 400, 4000}[k%3])
		for range 1 + rng.IntN(300) {
			byName[first.AddDate(0, 0, rng.IntN(span)).Format(time.DateOnly)] += 1 + rng.IntN(5)
		}
		dl := dayListOf(byName)
		total := dl.dated() + rng.IntN(3)
		if total-dl.dated() != total-byName.dated() {
			t.Fatalf("dated %d, by name %d", dl.dated(), byName.dated())
		}
		if got, want := dl.months(total-dl.dated()), byName.months(total-byName.dated()); !reflect.DeepEqual(got, want) {
			t.Errorf("months\n%+v\nby name\n%+v", got, want)
		}
		for _, r := range []Request{{}, {Interval: IntervalDay}, {Interval: IntervalWeek}, {Interval: IntervalMonth}, {Interval: IntervalYear},
			{From: day(first.AddDate(0, 0, span/3).Format(time.DateOnly))},
			{To: day(first.AddDate(0, 0, span/2).Format(time.DateOnly)), Interval: IntervalMonth},
			{From: day(first.AddDate(0, 0, -3).Format(time.DateOnly)), To: day(first.AddDate(0, 0, span/4).Format(time.DateOnly))}} {
			got, gotErr := timeline(dl, total, r)
			want, wantErr := timelineBefore(byName, total, r)
			if !reflect.DeepEqual(got, want) || (gotErr == nil) != (wantErr == nil) {
				t.Errorf("%+v: timeline\n%+v (%v)\nby name\n%+v (%v)", r, got, gotErr, want, wantErr)
			}
		}
	}
}

// TestAppendDate: dates are written as time.DateOnly writes them, years
// outside 0000-9999 included.
func TestAppendDate(t *testing.T) {
	for _, d := range []time.Time{
		time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC),
		time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC),
		time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(-44, 3, 15, 0, 0, 0, 0, time.UTC),
	} {
		want := d.Format(time.DateOnly)
		if got := string(appendDate([]byte("x"), d)); got != "x"+want {
			t.Errorf("appendDate(%v) = %q, want %q", d, got, "x"+want)
		}
		if got := dateString(d); got != want {
			t.Errorf("dateString(%v) = %q, want %q", d, got, want)
		}
	}
	// Months of years beyond 9999 keep their keys.
	dl := dayList{{dayNumber(time.Date(12000, 5, 3, 0, 0, 0, 0, time.UTC)), 2}, {dayNumber(time.Date(12000, 6, 1, 0, 0, 0, 0, time.UTC)), 1}}
	got := dl.months(1)
	want := []DateCount{{Key: "12000-05", From: "12000-05-01", To: "12000-05-31", Count: 2}, {Key: "12000-06", From: "12000-06-01", To: "12000-06-30", Count: 1}, {Key: undated, Count: 1}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("months beyond 9999:\n%+v\nwant\n%+v", got, want)
	}
}

// TestDaysIn: every month of four centuries has the days time.Date gives it.
func TestDaysIn(t *testing.T) {
	for y := 1899; y <= 2301; y++ {
		for m := time.January; m <= time.December; m++ {
			want := time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
			if got := daysIn(y, m); got != want {
				t.Fatalf("daysIn(%d, %v) = %d, want %d", y, m, got, want)
			}
		}
	}
}
