package extract

import (
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/markusmobius/go-dateparser"
	"github.com/markusmobius/go-htmldate"
	"golang.org/x/net/html"
)

// minDate is the earliest plausible publication date: news sites did not
// exist before it, and older dates on pages are history, not bylines.
var minDate = time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC)

// plausible reports whether t can be a publication date: not before 1990 and
// not in the future (a day of slack covers time zones).
func plausible(t time.Time, now time.Time) bool {
	return !t.Before(minDate) && !t.After(now.Add(24*time.Hour))
}

// dateMetaRank lists the meta tags that carry the publication date, best
// first. Modification dates are deliberately absent.
var dateMetaRank = map[string]int{
	"article:published_time": 0, "og:article:published_time": 1, "og:published_time": 2,
	"datepublished": 3, "published_time": 4, "pubdate": 5, "publishdate": 6, "publish_date": 7,
	"publish-date": 8, "publication_date": 9, "dc.date.issued": 10, "dcterms.issued": 11,
	"citation_publication_date": 12, "parsely-pub-date": 13, "sailthru.date": 14,
	"article.published": 15, "published-date": 16, "originalpublicationdate": 17,
	"dc.date": 18, "dcterms.date": 19, "date": 20, "citation_date": 21,
}

// modifiedMeta lists the meta tags that carry a modification date: never
// the publication date, and not to be taken from go-htmldate either.
var modifiedMeta = map[string]bool{
	"article:modified_time": true, "og:updated_time": true, "datemodified": true, "modified_time": true,
	"last-modified": true, "dc.date.modified": true, "dcterms.modified": true, "revised": true,
}

// findDate returns the publication date of an HTML page, trying in order:
// date meta tags, JSON-LD datePublished, <time pubdate> and
// itemprop=datePublished, go-htmldate (original date preferred, with its
// extensive search that reads dates written in words in many languages),
// any <time datetime>, and a date in the URL. When go-htmldate found a
// modification date, the last two come before it. Only plausible dates
// count. A timestamp written in UTC
// is moved to the page's own day (pageDay).
func findDate(doc *goquery.Document, m meta, pageURL string, now time.Time) *time.Time {
	usable := func(s string) bool {
		t, ok := parseDate(s)
		return ok && plausible(t, now)
	}
	try := func(s string) *time.Time {
		if t, ok := parseDate(s); ok && plausible(t, now) {
			return pageDay(t, s, doc, m, pageURL, now)
		}
		return nil
	}

	if t := try(bestMetaDate(m.dates, usable)); t != nil {
		return t
	}
	if t := try(m.ldDate); t != nil {
		return t
	}
	var found *time.Time
	doc.Find(`time[pubdate], [itemprop="datePublished"]`).EachWithBreak(func(_ int, s *goquery.Selection) bool {
		found = try(firstNonEmpty(s.AttrOr("datetime", ""), s.AttrOr("content", ""), s.Text()))
		return found == nil
	})
	if found != nil {
		return found
	}
	var modified *time.Time // what go-htmldate found when it is a modification date
	if root := doc.Get(0); root != nil {
		res, err := htmldate.FromDocument(root, htmldate.Options{
			UseOriginalDate:  true,
			URL:              pageURL,
			MinDate:          minDate,
			MaxDate:          now.Add(24 * time.Hour),
			DateParserConfig: dateWords(m.lang),
			DateParser:       searchDates,
		})
		if err == nil && !res.IsZero() && plausible(res.DateTime, now) && !copyrightYear(res.SrcString) && !yearOnly(res.DateTime, res.SrcString) {
			t := res.DateTime
			if !isModified(res.SrcString, m) {
				return &t
			}
			modified = &t
		}
	}
	doc.Find("time[datetime]").EachWithBreak(func(_ int, s *goquery.Selection) bool {
		found = try(s.AttrOr("datetime", ""))
		return found == nil
	})
	if found != nil {
		return found
	}
	if t := dateFromURL(pageURL, now); t != nil {
		return t
	}
	if t := labelledDate(doc, m.lang, now); t != nil {
		return t
	}
	return modified // a page never modified often gives its publication date as the modification date only
}

// publishedLabel is a visible publication date with its label, the way
// bylines print it when no markup says more: "Опубликовано: 5 марта 2022",
// "Published on 12 March 2022", "Veröffentlicht am 3. Mai 2021". Labels of
// updates are left out: the update is not the publication.
var publishedLabel = regexp.MustCompile(`(?i)^(?:published|posted|veröffentlicht|erschienen|publié|publicado|pubblicato|опубликовано|опубліковано|дата публикации|дата публікації)(?: on| am| le| el| il)?\s*:?\s*(\S.{5,60})$`)

