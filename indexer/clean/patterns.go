package clean

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The patterns below describe page furniture in English, Russian,
// Ukrainian, German, French and Spanish. They are matched against whole
// lines, or whole sentences (or "|" items) of a short line, after normalize, never against substrings of a long paragraph:
// an article about a privacy law may say "privacy policy" as often as it
// likes.

// markerPhrases introduce a block of links to other stories ("More
// stories", "Читайте также"). What follows a marker is a list of teasers, not
// the article.
var markerPhrases = setOf(
	// English
	"more stories", "more news", "more articles", "other stories", "other news",
	"read more", "read also", "also read", "read next", "what to read next", "see also",
	"related", "related stories", "related articles", "related news", "related content",
	"related posts", "related coverage", "related topics", "related reading",
	"you may also like", "you might also like", "you may be interested in",
	"you might be interested in", "recommended", "recommended for you", "recommended stories",
	"popular", "popular now", "most popular", "most read", "most viewed", "trending",
	"trending now", "top stories", "latest news", "latest stories", "editor's picks",
	"editors' picks", "more on this story", "more on this topic", "further reading",
	// Russian
	"читайте также", "читайте еще", "читайте ещё", "читайте также на сайте", "смотрите также",
	"см. также", "по теме", "еще по теме", "ещё по теме", "новости по теме", "материалы по теме",
	"другие новости", "другие материалы", "последние новости", "главные новости",
	"самое популярное", "популярное", "популярные новости", "самое читаемое", "самое важное",
	"рекомендуем", "рекомендуем прочитать", "вам может быть интересно", "вам также может быть интересно",
	"похожие новости", "похожие материалы", "больше новостей", "больше историй", "еще истории",
	"ещё истории", "другие истории", "выбор редакции", "не пропустите",
	// Ukrainian
	"читайте також", "читайте ще", "дивіться також", "див. також", "за темою", "по темі",
	"новини за темою", "матеріали за темою", "інші новини", "інші матеріали", "останні новини",
	"головні новини", "найпопулярніше", "популярне", "популярні новини", "найбільш читане",
	"найчитаніше", "рекомендуємо", "рекомендуємо прочитати", "вас може зацікавити",
	"вам може бути цікаво", "схожі новини", "схожі матеріали", "більше новин", "більше історій",
	"інші історії", "вибір редакції", "не пропустіть",
	// German, French and Spanish, the other languages common in imports
	"lesen sie auch", "auch interessant", "das könnte sie auch interessieren", "mehr zum thema",
	"weitere artikel", "weitere themen", "neueste artikel", "verwandte artikel", "ähnliche artikel",
	"zum weiterlesen", "meistgelesen", "meist gelesen", "à lire aussi", "lire aussi", "sur le même sujet",
	"articles similaires", "te puede interesar", "lee también", "noticias relacionadas", "relacionados",
	"schon gelesen", "schon gelesen?", "auch lesen", "lesen sie auch die folgenden beiträge", "das könnte dich auch interessieren",
	"das thema könnte dich auch interessieren", "empfohlene beiträge", "ähnliche beiträge", "weitere beiträge",
	"mehr themen", "videos zum thema", "weitere beiträge aus der kolumne", "le puede interesar", "lea también",
	"lea más", "vea también", "contenido relacionado", "más noticias", "latest articles", "czytaj też", "czytaj także",
)

// markerPattern catches markers that name a site or section: "More from
// Reuters", "More in Business". It is one pattern, matched as a whole, but
// as alternatives so that lines that do not start like a marker skip the
// regexp.
var markerPattern = newAlternatives([]string{markerSource})

// markerSource is the pattern of markerPattern.
const markerSource = `(?:(?:more|other) (?:from|in|on|about) .{1,40}` +
	`|(?:mehr|weitere) (?:aktuelle |neue )?(?:kolumnen|artikel|beiträge|themen|nachrichten|storys|videos)(?: (?:auf|aus|in|zu|zum|von) .{1,40})?` +
	`|mehr zum thema (?:auf|bei|von) .{1,40}|auch auf \S+\.[a-z]{2,}|más sobre .{1,40}|entdecke weitere .{1,30}` +
	`|meist-? ?diskutiert|vorschau auf den nächsten artikel)`

