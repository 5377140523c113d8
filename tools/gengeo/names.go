// Copyright the Gazette authors.

package main

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// keepName reports whether an alternate name is worth keeping: Latin or
// Cyrillic script only, starting with a capital letter (GeoNames' lowercase
// entries are machine romanisations such as "ha er ke fu"), no digits, no
// URLs, and not an all-capitals code such as an IATA airport code ("HRK").
func keepName(s string) bool {
	if s == "" || len([]rune(s)) > 60 {
		return false
	}
	letters, upper := 0, 0
	first := true
	for _, r := range s {
		switch {
		case unicode.IsLetter(r):
			if !unicode.In(r, unicode.Latin, unicode.Cyrillic) {
				return false
			}
			if first && !unicode.IsUpper(r) {
				return false
			}
			first = false
			letters++
			if unicode.IsUpper(r) {
				upper++
			}
		case unicode.Is(unicode.Mn, r):
			// combining accent, fine
		case r == ' ' || r == '-' || r == '\'' || r == '’' || r == 'ʼ' || r == '.':
		default:
			return false // digits, slashes, brackets, commas, other scripts
		}
	}
	if letters < 2 {
		return false
	}
	if upper == letters && letters <= 5 {
		return false // codes: IEV, UKHH
	}
	return true
}

// filterNames returns the alternates worth keeping, without duplicates and
// without main itself, in their original order.
func filterNames(main string, alts []string) []string {
	seen := map[string]bool{norm.NFC.String(main): true}
	var out []string
	for _, a := range alts {
		a = norm.NFC.String(strings.Join(strings.Fields(a), " "))
		if seen[a] || !keepName(a) {
			continue
		}
		seen[a] = true
		out = append(out, a)
	}
	return out
}

// fold lower-cases s and removes accents from Latin letters and spaces,
// hyphens and apostrophes, for comparing names while matching regions.
func fold(s string) string {
	var b strings.Builder
	cyrillic := false
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			if cyrillic { // keep й, ї as distinct letters
				b.WriteRune(r)
			}
		case unicode.IsLetter(r):
			cyrillic = unicode.Is(unicode.Cyrillic, r)
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return strings.ReplaceAll(norm.NFC.String(b.String()), "ё", "е")
}
