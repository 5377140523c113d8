package clean

import (
	"regexp"
	"regexp/syntax"
	"unicode"
)

// alternatives matches a whole string against any of many patterns. One
// regexp made of all of them is slow to run on every short line of a page;
// here each pattern is compiled alone, with the set of runes its match can
// start with, and a string is tried only against the patterns its first
// rune allows.
type alternatives []alternative

type alternative struct {
	re    *regexp.Regexp
	any   bool   // the match may start with any rune (or be empty)
	first []rune // otherwise: ranges lo, hi of the runes it may start with
}

// newAlternatives compiles patterns, each anchored at both ends. It panics
// on a bad pattern, like regexp.MustCompile, since patterns are constants.
func newAlternatives(patterns []string) alternatives {
	alts := make(alternatives, 0, len(patterns))
	for _, p := range patterns {
		a := alternative{re: regexp.MustCompile(`^(?:` + p + `)$`)}
		parsed, err := syntax.Parse(p, syntax.Perl)
		if err != nil {
			panic(err)
		}
		ranges, nullable, any := firstRunes(parsed.Simplify())
		a.any = any || nullable
		a.first = ranges
		alts = append(alts, a)
	}
	return alts
}

// MatchString reports whether s matches one of the patterns as a whole.
func (alts alternatives) MatchString(s string) bool {
	var r rune = -1
	for _, c := range s {
		r = c
		break
	}
	for _, a := range alts {
		if !a.any && !inRanges(r, a.first) {
			continue
		}
		if a.re.MatchString(s) {
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
