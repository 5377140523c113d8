package extract

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// parseHeadings reads the headings of an HTML fragment.
func parseHeadings(t *testing.T, page string) []heading {
	t.Helper()
	root, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	return readHeadings(root)
}

// hd is what TestReadHeadings checks of a heading.
type hd struct {
	text  string
	level int
	logo  bool
}

func TestReadHeadings(t *testing.T) {
	tests := []struct {
		name, page string
		want       []hd
	}{
		{"plain", `<h1>Harbour wall rebuilt</h1>`, []hd{{"Harbour wall rebuilt", 1, false}}},
		{"kicker span with a class", `<h1><span class="dachzeile">Sturmflut</span> <span class="headline">Harbour wall rebuilt</span></h1>`,
			[]hd{{"Harbour wall rebuilt", 1, false}}},
		{"kicker with a hidden separator", `<h1><span class="article-heading__kicker">Klimaschutz</span><span class="visually-hidden">: </span><span>Bohren, bis es heiß wird</span></h1>`,
			[]hd{{"Bohren, bis es heiß wird", 1, false}}},
		{"kicker in small print and a line break", `<h1><span itemprop="headline"><small>Unit of the week</small><br>Medley pyramid</span></h1>`,
			[]hd{{"Medley pyramid", 1, false}}},
		{"kicker as a block", `<h1><div class="x">100th birthday</div> Survivor turns 100</h1>`, []hd{{"Survivor turns 100", 1, false}}},
		{"emphasis is not a kicker", `<h1><em>Ten</em> ways to cook rice</h1>`, []hd{{"Ten ways to cook rice", 1, false}}},
		{"text first is not a kicker", `<h1>Leslie Clio <span class="label">new album</span></h1>`, []hd{{"Leslie Clio new album", 1, false}}},
		{"styles are not text", `<h1><style>.a{color:red}</style><span>Vaccination open to all</span></h1>`, []hd{{"Vaccination open to all", 1, false}}},
		{"soft hyphens dropped", "<h1>Messenger\u00addienste sind kein rechts\u00adfreier Raum</h1>", []hd{{"Messengerdienste sind kein rechtsfreier Raum", 1, false}}},
		{"link home is a logo", `<h1><a href="https://courier.example/">Coastline Courier</a></h1><h1>Harbour wall rebuilt</h1>`,
			[]hd{{"Coastline Courier", 1, true}, {"Harbour wall rebuilt", 1, false}}},
		{"archived link home is a logo", `<h1><a href="https://web.archive.org/web/2016/http://muffins.example/">Muffins</a></h1>`,
			[]hd{{"Muffins", 1, true}}},
		{"link to the article is not a logo", `<h1 class="entry-title"><a href="/news/2018/12/4/yellow-vests">Yellow Vests and I</a></h1>`,
			[]hd{{"Yellow Vests and I", 1, false}}},
		{"logo class around", `<div class="header--logo"><h1>Tonight News</h1></div>`, []hd{{"Tonight News", 1, true}}},
		{"site title class", `<h1 class="site-title">Strafprozess</h1>`, []hd{{"Strafprozess", 1, true}}},
		{"logo word inside another class word", `<h1 class="post_title aungblogtitle">Alcohol on the boat</h1>`, []hd{{"Alcohol on the boat", 1, false}}},
		{"screen-reader heading", `<h1 class="aural">Navigation und Service</h1>`, []hd{{"Navigation und Service", 1, true}}},
		{"h2 after h1", `<h2>Teaser</h2><h1>Headline here</h1>`, []hd{{"Teaser", 2, false}, {"Headline here", 1, false}}},
		{"empty headings skipped", `<h1> </h1><h1><img src=x></h1>`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := parseHeadings(t, tt.page)
			if len(got) != len(tt.want) {
				t.Fatalf("got %+v, want %+v", got, tt.want)
			}
			for i := range got {
				if g := (hd{got[i].text, got[i].level, got[i].logo}); g != tt.want[i] {
					t.Errorf("heading %d = %+v, want %+v", i, g, tt.want[i])
				}
			}
		})
	}
}