// teaserPrefixes introduce a single cross-link on its own line ("Lea: …",
// "Mira: …", "Lesen Sie hier: …") but, alone on a line, are not markers of a
// block: "Lea" may be a name. The headline after them must not end a
// sentence, so that "Lea: Ich finde das gut." in an interview stays.
var teaserPrefixes = setOf("lea", "mira", "lesen sie hier", "lesen sie dazu", "dowiedz się więcej",
	"czytaj więcej", "zobacz też", "zobacz także", "read", "see", "watch", "lire", "voir aussi", "à voir aussi",
	"ver también", "véase también", "leia também", "leia mais", "смотрите", "читайте", "дивіться", "читайте більше")

// boilerplateSentence matches one sentence (or one "|"-separated item) of a
// furniture line: legal links, credits, cookie notices and their buttons,
// subscribe and share prompts.
var boilerplateSentence = newAlternatives(boilerplatePatterns)

// boilerplatePatterns are the alternatives of boilerplateSentence.
var boilerplatePatterns = []string{
	// Legal and service links.
	`privacy(?: policy| notice| statement| settings| center| centre)?`,
	`terms(?: of (?:use|service))?`, `terms (?:and|&) conditions`, `conditions of use`,
	`cookies?(?: policy| settings| preferences| notice)`, `do not sell my (?:personal )?(?:info|information)`,
	`legal(?: notice)?`, `imprint`, `impressum`, `disclaimer`, `accessibility(?: statement)?`,
	`site ?map`, `contacts?(?: us)?`, `about(?: us)?`, `advertis(?:e|ing)(?: with us)?`, `careers`,
	`help`, `faq`, `rss`, `feedback`, `corrections`, `ethics policy`, `all rights reserved`,
	`(?:©|\(c\)|copyright)\s*.*`,
	`политика (?:конфиденциальности|обработки персональных данных|в отношении обработки персональных данных|использования cookies?)`,
	`пользовательское соглашение`, `условия (?:использования|пользования)(?: сайта| материалов)?`,
	`правила (?:использования|пользования)(?: сайтом| сайта| материалов)?`, `все права защищены`,
	`о (?:нас|проекте|компании)`, `контакты`, `реклама(?: на сайте)?`, `карта сайта`, `вакансии`,
	`політика (?:конфіденційності|обробки персональних даних|використання cookies?)`,
	`угода користувача`, `умови (?:використання|користування)(?: сайтом| матеріалів)?`,
	`правила (?:використання|користування)(?: сайтом| матеріалів)?`,
	`(?:всі|усі) права (?:захищені|захищено)`, `про (?:нас|проєкт|проект|компанію)`, `контакти`,
	`реклама на сайті`, `мапа сайту`, `вакансії`,
	// Credits of the masthead.
	`(?:editor[- ]in[- ]chief|managing editor|publisher|главный редактор|шеф-редактор|головний редактор|головна редакторка|шеф-редакторка)\s*[—–:-]\s*.+`,
	// Cookie notices and consent buttons.
	`(?:we|this (?:web)?site|our (?:web)?site|the site|this page|we and our partners)(?: also)? (?:use|uses|are using|store) cookies(?: and (?:similar|other) (?:technologies|tools))?(?: (?:to|for|on|so|in order to) .*)?`,
	`by (?:continuing|using|browsing|clicking) .*(?:site|website|page|cookies|accept).*`,
	`(?:мы |наш сайт |этот сайт |сайт )?(?:используем|использует) (?:файлы )?(?:cookies?|куки)(?: и (?:похожие|другие) технологии)?(?:,? (?:чтобы|для) .*)?`,
	`продолжая .*(?:сайт|cookie|куки).*`,
	`(?:ми |наш сайт |цей сайт |сайт )?(?:використовуємо|використовує) (?:файли )?(?:cookies?|куки)(?:,? (?:щоб|для) .*)?`,
	`продовжуючи .*(?:сайт|cookie|куки).*`,
	`accept(?: all)?(?: cookies)?`, `reject(?: all)?`, `decline`, `(?:cookie )?settings`,
	`manage (?:preferences|cookies|settings|options|consent)`, `ok(?:ay)?`, `got it`, `(?:i )?agree`,
	`close`, `learn more`, `принять(?: все)?`, `отклонить`, `настройки`, `закрыть`, `(?:я )?согласен`,
	`подробнее`, `прийняти(?: всі)?`, `відхилити`, `налаштування`, `закрити`, `(?:я )?погоджуюсь`,
	`детальніше`, `дізнатися більше`,
	// Subscribe and follow prompts.
	`(?:subscribe|sign up|signup|register)(?: now| today| for free| here)?`,
	`(?:subscribe|sign up|signup) (?:to|for) (?:our|the|my|a|free|us|daily|weekly) .*?(?:newsletter|digest|mailing list|channel|podcast|updates|alerts|briefing|emails?|telegram|youtube).*`,
	`get (?:our|the) .*(?:newsletter|in your inbox).*`, `.*delivered (?:straight |directly )?to your inbox.*`,
	`enter your e-?mail(?: address)?.*`, `your e-?mail(?: address)?`, `(?:our |daily |weekly )?newsletters?`,
	`follow us`, `(?:follow|join) (?:us|our \w+) on (?:facebook|twitter|x|telegram|instagram|youtube|tiktok|whatsapp|linkedin|threads|mastodon|bluesky|google news)`,
	`подпи(?:шитесь|сывайтесь) на (?:наш|нашу|наши|нас|канал|рассылку|telegram|телеграм|youtube|новости).*`,
	`подписаться`, `(?:наша )?рассылка`, `следите за (?:нами|новостями) в .*`,
	`підпи(?:шіться|суйтесь) на (?:наш|нашу|наші|нас|канал|розсилку|telegram|телеграм|youtube|новини).*`,
	`підписатися`, `(?:наша )?розсилка`, `стежте за (?:нами|новинами) в .*`,
	`(?:наш |our )?(?:telegram|телеграм)(?:-канал| channel| канал)?`,
	// Share bars.
	`share(?: this)?(?: article| story| page| post)?(?: on .{1,30})?`, `(?:поделиться|поділитися)(?: в .{1,30})?`,
	`tweet`, `e-?mail`, `print`, `copy link`, `link copied`, `скопировать ссылку`, `копіювати посилання`,
	`(?:facebook|twitter|x|telegram|whatsapp|viber|vk|vkontakte|вконтакте|одноклассники|linkedin|reddit|pinterest|messenger|flipboard|mastodon|threads|bluesky)`,
	// The same furniture in German, French and Spanish.
	`datenschutz(?:erklärung|hinweise)?`, `alle rechte vorbehalten`, `(?:zum )?newsletter (?:anmelden|abonnieren)`,
	`jetzt (?:anmelden|abonnieren)`, `teilen(?: auf .{1,30})?`, `(?:schreibe|schreiben sie) einen kommentar`,
	`mentions légales`, `politique de confidentialité`, `tous droits réservés`, `partager(?: sur .{1,30})?`,
	`aviso legal`, `política de privacidad`, `todos los derechos reservados`, `compartir(?: en .{1,30})?`,
	`agb`, `kontakt`, `artikel (?:teilen|drucken|merken)`, `(?:jetzt )?newsletter abonnieren`,
	`(?:diese (?:web)?seite|diese website|wir) (?:verwendet|verwenden|nutzt|nutzen) cookies.*`,
	`alle (?:akzeptieren|ablehnen)`, `(?:cookie-)?einstellungen`, `akzeptieren`, `ablehnen`,
	`(?:chefredakteur(?:in)?|herausgeber(?:in)?|v\.i\.s\.d\.p\.)\s*[—–:-]\s*.{1,60}`,
	`cgu`, `cgv`, `plan du site`, `nous contacter`, `inscrivez-vous à (?:notre|la|nos) (?:newsletter|lettre).*`,
	`(?:ce site|notre site|nous) (?:utilise|utilisons) des cookies.*`, `tout (?:accepter|refuser)`,
	`(?:directeur|directrice) de (?:la )?publication\s*[—–:-]\s*.{1,60}`, `(?:rédacteur|rédactrice) en chef\s*[—–:-]\s*.{1,60}`,
	`política de cookies`, `contacto`, `suscríbete a (?:nuestro|nuestra|nuestros) (?:boletín|newsletter).*`,
	`(?:este sitio(?: web)?|esta web|nuestro sitio(?: web)?|utilizamos) (?:utiliza |usa )?cookies.*`,
	`aceptar(?: todas| todo)?`, `rechazar(?: todas| todo)?`,
	`s[ií]guenos en (?:facebook|twitter|x|telegram|instagram|youtube|tiktok|whatsapp)(?:,? (?:y |e )?(?:facebook|twitter|x|telegram|instagram|youtube|tiktok|whatsapp))*`,
	`folgen sie uns auf .{1,40}`, `suivez-nous sur .{1,40}`, `alle angaben ohne gewähr`,
	`sie sind (?:aktuell |derzeit )?nicht (?:eingeloggt|angemeldet)`,
	`(?:director|directora|redactor jefe|redactora jefa)\s*[—–:-]\s*.{1,60}`,
	// Advertising and comment widgets.
	`advertisement`, `реклама`, `sponsored(?: content)?`, `(?:\d+ )?comments?`, `leave a (?:comment|reply)`,
	`комментарии`, `коментарі`, `keine kommentare`, `kommentieren`, `(?:neueste )?kommentare`, `view comments`,
	`kategorien`, `categories`, `(?:\d+ )?(?:комментари(?:й|я|ев)|коментар(?:ів|і)?)`,
	`keine kommentare(?: \(.{1,80}\))?`,
	`\d+ (?:antworten|kommentare|comments|responses|replies|réponses|commentaires|respuestas|comentarios) (?:zu|auf|to|on|à|sur|a|en) [„"“«‚‘'].{1,150}[“"”»‘’']`,
	// Comment and letter prompts.
	`(?:verraten|schreiben|schreibt|schreib|sagen|sagt|sag|teilen|teilt|teil) (?:sie |uns |es |mir |gerne |gern |doch |ihr )*(?:in den kommentaren|in die kommentare|in einem kommentar).*`,
	`(?:let us know|tell us|share your thoughts|leave your thoughts)(?: .{1,40})? in the comments(?: below)?`,
	`share your thoughts and debate the big issues`, `(?:be|become) part of the conversation`, `join the conversation`,
	`we want to hear what you think(?: about this (?:article|story))?`, `submit (?:a|your) letter to the editor.*`,
	`(?:um|to) .{1,80} (?:kommentieren|comment) zu können, müssen sie (?:eingeloggt|angemeldet|registriert) sein`,
	`(?:du musst|sie müssen) (?:eingeloggt|angemeldet) sein,? um (?:einen )?kommentare? zu (?:schreiben|verfassen|hinterlassen)`,
	`you must be logged in to post a comment`,
	// Paywall, app and channel prompts.
	`(?:please )?subscribe (?:now )?to .{1,60} for the full (?:story|article)`, `(?:please )?subscribe now to .{1,60}`,
	`to (?:view|read|continue reading|see) the (?:full|whole|rest of the) (?:story|article),? please (?:subscribe|log in|sign in) .{1,60}`,
	`you can choose an? [$€£]\d[^.!?]{0,60}(?:subscription|pass)[^.!?]{0,60}`,
	`if you(?:'|’)re seeing this message but you(?:'|’)re already a subscriber[^.!?]{0,80}`,
	`(?:already a subscriber|already subscribed)\??,? (?:log|sign) in(?: here)?`,
	`pour lire la suite(?: de cet article)?`, `pour accéder en illimité.*`, `hazte (?:miembro|socio|suscriptor).*`,
	`(?:for (?:the latest|more) .{1,60} )?download (?:the|our) .{1,40} apps? (?:for|on) (?:ios|android|iphone)(?: and (?:ios|android))?`,
	`follow [^.!?]{1,40} on (?:facebook|twitter|x|telegram|instagram|youtube|tiktok)[^.!?]{0,40} @\S+.*`,
	`(?:follow|like) (?:us|our [\p{L} ]{1,30}) on (?:facebook|twitter|x|telegram|instagram|youtube|tiktok|whatsapp|linkedin)(?:(?:,| and| &) (?:facebook|twitter|x|telegram|instagram|youtube|tiktok|whatsapp|linkedin))*(?: @\S+)?(?: and on (?:facebook|twitter|instagram) @\S+)?`,
	`send us a message on whatsapp.*`,
	`s[ií]guenos en (?:facebook|twitter|x|telegram|instagram|youtube|tiktok|whatsapp)(?:,? (?:y |e )?(?:facebook|twitter|x|telegram|instagram|youtube|tiktok|whatsapp))* para .{1,80}`,
	`¿?ya sabías que .{1,40} tenemos (?:un )?canal de (?:telegram|whatsapp|youtube)`, `únete desde .{1,60}`,
	`¡?mira lo que tiene nuestro canal de (?:youtube|telegram|whatsapp)`,
	`never miss the latest .{1,40} by signing up (?:to|for) our newsletter.*`,
	`lust auf mehr`, `lass dir .{1,60} in deinen posteingang liefern`,
	// Advertising disclosures.
	`\*?(?:werbung|anzeige|advertorial)`, `anzeige,? enthält (?:affiliate[- ]links|werbung)`,
	`(?:dieser|der) (?:beitrag|artikel|post) enthält (?:werbung|affiliate[- ]links|anzeigen|produktplatzierungen?)(?: für .{1,40})?`,
	`anzeige\s*[-–—]\s*.{1,80}`,
	`this (?:post|article|page|story) (?:contains|may contain|includes) (?:affiliate links|references to products|sponsored).*`,
	`we (?:may )?(?:receive|earn) (?:a )?(?:small )?(?:compensation|commission) (?:when|if) you (?:click|buy|purchase|shop|sign up|make a purchase)[^.!?]{0,80}`, `terms apply to the offers listed on this page`,
	`for an explanation of our advertising policy.*`, `read our advertiser disclosure.*`,
	`we recommend the best products through an independent review process.*`,
	// Picture credits and widget labels.
	`(?:photo|image|picture|foto) credits?\s*:\s*[^.!?]{1,80}`, `\((?:photo |image )?credits?\s*:\s*.{1,80}\)`,
	`crédits? photos?\s*:\s*.{1,80}`, `(?:titelbild|beitragsbild|headerbild|aufmacherbild|bildquelle|fotocredit|bildnachweis)\s*:\s*.{1,80}`,
	`bild anzeigen`, `externer inhalt`, `inhaltsverzeichnis`, `table of contents`, `sommaire`,
	// Empty byline, date and tag labels.
	`(?:von|by|por|release date|veröffentlichung|aufrufe)`,
	`(?:category|categories|kategorie|catégorie|categoría)\s*:\s*.{1,60}`,
	`(?:aufrufe|views|hits|zugriffe)\s*:?\s*\d[\d.,]*`,
	`(?:verfasst|geschrieben|posted|written) (?:von|by)\s*:?\s*[\p{L}.'’ -]{1,40}`,
	// A date line, alone or as one item of a "|" line, with its label.
	labelledDate,
}

