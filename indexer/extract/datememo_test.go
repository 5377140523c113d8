package extract

import (
	"testing"

	"github.com/markusmobius/go-dateparser"
	"github.com/markusmobius/go-htmldate"
)

// The memo answers what the parser answers, the first time and again,
// for the configurations dateWords makes, and passes others through.
func TestMemoParserAnswersAsParser(t *testing.T) {
	texts := []string{
		"© 2001–2025 Morning Herald. All rights reserved.", "Опубликовано 10 июня 2023, 10:29", "Опубліковано 21 листопада 2022, 22:57",
		"12 March 2022", "3. Mai 2021", "5 марта 2022", "2022-03-05", "March 2022", "31.12.2021", "not a date 1234", "",
	}
	plain := &dateparser.Parser{ParserTypes: htmldate.ExternalParserTypes}
	m := &memoParser{parser: &dateparser.Parser{ParserTypes: htmldate.ExternalParserTypes}}
	configs := []*dateparser.Configuration{dateWords("en"), dateWords("ru"), dateWords(""), dateWords("sv"), dateWords("cz")}
	dmy := dateWords("de")
	dmy.DateOrder = dateparser.DMY
	configs = append(configs, dmy, &dateparser.Configuration{})
	for round := 0; round < 2; round++ {
		for _, cfg := range configs {
			for _, s := range texts {
				want, werr := plain.Parse(cfg, s)
				got, gerr := m.Parse(cfg, s)
				if !got.Time.Equal(want.Time) || got.Locale != want.Locale || got.Period != want.Period || (gerr == nil) != (werr == nil) {
					t.Errorf("round %d, %v, %q: memo %v (%v), parser %v (%v)", round, cfg.Languages, s, got, gerr, want, werr)
				}
			}
		}
	}
	if !memoizable(dateWords("en")) || memoizable(dmy) || memoizable(&dateparser.Configuration{}) || memoizable(nil) {
		t.Error("memoizable: wrong for dateWords's configurations or others")
	}
	// Three lists of languages: dateLanguages, with Swedish, with Czech.
	if n := len(m.answers); n != 3*len(texts) {
		t.Errorf("%d answers remembered, want %d (the texts of three lists of languages)", n, 3*len(texts))
	}
}
