package search

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// fixtureDoc is the JSON shape of testdata/articles.json. It exists because
// Place.Names is not part of Place's JSON.
type fixtureDoc struct {
	ID        string     `json:"id"`
	URL       string     `json:"url"`
	Title     string     `json:"title"`
	Text      string     `json:"text"`
	Author    string     `json:"author"`
	Site      string     `json:"site"`
	Lang      string     `json:"lang"`
	Published *time.Time `json:"published"`
	Places    []struct {
		ID      string   `json:"id"`
		Name    string   `json:"name"`
		Country string   `json:"country"`
		Names   []string `json:"names"`
	} `json:"places"`
}

// fixtures reads testdata/articles.json.
func fixtures(t testing.TB) []Doc {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "articles.json"))
	if err != nil {
		t.Fatal(err)
	}
	var fds []fixtureDoc
	if err := json.Unmarshal(b, &fds); err != nil {
		t.Fatalf("testdata/articles.json: %v", err)
	}
	captured := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	docs := make([]Doc, 0, len(fds))
	for _, fd := range fds {
		d := Doc{ID: fd.ID, URL: fd.URL, Title: fd.Title, Text: fd.Text, Author: fd.Author,
			Site: fd.Site, Lang: fd.Lang, Published: fd.Published, Captured: captured}
		for _, p := range fd.Places {
			d.Places = append(d.Places, Place{ID: p.ID, Name: p.Name, Country: p.Country, Names: p.Names})
		}
		docs = append(docs, d)
	}
	return docs
}

// openTemp opens a new empty index in a temporary directory.
func openTemp(t testing.TB) *Index {
	t.Helper()
	ix, err := Open(filepath.Join(t.TempDir(), "index"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := ix.Close(); err != nil {
			t.Error(err)
		}
	})
	return ix
}

// openTempUnmerged opens a new empty index whose segments scorch never
// merges: each batch (Put) stays a segment of its own, however slowly the
// test runs.
func openTempUnmerged(t testing.TB) *Index {
	t.Helper()
	ix, err := OpenWith(filepath.Join(t.TempDir(), "index"), Options{mergeDocs: 1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := ix.Close(); err != nil {
			t.Error(err)
		}
	})
	return ix
}

// fixtureIndex opens a new index holding every fixture.
func fixtureIndex(t testing.TB) *Index {
	t.Helper()
	ix := openTemp(t)
	if err := ix.Put(fixtures(t)...); err != nil {
		t.Fatal(err)
	}
	return ix
}

// mustSearch runs r and fails the test on error.
func mustSearch(t testing.TB, ix *Index, r Request) *Result {
	t.Helper()
	res, err := ix.Search(context.Background(), r)
	if err != nil {
		t.Fatalf("Search(%+v): %v", r, err)
	}
	return res
}

// hitIDs returns the ids of res's hits in order.
func hitIDs(res *Result) []string {
	ids := make([]string, 0, len(res.Hits))
	for _, h := range res.Hits {
		ids = append(ids, h.ID)
	}
	return ids
}

// sorted returns a sorted copy.
func sorted(ids []string) []string {
	out := slices.Clone(ids)
	slices.Sort(out)
	return out
}

// isQueryError reports whether err is a *QueryError.
func isQueryError(err error) bool {
	var qe *QueryError
	return errors.As(err, &qe)
}

func day(s string) *time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return &t
}
