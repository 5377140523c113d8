package search

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
	"time"
)

// eachBatches are the articles of TestEach, in batches written one by one
// (a segment each, until merged): three articles per publication instant,
// in different batches, so that the id decides among them; every seventh
// undated; ids not in the order of writing. The last batch writes some
// articles again with another date, leaving deleted documents behind.
func eachBatches() [][]Doc {
	base := time.Date(2022, 3, 1, 6, 0, 0, 0, time.UTC)
	langs := []string{"en", "ru", "uk"}
	doc := func(i int, published time.Time) Doc {
		d := Doc{
			ID:       fmt.Sprintf("doc-%03d", (i*37)%101),
			URL:      fmt.Sprintf("https://news.example/%d", i),
			Title:    fmt.Sprintf("Story %d", i),
			Text:     "A story of the town.",
			Lang:     langs[i%3],
			Captured: base.Add(time.Duration(i) * time.Minute),
			Sources:  []Source{{URL: fmt.Sprintf("https://news.example/%d?utm_source=feed", i), Time: base}},
		}
		if i%2 == 0 {
			d.Text += " The river rose in the night."
		}
		if i%3 == 0 {
			d.Text += " The bridge held."
		}
		if i%7 != 0 {
			d.Published = &published
		}
		return d
	}
	var batches [][]Doc
	const n, per = 60, 10
	for b := range n / per {
		var batch []Doc
		for k := range per {
			// Article i = b+6k: consecutive batches hold neighbours.
			i := b + (n/per)*k
			batch = append(batch, doc(i, base.Add(time.Duration(i/3)*time.Hour)))
		}
		batches = append(batches, batch)
	}
	var again []Doc
	for _, i := range []int{4, 10, 22} {
		again = append(again, doc(i, base.AddDate(0, 2, 0)))
	}
	return append(batches, again)
}

// openEachIndex opens a new index with the options and writes
// eachBatches into it.
func openEachIndex(t *testing.T, o Options) *Index {
	t.Helper()
	ix, err := OpenWith(filepath.Join(t.TempDir(), "index"), o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	for _, b := range eachBatches() {
		if err := ix.Put(b...); err != nil {
			t.Fatal(err)
		}
	}
	return ix
}

// eachIDs runs Each and returns the ids it visits, checking that each
// article is as Get returns it.
func eachIDs(t *testing.T, ix *Index, r Request) []string {
	t.Helper()
	var ids []string
	err := ix.Each(context.Background(), r, func(d Doc) error {
		want, err := ix.Get(d.ID)
		if err != nil {
			t.Fatalf("Get(%s): %v", d.ID, err)
		}
		if !reflect.DeepEqual(d, want) {
			t.Errorf("Each gives\n%+v\nGet gives\n%+v", d, want)
		}
		ids = append(ids, d.ID)
		return nil
	})
	if err != nil {
		t.Fatalf("Each(%+v): %v", r, err)
	}
	return ids
}

// TestEach holds Each to Search's "oldest" order on an index of the
// default window, and checks that on an index of a window of 4 results
// it visits what Search cannot page to.
func TestEach(t *testing.T) {
	const window = 4
	ref := openEachIndex(t, Options{})
	small := openEachIndex(t, Options{Window: window})
	tests := []struct {
		name string
		req  Request
	}{
		{"everything", Request{}},
		{"a word", Request{Query: "river"}},
		{"a word without another", Request{Query: "river -bridge"}},
		{"an or", Request{Query: "river OR bridge"}},
		{"a phrase", Request{Query: `"river rose"`}},
		{"a language", Request{Query: "river", Langs: []string{"en", "uk"}}},
		{"a date range", Request{From: day("2022-03-02"), To: day("2022-03-03")}},
		{"the undated", Request{Undated: UndatedOnly}},
		{"a sort, a page and facet options, ignored", Request{Query: "bridge", Sort: "newest", Page: 3, Size: 5, More: []string{FacetLangs}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.req
			r.Sort, r.Page, r.Size, r.More = "oldest", 1, 100, nil
			res := mustSearch(t, ref, r)
			want := hitIDs(res)
			if res.Total <= window || int(res.Total) != len(want) {
				t.Fatalf("fixture: %d of %d hits; the test needs more than %d, all on one page", len(want), res.Total, window)
			}
			if got := eachIDs(t, ref, tt.req); !slices.Equal(got, want) {
				t.Errorf("Each visits\n%v\nSearch finds, oldest first,\n%v", got, want)
			}
			// The small window holds Search, not Each.
			r.Size = window
			if got := hitIDs(mustSearch(t, small, r)); !slices.Equal(got, want[:window]) {
				t.Errorf("Search of page 1 of %d on a window of %d: %v, want %v", window, window, got, want[:window])
			}
			for _, p := range []struct{ page, size int }{{2, window}, {1, 100}} {
				r.Page, r.Size = p.page, p.size
				if _, err := small.Search(context.Background(), r); !isQueryError(err) {
					t.Errorf("Search of page %d of %d on a window of %d: %v, want a *QueryError", p.page, p.size, window, err)
				}
			}
			if got := eachIDs(t, small, tt.req); !slices.Equal(got, want) {
				t.Errorf("Each on a window of %d visits\n%v\nwant\n%v", window, got, want)
			}
		})
	}
}

// TestEachErrors: a malformed request is a *QueryError before fn is
// called; fn's error and a done context stop Each.
func TestEachErrors(t *testing.T) {
	ix := openEachIndex(t, Options{})
	stop := errors.New("stop")
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name  string
		ctx   context.Context
		req   Request
		fail  bool // fn fails on its third article
		calls int
		want  error // nil: a *QueryError
	}{
		{name: "unclosed quote", req: Request{Query: `"unclosed`}},
		{name: "unknown field", req: Request{Query: "colour:red"}},
		{name: "fuzziness too large", req: Request{Query: "river~5"}},
		{name: "from after to", req: Request{From: day("2022-04-01"), To: day("2022-03-01")}},
		{name: "bad language", req: Request{Langs: []string{"english!"}}},
		{name: "fn fails", req: Request{Query: "river"}, fail: true, calls: 3, want: stop},
		{name: "context done", ctx: canceled, req: Request{Query: "river"}, want: context.Canceled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := tt.ctx
			if ctx == nil {
				ctx = context.Background()
			}
			calls := 0
			err := ix.Each(ctx, tt.req, func(Doc) error {
				calls++
				if tt.fail && calls == 3 {
					return stop
				}
				return nil
			})
			switch {
			case tt.want == nil && !isQueryError(err):
				t.Errorf("Each(%+v): %v (%T), want a *QueryError", tt.req, err, err)
			case tt.want != nil && !errors.Is(err, tt.want):
				t.Errorf("Each(%+v): %v, want %v", tt.req, err, tt.want)
			}
			if calls != tt.calls {
				t.Errorf("fn called %d times, want %d", calls, tt.calls)
			}
		})
	}
}
