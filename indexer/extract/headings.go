package extract

import (
	"net/url"
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// heading is a visible <h1> or <h2> of a page: a candidate for the
// article's headline.
type heading struct {
	text      string   // the headline as shown, one line, without a kicker above it
	level     int      // 1 or 2
	logo      bool     // not the article's: the site's name (a link home, a logo or site-title block), or hidden from view
	parts     []string // the texts of the heading's child nodes, for a headline with a subtitle or dateline in the same element
	inArticle bool     // inside <article> or <main>
}

// maxH2 is the number of <h2> elements read: a headline that is an <h2>
// comes near the top; later ones are section titles and teasers.
const maxH2 = 8

// maxH1 is the number of <h1> elements read. Pages with more use <h1> for
// every teaser; comparing each with every head title would make such a
// page cost seconds.
const maxH1 = 20

// readHeadings returns the page's <h1> elements and its first <h2>
// elements with text, in document order. Scripts and styles inside a
// heading are not its text.
func readHeadings(root *html.Node) []heading {
	var hs []heading
	h1s, h2s := 0, 0
	var visit func(n *html.Node, inArticle bool)
	visit = func(n *html.Node, inArticle bool) {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Article, atom.Main:
				inArticle = true
			case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Head:
				return
			case atom.H1, atom.H2:
				level := 1
				if n.DataAtom == atom.H2 {
					level = 2
				}
				if level == 1 && h1s >= maxH1 || level == 2 && h2s >= maxH2 {
					return
				}
				if t, parts := headlineText(n); t != "" {
					if level == 2 {
						h2s++
					} else {
						h1s++
					}
					hs = append(hs, heading{text: t, level: level, logo: isLogo(n), parts: parts, inArticle: inArticle})
				}
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			visit(c, inArticle)
		}
	}
	visit(root, false)
	return hs
}

// headlineText returns the text of a heading element without the kicker
// that many sites set above the headline inside the same element
// ("<h1><span class=kicker>Klimaschutz</span> Bohren, bis es heiß wird</h1>"):
// a first child element that is marked as a kicker, or is small print or
// a block of its own, when more text follows it. Hidden separators between
// the two (": ", " – ") go with the kicker. It also returns the texts of
// the remaining child nodes one by one (when there are several), in which
// a headline may be told from a subtitle or dateline beside it.
func headlineText(h *html.Node) (string, []string) {
	c := h
	for {
		only := loneElementChild(c)
		if only == nil {
			break
		}
		c = only
	}
	from := c.FirstChild
	text := cleanTitle(elementText(h))
	if first := firstContent(c); first != nil && first.Type == html.ElementNode && isKicker(first) && strings.TrimSpace(elementText(first)) != "" {
		var b strings.Builder
		for s := first.NextSibling; s != nil; s = s.NextSibling {
			writeText(s, &b)
		}
		if rest := strings.TrimLeft(cleanTitle(b.String()), " :|-–—·•"); hasLetters(rest) {
			text, from = rest, first.NextSibling
		}
	}
	return text, childTexts(from)
}

// maxParts is the most child texts of a heading kept for comparison.
const maxParts = 12

// childTexts returns the non-blank texts of n and its following siblings,
// or nil when there are fewer than two.
func childTexts(n *html.Node) []string {
	var parts []string
	for ; n != nil && len(parts) < maxParts; n = n.NextSibling {
		if t := cleanTitle(elementText(n)); t != "" {
			parts = append(parts, t)
		}
	}
	if len(parts) < 2 {
		return nil
	}
	return parts
}

// kickerClass matches the class or id of a kicker (roofline, overline,
// "Dachzeile", topic label) inside a heading.
var kickerClass = regexp.MustCompile(`(?i)kicker|dachzeile|roofline|overline|topline|eyebrow|subtitle|supertitle|titleheader|topic|label|small|rubric|spitzmarke`)

// isKicker reports whether e, the first thing in a heading, reads as a
// kicker rather than as the start of the headline. A line break after it
// is not enough: two-line headlines are set that way too.
func isKicker(e *html.Node) bool {
	switch e.DataAtom {
	case atom.Small, atom.Div, atom.P:
		return true
	}
	return kickerClass.MatchString(attr(e, "class") + " " + attr(e, "id"))
}

// loneElementChild returns n's only child element when n holds nothing
// else but white space (a link or span wrapping the whole headline).
func loneElementChild(n *html.Node) *html.Node {
	var only *html.Node
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch {
		case c.Type == html.TextNode && strings.TrimSpace(c.Data) == "":
		case c.Type == html.CommentNode:
		case c.Type == html.ElementNode && (c.DataAtom == atom.Style || c.DataAtom == atom.Script):
		case c.Type == html.ElementNode && only == nil:
			only = c
		default:
			return nil
		}
	}
	return only
}

