package search

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestParseErrors(t *testing.T) {
	tests := []struct {
		query      string
		msg        string // the message contains this
		start, end int    // the offending span, in runes
	}{
		{`izyum (kupiansk OR lyman`, "unclosed bracket opened at character 7", 6, 7},
		{`izyum kupiansk)`, "closing bracket at character 15 has no opening bracket", 14, 15},
		{`"unclosed phrase`, "unclosed quote opened at character 1", 0, 16},
		{`Ізюм "`, "unclosed quote opened at character 6", 5, 6},
		{`()`, "empty brackets at character 1", 0, 2},
		{`OR izyum`, "OR at character 1 needs a word before it", 0, 2},
		{`izyum OR`, "OR at character 7 needs a word after it", 6, 8},
		{`AND izyum`, "AND at character 1 needs a word before it", 0, 3},
		{`izyum AND`, "AND at character 7 needs a word after it", 6, 9},
		{`izyum NOT`, "NOT at character 7 needs a word after it", 6, 9},
		{`izyum -`, "- at character 7 must stand right before a word", 6, 7},
		{`+ izyum`, "+ at character 1 must stand right before a word", 0, 1},
		{`colour:red`, `unknown field “colour” at character 1`, 0, 7},
		{`title:`, "title: at character 1 needs a value", 0, 6},
		{`izyum~3`, "fuzziness 3 at character 1 is too much", 0, 7},
		{`izyum~x`, "~x at character 6", 5, 7},
		{`ab~2`, "too short for ~2", 0, 4},
		{`*`, "alone would match every word", 0, 1},
		{`k*`, "needs at least 2 letters before the first * or ?", 0, 2},
		{`?zyum`, "needs at least 2 letters", 0, 5},
		{`izyum^x`, "^x at character 6: a boost is a number", 5, 7},
		{`--`, "has no letters or digits", 1, 2},
		{`"kharkiv courier"x`, "leave a space between a phrase and the next word", 17, 18},
		{`"a b"~x`, "~x at character 6", 5, 7},
		{`published:yesterday`, `“yesterday” at character 11 is not a date`, 10, 19},
		{`published:[2022-03-01 TO`, "unclosed date range opened at character 11", 10, 24},
		{`published:[2022-03-01 TO soon]`, `“soon” at character 26 is not a date`, 25, 29},
		{`published:[2022-03-01 2022-03-31]`, "must read [FROM TO UNTIL]", 10, 33},
		{`published:[2022-04-01 TO 2022-03-01]`, "is empty", 0, 36},
		{`published:>=`, "needs a date", 0, 12},
		{`published:0001-01-01`, "outside 1700 to 2200", 10, 20},
		{`near:Izium~far`, "radius far at character 11", 10, 14},
		{`near:Izium~5000km`, "up to 2000 km", 10, 17},
		{`izyum ` + strings.Repeat("(", 40) + "x" + strings.Repeat(")", 40), "nested more than 32 deep", 38, 39},
		{strings.Repeat("NOT ", 40) + "x", "nested more than 32 deep", 128, 129},
		{strings.Repeat("w ", 70), "more than 64 words", 128, 129},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			_, err := parseQuery(tt.query)
			var qe *QueryError
			if !errors.As(err, &qe) {
				t.Fatalf("parseQuery(%q) = %v, want a *QueryError", tt.query, err)
			}
			if !strings.Contains(qe.Msg, tt.msg) {
				t.Errorf("message %q lacks %q", qe.Msg, tt.msg)
			}
			if qe.Start != tt.start || qe.End != tt.end {
				t.Errorf("span [%d, %d) %q, want [%d, %d)", qe.Start, qe.End,
					string([]rune(tt.query)[qe.Start:qe.End]), tt.start, tt.end)
			}
			if strings.Contains(qe.Msg, `\"`) || strings.Contains(qe.Msg, "\n") {
				t.Errorf("message %q is not for people", qe.Msg)
			}
		})
	}
}