func TestPickTitle(t *testing.T) {
	tests := []struct {
		name     string
		src      titleSources
		headings string
		want     string
	}{
		{"logo h1 first, headline h1 agrees with the head title",
			titleSources{chosen: "Harbour wall rebuilt | Coastline Courier", head: []string{"", "", "", "Harbour wall rebuilt | Coastline Courier"}},
			`<h1><a href="/">Coastline Courier</a></h1><h1>Harbour wall rebuilt</h1>`, "Harbour wall rebuilt"},
		{"site name h1 without a link",
			titleSources{chosen: "Rasende Polizisten | strafprozess.ch", head: []string{"Rasende Polizisten - strafprozess.ch"}, sites: []string{"strafprozess.ch"}},
			`<h1>strafprozess.ch</h1><h1>Rasende Polizisten</h1>`, "Rasende Polizisten"},
		{"the headline's typography wins",
			titleSources{chosen: `Mayor says "no" | Courier`, head: []string{`Mayor says "no"`}},
			`<h1>Courier</h1><h1>Mayor says „no“</h1>`, "Mayor says „no“"},
		{"og:title beats <title> when both agree with an h1",
			titleSources{chosen: "News - Eawag", head: []string{"Auf das erste Elektron kommt es an", "", "", "News - Eawag"}},
			`<h1>News</h1><h1>Auf das erste Elektron kommt es an</h1>`, "Auf das erste Elektron kommt es an"},
		{"an h1 agreeing with <title> beats an h2 agreeing with og:title",
			titleSources{chosen: "Jansen fights for a comeback", head: []string{"Jansen fights for a comeback", "", "", "Ex-international in the fifth tier: Jansen fights for Trochowski's comeback | MOPO"}},
			`<h1>Ex-international in the fifth tier: Jansen fights for Trochowski's comeback</h1><h2>Jansen fights for a comeback</h2>`,
			"Ex-international in the fifth tier: Jansen fights for Trochowski's comeback"},
		{"a run of title parts",
			titleSources{chosen: "Chapter 1: Prologue - Murdered - Melas | Royal Road", head: []string{"Chapter 1: Prologue - Murdered - Melas"}},
			`<h1>Chapter 1: Prologue - Murdered</h1><h1>Follow author</h1>`, "Chapter 1: Prologue - Murdered"},
		{"dateline after a spaced colon",
			titleSources{chosen: "So viel Regen gab es lange nicht : 31.10.2023, 10.19 Uhr"},
			`<h1>So viel Regen gab es lange nicht</h1><h1>Am meisten gelesen</h1>`, "So viel Regen gab es lange nicht"},
		{"blog title in an h2",
			titleSources{chosen: "Alles Neue mach der Mai... | Bibliothek 2.0"},
			`<h2>Kategorien</h2><h2>Alles Neue mach der Mai…</h2>`, "Alles Neue mach der Mai…"},
		{"the only h1 without agreement",
			titleSources{chosen: "Leadership Styles definition", head: []string{"Leadership Styles definition - Business Jargons"}, sites: []string{"Business Jargons"}},
			`<h1 class="logo">Business Jargons</h1><h1>Leadership Styles in teams</h1>`, "Leadership Styles in teams"},
		{"a logo heading names the site in the head title",
			titleSources{chosen: "Liver with apple and onion | Love goes through the stomach", head: []string{"", "", "", "Liver with apple and onion | Love goes through the stomach"}},
			`<h1><a href="http://recipes.example">Love goes through the stomach</a></h1>`, "Liver with apple and onion"},
		{"trafilatura's title is the logo",
			titleSources{chosen: "Crime Blog", head: []string{"", "", "", "A very strange music video | Crime Blog"}},
			`<h1><a href="/">Crime Blog</a></h1>`, "A very strange music video"},
		{"the head title before trafilatura's choice",
			titleSources{chosen: "Aktuelles", head: []string{"", "", "", "Winter walks with the dog | Dog School"}, sites: []string{"Dog School"}},
			``, "Winter walks with the dog"},
		{"trafilatura's cut of a site name tidyTitle does not know",
			titleSources{chosen: "Изюм: бои на окраинах не стихают", head: []string{"", "", "", "Изюм: бои на окраинах не стихают - Слобожанский вестник"}, host: "slobozhansky-vestnik.example"},
			``, "Изюм: бои на окраинах не стихают"},
		{"no headings: the tidied head title",
			titleSources{chosen: "Harbour wall rebuilt | Coastline Courier", sites: []string{"Coastline Courier"}}, ``, "Harbour wall rebuilt"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.src.headings = parseHeadings(t, tt.headings)
			if got := pickTitle(tt.src); got != tt.want {
				t.Errorf("pickTitle = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestCleanTitle(t *testing.T) {
	for in, want := range map[string]string{
		"Rechts\u00adfreier \u200bRaum\ufeff":              "Rechtsfreier Raum",
		"Handball-Bundeslig\u202aa":                        "Handball-Bundesliga",
		"  two\n lines ":                                   "two lines",
		"\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645": "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645", // the Persian ZWNJ stays
	} {
		if got := cleanTitle(in); got != want {
			t.Errorf("cleanTitle(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPickTitleParts(t *testing.T) {
	tests := []struct {
		name     string
		src      titleSources
		headings string
		want     string
	}{
		{"subtitle in small print beside the headline",
			titleSources{chosen: "Fish Cakes, Hot and Fresh"},
			`<h1><span>Fish Cakes, Hot <span>and</span> Fresh</span> <small>Welcome to the Flavor Capital</small></h1>`, "Fish Cakes, Hot and Fresh"},
		{"dateline after a line break",
			titleSources{chosen: "Spectators return to the clubs | Handball Association"},
			`<h1>Spectators return to the clubs<br><small>02.02.2022 • Association, Press</small></h1>`, "Spectators return to the clubs"},
		{"unmarked kicker before the headline",
			titleSources{chosen: "Vaccinations remain open to everyone"},
			`<h1><span class="css-1">Press release of the health department</span><span>:</span><span>Vaccinations remain open to everyone</span></h1>`, "Vaccinations remain open to everyone"},
		{"a two-line headline stays whole",
			titleSources{chosen: "Row before the works meeting: Diess and the board fall out"},
			`<h1><span class="big">Row before the works meeting:</span><br><span class="big blue">Diess and the board fall out</span></h1>`, "Row before the works meeting: Diess and the board fall out"},
		{"the head title goes on after the headline",
			titleSources{chosen: "Mandarin cream cake by Jan | Chefkoch", sites: []string{"Chefkoch"}},
			`<h1>Mandarin-Cream-Cake</h1>`, "Mandarin-Cream-Cake"},
		{"the head title goes on after the headline, several h1",
			titleSources{chosen: "Courier sent to Singapore, Thailand"},
			`<h1>Bangkok</h1><h1>Courier sent to Singapore</h1><h1>Comments</h1>`, "Courier sent to Singapore"},
		{"too little of the head title is no lead",
			titleSources{chosen: "Recipes for a long winter evening at home"},
			`<h1>Recipes</h1><h1>Other</h1>`, "Recipes for a long winter evening at home"},
		{"a lead must end at a word boundary",
			titleSources{chosen: "Courier sent to Singaporean ports"},
			`<h1>Courier sent to Singapore</h1><h1>Other</h1>`, "Courier sent to Singaporean ports"},
		{"the section heading loses to the longer headline",
			titleSources{chosen: "Zoll online - Fachmeldungen - Verkündung des Tabaksteuergesetzes", host: "zoll.de"},
			`<h1>Fachmeldungen</h1><h1>Verkündung des Tabaksteuergesetzes</h1>`, "Verkündung des Tabaksteuergesetzes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.src.headings = parseHeadings(t, tt.headings)
			if got := pickTitle(tt.src); got != tt.want {
				t.Errorf("pickTitle = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestExtractTitleSiteGuess checks that a title whose last part only
// looks like a site name (trafilatura guesses so when a page names no
// site) is kept whole.
func TestExtractTitleSiteGuess(t *testing.T) {
	body := strings.Repeat("<p>The second book of the series picks up where the first one ended, and the story of the two lovers goes on with more doubt than before.</p>", 6)
	page := `<html><head><title>Wine gums: [Review] Love is War - Longing by R. K. Lilley</title>
<meta property="og:title" content="[Review] Love is War - Longing by R. K. Lilley"></head><body><h2>Pages</h2>` + body + `</body></html>`
	a, err := Extract(Input{URL: "https://winegums.example/2017/09/review.html", Body: []byte(page)})
	if err != nil {
		t.Fatal(err)
	}
	if want := "[Review] Love is War - Longing by R. K. Lilley"; a.Title != want {
		t.Errorf("title %q, want %q", a.Title, want)
	}
}

// TestTrimDangling: separators and decorations left at a title's ends go;
// brackets, quotes and end punctuation stay.
func TestTrimDangling(t *testing.T) {
	for in, want := range map[string]string{
		"National Rail Enquiries -":        "National Rail Enquiries",
		"[> Jens Weber":                    "Jens Weber",
		"• Ferry runs again":               "Ferry runs again",
		"»Fähre fährt wieder«":             "»Fähre fährt wieder«",
		"Ferry runs again |":               "Ferry runs again",
		"[Video] Ferry runs again":         "[Video] Ferry runs again",
		"Why does the ferry run again?":    "Why does the ferry run again?",
		"«Ferry runs again»":               "«Ferry runs again»",
		"Mayor quits - and nobody cares":   "Mayor quits - and nobody cares",
		"-40°C: в Якутии отменили занятия": "-40°C: в Якутии отменили занятия",
		"–40 °C in Yakutsk":                "–40 °C in Yakutsk",
		"> 100 dead in floods":             "> 100 dead in floods",
		"Ukraine war latest:":              "Ukraine war latest:",
		"- Ferry runs again":               "Ferry runs again",
		"| Ferry runs again":               "Ferry runs again",
	} {
		if got := trimDangling(in); got != want {
			t.Errorf("trimDangling(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestTitleUntruncated: og:title cut at an unescaped quote gives way to
// the whole <title>.
func TestTitleUntruncated(t *testing.T) {
	page := `<html><head><meta property="og:title" content="Senator calls the plan "unworkable"" />` +
		`<title>Senator calls the plan "unworkable"</title></head><body><p>` +
		strings.Repeat("The senator spoke for an hour about the budget plan and its costs. ", 10) + `</p></body></html>`
	a, err := Extract(Input{URL: "https://news.example/senator", Body: []byte(page), ContentType: "text/html"})
	if err != nil {
		t.Fatal(err)
	}
	if want := `Senator calls the plan "unworkable"`; a.Title != want {
		t.Errorf("title %q, want %q", a.Title, want)
	}
}

// TestSiteFromTitle: the site's name as the title writes it, when its
// letters are the host's.
func TestSiteFromTitle(t *testing.T) {
	tests := []struct{ host, title, want string }{
		{"donbas-daily.example", "Rail link to Lyman restored | Donbas Daily", "Donbas Daily"},
		{"laweekly.com", "Meet the artist - LA Weekly", "LA Weekly"},
		{"courier.example", "Courier – Ferry runs again", "Courier"},
		{"courier.example", "Ferry runs again | Kharkiv Courier", ""},
		{"news.example", "Ferry runs again", ""},
		{"news.courier.example", "News - Ferry runs again", ""},
		{"news.courier.example", "Ferry runs again - Courier", "Courier"},
		{"", "Ferry runs again | Courier", ""},
	}
	for _, tt := range tests {
		if got := siteFromTitle(tt.host, tt.title); got != tt.want {
			t.Errorf("siteFromTitle(%q, %q) = %q, want %q", tt.host, tt.title, got, tt.want)
		}
	}
}