// labelledDate finds a publication date written in words beside its label
// in the page's text (see publishedLabel), which go-htmldate misses
// because the label is not a date. Only the first labelled date counts.
func labelledDate(doc *goquery.Document, lang string, now time.Time) *time.Time {
	var found *time.Time
	eachShortText(doc, maxByline, func(n *html.Node) *html.Node {
		if n.Type == html.TextNode && n.Parent != nil && startsWithLabel(n.Data) {
			return n.Parent
		}
		return nil
	}, func(text string) bool {
		sm := publishedLabel.FindStringSubmatch(text)
		if sm == nil {
			return false
		}
		cfg := dateWords(lang)
		if dottedDate.MatchString(sm[1]) {
			cfg.DateOrder = dateparser.DMY // "03.02.2022" is 3 February wherever dots are written
		}
		if d, err := dateparser.Parse(cfg, sm[1]); err == nil && plausible(d.Time, now) {
			found = &d.Time
			return true
		}
		return false
	})
	return found
}

// dottedDate is a day, month and year written with full stops.
var dottedDate = regexp.MustCompile(`^\d{1,2}\.\s?\d{1,2}\.\s?\d{2,4}\b`)

// startsWithLabel is a cheap test for a text that may start with a
// publishedLabel, so that the regular expression runs on few texts.
func startsWithLabel(s string) bool {
	s = strings.TrimSpace(s)
	if len(s) < 6 {
		return false
	}
	switch s[0] {
	case 'P', 'p', 'V', 'v', 'E', 'e', 0xd0: // 0xd0 starts О, о, Д, д in UTF-8
		return true
	}
	return false
}

// dateWords configures go-htmldate's search for dates written in words
// ("5 марта 2022", "5. März 2022") as go-htmldate does by default, but in
// the languages of dateLanguages and the page's declared language only.
// With no languages given, the parser tries every locale it knows on every
// candidate, which made up most of the date search's time. The declared
// language is not enough on its own: many pages declare a wrong one. It is
// added only when the parser knows it (an unknown code would make every
// parse fail), by its usual code ("ua" is Ukrainian's country code).
func dateWords(lang string) *dateparser.Configuration {
	langs := dateLanguages
	if l := langAliases[lang]; l != "" {
		lang = l
	}
	if moreDateLanguages[lang] && !slices.Contains(langs, lang) {
		langs = append(slices.Clip(langs), lang)
	}
	return &dateparser.Configuration{
		Languages:           langs,
		PreferredDateSource: dateparser.Past,
		StrictParsing:       true,
	}
}

// dateLanguages are the languages whose month names dates are always
// read in: Gazette's own (English, Russian, Ukrainian) and the other large
// news languages of Europe.
var dateLanguages = []string{"en", "ru", "uk", "de", "fr", "es", "it", "pt", "pl", "nl"}

// moreDateLanguages are languages go-dateparser knows (TestDateLanguages
// checks each), read too when the page declares one of them.
var moreDateLanguages = stringSet("sv", "da", "nb", "nn", "fi", "cs", "sk", "sl", "hr", "sr", "bs", "bg", "ro", "hu",
	"el", "tr", "ar", "he", "fa", "hi", "bn", "ur", "id", "ms", "vi", "th", "zh", "ja", "ko", "ka", "hy", "az",
	"kk", "uz", "be", "lt", "lv", "et", "sq", "mk", "ca", "eu", "gl", "is", "ga", "cy", "af", "sw", "ta", "te")

// langAliases maps lang attributes that name a country, or an old code,
// to the language's code.
var langAliases = map[string]string{
	"ua": "uk", "by": "be", "kz": "kk", "cz": "cs", "gr": "el", "dk": "da", "jp": "ja",
	"iw": "he", "in": "id", "no": "nb", "rs": "sr", "al": "sq", "ge": "ka",
}

// bestMetaDate returns the value of the best-ranked date meta tag that is
// usable, or "".
func bestMetaDate(dates map[string]string, usable func(string) bool) string {
	best, bestRank := "", len(dateMetaRank)
	for k, v := range dates {
		if r := dateMetaRank[k]; r < bestRank && usable(v) {
			best, bestRank = v, r
		}
	}
	return best
}

// isModified reports whether src, where go-htmldate found its date, is
// one of the page's modification dates.
func isModified(src string, m meta) bool {
	src = strings.TrimSpace(src)
	for _, v := range m.modified {
		if v == src {
			return true
		}
	}
	return false
}

