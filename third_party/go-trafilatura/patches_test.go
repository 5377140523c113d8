package trafilatura

import (
	"strings"
	"testing"

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