// labelledDate is a date with its label, as bylines print it ("Updated on
// 12 March 2022", "Stand: 20. April 2020, 14:57 Uhr"). Only the label makes
// a date line furniture: a bare date may head an entry of a timeline or a
// live ticker.
const labelledDate = `(?:published|posted|updated|last updated|last modified|asked|answered|edited|veröffentlicht|aktualisiert|zuletzt aktualisiert|letzte änderung|letzte aktualisierung|stand|erstellt|erschienen|publié|mis à jour|publicado|actualizado|опубликовано|обновлено|оновлено|news date|datum|date)(?: on| am| le| el| at| vom)?\s*:?\s*` + datePattern

// dateLine matches a whole labelled date line, tried before a line is split
// into sentences (the split would cut "31. Dezember 2008" at its full stop).
var dateLine = regexp.MustCompile(`^(?:` + labelledDate + `)$`)

// bareDate matches a date alone, an item of a byline row ("Anna | 3. März
// 2004, 19:49").
var bareDate = regexp.MustCompile(`^(?:` + datePattern + `)$`)

// datePattern matches a date as pages print it above or below an article,
// with an optional time: "27.01.2022", "2021-10-16", "31. Dezember 2008",
// "January 13, 2020 at 08:45 AM", "14 de abril de 2022".
const datePattern = `(?:\d{1,2}[./]\d{1,2}[./]\d{2,4}|\d{4}-\d{2}-\d{2}|\d{1,2}\.? (?:de )?` + monthNames + `(?: de)?,? \d{4}|` + monthNames + ` \d{1,2},? \d{4})` +
	`(?:,? (?:at |um |à |a las |в )?\d{1,2}[:.]\d{2}(?: ?[ap]m| uhr| h)?)?`

