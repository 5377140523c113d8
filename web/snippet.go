package web

import (
	"html/template"
	"strings"

	"golang.org/x/net/html"
)

// safeSnippet re-escapes a search snippet, keeping only bare <mark> and
// </mark> tags. The search package promises snippets are already safe; this
// makes sure, so a bug there can never become script injection here.
func safeSnippet(s string) template.HTML {
	var b strings.Builder
	z := html.NewTokenizer(strings.NewReader(s))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return template.HTML(b.String())
		case html.TextToken:
			b.WriteString(html.EscapeString(string(z.Text())))
		case html.StartTagToken:
			if name, _ := z.TagName(); string(name) == "mark" {
				b.WriteString("<mark>")
			}
		case html.EndTagToken:
			if name, _ := z.TagName(); string(name) == "mark" {
				b.WriteString("</mark>")
			}
		}
	}
}
