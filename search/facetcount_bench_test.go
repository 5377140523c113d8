package search

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

// facetCountIndex fills an index with n short articles whose facets look
// like a news archive's: 60 sites and a few thousand places drawn with a
// long tail (20 countries, 160 regions, 2,400 cities, each article about
// zero to four of them, with their regions and countries: about four
// place_tree terms per article), three languages, ten years of dates, one
// article in twenty undated; one in ten imported again (a deleted
// document left behind). Words of known frequency make hit sets of
// chosen sizes: "common" is in 60% of the articles, "word" in 19%, "rare"
// in 2%.
func facetCountIndex(b *testing.B, n int) *Index {
	b.Helper()
	ix := openTemp(b)
	rng := rand.New(rand.NewPCG(11, 12))
	var countries, regions []PlaceRef
	var cities []Place
	for c := range 20 {
		country := PlaceRef{ID: fmt.Sprintf("C%c%c", 'A'+c/26, 'A'+c%26), Name: fmt.Sprint("Country ", c), Kind: KindCountry}
		countries = append(countries, country)
		for r := range 8 {
			region := PlaceRef{ID: fmt.Sprintf("%s.%02d", country.ID, r), Name: fmt.Sprintf("Region %d-%d", c, r), Kind: KindRegion}
			regions = append(regions, region)
			for t := range 15 {
				cities = append(cities, Place{ID: fmt.Sprint(100000 + len(cities)), Name: fmt.Sprintf("City %d-%d-%d", c, r, t),
					Country: country.ID, Kind: KindCity, Ancestors: []PlaceRef{region, country}})
			}
		}
	}
	// A long tail: place i drawn with weight 1/(i+1).
	zipf := func(k int) int {
		return min(int(float64(k)*rng.Float64()*rng.Float64()*rng.Float64()), k-1)
	}
	start := time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC)
	doc := func(i int) Doc {
		var text []string
		for _, w := range []struct {
			word string
			p    float64
		}{{"common", 0.6}, {"word", 0.19}, {"rare", 0.02}} {
			if rng.Float64() < w.p {
				text = append(text, w.word)
			}
		}
		text = append(text, "filler")
		site := zipf(60)
		d := Doc{ID: fmt.Sprint("f", i), URL: fmt.Sprintf("https://site%d.test/%d", site, i), Title: "title",
			Text: strings.Join(text, " "), Site: fmt.Sprint("Site ", site), Lang: []string{"en", "ru", "uk"}[zipf(3)]}
		if rng.IntN(20) != 0 {
			p := start.Add(time.Duration(rng.IntN(10*365*24)) * time.Hour)
			d.Published = &p
		}
		for range rng.IntN(5) {
			switch rng.IntN(10) {
			case 0:
				c := countries[zipf(len(countries))]
				d.Places = append(d.Places, Place{ID: c.ID, Name: c.Name, Country: c.ID, Kind: KindCountry})
			case 1:
				r := regions[zipf(len(regions))]
				c := countries[slicesIndexID(countries, r.ID[:3])]
				d.Places = append(d.Places, Place{ID: r.ID, Name: r.Name, Country: c.ID, Kind: KindRegion, Ancestors: []PlaceRef{c}})
			default:
				d.Places = append(d.Places, cities[zipf(len(cities))])
			}
		}
		return d
	}
	const batch = 2000
	docs := make([]Doc, 0, batch)
	for i := range n {
		docs = append(docs, doc(i))
		if i%10 == 9 {
			docs = append(docs, doc(rng.IntN(i))) // imported again
		}
		if len(docs) >= batch || i == n-1 {
			if err := ix.Put(docs...); err != nil {
				b.Fatal(err)
			}
			docs = docs[:0]
		}
	}
	return ix
}

// slicesIndexID is the index of the ref with id in refs.
func slicesIndexID(refs []PlaceRef, id string) int {
	for i, r := range refs {
		if r.ID == id {
			return i
		}
	}
	return 0
}

// BenchmarkFacetCounting measures the facets alone (counting over a
// result set known beforehand, and building the lists shown) at result
// sets of realistic sizes over 50,000 articles: every article (the front
// page), 60%, 19% and 2% of them (words), a region, a year.
func BenchmarkFacetCounting(b *testing.B) {
	const n = 50000
	ix := facetCountIndex(b, n)
	ix.Prepare()
	for ix.Warming() {
		time.Sleep(10 * time.Millisecond)
	}
	// What the prepared segments hold, per document.
	s, err := ix.openSnapshot()
	if err != nil {
		b.Fatal(err)
	}
	var dates, columns, postings, docs int
	for _, d := range s.data {
		dt, c, p := d.bytes()
		dates, columns, postings, docs = dates+dt, columns+c, postings+p, docs+int(d.n)
	}
	s.Close()
	b.Logf("prepared segments, bytes per document: dates %.1f, facet columns %.1f, posting bitmaps %.1f",
		float64(dates)/float64(docs), float64(columns)/float64(docs), float64(postings)/float64(docs))
	from, to := day("2019-01-01"), day("2019-12-31")
	reqs := []struct {
		name string
		req  Request
	}{
		{"all", Request{}},
		{"common", Request{Query: "common"}},
		{"word", Request{Query: "word"}},
		{"rare", Request{Query: "rare"}},
		{"region", Request{Places: []string{"CAA.00"}}},
		{"word+year", Request{Query: "word", From: from, To: to}},
		{"word+region+lang", Request{Query: "word", Places: []string{"CAA.00"}, Langs: []string{"en"}}},
	}
	ctx := context.Background()
	for _, rq := range reqs {
		r := rq.req
		known, err := ix.lookupPlaces(r.Places)
		if err != nil {
			b.Fatal(err)
		}
		r.known = known
		s, err := ix.openSnapshot()
		if err != nil {
			b.Fatal(err)
		}
		fs, err := s.filters(r)
		if err != nil {
			b.Fatal(err)
		}
		keep := fs.without(nil, "")
		var matched docSet
		hits := keep
		if r.Query != "" {
			tree, err := parseQuery(r.Query)
			if err != nil {
				b.Fatal(err)
			}
			q, err := ix.textQuery(tree)
			if err != nil {
				b.Fatal(err)
			}
			if matched, err = s.match(ctx, q, ix.bleve.Mapping(), false, keep, nil, nil); err != nil {
				b.Fatal(err)
			}
			hits = and(matched, keep)
		}
		b.Run(fmt.Sprintf("%s/%dhits", rq.name, hits.card()), func(b *testing.B) {
			start := cpuTime()
			for b.Loop() {
				c, err := s.countFacets(r, fs, matched, hits)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := buildFacets(r, c); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64((cpuTime()-start).Microseconds())/1000/float64(b.N), "cpu-ms/op")
		})
		s.Close()
	}
}
