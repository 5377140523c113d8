package extract

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/markusmobius/go-dateparser"
)

// TestFindDatePageDay checks that a publication time written in UTC gets
// the day the site published it on, and that nothing else moves.
func TestFindDatePageDay(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name, page, url, want string
	}{
		{"UTC stamp moved into the zone the page states",
			`<meta property="article:published_time" content="2022-05-04T03:37:37+00:00"><time datetime="2022-05-03T23:37:37-04:00">May 3</time>`,
			"https://news.example/story", "2022-05-03"},
		{"zone from the JSON-LD date",
			`<meta property="article:published_time" content="2021-11-22T23:42:22Z"><script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2021-11-23T00:42:22+01:00"}</script>`,
			"https://news.example/story", "2021-11-23"},
		{"UTC stamp a day after the URL's date",
			`<meta property="article:published_time" content="2020-02-25T02:25:54+00:00">`,
			"https://news.example/2020/02/24/story/", "2020-02-24"},
		{"UTC stamp a day before the URL's date",
			`<meta property="article:published_time" content="2018-12-31T23:11:59Z">`,
			"https://blog.example/2019/01/01/new-year/", "2019-01-01"},
		{"URL far from the stamp is not used",
			`<meta property="article:published_time" content="2019-06-17T18:28:00Z">`,
			"https://blog.example/2017/7/12/story", "2019-06-17"},
		{"a local time is kept as written",
			`<meta property="article:published_time" content="2019-12-09T23:30:00+01:00"><time datetime="2019-12-09T22:30:00Z"></time>`,
			"https://news.example/2019/12/10/story", "2019-12-09"},
		{"a date without a time is not moved",
			`<meta property="article:published_time" content="2022-05-03"><time datetime="2022-05-03T10:00:00-04:00"></time>`,
			"https://news.example/story", "2022-05-03"},
		{"Central European midnight written in UTC",
			`<meta property="article:published_time" content="2022-11-06T23:00:00.000Z">`,
			"https://magazin.example.de/story", "2022-11-07"},
		{"summer-time midnight written in UTC",
			`<meta property="article:published_time" content="2021-06-04T22:00Z">`,
			"https://magazin.example.de/story", "2021-06-05"},
		{"22:00 UTC in winter is no Central European midnight",
			`<meta property="article:published_time" content="2022-01-03T22:00:00Z">`,
			"https://magazin.example.de/story", "2022-01-03"},
		{"23:00 UTC in summer is no Central European midnight",
			`<meta property="article:published_time" content="2022-07-03T23:00:00Z">`,
			"https://magazin.example.de/story", "2022-07-03"},
		{"the article's time zone before an advert's",
			`<meta property="article:published_time" content="2022-05-04T02:30:00Z"><aside><time datetime="2019-01-01T10:00:00-08:00">ad</time></aside><article><time datetime="2022-05-04T04:30:00+02:00">4 May</time></article>`,
			"https://news.example/story", "2022-05-04"},
		{"a site outside Central Europe keeps its evening",
			`<meta property="article:published_time" content="2022-05-03T22:00:00Z">`,
			"https://news.example.com/story", "2022-05-03"},
		{"an evening time with minutes is no midnight",
			`<meta property="article:published_time" content="2022-11-06T23:12:00Z">`,
			"https://magazine.example/story", "2022-11-06"},
		{"a UTC stamp without other evidence stays",
			`<meta property="article:published_time" content="2022-01-28T08:20:11+00:00">`,
			"https://news.example/story", "2022-01-28"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := findDateIn(t, tt.page, tt.url, now)
			if got != tt.want {
				t.Errorf("findDate = %s, want %s", got, tt.want)
			}
		})
	}
}

// TestFindDateModified checks that a modification date found by
// go-htmldate gives way to the page's own <time> and URL dates, and is
// used when the page has no other date.
func TestFindDateModified(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	page := `<meta property="og:updated_time" content="2022-01-27T18:34:20+0100"><p>Text</p>`
	if got := findDateIn(t, page+`<time datetime="2022-01-26">26.1.</time>`, "https://agency.example/news.html", now); got != "2022-01-26" {
		t.Errorf("with a <time>: %s, want 2022-01-26", got)
	}
	if got := findDateIn(t, page, "https://agency.example/news.html", now); got != "2022-01-27" {
		t.Errorf("only the modification date: %s, want 2022-01-27", got)
	}
}

// findDateIn runs findDate on a page made of the given markup and
// returns its day, or "" for none.
func findDateIn(t *testing.T, page, url string, now time.Time) string {
	t.Helper()
	doc, err := goquery.NewDocumentFromReader(strings.NewReader("<html><head>" + page + "</head><body></body></html>"))
	if err != nil {
		t.Fatal(err)
	}
	d := findDate(doc, readMeta(doc), url, now)
	if d == nil {
		return ""
	}
	return d.Format("2006-01-02")
}