const monthNames = `(?:januar|jänner|februar|märz|april|mai|juni|juli|august|september|oktober|november|dezember|` +
	`january|february|march|may|june|july|october|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|` +
	`janvier|février|mars|avril|juin|juillet|août|septembre|octobre|novembre|décembre|` +
	`enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre|` +
	`января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря|` +
	`січня|лютого|березня|квітня|травня|червня|липня|серпня|вересня|жовтня|листопада|грудня)`

// Outdated-browser and disabled-JavaScript notices: a line naming the
// browser or JavaScript together with its problem, short or with a call to
// action, is the notice itself and not a sentence about browsers.
var (
	scriptNotice = regexp.MustCompile(`(?:enable|turn on|включите|увімкніть) javascript|javascript (?:is )?(?:required|disabled|turned off|not enabled|отключен|выключен|вимкнено|вимкнений)`)
	browserIssue = regexp.MustCompile(`veraltet|nicht (?:mehr )?unterstützt|obsolète|n'est plus (?:pris en charge|supporté)|desactualizado|obsoleto|no es compatible|ya no es compatible|outdated|out of date|out-of-date|too old|no longer supported|not supported|unsupported|obsolete|disabled|turned off|устарел|устаревш|не поддерживается|отключ|застарів|застаріл|не підтримується|вимкнен`)
	browserCall  = regexp.MustCompile(`aktualisier|bitte|mettre à jour|veuillez|actualice|actualiza|por favor|update|upgrade|install|download|switch to|enable|please|modern|обновите|установите|скачайте|воспользуйтесь|включите|пожалуйста|современн|оновіть|встановіть|завантажте|скористайтеся|увімкніть|будь ласка|сучасн`)
)

