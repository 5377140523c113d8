// Package listing tells article pages from the pages that list articles —
// home pages, sections, tags, link farms — so that crawls and imports
// index articles only (the listings are archived all the same).
package listing

import (
	"bytes"
	"io"
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// ldArticle finds a JSON-LD article type in a script's text.
var ldArticle = regexp.MustCompile(`"@type"\s*:\s*\[?\s*"(?:[A-Za-z]*Article|BlogPosting|Report)"`)

// minArticleWords is the paragraph text, in words, that makes an undeclared
// page an article: low enough for a three-paragraph news brief.
const minArticleWords = 40

// minBareWords is the text outside links, in words, that makes an article
// of a page without <p> elements (old layouts set text in <div>s and <br>s).
const minBareWords = 150

// Article reports whether an HTML page (decoded to UTF-8) at the URL path
// is an article. A page is one when it says so (og:type "article" or a
// JSON-LD Article), or when it reads like one: it is not the site's home
// page ("/"), has at least 40 words of paragraph text outside links (or,
// without <p> elements, 150 words of text outside links), link
// text under half of all text, fewer than three <article> elements and
// fewer than four headings that are links (the shape of a teaser list).
func Article(page []byte, path string) bool {
	return article(bytes.NewReader(page), path)
}

// ArticleText is Article for a page held as a string, which it reads
// without a copy.
func ArticleText(page, path string) bool {
	return article(strings.NewReader(page), path)
}

// article tokenises the page until the end, or until the page has said it
// is an article (og:type, JSON-LD), which settles the answer: most news
// pages say so in their head, so the body is seldom read.
func article(page io.Reader, path string) bool {
	var s signals
	z := html.NewTokenizer(page)
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			prose := s.pWords >= minArticleWords || s.textWords >= minBareWords
			return s.declared || (path != "/" && prose && s.linkWords*2 < s.linkWords+s.textWords &&
				s.articles < 3 && s.linkedHeadings < 4)
		}
		s.see(z, tt)
		if s.declared {
			return true
		}
	}
}

// signals are what Article counts while tokenising.
type signals struct {
	inLink, inP, inHeading, skip int
	linkWords, textWords, pWords int
	articles, linkedHeadings     int
	headingHasLink               bool
	declared                     bool
	inLD                         bool
}

func (s *signals) see(z *html.Tokenizer, tt html.TokenType) {
	switch tt {
	case html.TextToken:
		if s.inLD {
			if ldArticle.Match(z.Text()) {
				s.declared = true
			}
			return
		}
		if s.skip > 0 {
			return
		}
		n := countWords(z.Text())
		if s.inLink > 0 {
			s.linkWords += n
			return
		}
		s.textWords += n
		if s.inP > 0 {
			s.pWords += n
		}
	case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
		name, hasAttr := z.TagName()
		a := atom.Lookup(name)
		var attrs tagAttrs
		if a == atom.Script || a == atom.Meta { // the only tags whose attributes count
			attrs = readAttrs(z, hasAttr)
		}
		s.tag(a, attrs, tt)
	}
}

// tagAttrs are the attributes of a tag that Article reads: the last
// value of each, as Tag's map holds them.
type tagAttrs struct {
	typ, property, content string
}

// readAttrs reads the tag's attributes into tagAttrs, without a map.
func readAttrs(z *html.Tokenizer, hasAttr bool) tagAttrs {
	var t tagAttrs
	for hasAttr {
		var k, v []byte
		k, v, hasAttr = z.TagAttr()
		switch string(k) {
		case "type":
			t.typ = string(v)
		case "property":
			t.property = string(v)
		case "content":
			t.content = string(v)
		}
	}
	return t
}

// Tag reads the tag the tokenizer stands on: its atom and its attributes.
// The crawler's link parser reads tags the same way.
func Tag(z *html.Tokenizer) (atom.Atom, map[string]string) {
	name, hasAttr := z.TagName()
	attrs := map[string]string{}
	for hasAttr {
		var k, v []byte
		k, v, hasAttr = z.TagAttr()
		attrs[string(k)] = string(v)
	}
	return atom.Lookup(name), attrs
}

func (s *signals) tag(a atom.Atom, attrs tagAttrs, tt html.TokenType) {
	start, end := tt == html.StartTagToken, tt == html.EndTagToken
	switch a {
	case atom.Script:
		s.inLD = start && strings.Contains(strings.ToLower(attrs.typ), "ld+json")
		fallthrough
	case atom.Style, atom.Noscript, atom.Template:
		if start {
			s.skip++
		} else if end && s.skip > 0 {
			s.skip--
		}
	case atom.A:
		switch {
		case end && s.inLink > 0:
			s.inLink--
		case start:
			s.inLink++
			if s.inHeading > 0 {
				s.headingHasLink = true
			}
		}
	case atom.P:
		if end && s.inP > 0 {
			s.inP--
		} else if start {
			s.inP++
		}
	case atom.H1, atom.H2, atom.H3, atom.H4:
		if !end {
			s.inHeading++
			return
		}
		if s.inHeading > 0 {
			s.inHeading--
		}
		if s.headingHasLink {
			s.linkedHeadings++
		}
		s.headingHasLink = false
	case atom.Article:
		if start {
			s.articles++
		}
	case atom.Meta:
		if strings.EqualFold(attrs.property, "og:type") && strings.EqualFold(strings.TrimSpace(attrs.content), "article") {
			s.declared = true
		}
	}
}

func countWords(b []byte) int {
	return len(strings.FieldsFunc(string(b), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) }))
}
