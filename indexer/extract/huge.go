package extract

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// hugePage is the size, in bytes of decoded HTML, above which a page is
// trimmed by trimHuge before it is parsed. No news page in the dev set
// comes near it; pages that do are inlined scripts, data and images, or
// endless live blogs and archives.
const hugePage = 2 << 20

// maxPageText is the text, in bytes, kept of a huge page: ten times the
// longest articles, and small enough that the extractor (whose work grows
// faster than linearly with the text) stays quick.
const maxPageText = 256 << 10

// maxAttr is the longest attribute value kept on a huge page; longer ones
// are inlined images (data: URIs) and serialized state.
const maxAttr = 4 << 10

// maxJSONLD is the largest JSON-LD script kept on a huge page, for the
// metadata it carries (headline, author, dates).
const maxJSONLD = 256 << 10

// trimHuge bounds the work and memory a huge page costs by cutting it down
// before it is parsed, so that its full tree (several times the page's
// size) is never built: it streams the page through the tokenizer and
// keeps the markup and text, except comments, scripts (but JSON-LD),
// styles and other non-text elements and very long attribute values, up
// to maxPageText bytes of text. The parser closes what is left open.
func trimHuge(page string) string {
	z := html.NewTokenizer(strings.NewReader(page))
	var out strings.Builder
	out.Grow(2 * maxPageText)
	budget := maxPageText
	skip := atom.Atom(0) // the non-text element being skipped, if any
	skipped := 0         // its nesting depth
	for budget > 0 {
		tt := z.Next()
		if tt == html.ErrorToken {
			break // io.EOF, or a tokenizer error: keep what was read
		}
		if skipped > 0 {
			name, _ := z.TagName()
			switch a := atom.Lookup(name); {
			case tt == html.StartTagToken && a == skip:
				skipped++
			case tt == html.EndTagToken && a == skip:
				skipped--
			}
			continue
		}
		switch tt {
		case html.CommentToken, html.DoctypeToken:
			continue
		case html.TextToken:
			raw := z.Raw()
			budget -= len(raw)
			out.Write(raw)
		case html.StartTagToken, html.SelfClosingTagToken:
			t := z.Token()
			if dropped(t) {
				if tt == html.StartTagToken {
					skip, skipped = t.DataAtom, 1
				}
				continue
			}
			if t.DataAtom == atom.Script {
				// JSON-LD: its text is raw, so copy it through whole.
				out.WriteString(t.String())
				if z.Next() == html.TextToken {
					if len(z.Raw()) <= maxJSONLD {
						out.Write(z.Raw())
					}
					skip, skipped = atom.Script, 1 // up to its end tag
				}
				out.WriteString("</script>")
				continue
			}
			out.WriteString(shortAttrs(t).String())
		case html.EndTagToken:
			out.Write(z.Raw())
		}
	}
	return out.String()
}

// dropped reports whether a start tag opens an element that trimHuge
// leaves out with its content.
func dropped(t html.Token) bool {
	switch t.DataAtom {
	case atom.Style, atom.Noscript, atom.Template, atom.Svg, atom.Iframe, atom.Object, atom.Math:
		return true
	case atom.Script:
		for _, a := range t.Attr {
			if a.Key == "type" && strings.EqualFold(strings.TrimSpace(a.Val), "application/ld+json") {
				return false
			}
		}
		return true
	}
	return false
}

// shortAttrs drops attribute values longer than maxAttr.
func shortAttrs(t html.Token) html.Token {
	kept := t.Attr[:0]
	for _, a := range t.Attr {
		if len(a.Val) <= maxAttr {
			kept = append(kept, a)
		}
	}
	t.Attr = kept
	return t
}