// hasBrowserWord reports whether the lowercased line names a web browser.
func hasBrowserWord(n string) bool {
	for _, w := range []string{"browser", "браузер", "navigateur", "navegador"} {
		if strings.Contains(n, w) {
			return true
		}
	}
	return false
}

// sentenceSplit separates the sentences and "|"-separated items of a line.
var sentenceSplit = regexp.MustCompile(`[.!?…]+\s+|\s+[|•·]\s+|\s*;\s+`)

// normalize lowercases s, folds ё to е, collapses white space and trims
// bullets, arrows and end punctuation, so that "  Read more → " and "read
// more" compare equal.
//
// It gives what strings.ToLower(CollapseSpace(s)) with ё replaced and the
// ends trimmed gives (invalid bytes become U+FFFD, as in strings.ToLower),
// in one pass and one allocation, or none when s is already in that form.
func normalize(s string) string {
	if !isNormalForm(s) {
		var b strings.Builder
		b.Grow(len(s))
		pending := false // a space is due before the next rune
		for i := 0; i < len(s); {
			c := s[i]
			if c < utf8.RuneSelf {
				if asciiSpace[c] {
					pending = b.Len() > 0
					i++
					continue
				}
				if pending {
					b.WriteByte(' ')
					pending = false
				}
				if 'A' <= c && c <= 'Z' {
					b.WriteByte(c + 'a' - 'A')
					i++
					continue
				}
				// Copy a run of ASCII that stays as it is at once.
				j := i + 1
				for j < len(s) && s[j] < utf8.RuneSelf && !asciiSpace[s[j]] && !('A' <= s[j] && s[j] <= 'Z') {
					j++
				}
				b.WriteString(s[i:j])
				i = j
				continue
			}
			r, size := utf8.DecodeRuneInString(s[i:])
			i += size
			if unicode.IsSpace(r) {
				pending = b.Len() > 0
				continue
			}
			if pending {
				b.WriteByte(' ')
				pending = false
			}
			if r = unicode.ToLower(r); r == 'ё' {
				r = 'е'
			}
			b.WriteRune(r) // an invalid byte (RuneError) becomes U+FFFD
		}
		s = b.String()
	}
	s = strings.TrimLeft(s, "•·-–—*>›»→| ")
	return strings.TrimRight(s, ".:!…»>›→| ")
}

