package extract

import (
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
)

// TestModifiedAndLeadImage: the page's own update time (only when later
// than publication) and its lead image, made absolute.
func TestModifiedAndLeadImage(t *testing.T) {
	body := "<p>" + strings.Repeat("The ferry between the two islands runs again after the winter storms damaged the pier. ", 6) + "</p>"
	page := func(head string) []byte {
		return []byte(`<!doctype html><html lang="en"><head><title>Ferry runs again</title>` + head +
			`</head><body><article><h1>Ferry runs again</h1>` + body + `</article></body></html>`)
	}
	tests := []struct {
		name, head   string
		wantModified string // RFC 3339 or ""
		wantImage    string
	}{
		{"meta tags", `<meta property="article:published_time" content="2022-09-10T08:00:00Z">
			<meta property="article:modified_time" content="2022-09-11T17:30:00+03:00">
			<meta property="og:image" content="/img/ferry.jpg">`,
			"2022-09-11T17:30:00+03:00", "https://islands.example/img/ferry.jpg"},
		{"modified equals published", `<meta property="article:published_time" content="2022-09-10T08:00:00Z">
			<meta property="article:modified_time" content="2022-09-10T08:00:00Z">`, "", ""},
		{"JSON-LD", `<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2022-09-10T08:00:00Z",
			"dateModified":"2022-09-12T09:00:00Z","image":[{"@type":"ImageObject","url":"https://cdn.example/ferry.png"}]}</script>`,
			"2022-09-12T09:00:00Z", "https://cdn.example/ferry.png"},
		{"twitter image, inline og image ignored", `<meta property="og:image" content="data:image/png;base64,AAAA">
			<meta name="twitter:image" content="https://cdn.example/t.jpg">`, "", "https://cdn.example/t.jpg"},
		{"nothing", ``, "", ""},
	}
	for _, tt := range tests {
		a, err := Extract(Input{URL: "https://islands.example/news/ferry.html", ContentType: "text/html; charset=utf-8", Body: page(tt.head)})
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		got := ""
		if a.Modified != nil {
			got = a.Modified.Format(time.RFC3339)
		}
		if got != tt.wantModified || a.Image != tt.wantImage {
			t.Errorf("%s: modified %q, image %q; want %q, %q", tt.name, got, a.Image, tt.wantModified, tt.wantImage)
		}
	}
}

// TestReadHeadingsIsBounded: a page that uses <h1> for every teaser gives
// at most maxH1 of them to the title choice, which compares each with every
// head title.
func TestReadHeadingsIsBounded(t *testing.T) {
	page := "<html><body>" + strings.Repeat("<h1><span>Teaser</span> <span>headline text</span></h1><h2>Section</h2>", 500) + "</body></html>"
	root, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	hs := readHeadings(root)
	h1s := 0
	for _, h := range hs {
		if h.level == 1 {
			h1s++
		}
	}
	if h1s != maxH1 || len(hs) != maxH1+maxH2 {
		t.Errorf("%d headings, %d of them <h1>; want %d and %d", len(hs), h1s, maxH1+maxH2, maxH1)
	}
}

// TestTitleNotTheSiteName: a page whose head names only the site and whose
// header shows that name as a plain <h1> takes the article's <h1>.
func TestTitleNotTheSiteName(t *testing.T) {
	body := "<p>" + strings.Repeat("The council approved next year's budget after a long debate about the school fund. ", 5) + "</p>"
	page := `<html><head><title>Example News</title><meta property="og:title" content="Example News"></head><body>
<header><h1>Example News</h1></header><article><h1>Council approves the budget</h1>` + body + `</article></body></html>`
	a, err := Extract(Input{URL: "https://news.example/budget", Body: []byte(page)})
	if err != nil {
		t.Fatal(err)
	}
	if a.Title != "Council approves the budget" {
		t.Errorf("title %q, want the article's <h1>", a.Title)
	}
}
