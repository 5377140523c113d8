// Package clean removes page furniture — consent banners, outdated-browser
// notices, newsletter promos, related-story blocks, share bars, legal
// footers — from news pages, in English, Russian and Ukrainian.
//
// Page works on the parsed HTML before main-text extraction and removes what
// the extractor tends to keep; Lines works on plain text, both on text dumps
// of pages and as a last guard over extracted text. Both are conservative:
// they match whole blocks by their markup or by their short, formulaic text,
// and never remove the block that holds the article.
package clean

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// vendorSelector matches consent-manager and browser-update widgets by the
// ids and classes their vendors use. These are removed wherever they are,
// unless they hold the article.
const vendorSelector = `[id^="onetrust-"], #onetrust-consent-sdk, [id^="didomi-"], [class*="didomi-"], ` +
	`[class*="qc-cmp2-"], [id^="qc-cmp2"], #buorg, .buorg, #browser-update, .browser-update, ` +
	`#CybotCookiebotDialog, [id^="sp_message_container"], .fc-consent-root, #cmpbox, #cmpwrapper`

// Page removes boilerplate from a parsed HTML document in place (goquery),
// before main-text extraction.
//
// It removes consent and cookie banners, outdated-browser notices,
// newsletter and subscribe promos, related / "more stories" / "читайте
// также" / popular blocks, share bars and legal footers. Blocks are found by
// vendor ids, by id/class/role/aria-label words, and by their short text
// (a heading such as "Read also", or a block whose every line is a cookie
// notice, legal link or button). It never removes <html>, <body>,
// <article>, <main>, an element containing one of those, or a block that
// holds most of the page's paragraph text.
func Page(doc *goquery.Document) {
	if doc == nil || doc.Selection == nil || len(doc.Nodes) == 0 {
		return
	}
	root := doc.Nodes[0]
	st := measure(root)
	body := findBody(root)
	if body == nil {
		return
	}
	guard := newGuard(st, body)
	j := judge{seen: make(map[string]bool), blocks: make(map[string]bool)}

	doc.Find(vendorSelector).Each(func(_ int, s *goquery.Selection) {
		for _, n := range s.Nodes {
			if guard.removable(n) {
				detach(n)
			}
		}
	})
	walk(body, func(n *html.Node) bool {
		if !guard.removable(n) {
			return true
		}
		if isInline(n) {
			return true
		}
		if furnitureByAttr(n) || j.furnitureByText(n, st) || isPageFooter(n) {
			detach(n)
			return false
		}
		if isMarkerElement(n, st) {
			removeRelatedBlock(n, guard, st)
			return false
		}
		return true
	})
}

// stats is the text measure of one subtree.
type stats struct {
	runes     int  // letters and digits in the subtree
	linkRunes int  // of which inside <a>
	paraRunes int  // of which inside long, mostly unlinked <p> ("article paragraphs")
	paras     int  // number of such paragraphs
	structure bool // the subtree contains <article> or <main>
}

// minParagraph is the size from which a <p> counts as article text.
const minParagraph = 120

