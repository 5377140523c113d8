package clean

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"github.com/PuerkitoBio/goquery"
)

// pageText returns the text of the cleaned document body, one block per
// line, for comparison with golden files.
func pageText(doc *goquery.Document) string {
	var lines []string
	for _, l := range strings.Split(blockText(doc.Find("body").Nodes[0]), "\n") {
		if l = strings.Join(strings.Fields(l), " "); l != "" {
			lines = append(lines, l)
		}
	}
	return strings.Join(lines, "\n") + "\n"
}

func loadPage(t testing.TB, name string) *goquery.Document {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "pages", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := goquery.NewDocumentFromReader(f)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func TestPageFixtures(t *testing.T) {
	tests := []struct {
		file string
		keep []string
		drop []string
	}{
		{
			file: "en-harbour.html",
			keep: []string{
				"Harbour wall to be rebuilt after winter storms",
				"The stone wall that protects the fishing harbour",
				"Engineers expect the work to take four months.",
				"The harbour master, Tamsin Rowe, said",
				"The council rejected a cheaper plan",
				"website uses cookies only to count visitors, and its privacy policy is published",
			},
			drop: []string{
				"We value your privacy", "Your consent matters", "Manage your choices",
				"This website uses cookies to make sure", "Got it", "browser is out of date", "Firefox",
				"Share on Facebook", "Related stories", "Storm leaves thousands", "inbox",
				"daily newsletter", "More stories", "Lifeboat crew", "Most popular", "Council tax",
				"weekly newsletter", "All rights reserved", "Terms of use",
			},
		},
		{
			file: "ru-park.html",
			keep: []string{
				"В Твери благоустроят Городской сад",
				"Администрация Твери выбрала подрядчика",
				"По словам главы города",
				"Горожане на публичных слушаниях",
				"Стоимость первого этапа составит 120 миллионов рублей",
			},
			drop: []string{
				"cookie", "браузер", "Читайте также", "новый сквер", "ВКонтакте", "Telegram",
				"Самое популярное", "расписание трамваев", "Главный редактор", "Все права защищены",
			},
		},
		{
			file: "uk-market.html",
			keep: []string{
				"У Полтаві реконструюють центральний ринок",
				"Міська рада Полтави затвердила проєкт",
				"Згідно з проєктом",
				"Депутати окремо проголосували",
				"Реконструкцію фінансуватимуть з міського бюджету",
			},
			drop: []string{
				"cookie", "Прийняти", "браузер", "Читайте також", "новий міст", "тролейбуси",
				"Поділитися", "Viber", "Головний редактор", "Умови використання", "Політика конфіденційності",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			doc := loadPage(t, tt.file)
			Page(doc)
			got := pageText(doc)
			for _, s := range tt.keep {
				if !strings.Contains(got, s) {
					t.Errorf("article text lost: %q", s)
				}
			}
			for _, s := range tt.drop {
				if strings.Contains(got, s) {
					t.Errorf("boilerplate kept: %q", s)
				}
			}
			golden(t, filepath.Join("pages", strings.TrimSuffix(tt.file, ".html")+".golden"), got)
		})
	}
}

func TestPageKeepsArticle(t *testing.T) {
	long := strings.Repeat("The mayor said the budget would be balanced by the end of the year. ", 4)
	tests := []struct {
		name string
		html string
		keep string
	}{
		{"article with a share class", `<body><div class="share-wrapper"><p>` + long + `</p><p>` + long + `</p></div></body>`, "The mayor said"},
		{"article inside a cookie-named wrapper", `<body class="cookie-ok"><div id="cookie-layout"><article><p>` + long + `</p></article></div></body>`, "The mayor said"},
		{"related word in a link inside text", `<body><p>The <a class="related" href="/x">mayor</a> said it twice.</p></body>`, "The mayor said it twice."},
		{"main is never removed", `<body><main class="popular"><p>` + long + `</p></main></body>`, "The mayor said"},
		{"divs without paragraphs", `<body><div class="social-page">` + long + `</div><div class="x">Share</div></body>`, "The mayor said"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := goquery.NewDocumentFromReader(strings.NewReader(tt.html))
			if err != nil {
				t.Fatal(err)
			}
			Page(doc)
			if got := pageText(doc); !strings.Contains(got, tt.keep) {
				t.Errorf("lost %q; page now:\n%s", tt.keep, got)
			}
		})
	}
}

func TestPageNil(t *testing.T) {
	Page(nil)
	Page(&goquery.Document{})
	doc, _ := goquery.NewDocumentFromReader(strings.NewReader(""))
	Page(doc)
}

// TestNormalizeKeepsLetters proves what mayBeInlineTeaser relies on:
// normalize maps every letter or digit to a letter or digit, makes no
// separator rune out of another rune, and removes only runes that are
// neither (white space and the trimmed punctuation).
func TestNormalizeKeepsLetters(t *testing.T) {
	isLetter := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
	for r := rune(0); r <= unicode.MaxRune; r++ {
		l := unicode.ToLower(r)
		if l == 'ё' {
			l = 'е'
		}
		if isLetter(r) && !isLetter(l) {
			t.Errorf("%U is a letter or digit, its lower case %U is not", r, l)
		}
		if strings.ContainsRune(teaserSeparatorRunes, l) && l != r {
			t.Errorf("%U lowercases to the separator rune %U", r, l)
		}
		if unicode.IsSpace(r) && isLetter(r) {
			t.Errorf("%U is both space and letter", r)
		}
	}
	for _, r := range "•·-–—*>›»→| " + ".:!…»>›→| " {
		if isLetter(r) {
			t.Errorf("normalize trims %q, a letter", r)
		}
	}
}

var teaserSeeds = []string{
	"Read also: The council approves the budget", "\n  Читайте также  \n: Новость дня о городе\n",
	"Lea: Ich finde das gut.", "Lea: el alcalde dijo que no", "Mehr zum Thema — ein Bericht",
	"A long paragraph without any separator at all in it", "12:30 a time", "e-mail",
	"More stories » The mayor said so", "x\xff: y z w",
}

// FuzzMayBeInlineTeaser checks that the quick test never rejects a text
// isInlineTeaser accepts.
func FuzzMayBeInlineTeaser(f *testing.F) {
	for _, s := range teaserSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if !mayBeInlineTeaser(text) && isInlineTeaser(CollapseSpace(text)) {
			t.Errorf("mayBeInlineTeaser(%q) = false for an inline teaser", text)
		}
	})
}
