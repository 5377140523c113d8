package corpus

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

// Site is one news site of the corpus: its name, language, authors and the
// template its pages are written with.
type Site struct {
	Name   string
	Domain string
	Lang   string

	zone        *time.Location
	dated       bool // false: the site's pages never show a date
	authorShare int  // percent of articles with an author
	authors     []string
	sections    [][2]string // slug, label
	founded     int
	style       style
}

// style is what makes one site's pages look unlike another's.
type style struct {
	cls        classes
	wrapper    string // element around the article: article, div, main, section
	dateKind   int    // 0: meta + <time>; 1: visible text; 2: JSON-LD + dd.mm.yyyy; 3: URL + text
	bylineKind int    // 0: "By NAME" text; 1: rel=author link; 2: meta only; 3: JSON-LD and label
	urlKind    int    // see articleURL
	titleSep   string // between title and site name in <title>
	cookieTop  bool
	shareTop   bool
	related    bool
	mostRead   bool
	tags       bool
	newsletter bool
	og         bool
	jsonLD     bool
	scripts    int // inline tracker scripts
}

// classes are a site's class names.
type classes struct {
	page, header, nav, cookie, wrap, title, lead, body, byline, date, share, related, tags, footer string
}

// classSchemes are the naming habits of common CMSs and hand-made sites.
var classSchemes = []classes{
	{"site", "site-header", "main-nav", "cookie-notice", "article", "article__title", "article__lead", "article__body", "article__author", "article__date", "share-bar", "related-news", "article__tags", "site-footer"},
	{"wrapper", "header", "menu", "cookies", "post", "entry-title", "entry-summary", "entry-content", "entry-author", "entry-date", "social-share", "related-posts", "post-tags", "footer"},
	{"page", "masthead", "navigation", "gdpr-banner", "story", "story-headline", "story-standfirst", "story-body", "story-byline", "story-timestamp", "story-share", "story-related", "story-topics", "page-footer"},
	{"layout", "top", "nav", "consent", "news-item", "news-title", "news-intro", "news-text", "news-author", "news-date", "news-share", "news-more", "news-tags", "bottom"},
	{"container", "l-header", "l-nav", "c-cookie", "c-article", "c-article__headline", "c-article__dek", "c-article__content", "c-article__byline", "c-article__time", "c-share", "c-related", "c-tags", "l-footer"},
	{"td-container", "td-header-wrap", "td-header-menu", "td-cookie", "td-post", "td-post-title", "td-post-sub-title", "td-post-content", "td-post-author-name", "td-post-date", "td-post-sharing", "td-related", "td-tags", "td-footer-wrapper"},
	{"region-content", "region-header", "menu--main", "eu-cookie-compliance", "node-article", "node__title", "field-summary", "field-body", "field-author", "field-date", "addtoany", "view-related", "field-tags", "region-footer"},
	{"main-wrap", "head", "topmenu", "cookie-bar", "material", "material-title", "material-lead", "material-text", "material-author", "material-date", "material-share", "material-related", "material-tags", "foot"},
}

// Words site names are made of, per language.
var siteWords = map[string][2][]string{
	"en": {strings.Fields("Morning Evening Daily Weekly Harbour Valley Northern Southern Eastern Western Free Independent Citizen Union County River Market Civic Open Bright"),
		strings.Fields("Ledger Herald Sentinel Courier Beacon Tribune Observer Gazette Chronicle Record Post Times Dispatch Journal Monitor Bulletin Express Standard Mirror Review")},
	"ru": {strings.Fields("Вечерний Новый Утренний Городской Народный Южный Свободный Деловой Независимый Столичный Северный Речной Приморский Степной Рабочий"),
		strings.Fields("Вестник Курьер Обозреватель Телеграф Листок Репортер Взгляд День Час Голос Меридиан Горизонт Форум Дозор Сигнал")},
	"uk": {strings.Fields("Вечірній Новий Ранковий Міський Народний Південний Вільний Діловий Незалежний Столичний Північний Річковий Приморський Степовий Робітничий"),
		strings.Fields("Вісник Кур'єр Оглядач Телеграф Листок Репортер Погляд День Час Голос Меридіан Горизонт Форум Дозор Сигнал")},
}

// siteLangs gives each of the Sites sites its language: half English, a
// quarter each Russian and Ukrainian, interleaved so that every language
// has big and small sites.
func siteLang(i int) string { return []string{"en", "ru", "en", "uk"}[i%4] }

var sectionNames = map[string][]string{
	"en": strings.Fields("News Politics Economy Society Culture Sport City World"),
	"ru": strings.Fields("Новости Политика Экономика Общество Культура Спорт Город Мир"),
	"uk": strings.Fields("Новини Політика Економіка Суспільство Культура Спорт Місто Світ"),
}
var sectionSlugs = strings.Fields("news politics economy society culture sport city world")

var tlds = map[string][]string{
	"en": {"com", "co.uk", "news", "org", "net"},
	"ru": {"ru", "com", "info", "media"},
	"uk": {"ua", "com.ua", "in.ua", "info", "news"},
}