// measure computes stats for every element below root in one pass.
func measure(root *html.Node) map[*html.Node]stats {
	m := make(map[*html.Node]stats)
	var visit func(n *html.Node, inLink bool) stats
	visit = func(n *html.Node, inLink bool) stats {
		var s stats
		switch n.Type {
		case html.TextNode:
			for _, r := range n.Data {
				if unicode.IsLetter(r) || unicode.IsDigit(r) {
					s.runes++
				}
			}
			if inLink {
				s.linkRunes = s.runes
			}
			return s
		case html.ElementNode:
			switch n.DataAtom {
			case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Svg:
				return s
			case atom.A:
				inLink = true
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			cs := visit(c, inLink)
			s.runes += cs.runes
			s.linkRunes += cs.linkRunes
			s.paraRunes += cs.paraRunes
			s.paras += cs.paras
			s.structure = s.structure || cs.structure || c.DataAtom == atom.Article || c.DataAtom == atom.Main
		}
		if n.Type == html.ElementNode && n.DataAtom == atom.P && s.paras == 0 &&
			s.runes >= minParagraph && s.linkRunes*2 < s.runes {
			s.paraRunes, s.paras = s.runes, 1
		}
		m[n] = s
		return s
	}
	visit(root, false)
	return m
}

// guard decides which elements may be removed at all.
type guard struct {
	st    map[*html.Node]stats
	total stats // of <body>
}

func newGuard(st map[*html.Node]stats, body *html.Node) guard {
	return guard{st: st, total: st[body]}
}

// removable reports whether n may be removed: it is not a structural
// element, does not contain <article> or <main>, and does not hold most of
// the article text.
func (g guard) removable(n *html.Node) bool {
	if n.Type != html.ElementNode || n.Parent == nil {
		return false
	}
	switch n.DataAtom {
	case atom.Html, atom.Head, atom.Body, atom.Article, atom.Main:
		return false
	}
	return !g.st[n].structure && !g.holdsArticle(n)
}

// holdsArticle reports whether n contains most of the page's article text:
// more than half of the long paragraphs' text and at least two of them, or
// (on pages without <p>) more than half of all text.
func (g guard) holdsArticle(n *html.Node) bool {
	s := g.st[n]
	if g.total.paras > 0 {
		return s.paras >= 2 && s.paraRunes*2 > g.total.paraRunes
	}
	return g.total.runes > 0 && s.runes*2 > g.total.runes
}

// furnitureByAttr reports whether the id, class, role or aria-label of n
// name a consent banner, browser notice, promo, related block or share bar.
func furnitureByAttr(n *html.Node) bool {
	var raw []string
	for _, a := range n.Attr {
		switch a.Key {
		case "id", "class", "role", "aria-label":
			raw = append(raw, a.Val)
		}
	}
	if len(raw) == 0 {
		return false
	}
	joined := strings.ToLower(strings.Join(raw, " "))
	for _, s := range strongAttrWords {
		if strings.Contains(joined, s) {
			return true
		}
	}
	words := attrWords(strings.Join(raw, " "))
	for i, w := range words {
		for _, p := range weakAttrPrefixes {
			if strings.HasPrefix(w, p) {
				return true
			}
		}
		if i+1 < len(words) && attrPairs[w+" "+words[i+1]] {
			return true
		}
	}
	return false
}

// strongAttrWords are substrings of ids and classes that are furniture
// wherever they appear.
var strongAttrWords = []string{
	"cookie", "consent", "gdpr", "onetrust", "didomi", "qc-cmp2", "cookiebot",
	"browser-update", "browserupdate", "outdated-browser", "old-browser", "browser-upgrade",
	"taboola", "outbrain", "newsletter",
}

// weakAttrPrefixes are words (split at punctuation and camelCase) that name
// furniture when a whole word starts with them. "readmore" is not one:
// sites use it for collapsed article text.
var weakAttrPrefixes = []string{
	"related", "share", "sharing", "social", "popular", "subscribe", "recommend",
	"trending", "mostread", "readalso", "morestories", "copyright", "legal",
}

// attrPairs are two-word names of furniture in ids and classes.
var attrPairs = map[string]bool{
	"most read": true, "most popular": true, "most viewed": true, "more stories": true,
	"more news": true, "read also": true, "see also": true,
	"also read": true, "read next": true, "more articles": true,
}

// attrWords splits "article__share-bar relatedStories" into
// ["article", "share", "bar", "related", "stories"], lowercased.
func attrWords(s string) []string {
	var b strings.Builder
	prev := rune(0)
	for _, r := range s {
		if unicode.IsUpper(r) && unicode.IsLower(prev) {
			b.WriteByte(' ')
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToLower(r))
		} else {
			b.WriteByte(' ')
		}
		prev = r
	}
	return strings.Fields(b.String())
}

// judge remembers, for one page, which lines are boilerplate. Nested
// blocks share their lines (a <div> and the <p> inside it), so each line is
// judged once instead of once per ancestor.
type judge struct {
	seen   map[string]bool // line → boilerplate
	blocks map[string]bool // block text → furniture
}

// boilerplate reports isBoilerplate(line) || isBrowserName(line), memoized.
func (j judge) boilerplate(line string) bool {
	if v, ok := j.seen[line]; ok {
		return v
	}
	v := isBoilerplate(line) || isBrowserName(line)
	j.seen[line] = v
	return v
}

// maxNoticeRunes bounds the text of a block that furnitureByText may remove.
const maxNoticeRunes = 600

// furnitureByText reports whether n is a short block whose every line is
// furniture (a cookie notice with its buttons, a row of legal links, an
// outdated-browser notice), with at least one line that is more than a
// button label, or a single cross-link ("Read also: ...").
func (j judge) furnitureByText(n *html.Node, st map[*html.Node]stats) bool {
	if st[n].runes == 0 || st[n].runes > maxNoticeRunes {
		return false
	}
	text := blockText(n)
	// A block and the one element inside it often have the same text.
	if v, ok := j.blocks[text]; ok {
		return v
	}
	v := j.furnitureText(text)
	j.blocks[text] = v
	return v
}

// furnitureText judges the text of a block for furnitureByText.
func (j judge) furnitureText(text string) bool {
	if isInlineTeaser(CollapseSpace(text)) {
		return true // "Read also: <link to another story>"
	}
	strong := false
	for _, line := range strings.Split(text, "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		if !j.boilerplate(line) {
			return false
		}
		if !isWeakBoilerplate(line) && !isBrowserName(line) {
			strong = true
		}
	}
	return strong
}

