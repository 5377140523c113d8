package web

import (
	"bytes"
	"context"
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/gazette-news/gazette/search"
)

// TestAppendResultEqualsJSON: the search API's answer, written by
// appendResult, is byte for byte what json.Marshal writes, for the
// searches of the fixture index and for results holding every kind of
// character, nil and empty lists, nulls and the optional fields.
func TestAppendResultEqualsJSON(t *testing.T) {
	// A field added to one of these types must be written by appendResult
	// too: the counts make the test fail until it is.
	for typ, fields := range map[reflect.Type]int{
		reflect.TypeFor[search.Result]():      7,
		reflect.TypeFor[search.Hit]():         8,
		reflect.TypeFor[search.Place]():       8, // four of them json:"-"
		reflect.TypeFor[search.Facets]():      7,
		reflect.TypeFor[search.PlaceLevels](): 4,
		reflect.TypeFor[search.PlaceCount]():  4,
		reflect.TypeFor[search.Timeline]():    3,
		reflect.TypeFor[search.Bucket]():      3,
		reflect.TypeFor[search.DateCount]():   4,
		reflect.TypeFor[search.TermCount]():   2,
		reflect.TypeFor[search.Broader]():     2,
	} {
		if typ.NumField() != fields {
			t.Errorf("%s has %d fields, appendResult writes %d", typ, typ.NumField(), fields)
		}
	}

	var results []*search.Result
	ix := openIndex(t)
	for _, r := range []search.Request{
		{}, {Query: "Izyum"}, {Query: "Izyumm"}, {Query: "Izyum AND nothingatall"}, {Query: `"Kharkiv region"`},
		{Places: []string{"UA"}, Sort: "newest"}, {Langs: []string{"uk"}, Interval: "day"},
		{Query: "Izyum", More: []string{search.FacetPlaces, search.FacetSites}}, {Page: 2, Size: 3},
	} {
		res, err := ix.Search(context.Background(), r)
		if err != nil {
			t.Fatalf("%+v: %v", r, err)
		}
		results = append(results, res)
	}
	odd := "a\"b\\c/d<e>f&g\u2028h\u2029i\x00\x01\x08\x0c\n\r\t\x1f\x7f \xff\xfe ü 😀 \xe2\x80"
	var ascii strings.Builder
	for c := range 128 {
		ascii.WriteByte(byte(c))
	}
	published := time.Date(2024, 2, 29, 23, 59, 59, 120000000, time.FixedZone("", -5*3600))
	results = append(results,
		&search.Result{},
		&search.Result{Hits: []search.Hit{}, Suggestion: odd, Broader: &search.Broader{Query: odd, Total: 3}},
		&search.Result{
			Total: 1 << 40, Page: 3, Size: 100,
			Hits: []search.Hit{
				{ID: odd, URL: ascii.String(), Title: odd, Published: &published, Site: odd, Lang: "uk", Snippet: "<mark>x</mark> &amp;",
					Places: []search.Place{{ID: "1", Name: odd, Country: "UA", Kind: search.KindCity, Names: []string{"x"}, Lat: 1}, {ID: "2"}}},
				{ID: "b", Places: []search.Place{}},
			},
			Facets: search.Facets{
				Places: []search.PlaceCount{{ID: "UA", Name: odd, Count: 5}, {ID: "UA.07", Name: "Kharkiv", Count: -1, Parent: "UA"}},
				PlaceLevels: search.PlaceLevels{Countries: []search.PlaceCount{}, Regions: []search.PlaceCount{{ID: "x", Parent: odd}},
					Cities: nil, Other: []search.PlaceCount{}},
				Dates:    []search.DateCount{{Key: "undated", Count: 2}, {Key: "2024-02", From: "2024-02-01", To: "2024-02-29", Count: 1}},
				Timeline: search.Timeline{Interval: odd, Buckets: []search.Bucket{{From: "a", To: "b", Count: 9}}, Undated: 2},
				Langs:    []search.TermCount{{Key: odd, Count: 1}},
				Sites:    []search.TermCount{},
				Omitted:  map[string]int{"sites": 4, "places": 0, odd: 1},
			},
		},
		&search.Result{Facets: search.Facets{Omitted: map[string]int{}}},
	)
	for i, res := range results {
		for _, r := range []*search.Result{res, normalizeResult(res)} {
			want, err := json.Marshal(r)
			if err != nil {
				t.Fatal(err)
			}
			got, err := appendResult(nil, r)
			if err != nil {
				t.Fatalf("result %d: %v", i, err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("result %d:\n got  %s\n want %s", i, got, want)
			}
		}
	}

	// A date json.Marshal refuses is refused too (a 500, as before).
	bad := time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)
	r := &search.Result{Hits: []search.Hit{{Published: &bad}}}
	if _, err := json.Marshal(r); err == nil {
		t.Fatal("json.Marshal takes the year 10000")
	}
	if _, err := appendResult(nil, r); err == nil {
		t.Error("appendResult takes the year 10000")
	}
}

// BenchmarkAppendResult writes the answer of a search for everything on
// the fixture index, as the API does.
func BenchmarkAppendResult(b *testing.B) {
	ix := openIndex(b)
	res, err := ix.Search(context.Background(), search.Request{})
	if err != nil {
		b.Fatal(err)
	}
	res = normalizeResult(res)
	b.Run("append", func(b *testing.B) {
		b.ReportAllocs()
		for range b.N {
			if _, err := appendResult(make([]byte, 0, 32<<10), res); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("encoding-json", func(b *testing.B) {
		b.ReportAllocs()
		for range b.N {
			if _, err := json.Marshal(res); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// TestAppendStringEqualsJSON: appendString writes what json.Marshal
// writes for strings made of pieces that take every path: plain ASCII
// (runs of eight bytes and more),
// the escaped characters, two-, three- and four-byte runes, U+2028 and
// U+2029, U+FFFD, cut and invalid sequences.
func TestAppendStringEqualsJSON(t *testing.T) {
	pieces := []string{"abc", "Kharkiv region", "abcdefg", " ", "\"", "\\", "<", ">", "&", "\x00", "\x1f", "\x7f", "\n", "\t", "Київ", "ü", "\u07ff", "\u0800",
		"€", "\u2028", "\u2029", "\u2027", "\ufffd", "😀", "\xff", "\xc2", "\xc1\x80", "\xd0", "\xe2\x80", "\xe2\x80\xa8", "\xed\xa0\x80", "\xf0\x9f"}
	rng := rand.New(rand.NewPCG(1, 2))
	for n := 0; n < 20000; n++ {
		var b strings.Builder
		for k := rng.IntN(12); k >= 0; k-- {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		s := b.String()
		want, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		if got := appendString([]byte("x"), s); !bytes.Equal(got[1:], want) {
			t.Fatalf("%q: got %s, want %s", s, got[1:], want)
		}
	}
}
