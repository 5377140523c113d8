package search

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

// benchWords are per-language vocabularies for generated articles.
var benchWords = map[string][]string{
	"en": strings.Fields("council election bridge harbour ferry market school road repair winter spring volunteers residents officials timetable library tram bakery river crossing"),
	"ru": strings.Fields("совет выборы мост гавань паром рынок школа дорога ремонт зима весна жители чиновники расписание библиотека трамвай пекарня река переправа"),
	"uk": strings.Fields("рада вибори міст гавань пором ринок школа дорога ремонт зима весна мешканці посадовці розклад бібліотека трамвай пекарня річка переправа"),
}

// benchIndex fills an index with n generated articles in three languages.
func benchIndex(b *testing.B, n int) *Index {
	b.Helper()
	ix := openTemp(b)
	places := fixtures(b)[1].Places // Izium, Kharkiv Oblast, Ukraine
	rng := rand.New(rand.NewPCG(1, 2))
	langs := []string{"en", "ru", "uk"}
	start := time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)
	const batch = 500
	docs := make([]Doc, 0, batch)
	for i := range n {
		lang := langs[i%len(langs)]
		words := benchWords[lang]
		var text strings.Builder
		for range 150 {
			text.WriteString(words[rng.IntN(len(words))])
			text.WriteByte(' ')
		}
		pub := start.Add(time.Duration(rng.IntN(3*365*24)) * time.Hour)
		d := Doc{
			ID:        fmt.Sprintf("doc-%06d", i),
			URL:       fmt.Sprintf("https://site%d.test/%d", i%7, i),
			Title:     words[rng.IntN(len(words))] + " " + words[rng.IntN(len(words))],
			Text:      text.String(),
			Site:      fmt.Sprintf("site%d.test", i%7),
			Lang:      lang,
			Published: &pub,
		}
		if i%4 == 0 {
			d.Places = places[:1+i%3]
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

func BenchmarkSearch(b *testing.B) {
	ix := benchIndex(b, 3000)
	from := time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC)
	reqs := []struct {
		name string
		req  Request
	}{
		{"all", Request{}},
		{"term", Request{Query: "bridge"}},
		{"cross-language", Request{Query: "bridge OR мост OR міст"}},
		{"placename", Request{Query: "Izyum"}},
		{"phrase", Request{Query: `"school road"`}},
		{"filtered newest", Request{Query: "ремонт", Places: []string{"UA.07"}, From: &from, Sort: "newest"}},
		{"page 5 of 50", Request{Query: "winter", Page: 5, Size: 50}},
	}
	for _, r := range reqs {
		b.Run(r.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := ix.Search(context.Background(), r.req); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
