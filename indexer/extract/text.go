package extract

import (
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/gazette-news/gazette/indexer/clean"
)

// dateLine matches the optional first line of a text dump: "date
// 2022-03-24", possibly indented and followed by text on the same line.
var dateLine = regexp.MustCompile(`(?i)^[ \t]*date:?[ \t]+(\d{4})-(\d{2})-(\d{2})\b[ \t]*`)

// fromText extracts the article from a plain-text dump of a page.
//
// The title is the first line of the cleaned text when it reads like a
// headline (the second is preferred when the first is the rest of the date
// line, which in dumps is a photo caption); otherwise the first sentence,
// shortened. The title stays in
// Text: the dump is the whole article as captured.
func fromText(text, pageURL string, now time.Time) (Article, error) {
	var published *time.Time
	caption := false // the date line goes on with text: a photo caption, not the headline
	if m := dateLine.FindStringSubmatchIndex(text); m != nil {
		if t, ok := ymd(text[m[2]:m[3]], text[m[4]:m[5]], text[m[6]:m[7]]); ok && plausible(t, now) {
			published = &t
		}
		text = text[m[1]:]
		rest, _, _ := strings.Cut(text, "\n")
		caption = strings.TrimSpace(rest) != ""
	}
	body := clean.Lines(text)
	if !enoughText(body) {
		return Article{}, fmt.Errorf("%w: too little text", ErrNoArticle)
	}
	if !hasProse(body) {
		return Article{}, fmt.Errorf("%w: no sentence of prose (robots.txt, a list, a config file?)", ErrNoArticle)
	}
	if published == nil {
		published = dateFromURL(pageURL, now)
	}
	return Article{
		Title:     dumpTitle(body, caption),
		Text:      body,
		Lang:      detectLang(body, ""),
		Published: published,
		Site:      hostName(absoluteURL(pageURL)),
	}, nil
}

// maxTitle is the longest title, in runes, taken from a text dump.
const maxTitle = 150

// dumpTitle picks the title of a cleaned text dump: the first of its first
// two lines that reads like a headline (the second first when the first is
// a caption: the rest of the date line, or a "Photo: …" credit), else the first sentence of the first line that is not a
// caption, shortened.
func dumpTitle(body string, caption bool) string {
	var lines []string
	for _, l := range strings.Split(body, "\n") {
		if l != "" {
			lines = append(lines, l)
		}
		if len(lines) == 2 {
			break
		}
	}
	if len(lines) == 0 {
		return ""
	}
	candidates := lines
	if caption && len(lines) == 2 {
		candidates = []string{lines[1], lines[0]}
	}
	if captionLabel.MatchString(lines[0]) && len(lines) == 2 {
		candidates = lines[1:] // a credit line is never the title
	}
	for _, l := range candidates {
		if looksLikeHeadline(l) {
			return l
		}
	}
	return shorten(firstSentence(candidates[0]), maxTitle)
}

// captionLabel starts a line that credits a photo: a caption, not the
// headline ("Фото: …", "Photo: …", "Foto: …").
var captionLabel = regexp.MustCompile(`^(?i:photo|фото|foto|image|bild|illustration|иллюстрация|ілюстрація|picture|credit)(?:\s*:|\s+[—–/-]\s)`)

// sentenceBreak finds the end of a sentence followed by more text.
var sentenceBreak = regexp.MustCompile(`[.!?…]["»”’)]*\s+\S`)

// looksLikeHeadline reports whether line reads like a headline: short, more
// than one word, one sentence, not ending in a full stop, colon or comma.
func looksLikeHeadline(line string) bool {
	n := utf8.RuneCountInString(line)
	if n < 8 || n > maxTitle || len(strings.Fields(line)) < 2 {
		return false
	}
	if strings.HasSuffix(line, ".") && !strings.HasSuffix(line, "...") || strings.HasSuffix(line, ":") || strings.HasSuffix(line, ",") {
		return false
	}
	return !sentenceBreak.MatchString(line)
}

// firstSentence returns s up to the end of its first sentence.
func firstSentence(s string) string {
	if loc := sentenceBreak.FindStringIndex(s); loc != nil {
		_, size := utf8.DecodeLastRuneInString(s[:loc[1]]) // the match ends with the next sentence's first rune
		return strings.TrimSpace(s[:loc[1]-size])
	}
	return s
}

// shorten cuts s to at most max runes at a word boundary, adding "…".
func shorten(s string, max int) string {
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	r := []rune(s)[:max-1]
	cut := string(r)
	if i := strings.LastIndexAny(cut, " \t"); i > max/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;:-–—") + "…"
}

// minProseWords is how many words the longest line of a text needs for the
// text to be prose rather than a list or a machine-readable file.
const minProseWords = 8

// hasProse reports whether some line of text reads like a sentence: enough
// words, some of them in lower case. robots.txt, CSV files and word lists
// have no such line.
func hasProse(text string) bool {
	for _, line := range strings.Split(text, "\n") {
		words := strings.Fields(line)
		if len(words) < minProseWords {
			continue
		}
		lower := 0
		for _, w := range words {
			if r := []rune(w)[0]; unicode.IsLower(r) {
				lower++
			}
		}
		if lower*2 >= len(words) {
			return true
		}
	}
	return false
}
