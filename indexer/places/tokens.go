// Copyright the Gazette authors.

package places

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// token is one word of a text given to Find.
type token struct {
	start, end int    // byte offsets of the word as written
	norm       string // normalised form (normWord)
	cap        bool   // starts with a capital letter
	allCaps    bool   // every letter a capital
	cyrillic   bool   // first letter is Cyrillic
	joined     bool   // only spaces or a hyphen separate it from the previous word
	hyphen     bool   // and that separator is a hyphen
	sentStart  bool   // first word of a sentence, line or text
	dot        bool   // written with a full stop right after it ("Ky.", "B.C.")
	afterComma bool   // a comma (and spaces) separates it from the previous word
}

// abbreviations whose full stop does not end a phrase ("St. Petersburg").
var abbreviations = map[string]bool{
	"st": true, "mt": true, "ft": true, "ste": true, "pt": true,
	"mr": true, "mrs": true, "ms": true, "dr": true, "gov": true, "sen": true, "rep": true,
	"gen": true, "col": true, "lt": true, "sgt": true, "capt": true, "prof": true,
}

// tokenize splits text into words. Apostrophes inside a word belong to it
// ("Kup'yansk", "Куп’янськ"); an English possessive "'s" is dropped and
// ends a name ("Ukraine's Donetsk region"); "U.S." is one word.
func tokenize(text string) []token {
	toks := make([]token, 0, len(text)/6)
	gapStart := 0
	possessive := false // the previous word ended in "'s"
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		if !isWordRune(r) {
			i += size
			continue
		}
		start := i
		var t token
		if end, letters := dottedAcronym(text, i); letters >= 2 {
			t = token{start: start, end: end, norm: strings.ToLower(strings.ReplaceAll(text[start:end], ".", ""))}
			i = end
		} else {
			i = wordEnd(text, i)
			t = token{start: start, end: i}
			if k := possessiveAt(text[start:i]); k > 0 {
				t.end = start + k // Russia's → Russia
			}
			t.norm = normWord(text[start:t.end])
		}
		word := text[t.start:t.end]
		first, _ := utf8.DecodeRuneInString(word)
		t.cap = unicode.IsUpper(first)
		t.cyrillic = first >= 0x400 && unicode.Is(unicode.Cyrillic, first) // no Cyrillic letter is below U+0400
		t.allCaps = t.cap && strings.IndexFunc(word, unicode.IsLower) < 0
		gap := text[gapStart:start]
		t.sentStart = len(toks) == 0 || strings.ContainsAny(gap, ".!?\n") && !abbrevGap(toks, gap)
		t.joined = len(toks) > 0 && !possessive && (isJoiningGap(gap) || abbrevGap(toks, gap))
		t.hyphen = t.joined && strings.IndexFunc(gap, isHyphen) >= 0
		t.dot = t.end == i && (text[t.end-1] == '.' || t.end < len(text) && text[t.end] == '.')
		t.afterComma = len(toks) > 0 && strings.TrimSpace(gap) == ","
		toks = append(toks, t)
		possessive = t.end < i
		gapStart = i
	}
	return toks
}

// wordEnd returns the end of the word starting at i: letters, digits and
// marks, with apostrophes between letters.
func wordEnd(text string, i int) int {
	end := i
	for j := i; j < len(text); {
		r, size := utf8.DecodeRuneInString(text[j:])
		if isWordRune(r) {
			j += size
			end = j
			continue
		}
		if next, _ := utf8.DecodeRuneInString(text[j+size:]); isApostrophe(r) && j+size < len(text) && unicode.IsLetter(next) {
			j += size
			continue
		}
		break
	}
	return end
}

// possessiveAt returns where an English possessive "'s" starts in a Latin
// word, or 0.
func possessiveAt(word string) int {
	k := strings.LastIndexFunc(word, isApostrophe)
	if k <= 0 || !isLatin(word) {
		return 0
	}
	_, size := utf8.DecodeRuneInString(word[k:])
	if !strings.EqualFold(word[k+size:], "s") {
		return 0
	}
	return k
}

// dottedAcronym measures an acronym written with full stops ("U.S.") at i:
// its end and its number of letters.
func dottedAcronym(text string, i int) (end, letters int) {
	for i+1 < len(text) && 'A' <= text[i] && text[i] <= 'Z' && text[i+1] == '.' {
		i += 2
		letters++
	}
	return i, letters
}

// isLatin reports whether the first letter of s is Latin.
func isLatin(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return unicode.Is(unicode.Latin, r)
		}
	}
	return false
}

// isJoiningGap reports whether the characters between two words let a
// place name run across them: spaces, or one hyphen.
func isJoiningGap(gap string) bool {
	hyphens := 0
	for _, r := range gap {
		switch {
		case r == ' ' || r == '\u00a0' || r == '\t':
		case isHyphen(r):
			hyphens++
		default:
			return false
		}
	}
	return hyphens <= 1
}

// abbrevGap reports a gap after an abbreviation such as "St." or "Mt.".
func abbrevGap(toks []token, gap string) bool {
	return len(toks) > 0 && toks[len(toks)-1].cap && abbreviations[toks[len(toks)-1].norm] &&
		strings.TrimSpace(gap) == "."
}
