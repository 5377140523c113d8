package extract

import (
	"encoding/json"
	"regexp"
	"sort"
	"strings"
	"unicode"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// meta holds what the page says about itself in its head and markup. It is
// read once, before cleaning, and backs up trafilatura's metadata.
type meta struct {
	title     string            // <title>
	ogTitle   string            // og:title / twitter:title
	h1        string            // the first <h1>
	h1s       int               // number of <h1> elements with text
	siteName  string            // og:site_name
	canonical string            // <link rel=canonical href>
	ogURL     string            // og:url
	author    string            // meta author, article:author (when not a URL), JSON-LD author
	lang      string            // <html lang>, first subtag
	dates     map[string]string // date meta tags by lowercased name/property/itemprop
	ldDate    string            // JSON-LD datePublished of the article
}

func readMeta(doc *goquery.Document) meta {
	m := meta{dates: make(map[string]string)}
	m.title = oneLine(doc.Find("title").First().Text())
	doc.Find("h1").Each(func(_ int, s *goquery.Selection) {
		if t := oneLine(s.Text()); t != "" {
			if m.h1s++; m.h1s == 1 {
				m.h1 = t
			}
		}
	})
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
		case "og:title", "twitter:title":
			m.ogTitle = firstNonEmpty(m.ogTitle, val)
		case "og:site_name":
			m.siteName = firstNonEmpty(m.siteName, val)
		case "og:url":
			m.ogURL = firstNonEmpty(m.ogURL, val)
		case "author", "article:author", "dc.creator", "byl", "sailthru.author", "parsely-author":
			if !strings.Contains(val, "://") {
				m.author = firstNonEmpty(m.author, strings.TrimPrefix(val, "By "))
			}
		}
		if _, ok := dateMetaRank[key]; ok && m.dates[key] == "" {
			m.dates[key] = val
		}
	})
	doc.Find(`script[type="application/ld+json"]`).Each(func(_ int, s *goquery.Selection) {
		var v any
		if json.Unmarshal([]byte(s.Text()), &v) != nil {
			return
		}
		date, author := fromJSONLD(v)
		m.ldDate = firstNonEmpty(m.ldDate, date)
		m.author = firstNonEmpty(m.author, author)
	})
	if m.author == "" {
		m.author = bylineAuthor(doc)
	}
	return m
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
	var found string
	var b strings.Builder
	var visit func(n *html.Node) bool
	visit = func(n *html.Node) bool {
		if n.Type == html.ElementNode && bylineTags[n.DataAtom] && childElements(n) <= 3 {
			b.Reset()
			if boundedText(n, &b, maxByline) {
				if sm := bylineRe.FindStringSubmatch(oneLine(b.String())); sm != nil {
					found = sm[1]
					return false
				}
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
		visit(n)
	}
	return found
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

// boundedText writes the text of n to b and reports whether it stayed within
// limit bytes (white space runs counted as one); it stops early otherwise,
// so that long blocks cost no more than limit.
func boundedText(n *html.Node, b *strings.Builder, limit int) bool {
	if n.Type == html.TextNode {
		b.WriteString(n.Data)
		return len(strings.TrimSpace(b.String())) <= limit || len(oneLine(b.String())) <= limit
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if !boundedText(c, b, limit) {
			return false
		}
	}
	return true
}

// titleSeparators split "Headline | Site" and "Headline — Site".
var titleSeparators = regexp.MustCompile(`\s+(?:[|·•»›⋆]{1,2}|::|[-–—])\s+`)

// tidyTitle removes the site name that pages append or prepend to their
// titles ("Headline | Site", "Site - Headline"). When one part of the title
// is the page's <h1>, that part is the headline. Otherwise a first or last
// part is dropped if it names the site: it equals one of sites, contains the
// host's name, or is itself a domain.
func tidyTitle(title, h1 string, host string, sites ...string) string {
	parts := titleSeparators.Split(title, -1)
	if len(parts) < 2 {
		return title
	}
	for _, p := range parts {
		if h1 != "" && strings.EqualFold(p, h1) {
			return p
		}
	}
	isSite := func(p string) bool {
		key := lettersOnly(p)
		if key == "" {
			return false
		}
		for _, s := range sites {
			if s != "" && key == lettersOnly(s) {
				return true
			}
		}
		name := lettersOnly(strings.SplitN(host, ".", 2)[0])
		if len(name) >= 4 && strings.Contains(key, name) {
			return true
		}
		return strings.Contains(p, ".") && !strings.Contains(strings.TrimSpace(p), " ")
	}
	joined := func(ps []string) string {
		// Rejoin the kept parts with the separators they had.
		first := strings.Index(title, ps[0])
		last := strings.LastIndex(title, ps[len(ps)-1])
		if first < 0 || last < first {
			return strings.Join(ps, " - ")
		}
		return title[first : last+len(ps[len(ps)-1])]
	}
	switch {
	case isSite(parts[len(parts)-1]):
		return tidyTitle(joined(parts[:len(parts)-1]), h1, host, sites...)
	case isSite(parts[0]):
		return tidyTitle(joined(parts[1:]), h1, host, sites...)
	}
	return title
}

// chooseTitle prefers the page's only <h1> over the title from the head
// (tidy, trafilatura's choice from og:title, <title> and the like): the
// head title is often a shortened or SEO variant, while the visible headline
// is what readers see. The head title is kept when there are several <h1>
// or none, when the <h1> is a single word, when it is the site name (the
// head titles name it as their site part), or when it is the head title
// with a kicker or dateline around it.
func chooseTitle(title, raw string, m meta, host string, sites []string) string {
	if m.h1s != 1 || len(strings.Fields(m.h1)) < 2 {
		return title
	}
	h1 := tidyTitle(m.h1, "", host, sites...)
	kh, kt, kr := lettersOnly(h1), lettersOnly(title), lettersOnly(raw)
	switch {
	case kh == "":
		return title
	case kt != "" && kh != kt && strings.HasSuffix(kh, kt):
		return title // "Kicker: Headline" in the <h1>, "Headline" in the head
	case kt != "" && kh != kt && strings.Contains(kr, kh) && strings.Contains(kr, kt) && !strings.Contains(kt, kh):
		return title // the head title is "Headline | <h1>": the <h1> is a logo
	}
	for _, s := range sites {
		if s != "" && lettersOnly(s) == kh {
			return title
		}
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
// first <h1>, or <title> without its site-name suffix.
func (m meta) fallbackTitle() string {
	if m.ogTitle != "" {
		return m.ogTitle
	}
	if m.h1 != "" {
		return m.h1
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

// fromJSONLD finds the datePublished and author name of the article in a
// decoded JSON-LD value, searching @graph arrays and nested objects. An
// article-typed object wins over any other object with a datePublished.
func fromJSONLD(v any) (date, author string) {
	var anyDate string
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
	return firstNonEmpty(date, anyDate), author
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
