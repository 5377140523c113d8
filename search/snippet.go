package search

import (
	"bytes"
	"html"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/search"
)

// snippetLen is the length of a snippet in runes, about what Bleve's
// fragmenter produces for highlighted snippets.
const snippetLen = 200

// leadSnippet is the snippet when nothing is highlighted: the start of the
// text with whitespace collapsed, cut at a word boundary, HTML-escaped.
// Only the first snippetLen+1 runes of the collapsed text decide the lead
// (cutRunes looks no further), not the whole article; they are collapsed,
// cut and escaped in one buffer.
func leadSnippet[T string | []byte](text T) string {
	var arr [4 * (snippetLen + 1)]byte
	lead, runes := appendCollapsed(arr[:0], text, snippetLen+1)
	cut := runes > snippetLen
	if cut {
		// As cutRunes: at snippetLen runes, or at the last space
		// before them past the middle, without the spaces before.
		end := 0
		for n := 0; n < snippetLen; n++ {
			_, size := utf8.DecodeRune(lead[end:])
			end += size
		}
		if sp := bytes.LastIndexByte(lead[:end], ' '); sp > end/2 {
			end = sp
		}
		for end > 0 && lead[end-1] == ' ' {
			end--
		}
		lead = lead[:end]
	}
	if escaped := htmlEscapes(lead); escaped > 0 {
		out := make([]byte, 0, len(lead)+escaped*4+len(fragmentSep))
		lead = appendHTMLEscaped(out, lead)
	}
	if cut {
		lead = append(lead, fragmentSep...)
	}
	return string(lead)
}

// htmlEscapes counts the bytes of b html.EscapeString replaces.
func htmlEscapes(b []byte) int {
	n := 0
	for _, c := range b {
		switch c {
		case '&', '\'', '<', '>', '"':
			n++
		}
	}
	return n
}

// collapseSpace returns strings.Join(strings.Fields(s), " "): s itself,
// without a copy, when its only white space is single spaces between
// words, as in most highlighted fragments; else collapsePrefix's one
// pass, without Fields' list of words (whose Unicode path is slow on
// Cyrillic text).
func collapseSpace(s string) string {
	prevSpace := true // a space first is not single
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c == ' ' {
				if prevSpace {
					return collapsePrefix(s, len(s)+1)
				}
				prevSpace = true
			} else if asciiSpace(c) {
				return collapsePrefix(s, len(s)+1)
			} else {
				prevSpace = false
			}
			i++
			continue
		}
		// The bytes of other letters, Cyrillic's included, are passed
		// over undecoded.
		if spaceLead(c) {
			if r, _ := utf8.DecodeRuneInString(s[i:]); unicode.IsSpace(r) {
				return collapsePrefix(s, len(s)+1)
			}
		}
		prevSpace = false
		i++
	}
	if prevSpace && s != "" {
		return collapsePrefix(s, len(s)+1) // a space last
	}
	return s
}

// spaceLead reports whether c, a byte past ASCII, can begin a white
// space rune: only these do (U+0085, U+00A0, U+1680, U+2000-U+205F,
// U+3000; TestSpaceLeadBytes checks).
func spaceLead(c byte) bool { return c == 0xC2 || c == 0xE1 || c == 0xE2 || c == 0xE3 }

// asciiSpace reports the ASCII white space but ' ' that unicode.IsSpace
// counts.
func asciiSpace(c byte) bool {
	return c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
}

// collapsePrefix returns the start of strings.Join(strings.Fields(s), " ")
// up to n runes (all of it when shorter), reading no more of s than that.
// Bytes that are not UTF-8 are kept as they are, as strings.Fields does.
func collapsePrefix(s string, n int) string {
	b, _ := appendCollapsed(make([]byte, 0, min(len(s), n*utf8.UTFMax)), s, n)
	return string(b)
}

// appendCollapsed appends to b what collapsePrefix(s, n) returns, and
// says how many runes that is: runs of letters are copied at once, and
// only bytes past ASCII that are not a two-byte letter (Cyrillic) are
// decoded.
func appendCollapsed[T string | []byte](b []byte, s T, n int) ([]byte, int) {
	runes, space, wrote := 0, false, false
	for i := 0; i < len(s) && runes < n; {
		c := s[i]
		size := 1
		if c < utf8.RuneSelf {
			if c == ' ' || asciiSpace(c) {
				space = wrote
				i++
				continue
			}
		} else if c >= 0xC3 && c < 0xE0 && i+1 < len(s) && s[i+1]&0xC0 == 0x80 {
			size = 2 // U+00C0 to U+07FF, never a space (Cyrillic)
		} else {
			var r rune
			r, size = decodeRune(s[i:])
			if spaceLead(c) && unicode.IsSpace(r) {
				space = wrote
				i += size
				continue
			}
		}
		if space {
			b = append(b, ' ')
			space = false
			if runes++; runes == n {
				break
			}
		}
		// The run of runes up to the next space, or the nth.
		j := i + size
		runes++
		for j < len(s) && runes < n {
			c := s[j]
			if c < utf8.RuneSelf {
				if c == ' ' || asciiSpace(c) {
					break
				}
				j++
				runes++
				continue
			}
			if c >= 0xC3 && c < 0xE0 && j+1 < len(s) && s[j+1]&0xC0 == 0x80 {
				j += 2
				runes++
				continue
			}
			r, size := decodeRune(s[j:])
			if spaceLead(c) && unicode.IsSpace(r) {
				break
			}
			j += size
			runes++
		}
		b = append(b, s[i:j]...)
		wrote = true
		i = j
	}
	return b, runes
}