// isNormalForm reports whether normalize only needs to trim the ends of s:
// its white space is single inner spaces and no rune changes when
// lowercased (ё aside, which changes to е).
func isNormalForm(s string) bool {
	if !isCollapsed(s) {
		return false
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || r == 'ё' || unicode.ToLower(r) != r {
			return false
		}
		i += size
	}
	return true
}

// isMarker reports whether line introduces a block of links to other
// stories.
func isMarker(line string) bool { return isMarkerNormal(normalize(line)) }

// isMarkerNormal is isMarker of a line that normalize gave n.
func isMarkerNormal(n string) bool {
	if n == "" || utf8.RuneCountInString(n) > 60 {
		return false
	}
	return markerPhrases[n] || markerPattern.MatchString(n)
}

// isInlineTeaser reports whether line is a single cross-link such as
// "Read also: The council approves the budget".
func isInlineTeaser(line string) bool { return isInlineTeaserNormal(line, normalize(line)) }

// isInlineTeaserNormal is isInlineTeaser of a line that normalize gave n.
func isInlineTeaserNormal(line, n string) bool {
	if utf8.RuneCountInString(n) > 200 {
		return false
	}
	for _, sep := range []string{":", " — ", " – ", " - ", " » "} {
		head, rest, ok := strings.Cut(n, sep)
		head = strings.TrimSpace(head)
		rest = strings.TrimSpace(rest)
		if !ok || rest == "" {
			continue
		}
		if markerPhrases[head] || sep == ":" && teaserPrefixes[head] && len(strings.Fields(rest)) >= 3 && !endsSentence(line) {
			return true
		}
	}
	return false
}

