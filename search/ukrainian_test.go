package search

import (
	"github.com/blevesearch/bleve/v2/analysis"
	"path/filepath"
	"strings"
	"testing"
)

func TestUkStemMeets(t *testing.T) {
	// Each group holds forms of one word that must share a stem.
	groups := [][]string{
		{"Харків", "Харкова", "Харкові", "Харковом", "Харкову"},
		{"область", "області", "областю", "областей", "областях"},
		{"Київ", "Києва", "Києві", "Києвом"},
		{"Львів", "Львова", "Львові"},
		{"Ізюм", "Ізюма", "Ізюмі", "Ізюмом"},
		{"Одеса", "Одеси", "Одесі", "Одесу", "Одесою"},
		{"Маріуполь", "Маріуполя", "Маріуполі", "Маріуполем"},
		{"рік", "року", "роком"}, // but not році: к/ц mutation is not handled
		{"ніч", "ночі"},
		{"бібліотека", "бібліотеки", "бібліотеку", "бібліотекою"},
		{"президент", "президента", "президентові", "президентів", "президентом"},
		{"харківська", "харківської", "харківській", "харківську", "харківських"},
		{"новий", "нового", "новому", "нова", "нової", "нові", "нових"},
		{"синій", "синього", "синьому"},
		{"м’ясо", "м'ясо", "мʼяса"},
	}
	for _, g := range groups {
		want := ukStem(strings.ToLower(g[0]))
		for _, w := range g[1:] {
			if got := ukStem(strings.ToLower(w)); got != want {
				t.Errorf("ukStem(%q) = %q, ukStem(%q) = %q: want them equal", w, got, g[0], want)
			}
		}
	}
}

func TestUkStemKeepsApart(t *testing.T) {
	pairs := [][2]string{
		{"харків", "харківська"},
		{"область", "обласний"},
		{"місто", "містер"},
	}
	for _, p := range pairs {
		if a, b := ukStem(p[0]), ukStem(p[1]); a == b {
			t.Errorf("ukStem(%q) = ukStem(%q) = %q, want different", p[0], p[1], a)
		}
	}
}

func TestUkStemLeavesOthersAlone(t *testing.T) {
	for _, w := range []string{"kharkiv", "2022", "ой", "на", "covid-19", "харків2"} {
		if got := ukStem(w); got != w {
			t.Errorf("ukStem(%q) = %q, want unchanged", w, got)
		}
	}
}

func TestRuSuffix(t *testing.T) {
	groups := [][]string{
		{"Харьков", "Харькова", "Харькове", "Харьковом"},
		{"Киев", "Киева", "Киеве"},
		{"ёлка", "елка"},
	}
	ix := openTemp(t)
	a := ix.bleve.Mapping().AnalyzerNamed(ruAnalyzerName)
	stem := func(w string) string {
		toks := a.Analyze([]byte(w))
		if len(toks) != 1 {
			t.Fatalf("%q gives %d tokens", w, len(toks))
		}
		return string(toks[0].Term)
	}
	for _, g := range groups {
		want := stem(g[0])
		for _, w := range g[1:] {
			if got := stem(w); got != want {
				t.Errorf("%q → %q, %q → %q: want them equal", w, got, g[0], want)
			}
		}
	}
}

func TestAnalyzers(t *testing.T) {
	ix, err := Open(filepath.Join(t.TempDir(), "index"))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	m := ix.bleve.Mapping()
	tests := []struct {
		field string
		text  string
		want  string // space-separated terms
	}{
		{titleField("uk"), "Місто Харків і область", "міст харк област"},
		{textField("uk"), "Вона була в Ізюмі", "ізюм"},
		{textField("en"), "The elections in Kharkiv", "elect kharkiv"},
		{textField("ru"), "Выборы в Харькове", "выбор харьк"},
		{textField("std"), "Die Wahlen in Charkiw", "die wahlen charkiw"}, // standard drops English stop words
		{fieldPlaceNames, "Kharkiv Oblast Мар’їнка", "kharkiv oblast мар'їнка"},
		{fieldSite, "example.test", "example.test"},
	}
	for _, tt := range tests {
		a := m.AnalyzerNamed(m.AnalyzerNameForPath(tt.field))
		var terms []string
		for _, tok := range a.Analyze([]byte(tt.text)) {
			terms = append(terms, string(tok.Term))
		}
		if got := strings.Join(terms, " "); got != tt.want {
			t.Errorf("%s %q: got %q, want %q", tt.field, tt.text, got, tt.want)
		}
	}
}

// The filters give each token the term their function gives its term,
// whether they cut the term or copy a new one.
func TestTermFiltersEqualFunctions(t *testing.T) {
	words := []string{"", "a", "м’ясо", "мʼясо", "м`ясо", "м'ясо", "‘quoted’", "харкові", "харківська", "області",
		"кіт", "ніч", "міст", "Київ", "україни", "харьков", "ростов", "ов", "еев", "слов", "word", "words", "it's",
		"обстрілів", "пошкоджено", "їжак", "ґанок", "підприємство", "світло", "мостів"}
	filters := []struct {
		name   string
		filter analysis.TokenFilter
		fn     func(string) string
	}{
		{"ukStem", ukStemFilter{}, ukStem},
		{"apostrophe", apostropheFilter{}, normalizeApostrophes},
		{"ruSuffix", ruSuffixFilter{}, ruStripSuffix},
	}
	for _, f := range filters {
		var stream analysis.TokenStream
		for _, w := range words {
			stream = append(stream, &analysis.Token{Term: []byte(w)})
		}
		f.filter.Filter(stream)
		for i, w := range words {
			if got, want := string(stream[i].Term), f.fn(w); got != want {
				t.Errorf("%s(%q) = %q, want %q", f.name, w, got, want)
			}
		}
	}
}
