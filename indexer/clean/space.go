package clean

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// CollapseSpace trims s and replaces every run of white space in it with
// one space: strings.Join(strings.Fields(s), " "), without building the
// slice of fields, and without allocating when s is already collapsed
// (as most short lines are).
func CollapseSpace(s string) string {
	if isCollapsed(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	pending := false
	for i := 0; i < len(s); {
		// Copy a run of runes that are not white space at once.
		j := i
		for j < len(s) {
			if c := s[j]; c < utf8.RuneSelf {
				if asciiSpace[c] {
					break
				}
				j++
				continue
			}
			r, size := utf8.DecodeRuneInString(s[j:])
			if unicode.IsSpace(r) {
				break
			}
			j += size // invalid bytes are kept as they are
		}
		if j > i {
			if pending {
				b.WriteByte(' ')
				pending = false
			}
			b.WriteString(s[i:j])
			i = j
			continue
		}
		// s[i] starts a white-space rune.
		_, size := utf8.DecodeRuneInString(s[i:])
		pending = b.Len() > 0
		i += size
	}
	return b.String()
}

// asciiSpace marks the ASCII bytes unicode.IsSpace accepts.
var asciiSpace = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}

// isCollapsed reports whether s has no white space but single inner
// spaces.
func isCollapsed(s string) bool {
	prevSpace := true // a leading space is not collapsed
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == ' ':
				if prevSpace {
					return false
				}
				prevSpace = true
			case c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r':
				return false
			default:
				prevSpace = false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			return false
		}
		prevSpace = false
		i += size
	}
	return !prevSpace || s == ""
}
