package main

import (
	"context"
	"io/fs"
	"path"
	"slices"
	"strings"
	"testing"

	"github.com/gazette-news/gazette/cmd/gazette/demo"
	"github.com/gazette-news/gazette/search"
	"github.com/gazette-news/gazette/urlid"
)

// TestDemoArchive imports the bundled demo archive the way `serve --demo`
// does and checks every article against demo/expect.json: the acceptance
// test of the whole pipeline (archive → clean → places → index → search).
func TestDemoArchive(t *testing.T) {
	a, err := openApp(context.Background(), t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	sum, err := importFiles(context.Background(), a, demo.Files, []string{"files"}, importOptions{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	want, err := demo.Expected()
	if err != nil {
		t.Fatal(err)
	}
	if sum.Imported != len(want) || len(sum.Skipped) != 0 {
		t.Errorf("imported %d articles (want %d), skipped %v", sum.Imported, len(want), sum.Skipped)
	}

	for _, w := range want {
		u := w.URL
		if u == "" {
			// A file without a URL of its own: its name and a hash of
			// its content, no folder.
			body, err := fs.ReadFile(demo.Files, w.File)
			if err != nil {
				t.Fatal(err)
			}
			u = urlid.FileID(w.File, body)
			if strings.Contains(u, "files/") {
				t.Errorf("%s is archived as %s, with its folder", w.File, u)
			}
		}
		t.Run(path.Base(u), func(t *testing.T) {
			doc, err := a.index.Get(urlid.ArticleID(u))
			if err != nil {
				t.Fatalf("%s (%s) not in the index: %v", u, w.File, err)
			}
			if doc.Title != w.Title {
				t.Errorf("title %q, want %q", doc.Title, w.Title)
			}
			if doc.Lang != w.Lang {
				t.Errorf("lang %q, want %q", doc.Lang, w.Lang)
			}
			got := ""
			if doc.Published != nil {
				got = doc.Published.Format("2006-01-02")
			}
			if got != w.Published {
				t.Errorf("published %q, want %q", got, w.Published)
			}
			if w.Author != "" && doc.Author != w.Author {
				t.Errorf("author %q, want %q", doc.Author, w.Author)
			}
			text := strings.Join(strings.Fields(doc.Text), " ")
			for _, s := range w.Sentences {
				if !strings.Contains(text, strings.Join(strings.Fields(s), " ")) {
					t.Errorf("article sentence lost: %q", s)
				}
			}
			for _, b := range w.Boilerplate {
				if strings.Contains(text, strings.Join(strings.Fields(b), " ")) {
					t.Errorf("boilerplate left in: %q", b)
				}
			}
			var names []string
			for _, p := range doc.Places {
				names = append(names, p.Name)
			}
			for _, p := range w.Places {
				if !slices.Contains(names, p) {
					t.Errorf("place %s not recognised; got %v", p, names)
				}
			}
			for _, p := range w.NotPlaces {
				if slices.Contains(names, p) {
					t.Errorf("place %s comes only from boilerplate but was attributed; got %v", p, names)
				}
			}
		})
	}

	// Searching for one spelling finds every spelling, and the place facet
	// shows one Izium, not one bucket per spelling.
	var izium []string
	for _, w := range want {
		if slices.Contains(w.Places, "Izium") {
			izium = append(izium, w.Title)
		}
	}
	for _, q := range []string{"Izyum", "Izium", "Изюм", "Ізюм"} {
		res, err := a.index.Search(context.Background(), search.Request{Query: q, Size: 100})
		if err != nil {
			t.Fatal(err)
		}
		var titles []string
		for _, h := range res.Hits {
			titles = append(titles, h.Title)
		}
		for _, title := range izium {
			if !slices.Contains(titles, title) {
				t.Errorf("query %q misses %q; hits: %q", q, title, titles)
			}
		}
		buckets := 0
		for _, f := range res.Facets.Places {
			if f.Name == "Izium" {
				buckets++
				if f.Count < len(izium) {
					t.Errorf("query %q: Izium facet counts %d, want ≥ %d", q, f.Count, len(izium))
				}
			}
		}
		if buckets != 1 {
			t.Errorf("query %q: %d Izium facet buckets, want 1: %+v", q, buckets, res.Facets.Places)
		}
	}
}
