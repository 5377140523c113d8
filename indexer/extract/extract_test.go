package extract

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite testdata/golden with the current output")

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// golden compares the extracted text with testdata/golden/<name>.golden, or
// rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name+".golden")
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("text differs from %s (check, then go test -update):\n--- got ---\n%s\n--- want ---\n%s", path, got, want)
	}
}

// Shared expectations of the Russian and Ukrainian HTML fixtures, which
// carry the same article in different encodings.
var (
	ruKeep = []string{
		"Власти Вологды объявили о запуске нового маршрута речного трамвая",
		"школьники смогут ездить бесплатно.",
		"построили новый навес для ожидающих пассажиров.",
	}
	ruDrop = []string{"cookie", "Принять", "браузер", "Читайте также", "новый мост", "Все права защищены"}
	ukKeep = []string{
		"У Вінниці завершили реконструкцію спортивного комплексу біля озера.",
		"Директорка комплексу Олена Ткачук",
		"виділили з місцевого бюджету.",
	}
	ukDrop = []string{"cookie", "Прийняти", "браузер", "Читайте також", "новий сквер"}
)

func TestExtract(t *testing.T) {
	tests := []struct {
		file        string
		url         string
		contentType string

		title, author, lang, published, site, canonical, charset string

		keep, drop []string
	}{
		{
			file: "en-meta.html", url: "https://www.lowfield-gazette.example/transport/night-buses-return?utm=x",
			contentType: "text/html; charset=utf-8",
			title:       "Night buses return to Lowfield after five years", author: "Priya Malhotra", lang: "en",
			published: "2019-11-07", site: "Lowfield Gazette",
			canonical: "https://www.lowfield-gazette.example/transport/night-buses-return", charset: "utf-8",
			keep: []string{
				"Night buses will run between Lowfield and the city centre again from December",
				"safety on late shifts.",
				"collected more than three thousand signatures for the petition.",
				"buses could also run on Thursday nights during the university term.",
			},
			drop: []string{"cookies", "Share on", "newsletter", "Subscribe", "Related stories", "Fares to rise", "Terms of use", "All rights reserved", "Home"},
		},
		{
			file: "en-nodate.html", url: "https://www.brookmere-post.example/news/2021/04/09/allotments",
			title: "Allotment waiting list closes as demand soars", lang: "en", published: "2021-04-09",
			site: "Brookmere Post", charset: "utf-8",
			keep: []string{"Brookmere council has stopped taking names", "before reopening the list.", "failed for two summers in a row."},
			drop: []string{"Most read", "Market hall"},
		},
		{
			file: "en-future-date.html", url: "/archive/clocks.html", title: "Museum opens a gallery of local clocks",
			lang: "en", published: "", site: "", charset: "utf-8",
			keep: []string{"The town museum has opened a small gallery of clocks", "the loudest minute of the museum's day."},
		},
		{
			file: "ru-1251-header.html", url: "https://kurier.example/news/tram", contentType: "text/html; charset=windows-1251",
			title: "Речной трамвай вернётся в Вологду", author: "Ольга Белова", lang: "ru", published: "2021-05-14",
			site: "kurier.example", charset: "windows-1251", keep: ruKeep, drop: ruDrop,
		},
		{
			file: "ru-1251-meta.html", url: "https://kurier.example/news/tram", contentType: "text/html",
			title: "Речной трамвай вернётся в Вологду", lang: "ru", published: "2021-05-15",
			site: "kurier.example", charset: "windows-1251", keep: ruKeep, drop: ruDrop,
		},
		{
			file: "ru-koi8-meta.html", url: "https://kurier.example/news/tram",
			title: "Речной трамвай вернётся в Вологду", lang: "ru", published: "2021-05-16",
			site: "kurier.example", charset: "koi8-r", keep: ruKeep, drop: ruDrop,
		},
		{
			file: "ru-koi8-undeclared.html", url: "https://kurier.example/2021/05/17/tram.html", contentType: "text/html",
			title: "Речной трамвай вернётся в Вологду", lang: "ru", published: "2021-05-17",
			site: "kurier.example", charset: "koi8-r", keep: ruKeep, drop: ruDrop,
		},
		{
			file: "uk-1251-undeclared.html", url: "https://vinnytsia.example/sport/kompleks",
			title: "У Вінниці відкрили оновлений спорткомплекс", lang: "uk",
			site: "vinnytsia.example", charset: "windows-1251", keep: ukKeep, drop: ukDrop,
		},
		{
			file: "uk-utf8-bom.html", url: "https://vinnytsia.example/sport/2020/09/01/kompleks?ref=main",
			contentType: "text/html; charset=windows-1251",
			title:       "У Вінниці відкрили оновлений спорткомплекс", lang: "uk", published: "2020-09-01",
			site: "Вінницькі новини", canonical: "https://vinnytsia.example/sport/2020/09/01/kompleks",
			charset: "utf-8", keep: ukKeep, drop: ukDrop,
		},
		{
			file: "en-dump.txt", url: "dumps/en-dump.txt", contentType: "text/plain",
			title: "Thousand oaks planted along the Tarn river path", lang: "en", published: "2020-02-11", charset: "utf-8",
			keep: []string{
				"Volunteers plant trees along the river path on Sunday morning",
				"Volunteers planted a thousand young oak trees",
				"never know how bare it was,",
				"The council will water the saplings",
			},
			drop: []string{"date 2020", "More stories", "Cathedral bells", "tower reopens", "Editor in chief", "cookies", "browser"},
		},
		{
			file: "ru-dump.txt", url: "",
			title: "В Костроме отреставрировали пожарную каланчу", lang: "ru", published: "2018-07-03", charset: "utf-8",
			keep: []string{"Реставрация пожарной каланчи", "Виктор Лебедев.", "ручным насосом, найденными во время реставрации."},
			drop: []string{"date", "Читайте также", "Солодовникова", "Аукцион", "Главный редактор", "cookies", "браузер"},
		},
		{
			file: "uk-dump.txt", url: "https://lutsk.example/2022/10/05/godynnyk",
			title: "У Луцьку відновили старовинний годинник на ратуші", lang: "uk", published: "2022-10-05",
			site: "lutsk.example", charset: "utf-8",
			keep: []string{"Годинник на вежі луцької ратуші", "Іван Гнатюк", "записана місцевим оркестром."},
			drop: []string{"Читайте також", "Любарта", "Вхід для школярів", "Головний редактор", "cookie", "браузер"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			a, err := Extract(Input{URL: tt.url, ContentType: tt.contentType, Body: readFixture(t, tt.file)})
			if err != nil {
				t.Fatalf("Extract: %v", err)
			}
			check := func(field, got, want string) {
				t.Helper()
				if got != want {
					t.Errorf("%s = %q, want %q", field, got, want)
				}
			}
			check("Title", a.Title, tt.title)
			check("Author", a.Author, tt.author)
			check("Lang", a.Lang, tt.lang)
			check("Site", a.Site, tt.site)
			check("Canonical", a.Canonical, tt.canonical)
			check("Charset", a.Charset, tt.charset)
			published := ""
			if a.Published != nil {
				published = a.Published.Format("2006-01-02")
			}
			check("Published", published, tt.published)
			for _, s := range tt.keep {
				if !strings.Contains(a.Text, s) {
					t.Errorf("article text lost: %q", s)
				}
			}
			for _, s := range tt.drop {
				if strings.Contains(a.Text, s) {
					t.Errorf("boilerplate kept: %q", s)
				}
			}
			if strings.Contains(a.Text, "\n\n\n") || a.Text != strings.TrimSpace(a.Text) {
				t.Errorf("text is not paragraphs separated by one blank line: %q", a.Text)
			}
			golden(t, tt.file, a.Text)
		})
	}
}