// firstContent returns the first child of n that is an element or
// non-blank text, skipping styles and scripts.
func firstContent(n *html.Node) *html.Node {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch {
		case c.Type == html.TextNode && strings.TrimSpace(c.Data) != "":
			return c
		case c.Type == html.ElementNode && c.DataAtom != atom.Style && c.DataAtom != atom.Script:
			return c
		}
	}
	return nil
}

// elementText returns the text of n without scripts and styles.
func elementText(n *html.Node) string {
	var b strings.Builder
	writeText(n, &b)
	return b.String()
}

func writeText(n *html.Node, b *strings.Builder) {
	switch n.Type {
	case html.TextNode:
		b.WriteString(n.Data)
		return
	case html.ElementNode:
		switch n.DataAtom {
		case atom.Script, atom.Style, atom.Template:
			return
		case atom.Br:
			b.WriteByte(' ')
			return
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		writeText(c, b)
	}
}

// cleanTitle collapses white space and removes the invisible characters
// that pages put into headlines for line breaking and layout: soft
// hyphens, zero-width spaces, word joiners, byte-order marks and
// directional embeddings. Zero-width (non-)joiners stay: they are part of
// the spelling in Persian and Indic scripts.
func cleanTitle(s string) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\u00ad', r == '\u200b', r == '\u2060', r == '\ufeff',
			r >= '\u202a' && r <= '\u202e', r >= '\u2066' && r <= '\u2069':
			return -1
		}
		return r
	}, s)
	return oneLine(s)
}

// trimDangling removes separators left at either end of a title by a site
// name cut off before ("National Rail Enquiries -") or a decoration before
// it ("[> Jens Weber", "• Headline", "| Headline"). A dash at the start
// goes only when a space follows it, so "-40°C: schools close" keeps its
// minus sign; ">" and a closing ":" stay ("Ukraine war latest:"), and so do
// quotation marks, German »…« and ›…‹ included.
func trimDangling(s string) string {
	for {
		t := strings.TrimLeft(s, " |·•")
		if strings.HasPrefix(t, "[>") && !strings.Contains(t, "]") {
			t = strings.TrimLeft(t[2:], " ")
		}
		for _, d := range []string{"- ", "– ", "— "} {
			t = strings.TrimPrefix(t, d)
		}
		if t == s {
			break
		}
		s = t
	}
	return strings.TrimRight(s, " -–—|·•<")
}

func hasLetters(s string) bool { return strings.ContainsFunc(s, unicode.IsLetter) }

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// logoClass matches the class or id of a heading, or of a block around
// it, that holds the site's name or logo, or hides the
// heading from view (screen-reader headings such as "Navigation und
// Service"). Only whole words of a class or id count ("header--logo",
// "site-title"), not words inside others ("aungblogtitle").
var logoClass = regexp.MustCompile(`(?i)(?:^|[\s_-])(?:logo\w*|brand\w*|site-?title|site-?name|sitename|blog-?title|visually-hidden|element-invisible|sr-only|screen-reader\S*|aural|navskip)(?:$|[\s_-])`)

// logoDepth is how many ancestors of a heading are checked for a logo
// or site-title class.
const logoDepth = 3

// isLogo reports whether heading h names the site rather than the
// article: it, or a block close around it, has a logo, site-title or
// hidden class, or its text is a link to the site's home page.
func isLogo(h *html.Node) bool {
	n := h
	for i := 0; i <= logoDepth && n != nil && n.Type == html.ElementNode; i++ {
		if n.DataAtom == atom.Body || n.DataAtom == atom.Article || n.DataAtom == atom.Main {
			break
		}
		if logoClass.MatchString(attr(n, "class") + " " + attr(n, "id")) {
			return true
		}
		n = n.Parent
	}
	return linksHome(h)
}

// linksHome reports whether all of h's text is inside a link to a site's
// home page (path "/" or empty, also inside a web.archive.org capture).
func linksHome(h *html.Node) bool {
	a := h
	for a != nil && a.DataAtom != atom.A {
		a = loneElementChild(a)
	}
	if a == nil {
		return false
	}
	u, err := url.Parse(strings.TrimSpace(attr(a, "href")))
	if err != nil || attr(a, "href") == "" {
		return false
	}
	p := u.Path
	if i := strings.Index(p, "/http"); strings.HasPrefix(p, "/web/") && i >= 0 {
		// https://web.archive.org/web/2016…/http://site.example/
		if inner, err := url.Parse(p[i+1:]); err == nil {
			p = inner.Path
		}
	}
	switch strings.TrimSuffix(p, "/") {
	case "", "/index.html", "/index.php", "/index.htm":
		return true
	}
	return false
}
