package corpus

import (
	"fmt"
	"html"
	"strings"
	"time"
)

// chrome is the boilerplate text of one language.
type chrome struct {
	cookie, accept, settings                    string
	share                                       string
	related, mostRead, tags, newsletter, signUp string
	rights, footerLinks                         string
	by, author                                  string
	published, updated                          string
	months                                      []string
}

var chromes = map[string]chrome{
	"en": {
		cookie: "We use cookies to improve your experience on our site and to show you relevant advertising. By continuing to browse you agree to our use of cookies.",
		accept: "Accept all", settings: "Cookie settings", share: "Share this article",
		related: "Read more", mostRead: "Most read", tags: "Topics", newsletter: "Get the morning briefing in your inbox", signUp: "Sign up",
		rights: "All rights reserved.", footerLinks: "About us|Contact|Advertise|Privacy policy|Terms of use|Corrections|Jobs",
		by: "By", author: "Author", published: "Published", updated: "Updated",
		months: strings.Fields("January February March April May June July August September October November December"),
	},
	"ru": {
		cookie: "Мы используем файлы cookie, чтобы сайт работал лучше. Оставаясь на сайте, вы соглашаетесь с политикой конфиденциальности.",
		accept: "Принять", settings: "Настройки", share: "Поделиться",
		related: "Читайте также", mostRead: "Самое читаемое", tags: "Теги", newsletter: "Подпишитесь на нашу рассылку", signUp: "Подписаться",
		rights: "Все права защищены.", footerLinks: "О нас|Контакты|Реклама|Политика конфиденциальности|Пользовательское соглашение|Вакансии",
		by: "Автор:", author: "Автор", published: "Опубликовано", updated: "Обновлено",
		months: strings.Fields("января февраля марта апреля мая июня июля августа сентября октября ноября декабря"),
	},
	"uk": {
		cookie: "Ми використовуємо файли cookie, щоб сайт працював краще. Залишаючись на сайті, ви погоджуєтеся з політикою конфіденційності.",
		accept: "Прийняти", settings: "Налаштування", share: "Поділитися",
		related: "Читайте також", mostRead: "Найпопулярніше", tags: "Теги", newsletter: "Підпишіться на нашу розсилку", signUp: "Підписатися",
		rights: "Усі права захищені.", footerLinks: "Про нас|Контакти|Реклама|Політика конфіденційності|Умови використання|Вакансії",
		by: "Автор:", author: "Автор", published: "Опубліковано", updated: "Оновлено",
		months: strings.Fields("січня лютого березня квітня травня червня липня серпня вересня жовтня листопада грудня"),
	},
}

var shareTargets = []string{"Facebook", "X", "Telegram", "WhatsApp", "Viber", "Email"}

