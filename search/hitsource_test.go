package search

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"
)

// TestDecodeHitSourceEqualsJSON: decodeHitSource gives what encoding/json
// gives, the same fields or an error, for the stored JSON of corpus
// articles and for documents that take its scanner off its path (escapes,
// other cases of keys, nulls, malformed JSON); and the scanner itself
// decodes what Gazette writes without handing it to encoding/json.
func TestDecodeHitSourceEqualsJSON(t *testing.T) {
	_, docs := corpusDocs(t, 300)
	published := time.Date(2024, 3, 5, 10, 30, 0, 123000000, time.FixedZone("", 3*3600))
	docs = append(docs,
		Doc{ID: "x1", URL: "https://example.org/a?b=1&c=<2>", Title: `Q&A: "quotes", <tags> and \ backslash` + "\u2028\t", Site: "Site & Co",
			Lang: "uk", Published: &published, Captured: published, Modified: &published, Image: "https://img",
			Places: []Place{{ID: "UA", Name: "Україна", Country: "UA", Kind: KindCountry, Names: []string{"Ukraine", `"odd"`}, Lat: 1.5, Lon: -2e-7,
				Ancestors: []PlaceRef{{ID: "EU", Name: "Europe", Kind: KindContinent}}}},
			Sources: []Source{{URL: "https://example.org/a", Time: published, Seq: 7}}},
		Doc{ID: "x2", URL: "https://example.org/b", Title: "Без дати", Lang: "ru"},
	)
	var sources []string
	for _, d := range docs {
		f, err := indexFields(d, d.Site)
		if err != nil {
			t.Fatal(err)
		}
		src := f[fieldSource].(string)
		var h hitSource
		if !scanHitSource(src, &h) {
			t.Errorf("the scanner gives up on %s", src)
		}
		sources = append(sources, src)
	}
	sources = append(sources,
		`{}`, ` { "url" : "u" , "places" : [ ] } `, `{"places":null,"published":null}`,
		`{"places":[{"id":"1","names":["a","b"],"lat":-1.5e+3,"ancestors":[{"id":"2"}]},{}]}`,
		`{"URL":"upper","Title":"t"}`, `{"url":"a","url":"b"}`, `{"title":"caf\u00e9 \"x\" \/ \b\f\n\r\t \ud83d\ude00 \ud83d \ud83dx \udc00\u0041 \ud83d\u0041"}`, `{"title":"\u00"}`, `{"title":"\x"}`,
		`{"title":"a\"`, `{"title":"\`, `{"title":"\u00e9`+"\xff"+`"}`,
		`{"title":"bad `+"\xff"+` utf-8"}`, `{"skip":"bad `+"\xff"+`","title":"t"}`,
		`{"url":5}`, `{"published":"yesterday"}`, `{"published":"2024-13-01T00:00:00Z"}`,
		`{"places":[null]}`, `{"places":{}}`, `{"url":"a"} x`, `{"url":"a"`, `{"url":"a",}`, `[]`, `null`, ``,
		`{"x":01}`, `{"x":1.}`, `{"x":-}`, `{"x":tru}`, `{"x":"\q"}`, `{"x":"\u12g4"}`, `{"x":[1,]}`,
		`{"x":{"a":1,"b":[true,false,null,{"c":"\ud83d\ude00"}]},"title":"ok"}`,
		`{"title":"line`+"\n"+`break"}`, `{"x":1e5,"y":-0.5E-2,"title":"n"}`,
		`{"x":`+strings.Repeat("[", 40)+strings.Repeat("]", 40)+`,"title":"deep"}`,
		// Long strings, read eight bytes at a time up to what stops them.
		`{"title":"abcdefghijklmnop\"q"}`, `{"title":"abcdefghijkl`+"\x01"+`mnop"}`, `{"title":"abcdefghijklmnopqrstu`+"\xff"+`vwxyz"}`,
		`{"skip":"abcdefghijklmnopq\u0041rstu","title":"ok"}`, `{"skip":"abcdefghijklmnopq`+"\x1f"+`rstu","title":"ok"}`,
		`{"title":"abcdefghijklmnopqrstuvwxyz`, `{"title":"Харків Харків Харків","url":"Ізюм, Ізюм, Ізюм"}`,
		`{"skip":"Харків Харків`+"\xd0"+`","title":"t"}`, `{"title":"Харків Харків`+"\xd0"+`"}`, `{"title":"abcdefgh"}`, `{"title":"abcdefg"}`,
	)
	for _, src := range sources {
		var want hitSource
		wantErr := json.Unmarshal([]byte(src), &want)
		got, gotErr := decodeHitSource(src)
		if src == "" {
			if gotErr == nil {
				t.Errorf("empty source: no error")
			}
			continue
		}
		if (gotErr != nil) != (wantErr != nil) {
			t.Errorf("%q: error %v, encoding/json's %v", src, gotErr, wantErr)
			continue
		}
		if wantErr == nil && !reflect.DeepEqual(got, want) {
			t.Errorf("%q:\n got  %+v\n want %+v", src, got, want)
		}
	}
}

// BenchmarkDecodeHitSource decodes the stored JSON of corpus articles as a
// page of hits does.
func BenchmarkDecodeHitSource(b *testing.B) {
	_, docs := corpusDocs(b, 100)
	var sources []string
	for _, d := range docs {
		f, err := indexFields(d, d.Site)
		if err != nil {
			b.Fatal(err)
		}
		sources = append(sources, f[fieldSource].(string))
	}
	b.Run("scan", func(b *testing.B) {
		b.ReportAllocs()
		for i := range b.N {
			if _, err := decodeHitSource(sources[i%len(sources)]); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("encoding-json", func(b *testing.B) {
		b.ReportAllocs()
		for i := range b.N {
			var d hitSource
			if err := json.Unmarshal([]byte(sources[i%len(sources)]), &d); err != nil {
				b.Fatal(err)
			}
		}
	})
}