// browserNames appear as download links under outdated-browser notices.
var browserNames = setOf("chrome", "google chrome", "firefox", "mozilla firefox", "safari", "opera",
	"edge", "microsoft edge", "yandex browser", "яндекс браузер", "яндекс.браузер", "brave", "vivaldi")

func isBrowserName(line string) bool { return browserNames[normalize(line)] }

// isPageFooter reports whether n is the site footer (not a footer inside an
// article, which may carry the byline or tags).
func isPageFooter(n *html.Node) bool {
	footer := n.DataAtom == atom.Footer || attr(n, "role") == "contentinfo"
	return footer && !hasAncestor(n, atom.Article, atom.Main)
}

// isMarkerElement reports whether n is a heading or a short label that reads
// like "More stories" or "Читайте также".
func isMarkerElement(n *html.Node, st map[*html.Node]stats) bool {
	if st[n].runes == 0 || st[n].runes > 60 {
		return false
	}
	switch n.DataAtom {
	case atom.H1:
		return false // the article's own headline is never a marker
	case atom.Ul, atom.Ol, atom.Table, atom.Figure:
		return false
	}
	return isMarker(blockText(n))
}

// removeRelatedBlock removes the related-stories block that the marker
// element m introduces: the nearest ancestor that is mostly links or holds
// little more than the marker, and the link lists that follow it (when the
// marker is a bare heading among the article's paragraphs).
func removeRelatedBlock(m *html.Node, g guard, st map[*html.Node]stats) {
	block := m
	for p := block.Parent; p != nil && g.removable(p); p = p.Parent {
		ps := st[p]
		extra := ps.runes - st[block].runes
		if ps.linkRunes*5 >= ps.runes*2 || extra < 200 {
			block = p
			continue
		}
		break
	}
	// Lists of links right after the marker belong to it.
	if st[block].runes-st[m].runes < 200 {
		for s := block.NextSibling; s != nil; {
			next := s.NextSibling
			if s.Type == html.ElementNode {
				ss := st[s]
				if ss.runes == 0 || ss.linkRunes*2 < ss.runes || !g.removable(s) {
					break
				}
				detach(s)
			}
			s = next
		}
	}
	detach(block)
}

// blockText returns the text of n with a line break at every block
// boundary, so that a banner's sentence and its buttons are separate lines.
func blockText(n *html.Node) string {
	var b strings.Builder
	var visit func(*html.Node)
	visit = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			b.WriteString(n.Data)
			return
		case html.ElementNode:
			switch n.DataAtom {
			case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Svg:
				return
			case atom.Br:
				b.WriteByte('\n')
				return
			}
		}
		block := n.Type == html.ElementNode && !isInline(n)
		if block {
			b.WriteByte('\n')
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			visit(c)
		}
		if block {
			b.WriteByte('\n')
		}
	}
	visit(n)
	return b.String()
}

// isInline reports whether n is phrasing content. Inline elements are
// never removed on their own, so that a sentence keeps its words; buttons
// and links count as blocks for line splitting because banners lay them
// out as separate labels.
func isInline(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Abbr, atom.B, atom.Bdi, atom.Bdo, atom.Cite, atom.Code, atom.Data, atom.Dfn,
		atom.Em, atom.I, atom.Kbd, atom.Mark, atom.Q, atom.S, atom.Samp, atom.Small,
		atom.Span, atom.Strong, atom.Sub, atom.Sup, atom.Time, atom.U, atom.Var, atom.Img, atom.Font:
		return true
	case atom.A:
		// A link inside running text is inline; a link standing alone in a
		// banner or a footer row is a label of its own.
		return hasTextSibling(n)
	}
	return false
}

func hasTextSibling(n *html.Node) bool {
	for _, s := range []*html.Node{n.PrevSibling, n.NextSibling} {
		if s != nil && s.Type == html.TextNode && utf8.RuneCountInString(strings.TrimSpace(s.Data)) > 1 {
			return true
		}
	}
	return false
}

// walk visits the elements below n in document order; visit returns false
// to skip an element's children (for example because it was removed).
func walk(n *html.Node, visit func(*html.Node) bool) {
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		if c.Type == html.ElementNode && visit(c) {
			walk(c, visit)
		}
		c = next
	}
}

func detach(n *html.Node) {
	if n.Parent != nil {
		n.Parent.RemoveChild(n)
	}
}

func findBody(n *html.Node) *html.Node {
	if n.Type == html.ElementNode && n.DataAtom == atom.Body {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if b := findBody(c); b != nil {
			return b
		}
	}
	return nil
}

func hasAncestor(n *html.Node, tags ...atom.Atom) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		for _, t := range tags {
			if p.DataAtom == t {
				return true
			}
		}
	}
	return false
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}
