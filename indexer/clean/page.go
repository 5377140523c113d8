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

// isVendorWidget reports whether n is a consent-manager or browser-update
// widget, by the ids and classes their vendors use. These are removed
// wherever they are, unless they hold the article. It matches what the CSS
// selector
//
//	[id^="onetrust-"], #onetrust-consent-sdk, [id^="didomi-"], [class*="didomi-"],
//	[class*="qc-cmp2-"], [id^="qc-cmp2"], #buorg, .buorg, #browser-update, .browser-update,
//	#CybotCookiebotDialog, [id^="sp_message_container"], .fc-consent-root, #cmpbox, #cmpwrapper
//
// matches (case-sensitive, as cascadia does), without compiling and running
// a selector over the page.
func isVendorWidget(n *html.Node) bool {
	if n.Type != html.ElementNode {
		return false
	}
	for _, a := range n.Attr {
		switch a.Key {
		case "id":
			if vendorIDs[a.Val] {
				return true
			}
			for _, p := range vendorIDPrefixes {
				if strings.HasPrefix(a.Val, p) {
					return true
				}
			}
		case "class":
			if strings.Contains(a.Val, "didomi-") || strings.Contains(a.Val, "qc-cmp2-") {
				return true
			}
			for c := range strings.FieldsFuncSeq(a.Val, isClassSpace) {
				if vendorClasses[c] {
					return true
				}
			}
		}
	}
	return false
}

// Vendor ids (whole and prefixes) and classes for isVendorWidget.
var (
	vendorIDs        = setOf("buorg", "browser-update", "CybotCookiebotDialog", "cmpbox", "cmpwrapper")
	vendorIDPrefixes = []string{"onetrust-", "didomi-", "qc-cmp2", "sp_message_container"}
	vendorClasses    = setOf("buorg", "browser-update", "fc-consent-root")
)

// isClassSpace reports whether r separates the classes of a class
// attribute, as CSS selectors split it.
func isClassSpace(r rune) bool {
	return r == ' ' || r == '\t' || r == '\r' || r == '\n' || r == '\f'
}

// vendorWidgets returns the vendor widgets below the given nodes, in
// document order and each once, as goquery's Find would.
func vendorWidgets(roots []*html.Node) []*html.Node {
	var found []*html.Node
	var visit func(*html.Node)
	visit = func(n *html.Node) {
		if isVendorWidget(n) {
			found = append(found, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			visit(c)
		}
	}
	for _, root := range roots {
		for c := root.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.ElementNode {
				visit(c)
			}
		}
	}
	if len(roots) > 1 { // nested roots would find a widget twice
		seen := make(map[*html.Node]bool, len(found))
		unique := found[:0]
		for _, n := range found {
			if !seen[n] {
				seen[n] = true
				unique = append(unique, n)
			}
		}
		found = unique
	}
	return found
}

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
	j := &judge{seen: make(map[string]lineVerdict), blocks: make(map[string]bool)}

	for _, n := range vendorWidgets(doc.Nodes) {
		if guard.removable(n) {
			detach(n)
		}
	}
	walk(body, func(n *html.Node) bool {
		if !guard.removable(n) {
			return true
		}
		if isInline(n) {
			return true
		}
		if furnitureByAttr(n) {
			detach(n)
			return false
		}
		// The text of a block short enough for the judges below, once.
		var text string
		if s := st[n]; s.runes > 0 && s.runes <= maxNoticeRunes {
			j.buf = appendBlockText(j.buf[:0], n)
			text = string(j.buf)
		}
		if j.furnitureByText(n, text, st) || isPageFooter(n) {
			detach(n)
			return false
		}
		if isMarkerElement(n, text, st) {
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
			s.runes = countLetters(n.Data)
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
		if s != (stats{}) { // a missing entry reads as zero stats
			m[n] = s
		}
		return s
	}
	visit(root, false)
	return m
}

// countLetters returns how many letters and digits s holds.
func countLetters(s string) int {
	n := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' {
				n++
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			n++
		}
		i += size
	}
	return n
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
	var buf [4]string
	raw := buf[:0]
	for _, a := range n.Attr {
		switch a.Key {
		case "id", "class", "role", "aria-label":
			raw = append(raw, a.Val)
		}
	}
	if len(raw) == 0 {
		return false
	}
	all := strings.Join(raw, " ")
	joined := strings.ToLower(all)
	for _, s := range strongAttrWords {
		if strings.Contains(joined, s) {
			return true
		}
	}
	return hasWeakAttrWord(all)
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

