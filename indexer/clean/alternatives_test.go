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

// TestMarkerPatternSameAsRegexp checks that markerPattern, run as
// alternatives, accepts what its one regexp accepts.
func TestMarkerPatternSameAsRegexp(t *testing.T) {
	one := regexp.MustCompile(`^(?:` + markerSource + `)$`)
	inputs := []string{"", "more from reuters", "more in business", "other news", "mehr artikel",
		"weitere neue beiträge zum thema", "weitere beiträge aus der kolumne", "auch auf spiegel.de",
		"más sobre economía", "meist-diskutiert", "meistdiskutiert", "vorschau auf den nächsten artikel",
		"more", "more from", "moreover from here", "entdecke weitere themen"}
	inputs = append(inputs, fixtureLines(t)...)
	matched := 0
	for _, s := range inputs {
		want := one.MatchString(s)
		if got := markerPattern.MatchString(s); got != want {
			t.Errorf("%q: alternatives %v, regexp %v", s, got, want)
		}
		if want {
			matched++
		}
	}
	if matched < 10 {
		t.Errorf("only %d inputs are markers: the check proves little", matched)
	}
}

// TestAllItemsSameAsSplit checks that allItems, which cuts parts one by
// one, judges every fixture line and its sentences as the whole Split does.
func TestAllItemsSameAsSplit(t *testing.T) {
	for _, split := range []*regexp.Regexp{sentenceSplit, itemSplit} {
		if split.MatchString("") {
			t.Fatalf("%v matches the empty string", split)
		}
	}
	inputs := append([]string{"", "privacy policy | terms of use", "a | b", "3. märz 2004 | anna",
		"share. tweet. e-mail", "ok; close", "we use cookies. the mayor said so."}, fixtureLines(t)...)
	for _, n := range inputs {
		for _, c := range []struct {
			split, also *regexp.Regexp
		}{{sentenceSplit, nil}, {itemSplit, bareDate}} {
			want := allItemsSplit(c.split.Split(n, -1), c.also)
			if got := allItems(n, c.split, c.also); got != want {
				t.Errorf("allItems(%q, %v) = %v, want %v", n, c.split, got, want)
			}
		}
	}
}

// allItemsSplit is allItems on the parts Split gives.
func allItemsSplit(parts []string, also *regexp.Regexp) bool {
	for _, s := range parts {
		s = normalize(s)
		if s == "" {
			continue
		}
		if !boilerplateSentence.MatchString(s) && (also == nil || !also.MatchString(s)) {
			return false
		}
	}
	return true
}

// fixtureLines returns the normalized lines of the test fixtures.
func fixtureLines(t *testing.T) []string {
	t.Helper()
	var lines []string
	files, _ := filepath.Glob(filepath.Join("testdata", "*", "*"))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(b), "\n") {
			lines = append(lines, normalize(line))
		}
	}
	return lines
}
