package extract

import (
	"encoding/json"
	"net/url"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// meta holds what the page says about itself in its head and markup. It is
// read once, before cleaning, and backs up trafilatura's metadata.
type meta struct {
	title     string            // <title>
	ogTitle   string            // og:title
	twTitle   string            // twitter:title
	ldTitle   string            // JSON-LD headline of the article
	headings  []heading         // visible <h1> and first <h2> elements
	siteName  string            // og:site_name
	canonical string            // <link rel=canonical href>
	ogURL     string            // og:url
	author    string            // meta author, article:author (when not a URL), JSON-LD author
	lang      string            // <html lang>, first subtag
	dates     map[string]string // date meta tags by lowercased name/property/itemprop
	ldDate    string            // JSON-LD datePublished of the article
	modified  []string          // modification dates as written (meta tags, JSON-LD dateModified), never publication dates
	ogImage   string            // og:image
	twImage   string            // twitter:image
	ldImage   string            // JSON-LD image of the article
}

func readMeta(doc *goquery.Document) meta {
	m := meta{dates: make(map[string]string)}
	m.title = oneLine(doc.Find("title").First().Text())
	for _, n := range doc.Nodes {
		m.headings = append(m.headings, readHeadings(n)...)
	}
	m.canonical = strings.TrimSpace(doc.Find(`link[rel~="canonical"]`).First().AttrOr("href", ""))
	if l, ok := doc.Find("html").First().Attr("lang"); ok {
		m.lang = strings.ToLower(strings.TrimSpace(strings.SplitN(strings.ReplaceAll(l, "_", "-"), "-", 2)[0]))
	}
	doc.Find("meta").Each(func(_ int, s *goquery.Selection) {
		key := strings.ToLower(strings.TrimSpace(firstNonEmpty(s.AttrOr("property", ""), s.AttrOr("name", ""), s.AttrOr("itemprop", ""))))
		val := oneLine(s.AttrOr("content", ""))
		if key == "" || val == "" {
			return
		}
		switch key {
		case "og:title":
			m.ogTitle = firstNonEmpty(m.ogTitle, val)
		case "twitter:title":
			m.twTitle = firstNonEmpty(m.twTitle, val)
		case "og:site_name":
			m.siteName = firstNonEmpty(m.siteName, val)
		case "og:url":
			m.ogURL = firstNonEmpty(m.ogURL, val)
		case "og:image", "og:image:url", "og:image:secure_url":
			m.ogImage = firstNonEmpty(m.ogImage, val)
		case "twitter:image", "twitter:image:src":
			m.twImage = firstNonEmpty(m.twImage, val)
		case "author", "article:author", "dc.creator", "byl", "sailthru.author", "parsely-author":
			if !strings.Contains(val, "://") {
				m.author = firstNonEmpty(m.author, strings.TrimPrefix(val, "By "))
			}
		}
		if _, ok := dateMetaRank[key]; ok && m.dates[key] == "" {
			m.dates[key] = val
		}
		if modifiedMeta[key] {
			m.modified = append(m.modified, val)
		}
	})
	doc.Find(`script[type="application/ld+json"]`).Each(func(_ int, s *goquery.Selection) {
		var v any
		if json.Unmarshal([]byte(s.Text()), &v) != nil {
			return
		}
		ld := fromJSONLD(v)
		m.ldDate = firstNonEmpty(m.ldDate, ld.date)
		m.author = firstNonEmpty(m.author, ld.author)
		m.ldTitle = firstNonEmpty(m.ldTitle, ld.headline)
		if ld.modified != "" {
			m.modified = append(m.modified, ld.modified)
		}
		m.ldImage = firstNonEmpty(m.ldImage, ld.image)
	})
	if m.author == "" {
		m.author = firstNonEmpty(bylineAuthor(doc), linkedAuthor(doc))
	}
	return m
}

// linkedAuthor finds an author named by a link to the author's page: an
// <a rel="author">, or a link into an author or news-team section of the
// site ("/author/anna-lind", "/about/newsteam/jr-stone") whose text is a
// short name. The article (<article>, else <main>) is searched first, then
// the page; links in navigation, asides, the page's header and footer,
// comments and related-story or most-read lists do not count.
func linkedAuthor(doc *goquery.Document) string {
	scope := doc.Find("article").First()
	if scope.Length() == 0 {
		scope = doc.Find("main").First()
	}
	if name := authorLinkIn(scope); name != "" {
		return name
	}
	return authorLinkIn(doc.Selection)
}

func authorLinkIn(scope *goquery.Selection) string {
	found := ""
	scope.Find("a[href]").EachWithBreak(func(_ int, s *goquery.Selection) bool {
		href := s.AttrOr("href", "")
		rel := strings.Fields(strings.ToLower(s.AttrOr("rel", "")))
		if !slices.Contains(rel, "author") && !authorPath.MatchString(href) {
			return true
		}
		if s.Closest(notBylineBlocks).Length() > 0 {
			return true
		}
		name := oneLine(s.Text())
		name, _, _ = strings.Cut(authorLinkLabel.ReplaceAllString(name, ""), ",") // "Author: Anna Lind, Editor"
		if n := len(strings.Fields(name)); n < 1 || n > 5 || len(name) > 60 || !nameLike(name) || !personLink(href, name) {
			return true
		}
		found = name
		return false
	})
	return found
}

// notBylineBlocks are the blocks whose links to author pages name other
// stories' authors, menu entries or commenters. Class and id words match
// whole, so that a layout wrapper ("has-sidebar") does not count.
const notBylineBlocks = `nav, aside, body > footer, body > header, [role="navigation"], [role="complementary"], ` +
	`[class~="comment"], [class~="comments"], [id="comments"], [class~="discussion"], [id="discussion"], ` +
	`[class~="reply"], [class~="related"], [class~="popular"], [class~="most-read"], [class~="menu"], [id="menu"]`

// personLink rejects author links that name a group or a list ("Our
// Journalists" → /journalists/all) rather than a person.
func personLink(href, name string) bool {
	slug := ""
	if u, err := url.Parse(href); err == nil {
		slug = strings.ToLower(path.Base(strings.TrimSuffix(u.Path, "/")))
	}
	if listSlugs[slug] {
		return false
	}
	for _, w := range strings.Fields(strings.ToLower(name)) {
		if groupWords[w] {
			return false
		}
	}
	return true
}

// listSlugs end the addresses of lists of authors, and groupWords name
// groups, not persons.
var (
	listSlugs  = map[string]bool{"all": true, "alle": true, "index": true, "list": true, "tous": true, "todos": true, "team": true}
	groupWords = map[string]bool{"our": true, "all": true, "unsere": true, "alle": true, "team": true, "authors": true,
		"autoren": true, "journalists": true, "editors": true, "redaktion": true, "staff": true, "posts": true, "articles": true,
		"home": true, "startseite": true, "главная": true, "головна": true}
)

// authorLinkLabel is a label before the name in an author link's text.
var authorLinkLabel = regexp.MustCompile(`^(?i:by|author|autor|autorin|auteur|von|alles von|alle beiträge von|mehr von|(?:all |more )?(?:posts|articles|stories) (?:by|from)|more from|автор|авторка)\s*:?\s+`)

// authorPath matches the path of an author's page on a news site.
var authorPath = regexp.MustCompile(`(?i)/(?:authors?|autor(?:en|in)?|auteurs?|autores|journalists?|reporters?|newsteam|redakteur(?:in)?|avtor|author-profile)/[^/?#]+/?(?:[?#].*)?$`)

// nameLike reports whether s reads like a person's name: every word
// starts with a capital, but for particles such as "von" or "de", so that
// "View all posts by Anna" is not taken for a name.
func nameLike(s string) bool {
	for _, w := range strings.Fields(s) {
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) && !nameParticles[w] {
			return false
		}
	}
	return s != ""
}

