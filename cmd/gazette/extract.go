package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"time"
	"unicode/utf8"

	"github.com/gazette-news/gazette/archive"
	"github.com/gazette-news/gazette/archive/importer"
	"github.com/gazette-news/gazette/indexer"
	"github.com/gazette-news/gazette/indexer/places"
)

// extractedPlace is a place in `gazette extract` output.
type extractedPlace struct {
	ID       string    `json:"id"`
	Name     string    `json:"name"`
	Kind     string    `json:"kind"`
	Country  string    `json:"country"`
	Region   string    `json:"region,omitempty"`
	Lat      float64   `json:"lat"`
	Lon      float64   `json:"lon"`
	Mentions []mention `json:"mentions"`
}

// mention is one occurrence of a place: character (Unicode code point)
// offsets into the output's title or text, as Field says.
type mention struct {
	Field string `json:"field"` // "title" or "text"
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text"`
}

// extracted is the JSON printed by `gazette extract` for one file.
type extracted struct {
	File      string           `json:"file"`
	URL       string           `json:"url"`
	Title     string           `json:"title"`
	Author    string           `json:"author"`
	Published *string          `json:"published"`
	Modified  *string          `json:"modified"`
	Image     string           `json:"image"`
	Lang      string           `json:"lang"`
	Site      string           `json:"site"`
	Charset   string           `json:"charset,omitempty"`
	Places    []extractedPlace `json:"places"`
	Text      string           `json:"text"`
}

func cmdExtract(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := newFlags("extract", stderr)
	pageURL := fl.String("url", "", "URL the page was fetched from (helps dates and site name)")
	fl.Usage = func() {
		fmt.Fprintln(stderr, "Usage: gazette extract [--url URL] FILE...\n\nPrints the article extracted from each .html/.htm/.txt file (or each record of a WARC) as JSON, one object per line. Touches no index.")
		fl.PrintDefaults()
	}
	if err := parseFlags(fl, args); err != nil {
		return err
	}
	if fl.NArg() == 0 {
		return usageError{"no FILE given"}
	}
	gaz, err := places.Load()
	if err != nil {
		return fmt.Errorf("gazetteer: %w", err)
	}
	x := &indexer.Extractor{Places: gaz}
	enc := json.NewEncoder(stdout)
	enc.SetEscapeHTML(false)
	if fl.NArg() == 1 && importer.KindOf(fl.Arg(0)) != importer.WARC {
		enc.SetIndent("", "  ") // one article: readable; several: one JSON object per line
	}
	failed := 0
	for _, name := range fl.Args() {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		kind := importer.KindOf(name)
		if kind == importer.Unsupported {
			kind = importer.HTML // extract is a debugging tool: try any file as a page
		}
		err := importer.Read(importer.OSFS(), importer.File{Name: name, Kind: kind}, *pageURL, func(c archive.Capture) error {
			if *pageURL != "" {
				c.URL = *pageURL
			}
			a, err := x.Extract(c)
			if err != nil {
				fmt.Fprintf(stderr, "%s: %s: %v\n", name, c.URL, err)
				failed++
				return nil
			}
			return enc.Encode(toExtracted(name, a))
		}, func(err error) { fmt.Fprintf(stderr, "%s: %v\n", name, err); failed++ })
		if err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", name, err)
			failed++
		}
	}
	if failed > 0 {
		return fmt.Errorf("%d input(s) had no extractable article", failed)
	}
	return nil
}

func toExtracted(file string, a indexer.Article) extracted {
	out := extracted{File: file, URL: a.URL, Title: a.Title, Author: a.Author, Lang: a.Lang,
		Site: a.Site, Charset: a.Charset, Image: a.Image, Text: a.Text, Places: []extractedPlace{}}
	out.Published, out.Modified = rfc3339(a.Published), rfc3339(a.Modified)
	for _, f := range a.Places {
		p := f.Place
		ep := extractedPlace{ID: p.ID, Name: p.Name, Kind: p.Kind, Country: p.Country,
			Region: p.Region, Lat: p.Lat, Lon: p.Lon, Mentions: []mention{}}
		for _, m := range f.Mentions {
			ep.Mentions = append(ep.Mentions, toMention(a.Title, a.Text, m))
		}
		out.Places = append(out.Places, ep)
	}
	return out
}

// rfc3339 formats a time for JSON, nil when unknown.
func rfc3339(t *time.Time) *string {
	if t == nil {
		return nil
	}
	s := t.Format(time.RFC3339)
	return &s
}

// toMention maps a mention found in title + "\n\n" + text (what
// indexer.Indexer hands to the recogniser) back to the title or the text.
func toMention(title, text string, m places.Mention) mention {
	off := len(title) + len("\n\n")
	full := title + "\n\n" + text
	chars := func(from, to int) int { return utf8.RuneCountInString(full[from:to]) }
	if m.Start < off {
		return mention{Field: "title", Start: chars(0, m.Start), End: chars(0, m.End), Text: m.Text}
	}
	return mention{Field: "text", Start: chars(off, m.Start), End: chars(off, m.End), Text: m.Text}
}
