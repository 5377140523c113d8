package web

import (
	"html"
	"html/template"
	"sort"
	"strings"

	"github.com/gazette-news/gazette/search"
)

// markedText renders text (a title, or one paragraph) as HTML: everything
// escaped, the query's matches in <mark>, and each place mention a link to
// its place's filter. base is the byte offset of text within the field the
// spans index. Marks and mentions may overlap each other (a query for
// Izyum matches inside the mention of Izyum); neither set overlaps itself.
func markedText(text string, base int, marks []search.Span, mentions []search.PlaceSpan, placeLink func(id string) string) template.HTML {
	end := base + len(text)
	// The cut points: the text's ends and every span boundary inside it.
	cuts := []int{base, end}
	for _, m := range marks {
		cuts = append(cuts, clamp(m.Start, base, end), clamp(m.End, base, end))
	}
	for _, m := range mentions {
		cuts = append(cuts, clamp(m.Start, base, end), clamp(m.End, base, end))
	}
	sort.Ints(cuts)

	var b strings.Builder
	open := -1 // index in mentions of the open link, -1 for none
	for i := 0; i+1 < len(cuts); i++ {
		from, to := cuts[i], cuts[i+1]
		if from == to {
			continue
		}
		mention := spanAt(len(mentions), func(k int) search.Span { return mentions[k].Span }, from)
		if mention != open {
			if open >= 0 {
				b.WriteString("</a>")
			}
			if mention >= 0 {
				p := mentions[mention].Place
				b.WriteString(`<a class="place-mention" href="`)
				b.WriteString(html.EscapeString(placeLink(p.ID)))
				b.WriteString(`" title="`)
				b.WriteString(html.EscapeString(p.Name))
				b.WriteString(`">`)
			}
			open = mention
		}
		seg := html.EscapeString(text[from-base : to-base])
		if spanAt(len(marks), func(k int) search.Span { return marks[k] }, from) >= 0 {
			seg = "<mark>" + seg + "</mark>"
		}
		b.WriteString(seg)
	}
	if open >= 0 {
		b.WriteString("</a>")
	}
	return template.HTML(b.String()) // every piece of text above is escaped
}

// spanAt returns the index of the span (of n, sorted, not overlapping)
// holding byte offset at, or -1.
func spanAt(n int, span func(int) search.Span, at int) int {
	k := sort.Search(n, func(k int) bool { return span(k).End > at })
	if k < n && span(k).Start <= at {
		return k
	}
	return -1
}

func clamp(v, lo, hi int) int { return min(max(v, lo), hi) }

// markedParagraphs splits text into its paragraphs (non-empty lines, as
// paragraphs does) and renders each with markedText.
func markedParagraphs(text string, marks []search.Span, mentions []search.PlaceSpan, placeLink func(id string) string) []template.HTML {
	var out []template.HTML
	offset := 0
	for _, line := range strings.SplitAfter(text, "\n") {
		start := offset
		offset += len(line)
		trimmed := strings.TrimSpace(line)
		if trimmed == "" {
			continue
		}
		start += strings.Index(line, trimmed)
		out = append(out, markedText(trimmed, start, marks, mentions, placeLink))
	}
	return out
}
