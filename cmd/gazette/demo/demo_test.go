package demo

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"github.com/nlnwa/gowarc"
	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"
)

// source is one article's raw input: the bytes as stored or sent, and the
// HTTP Content-Type header for WARC captures.
type source struct {
	data        []byte
	contentType string
}

// loadSources returns the inputs of every article, keyed by File for
// ordinary files and by URL for WARC response records.
func loadSources(t *testing.T) map[string]source {
	t.Helper()
	sources := make(map[string]source)
	err := fs.WalkDir(Files, "files", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		switch path.Ext(p) {
		case ".html", ".htm", ".txt", ".warc":
		default:
			t.Errorf("%s: the demo archive holds only .html, .htm, .txt and .warc files", p)
		}
		data, err := Files.ReadFile(p)
		if err != nil {
			return err
		}
		if path.Ext(p) != ".warc" {
			sources[p] = source{data: data}
			return nil
		}
		for url, s := range warcResponses(t, data) {
			sources[url] = s
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return sources
}

// warcResponses returns the response payloads of a WARC file by target
// URI, with wget's angle brackets removed.
func warcResponses(t *testing.T, data []byte) map[string]source {
	t.Helper()
	// Specification checks must be off: with them on, gowarc blanks
	// target URIs written in wget's <...> style.
	r, err := gowarc.NewWarcFileReaderFromStream(bytes.NewReader(data), 0,
		gowarc.WithSyntaxErrorPolicy(gowarc.ErrFail),
		gowarc.WithSpecViolationPolicy(gowarc.ErrIgnore))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	out := make(map[string]source)
	for {
		rec, _, _, err := r.Next()
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		if rec.Type() != gowarc.Response {
			continue
		}
		block, ok := rec.Block().(gowarc.HttpResponseBlock)
		if !ok {
			t.Fatalf("response block is %T", rec.Block())
		}
		pr, err := block.PayloadBytes()
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(pr)
		if err != nil {
			t.Fatal(err)
		}
		uri := strings.Trim(rec.WarcHeader().Get(gowarc.WarcTargetURI), "<>")
		out[uri] = source{data: body, contentType: block.HttpHeader().Get("Content-Type")}
	}
}

func key(a Article) string {
	if a.Format == "warc" {
		return a.URL
	}
	return a.File
}

func expected(t *testing.T) []Article {
	t.Helper()
	articles, err := Expected()
	if err != nil {
		t.Fatal(err)
	}
	return articles
}

func TestEveryInputHasExactlyOneArticle(t *testing.T) {
	articles := expected(t)
	sources := loadSources(t)
	seen := make(map[string]bool)
	for _, a := range articles {
		k := key(a)
		if _, ok := sources[k]; !ok {
			t.Errorf("expect.json lists %s (%s), which is not in the demo archive", k, a.File)
		}
		if a.Format == "warc" {
			if _, err := fs.Stat(Files, a.File); err != nil {
				t.Errorf("%s: %v", a.URL, err)
			}
		}
		seen[k] = true
	}
	for k := range sources {
		if !seen[k] {
			t.Errorf("%s is in the demo archive but not in expect.json", k)
		}
	}
}

func TestCorpusShape(t *testing.T) {
	articles := expected(t)
	if n := len(articles); n < 14 || n > 18 {
		t.Errorf("%d articles, want 14–18", n)
	}
	langs := make(map[string]int)
	formats := make(map[string]int)
	charsets := make(map[string]bool)
	outlets := make(map[string]bool)
	months := make(map[string]bool)
	undated, wrongLang := 0, 0
	for _, a := range articles {
		langs[a.Lang]++
		formats[a.Format]++
		charsets[a.Format+" "+a.Charset] = true
		if a.Outlet != "" {
			outlets[a.Outlet] = true
		}
		if a.Published == "" {
			undated++
		} else {
			months[a.Published[:7]] = true
		}
		if a.HTMLLang != "" && !strings.HasPrefix(a.HTMLLang, a.Lang) {
			wrongLang++
		}
	}
	n := len(articles)
	if langs["en"]*10 < n*4 || langs["en"]*10 > n*6 || langs["ru"]*5 < n || langs["uk"]*5 < n {
		t.Errorf("languages %v: want about half English, a quarter each Russian and Ukrainian", langs)
	}
	if formats["txt"] < 2 || formats["txt"] > 3 || formats["warc"] < 3 || formats["warc"] > 4 {
		t.Errorf("formats %v: want 2–3 txt and 3–4 WARC records", formats)
	}
	for _, c := range []string{"html windows-1251", "html koi8-r", "warc windows-1251"} {
		if !charsets[c] {
			t.Errorf("no %s article", c)
		}
	}
	if len(outlets) < 4 {
		t.Errorf("%d outlets, want at least 4", len(outlets))
	}
	if undated < 1 || undated > 2 {
		t.Errorf("%d undated articles, want 1–2", undated)
	}
	if wrongLang < 1 {
		t.Error("no page with a wrong lang attribute")
	}
	for _, m := range []string{"2022-02", "2022-12"} {
		if !months[m] {
			t.Errorf("no article from %s; dates should span February to December 2022", m)
		}
	}
	if len(months) < 8 {
		t.Errorf("articles from %d months, want them spread over the year", len(months))
	}
}

// placeForms lists spellings and stems by which each place's name occurs
// in the corpus. Every place in expect.json must be listed, so that a
// place can only be expected if its name really is in the text.
var placeForms = map[string][]string{
	"Izium":           {"Izium", "Izyum", "Изюм", "Ізюм"},
	"Kupiansk":        {"Kupiansk", "Kupyansk", "Купянск", "Куп'янськ", "Куп’янськ"},
	"Lyman":           {"Lyman", "Лиман"},
	"Balakliia":       {"Balakliia", "Балакле", "Балаклі"},
	"Kharkiv":         {"Kharkiv", "Kharkov", "Харків", "Харков", "Харьков"},
	"Kharkiv Oblast":  {"Kharkiv Oblast", "Kharkiv region", "Kharkov oblast", "Kharkov region", "Харківськ", "Харьковск"},
	"Kyiv":            {"Kyiv", "Kiev", "Київ", "Києв", "Киев"},
	"Lysychansk":      {"Lysychansk", "Lisichansk", "Лисичанск"},
	"Sievierodonetsk": {"Sievierodonetsk", "Северодонецк"},
	"Donbas":          {"Donbas", "Донбас"},
	"Donetsk Oblast":  {"Donetsk region", "Донецкой области"},
	"Luhansk Oblast":  {"Luhansk region", "Луганской области"},
	"Bakhmut":         {"Bakhmut"},
	"Kramatorsk":      {"Kramatorsk"},
	"Ukraine":         {"Ukraine", "Україн", "Украин"},
	"Latvia":          {"Latvia"},
	"Poltava Oblast":  {"Полтавщин"},
	"Sumy":            {"Сумськ"},
}

func TestArticlesMatchTheirSources(t *testing.T) {
	sources := loadSources(t)
	for _, a := range expected(t) {
		t.Run(path.Base(a.File)+"/"+path.Base(a.URL), func(t *testing.T) {
			src, ok := sources[key(a)]
			if !ok {
				t.Skip("no source; reported by TestEveryInputHasExactlyOneArticle")
			}
			decoded, text := decode(t, a, src)

			for _, s := range a.Sentences {
				if !strings.Contains(text, s) {
					t.Errorf("sentence not in source: %q", s)
				}
			}
			for _, b := range a.Boilerplate {
				if !strings.Contains(text, b) {
					t.Errorf("boilerplate not in source, so its removal proves nothing: %q", b)
				}
				for _, s := range a.Sentences {
					if strings.Contains(strings.ToLower(s), strings.ToLower(b)) {
						t.Errorf("boilerplate %q occurs in expected sentence %q", b, s)
					}
				}
			}
			if !strings.Contains(text, a.Title) {
				t.Errorf("title not in source: %q", a.Title)
			}
			if a.Author != "" && !strings.Contains(decoded, a.Author) {
				t.Errorf("author not in source: %q", a.Author)
			}

			// Places must be named in the article, not only in the
			// boilerplate around it; not_places only in boilerplate.
			body := text
			for _, b := range a.Boilerplate {
				body = strings.ReplaceAll(body, b, " ")
			}
			for _, p := range a.Places {
				forms, ok := placeForms[p]
				if !ok {
					t.Errorf("place %q: add its spellings to placeForms", p)
				}
				if !containsAny(body, forms) {
					t.Errorf("place %q: none of %q in the article text", p, forms)
				}
			}
			for _, p := range a.NotPlaces {
				forms, ok := placeForms[p]
				if !ok {
					t.Errorf("not_place %q: add its spellings to placeForms", p)
				}
				if !containsAny(text, forms) {
					t.Errorf("not_place %q: none of %q in the source, so the check proves nothing", p, forms)
				}
				for _, s := range a.Sentences {
					if containsAny(s, forms) {
						t.Errorf("not_place %q named in expected sentence %q", p, s)
					}
				}
			}
			checkLang(t, a)
			checkDate(t, a, decoded)
		})
	}
}

// decode converts src to UTF-8 the way a browser would (HTTP header, then
// <meta>, then sniffing) and checks the charset against expect.json. It
// returns the decoded source and, for HTML, its visible text with white
// space collapsed.
func decode(t *testing.T, a Article, src source) (decoded, text string) {
	t.Helper()
	if a.Format == "txt" {
		if a.Charset != "utf-8" {
			t.Errorf("text dumps are UTF-8, expect.json says %s", a.Charset)
		}
		s := string(src.data)
		return s, collapse(s)
	}
	enc, name, _ := charset.DetermineEncoding(src.data, src.contentType)
	if name != a.Charset {
		t.Errorf("charset %s, expect.json says %s", name, a.Charset)
	}
	utf, err := enc.NewDecoder().Bytes(src.data)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(bytes.NewReader(utf))
	if err != nil {
		t.Fatal(err)
	}
	var sb strings.Builder
	var lang, canonical, ogURL string
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		switch {
		case n.Type == html.ElementNode && (n.Data == "script" || n.Data == "style" || n.Data == "head"):
			for _, at := range n.Attr {
				if n.Data == "script" && at.Key == "type" && at.Val == "application/ld+json" && n.FirstChild != nil {
					canonical = jsonLDURL(n.FirstChild.Data, canonical)
				}
			}
			if n.Data == "head" {
				for c := n.FirstChild; c != nil; c = c.NextSibling {
					if c.Type == html.ElementNode && c.Data == "link" && attr(c, "rel") == "canonical" {
						canonical = attr(c, "href")
					}
					if c.Type == html.ElementNode && c.Data == "meta" && attr(c, "property") == "og:url" {
						ogURL = attr(c, "content")
					}
					if c.Type == html.ElementNode && c.Data == "script" {
						walk(c)
					}
				}
			}
			return
		case n.Type == html.ElementNode && n.Data == "html":
			lang = attr(n, "lang")
		case n.Type == html.TextNode:
			sb.WriteString(n.Data)
			sb.WriteByte(' ')
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	if lang != a.HTMLLang {
		t.Errorf("<html lang=%q>, expect.json says %q", lang, a.HTMLLang)
	}
	if canonical != a.URL && ogURL != a.URL {
		t.Errorf("canonical %q and og:url %q; expect.json says %q", canonical, ogURL, a.URL)
	}
	return string(utf), collapse(sb.String())
}

// jsonLDURL returns mainEntityOfPage from a JSON-LD block, or def.
func jsonLDURL(block, def string) string {
	m := regexp.MustCompile(`"mainEntityOfPage":\s*"([^"]+)"`).FindStringSubmatch(block)
	if m == nil {
		return def
	}
	return m[1]
}

func attr(n *html.Node, name string) string {
	for _, a := range n.Attr {
		if a.Key == name {
			return a.Val
		}
	}
	return ""
}

func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }

func containsAny(s string, subs []string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// checkLang checks the declared language against the script and letters
// of the expected sentences.
func checkLang(t *testing.T, a Article) {
	t.Helper()
	all := strings.Join(a.Sentences, " ")
	var latin, cyrillic int
	for _, r := range all {
		switch {
		case unicode.Is(unicode.Latin, r):
			latin++
		case unicode.Is(unicode.Cyrillic, r):
			cyrillic++
		}
	}
	ukrainianOnly := strings.ContainsAny(all, "іїєґІЇЄҐ")
	russianOnly := strings.ContainsAny(all, "ыэъёЫЭЪЁ")
	var ok bool
	switch a.Lang {
	case "en":
		ok = latin > 10*cyrillic
	case "ru":
		ok = cyrillic > 10*latin && russianOnly && !ukrainianOnly
	case "uk":
		ok = cyrillic > 10*latin && ukrainianOnly && !russianOnly
	}
	if !ok {
		t.Errorf("sentences do not look like lang %q", a.Lang)
	}
}

var dateLine = regexp.MustCompile(`^\s*date (\d{4}-\d{2}-\d{2}) (.+)\n`)

// checkDate checks that the publication date is where expect.json says,
// and that an undated article really gives no date anywhere.
func checkDate(t *testing.T, a Article, decoded string) {
	t.Helper()
	if a.Published == "" {
		if m := regexp.MustCompile(`(19|20)\d\d`).FindString(decoded + a.URL); m != "" {
			t.Errorf("undated article mentions the year %s", m)
		}
		return
	}
	var found bool
	switch a.PublishedFrom {
	case "date-line":
		m := dateLine.FindStringSubmatch(decoded)
		found = m != nil && m[1] == a.Published
		if m != nil && m[2] != a.Title {
			t.Errorf("first line holds title %q, expect.json says %q", m[2], a.Title)
		}
	case "article:published_time":
		found = strings.Contains(decoded, `<meta property="article:published_time" content="`+a.Published+"T")
	case "json-ld":
		found = regexp.MustCompile(`"datePublished":\s*"` + a.Published + "T").MatchString(decoded)
	case "time":
		found = strings.Contains(decoded, `<time datetime="`+a.Published)
	case "url":
		found = strings.Contains(a.URL, "/"+strings.ReplaceAll(a.Published, "-", "/")+"/")
	default:
		t.Fatalf("unknown published_from %q", a.PublishedFrom)
	}
	if !found {
		t.Errorf("date %s not found in %s", a.Published, a.PublishedFrom)
	}
}

func TestParseExpectationsRejectsBadInput(t *testing.T) {
	valid := `{"file":"files/a.txt","format":"txt","charset":"utf-8","lang":"en","title":"T","sentences":["S."],"places":[],"boilerplate":[]`
	tests := []struct {
		name, json string
	}{
		{"not JSON", `{"articles": [`},
		{"no articles", `{"articles": []}`},
		{"unknown field", `{"articles": [` + valid + `,"plaec":["Izium"]}]}`},
		{"file outside files/", `{"articles": [` + strings.Replace(valid, "files/a.txt", "a.txt", 1) + `}]}`},
		{"bad date", `{"articles": [` + valid + `,"published":"2022-13-01","published_from":"date-line"}]}`},
		{"date without source", `{"articles": [` + valid + `,"published":"2022-03-01"}]}`},
		{"txt with url", `{"articles": [` + valid + `,"url":"https://a.example/"}]}`},
		{"html without url", `{"articles": [` + strings.Replace(valid, `"txt"`, `"html"`, 1) + `}]}`},
		{"unknown format", `{"articles": [` + strings.Replace(valid, `"txt"`, `"pdf"`, 1) + `}]}`},
		{"unknown charset", `{"articles": [` + strings.Replace(valid, `"utf-8"`, `"latin1"`, 1) + `}]}`},
		{"no sentences", `{"articles": [` + strings.Replace(valid, `["S."]`, `[]`, 1) + `}]}`},
		{"duplicate", `{"articles": [` + valid + `},` + valid + `}]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := parseExpectations(strings.NewReader(tt.json)); err == nil {
				t.Error("no error")
			}
		})
	}
	if _, err := parseExpectations(strings.NewReader(`{"articles": [` + valid + `}]}`)); err != nil {
		t.Errorf("valid entry rejected: %v", err)
	}
}

// TestNoSeedText guards the rule that the corpus is our own writing: no
// sentence of the sample inputs in ../shared/seeds may appear in it. The
// seeds are not part of the repository, so the test is skipped without
// them.
func TestNoSeedText(t *testing.T) {
	seeds, _ := filepath.Glob("../../../../shared/seeds/*.txt")
	if len(seeds) == 0 {
		t.Skip("../shared/seeds not present")
	}
	var corpus strings.Builder
	for _, dir := range []string{"files", "../../../tools/mkdemowarc/pages", "../../../tools/mkdemowarc/legacy"} {
		filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				b, _ := os.ReadFile(p)
				corpus.Write(b)
			}
			return nil
		})
	}
	all := collapse(corpus.String())
	split := regexp.MustCompile(`[.!?“”"]\s*`)
	for _, seed := range seeds {
		b, err := os.ReadFile(seed)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range split.Split(collapse(string(b)), -1) {
			if len(strings.Fields(s)) >= 6 && strings.Contains(all, s) {
				t.Errorf("text from %s: %q", filepath.Base(seed), s)
			}
		}
	}
}
