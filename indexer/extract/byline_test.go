package extract

import (
	"errors"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

func TestBylineAuthor(t *testing.T) {
	cases := []struct{ html, want string }{
		{`<table><tr><td><font>Автор: Сергей Кравец, специально для «Вестника»</font></td></tr></table>`, "Сергей Кравец"},
		{`<p class="meta">By Anna Lind | 3 March 2022</p>`, "Anna Lind"},
		{`<p>Авторка: Ірина Бондар</p>`, "Ірина Бондар"},
		{`<p>By the morning of the fourth day the convoy had reached the river crossing and stopped.</p>`, ""},
		{`<p>by nightfall</p>`, ""},
		{`<p>Nothing here</p>`, ""},
		{`<div class="byline"><span class="icon"></span><img src="a.png"> By <b>Olena Koval</b></div>`, "Olena Koval"},
	}
	for _, c := range cases {
		doc, err := goquery.NewDocumentFromReader(strings.NewReader(c.html))
		if err != nil {
			t.Fatal(err)
		}
		if got := bylineAuthor(doc); got != c.want {
			t.Errorf("bylineAuthor(%s) = %q, want %q", c.html, got, c.want)
		}
	}
}

func TestDropHeader(t *testing.T) {
	cases := []struct{ text, title, author, want string }{
		{"Headline here\n\nBody one.\n\nBody two.", "Headline  here", "", "Body one.\n\nBody two."},
		{"Заголовок\n\nАвтор: Сергей Кравец, специально для «Вестника»\n\nТекст статьи.", "Заголовок", "Сергей Кравец", "Текст статьи."},
		{"By Anna Lind\n\nBody.", "Other", "Someone Else", "By Anna Lind\n\nBody."},
		{"Only the headline", "Only the headline", "", "Only the headline"},
	}
	for _, c := range cases {
		if got := dropHeader(c.text, c.title, c.author); got != c.want {
			t.Errorf("dropHeader(%q) = %q, want %q", c.text, got, c.want)
		}
	}
}

// Plain text that is not prose (robots.txt, a list of names) holds no article.
func TestTextWithoutProse(t *testing.T) {
	for _, body := range []string{
		"User-agent: *\nDisallow: /private/\nAllow: /news/\nSitemap: https://news.example/sitemap.xml\nCrawl-delay: 10\n",
		"Kharkiv\nIzium\nKupiansk\nLyman\nBalakliia\nKramatorsk\nSloviansk\nBakhmut\nLysychansk\nSievierodonetsk\n",
	} {
		if _, err := Extract(Input{URL: "https://news.example/robots.txt", ContentType: "text/plain", Body: []byte(body)}); !errors.Is(err, ErrNoArticle) {
			t.Errorf("Extract(%q) = %v, want ErrNoArticle", body, err)
		}
	}
	prose := "Ferry returns\n\nThe river ferry resumed service on Monday after a winter of repairs, the operator said."
	if _, err := Extract(Input{URL: "file:///a.txt", ContentType: "text/plain", Body: []byte(prose)}); err != nil {
		t.Errorf("a short prose dump: %v", err)
	}
}

// TestPlausibleAuthor: byline labels and the site's domain are no authors.
func TestPlausibleAuthor(t *testing.T) {
	for in, want := range map[string]string{
		"Olena Koval":     "Olena Koval",
		"tagesschau.de":   "",
		"www.kath.net":    "",
		"Stand:":          "",
		"J.R. Stone":      "J.R. Stone",
		"Ірина Бондар":    "Ірина Бондар",
		"https://x.y/z":   "",
		"12.03.2022":      "",
		"Kathpress Wien.": "Kathpress Wien.",
		"J.Li":            "J.Li",
		"лента.рф":        "",
	} {
		if got := plausibleAuthor(in); got != want {
			t.Errorf("plausibleAuthor(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestLinkedAuthor: a link to the author's page names the author; other
// links there do not.
func TestLinkedAuthor(t *testing.T) {
	cases := []struct{ html, want string }{
		{`<p>By <a rel="author" href="/team/anna">Anna Lind</a></p>`, "Anna Lind"},
		{`<span><a href="https://news.example/about/newsteam/jr-stone">J.R. Stone</a></span>`, "J.R. Stone"},
		{`<div class="byline"><a href="/autor/ludwig-van-der-berg/">Ludwig van der Berg</a></div>`, "Ludwig van der Berg"},
		{`<a href="/author/anna/">View all posts by Anna</a>`, ""},
		{`<a href="/autor/martin-junker/">Alles von Martin Junker</a>`, "Martin Junker"},
		{`<a rel="author" href="/team/ryan">Author: Ryan Merkley, CEO</a>`, "Ryan Merkley"},
		{`<div class="comments"><a rel="author" href="/u/7">Troll Account</a></div>`, ""},
		{`<a href="/authors/">Our authors</a>`, ""},
		{`<a href="/news/harbour">Harbour Wall Rebuilt</a>`, ""},
		// Other people's links: a columnist menu, related stories, a
		// most-read list, a discussion, a section link.
		{`<nav><a href="/authors/jane-doe">Jane Doe</a></nav><article><h1>Ferry</h1><p>Text.</p></article>`, ""},
		{`<aside class="related"><a href="/author/mark-roe">Mark Roe</a></aside><article><p>By <a href="/author/john-smith">John Smith</a></p></article>`, "John Smith"},
		{`<a href="/journalists/all">Our Journalists</a>`, ""},
		{`<article><p>By <a href="/author/john-smith">John Smith</a></p></article><div class="most-read"><a href="/author/mark-roe">Mark Roe</a></div>`, "John Smith"},
		{`<div class="layout has-sidebar"><div class="author-box"><a href="/autor/jil-schuller">Jil Schuller</a></div></div>`, "Jil Schuller"},
		{`<article><p>Text.</p><section id="discussion"><div class="reply"><a href="/author/mad-max">Mad Max</a></div></section></article>`, ""},
		{`<article><header><h1>Ferry</h1><a rel="author" href="https://news.example/">Home</a></header></article>`, ""},
		{`<article><p><a href="/author/ivan-petrov">Иван Петров</a></p></article>`, "Иван Петров"},
	}
	for _, c := range cases {
		doc, err := goquery.NewDocumentFromReader(strings.NewReader(c.html))
		if err != nil {
			t.Fatal(err)
		}
		if got := linkedAuthor(doc); got != c.want {
			t.Errorf("linkedAuthor(%s) = %q, want %q", c.html, got, c.want)
		}
	}
}
