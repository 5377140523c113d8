// Copyright the Gazette authors.

package places

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// isApostrophe reports the characters writers use for an apostrophe, in
// English possessives and Ukrainian names alike ("Kup'yansk", "Куп’янськ").
func isApostrophe(r rune) bool {
	switch r {
	case '\'', '’', 'ʼ', '`', '‘', 'ʹ', '′':
		return true
	}
	return false
}

// isHyphen reports hyphens and dashes that join words.
func isHyphen(r rune) bool {
	switch r {
	case '-', '‐', '‑', '–':
		return true
	}
	return false
}

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf { // the spaces and punctuation between words need no table
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// latinFolds maps accented Latin letters to their base letters (é → e,
// ł → l, ß → ss). It is built once from Unicode decompositions and never
// changes.
var latinFolds = func() map[rune]string {
	m := map[rune]string{'ł': "l", 'ø': "o", 'đ': "d", 'ß': "ss", 'æ': "ae", 'œ': "oe", 'ı': "i", 'þ': "th", 'ð': "d", 'ŀ': "l"}
	for _, block := range [][2]rune{{0xC0, 0x24F}, {0x1E00, 0x1EFF}} {
		for r := block[0]; r <= block[1]; r++ {
			if _, ok := m[r]; ok || !unicode.IsLower(r) {
				continue
			}
			d := norm.NFD.String(string(r))
			base, size := utf8.DecodeRuneInString(d)
			if base < 'a' || base > 'z' {
				continue
			}
			if strings.IndexFunc(d[size:], func(c rune) bool { return !unicode.Is(unicode.Mn, c) }) < 0 {
				m[r] = string(base)
			}
		}
	}
	return m
}()

// cyrillicMarks composes a Cyrillic letter and a combining mark written
// separately (и + ◌̆ → й); ё becomes е.
var cyrillicMarks = map[[2]rune]rune{
	{'и', 0x306}: 'й', {'і', 0x308}: 'ї', {'у', 0x306}: 'ў', {'е', 0x308}: 'е',
}

// normName turns a name or a word into its dictionary key: lower case,
// accents removed from Latin letters (Kijów → kijow), ё written е,
// apostrophes dropped, and words separated by single spaces whatever
// separated them ("Ivano-Frankivs'k" → "ivano frankivsk",
// "St. Petersburg" → "st petersburg"). Cyrillic й, ї and ў stay letters of
// their own.
func normName(s string) string {
	if simple(s) {
		return strings.ToLower(s)
	}
	if normalWord(s) {
		return s // a word in lower case, as most words of a text are
	}
	buf := make([]byte, 0, len(s))
	var base rune // last letter written, for combining marks
	space := false
	for _, r := range s {
		switch {
		case isApostrophe(r):
		case unicode.Is(unicode.Mn, r):
			if c, ok := cyrillicMarks[[2]rune{base, r}]; ok {
				buf = utf8.AppendRune(buf[:len(buf)-utf8.RuneLen(base)], c)
				base = c
			}
		case !isWordRune(r):
			space = len(buf) > 0
			base = 0
		default:
			if space {
				buf = append(buf, ' ')
				space = false
			}
			r = unicode.ToLower(r)
			if r == 'ё' {
				r = 'е'
			}
			base = r
			if r >= 0xC0 && (r < 0x250 || r >= 0x1E00 && r <= 0x1EFF) {
				if f, ok := latinFolds[r]; ok {
					buf = append(buf, f...)
					base = 0
					continue
				}
			}
			buf = utf8.AppendRune(buf, r)
		}
	}
	return string(buf)
}

// normalWord reports a word that normName gives back as it is: word
// runes only, none of them an upper-case letter, an apostrophe, a
// combining mark, ё or an accented Latin letter.
func normalWord(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		switch {
		case r < utf8.RuneSelf:
			if !('a' <= r && r <= 'z' || '0' <= r && r <= '9') {
				return false
			}
		case r >= 0xC0 && (r < 0x250 || r >= 0x1E00 && r <= 0x1EFF), r == 'ё', r == utf8.RuneError, isApostrophe(r):
			return false
		case !unicode.IsLetter(r) && !unicode.IsDigit(r) || unicode.ToLower(r) != r:
			return false
		}
	}
	return true
}

// normWord normalises one word of a text (see normName).
func normWord(w string) string { return normName(w) }

// simple reports a name of ASCII letters and single inner spaces, which
// normalises by lower-casing alone.
func simple(s string) bool {
	if s == "" || s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
		case c == ' ' && s[i-1] != ' ':
		default:
			return false
		}
	}
	return true
}