// nameParticles may stand in lower case inside a name.
var nameParticles = map[string]bool{
	"von": true, "van": true, "der": true, "den": true, "de": true, "da": true, "di": true, "del": true,
	"la": true, "le": true, "du": true, "dos": true, "y": true, "bin": true, "al": true, "ter": true, "zu": true,
}

// bylineRe matches a visible byline line: "By Name", "Author: Name",
// "Автор: Имя Фамилия, специально для …", "Авторка: …". The name ends at
// the first comma, semicolon, bar or dash.
var bylineRe = regexp.MustCompile(`^(?i:by|author|автор|авторка|текст)\s*:?\s+(\p{Lu}[\p{L}'’.-]*(?:\s+\p{Lu}[\p{L}'’.-]*){0,3})\s*(?:$|[,;|—–-])`)

// bylineAuthor finds an author named only in a visible byline, the way old
// table layouts and small sites print it. Only short text blocks are
// considered, so a sentence in the article that starts with "By" is not
// mistaken for a byline.
func bylineAuthor(doc *goquery.Document) string {
	found := ""
	eachShortText(doc, maxByline, func(n *html.Node) *html.Node {
		if n.Type == html.ElementNode && bylineTags[n.DataAtom] && childElements(n) <= 3 && mayStartByline(n) {
			return n
		}
		return nil
	}, func(text string) bool {
		if sm := bylineRe.FindStringSubmatch(text); sm != nil {
			found = sm[1]
			return true
		}
		return false
	})
	return found
}

