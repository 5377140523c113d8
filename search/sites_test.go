package search

import (
	"fmt"
	"path/filepath"
	"slices"
	"testing"
)

// courierDocs are articles of one outlet that name it differently: two by
// og:site_name, one in Ukrainian, one not at all (its host stands in), and
// one of another host with no name.
func courierDocs() []Doc {
	d := func(id, url, site string) Doc {
		return Doc{ID: id, URL: url, Title: "t " + id, Text: "x", Lang: "en", Site: site}
	}
	return []Doc{
		d("a", "https://kharkiv-courier.example/a", "kharkiv-courier.example"),
		d("b", "https://www.kharkiv-courier.example/b", "Kharkiv Courier"),
		d("c", "https://kharkiv-courier.example/c", "Kharkiv  Courier"),
		d("d", "https://kharkiv-courier.example/uk/d", "Харківський кур'єр"),
		d("e", "https://steppe-herald.example/e", ""),
		d("f", "file:///home/anna/dumps/f.txt", "Local Notes"),
	}
}

// outlets maps each article to the site name the index shows for it.
func outlets(t *testing.T, ix *Index) map[string]string {
	t.Helper()
	res := mustSearch(t, ix, Request{Size: 100})
	out := map[string]string{}
	for _, h := range res.Hits {
		out[h.ID] = h.Site
	}
	return out
}

// TestOneNamePerOutlet: every article of a host shows the name most of its
// articles give, whatever each says itself; the site facet and filter see
// that one name; the host stands in where none is given.
func TestOneNamePerOutlet(t *testing.T) {
	ix := openTemp(t)
	if err := ix.Put(courierDocs()...); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"a": "Kharkiv Courier", "b": "Kharkiv Courier", "c": "Kharkiv Courier", "d": "Kharkiv Courier",
		"e": "steppe-herald.example", "f": "Local Notes"}
	if got := outlets(t, ix); !mapsEqual(got, want) {
		t.Errorf("outlets %v, want %v", got, want)
	}
	res := mustSearch(t, ix, Request{})
	if wantSites := []TermCount{{"Kharkiv Courier", 4}, {"Local Notes", 1}, {"steppe-herald.example", 1}}; !slices.Equal(res.Facets.Sites, wantSites) {
		t.Errorf("site facet %v, want %v", res.Facets.Sites, wantSites)
	}
	for _, site := range []string{"Kharkiv Courier", "kharkiv-courier.example"} {
		if n := mustSearch(t, ix, Request{Sites: []string{site}}).Total; n != 4 {
			t.Errorf("site=%s: %d articles, want 4", site, n)
		}
	}
	// Get keeps what the page gave, and says what is shown.
	d, err := ix.Get("d")
	if err != nil {
		t.Fatal(err)
	}
	if d.Site != "Харківський кур'єр" || d.Outlet != "Kharkiv Courier" {
		t.Errorf("Get: site %q, outlet %q", d.Site, d.Outlet)
	}

	// Rewriting b and c without a name leaves the Ukrainian name the only
	// one given: every article of the host follows.
	for _, id := range []string{"b", "c"} {
		d, _ := ix.Get(id)
		d.Site = ""
		if err := ix.Put(d); err != nil {
			t.Fatal(err)
		}
	}
	for _, id := range []string{"a", "b", "c", "d"} {
		if got := outlets(t, ix)[id]; got != "Харківський кур'єр" {
			t.Errorf("after the rewrite, %s shows %q", id, got)
		}
	}

	// The table survives a reopen: a new article without a name gets the
	// host's name.
	path := filepath.Join(t.TempDir(), "index")
	ix2, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := ix2.Put(courierDocs()[1:4]...); err != nil {
		t.Fatal(err)
	}
	ix2.Close()
	ix2, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer ix2.Close()
	if err := ix2.Put(courierDocs()[0]); err != nil {
		t.Fatal(err)
	}
	if got := outlets(t, ix2)["a"]; got != "Kharkiv Courier" {
		t.Errorf("after reopening, a shows %q", got)
	}
}

// TestOutletNamesIgnoreOrder: the names shown depend on which articles the
// index holds, not on the order or the batches they came in.
func TestOutletNamesIgnoreOrder(t *testing.T) {
	docs := courierDocs()
	// A tie: one more article giving the Ukrainian name makes it 2 to 2;
	// ties go to the first name in byte order.
	extra := Doc{ID: "g", URL: "https://kharkiv-courier.example/uk/g", Title: "t", Text: "x", Site: "Харківський кур'єр"}
	docs = append(docs, extra)
	orders := [][]int{{0, 1, 2, 3, 4, 5, 6}, {6, 5, 4, 3, 2, 1, 0}, {3, 0, 6, 1, 5, 2, 4}, {0, 4, 5, 3, 6, 2, 1}}
	var first map[string]string
	for i, order := range orders {
		ix := openTemp(t)
		for j, k := range order {
			var err error
			if j%2 == 0 {
				err = ix.Put(docs[k])
			} else {
				var b Batch
				b.Put(docs[k])
				err = ix.Write(&b)
			}
			if err != nil {
				t.Fatal(err)
			}
		}
		got := outlets(t, ix)
		if i == 0 {
			first = got
			if got["a"] != "Kharkiv Courier" || got["g"] != "Kharkiv Courier" {
				t.Errorf("tie: %v, want Kharkiv Courier (first in byte order) for the host", got)
			}
			continue
		}
		if !mapsEqual(got, first) {
			t.Errorf("order %v: %v, want %v as in order %v", order, got, first, orders[0])
		}
	}
}

func mapsEqual(a, b map[string]string) bool {
	return fmt.Sprint(a) == fmt.Sprint(b)
}