func TestExtractNoArticle(t *testing.T) {
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00")
	tests := []struct {
		name        string
		contentType string
		body        []byte
	}{
		{"empty body", "text/html", nil},
		{"whitespace", "", []byte(" \n\t \n")},
		{"image type", "image/png", png},
		{"binary without type", "", png},
		{"binary as html", "text/html", append([]byte("<html><body>"), png...)},
		{"feed", "application/rss+xml", []byte("<rss><channel><title>x</title></channel></rss>")},
		{"navigation only", "text/html", readFixture(t, "nav-only.html")},
		{"empty html", "text/html", []byte("<!DOCTYPE html><html><head></head><body></body></html>")},
		{"boilerplate-only dump", "text/plain", []byte("More stories\n\nWe use cookies.\nPrivacy policy.\n")},
		{"broken markup", "text/html", []byte("<html><body><div><p>Short<<<>>></div></span></table>")},
		{"bad content type", "text/html; charset", []byte("<p>x</p>")},
		{"deeply nested tags", "text/html", []byte(strings.Repeat("<div><span>", 50000) + "x")},
		{"unclosed tables and forms", "text/html", []byte(strings.Repeat("<table><tr><td><form><select><option>a", 3000))},
		{"random bytes", "", []byte(strings.Repeat("\x00\xff\xfe\x01garbage\x02", 2000))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Extract(Input{URL: "https://example.org/x", ContentType: tt.contentType, Body: tt.body})
			if !errors.Is(err, ErrNoArticle) {
				t.Fatalf("Extract = %+v, %v; want ErrNoArticle", a, err)
			}
		})
	}
}

