package clean

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata with the current output")

// golden compares got with testdata/<name>, or rewrites the file with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
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
		t.Errorf("output differs from %s (run go test -update after checking):\n--- got ---\n%s\n--- want ---\n%s", path, got, want)
	}
}

func TestLinesFixtures(t *testing.T) {
	tests := []struct {
		file string
		keep []string // article text that must survive
		drop []string // boilerplate that must go
	}{
		{
			file: "en-library.txt",
			keep: []string{
				"Residents queue outside the flooded library",
				"Council approves emergency repairs for flooded library",
				"The Dunmore town council voted on Wednesday",
				"The money is there, and the building is worth saving.",
				"stayed dry because the shelves were raised",
				"The library will reopen in stages.",
				"Residents who lost borrowed books in the flood will not be charged",
			},
			drop: []string{
				"Read also", "bakery", "More stories", "Harbour ferry", "island service",
				"Local runner", "fog on the summit", "Share this article", "Facebook", "Twitter",
				"newsletter", "Editor in chief", "Terms of use", "Privacy policy", "cookies",
				"Accept all", "All rights reserved", "browser",
			},
		},
		{
			file: "en-privacy-law.txt",
			keep: []string{
				"Parliament passes online privacy law",
				"ending two years of debate over the privacy policy of large platforms.",
				"a site must ask before it stores advertising cookies",
				"We use cookies, the minister said",
				"\"Terms of use that nobody can read are not consent,\"",
				"Share prices of two advertising firms fell",
				"Subscribe to the idea or not",
			},
		},
		{
			file: "ru-school.txt",
			keep: []string{
				"В Кольчугино открыли новую школу на тысячу учеников",
				"Новая школа в микрорайоне Северный",
				"рассказала директор Ирина Соколова.",
				"Подрядчик сдал объект на два месяца раньше срока.",
				"В следующем году рядом со школой планируют построить детский сад.",
			},
			drop: []string{
				"Читайте также", "стадион", "Клязьму", "Движение транспорта", "картофеля",
				"Урожайность", "Поделиться", "Telegram", "Главный редактор", "Пользовательское соглашение",
				"Политика конфиденциальности", "cookies", "Продолжая", "©", "браузер",
			},
		},
		{
			file: "uk-bridge.txt",
			keep: []string{
				"У Житомирі відкрили відремонтований міст через Тетерів",
				"Робітники замінили покриття, перила та освітлення",
				"сказав інженер Олег Мельник.",
				"Ремонт коштував міському бюджету 48 мільйонів гривень.",
			},
			drop: []string{
				"Читайте також", "Найпопулярніше", "Бердичеві", "Автобус курсуватиме", "рисей",
				"Поділитися", "розсилку", "Головний редактор", "Умови використання",
				"Політика конфіденційності", "cookie", "браузер",
			},
		},
		{
			file: "de-radweg.txt",
			keep: []string{
				"Neuer Radweg entlang der Ruhr freigegeben",
				"durchgehend beleuchtet.",
				"sagte Bürgermeisterin Karin Vogt",
				"Ein Teil des Weges verläuft auf einer alten Bahntrasse.",
				"Start ist um zehn Uhr am Bahnhof.",
				"keine Cookies für Werbung, betonte eine Sprecherin.",
			},
			drop: []string{
				"Lesen Sie auch", "Parkgebühren", "Mehr zum Thema", "Lenne", "Herbst beginnen", "Bäckerei",
				"teilen", "Facebook", "Newsletter", "verwendet Cookies, um", "akzeptieren", "Impressum",
				"Datenschutz", "Chefredakteur", "Alle Rechte", "Browser",
			},
		},
		{
			file: "fr-marche.txt",
			keep: []string{
				"Le marché couvert de Villeneuve rouvre après travaux",
				"laisse entrer la lumière.",
				"raconte Sylvie Marchand",
				"devant l'entrée.",
				"avec des producteurs de la région.",
				"utilise des cookies uniquement pour compter les visiteurs",
			},
			drop: []string{
				"À lire aussi", "budget pour 2025", "Sur le même sujet", "piscine", "deux ans", "fête de la musique",
				"Partager", "newsletter", "améliorer votre expérience", "Tout accepter", "Mentions légales",
				"Directeur de la publication", "Tous droits réservés", "navigateur",
			},
		},
		{
			file: "es-biblioteca.txt",
			keep: []string{
				"La biblioteca municipal de Almendral amplía su horario",
				"según anunció el ayuntamiento este martes.",
				"explicó la directora, Lucía Ferrer.",
				"cuarenta puestos nuevos.",
				"cuando se conozcan las cifras de visitantes.",
				"utiliza cookies solo para recordar el idioma, según su política de privacidad.",
			},
			drop: []string{
				"Lee también", "plan de tráfico", "Noticias relacionadas", "mercado de abastos", "antes de lo previsto",
				"concurso de fotografía", "Compartir", "boletín", "mejorar su experiencia", "Aceptar", "Aviso legal",
				"Director:", "Todos los derechos", "navegador",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			in, err := os.ReadFile(filepath.Join("testdata", "lines", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			got := Lines(string(in))
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
			golden(t, filepath.Join("lines", strings.TrimSuffix(tt.file, ".txt")+".golden"), got)
		})
	}
}

func TestLinesRules(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", ""},
		{"blank lines only", "\n \n\t\n", ""},
		{"paragraphs normalised", "  One   line. \r\n\n\n Two\tline. ", "One line.\n\nTwo line."},
		{"lines of a paragraph stay together", "First line\nsecond line\n\nNext", "First line\nsecond line\n\nNext"},
		{"marker at the end drops teasers", "Body text.\n\nRelated\n\nOther headline\n\nOther blurb here", "Body text."},
		{"teasers end at a long paragraph",
			"Start.\n\nMore stories\n\nTeaser headline\n\nTeaser blurb without a period\n\n" + strings.Repeat("The article goes on with a long paragraph. ", 6),
			"Start.\n\n" + strings.TrimSpace(strings.Repeat("The article goes on with a long paragraph. ", 6))},
		{"teasers end at several sentences",
			"Start.\n\nЧитайте також\n\nЗаголовок іншої новини\n\nМер пообіцяв відповісти до п'ятниці. Депутати погодилися чекати, але попередили про протест.",
			"Start.\n\nМер пообіцяв відповісти до п'ятниці. Депутати погодилися чекати, але попередили про протест."},
		{"inline cross-link", "A.\n\nЧитайте также: Новость о другом\n\nB.", "A.\n\nB."},
		{"marker word inside a sentence is text", "Read more about the plan in the council report.", "Read more about the plan in the council report."},
		{"cookie sentence in an article is text",
			"The regulator said that this site uses cookies for tracking was not disclosed, and fined the company. Its lawyers disagreed.",
			"The regulator said that this site uses cookies for tracking was not disclosed, and fined the company. Its lawyers disagreed."},
		{"masthead line", "Text.\nГоловний редактор — Іван Коваль. Умови використання.", "Text."},
		{"browser notice", "Ваш браузер устарел. Обновите его.\nText.", "Text."},
		{"german marker and furniture", "Der Rat stimmte zu.\n\nLesen Sie auch\n\nNeuer Radweg eröffnet\n\nDatenschutz | Impressum", "Der Rat stimmte zu."},
		{"spanish and german cross-links", "A.\n\nLea también: Otra noticia del día\n\nSchon gelesen?\n\nEin anderer Artikel\n\nB. Der Rat tagte bis spät in die Nacht über den Haushalt. Am Ende stimmten alle Fraktionen zu.", "A.\n\nB. Der Rat tagte bis spät in die Nacht über den Haushalt. Am Ende stimmten alle Fraktionen zu."},
		{"follow prompts and login notices", "Text.\nSíguenos en Telegram, Instagram, Facebook y Twitter\nFolgen Sie uns auf Instagram\nSie sind aktuell nicht eingeloggt.", "Text."},
		{"divider lines", "A.\n* * *\n———\nB.", "A.\nB."},
		{"date and label lines", "Text.\n31. Dezember 2008\nAktualisiert am 17.01.2021.\nJanuary 13, 2020 at 08:45 AM | categories: Python | View Comments\nVerfasst von: anna | 3. März 2004, 19:49\nVon:\nKategorie: News\nAufrufe: 1120 |\nMore text.", "Text.\n31. Dezember 2008\nMore text."},
		{"sentence with a date is text", "Am 31. Dezember 2008 trat das Gesetz in Kraft.", "Am 31. Dezember 2008 trat das Gesetz in Kraft."},
		// Article lines that the furniture patterns must not take (a bare
		// date may head a timeline entry).
		{"article lines like furniture", strings.Join(articleLinesLikeFurniture, "\n"), strings.Join(articleLinesLikeFurniture, "\n")},
		{"picture credits", "Text.\nCrédits photos : Bestimage\n(Credit: Clayton Aldern / Grist)\nTitelbild: Geyres Christophe/ABACA\nBild anzeigen\nExterner Inhalt", "Text."},
		{"comment prompts", "Text.\nVerraten Sie gerne in den Kommentaren: Was bedeutet der Preis für Sie?\n11 Antworten zu „Ein Titel“\nKeine Kommentare (Kommentare erscheinen erst nach unserer Freigabe)\nShare your thoughts and debate the big issues\nBe part of the conversation\nWe want to hear what you think about this article. Submit a letter to the editor or write to letters@example.com.\nUm den Tipp \"Tomaten\" kommentieren zu können, müssen Sie eingeloggt sein.", "Text."},
		{"comment in an article is text", "Viele Leser schrieben in den Kommentaren, dass sie zufrieden sind.", "Viele Leser schrieben in den Kommentaren, dass sie zufrieden sind."},
		{"paywall, app and channel prompts", "Text.\nSubscribe now to our eNATION edition for the full story.\nTo view the full story, please subscribe to The Times. You can choose a $60 Annual Subscription or a $5 Weekly Pass.\nFor the latest stories and breaking news updates download the News apps for iOS and Android.\nFollow The Gleaner on Twitter and Instagram @Gleaner and on Facebook @GleanerJ.\nPour lire la suite\nHAZTE MIEMBRO Y DISFRUTA DE BENEFICIOS EXCLUSIVOS\n¡Mira lo que tiene nuestro canal de YouTube!\nSiguenos en Telegram y Twitter para recibir en directo todas nuestras actualizaciones\nNever miss the latest news by signing up to our newsletter today!", "Text."},
		{"advertising disclosures", "Text.\n*Werbung. Dieser Beitrag enthält Werbung für MARKE.\nAnzeige, enthält Affiliate Links\nANZEIGE - Heute mal ausgehen?\nThis post contains references to products from one or more of our advertisers. We may receive compensation when you click on links to those products. Terms apply to the offers listed on this page.", "Text."},
		{"teaser prefixes", "A.\nLea: Consejo Permanente aborda la confiscación de sus oficinas\nMIRA: Madre termina detenida\nLesen Sie hier: Spielabbruch in der Kreisliga\nÀ lire aussi » Quel est votre profil digestif ?\nB.", "A.\nB."},
		{"speaker label is text", "Lea: Ich finde das gut.\nMira: ¿Y tú qué piensas?", "Lea: Ich finde das gut.\nMira: ¿Y tú qué piensas?"},
		{"named related markers", "Body text.\n\nMehr zum Thema auf example.de\n\nOther headline\n\nWeitere Tourentipps in Schweden\n\nMore headline", "Body text."},
		{"emoticon line is text", "A.\n=)\nB.", "A.\n=)\nB."},
		{"javascript notice", "Please enable JavaScript to view this page.\nText.", "Text."},
		{"long browser paragraph is text",
			"Old browsers remain a problem: the agency says the browser used by many clerks is outdated, unsupported and slow, and that replacing it across all offices will take at least two years and cost millions, which the ministry has not yet budgeted, according to the report seen by reporters this week in the capital city.",
			"Old browsers remain a problem: the agency says the browser used by many clerks is outdated, unsupported and slow, and that replacing it across all offices will take at least two years and cost millions, which the ministry has not yet budgeted, according to the report seen by reporters this week in the capital city."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Lines(tt.in); got != tt.want {
				t.Errorf("Lines(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

// articleLinesLikeFurniture are article sentences that resemble page
// furniture: a cleaning rule that takes one of them deletes news.
var articleLinesLikeFurniture = []string{
	"By using drones, police found the missing boy. The site was then sealed off.",
	"Продолжая работу, спасатели нашли ещё двоих. Об этом сообщает сайт МЧС.",
	"Copyright holders sued the company. The judge agreed with them.",
	"Credit: the bank cut rates. Mortgages got cheaper.",
	"Compartir en familia. Ese es el lema.",
	"Like other teenagers, Anna spends hours on TikTok",
	"Like many politicians, she is now active on X.",
	"Follow the money and you end up on Telegram.",
	"We earn a commission from every ticket sold, the agency's owner said.",
	"If you're already a subscriber to Netflix, your price goes up in May.",
	"You can choose a cheaper subscription with adverts from next month.",
	"Posted by an anonymous user, the video went viral.",
	"500 comments on the proposed rule were filed by Friday.",
	"300 Kommentare zu dem Gesetzentwurf gingen beim Ministerium ein.",
	"Mira: „Wir bleiben hier.“",
	"Lea: (lacht)",
	"Смотрите — вот здесь стоял дом",
	"12 March 2020",
	"24 февраля 2022",
	"Par",
	"Weitere Tipps",
	"Anzeige: Polizei ermittelt gegen den Fahrer",
	"Categoría: Mejor película. Ganadora: Alcarràs",
}