// utcStamp matches a timestamp with a time of day given in UTC ("Z",
// "+00:00", "GMT"): many sites store their local publication time so, and
// its day may not be the day the page shows.
var utcStamp = regexp.MustCompile(`(?i)\d[T ]?\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:z|[+-]00:?00|gmt|utc)$`)

// pageDay returns t, parsed from src, on the day it has where the page
// was published. A time written in UTC is moved into the page's own time
// zone when another date on the page states it ("2022-05-03T23:37:37-04:00"
// beside "2022-05-04T03:37:37Z"); without one, a date in the URL one day
// away is the day as the site wrote it (WordPress and most CMSs build the
// path from local time).
func pageDay(t time.Time, src string, doc *goquery.Document, m meta, pageURL string, now time.Time) *time.Time {
	if !utcStamp.MatchString(strings.TrimSpace(src)) {
		return &t
	}
	if zone := pageZone(doc, m); zone != nil {
		t = t.In(zone)
		return &t
	}
	if u := dateFromURL(pageURL, now); u != nil {
		if d := u.Sub(time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)); d == 24*time.Hour || d == -24*time.Hour {
			return u
		}
	}
	if centralEuropean(m, pageURL) && centralEuropeanMidnight(t) {
		t = t.Add(24 * time.Hour)
	}
	return &t
}

// centralEuropeanMidnight reports whether a UTC time is exactly the
// midnight of Central European time that day: 22:00 while summer time
// (CEST) is in force, 23:00 outside it. A CMS there stores a date without a
// time as its local midnight and writes it out in UTC, so the page's day is
// the next one.
func centralEuropeanMidnight(t time.Time) bool {
	if t.Minute() != 0 || t.Second() != 0 || t.Nanosecond() != 0 {
		return false
	}
	want := 23
	if cestInForce(t) {
		want = 22
	}
	return t.Hour() == want
}

// cestInForce reports whether Central European Summer Time is in force at
// t: from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last
// Sunday of October (the EU rule since 1996).
func cestInForce(t time.Time) bool {
	lastSunday := func(month time.Month) time.Time {
		d := time.Date(t.Year(), month+1, 1, 1, 0, 0, 0, time.UTC).AddDate(0, 0, -1)
		return d.AddDate(0, 0, -int(d.Weekday()))
	}
	return !t.Before(lastSunday(time.March)) && t.Before(lastSunday(time.October))
}

// cetLanguages and cetDomains mark a page as Central European, where the
// midnight rule above applies; elsewhere 22:00 UTC is an evening.
var (
	cetLanguages = map[string]bool{"de": true, "fr": true, "it": true, "es": true, "nl": true, "pl": true, "cs": true,
		"sk": true, "hu": true, "sl": true, "hr": true, "sr": true, "da": true, "sv": true, "no": true, "nb": true, "nn": true}
	cetDomains = map[string]bool{"de": true, "at": true, "ch": true, "fr": true, "it": true, "es": true, "nl": true, "be": true,
		"lu": true, "pl": true, "cz": true, "sk": true, "hu": true, "si": true, "hr": true, "rs": true, "dk": true, "se": true, "no": true}
)

// centralEuropean reports whether the page's language or its domain is one
// of Central European time.
func centralEuropean(m meta, pageURL string) bool {
	if cetLanguages[m.lang] {
		return true
	}
	host := hostName(absoluteURL(pageURL))
	return cetDomains[host[strings.LastIndexByte(host, '.')+1:]]
}

// pageZone returns the time zone that the page's own dates state: the
// first non-zero UTC offset among its JSON-LD and meta publication dates
// (best first), its modification dates and its <time datetime> attributes
// (the article's first), or nil.
func pageZone(doc *goquery.Document, m meta) *time.Location {
	zoneOf := func(s string) *time.Location {
		t, ok := parseDate(s)
		if !ok {
			return nil
		}
		if _, off := t.Zone(); off != 0 {
			return time.FixedZone("", off)
		}
		return nil
	}
	// The publication dates first, best tag first, then the modification
	// dates; <time> elements of the article before those elsewhere (ads,
	// comments).
	keys := make([]string, 0, len(m.dates))
	for k := range m.dates {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return dateMetaRank[keys[i]] < dateMetaRank[keys[j]] })
	vals := []string{m.ldDate}
	for _, k := range keys {
		vals = append(vals, m.dates[k])
	}
	vals = append(vals, m.modified...)
	for _, v := range vals {
		if z := zoneOf(v); z != nil {
			return z
		}
	}
	var zone *time.Location
	for _, sel := range []string{"article time[datetime], main time[datetime]", "time[datetime]"} {
		doc.Find(sel).EachWithBreak(func(_ int, s *goquery.Selection) bool {
			zone = zoneOf(s.AttrOr("datetime", ""))
			return zone == nil
		})
		if zone != nil {
			return zone
		}
	}
	return nil
}

