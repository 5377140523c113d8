package extract

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/PuerkitoBio/goquery"
	"github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"

	"github.com/gazette-news/gazette/indexer/clean"
)

// fromHTML extracts the article from a decoded HTML page.
func fromHTML(text, pageURL string, now time.Time) (Article, error) {
	if len(text) > hugePage {
		text = trimHuge(text)
	}
	root, err := html.Parse(strings.NewReader(text))
	if err != nil {
		return Article{}, fmt.Errorf("%w: parse html: %v", ErrNoArticle, err)
	}
	doc := goquery.NewDocumentFromNode(root)
	base := absoluteURL(pageURL)

	// Metadata is read before cleaning: clean.Page may drop blocks that
	// carry dates or bylines, and the head must be seen as published.
	m := readMeta(doc)
	canonical := resolveCanonical(m, base)
	dateURL := pageURL
	if base == nil && canonical != "" {
		dateURL = canonical
	}
	published := findDate(doc, m, dateURL, now)

	clean.Page(doc)

	res, err := runTrafilatura(root, base)
	if err != nil {
		return Article{}, err
	}
	body := clean.Lines(nodeText(res.ContentNode))
	if !enoughText(body) {
		return Article{}, fmt.Errorf("%w: too little text", ErrNoArticle)
	}

	host := hostName(base)
	if host == "" {
		host = hostName(absoluteURL(canonical))
	}
	title := trimDangling(pickTitle(titleSources{
		chosen:   firstNonEmpty(oneLine(res.Metadata.Title), m.fallbackTitle()),
		head:     []string{m.ogTitle, m.ldTitle, m.twTitle, m.title},
		headings: m.headings,
		host:     host,
		sites:    []string{m.siteName},
	}))
	return Article{
		Title:     title,
		Author:    firstNonEmpty(plausibleAuthor(res.Metadata.Author), plausibleAuthor(m.author)),
		Text:      body,
		Lang:      detectLang(body, m.lang),
		Published: published,
		Modified:  lastModified(m, published, now),
		Image:     leadImage(m, firstNonNil(base, absoluteURL(canonical))),
		Site:      firstNonEmpty(m.siteName, siteFromTitle(host, m.ogTitle, m.title), host, oneLine(res.Metadata.Sitename)),
		Canonical: canonical,
	}, nil
}

// fallbackBelow is the length of extracted text, in runes, under which the
// external extractors (readability and DOM distiller) are consulted. They
// rescue pages whose main text trafilatura misses, but cost as much as
// trafilatura itself; on a page where trafilatura already found a long
// text they almost never win. Tuned on the dev set.
const fallbackBelow = 2000

// runTrafilatura extracts the main text of the pre-cleaned document, with
// the external extractors as fallback when the text is short. It leaves
// root untouched (the extractor works on copies). Gazette reads dates,
// language, categories and tags itself, so the patched go-trafilatura in
// third_party skips them. A panic inside the extractor on a hostile page
// is turned into ErrNoArticle: one bad page must not stop an import.
func runTrafilatura(root *html.Node, base *url.URL) (res *trafilatura.ExtractResult, err error) {
	defer func() {
		if r := recover(); r != nil {
			res, err = nil, fmt.Errorf("%w: extractor failed: %v", ErrNoArticle, r)
		}
	}()
	res, err = trafilatura.ExtractDocument(root, trafilatura.Options{
		OriginalURL:        base,
		EnableFallback:     true,
		FallbackBelow:      fallbackBelow,
		ExcludeComments:    true,
		HtmlDateMode:       trafilatura.Disabled,
		SkipLanguage:       true,
		SkipCatTagsLicense: true,
	})
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNoArticle, err)
	}
	if res == nil {
		return nil, ErrNoArticle
	}
	return res, nil
}

// absoluteURL parses s as an absolute http(s) URL, or returns nil (for file
// paths and garbage).
func absoluteURL(s string) *url.URL {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil
	}
	return u
}

// hostName returns the host of u without port and "www.".
func hostName(u *url.URL) string {
	if u == nil {
		return ""
	}
	return strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
}

// resolveCanonical returns the page's canonical URL (<link rel=canonical>,
// else og:url) made absolute against base; "" when there is none or it
// cannot be made absolute.
func resolveCanonical(m meta, base *url.URL) string {
	for _, c := range []string{m.canonical, m.ogURL} {
		if c == "" {
			continue
		}
		ref, err := url.Parse(c)
		if err != nil {
			continue
		}
		if base != nil {
			ref = base.ResolveReference(ref)
		}
		if abs := absoluteURL(ref.String()); abs != nil {
			abs.Fragment = ""
			return abs.String()
		}
	}
	return ""
}

