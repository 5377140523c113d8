// Copyright the Gazette authors. Licensed under the project licence; place
// data from GeoNames (CC BY 4.0), see README.md.

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

// latinFold maps Latin letters without a Unicode decomposition to plain ASCII.
var latinFold = map[rune]string{
	'ł': "l", 'ø': "o", 'đ': "d", 'ß': "ss", 'æ': "ae", 'œ': "oe", 'ı': "i", 'þ': "th", 'ð': "d",
}

// normWord lower-cases one word, removes apostrophes and accents on Latin
// letters (Kijów → kijow), and writes ё as е. Cyrillic letters keep their
// marks: й, ї and ў are letters of their own.
func normWord(w string) string {
	ascii, upper := true, false
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= utf8.RuneSelf || c == '\'' || c == '`' {
			ascii = false
			break
		}
		upper = upper || 'A' <= c && c <= 'Z'
	}
	if ascii {
		if upper {
			return strings.ToLower(w)
		}
		return w
	}
	var b strings.Builder
	b.Grow(len(w))
	var base rune // the letter the following combining marks belong to
	for _, r := range norm.NFD.String(w) {
		switch {
		case isApostrophe(r):
		case unicode.Is(unicode.Mn, r):
			// Keep й, ї, ў (marks on Cyrillic letters) but write ё as е
			// and drop accents on Latin letters.
			if unicode.Is(unicode.Cyrillic, base) && !(base == 'е' && r == 0x308) {
				b.WriteRune(r)
			}
		default:
			r = unicode.ToLower(r)
			base = r
			if s, ok := latinFold[r]; ok {
				b.WriteString(s)
			} else {
				b.WriteRune(r)
			}
		}
	}
	return norm.NFC.String(b.String())
}

// normName turns a name into its dictionary key: normalised words joined by
// single spaces ("Ivano-Frankivs'k" → "ivano frankivsk"). Full stops split
// words ("St. Petersburg" → "st petersburg").
func normName(s string) string {
	if simple(s) {
		return strings.ToLower(s)
	}
	words := strings.FieldsFunc(s, func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || isApostrophe(r))
	})
	for i, w := range words {
		words[i] = normWord(w)
	}
	return strings.Join(dropEmpty(words), " ")
}

// dropEmpty drops empty words (a lone apostrophe normalises to "").
func dropEmpty(ws []string) []string {
	out := ws[:0]
	for _, w := range ws {
		if w != "" {
			out = append(out, w)
		}
	}
	return out
}

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
