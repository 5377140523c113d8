package listing

import (
	"bytes"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

func TestArticle(t *testing.T) {
	long := "<p>" + strings.Repeat("The council met again on Tuesday evening to talk about the bridge. ", 10) + "</p>"
	cases := []struct {
		name, path, html string
		article          bool
	}{
		{"plain article", "/news/a", "<html><body><nav><a href=/>Home</a></nav>" + long + "</body></html>", true},
		{"home page", "/", "<html><body>" + long + "</body></html>", false},
		{"og:type article", "/news/short", `<html><head><meta property="og:type" content="article"></head><body><p>Short.</p></body></html>`, true},
		{"JSON-LD article", "/news/ld", `<html><head><script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle"}</script></head><body><p>Short.</p></body></html>`, true},
		{"too short", "/news/b", "<html><body><p>Only a few words here.</p></body></html>", false},
		{"teaser list", "/section", "<html><body>" + strings.Repeat(`<h2><a href="/n">A headline of some length</a></h2><p>A teaser sentence that is long enough to count for something here.</p>`, 6) + long + "</body></html>", false},
		{"many articles", "/tag/x", "<html><body>" + strings.Repeat("<article>"+long+"</article>", 3) + "</body></html>", false},
		{"link farm", "/links", "<html><body>" + long + strings.Repeat(`<a href="/x">another link with quite a few words in its text</a> `, 40) + "</body></html>", false},
		{"Cyrillic article", "/news/c", "<html><body><p>" + strings.Repeat("Міська рада знову зібралася у вівторок, щоб обговорити міст. ", 8) + "</p></body></html>", true},
		{"article without <p>", "/news/old", "<html><body><div class=text>" + strings.Repeat("Жители района снова собрались у здания администрации, чтобы обсудить ремонт моста.<br>", 20) + "</div></body></html>", true},
		{"script text is not prose", "/news/s", "<html><body><script>" + strings.Repeat("var a = 'words words words'; ", 40) + "</script><p>Short.</p></body></html>", false},
	}
	for _, c := range cases {
		if got := Article([]byte(c.html), c.path); got != c.article {
			t.Errorf("%s: Article = %v, want %v", c.name, got, c.article)
		}
	}
}

func FuzzArticle(f *testing.F) {
	f.Add("<html><body><p>x</p></body></html>", "/a")
	f.Add("<script type=application/ld+json>{\"@type\":\"NewsArticle\"}", "/")
	f.Fuzz(func(t *testing.T, page, path string) {
		if got, want := Article([]byte(page), path), referenceArticle([]byte(page), path); got != want {
			t.Errorf("Article = %v, the reference says %v", got, want)
		}
	})
}

// A short news brief with no links is an article, not a listing.
func TestShortBriefIsArticle(t *testing.T) {
	brief := `<html><body><h1>Depot reopens</h1><p>Workers at the rail depot replaced the roof and part of the track damaged in the spring within two weeks.</p>
<p>The first freight trains will pass through the junction on Monday, the shift supervisor said, if the situation in the region allows.</p>
<p>Residents say the return of the trains matters more to the town than any other news this month.</p></body></html>`
	if !Article([]byte(brief), "/news/depot.html") {
		t.Error("a three-paragraph brief was taken for a listing")
	}
}

// referenceArticle is Article as it was before it stopped at a declared
// article and read only the attributes of <script> and <meta>: every
// token read, every tag's attributes in a map (Tag).
func referenceArticle(page []byte, path string) bool {
	var s referenceSignals
	z := html.NewTokenizer(bytes.NewReader(page))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			prose := s.pWords >= minArticleWords || s.textWords >= minBareWords
			return s.declared || (path != "/" && prose && s.linkWords*2 < s.linkWords+s.textWords &&
				s.articles < 3 && s.linkedHeadings < 4)
		}
		switch tt {
		case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
			a, attrs := Tag(z)
			s.tag(a, tagAttrs{typ: attrs["type"], property: attrs["property"], content: attrs["content"]}, tt)
		default:
			s.see(z, tt)
		}
	}
}

type referenceSignals struct{ signals }

// The shortcuts change no answer: pages declared in the head, in the
// body, after text that reads like a listing, with repeated attributes,
// upper-case names and broken markup.
func TestArticleEqualsReference(t *testing.T) {
	long := "<p>" + strings.Repeat("The council met again on Tuesday evening to talk about the bridge. ", 10) + "</p>"
	links := strings.Repeat(`<h2><a href="/n">A headline of some length</a></h2>`, 6)
	pages := []string{
		`<html><head><meta property="og:type" content="article"></head><body>` + links + `</body></html>`,
		`<html><head><META PROPERTY="OG:TYPE" CONTENT=" Article "></head><body><p>x</p></body></html>`,
		`<html><head><meta property="og:type" content="website" property="og:type" content="article"></head><body>` + long + `</body></html>`,
		`<html><head><meta property="og:type" content="article" content="website"></head><body>` + long + `</body></html>`,
		`<html><body>` + links + `<script type="application/ld+json">{"@type": ["NewsArticle"]}</script></body></html>`,
		`<html><body>` + long + `<script type="text/javascript" type="application/LD+JSON">{"@type":"Report"}</script></body></html>`,
		`<html><body><script type="application/ld+json">{"@type":"WebPage"}</script>` + long + `</body></html>`,
		`<html><body><meta property="og:type" content="article"/>` + strings.Repeat("<article>"+long+"</article>", 3) + `</body></html>`,
		`<p>` + long + `<a href=x>` + long,
		`<script type="application/ld+json">{"@type":"NewsArticle"}`,
		``,
	}
	for _, p := range pages {
		for _, path := range []string{"/", "/news/a"} {
			want := referenceArticle([]byte(p), path)
			if got := Article([]byte(p), path); got != want {
				t.Errorf("Article(%q, %s) = %v, want %v", p, path, got, want)
			}
			if got := ArticleText(p, path); got != want {
				t.Errorf("ArticleText(%q, %s) = %v, want %v", p, path, got, want)
			}
		}
	}
}
