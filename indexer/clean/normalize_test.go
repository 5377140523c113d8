package clean

import (
	"strings"
	"testing"
	"unicode"
)

// normalizeSlow is the plain definition of normalize, which the one-pass
// normalize must equal on every input.
func normalizeSlow(s string) string {
	s = strings.ToLower(strings.Join(strings.Fields(s), " "))
	s = strings.ReplaceAll(s, "ё", "е")
	s = strings.TrimLeft(s, "•·-–—*>›»→| ")
	return strings.TrimRight(s, ".:!…»>›→| ")
}

var normalizeSeeds = []string{
	"", " ", "  Read more → ", "Read More", "read more", "ЧИТАЙТЕ ТАКЖЕ:", "Ещё по теме", "ЁЖ",
	"• Privacy Policy |", "a\u00a0b", "\xff bad \xfe utf8 ", "x\ufffdy", "İstanbul", "ΣΑΣ", "Ⱥ", "K",
	"already normal", "» Читайте ещё", "a\tb\nc", "\u2028x\u3000", "…", "-- --",
}

func TestNormalize(t *testing.T) {
	for _, s := range normalizeSeeds {
		if got, want := normalize(s), normalizeSlow(s); got != want {
			t.Errorf("normalize(%q) = %q, want %q", s, got, want)
		}
	}
}

func FuzzNormalize(f *testing.F) {
	for _, s := range normalizeSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := normalize(s), normalizeSlow(s); got != want {
			t.Errorf("normalize(%q) = %q, want %q", s, got, want)
		}
	})
}

// TestNormalizeEveryRune checks normalize and CollapseSpace on every rune
// alone and between letters, upper and lower case.
func TestNormalizeEveryRune(t *testing.T) {
	if testing.Short() {
		t.Skip("1.1 million runes")
	}
	for r := rune(0); r <= unicode.MaxRune; r++ {
		for _, s := range []string{string(r), "A" + string(r) + "b", string(r) + " Ё"} {
			if got, want := normalize(s), normalizeSlow(s); got != want {
				t.Fatalf("normalize(%q) = %q, want %q", s, got, want)
			}
			if got, want := CollapseSpace(s), strings.Join(strings.Fields(s), " "); got != want {
				t.Fatalf("CollapseSpace(%q) = %q, want %q", s, got, want)
			}
		}
	}
}