// copyrightYear reports whether htmldate took its date from a copyright
// notice ("© 2022"): that is the year of the site's footer, not of the
// article, and January 1 of it would be a made-up publication date.
func copyrightYear(src string) bool {
	s := strings.ToLower(src)
	return strings.Contains(s, "©") || strings.Contains(s, "copyright") || strings.Contains(s, "(c)") || strings.Contains(s, "&copy;")
}

// yearOnly reports a date that go-htmldate made of a year alone, as its
// last resort does ("2022" → 1 January 2022). A day the page never gave
// would sort and filter the article wrongly; no date is better.
func yearOnly(t time.Time, src string) bool {
	if t.Month() != time.January || t.Day() != 1 {
		return false
	}
	digits := 0
	for _, r := range src {
		if r >= '0' && r <= '9' {
			digits++
		}
	}
	return digits <= 4
}

// dateLayouts are the date formats found in meta tags and datetime
// attributes.
var dateLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04:05",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05 -0700",
	"2006-01-02 15:04:05 MST",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04",
	"2006-01-02",
	"2006/01/02",
	"2006.01.02",
	"20060102",
	time.RFC1123Z,
	time.RFC1123,
	"Mon, 2 Jan 2006 15:04:05 -0700",
	"Mon, 2 Jan 2006 15:04:05 MST",
	"Mon, 02 Jan 2006",
	"January 2, 2006",
	"Jan 2, 2006",
	"2 January 2006",
	"2 Jan 2006",
	"02.01.2006",
	"02.01.2006 15:04",
}

// isoPrefix finds a YYYY-MM-DD date at the start of a longer string.
var isoPrefix = regexp.MustCompile(`^(\d{4})-(\d{2})-(\d{2})`)

// parseDate reads a date in any of dateLayouts; dates without a zone are
// taken as UTC.
func parseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, false
	}
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	if m := isoPrefix.FindStringSubmatch(s); m != nil {
		return ymd(m[1], m[2], m[3])
	}
	return time.Time{}, false
}

// ymd builds a UTC date from decimal year, month and day, rejecting
// impossible ones (2021-02-30).
func ymd(y, m, d string) (time.Time, bool) {
	yi, err1 := strconv.Atoi(y)
	mi, err2 := strconv.Atoi(m)
	di, err3 := strconv.Atoi(d)
	if err1 != nil || err2 != nil || err3 != nil {
		return time.Time{}, false
	}
	t := time.Date(yi, time.Month(mi), di, 0, 0, 0, 0, time.UTC)
	if t.Year() != yi || int(t.Month()) != mi || t.Day() != di {
		return time.Time{}, false
	}
	return t, true
}

// urlDate finds /2022/03/24/, /2022-03-24-, _20220324_ style dates in URLs
// and file paths.
var urlDate = regexp.MustCompile(`(?:^|[/_.-])((?:19|20)\d{2})([/_.-]?)(0[1-9]|1[0-2]|[1-9])([/_.-]?)(0[1-9]|[12]\d|3[01]|[1-9])(?:[/_.-]|$)`)

// dateFromURL returns a plausible date written in a URL path, or nil.
func dateFromURL(u string, now time.Time) *time.Time {
	if u == "" {
		return nil
	}
	if i := strings.Index(u, "://"); i >= 0 {
		// Skip the host: digits in a domain are not dates.
		rest := u[i+3:]
		if j := strings.IndexByte(rest, '/'); j >= 0 {
			u = rest[j:]
		} else {
			return nil
		}
	}
	for _, m := range urlDate.FindAllStringSubmatch(u, -1) {
		// Either both separators or none: "2022/0324" is not a date.
		if m[2] != m[4] {
			continue
		}
		if m[2] == "" && (len(m[3]) != 2 || len(m[5]) != 2) {
			continue
		}
		if t, ok := ymd(m[1], m[3], m[5]); ok && plausible(t, now) {
			return &t
		}
	}
	return nil
}

func stringSet(items ...string) map[string]bool {
	m := make(map[string]bool, len(items))
	for _, it := range items {
		m[it] = true
	}
	return m
}