// TestParseTree checks the structure the parser gives by printing it back
// in canonical form.
func TestParseTree(t *testing.T) {
	tests := []struct{ query, want string }{
		{"izyum kupiansk", "izyum kupiansk"},
		{"izyum AND kupiansk", "izyum kupiansk"},
		{"+izyum +kupiansk", "izyum kupiansk"},
		{"izyum NOT kupiansk", "izyum -kupiansk"},
		{"izyum -kupiansk", "izyum -kupiansk"},
		{"izyum and kupiansk", "izyum and kupiansk"}, // lowercase: words
		{"izyum or not kupiansk", "izyum or not kupiansk"},
		{"ORANGE ANDROID NOTE", "ORANGE ANDROID NOTE"},
		{"a OR b c", "a OR (b c)"},
		{"a b OR c", "(a b) OR c"}, // AND binds tighter than OR
		{"(a OR b) c", "(a OR b) c"},
		{"NOT a", "-a"},
		{"NOT NOT a", "-(-a)"},
		{"-(a OR b)", "-(a OR b)"},
		{`"izyum kupiansk"~10`, `"izyum kupiansk"~10`},
		{`"izyum kupiansk"`, `"izyum kupiansk"`},
		{"kharkiv*", "kharkiv*"},
		{"izyum~1", "izyum~1"},
		{"izyum~", "izyum~1"},
		{"izyum^2", "izyum^2"},
		{"why?", "why"},
		{`title:izyum`, `title:izyum`},
		{`TITLE:izyum`, `title:izyum`},
		{`title:(izyum OR kupiansk)`, `title:izyum OR title:kupiansk`},
		{`site:"Kharkiv Courier"`, `site:"Kharkiv Courier"`},
		{`place:"Lyman (Donetsk Oblast)"`, `place:"Lyman (Donetsk Oblast)"`},
		{`10:30`, `10:30`},
		{`published:[2022-03-01 TO 2022-03-31]`, `published:[2022-03-01 TO 2022-03-31]`},
		{`published:{2022-03-01 TO 2022-03-31}`, `published:[2022-03-02 TO 2022-03-30]`},
		{`published:[2022-03 TO *]`, `published:[2022-03-01 TO *]`},
		{`published:>=2022-09-01`, `published:[2022-09-01 TO *]`},
		{`published:>="2022-09-01"`, `published:[2022-09-01 TO *]`},
		{`published:>2022-09`, `published:[2022-10-01 TO *]`},
		{`published:<2022`, `published:[* TO 2021-12-31]`},
		{`published:<=2022-02`, `published:[* TO 2022-02-28]`},
		{`published:2022-03`, `published:[2022-03-01 TO 2022-03-31]`},
		{`near:Izium~50km`, `near:Izium~50km`},
		{`near:Izium~10mi`, `near:Izium~16.09344km`},
		{`near:Izium`, `near:Izium~50km`},
		{`near:"Lyman (Donetsk Oblast)"~30`, `near:"Lyman (Donetsk Oblast)"~30km`},
		{"  ", ""},
	}
	for _, tt := range tests {
		n, err := parseQuery(tt.query)
		if err != nil {
			t.Errorf("parseQuery(%q): %v", tt.query, err)
			continue
		}
		got := ""
		if n != nil {
			got = n.String()
		}
		if got != tt.want {
			t.Errorf("parseQuery(%q) = %s, want %s", tt.query, got, tt.want)
		}
	}
}

// TestParseBoundedTime: the fuzzy bomb of issue 11, 200 terms "ab~2" in 999
// bytes, is refused by the parser before any index work.
func TestParseFuzzyBomb(t *testing.T) {
	q := strings.TrimSpace(strings.Repeat("ab~2 ", 200))
	_, err := parseQuery(q)
	var qe *QueryError
	if !errors.As(err, &qe) || !qe.Positioned() {
		t.Fatalf("parseQuery(200 × ab~2) = %v, want a positioned *QueryError", err)
	}
	n, err := parseQuery("izyum~1 kharkiv~2")
	if err != nil || n == nil {
		t.Fatalf("two fuzzy words: %v", err)
	}
	if d := n.kids[1]; d.fuzzy != 2 || d.text != "kharkiv" {
		t.Errorf("kharkiv~2 parsed as %+v", d)
	}
}

func TestParseDates(t *testing.T) {
	n, err := parseQuery("published:[2022-03-01 TO 2022-03-31]")
	if err != nil {
		t.Fatal(err)
	}
	wantFrom := time.Date(2022, 3, 1, 0, 0, 0, 0, time.UTC)
	wantTo := time.Date(2022, 4, 1, 0, 0, 0, 0, time.UTC)
	if !n.from.Equal(wantFrom) || !n.to.Equal(wantTo) {
		t.Errorf("range [%s, %s), want [%s, %s)", n.from, n.to, wantFrom, wantTo)
	}
}