// weakAttrFirstBytes and attrPairFirstWords let isWeakAttrWord skip most
// words at a glance: the first bytes of weakAttrPrefixes and the first
// words of attrPairs.
var (
	weakAttrFirstBytes = func() (first [256]bool) {
		for _, p := range weakAttrPrefixes {
			first[p[0]] = true
		}
		return first
	}()
	attrPairFirstWords = func() map[string]bool {
		first := make(map[string]bool)
		for pair := range attrPairs {
			w, _, _ := strings.Cut(pair, " ")
			first[w] = true
		}
		return first
	}()
)

// hasWeakAttrWord reports whether a word of s starts with one of
// weakAttrPrefixes, or two words in a row are one of attrPairs. Words are
// split at every rune that is not a letter or digit and before an
// upper-case letter that follows a lower-case one, and lowercased:
// "article__share-bar relatedStories" has the words "article", "share",
// "bar", "related" and "stories".
func hasWeakAttrWord(s string) bool {
	var prevWord string
	start := -1    // where the word being read starts, or -1 between words
	lower := false // the word being read is lower case already
	prev := rune(0)
	for i, r := range s {
		inWord := unicode.IsLetter(r) || unicode.IsDigit(r)
		if start >= 0 && (!inWord || unicode.IsUpper(r) && unicode.IsLower(prev)) {
			w := lowerWord(s[start:i], lower)
			if isWeakAttrWord(prevWord, w) {
				return true
			}
			prevWord, start = w, -1
		}
		if inWord {
			if start < 0 {
				start, lower = i, true
			}
			lower = lower && unicode.ToLower(r) == r
		}
		prev = r
	}
	return start >= 0 && isWeakAttrWord(prevWord, lowerWord(s[start:], lower))
}

// lowerWord returns w lowercased, rune by rune; w itself when lower says it
// already is.
func lowerWord(w string, lower bool) string {
	if lower {
		return w
	}
	return strings.Map(unicode.ToLower, w)
}

// isWeakAttrWord reports whether w starts with a weak prefix, or prev and w
// make an attribute pair.
func isWeakAttrWord(prev, w string) bool {
	if w != "" && weakAttrFirstBytes[w[0]] {
		for _, p := range weakAttrPrefixes {
			if strings.HasPrefix(w, p) {
				return true
			}
		}
	}
	return attrPairFirstWords[prev] && attrPairs[prev+" "+w]
}

// judge remembers, for one page, which lines are boilerplate. Nested
// blocks share their lines (a <div> and the <p> inside it), so each line is
// judged once instead of once per ancestor.
type judge struct {
	seen   map[string]lineVerdict // line → verdict
	blocks map[string]bool        // block text → furniture
	buf    []byte                 // for the text of blocks
}

// lineVerdict is what furnitureText needs to know about one line.
type lineVerdict struct {
	boilerplate bool // isBoilerplate(line), or the line names a browser
	strong      bool // boilerplate and more than a button label or a browser name
}

// line judges a non-blank line, memoized.
func (j *judge) line(line string) lineVerdict {
	if v, ok := j.seen[line]; ok {
		return v
	}
	n := normalize(line)
	var v lineVerdict
	browser := browserNames[n]
	v.boilerplate = isBoilerplateNormal(n) || browser
	v.strong = v.boilerplate && !browser && !isWeakBoilerplate(line)
	j.seen[line] = v
	return v
}

// maxNoticeRunes bounds the text of a block that furnitureByText may remove.
const maxNoticeRunes = 600

// furnitureByText reports whether n is a short block whose every line is
// furniture (a cookie notice with its buttons, a row of legal links, an
// outdated-browser notice), with at least one line that is more than a
// button label, or a single cross-link ("Read also: ..."). text is
// blockText(n), which the caller computes when the block is that short.
func (j *judge) furnitureByText(n *html.Node, text string, st map[*html.Node]stats) bool {
	if st[n].runes == 0 || st[n].runes > maxNoticeRunes {
		return false
	}
	// A block and the one element inside it often have the same text.
	if v, ok := j.blocks[text]; ok {
		return v
	}
	v := j.furnitureText(text)
	j.blocks[text] = v
	return v
}

