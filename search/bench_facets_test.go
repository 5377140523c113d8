package search

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
)

// cpuTime is the CPU time (user and system) the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// benchPlaces are the places of generated articles: cities with their
// regions and countries, as the indexer hands them over.
func benchPlaces() []Place {
	ua := PlaceRef{ID: "UA", Name: "Ukraine", Kind: KindCountry}
	ru := PlaceRef{ID: "RU", Name: "Russia", Kind: KindCountry}
	kh := PlaceRef{ID: "UA.07", Name: "Kharkiv Oblast", Kind: KindRegion}
	dn := PlaceRef{ID: "UA.05", Name: "Donetsk Oblast", Kind: KindRegion}
	bg := PlaceRef{ID: "RU.09", Name: "Belgorod Oblast", Kind: KindRegion}
	city := func(id, name string, region, country PlaceRef) Place {
		return Place{ID: id, Name: name, Country: country.ID, Kind: KindCity, Ancestors: []PlaceRef{region, country}}
	}
	return []Place{
		city("707292", "Izium", kh, ua), city("706483", "Kharkiv", kh, ua), city("704508", "Kupiansk", kh, ua),
		city("702320", "Lyman", dn, ua), city("709717", "Donetsk", dn, ua), city("578072", "Belgorod", bg, ru),
		{ID: "UA.07", Name: "Kharkiv Oblast", Country: "UA", Kind: KindRegion, Ancestors: []PlaceRef{ua}},
		{ID: "UA", Name: "Ukraine", Country: "UA", Kind: KindCountry},
		{ID: "x-donbas", Name: "Donbas", Country: "UA", Kind: KindArea, Ancestors: []PlaceRef{ua}},
	}
}

// facetBenchIndex fills an index with n generated articles over ten years,
// from 60 sites, each about zero to four places.
func facetBenchIndex(b *testing.B, n int) *Index {
	b.Helper()
	ix := openTemp(b)
	places := benchPlaces()
	rng := rand.New(rand.NewPCG(3, 4))
	langs := []string{"en", "ru", "uk"}
	start := time.Date(2014, 1, 1, 0, 0, 0, 0, time.UTC)
	const batch = 500
	docs := make([]Doc, 0, batch)
	for i := range n {
		lang := langs[i%len(langs)]
		words := benchWords[lang]
		var text strings.Builder
		for range 60 {
			text.WriteString(words[rng.IntN(len(words))])
			text.WriteByte(' ')
		}
		d := Doc{
			ID:    fmt.Sprintf("doc-%07d", i),
			URL:   fmt.Sprintf("https://site%d.test/%d", i%60, i),
			Title: words[rng.IntN(len(words))] + " " + words[rng.IntN(len(words))],
			Text:  text.String(),
			Site:  fmt.Sprintf("Site %d", i%60),
			Lang:  lang,
		}
		if i%20 != 0 {
			pub := start.Add(time.Duration(rng.IntN(10*365*24)) * time.Hour)
			d.Published = &pub
		}
		for range rng.IntN(5) {
			d.Places = append(d.Places, places[rng.IntN(len(places))])
		}
		docs = append(docs, d)
		if len(docs) == batch || i == n-1 {
			if err := ix.Put(docs...); err != nil {
				b.Fatal(err)
			}
			docs = docs[:0]
		}
	}
	return ix
}

// BenchmarkFacets measures searches whose facets are not cached: every
// run counts them afresh, as the first search of a query does.
func BenchmarkFacets(b *testing.B) {
	ix := facetBenchIndex(b, 20000)
	from, to := day("2016-01-01"), day("2019-12-31")
	reqs := []struct {
		name string
		req  Request
	}{
		{"all", Request{}},
		{"word", Request{Query: "bridge"}},
		{"region", Request{Places: []string{"UA.07"}}},
		{"region+lang+dates", Request{Places: []string{"UA.07"}, Langs: []string{"ru"}, From: from, To: to}},
	}
	for _, r := range reqs {
		for _, perHit := range []bool{false, true} {
			name, search := r.name, ix.Search
			if perHit {
				name, search = name+"/per-hit", ix.searchBleve // as Bleve alone counts
			}
			b.Run(name, func(b *testing.B) {
				start := cpuTime()
				for b.Loop() {
					ix.facets = newFacetCache()
					if _, err := search(context.Background(), r.req); err != nil {
						b.Fatal(err)
					}
				}
				// CPU time is steadier than wall time on a busy machine.
				b.ReportMetric(float64((cpuTime()-start).Microseconds())/1000/float64(b.N), "cpu-ms/op")
			})
		}
	}
}

// BenchmarkCountFacets measures the facet counting alone, without the
// page of hits: from posting bitmaps, and per hit as Bleve's facet
// builders do it.
func BenchmarkCountFacets(b *testing.B) {
	ix := facetBenchIndex(b, 20000)
	reqs := []struct {
		name string
		req  Request
	}{
		{"all", Request{}},
		{"region", Request{Places: []string{"UA.07"}}},
		{"region+lang+dates", Request{Places: []string{"UA.07"}, Langs: []string{"ru"}, From: day("2016-01-01"), To: day("2019-12-31")}},
	}
	for _, r := range reqs {
		known, err := ix.lookupPlaces(r.req.Places)
		if err != nil {
			b.Fatal(err)
		}
		r.req.known = known
		b.Run(r.name+"/bitmaps", func(b *testing.B) {
			start := cpuTime()
			for b.Loop() {
				if err := countOnly(ix, r.req); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64((cpuTime()-start).Microseconds())/1000/float64(b.N), "cpu-ms/op")
		})
		b.Run(r.name+"/per-hit", func(b *testing.B) {
			start := cpuTime()
			for b.Loop() {
				q, err := ix.buildQuery(r.req, nil)
				if err != nil {
					b.Fatal(err)
				}
				req := bleve.NewSearchRequestOptions(q, 0, 0, false)
				addFacetRequests(req)
				res, err := ix.bleve.Search(req)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := ix.countFacetsPerHit(context.Background(), r.req, nil, res.Facets, res.Total); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64((cpuTime()-start).Microseconds())/1000/float64(b.N), "cpu-ms/op")
		})
	}
}

// countOnly counts the facets of a filter-only request from bitmaps.
func countOnly(ix *Index, r Request) error {
	s, err := ix.openSnapshot()
	if err != nil {
		return err
	}
	defer s.Close()
	fs, err := s.filters(r)
	if err != nil {
		return err
	}
	_, err = s.countFacets(r, fs, nil, fs.without(nil, ""))
	return err
}
