// Copyright the Gazette authors.

package places

import (
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestNormName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Kharkiv", "kharkiv"},
		{"Ivano-Frankivs'k", "ivano frankivsk"},
		{"Khar’kov", "kharkov"},
		{"St. Petersburg", "st petersburg"},
		{"  Nowy   Jork ", "nowy jork"},
		{"Kijów", "kijow"},
		{"Łódź", "lodz"},
		{"Düsseldorf", "dusseldorf"},
		{"Straße", "strasse"},
		{"Орёл", "орел"},
		{"ХАРКІВ", "харків"},
		{"Куп'янськ", "купянськ"},
		{"Куп’янськ", "купянськ"},
		{"Купʼянськ", "купянськ"},
		{"Київ", "київ"},
		{"Краи\u0306", "край"},      // decomposed й
		{"Ки\u0456\u0308в", "київ"}, // decomposed ї
		{"Е\u0308лкино", "елкино"},  // decomposed ё
		{"Йошкар-Ола", "йошкар ола"},
		{"", ""},
		{"'’", ""},
		{"\xff", ""},
	}
	for _, tt := range tests {
		if got := normName(tt.in); got != tt.want {
			t.Errorf("normName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestLemmas(t *testing.T) {
	tests := []struct {
		word string
		want []string // must be among the candidates
	}{
		{"харкові", []string{"харків"}},
		{"харкова", []string{"харків"}},
		{"харькове", []string{"харьков"}},
		{"изюмом", []string{"изюм"}},
		{"києві", []string{"київ"}},
		{"львові", []string{"львів"}},
		{"москвы", []string{"москва"}},
		{"россии", []string{"россия"}},
		{"україні", []string{"україна"}},
		{"донецкой", []string{"донецкая"}},
		{"харківської", []string{"харківська"}},
		{"области", []string{"область"}},
		{"області", []string{"область"}},
		{"мариуполе", []string{"мариуполь"}},
		{"дніпра", []string{"дніпро"}},
		{"запорожья", []string{"запорожье"}},
	}
	for _, tt := range tests {
		got := lemmas(tt.word, nil)
		if got[0] != tt.word {
			t.Errorf("lemmas(%q) should start with the word itself: %q", tt.word, got)
		}
		for _, w := range tt.want {
			if !slices.Contains(got, w) {
				t.Errorf("lemmas(%q) = %q, want %q among them", tt.word, got, w)
			}
		}
	}
	// Stems shorter than three letters are not produced.
	for _, l := range lemmas("ома", nil)[1:] {
		if len([]rune(l)) < 3 {
			t.Errorf("lemmas(ома) produced the short stem %q", l)
		}
	}
}

func TestTokenize(t *testing.T) {
	text := "Russia's army left Izium. St. Petersburg—Kup'yansk, Rostov-on-Don\nKyiv"
	toks := tokenize(text)
	var words []string
	for _, tk := range toks {
		words = append(words, text[tk.start:tk.end])
	}
	want := []string{"Russia", "army", "left", "Izium", "St", "Petersburg", "Kup'yansk", "Rostov", "on", "Don", "Kyiv"}
	if !slices.Equal(words, want) {
		t.Fatalf("words = %q, want %q", words, want)
	}
	checks := []struct {
		i                    int
		joined, sentStart, c bool
	}{
		{0, false, true, true},   // Russia
		{1, false, false, false}, // army: a possessive ends a name
		{3, true, false, true},   // Izium
		{4, false, true, true},   // St
		{5, true, false, true},   // Petersburg: "St." does not end the phrase
		{6, false, false, true},  // Kup'yansk: an em dash separates names
		{8, true, false, false},  // on
		{10, false, true, true},  // Kyiv after a line break
	}
	for _, c := range checks {
		tk := toks[c.i]
		if tk.joined != c.joined || tk.sentStart != c.sentStart || tk.cap != c.c {
			t.Errorf("token %d %q: joined %v sentStart %v cap %v, want %v %v %v",
				c.i, words[c.i], tk.joined, tk.sentStart, tk.cap, c.joined, c.sentStart, c.c)
		}
	}
	if toks[6].norm != "kupyansk" {
		t.Errorf("Kup'yansk normalised to %q", toks[6].norm)
	}
	if !strings.Contains(text[toks[9].start:toks[9].end], "Don") || !toks[9].joined {
		t.Errorf("Rostov-on-Don should be one joined phrase")
	}
}

// A word normalWord passes is its own normal form: normName gives it back
// without building it again.
func TestNormalWordIsNormName(t *testing.T) {
	words := []string{"kharkiv", "київ", "харків", "орел", "орёл", "купʼянськ", "куп'янськ", "ʹ", "2022", "١٢٣", "kijów",
		"łódź", "straße", "ǆ", "ǅ", "краи\u0306", "ﬁ", "ᾳ", "ᾼ", "ꙁ", "ß", "ı", "µ", "ǉ", "ǈ", "ⅰ", "ⓐ", "ὒ", "ﬀ", "ʼ",
		"日本", "中文", "한국어", "עברית", "العربية", "हिन्दी", "ქართული", "ελλάδα", "Ελλάδα", "\xff", ""}
	for _, w := range words {
		if normalWord(w) && normName(w) != w {
			t.Errorf("normalWord(%q) but normName gives %q", w, normName(w))
		}
	}
	for r := rune(0); r <= 0x2FFFF; r++ {
		w := "a" + string(r) + "b"
		if normalWord(w) && slowNormName(w) != w {
			t.Errorf("normalWord(%q) but normName gives %q", w, slowNormName(w))
		}
	}
}

func FuzzNormalWord(f *testing.F) {
	f.Add("київ")
	f.Add("Kijów")
	f.Fuzz(func(t *testing.T, w string) {
		if normalWord(w) && slowNormName(w) != w {
			t.Errorf("normalWord(%q) but normName gives %q", w, slowNormName(w))
		}
	})
}

// slowNormName is normName without its shortcuts.
func slowNormName(s string) string {
	buf := []byte{}
	var base rune
	space := false
	for _, r := range s {
		switch {
		case isApostrophe(r):
		case unicode.Is(unicode.Mn, r):
			if c, ok := cyrillicMarks[[2]rune{base, r}]; ok {
				buf = utf8.AppendRune(buf[:len(buf)-utf8.RuneLen(base)], c)
				base = c
			}
		case !(unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)):
			space = len(buf) > 0
			base = 0
		default:
			if space {
				buf = append(buf, ' ')
				space = false
			}
			r = unicode.ToLower(r)
			if r == 'ё' {
				r = 'е'
			}
			base = r
			if r >= 0xC0 && (r < 0x250 || r >= 0x1E00 && r <= 0x1EFF) {
				if f, ok := latinFolds[r]; ok {
					buf = append(buf, f...)
					base = 0
					continue
				}
			}
			buf = utf8.AppendRune(buf, r)
		}
	}
	return string(buf)
}

// isWordRune's ASCII shortcut agrees with the Unicode tables.
func TestIsWordRuneASCII(t *testing.T) {
	for r := rune(0); r < utf8.RuneSelf; r++ {
		if got, want := isWordRune(r), unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r); got != want {
			t.Errorf("isWordRune(%q) = %v, want %v", r, got, want)
		}
	}
}
