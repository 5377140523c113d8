// Copyright the Gazette authors.

package places

import (
	"strings"
	"unicode/utf8"
)

// endings maps Russian and Ukrainian case endings to the ending of the
// dictionary form: Харкова → Харков, Москвы → Москва, России → Россия,
// Донецкой → Донецкая, області → область. Order does not matter; every
// ending that fits is tried.
var endings = [][2]string{
	// nouns, masculine: Изюма, Изюму, Изюмом, Изюме; uk Ізюмі, Харкову, Харкові
	{"а", ""}, {"у", ""}, {"ом", ""}, {"ем", ""}, {"е", ""}, {"і", ""}, {"ові", ""}, {"ю", ""},
	// nouns in -ь: Мариуполя, Мариуполю, Мариуполем, Мариуполе; uk Маріуполі
	{"я", "ь"}, {"ю", "ь"}, {"ем", "ь"}, {"е", "ь"}, {"і", "ь"}, {"и", "ь"}, {"ью", "ь"},
	// nouns in -а: Москвы, Москве, Москву, Москвой; uk Полтави, Полтаві, Полтаву, Полтавою
	{"ы", "а"}, {"и", "а"}, {"е", "а"}, {"і", "а"}, {"у", "а"}, {"ой", "а"}, {"ою", "а"},
	// nouns in -я: России, Россию, Россией; uk Росії, Росію, Росією; Запоріжжі
	{"и", "я"}, {"ю", "я"}, {"ей", "я"}, {"ї", "я"}, {"єю", "я"}, {"і", "я"}, {"ям", "я"},
	// nouns in -е: Запорожья, Запорожью, Запорожьем
	{"я", "е"}, {"ю", "е"}, {"ем", "е"},
	// nouns in -о: uk Дніпра, Дніпру, Дніпром, Дніпрі
	{"а", "о"}, {"у", "о"}, {"ом", "о"}, {"і", "о"},
	// plural names: Черкассах, Сумах; uk Черкасах, Чернівцях
	{"ах", "ы"}, {"ах", "и"}, {"ях", "і"}, {"ах", "і"},
	// adjectives, feminine: Донецкой, Донецкую; uk Донецької, Донецькій, Донецьку, Донецькою
	{"ой", "ая"}, {"ую", "ая"}, {"ою", "ая"}, {"ої", "а"}, {"ій", "а"},
	// adjectives, masculine: Кривого, Кривому, Кривым; uk Кривого, Кривому, Кривим
	{"ого", "ой"}, {"ого", "ий"}, {"ого", "ый"}, {"ому", "ой"}, {"ому", "ий"}, {"ому", "ый"},
	{"ым", "ый"}, {"им", "ий"}, {"ім", "ий"}, {"ом", "ой"},
}

// lemmas returns a Cyrillic word followed by the dictionary forms it may
// be an inflection of. Ukrainian names alternate their last vowel (Харків →
// Харкова, Київ → Києва), so a stem ending о/е/є + consonant also yields
// the і/ї form. Candidates are only guesses; the dictionary decides.
func lemmas(w string, out []string) []string {
	out = append(out, w)
	n := utf8.RuneCountInString(w)
	for _, e := range endings {
		if !strings.HasSuffix(w, e[0]) || n-utf8.RuneCountInString(e[0]) < 3 {
			continue
		}
		stem := w[:len(w)-len(e[0])]
		out = appendNew(out, stem+e[1])
		if e[1] == "" {
			if alt, ok := ikavism(stem); ok {
				out = appendNew(out, alt)
			}
		}
	}
	return out
}

// ikavism turns the last о or е/є before a final consonant into і or ї:
// харков → харків, києв → київ, львов → львів.
func ikavism(stem string) (string, bool) {
	last, size := utf8.DecodeLastRuneInString(stem)
	if isVowel(last) {
		return "", false
	}
	v, vsize := utf8.DecodeLastRuneInString(stem[:len(stem)-size])
	var repl string
	switch v {
	case 'о', 'е':
		repl = "і"
	case 'є':
		repl = "ї"
	default:
		return "", false
	}
	cut := len(stem) - size - vsize
	return stem[:cut] + repl + stem[len(stem)-size:], true
}

func isVowel(r rune) bool {
	return strings.ContainsRune("аеєиіїоуыэюяь", r)
}

func appendNew(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}
