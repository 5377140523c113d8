package clean

import (
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// FuzzLines checks that Lines never panics and only ever removes lines: every
// kept line is a line of the input with its white space collapsed.
func FuzzLines(f *testing.F) {
	f.Add("More stories\n\nA teaser\n\nThe article goes on. It has two sentences.")
	f.Add("date 2022-01-01 caption\nHeadline\n\nWe use cookies.\n© 2024")
	f.Add("Читайте также: новость\n\n\xff\xfe\x00")
	f.Fuzz(func(t *testing.T, in string) {
		lines := make(map[string]bool)
		for _, l := range strings.Split(in, "\n") {
			lines[strings.Join(strings.Fields(l), " ")] = true
		}
		for _, l := range strings.Split(Lines(in), "\n") {
			if l != "" && !lines[l] {
				t.Errorf("Lines invented %q", l)
			}
		}
	})
}

// FuzzPage checks that Page never panics on any markup.
func FuzzPage(f *testing.F) {
	f.Add(`<html><body><div id="cookie-banner">We use cookies <button>OK</button></div><article><p>Text</p></article></body></html>`)
	f.Add(`<body><h2>Read also</h2><ul><li><a href=x>Other</a></li></ul><table><tr><td>x`)
	f.Fuzz(func(t *testing.T, in string) {
		doc, err := goquery.NewDocumentFromReader(strings.NewReader(in))
		if err != nil {
			return
		}
		Page(doc)
	})
}
