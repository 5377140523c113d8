package trafilatura

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/go-shiori/dom"
	"github.com/markusmobius/go-trafilatura/internal/etree"
	"github.com/markusmobius/go-trafilatura/internal/selector"
	"golang.org/x/net/html"
)

// TestFallbackBelow checks the FallbackBelow patch: the result equals
// upstream's without fallback when that text is long, and upstream's with
// fallback when it is short; and the input document is left untouched.
func TestFallbackBelow(t *testing.T) {
	para := "<p>" + strings.Repeat("The ferry across the river carried its first passengers in months. ", 6) + "</p>"
	pages := map[string]string{
		"long":  "<html><body><nav><a href='/'>Home</a></nav><article>" + strings.Repeat(para, 8) + "</article></body></html>",
		"short": "<html><body><nav><a href='/'>Home</a></nav><div class='story'>" + para + "</div><footer>Contact</footer></body></html>",
	}
	for name, page := range pages {
		run := func(opts Options) (string, string) {
			doc, err := html.Parse(strings.NewReader(page))
			if err != nil {
				t.Fatal(err)
			}
			before := render(t, doc)
			opts.ExcludeComments = true
			opts.HtmlDateMode = Disabled
			res, err := ExtractDocument(doc, opts)
			if after := render(t, doc); after != before {
				t.Errorf("%s: the input document changed", name)
			}
			if err != nil {
				return "", err.Error()
			}
			return res.ContentText, ""
		}
		patched, perr := run(Options{EnableFallback: true, FallbackBelow: 2000, SkipLanguage: true, SkipCatTagsLicense: true})
		plain, _ := run(Options{})
		withFallback, ferr := run(Options{EnableFallback: true})
		want, werr := withFallback, ferr
		if len([]rune(plain)) >= 2000 {
			want, werr = plain, ""
		}
		if patched != want || perr != werr {
			t.Errorf("%s: patched %q (%s), want %q (%s)", name, patched, perr, want, werr)
		}
	}
}

