package search

import (
	"strings"
	"testing"
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