// oneLine collapses white space in a one-line field.
func oneLine(s string) string {
	return clean.CollapseSpace(s)
}

func firstNonNil(us ...*url.URL) *url.URL {
	for _, u := range us {
		if u != nil {
			return u
		}
	}
	return nil
}

func firstNonEmpty(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
}

// nodeText renders the text of trafilatura's content tree with one line per
// block (paragraph, heading, list item, table row), so that clean.Lines can
// judge each block on its own.
func nodeText(n *html.Node) string {
	var b strings.Builder
	var visit func(*html.Node)
	visit = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			b.WriteString(n.Data)
			return
		case html.ElementNode:
			switch n.Data {
			case "br":
				b.WriteByte('\n')
				return
			case "td", "th", "cell":
				b.WriteByte(' ')
			}
		}
		block := n.Type == html.ElementNode && !inlineTags[n.Data]
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
	if n != nil {
		visit(n)
	}
	return b.String()
}

// inlineTags are the phrasing elements (HTML's and trafilatura's own) that do
// not break a line.
var inlineTags = map[string]bool{
	"a": true, "abbr": true, "b": true, "bdi": true, "bdo": true, "cite": true, "code": true,
	"data": true, "del": true, "dfn": true, "em": true, "font": true, "hi": true, "i": true,
	"img": true, "ins": true, "kbd": true, "mark": true, "q": true, "ref": true, "s": true,
	"samp": true, "small": true, "span": true, "strong": true, "sub": true, "sup": true,
	"time": true, "u": true, "var": true, "td": true, "th": true, "cell": true,
}

// notAuthors are byline words that author heuristics sometimes return
// instead of a name.
var notAuthors = map[string]bool{
	"published": true, "updated": true, "posted": true, "by": true, "staff": true, "admin": true,
	"опубликовано": true, "обновлено": true, "автор": true, "опубліковано": true, "оновлено": true,
	"stand": true, "aktualisiert": true, "veröffentlicht": true, "publié": true, "publicado": true,
}

// domainName matches a site's domain given where an author belongs
// ("tagesschau.de", "www.kath.net"): the site, not a person.
var domainName = regexp.MustCompile(`(?i)^(?:www\.)?[\pL\pN-]{2,}(?:\.[\pL\pN-]+)*\.(?:[a-z]{2}|com|net|org|info|biz|edu|gov|io|news|media|online|blog|рф|укр|бел|рус)$`)

// plausibleAuthor cleans an author name and rejects what cannot be one:
// byline words, dates, URLs, domain names and long sentences.
func plausibleAuthor(s string) string {
	s = oneLine(s)
	if s == "" || utf8.RuneCountInString(s) > 100 || strings.Contains(s, "://") ||
		notAuthors[strings.ToLower(strings.Trim(s, ":. "))] || !strings.ContainsFunc(s, unicode.IsLetter) || domainName.MatchString(s) {
		return ""
	}
	return s
}

// genericHostLabels start host names without naming the site.
var genericHostLabels = map[string]bool{"news": true, "m": true, "amp": true, "mobile": true, "blog": true, "blogs": true, "en": true, "ru": true, "uk": true}

// siteFromTitle finds the site's name in the form the site writes it, for
// pages without og:site_name: the first or last part of a head title
// ("Rail link restored | Donbas Daily") whose letters are the host's
// ("donbas-daily.example"). It returns "" when no part is.
func siteFromTitle(host string, titles ...string) string {
	labels := strings.Split(host, ".")
	for len(labels) > 2 && genericHostLabels[labels[0]] {
		labels = labels[1:] // news.bbc.example names the site by "bbc"
	}
	name := lettersOnly(labels[0])
	if len(name) < 3 {
		return ""
	}
	for _, t := range titles {
		t = cleanTitle(t)
		seps := titleSeparators.FindAllStringIndex(t, -1)
		if len(seps) == 0 {
			continue
		}
		for _, part := range []string{t[seps[len(seps)-1][1]:], t[:seps[0][0]]} {
			if part = strings.TrimSpace(part); lettersOnly(part) == name {
				return part
			}
		}
	}
	return ""
}