// mayStartByline is a cheap test that the text of n may begin like a
// byline (bylineRe: "By", "Author", "Автор", "Текст"), so that the text of
// most blocks is never put together.
func mayStartByline(n *html.Node) bool {
	switch unicode.ToLower(firstRune(n)) {
	case 'b', 'a', 'а', 'т':
		return true
	}
	return false
}

// firstRune returns the first rune of n's text that is not white space, or
// 0 when there is none.
func firstRune(n *html.Node) rune {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch {
		case c.Type == html.TextNode:
			if t := strings.TrimLeftFunc(c.Data, unicode.IsSpace); t != "" {
				r, _ := utf8.DecodeRuneInString(t)
				return r
			}
		case c.Type == html.ElementNode && c.DataAtom != atom.Script && c.DataAtom != atom.Style:
			if r := firstRune(c); r != 0 {
				return r
			}
		}
	}
	return 0
}

// eachShortText walks the document in order and hands try the text (white
// space collapsed) of the block that block picks for each node, when that
// text is at most limit bytes, until try reports it is done. Scripts and
// styles are skipped. It serves the searches for bylines and labelled
// dates, which read short blocks only.
func eachShortText(doc *goquery.Document, limit int, block func(*html.Node) *html.Node, try func(text string) bool) {
	var b strings.Builder
	var visit func(n *html.Node) bool
	visit = func(n *html.Node) bool {
		if n.Type == html.ElementNode && (n.DataAtom == atom.Script || n.DataAtom == atom.Style) {
			return true
		}
		if blk := block(n); blk != nil {
			b.Reset()
			if boundedText(blk, &b, limit) && try(oneLine(b.String())) {
				return false
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if !visit(c) {
				return false
			}
		}
		return true
	}
	for _, n := range doc.Nodes {
		if !visit(n) {
			return
		}
	}
}

// maxByline is the longest text, in bytes, of a block that may be a byline.
const maxByline = 160

// bylineTags are the elements a byline is looked for in.
var bylineTags = map[atom.Atom]bool{
	atom.P: true, atom.Span: true, atom.Div: true, atom.Font: true, atom.Td: true, atom.Address: true, atom.Small: true,
}

func childElements(n *html.Node) int {
	k := 0
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode {
			k++
		}
	}
	return k
}

// boundedText writes the text of n to b with white space collapsed and
// reports whether it stayed within limit bytes; it stops early otherwise,
// so that long blocks cost no more than limit.
func boundedText(n *html.Node, b *strings.Builder, limit int) bool {
	if n.Type == html.TextNode {
		writeCollapsed(b, n.Data)
		return b.Len() <= limit
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if !boundedText(c, b, limit) {
			return false
		}
	}
	return true
}

