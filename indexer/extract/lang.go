package extract

import (
	"unicode"
	"unicode/utf8"

	"github.com/RadhiFadlillah/whatlanggo"
)

// langSample bounds the text handed to the language detector; the start of
// an article is plenty and keeps detection cheap.
const langSample = 2 << 10

// shortText is the number of letters below which a text is too short for
// trigram statistics, so that the page's lang attribute decides.
const shortText = 60

// slavicCyrillic are the languages whatlanggo may confuse on Cyrillic text;
// letters unique to each of them settle the question.
var slavicCyrillic = map[string]bool{"ru": true, "uk": true, "be": true, "bg": true, "mk": true, "sr": true}

// detectLang returns the ISO 639-1 code of the language of text, or "" when
// unknown. hint, the page's lang attribute, breaks ties for short texts.
//
// Russian and Ukrainian share most trigrams, so for Cyrillic text the
// letters only one of them uses decide: і ї є ґ are Ukrainian, ы э ё
// Russian, ў Belarusian.
func detectLang(text, hint string) string {
	if len(text) > langSample {
		cut := langSample
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		text = text[:cut]
	}
	info := whatlanggo.Detect(text)
	code := info.Lang.Iso6391()

	var letters, cyr, uk, ru, be int
	for _, r := range text {
		if !unicode.IsLetter(r) {
			continue
		}
		letters++
		if unicode.Is(unicode.Cyrillic, r) {
			cyr++
		}
		switch unicode.ToLower(r) {
		case 'і', 'ї', 'є', 'ґ':
			uk++
		case 'ы', 'э', 'ё':
			ru++
		case 'ў':
			be++
		}
	}
	if cyr*2 > letters && (slavicCyrillic[code] || code == "") {
		switch {
		case be > 0 && be*10 >= uk+ru:
			return "be"
		case uk > ru:
			return "uk"
		case ru > uk:
			return "ru"
		}
	}
	if len(hint) == 2 && (letters < shortText || code == "") {
		return hint
	}
	return code
}