// endsSentence reports whether a line ends like a sentence, closing quotes
// and brackets aside: "Mira: „Wir bleiben hier.“" does.
func endsSentence(line string) bool {
	line = strings.TrimRight(strings.TrimSpace(line), `"»”’)“」』]`)
	return line == "" || strings.ContainsRune(".!?…", lastRune(line))
}

// isBoilerplate reports whether a whole line is page furniture: a labelled
// date line; a row of "|" items that are each furniture or a date; a line
// every sentence of which is a legal link, credit, cookie notice, button,
// subscribe or share prompt; an outdated-browser notice; or a divider made
// of bullets and dashes. Empty lines are not boilerplate.
func isBoilerplate(line string) bool {
	if strings.TrimSpace(line) == "" {
		return false
	}
	return isBoilerplateNormal(normalize(line))
}

// isBoilerplateNormal is isBoilerplate of a line that is not blank and that
// normalize gave n.
func isBoilerplateNormal(n string) bool {
	if strings.Trim(n, separatorChars) == "" {
		return true // separators and bullets: "·", "* * *", "———"
	}
	size := utf8.RuneCountInString(n)
	if size > 400 {
		return false
	}
	if hasBrowserWord(n) && browserIssue.MatchString(n) && (size < 120 || browserCall.MatchString(n)) {
		return true
	}
	if size < 200 && strings.Contains(n, "javascript") && scriptNotice.MatchString(n) {
		return true
	}
	if size > 250 {
		return false
	}
	if !strings.ContainsAny(n, ".!?…|•·;") {
		return boilerplateSentence.MatchString(n) // one sentence: skip splitting
	}
	if size <= 120 && dateLine.MatchString(n) {
		return true // a date line, whose "31. Dezember" the sentence split would cut
	}
	if strings.ContainsAny(n, "|•·") && allItems(n, itemSplit, bareDate) {
		return true // items of a "|" line, each a date, label or link
	}
	return allItems(n, sentenceSplit, nil)
}