// writeCollapsed appends s to b with each run of white space as one space
// and none at the start of b.
func writeCollapsed(b *strings.Builder, s string) {
	space := b.Len() > 0 && strings.HasSuffix(b.String(), " ")
	for _, r := range s {
		if unicode.IsSpace(r) {
			if !space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = true
			continue
		}
		b.WriteRune(r)
		space = false
	}
}

// titleSeparators split "Headline | Site" and "Headline — Site".
var titleSeparators = regexp.MustCompile(`\s+(?:[|·•»›⋆]{1,2}|::|[-–—])\s+`)

// tidyTitle removes the site name that pages append or prepend to their
// titles ("Headline | Site", "Site - Headline"): a site name is cut from
// either end, whole even when it has a separator of its own
// ("Headline - AOC media - Analyse Opinion Critique"), and a first or last
// part is dropped while it names the site (it equals one of sites, contains
// the host's name, is itself a domain, or is a blog's "Blog Archive"
// label) or is only a date ("Headline : 31.10.2023, 10.19 Uhr").
func tidyTitle(title, host string, sites ...string) string {
	seps := titleSeparators.FindAllStringIndex(title, -1)
	if len(seps) == 0 {
		return title
	}
	if t := trimSiteName(title, seps, sites); t != title {
		return tidyTitle(t, host, sites...)
	}
	name := lettersOnly(strings.SplitN(host, ".", 2)[0])
	droppable := func(p string) bool {
		key := lettersOnly(p)
		switch {
		case key == "":
			return false
		case isSiteName(p, sites), genericTitleParts[key], datePart(p):
			return true
		case len(name) >= 4 && strings.Contains(key, name):
			return true
		}
		return strings.Contains(p, ".") && !strings.Contains(strings.TrimSpace(p), " ")
	}
	switch {
	case droppable(title[seps[len(seps)-1][1]:]):
		return tidyTitle(title[:seps[len(seps)-1][0]], host, sites...)
	case droppable(title[:seps[0][0]]):
		return tidyTitle(title[seps[0][1]:], host, sites...)
	}
	return title
}

// trimSiteName cuts a site name, with the separator next to it, from the
// end or the start of title; seps are the separators in title.
func trimSiteName(title string, seps [][]int, sites []string) string {
	for _, s := range sites {
		k := lettersOnly(s)
		if k == "" {
			continue
		}
		for _, sep := range seps {
			if lettersOnly(title[sep[1]:]) == k && lettersOnly(title[:sep[0]]) != "" {
				return title[:sep[0]]
			}
			if lettersOnly(title[:sep[0]]) == k && lettersOnly(title[sep[1]:]) != "" {
				return title[sep[1]:]
			}
		}
	}
	return title
}

// genericTitleParts are title parts (letters only) that name a kind of
// page, not its content: blog software's archive label and home pages.
var genericTitleParts = map[string]bool{
	"blogarchive": true, "blogarchiv": true, "home": true, "startseite": true,
}

// datePart reports whether a title part is only a date or time
// ("31.10.2023, 10.19 Uhr", "2021-03-04"): digits with at most a short
// word.
func datePart(p string) bool {
	digits, letters := 0, 0
	for _, r := range p {
		switch {
		case unicode.IsDigit(r):
			digits++
		case unicode.IsLetter(r):
			letters++
		}
	}
	return digits >= 4 && letters <= 3
}

// chooseTitle decides between the page's only <h1> and the title from the
// head (tidy: trafilatura's choice from og:title, <title> and the like,
// with the site name trimmed; raw: the head title as written). The head
// title is often a shortened or SEO variant, while the visible headline
// is what readers see, so the <h1> is preferred; the head title is kept
// when the <h1> is a single word, when it is the site name (the head
// titles name it as their site part), or when it is the head title with a
// kicker or dateline around it.
func chooseTitle(title, raw, h1 string, host string, sites []string) string {
	if len(strings.Fields(h1)) < 2 {
		return title
	}
	h1 = tidyTitle(h1, host, sites...)
	kh, kt, kr := lettersOnly(h1), lettersOnly(title), lettersOnly(raw)
	switch {
	case kh == "":
		return title
	case kt != "" && kh != kt && strings.HasSuffix(kh, kt):
		return title // "Kicker: Headline" in the <h1>, "Headline" in the head
	case kt != "" && kh != kt && strings.Contains(kr, kh) && strings.Contains(kr, kt) && !strings.Contains(kt, kh):
		return title // the head title is "Headline | <h1>": the <h1> is a logo
	}
	if isSiteName(kh, sites) {
		return title
	}
	return h1
}

