package clean

import (
	"regexp"
	"regexp/syntax"
	"strings"
	"unicode"
	"unicode/utf8"
)

// alternatives matches a whole string against any of many patterns. One
// regexp made of all of them is slow to run on every short line of a page;
// here each pattern is compiled alone, and a string is tried only against
// the patterns its first rune allows (looked up in a table) and whose
// literal beginnings it has (a string can only match `terms of (?:use|
// service)` when it starts with "terms"). Most lines of a page then run no
// regexp at all.
type alternatives struct {
	alts []alternative
	// byRune lists, for each rune below len(byRune), the alternatives a
	// string starting with it may match. Other first runes (and the empty
	// string) are looked up in the alternatives one by one.
	byRune [][]int
}

// firstTableSize covers ASCII, Latin-1, Latin Extended and Cyrillic, the
// first runes of nearly every line the patterns see.
const firstTableSize = 0x500

type alternative struct {
	re    *regexp.Regexp
	any   bool   // the match may start with any rune (or be empty)
	first []rune // otherwise: ranges lo, hi of the runes it may start with
	// starts are the literal beginnings of every match: a string can match
	// only if it begins with one of them (or, when whole is set, equals one).
	// Nil when nothing is known.
	starts []string
	whole  bool
}

// newAlternatives compiles patterns, each anchored at both ends. It panics
// on a bad pattern, like regexp.MustCompile, since patterns are constants.
func newAlternatives(patterns []string) alternatives {
	alts := make([]alternative, 0, len(patterns))
	for _, p := range patterns {
		a := alternative{re: regexp.MustCompile(`^(?:` + p + `)$`)}
		parsed, err := syntax.Parse(p, syntax.Perl)
		if err != nil {
			panic(err)
		}
		parsed = parsed.Simplify()
		ranges, nullable, any := firstRunes(parsed)
		a.any = any || nullable
		a.first = ranges
		a.starts, a.whole = literalStarts(parsed)
		alts = append(alts, a)
	}
	byRune := make([][]int, firstTableSize)
	for r := range byRune {
		for i, a := range alts {
			if a.any || inRanges(rune(r), a.first) {
				byRune[r] = append(byRune[r], i)
			}
		}
	}
	return alternatives{alts: alts, byRune: byRune}
}

// MatchString reports whether s matches one of the patterns as a whole.
func (alts alternatives) MatchString(s string) bool {
	var r rune = -1
	for _, c := range s {
		r = c
		break
	}
	if r >= 0 && int(r) < len(alts.byRune) {
		for _, i := range alts.byRune[r] {
			if alts.alts[i].match(s) {
				return true
			}
		}
		return false
	}
	for i := range alts.alts {
		a := &alts.alts[i]
		if !a.any && !inRanges(r, a.first) {
			continue
		}
		if a.match(s) {
			return true
		}
	}
	return false
}

// match reports whether s matches a, trying the regexp only when s has
// one of the literal beginnings of a's matches.
func (a *alternative) match(s string) bool {
	if a.starts != nil && !hasStart(s, a.starts, a.whole) {
		return false
	}
	return a.re.MatchString(s)
}