func TestDetectLang(t *testing.T) {
	tests := []struct {
		name, text, hint, want string
	}{
		{"english", "The council approved the budget for the new school building on Tuesday evening after a long debate.", "", "en"},
		{"russian", "Городской совет утвердил бюджет на строительство новой школы во вторник вечером после долгих споров.", "", "ru"},
		{"ukrainian", "Міська рада затвердила бюджет на будівництво нової школи у вівторок увечері після довгих суперечок.", "", "uk"},
		{"ukrainian despite ru hint", "Міська рада затвердила бюджет на будівництво нової школи у вівторок увечері.", "ru", "uk"},
		{"russian despite uk hint", "Городской совет утвердил бюджет школы, который обсуждали весь вечер.", "uk", "ru"},
		{"short text follows hint", "Мэр сказал да", "ru", "ru"},
		{"short neutral text follows hint", "Kyiv, 2022", "uk", "uk"},
		{"german", "Der Stadtrat hat am Dienstagabend nach einer langen Debatte den Haushalt für die neue Schule beschlossen.", "", "de"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := detectLang(tt.text, tt.hint); got != tt.want {
				t.Errorf("detectLang = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		want string // RFC 3339 in UTC, "" for no date
	}{
		{"2022-03-24T10:15:00+02:00", "2022-03-24T08:15:00Z"},
		{"2022-03-24T10:15:00.123Z", "2022-03-24T10:15:00Z"},
		{"2022-03-24T10:15:00+0200", "2022-03-24T08:15:00Z"},
		{"2022-03-24 10:15:00", "2022-03-24T10:15:00Z"},
		{"2022-03-24", "2022-03-24T00:00:00Z"},
		{"2022/03/24", "2022-03-24T00:00:00Z"},
		{"Thu, 24 Mar 2022 10:15:00 GMT", "2022-03-24T10:15:00Z"},
		{"March 24, 2022", "2022-03-24T00:00:00Z"},
		{"24.03.2022", "2022-03-24T00:00:00Z"},
		{"2022-03-24Tgarbage", "2022-03-24T00:00:00Z"},
		{"2022-02-30", ""},
		{"yesterday", ""},
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got := ""
			if d, ok := parseDate(tt.in); ok {
				got = d.UTC().Truncate(time.Second).Format(time.RFC3339)
			}
			if got != tt.want {
				t.Errorf("parseDate(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestDateFromURL(t *testing.T) {
	now := time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		url, want string
	}{
		{"https://news.example/2022/03/24/izyum-story", "2022-03-24"},
		{"https://news.example/world/2022-03-24-izyum", "2022-03-24"},
		{"https://news.example/a/20220324/story", "2022-03-24"},
		{"https://news.example/2022/3/4/story", "2022-03-04"},
		{"/srv/dumps/2019_12_31_report.txt", "2019-12-31"},
		{"https://news.example/2030/01/01/future", ""},
		{"https://news.example/1985/01/01/old", ""},
		{"https://news.example/story/123456789", ""},
		{"https://2022-03-24.example/story", ""},
		{"https://news.example/2022/0324/story", ""},
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			got := ""
			if d := dateFromURL(tt.url, now); d != nil {
				got = d.Format("2006-01-02")
			}
			if got != tt.want {
				t.Errorf("dateFromURL(%q) = %q, want %q", tt.url, got, tt.want)
			}
		})
	}
}

func TestDumpTitle(t *testing.T) {
	tests := []struct {
		name, body, want string
		caption          bool
	}{
		{"headline first", "Mayor resigns after budget vote\n\nThe mayor resigned.", "Mayor resigns after budget vote", false},
		{"caption then headline", "Crowds gather in the square. Photo: Staff\nMayor resigns after budget vote\n\nText.", "Mayor resigns after budget vote", false},
		{"caption from the date line", "Crowds gather in the square\nMayor resigns after budget vote\n\nText.", "Mayor resigns after budget vote", true},
		{"no caption", "Crowds gather in the square\nMayor resigns after budget vote\n\nText.", "Crowds gather in the square", false},
		{"caption, no headline", "Crowds gather in the square. Photo: Staff\nThe mayor resigned on Tuesday after the budget vote. The council meets again tomorrow.", "The mayor resigned on Tuesday after the budget vote.", true},
		{"no headline: first sentence", "The mayor resigned on Monday. Councillors will elect a successor.", "The mayor resigned on Monday.", false},
		{"photo credit line first", "Фото: жители у моста, архив редакции\nВ Изюме восстановили подачу воды. Службы работали трое суток.", "В Изюме восстановили подачу воды.", false},
		{"photo credit line, then headline", "Photo: Anna Lind / Courier\nFerry returns to the Oskil\n\nText.", "Ferry returns to the Oskil", false},
		{"photography is no credit", "Photography club opens in Kupiansk\n\nText.", "Photography club opens in Kupiansk", false},
		{"a hyphenated headline is no credit", "Image-conscious brands rethink their ads\n\nText.", "Image-conscious brands rethink their ads", false},
		{"Bild-Reporter", "Bild-Reporter in Kiew angegriffen\n\nText.", "Bild-Reporter in Kiew angegriffen", false},
		{"a spaced dash is a credit", "Фото — архив редакции\nВ Изюме восстановили подачу воды. Службы работали трое суток.", "В Изюме восстановили подачу воды.", false},
		{"long first sentence is shortened", strings.Repeat("word ", 60) + "end.", strings.TrimSpace(strings.Repeat("word ", 29)) + "…", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := dumpTitle(tt.body, tt.caption); got != tt.want {
				t.Errorf("dumpTitle = %q, want %q", got, tt.want)
			}
		})
	}
}

func FuzzExtract(f *testing.F) {
	for _, name := range []string{"en-meta.html", "ru-koi8-meta.html", "en-dump.txt", "nav-only.html"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, "text/html")
	}
	f.Add([]byte("date 2022-13-45 x"), "text/plain")
	f.Add([]byte("<script type=\"application/ld+json\">{\"@graph\":[[[{\"datePublished\":1}]]]}</script>"), "")
	f.Fuzz(func(t *testing.T, body []byte, contentType string) {
		a, err := Extract(Input{URL: "https://example.org/2020/01/02/x", ContentType: contentType, Body: body})
		if err != nil {
			return
		}
		if a.Text == "" || a.Charset == "" {
			t.Errorf("article without text or charset: %+v", a)
		}
	})
}

func BenchmarkExtract(b *testing.B) {
	entries, err := os.ReadDir("testdata")
	if err != nil {
		b.Fatal(err)
	}
	var inputs []Input
	for _, e := range entries {
		name := e.Name()
		if strings.HasSuffix(name, ".html") || strings.HasSuffix(name, ".txt") {
			body, err := os.ReadFile(filepath.Join("testdata", name))
			if err != nil {
				b.Fatal(err)
			}
			inputs = append(inputs, Input{URL: "https://example.org/" + name, Body: body})
		}
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, in := range inputs {
			_, _ = Extract(in)
		}
	}
}

func TestTidyTitle(t *testing.T) {
	tests := []struct {
		name, title, host string
		sites             []string
		want              string
	}{
		{"site suffix by name", "Harbour wall rebuilt | Coastline Courier", "", []string{"Coastline Courier"}, "Harbour wall rebuilt"},
		{"site suffix by host", "Night buses return – Lowfield Gazette", "lowfieldgazette.example", nil, "Night buses return"},
		{"domain suffix", "Bridge reopens › news.example.org", "", nil, "Bridge reopens"},
		{"site prefix", "Coastline Courier - Harbour wall rebuilt", "", []string{"Coastline Courier"}, "Harbour wall rebuilt"},
		{"dash inside a headline stays", "Mayor quits - and nobody is surprised", "", []string{"Courier"}, "Mayor quits - and nobody is surprised"},
		{"colon is not a separator", "Budget: what changes for you", "", []string{"what changes for you"}, "Budget: what changes for you"},
		{"no separator", "Harbour wall rebuilt", "", []string{"Harbour wall rebuilt"}, "Harbour wall rebuilt"},
		{"site name with a separator of its own", "Retirement is an archaism - AOC media - Analyse Opinion Critique", "", []string{"AOC media - Analyse Opinion Critique"}, "Retirement is an archaism"},
		{"site name as prefix with a separator of its own", "AOC media - Analyse - Retirement is an archaism", "", []string{"AOC media - Analyse"}, "Retirement is an archaism"},
		{"blog archive label", "Four Years » Blog Archive » Interning of Small Integers", "fouryears.eu", nil, "Interning of Small Integers"},
		{"date part", "23.01.2022 - Wierer still celebrates - Biathlon Antholz", "", []string{"Biathlon Antholz"}, "Wierer still celebrates"},
		{"a year in the headline stays", "Munich 2022 - athletes are ready", "", nil, "Munich 2022 - athletes are ready"},
		{"repeated part does not loop", "Wien - Graz - Graz", "graz.at", nil, "Wien"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tidyTitle(tt.title, tt.host, tt.sites...); got != tt.want {
				t.Errorf("tidyTitle(%q) = %q, want %q", tt.title, got, tt.want)
			}
		})
	}
}

