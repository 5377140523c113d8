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