func render(t *testing.T, n *html.Node) string {
	t.Helper()
	var b strings.Builder
	if err := html.Render(&b, n); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestJSONLDAuthorsInStableOrder: authors found in nested JSON-LD objects
// come out in the same order on every run (upstream followed Go's random
// map order).
func TestJSONLDAuthorsInStableOrder(t *testing.T) {
	page := `<html><head><script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",` +
		`"headline":"Ferry runs again","publisher":{"@type":"Organization","name":"Courier","founder":{"@type":"Person","name":"Rudolf Mayer"}},` +
		`"mainEntity":{"@type":"Person","name":"Anna Schneider"},"about":{"@type":"Person","name":"Olena Koval"}}</script></head>` +
		`<body><p>` + strings.Repeat("The ferry across the river carried its first passengers in months. ", 6) + `</p></body></html>`
	var first string
	for i := 0; i < 30; i++ {
		doc, err := html.Parse(strings.NewReader(page))
		if err != nil {
			t.Fatal(err)
		}
		got := extractMetadata(doc, Options{HtmlDateMode: Disabled}).Author
		if i == 0 {
			first = got
			continue
		}
		if got != first {
			t.Fatalf("run %d: authors %q, first run %q", i, got, first)
		}
	}
}

// TestAuthorsAsWritten: names keep their case and the full stops of
// initials; handles with dots still split into words.
func TestAuthorsAsWritten(t *testing.T) {
	for in, want := range map[string]string{
		"T. V. Raman":                 "T. V. Raman",
		"Perry Bacon Jr.":             "Perry Bacon Jr.",
		"Joe S.":                      "Joe S.",
		"J.R. Stone":                  "J.R. Stone",
		"karstenruppert":              "karstenruppert",
		"der Michel":                  "der Michel",
		"By Anna Schmidt.":            "Anna Schmidt",
		"john.doe":                    "john doe",
		"Olena Koval (AP)":            "Olena Koval",
		"Par Attac France":            "Attac France",
		"www.kath.net":                "",
		"finanztreff.de":              "",
		"Anna Lind, tagesschau.de":    "Anna Lind",
		"Von Anna Lind, www.kath.net": "Anna Lind",
		"J.Li":                        "J.Li",
		"Mary Smith M.D.":             "Mary Smith M.D.",
		"лента.рф":                    "",
	} {
		if got := normalizeAuthors("", in); got != want {
			t.Errorf("normalizeAuthors(%q) = %q, want %q", in, got, want)
		}
	}
}

// textRuneCount counts what utf8.RuneCountInString(dom.TextContent(n))
// counts, also when a rune is split between two text nodes.
func TestTextRuneCount(t *testing.T) {
	doc, err := html.Parse(strings.NewReader("<p>Київ, <b>Kyiv</b> and ok</p><p>\u00e9t\u00e9</p>"))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := textRuneCount(doc), utf8.RuneCountInString(dom.TextContent(doc)); got != want {
		t.Errorf("textRuneCount = %d, want %d", got, want)
	}
	split := &html.Node{Type: html.ElementNode, Data: "p"}
	split.AppendChild(&html.Node{Type: html.TextNode, Data: "ab\xd0"})
	split.AppendChild(&html.Node{Type: html.TextNode, Data: "\x9aef"}) // "К" cut in two
	if got, want := textRuneCount(split), utf8.RuneCountInString(dom.TextContent(split)); got != want {
		t.Errorf("split rune: textRuneCount = %d, want %d", got, want)
	}
}

// pruneUnwantedNodes, which makes its backup only when it returns it, gives
// what upstream's gives (the backup made before pruning), with and
// without backup, and leaves its input as it was.
func TestPruneUnwantedNodesAsUpstream(t *testing.T) {
	upstream := func(tree *html.Node, queries []selector.Rule, withBackup bool) *html.Node {
		var oldLen int
		var backup *html.Node
		tree = dom.Clone(tree, true)
		if withBackup {
			backup = dom.Clone(tree, true)
			oldLen = utf8.RuneCountInString(dom.TextContent(tree))
		}
		for _, query := range queries {
			subElements := selector.QueryAll(tree, query)
			for i := len(subElements) - 1; i >= 0; i-- {
				subElement := subElements[i]
				if tail := etree.Tail(subElement); tail != "" {
					previous := dom.PreviousElementSibling(subElement)
					if previous == nil {
						previous = subElement.Parent
					}
					if previous != nil {
						if previousTail := etree.Tail(previous); previousTail != "" {
							etree.SetTail(previous, previousTail+" "+tail)
						} else {
							etree.SetTail(previous, tail)
						}
					}
				}
				etree.Remove(subElement)
			}
		}
		if withBackup && utf8.RuneCountInString(dom.TextContent(tree)) <= oldLen/7 {
			return backup
		}
		return tree
	}
	story := strings.Repeat("<p>The ferry across the river carried its first passengers in months.</p>", 3)
	pages := []string{
		"<html><body><div class='footer'>Legal notice and contact</div>" + story + "</body></html>",
		"<html><body><div class='sidebar'>" + story + "</div>tail text<p>Short.</p></body></html>", // most text removed: the backup
		"<html><body><nav>Home</nav><div class='comments'>A comment</div>" + story + "<aside>More</aside></body></html>",
	}
	for _, page := range pages {
		for _, backup := range []bool{false, true} {
			doc, err := html.Parse(strings.NewReader(page))
			if err != nil {
				t.Fatal(err)
			}
			before := render(t, doc)
			want := render(t, upstream(doc, selector.OverallDiscardedContent, backup))
			got := render(t, pruneUnwantedNodes(doc, selector.OverallDiscardedContent, backup))
			if got != want {
				t.Errorf("backup %v: %s\ngot  %s\nwant %s", backup, page, got, want)
			}
			if render(t, doc) != before {
				t.Errorf("backup %v: the input changed: %s", backup, page)
			}
		}
	}
}
