package clean

import (
	"strings"
	"unicode/utf8"
)

// maxTeaserLines bounds how many lines after a "more stories" marker can be
// dropped as teasers before the cleaner assumes the article goes on.
const maxTeaserLines = 12

// Lines removes boilerplate lines and blocks from plain text (a text dump of
// a page, or the text trafilatura extracted) and returns the kept
// paragraphs, separated by a blank line. Lines of one input paragraph stay
// together, separated by "\n"; white space inside a line is collapsed.
//
// It drops, by whole-line match only:
//   - furniture lines: legal links, masthead credits, cookie notices,
//     subscribe, follow and share prompts, outdated-browser notices;
//   - cross-links such as "Read also: <headline>";
//   - markers of related-story blocks ("More stories", "Читайте также")
//     together with the teasers after them, a headline and a blurb each,
//     up to the point where the article resumes.
//
// A teaser is told from the resumed article by size and shape: article
// paragraphs are long or hold several complete sentences, teasers are a
// short headline and a one-sentence blurb.
func Lines(text string) string {
	var (
		out     []string
		para    []string
		teasers = -1 // lines dropped since the last marker; -1 when not after a marker
	)
	flush := func() {
		if len(para) > 0 {
			out = append(out, strings.Join(para, "\n"))
			para = para[:0]
		}
	}
	for _, raw := range strings.Split(text, "\n") {
		line := CollapseSpace(raw)
		if line == "" {
			flush()
			continue
		}
		n := normalize(line) // what the judges below compare, computed once
		switch {
		case isMarkerNormal(n):
			teasers = 0
			continue
		case isInlineTeaserNormal(line, n), isBoilerplateNormal(n):
			continue
		}
		if teasers >= 0 {
			if !looksLikeArticle(line) && teasers < maxTeaserLines {
				teasers++
				continue
			}
			teasers = -1
		}
		para = append(para, line)
	}
	flush()
	return strings.Join(out, "\n\n")
}

// looksLikeArticle reports whether a line after a related-stories marker is
// article text rather than a teaser: long, or several sentences ending in
// proper punctuation.
func looksLikeArticle(line string) bool {
	size := utf8.RuneCountInString(line)
	if size >= 200 {
		return true
	}
	return size >= 80 && countSentences(line) >= 2 && isTerminal(lastRune(line))
}
