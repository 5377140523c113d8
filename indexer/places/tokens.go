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
}

// abbreviations whose full stop does not end a phrase ("St. Petersburg").
var abbreviations = map[string]bool{
	"st": true, "mt": true, "ft": true, "ste": true, "pt": true,
	"mr": true, "mrs": true, "ms": true, "dr": true, "gov": true, "sen": true, "rep": true,
	"gen": true, "col": true, "lt": true, "sgt": true, "capt": true, "prof": true,
}

// tokenize splits text into words. Apostrophes inside a word belong to it
// ("Kup'yansk", "Куп’янськ"); an English possessive "'s" is dropped.
func tokenize(text string) []token {
	toks := make([]token, 0, len(text)/6)
	gapStart := 0
	possessive := false // the previous word ended in "'s", which ends a name
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		if !isWordRune(r) {
			i += size
			continue
		}
		start := i
		if end, letters := dottedAcronym(text, i); letters >= 2 {
			// "U.S.", "U.K.": one word, normalised to "us", "uk".
			gap := text[gapStart:start]
			toks = append(toks, token{
				start: start, end: end, norm: letters2norm(text[start:end]), cap: true, allCaps: true,
				sentStart: len(toks) == 0 || strings.ContainsAny(gap, ".!?\n") && !abbrevGap(toks, gap),
				joined:    len(toks) > 0 && !possessive && (isJoiningGap(gap) || abbrevGap(toks, gap)),
			})
			possessive = false
			i, gapStart = end, end
			continue
		}
		end := i
		for j := i; j < len(text); {
			r, size := utf8.DecodeRuneInString(text[j:])
			switch {
			case isWordRune(r):
				j += size
				end = j
				continue
			case isApostrophe(r):
				if n, _ := utf8.DecodeRuneInString(text[j+size:]); j+size < len(text) && unicode.IsLetter(n) {
					j += size
					continue
				}
			}
			break
		}
		i = end
		word := text[start:end]
		wasPossessive := possessive
		possessive = false
		if k := strings.LastIndexFunc(word, isApostrophe); k > 0 {
			if rest := word[k:]; strings.EqualFold(rest[utf8.RuneLen(lastApostrophe(rest)):], "s") && isLatin(word) {
				end = start + k // Russia's → Russia
				word = text[start:end]
				possessive = true
			}
		}
		t := token{start: start, end: end, norm: normWord(word)}
		first, _ := utf8.DecodeRuneInString(word)
		t.cap = unicode.IsUpper(first)
		t.cyrillic = unicode.Is(unicode.Cyrillic, first)
		t.allCaps = t.cap && strings.IndexFunc(word, unicode.IsLower) < 0
		gap := text[gapStart:start]
		t.sentStart = len(toks) == 0 || strings.ContainsAny(gap, ".!?\n") && !abbrevGap(toks, gap)
		t.joined = len(toks) > 0 && !wasPossessive && (isJoiningGap(gap) || abbrevGap(toks, gap))
		t.hyphen = t.joined && strings.IndexFunc(gap, isHyphen) >= 0
		toks = append(toks, t)
		gapStart = i
	}
	return toks
}

func lastApostrophe(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

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

// dottedAcronym measures an acronym written with full stops ("U.S.") at i:
// its end and its number of letters.
func dottedAcronym(text string, i int) (end, letters int) {
	for i+1 < len(text) && 'A' <= text[i] && text[i] <= 'Z' && text[i+1] == '.' {
		i += 2
		letters++
	}
	return i, letters
}

// letters2norm lower-cases an acronym and drops its full stops.
func letters2norm(s string) string {
	return strings.ToLower(strings.ReplaceAll(s, ".", ""))
}