// TestFindDateInWords checks dates written in words in Gazette's languages
// and the other large European ones, whatever language the page declares
// (pages often declare a wrong one), with and without a label; and that a
// year alone is no date.
func TestFindDateInWords(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct{ text, want string }{
		{"5 марта 2022", "2022-03-05"},
		{"5 березня 2022 року", "2022-03-05"},
		{"5 марта 2022, 14:30", "2022-03-05"},
		{"5 de marzo de 2022", "2022-03-05"},
		{"5 mars 2022", "2022-03-05"},
		{"Опубликовано: 5 марта 2022", "2022-03-05"},
		{"Опубліковано 7 квітня 2021", "2021-04-07"},
		{"Publicado el 5 de marzo de 2022", "2022-03-05"},
		{"Published on 12 March 2022", "2022-03-12"},
		{"Jahrgang 2022", ""}, // a year alone
	}
	for _, lang := range []string{"", "en", "ru", "ja", "ua", "xx"} {
		for _, tt := range tests {
			page := `<html lang="` + lang + `"><body><div class="date">` + tt.text + `</div><p>Text of the story.</p></body></html>`
			doc, err := goquery.NewDocumentFromReader(strings.NewReader(page))
			if err != nil {
				t.Fatal(err)
			}
			got := ""
			if d := findDate(doc, readMeta(doc), "https://news.example/story", now); d != nil {
				got = d.Format("2006-01-02")
			}
			if got != tt.want {
				t.Errorf("lang %q, %q: findDate = %q, want %q", lang, tt.text, got, tt.want)
			}
		}
	}
}

// TestLabelledDateDotted: a date written with full stops is day first.
func TestLabelledDateDotted(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, text := range []string{"Опубликовано: 03.02.2022", "Veröffentlicht am 03.02.2022, 14:30"} {
		doc, err := goquery.NewDocumentFromReader(strings.NewReader("<html><body><p>" + text + "</p><p>Текст.</p></body></html>"))
		if err != nil {
			t.Fatal(err)
		}
		if d := labelledDate(doc, "", now); d == nil || d.Format("2006-01-02") != "2022-02-03" {
			t.Errorf("%q: labelledDate = %v, want 2022-02-03", text, d)
		}
	}
}

// TestFindDateLabelUpdated: an update label is no publication date.
func TestFindDateLabelUpdated(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	page := `<html lang="ru"><body><p>Обновлено: 5 марта 2022</p><p>Текст статьи.</p></body></html>`
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	if d := labelledDate(doc, "ru", now); d != nil {
		t.Errorf("labelledDate = %v, want none for an update", d)
	}
}

// TestDateLanguages: every language dateWords may hand go-dateparser is
// one it knows; an unknown code would make every parse on the page fail.
func TestDateLanguages(t *testing.T) {
	langs := append([]string{}, dateLanguages...)
	for l := range moreDateLanguages {
		langs = append(langs, l)
	}
	for _, l := range langs {
		if _, err := dateparser.Parse(&dateparser.Configuration{Languages: []string{l}}, "2022-03-05"); err != nil {
			t.Errorf("language %q: %v", l, err)
		}
	}
	for _, lang := range []string{"ua", "xx", "default", "", "ru-RU"} {
		cfg := dateWords(lang)
		if _, err := dateparser.Parse(cfg, "5 марта 2022"); err != nil {
			t.Errorf("page lang %q: %v", lang, err)
		}
	}
	if cfg := dateWords("ua"); !slices.Contains(cfg.Languages, "uk") {
		t.Errorf("lang ua reads as %v, want Ukrainian among them", cfg.Languages)
	}
}

// TestFindDateConcurrent: the ingest cleans pages on every core at once,
// so finding dates in words must be safe for concurrent use (go-dateparser
// before v1.4 shared one Unicode normaliser between goroutines, and an
// import of a generated corpus panicked in it).
func TestFindDateConcurrent(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	texts := []string{"Опубликовано: 5 марта 2022", "Опубліковано 7 квітня 2021", "Published on 12 March 2022", "Veröffentlicht am 3. Mai 2021"}
	want := []string{"2022-03-05", "2021-04-07", "2022-03-12", "2021-05-03"}
	var wg sync.WaitGroup
	errs := make(chan string, 64)
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 50 {
				k := (g + i) % len(texts)
				doc, err := goquery.NewDocumentFromReader(strings.NewReader("<html><body><p>" + texts[k] + "</p><p>Текст.</p></body></html>"))
				if err != nil {
					errs <- err.Error()
					return
				}
				if d := labelledDate(doc, "", now); d == nil || d.Format("2006-01-02") != want[k] {
					errs <- fmt.Sprintf("%q: labelledDate = %v, want %s", texts[k], d, want[k])
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}
