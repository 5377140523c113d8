package web

import (
	"errors"
	"net/url"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/gazette-news/gazette/search"
)

func TestParseRequest(t *testing.T) {
	day := func(s string) *time.Time {
		d, _ := time.Parse(dateLayout, s)
		return &d
	}
	tests := []struct {
		query   string
		want    search.Request
		wantErr string // the parameter named in the error; "" for success
	}{
		{"", search.Request{Page: 1, Size: 10}, ""},
		{"q=+bridge+&sort=newest&page=3&size=25",
			search.Request{Query: "bridge", Sort: "newest", Page: 3, Size: 25}, ""},
		{"place=707292&place=UA&place=707292&place=",
			search.Request{Places: []string{"707292", "UA"}, Page: 1, Size: 10}, ""},
		{"from=2022-03-01&to=2022-03-31&lang=uk&site=a.example",
			search.Request{From: day("2022-03-01"), To: day("2022-03-31"), Langs: []string{"uk"}, Sites: []string{"a.example"}, Page: 1, Size: 10}, ""},
		{"lang=uk&lang=ru&lang=uk&site=A&site=B",
			search.Request{Langs: []string{"uk", "ru"}, Sites: []string{"A", "B"}, Page: 1, Size: 10}, ""},
		{"undated=only&interval=week&more=regions&more=sites",
			search.Request{Undated: "only", Interval: "week", More: []string{"regions", "sites"}, Page: 1, Size: 10}, ""},
		{"from=2022-01-01&undated=include", search.Request{From: day("2022-01-01"), Undated: "include", Page: 1, Size: 10}, ""},
		{"from=2022-01-01&undated=only", search.Request{}, "undated"},
		{"undated=1", search.Request{}, "undated"},
		{"interval=fortnight", search.Request{}, "interval"},
		{"more=towns", search.Request{}, "more"},
		{"from=2022-03-01&to=2022-03-01", search.Request{From: day("2022-03-01"), To: day("2022-03-01"), Page: 1, Size: 10}, ""},
		{"from=01/03/2022", search.Request{}, "from"},
		{"to=2022-02-30", search.Request{}, "to"},
		{"from=2022-04-02&to=2022-04-01", search.Request{}, "from"},
		{"sort=best", search.Request{}, "sort"},
		{"lang=English", search.Request{}, "lang"},
		{"lang=EN-gb&lang=en&lang=ukr", search.Request{Langs: []string{"en", "uk"}, Page: 1, Size: 10}, ""},
		{"near=707292&km=x", search.Request{}, "km"},
		{"km=5", search.Request{}, "km"},
		{"bbox=1,2,3,x", search.Request{}, "bbox"},
		{"bbox=3,2,1,4", search.Request{}, "bbox"},
		{"page=1.5", search.Request{}, "page"},
		{"page=1001", search.Request{}, "page"},
		{"size=-1", search.Request{}, "size"},
		{"size=0x10", search.Request{}, "size"},
		{"place=1&place=2&place=3&place=4&place=5&place=6&place=7&place=8&place=9&place=10&place=11&place=12&place=13&place=14&place=15&place=16&place=17&place=18&place=19&place=20&place=21", search.Request{}, "place"},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			v, err := url.ParseQuery(tt.query)
			if err != nil {
				t.Fatal(err)
			}
			got, err := parseRequest(v)
			if tt.wantErr != "" {
				var pe *paramError
				if !errors.As(err, &pe) || pe.Param != tt.wantErr {
					t.Fatalf("err = %v, want a paramError for %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.Query != tt.want.Query || got.Sort != tt.want.Sort || got.Page != tt.want.Page ||
				got.Size != tt.want.Size || !slices.Equal(got.Langs, tt.want.Langs) || !slices.Equal(got.Sites, tt.want.Sites) ||
				got.Undated != tt.want.Undated || got.Interval != tt.want.Interval || !slices.Equal(got.More, tt.want.More) ||
				!slices.Equal(got.Places, tt.want.Places) || !sameDay(got.From, tt.want.From) || !sameDay(got.To, tt.want.To) {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func sameDay(a, b *time.Time) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Equal(*b)
}

// TestValuesRoundTrip checks that the URL built for a request parses back
// to the same request, which is what keeps filters alive across links.
func TestValuesRoundTrip(t *testing.T) {
	from, _ := time.Parse(dateLayout, "2022-03-01")
	to, _ := time.Parse(dateLayout, "2022-03-31")
	req := search.Request{Query: `"river bridge" -closed`, Places: []string{"707292", "UA"},
		From: &from, To: &to, Undated: "include", Langs: []string{"en", "de"}, Sites: []string{"a.example", "B"}, Sort: "oldest", Page: 1, Size: 20,
		Interval: "week", More: []string{"cities"},
		Near: &search.Near{Place: "707292", Km: 12.5}, BBox: &search.BBox{MinLon: 36.1, MinLat: 49, MaxLon: 38.25, MaxLat: 50.5}}
	back, err := parseRequest(values(req))
	if err != nil {
		t.Fatal(err)
	}
	if back.Query != req.Query || !slices.Equal(back.Places, req.Places) || !sameDay(back.From, req.From) ||
		!sameDay(back.To, req.To) || !slices.Equal(back.Langs, req.Langs) || !slices.Equal(back.Sites, req.Sites) || back.Undated != req.Undated ||
		back.Sort != req.Sort || back.Size != req.Size || back.Interval != req.Interval || !slices.Equal(back.More, req.More) ||
		back.Near == nil || *back.Near != *req.Near || back.BBox == nil || *back.BBox != *req.BBox {
		t.Errorf("round trip: got %+v, want %+v", back, req)
	}
	if got := values(search.Request{Sort: "relevance", Size: defaultSize, Page: 1}).Encode(); got != "" {
		t.Errorf("defaults should be left out of URLs, got %q", got)
	}
}

func TestNewPager(t *testing.T) {
	tests := []struct {
		page, size int
		total      uint64
		want       string // page list: numbers, * for current, … for gaps
	}{
		{1, 10, 0, ""},
		{1, 10, 10, ""},
		{1, 10, 11, "*1 2"},
		{3, 10, 50, "1 2 *3 4 5"},
		{10, 10, 200, "1 … 8 9 *10 11 12 … 20"},
		{1, 10, 1_000_000, "*1 2 3 … 1000"},
	}
	for _, tt := range tests {
		p := newPager(search.Request{Page: tt.page, Size: tt.size}, tt.total)
		var got string
		for i, pl := range p.Pages {
			if i > 0 {
				got += " "
			}
			switch {
			case pl.Gap:
				got += "…"
			case pl.Current:
				got += "*" + strconv.Itoa(pl.Number)
			default:
				got += strconv.Itoa(pl.Number)
			}
		}
		if got != tt.want {
			t.Errorf("page %d of %d results: pages %q, want %q", tt.page, tt.total, got, tt.want)
		}
		if (tt.page > 1) != (p.Prev != "") && got != "" {
			t.Errorf("page %d: prev link %q", tt.page, p.Prev)
		}
	}
}