func newSites(rng *rand.Rand, langs map[string]*language) []*Site {
	used := map[string]bool{}
	var sites []*Site
	for i := 0; len(sites) < Sites; i++ {
		lang := siteLang(len(sites))
		w := siteWords[lang]
		name := pick(rng, w[0]) + " " + pick(rng, w[1])
		if lang == "en" && rng.IntN(3) == 0 {
			name = "The " + name
		}
		if used[name] {
			continue
		}
		used[name] = true
		l := langs[lang]
		s := &Site{
			Name:        name,
			Domain:      strings.ToLower(translit(strings.TrimPrefix(name, "The "), "")) + "." + pick(rng, tlds[lang]),
			Lang:        lang,
			dated:       len(sites)%29 != 7, // two sites never show dates
			authorShare: 40 + rng.IntN(61),
			founded:     1995 + rng.IntN(20),
		}
		offset := 2 + rng.IntN(2)
		if lang == "en" {
			offset = []int{0, -5, 1, -8}[rng.IntN(4)]
		}
		s.zone = time.FixedZone(fmt.Sprintf("UTC%+d", offset), offset*3600)
		for range 4 + rng.IntN(22) {
			s.authors = append(s.authors, pick(rng, l.first)+" "+pick(rng, l.last))
		}
		for k, label := range sectionNames[lang] {
			if k == 0 || rng.IntN(3) > 0 {
				s.sections = append(s.sections, [2]string{sectionSlugs[k], label})
			}
		}
		s.style = style{
			cls:        classSchemes[rng.IntN(len(classSchemes))],
			wrapper:    pick(rng, []string{"article", "div", "main", "section"}),
			dateKind:   rng.IntN(4),
			bylineKind: rng.IntN(4),
			urlKind:    rng.IntN(4),
			titleSep:   pick(rng, []string{" | ", " — ", " - ", " :: "}),
			cookieTop:  rng.IntN(2) == 0,
			shareTop:   rng.IntN(2) == 0,
			related:    rng.IntN(4) > 0,
			mostRead:   rng.IntN(2) == 0,
			tags:       rng.IntN(2) == 0,
			newsletter: rng.IntN(3) == 0,
			og:         rng.IntN(5) > 0,
			jsonLD:     rng.IntN(2) == 0,
			scripts:    1 + rng.IntN(4),
		}
		sites = append(sites, s)
	}
	return sites
}

// articleURL returns the URL of an article: dated paths only for dated
// pages, so that an undated page has no date anywhere.
func (s *Site) articleURL(a *Article, rng *rand.Rand) string {
	sec := s.sections[rng.IntN(len(s.sections))][0]
	slug := slugOf(a.Title)
	id := 100000 + a.Index
	p := a.Published
	kind := s.style.urlKind
	if !a.Dated && (kind == 0 || kind == 3) {
		kind = 1
	}
	switch kind {
	case 0:
		return fmt.Sprintf("https://%s/%s/%04d/%02d/%02d/%s-%d/", s.Domain, sec, p.Year(), p.Month(), p.Day(), slug, id)
	case 1:
		return fmt.Sprintf("https://%s/%s/%d-%s.html", s.Domain, sec, id, slug)
	case 2:
		return fmt.Sprintf("https://www.%s/%s/%d", s.Domain, sec, id)
	}
	return fmt.Sprintf("https://%s/%04d/%02d/%s-%d", s.Domain, p.Year(), p.Month(), slug, id)
}

// slugOf makes a URL slug of the first words of a title.
func slugOf(title string) string {
	var words []string
	for w := range strings.FieldsSeq(strings.ToLower(title)) {
		w = translit(w, "")
		w = strings.Map(func(r rune) rune {
			if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
				return r
			}
			return -1
		}, w)
		if w != "" {
			words = append(words, w)
		}
		if len(words) == 6 {
			break
		}
	}
	return strings.Join(words, "-")
}

var translitTable = map[rune]string{
	'а': "a", 'б': "b", 'в': "v", 'г': "g", 'ґ': "g", 'д': "d", 'е': "e", 'ё': "e", 'є': "ye", 'ж': "zh", 'з': "z",
	'и': "i", 'і': "i", 'ї': "yi", 'й': "y", 'к': "k", 'л': "l", 'м': "m", 'н': "n", 'о': "o", 'п': "p", 'р': "r",
	'с': "s", 'т': "t", 'у': "u", 'ф': "f", 'х': "kh", 'ц': "ts", 'ч': "ch", 'ш': "sh", 'щ': "shch", 'ъ': "",
	'ы': "y", 'ь': "", 'э': "e", 'ю': "yu", 'я': "ya", ' ': "-", '\'': "",
}

// translit writes Cyrillic in Latin letters; other runes pass through,
// spaces become sep when sep is set, and vanish otherwise.
func translit(s, sep string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r == ' ' {
			b.WriteString(sep)
			continue
		}
		if t, ok := translitTable[r]; ok {
			b.WriteString(t)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}