func hasStart(s string, starts []string, whole bool) bool {
	for _, p := range starts {
		if whole && s == p || !whole && strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

func inRanges(r rune, ranges []rune) bool {
	for i := 0; i+1 < len(ranges); i += 2 {
		if ranges[i] <= r && r <= ranges[i+1] {
			return true
		}
	}
	return false
}

// firstRunes computes the runes a match of re can start with, as lo, hi
// pairs; nullable when re can match the empty string (so what follows it
// decides), any when the first rune can be anything.
func firstRunes(re *syntax.Regexp) (ranges []rune, nullable, any bool) {
	switch re.Op {
	case syntax.OpLiteral:
		if len(re.Rune) == 0 {
			return nil, true, false
		}
		r := re.Rune[0]
		ranges = []rune{r, r}
		if re.Flags&syntax.FoldCase != 0 {
			for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
				ranges = append(ranges, f, f)
			}
		}
		return ranges, false, false
	case syntax.OpCharClass:
		return append([]rune(nil), re.Rune...), false, false
	case syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		return nil, false, true
	case syntax.OpCapture, syntax.OpPlus:
		return firstRunes(re.Sub[0])
	case syntax.OpStar, syntax.OpQuest:
		ranges, _, any = firstRunes(re.Sub[0])
		return ranges, true, any
	case syntax.OpRepeat:
		ranges, nullable, any = firstRunes(re.Sub[0])
		return ranges, nullable || re.Min == 0, any
	case syntax.OpConcat:
		for _, sub := range re.Sub {
			rs, n, a := firstRunes(sub)
			ranges = append(ranges, rs...)
			if a {
				return nil, false, true
			}
			if !n {
				return ranges, false, false
			}
		}
		return ranges, true, false
	case syntax.OpAlternate:
		for _, sub := range re.Sub {
			rs, n, a := firstRunes(sub)
			if a {
				return nil, false, true
			}
			ranges = append(ranges, rs...)
			nullable = nullable || n
		}
		return ranges, nullable, false
	case syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText,
		syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return nil, true, false
	}
	return nil, false, true // unknown: be safe
}

// maxStarts bounds how many literal beginnings literalStarts keeps for one
// pattern; past it, a pattern's beginnings are cut short instead.
const maxStarts = 64

// start is a literal beginning of the matches of a regexp: every match
// either begins with s, or (when whole) is exactly s.
type start struct {
	s     string
	whole bool
}

// literalStarts computes literal strings that every match of re begins
// with: `(?:subscribe|sign up)(?: now)?.*` gives "subscribe" and "sign up".
// When whole is set, every match equals one of them: `privacy(?: policy)?`
// gives exactly "privacy" and "privacy policy". It returns nil when a match
// may begin with anything.
func literalStarts(re *syntax.Regexp) (starts []string, whole bool) {
	all := startsOf(re)
	whole = true
	for _, st := range all {
		if st.s == "" && !st.whole {
			return nil, false // anything may match
		}
		whole = whole && st.whole
	}
	for _, st := range all {
		starts = append(starts, st.s)
	}
	if !whole {
		// A whole match is also a beginning: check prefixes only.
		return dedupe(starts), false
	}
	return dedupe(starts), true
}

// startsOf computes the literal beginnings of the matches of re (see
// start). The result is sound, not tight: where it would grow past
// maxStarts, or where re is not a plain literal construction, beginnings
// are cut short (made partial), down to the empty beginning, which allows
// anything.
func startsOf(re *syntax.Regexp) []start {
	anything := []start{{"", false}}
	switch re.Op {
	case syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText,
		syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return []start{{"", true}} // these consume no text
	case syntax.OpLiteral:
		if re.Flags&syntax.FoldCase != 0 || !validRunes(re.Rune) {
			return anything
		}
		return []start{{string(re.Rune), true}}
	case syntax.OpCharClass:
		var out []start
		for i := 0; i+1 < len(re.Rune); i += 2 {
			for r := re.Rune[i]; r <= re.Rune[i+1]; r++ {
				if len(out) == 16 || !validRunes([]rune{r}) {
					return anything
				}
				out = append(out, start{string(r), true})
			}
		}
		if len(out) == 0 {
			return anything
		}
		return out
	case syntax.OpCapture:
		return startsOf(re.Sub[0])
	case syntax.OpQuest:
		return append(startsOf(re.Sub[0]), start{"", true})
	case syntax.OpPlus:
		return partial(startsOf(re.Sub[0]))
	case syntax.OpRepeat:
		if re.Min == 0 {
			return anything
		}
		return partial(startsOf(re.Sub[0]))
	case syntax.OpAlternate:
		var out []start
		for _, sub := range re.Sub {
			out = append(out, startsOf(sub)...)
		}
		if len(out) > maxStarts {
			return anything
		}
		return out
	case syntax.OpConcat:
		out := []start{{"", true}}
		for _, sub := range re.Sub {
			if !anyWhole(out) {
				break
			}
			next := startsOf(sub)
			var joined []start
			for _, a := range out {
				if !a.whole {
					joined = append(joined, a)
					continue
				}
				for _, b := range next {
					joined = append(joined, start{a.s + b.s, b.whole})
				}
			}
			if len(joined) > maxStarts {
				return partial(out) // stop extending what is known so far
			}
			out = joined
		}
		return out
	}
	return anything
}

// validRunes reports whether runes encode as themselves: a string that
// begins with their encoding then begins with them as the regexp decodes
// it. U+FFFD is left out, since the regexp also reads an invalid byte as
// that rune.
func validRunes(runes []rune) bool {
	for _, r := range runes {
		if !utf8.ValidRune(r) || r == utf8.RuneError {
			return false
		}
	}
	return true
}

// partial turns beginnings that were whole matches into mere beginnings.
func partial(starts []start) []start {
	out := make([]start, len(starts))
	for i, st := range starts {
		out[i] = start{st.s, false}
	}
	return out
}

func anyWhole(starts []start) bool {
	for _, st := range starts {
		if st.whole {
			return true
		}
	}
	return false
}

func dedupe(list []string) []string {
	seen := make(map[string]bool, len(list))
	out := list[:0]
	for _, s := range list {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