// Page renders an article as its site's HTML page.
func (c *Corpus) Page(a *Article) []byte {
	s := a.Site
	st := s.style
	ch := chromes[a.Lang]
	e := html.EscapeString
	var b strings.Builder
	b.Grow(24 << 10)
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	pub := a.Published.Format(time.RFC3339)
	lead := a.Paras[0]
	if i := strings.IndexAny(lead, ".!?"); i > 0 {
		lead = lead[:i+1]
	}

	w("<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n", a.Lang)
	w("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
	w("<title>%s%s%s</title>\n", e(a.Title), st.titleSep, e(s.Name))
	w("<meta name=\"description\" content=\"%s\">\n", e(lead))
	w("<link rel=\"canonical\" href=\"%s\">\n", e(a.URL))
	w("<link rel=\"stylesheet\" href=\"https://%s/static/css/main.%x.css\">\n", s.Domain, hashString(s.Name)&0xffffff)
	if st.og {
		w("<meta property=\"og:type\" content=\"article\">\n<meta property=\"og:title\" content=\"%s\">\n", e(a.Title))
		w("<meta property=\"og:site_name\" content=\"%s\">\n<meta property=\"og:url\" content=\"%s\">\n", e(s.Name), e(a.URL))
		w("<meta property=\"og:image\" content=\"https://%s/images/%d.jpg\">\n", s.Domain, a.Index)
	}
	if a.Dated && st.dateKind == 0 {
		w("<meta property=\"article:published_time\" content=\"%s\">\n", pub)
	}
	if a.Author != "" && st.bylineKind == 2 {
		w("<meta name=\"author\" content=\"%s\">\n", e(a.Author))
	}
	if st.jsonLD || (a.Dated && st.dateKind == 2) || (a.Author != "" && st.bylineKind == 3) {
		w("<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\",\"@type\":\"NewsArticle\",\"headline\":%q", a.Title)
		if a.Dated {
			w(",\"datePublished\":%q", pub)
		}
		if a.Author != "" {
			w(",\"author\":{\"@type\":\"Person\",\"name\":%q}", a.Author)
		}
		w(",\"publisher\":{\"@type\":\"Organization\",\"name\":%q}}</script>\n", s.Name)
	}
	for k := range st.scripts {
		w("<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}gtag('js',new Date());gtag('config','G-%X%d',{anonymize_ip:true,page_type:'article',section:'%s'});</script>\n",
			hashString(s.Domain)&0xffffff, k, s.sections[0][0])
	}
	w("</head>\n<body class=\"%s lang-%s\">\n", st.cls.page, a.Lang)

	cookie := func() {
		w("<div class=\"%s\" role=\"dialog\"><p>%s</p><button class=\"accept\">%s</button> <a href=\"/privacy#cookies\">%s</a></div>\n",
			st.cls.cookie, e(ch.cookie), e(ch.accept), e(ch.settings))
	}
	if st.cookieTop {
		cookie()
	}
	w("<header class=\"%s\"><a class=\"logo\" href=\"https://%s/\">%s</a>\n<nav class=\"%s\"><ul>", st.cls.header, s.Domain, e(s.Name), st.cls.nav)
	for _, sec := range s.sections {
		w("<li><a href=\"/%s/\">%s</a></li>", sec[0], e(sec[1]))
	}
	w("</ul></nav></header>\n")

	share := func() {
		w("<div class=\"%s\"><span>%s</span>", st.cls.share, e(ch.share))
		for _, t := range shareTargets {
			w(" <a href=\"https://share.example/%s?u=%s\" rel=\"nofollow\">%s</a>", strings.ToLower(t), e(a.URL), t)
		}
		w("</div>\n")
	}

	w("<%s class=\"%s\">\n<h1 class=\"%s\">%s</h1>\n", st.wrapper, st.cls.wrap, st.cls.title, e(a.Title))
	if a.Author != "" {
		switch st.bylineKind {
		case 0:
			w("<div class=\"%s\">%s %s</div>\n", st.cls.byline, ch.by, e(a.Author))
		case 1:
			w("<div class=\"%s\"><a rel=\"author\" href=\"/author/%s/\">%s</a></div>\n", st.cls.byline, translit(a.Author, "-"), e(a.Author))
		case 3:
			w("<p class=\"%s\">%s: %s</p>\n", st.cls.byline, ch.author, e(a.Author))
		}
	}
	if a.Dated {
		p := a.Published
		long := fmt.Sprintf("%d %s %d, %02d:%02d", p.Day(), ch.months[p.Month()-1], p.Year(), p.Hour(), p.Minute())
		if a.Lang == "en" {
			long = fmt.Sprintf("%s %d, %d %02d:%02d", ch.months[p.Month()-1], p.Day(), p.Year(), p.Hour(), p.Minute())
		}
		switch st.dateKind {
		case 0:
			w("<time class=\"%s\" datetime=\"%s\">%s</time>\n", st.cls.date, pub, long)
		case 1, 3:
			w("<div class=\"%s\">%s %s</div>\n", st.cls.date, ch.published, long)
		case 2:
			w("<span class=\"%s\">%02d.%02d.%d %02d:%02d</span>\n", st.cls.date, p.Day(), p.Month(), p.Year(), p.Hour(), p.Minute())
		}
	}
	if st.shareTop {
		share()
	}
	w("<p class=\"%s\"><strong>%s</strong></p>\n<div class=\"%s\">\n", st.cls.lead, e(lead), st.cls.body)
	for k, p := range a.Paras {
		w("<p>%s</p>\n", e(p))
		if k == 2 && len(a.Paras) > 5 {
			w("<div class=\"ad-slot\" data-slot=\"in-article-%d\"></div>\n", k)
		}
	}
	w("</div>\n")
	if st.tags {
		w("<div class=\"%s\"><span>%s:</span>", st.cls.tags, e(ch.tags))
		for _, t := range a.Tags {
			w(" <a href=\"/tag/%s/\">%s</a>", translit(t, "-"), e(t))
		}
		w("</div>\n")
	}
	if !st.shareTop {
		share()
	}
	w("</%s>\n", st.wrapper)

	if st.related {
		w("<aside class=\"%s\"><h2>%s</h2><ul>", st.cls.related, e(ch.related))
		for k, h := range a.Related {
			w("<li><a href=\"/%s/%d\">%s</a></li>", s.sections[0][0], 100000+a.Index-1-k, e(h))
		}
		w("</ul></aside>\n")
	}
	if st.mostRead {
		w("<aside class=\"most-read\"><h3>%s</h3><ol>", e(ch.mostRead))
		for k, h := range a.Related[:3] {
			w("<li><a href=\"/%s/%d\">%s</a></li>", s.sections[len(s.sections)-1][0], 90000+a.Index%5000+k, e(h))
		}
		w("</ol></aside>\n")
	}
	if st.newsletter {
		w("<form class=\"newsletter\" action=\"/subscribe\" method=\"post\"><label>%s</label><input type=\"email\" name=\"email\"><button>%s</button></form>\n",
			e(ch.newsletter), e(ch.signUp))
	}
	w("<footer class=\"%s\"><ul>", st.cls.footer)
	for _, l := range strings.Split(ch.footerLinks, "|") {
		w("<li><a href=\"/%s/\">%s</a></li>", translit(l, "-"), e(l))
	}
	w("</ul><p>© %d–2025 %s. %s</p></footer>\n", s.founded, e(s.Name), e(ch.rights))
	if !st.cookieTop {
		cookie()
	}
	w("<script src=\"https://%s/static/js/app.%x.js\" defer></script>\n</body>\n</html>\n", s.Domain, hashString(s.Domain)&0xffffff)
	return []byte(b.String())
}