// furnitureText judges the text of a block for furnitureByText.
func (j *judge) furnitureText(text string) bool {
	if mayBeInlineTeaser(text) && isInlineTeaser(CollapseSpace(text)) {
		return true // "Read also: <link to another story>"
	}
	strong := false
	for rest := text; rest != ""; {
		var line string
		line, rest, _ = strings.Cut(rest, "\n")
		if strings.TrimSpace(line) == "" {
			continue
		}
		v := j.line(line)
		if !v.boilerplate {
			return false
		}
		strong = strong || v.strong
	}
	return strong
}

// teaserSeparatorRunes are the runes of the separators isInlineTeaser cuts
// a line at (":", " — ", " – ", " - ", " » ").
const teaserSeparatorRunes = ":—–-»"

// maxTeaserHeadLetters is the most letters and digits of a marker phrase or
// a teaser prefix, the head isInlineTeaser looks up before a separator.
var maxTeaserHeadLetters = max(maxLetters(markerPhrases), maxLetters(teaserPrefixes))

// mayBeInlineTeaser is a quick test that text cannot be an inline teaser,
// without normalizing it: isInlineTeaser needs a separator after a head of
// at most maxTeaserHeadLetters letters and digits, and normalize keeps every
// letter and digit and makes no separator rune (TestNormalizeKeepsLetters),
// so text needs one of the separator runes before more letters and digits
// than that.
func mayBeInlineTeaser(text string) bool {
	letters := 0
	for i := 0; i < len(text); {
		var isLetter bool
		if c := text[i]; c < utf8.RuneSelf {
			if c == ':' || c == '-' {
				return true
			}
			isLetter = 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
			i++
		} else {
			r, size := utf8.DecodeRuneInString(text[i:])
			if r == '—' || r == '–' || r == '»' {
				return true
			}
			isLetter = unicode.IsLetter(r) || unicode.IsDigit(r)
			i += size
		}
		if isLetter {
			if letters++; letters > maxTeaserHeadLetters {
				return false
			}
		}
	}
	return false
}

// maxLetters returns the most letters and digits of a phrase of set.
func maxLetters(set map[string]bool) int {
	most := 0
	for phrase := range set {
		n := 0
		for _, r := range phrase {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				n++
			}
		}
		most = max(most, n)
	}
	return most
}

// browserNames appear as download links under outdated-browser notices.
var browserNames = setOf("chrome", "google chrome", "firefox", "mozilla firefox", "safari", "opera",
	"edge", "microsoft edge", "yandex browser", "яндекс браузер", "яндекс.браузер", "brave", "vivaldi")

// isPageFooter reports whether n is the site footer (not a footer inside an
// article, which may carry the byline or tags).
func isPageFooter(n *html.Node) bool {
	footer := n.DataAtom == atom.Footer || attr(n, "role") == "contentinfo"
	return footer && !hasAncestor(n, atom.Article, atom.Main)
}

// isMarkerElement reports whether n is a heading or a short label that reads
// like "More stories" or "Читайте также". text is blockText(n), which the
// caller computes when the element is that short.
func isMarkerElement(n *html.Node, text string, st map[*html.Node]stats) bool {
	if st[n].runes == 0 || st[n].runes > 60 {
		return false
	}
	switch n.DataAtom {
	case atom.H1:
		return false // the article's own headline is never a marker
	case atom.Ul, atom.Ol, atom.Table, atom.Figure:
		return false
	}
	return isMarker(text)
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
func blockText(n *html.Node) string { return string(appendBlockText(nil, n)) }

// appendBlockText appends blockText(n) to buf.
func appendBlockText(buf []byte, n *html.Node) []byte {
	switch n.Type {
	case html.TextNode:
		return append(buf, n.Data...)
	case html.ElementNode:
		switch n.DataAtom {
		case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Svg:
			return buf
		case atom.Br:
			return append(buf, '\n')
		}
	}
	block := n.Type == html.ElementNode && !isInline(n)
	if block {
		buf = append(buf, '\n')
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		buf = appendBlockText(buf, c)
	}
	if block {
		buf = append(buf, '\n')
	}
	return buf
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