// lettersOnly lowercases s and keeps only its letters and digits, so that
// "Backen.de", "backen-de" and "BACKEN DE" compare equal.
func lettersOnly(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// fallbackTitle is used when trafilatura found no title: og:title, the
// first <h1> that is not a logo, or <title> without its site-name suffix.
func (m meta) fallbackTitle() string {
	if m.ogTitle != "" {
		return m.ogTitle
	}
	for _, h := range m.headings {
		if h.level == 1 && !h.logo {
			return h.text
		}
	}
	parts := titleSeparators.Split(m.title, -1)
	best := ""
	for _, p := range parts {
		if len(p) > len(best) {
			best = p
		}
	}
	return best
}

// articleTypes are the JSON-LD @type values whose datePublished is the
// article's.
var articleTypes = map[string]bool{
	"article": true, "newsarticle": true, "blogposting": true, "reportagenewsarticle": true,
	"analysisnewsarticle": true, "opinionnewsarticle": true, "report": true, "webpage": true,
	"liveblogposting": true, "scholarlyarticle": true, "techarticle": true, "backgroundnewsarticle": true,
}

// ldArticle is what a page's JSON-LD says about its article.
type ldArticle struct {
	date, author, headline, modified, image string
}

// fromJSONLD finds the datePublished, author name, headline and image of the
// article in a decoded JSON-LD value, searching @graph arrays and nested
// objects. An article-typed object wins over any other object with a
// datePublished; the headline and dateModified are only taken from an
// article.
func fromJSONLD(v any) ldArticle {
	var date, author, headline, modified, image, anyDate string
	var visit func(v any, depth int)
	visit = func(v any, depth int) {
		if depth > 8 {
			return
		}
		switch t := v.(type) {
		case []any:
			for _, e := range t {
				visit(e, depth+1)
			}
		case map[string]any:
			if isArticleType(t["@type"]) {
				if h, ok := t["headline"].(string); ok {
					headline = firstNonEmpty(headline, html.UnescapeString(h))
				}
				if d, ok := t["dateModified"].(string); ok {
					modified = firstNonEmpty(modified, d)
				}
				image = firstNonEmpty(image, ldImageURL(t["image"]))
			}
			d, _ := t["datePublished"].(string)
			if d == "" {
				d, _ = t["dateCreated"].(string)
			}
			if d != "" {
				if isArticleType(t["@type"]) {
					date = firstNonEmpty(date, d)
					author = firstNonEmpty(author, authorName(t["author"]))
				} else {
					anyDate = firstNonEmpty(anyDate, d)
				}
			}
			keys := make([]string, 0, len(t))
			for k := range t {
				if k != "author" && k != "publisher" {
					keys = append(keys, k)
				}
			}
			sort.Strings(keys) // map order is random; keep results stable
			for _, k := range keys {
				visit(t[k], depth+1)
			}
		}
	}
	visit(v, 0)
	return ldArticle{date: firstNonEmpty(date, anyDate), author: author, headline: headline, modified: modified, image: image}
}

func isArticleType(t any) bool {
	switch v := t.(type) {
	case string:
		return articleTypes[strings.ToLower(v)]
	case []any:
		for _, e := range v {
			if isArticleType(e) {
				return true
			}
		}
	}
	return false
}

// authorName reads a JSON-LD author: a string, a Person object, or a list
// of them (names joined with ", ").
func authorName(v any) string {
	switch t := v.(type) {
	case string:
		if strings.Contains(t, "://") {
			return ""
		}
		return oneLine(t)
	case map[string]any:
		name, _ := t["name"].(string)
		return oneLine(name)
	case []any:
		var names []string
		for _, e := range t {
			if n := authorName(e); n != "" {
				names = append(names, n)
			}
		}
		return strings.Join(names, ", ")
	}
	return ""
}