// decodeRune is utf8.DecodeRune of a string or bytes.
func decodeRune[T string | []byte](s T) (rune, int) {
	var head [utf8.UTFMax]byte
	return utf8.DecodeRune(head[:copy(head[:], s)])
}

// cutRunes returns s cut to at most n runes, at the last space before the
// limit when there is one, and whether anything was cut.
func cutRunes(s string, n int) (string, bool) {
	if utf8.RuneCountInString(s) <= n {
		return s, false
	}
	end := 0
	for i := range s {
		if n == 0 {
			end = i
			break
		}
		n--
	}
	if sp := strings.LastIndexByte(s[:end], ' '); sp > end/2 {
		end = sp
	}
	return strings.TrimRight(s[:end], " "), true
}

// matchedPlaceNames returns every name variant of the places whose names
// the query matched (locs are the placenames terms of the hit), longest
// first. When a query for Izyum matched only through place names, the text
// may spell it Изюм: these variants let markSnippet find and mark it.
func matchedPlaceNames(places []Place, locs search.TermLocationMap) []string {
	if len(locs) == 0 {
		return nil
	}
	var names []string
	for _, p := range places {
		variants := append([]string{p.Name}, p.Names...)
		matched := false
		for _, v := range variants {
			for _, tok := range strings.FieldsFunc(strings.ToLower(normalizeApostrophes(v)), notWordRune) {
				if _, ok := locs[tok]; ok {
					matched = true
				}
			}
		}
		if matched {
			names = append(names, variants...)
		}
	}
	names = slices.DeleteFunc(names, func(s string) bool { return strings.TrimSpace(s) == "" })
	slices.SortStableFunc(names, func(a, b string) int { return len(b) - len(a) })
	return slices.Compact(names)
}

func notWordRune(r rune) bool {
	return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\''
}

// markSnippet finds the first occurrence of any of names in text (ignoring
// case, starting at a word boundary, so Ізюм also marks the start of Ізюмі)
// and returns about snippetLen runes around it with the match in <mark>,
// everything else HTML-escaped. It returns "" when no name occurs.
func markSnippet(text string, names []string) string {
	text = strings.Join(strings.Fields(text), " ")
	start, end := -1, -1
	prev := ' '
	for i, r := range text {
		if !notWordRune(prev) {
			prev = r
			continue
		}
		prev = r
		for _, name := range names {
			if n, ok := prefixFold(text[i:], name); ok {
				start, end = i, i+n
				break
			}
		}
		if start >= 0 {
			break
		}
	}
	if start < 0 {
		return ""
	}

	// Up to a quarter of the snippet before the match, starting at a word.
	from := start
	for back := snippetLen / 4; back > 0 && from > 0; back-- {
		_, size := utf8.DecodeLastRuneInString(text[:from])
		from -= size
	}
	if from > 0 {
		if sp := strings.IndexByte(text[from:start], ' '); sp >= 0 {
			from += sp + 1
		}
	}
	rest := snippetLen - utf8.RuneCountInString(text[from:end])
	after, cut := cutRunes(text[end:], max(rest, 0))

	var b strings.Builder
	if from > 0 {
		b.WriteString("…")
	}
	b.WriteString(html.EscapeString(text[from:start]))
	b.WriteString("<mark>")
	b.WriteString(html.EscapeString(text[start:end]))
	b.WriteString("</mark>")
	b.WriteString(html.EscapeString(after))
	if cut {
		b.WriteString("…")
	}
	return b.String()
}

// prefixFold reports whether s starts with prefix under Unicode case
// folding, and how many bytes of s the match spans.
func prefixFold(s, prefix string) (int, bool) {
	n := 0
	for _, pr := range prefix {
		if n >= len(s) {
			return 0, false
		}
		sr, size := utf8.DecodeRuneInString(s[n:])
		if sr != pr && !strings.EqualFold(string(sr), string(pr)) {
			return 0, false
		}
		n += size
	}
	return n, n > 0
}