// TestExtractConcurrent runs Extract from several goroutines at once, as an
// import does; run with -race to check that no state is shared.
func TestExtractConcurrent(t *testing.T) {
	files := []string{"en-meta.html", "ru-koi8-undeclared.html", "uk-1251-undeclared.html", "en-dump.txt"}
	done := make(chan error)
	for _, f := range files {
		body := readFixture(t, f)
		go func() {
			_, err := Extract(Input{URL: "https://example.org/" + f, Body: body})
			done <- err
		}()
	}
	for range files {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}

func TestChooseTitle(t *testing.T) {
	tests := []struct {
		name, title, headTitle string
		h1                     string
		want                   string
	}{
		{"the visible headline wins", "Night buses are back", "Night buses are back | Gazette", "Night buses return to Lowfield after five years", "Night buses return to Lowfield after five years"},
		{"same words, the headline's typography", `Mayor says "no"`, "", "Mayor says „no“", "Mayor says „no“"},
		{"kicker before the headline", "Harbour wall rebuilt", "", "Coast: Harbour wall rebuilt", "Harbour wall rebuilt"},
		{"logo in the h1", "Harbour wall rebuilt", "Harbour wall rebuilt | Coastline Courier", "Coastline Courier", "Harbour wall rebuilt"},
		{"one-word h1", "Harbour wall rebuilt", "", "Archive", "Harbour wall rebuilt"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := chooseTitle(tt.title, tt.headTitle, tt.h1, "", nil); got != tt.want {
				t.Errorf("chooseTitle = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestExtractDeepNesting feeds an article buried under thousands of nested
// elements: the result is the article or ErrNoArticle, never a panic or a
// hang.
func TestExtractDeepNesting(t *testing.T) {
	body := "<html><body>" + strings.Repeat("<div>", 5000) +
		"<p>" + strings.Repeat("The council met on Monday and agreed to repair the old bridge before winter. ", 8) + "</p>" +
		strings.Repeat("</div>", 5000) + "</body></html>"
	start := time.Now()
	a, err := Extract(Input{URL: "https://example.org/deep", ContentType: "text/html", Body: []byte(body)})
	if err != nil && !errors.Is(err, ErrNoArticle) {
		t.Fatalf("Extract: %v", err)
	}
	if err == nil && !strings.Contains(a.Text, "repair the old bridge") {
		t.Errorf("article text lost: %.200q", a.Text)
	}
	if took := time.Since(start); took > 10*time.Second {
		t.Errorf("took %v", took)
	}
}

// TestLooksLikeHTML: a page is HTML even when something else comes before
// its <html> tag (a long <style> block, PHP warnings); a text dump that
// mentions a tag is not.
func TestLooksLikeHTML(t *testing.T) {
	article := "<html><head><title>Ferry runs again</title></head><body><h1>Ferry runs again</h1><p>" +
		strings.Repeat("The ferry across the Oskil carried its first passengers in months. ", 20) + "</p></body></html>"
	tests := []struct {
		name string
		body string
		html bool
	}{
		{"a long style block first", "<style>\n  /*NEW STYLE*/\n" + strings.Repeat(".box { opacity: 1; }\n", 400) + "</style>\n" + article, true},
		{"PHP warnings first", strings.Repeat("<br />\n<b>Deprecated</b>:  Assigning the return value of new by reference is deprecated in <b>wp-settings.php</b> on line <b>520</b><br />\n", 60) + article, true},
		{"comment first", "<!-- generated -->" + strings.Repeat(" ", 5000) + article, true},
		{"a text dump", "date 2022-09-14\nThe ferry runs again.\nEditors wrote <b> tags by hand in 1998.\n", false},
		{"a text dump starting with a bracket", "<< back to the list\nThe ferry runs again.\n", false},
	}
	for _, tt := range tests {
		if got := looksLikeHTML([]byte(tt.body)); got != tt.html {
			t.Errorf("%s: looksLikeHTML = %v, want %v", tt.name, got, tt.html)
		}
	}
	// End to end: the title is the page's, not the start of its CSS.
	a, err := Extract(Input{URL: "https://news.example/ferry", Body: []byte(tests[0].body)})
	if err != nil || a.Title != "Ferry runs again" {
		t.Errorf("style-first page: title %q, err %v", a.Title, err)
	}
}

// TestExtractNormalizesNFC: a decomposed "й" (и + combining breve) in the
// page comes out composed, as typed on a keyboard, so searches match it.
func TestExtractNormalizesNFC(t *testing.T) {
	decomposed := "Краи\u0306ний строк" // "Крайний срок" with й written as и + U+0306
	page := "<html><head><title>" + decomposed + "</title></head><body><h1>" + decomposed + "</h1><p>" +
		strings.Repeat("Городские власти проверяют котельные перед холодами. ", 10) + decomposed + ".</p></body></html>"
	a, err := Extract(Input{URL: "https://news.example/deadline", Body: []byte(page), ContentType: "text/html; charset=utf-8"})
	if err != nil {
		t.Fatal(err)
	}
	if a.Title != "Крайний строк" {
		t.Errorf("title %q, want the composed %q", a.Title, "Крайний строк")
	}
	if strings.ContainsRune(a.Text, '\u0306') || !strings.Contains(a.Text, "Крайний строк") {
		t.Errorf("text keeps the decomposed form: %q", a.Text)
	}
}
