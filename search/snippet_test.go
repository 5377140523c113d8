package search

import (
	"html"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestLeadSnippet(t *testing.T) {
	long := strings.Repeat("word ", 100)
	tests := []struct {
		name, text, want string
	}{
		{"short text is whole", "Short  text\nhere.", "Short text here."},
		{"escaped", `a <b> & "c"`, "a &lt;b&gt; &amp; &#34;c&#34;"},
		{"empty", "", ""},
		{"long text is cut at a word", long, strings.TrimSpace(long[:200]) + "…"},
	}
	for _, tt := range tests {
		if got := leadSnippet(tt.text); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
	// Multi-byte text is cut on a rune boundary.
	got := leadSnippet(strings.Repeat("Харків ", 60))
	if !utf8.ValidString(got) || utf8.RuneCountInString(got) > snippetLen+1 {
		t.Errorf("cyrillic lead %q", got)
	}
}

func TestMarkSnippet(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		names []string
		want  string
	}{
		{"marks the first variant found", "Жители Изюм и Харьков", []string{"Izyum", "Изюм"}, "Жители <mark>Изюм</mark> и Харьков"},
		{"ignores case", "в ИЗЮМЕ тихо", []string{"Изюм"}, "в <mark>ИЗЮМ</mark>Е тихо"},
		{"needs a word start", "Неизюмный Изюм", []string{"Изюм"}, "Неизюмный <mark>Изюм</mark>"},
		{"escapes around the mark", "<b>Izium</b> & co", []string{"Izium"}, "&lt;b&gt;<mark>Izium</mark>&lt;/b&gt; &amp; co"},
		{"absent", "nothing here", []string{"Izium"}, ""},
	}
	for _, tt := range tests {
		if got := markSnippet(tt.text, tt.names); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
	// A match deep in a long text gets context on both sides, cut to size.
	text := strings.Repeat("before ", 100) + "Izium" + strings.Repeat(" after", 100)
	got := markSnippet(text, []string{"Izium"})
	if !strings.HasPrefix(got, "…before") || !strings.HasSuffix(got, "after…") || !strings.Contains(got, "<mark>Izium</mark>") {
		t.Errorf("long text snippet %q", got)
	}
	if n := utf8.RuneCountInString(got); n > snippetLen+len("<mark></mark>")+2 {
		t.Errorf("long text snippet has %d runes", n)
	}
}

// TestCollapsePrefix holds collapsePrefix to what it shortens: the
// whitespace-collapsed text, cut to n runes.
func TestCollapsePrefix(t *testing.T) {
	texts := []string{"", "   ", " ", "one", "one two", "one two ", " one two", "a\vb", "a\u0085b", "Харків і Київ", "Харків і Київ\u3000",
		"<mark>Ізюм</mark> і <mark>Харків</mark>", " one  two\n\nthree ", "a\u00a0b\u2003c", "Харків  і\tКиїв ", "bad \xff\xfe bytes \xff",
		strings.Repeat("word  ", 80), strings.Repeat("Ізюм\n", 70), strings.Repeat("x", 300)}
	// And texts of pieces taking every path, long and short.
	pieces := []string{"word", "Харків", "a", " ", "  ", "\n\n", "\t", "\u00a0", "\u3000", "\u2028", "\u0085", "\xff", "\xe2\x80", "\xd0",
		"&", "<b>", "'", `"`, "…", "\ufffd", "😀", ".", strings.Repeat("y", 150)}
	rng := rand.New(rand.NewPCG(5, 6))
	for range 400 {
		var b strings.Builder
		for k := rng.IntN(300); k >= 0; k-- {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		texts = append(texts, b.String())
	}
	for _, text := range texts {
		full := []rune(strings.Join(strings.Fields(text), " "))
		for _, n := range []int{0, 1, 2, 3, 4, 5, 10, snippetLen, snippetLen + 1, 1000} {
			want := string(full[:min(n, len(full))])
			if strings.ContainsRune(text, utf8.RuneError) || !utf8.ValidString(text) {
				// Invalid bytes are kept, not turned into U+FFFD: compare bytes.
				joined := strings.Join(strings.Fields(text), " ")
				want = joined
				for k, i := 0, 0; i < len(joined); k++ {
					if k == n {
						want = joined[:i]
						break
					}
					_, size := utf8.DecodeRuneInString(joined[i:])
					i += size
				}
			}
			if got := collapsePrefix(text, n); got != want {
				t.Errorf("collapsePrefix(%q, %d) = %q, want %q", text, n, got, want)
			}
		}
		if got, want := collapseSpace(text), strings.Join(strings.Fields(text), " "); got != want {
			t.Errorf("collapseSpace(%q) = %q, want %q", text, got, want)
		}
		if got, want := leadSnippet(text), oldLeadSnippet(text); got != want {
			t.Errorf("leadSnippet(%q) = %q, want %q", text, got, want)
		}
	}
}

// oldLeadSnippet is leadSnippet over the whole collapsed text.
func oldLeadSnippet(text string) string {
	lead, cut := cutRunes(strings.Join(strings.Fields(text), " "), snippetLen)
	if cut {
		lead += "…"
	}
	return html.EscapeString(lead)
}

// TestSpaceLeadBytes: every white space rune past ASCII begins with one of
// the bytes collapseSpace decodes at (a later Unicode may add others).
func TestSpaceLeadBytes(t *testing.T) {
	spaces := 0
	for r := rune(utf8.RuneSelf); r <= unicode.MaxRune; r++ {
		if !unicode.IsSpace(r) {
			continue
		}
		spaces++
		if b := utf8.AppendRune(nil, r); b[0] != 0xC2 && b[0] != 0xE1 && b[0] != 0xE2 && b[0] != 0xE3 {
			t.Errorf("%U begins with %#x: collapseSpace passes it over", r, b[0])
		}
	}
	if spaces == 0 {
		t.Fatal("no white space past ASCII")
	}
}
