package clean

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestAlternativesSameAsOneRegexp checks that the first-rune dispatch of
// boilerplateSentence accepts exactly what one regexp of all its patterns
// accepts, on every sentence of the fixtures and on hand-picked lines.
func TestAlternativesSameAsOneRegexp(t *testing.T) {
	one := regexp.MustCompile(`^(?:` + strings.Join(boilerplatePatterns, "|") + `)$`)
	inputs := []string{"", "ok", "©2024 x", "(c) site", "12 comments", "comments", "we use cookies to help",
		"мы используем cookies", "используем куки", ".", "…delivered to your inbox", "share on facebook", "Privacy"}
	files, _ := filepath.Glob(filepath.Join("testdata", "*", "*"))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(b), "\n") {
			for _, s := range sentenceSplit.Split(normalize(line), -1) {
				inputs = append(inputs, normalize(s))
			}
		}
	}
	matched := 0
	for _, s := range inputs {
		want := one.MatchString(s)
		if got := boilerplateSentence.MatchString(s); got != want {
			t.Errorf("%q: dispatch %v, one regexp %v", s, got, want)
		}
		if want {
			matched++
		}
	}
	if matched < 50 {
		t.Errorf("only %d of %d inputs are boilerplate: the check proves little", matched, len(inputs))
	}
}