// itemSplit separates the "|"-separated items of a line only.
var itemSplit = regexp.MustCompile(`\s+[|•·]\s+`)

// allItems reports whether every non-empty part of n, as split.Split(n, -1)
// cuts it, is boilerplate. A part may also match also (when not nil): a
// bare date is an item of a byline row, though not furniture on a line of
// its own. The parts are cut one by one, so that a line whose first
// sentence is not furniture costs one search for a separator.
func allItems(n string, split, also *regexp.Regexp) bool {
	// split matches no empty string, so Split gives the text between
	// matches and the rest after the last one (all of n without a match).
	for rest := n; ; {
		part := rest
		loc := split.FindStringIndex(rest)
		if loc != nil {
			part = rest[:loc[0]]
		}
		if s := normalize(part); s != "" && !boilerplateSentence.MatchString(s) && (also == nil || !also.MatchString(s)) {
			return false
		}
		if loc == nil {
			return true
		}
		rest = rest[loc[1]:]
	}
}

// isWeakBoilerplate reports whether a boilerplate line is only a button or a
// link label ("Close", "Share", "Contact us"). Such words alone do not make a
// block furniture; they only ride along with a real notice.
func isWeakBoilerplate(line string) bool {
	n := normalize(line)
	return len(strings.Fields(n)) <= 3 && !strings.ContainsAny(n, "©") && isBoilerplate(n)
}

// sentenceEnd finds ends of sentences for counting.
var sentenceEnd = regexp.MustCompile(`[.!?…]+["»”’)]*(?:\s|$)`)

// countSentences estimates how many sentences s holds.
func countSentences(s string) int {
	n := len(sentenceEnd.FindAllStringIndex(s, -1))
	if n == 0 && strings.TrimSpace(s) != "" {
		return 1
	}
	if last := lastRune(strings.TrimSpace(s)); last != 0 && !isTerminal(last) {
		n++ // a trailing fragment without final punctuation
	}
	return n
}

func isTerminal(r rune) bool {
	return strings.ContainsRune(".!?…\"»”’)", r)
}

func lastRune(s string) rune {
	r, _ := utf8.DecodeLastRuneInString(s)
	if r == utf8.RuneError {
		return 0
	}
	return r
}

// separatorChars make up divider lines such as "* * *" or "———".
const separatorChars = "•·|*-–—_=~#/\\.…<>«»‹›→← \t"

func setOf(items ...string) map[string]bool {
	m := make(map[string]bool, len(items))
	for _, it := range items {
		m[strings.ReplaceAll(it, "ё", "е")] = true
	}
	return m
}
