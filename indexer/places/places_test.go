// Copyright the Gazette authors.

package places

import (
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
)

// The gazetteer takes about a second to load; every test shares one.
var (
	loadOnce sync.Once
	testGaz  *Gazetteer
	errLoad  error
)

func gaz(tb testing.TB) *Gazetteer {
	tb.Helper()
	loadOnce.Do(func() { testGaz, errLoad = Load() })
	if errLoad != nil {
		tb.Fatalf("Load: %v", errLoad)
	}
	return testGaz
}

// ids returns the ids Find resolves in text, in result order.
func ids(g *Gazetteer, text string) []string {
	var out []string
	for _, f := range g.Find(text) {
		out = append(out, f.Place.ID)
	}
	return out
}

const (
	izium     = "707292"
	kharkiv   = "706483"
	kyiv      = "703448"
	kupiansk  = "703656"
	lysychans = "702972"
	lymanDon  = "704204" // Lyman, Donetsk Oblast
)

func TestPlace(t *testing.T) {
	g := gaz(t)
	tests := []struct {
		id, name, kind, country, region string
	}{
		{izium, "Izium", KindCity, "UA", "UA.07"},
		{"UA.07", "Kharkiv Oblast", KindRegion, "UA", ""},
		{"UA.05", "Donetsk Oblast", KindRegion, "UA", ""},
		{"UA", "Ukraine", KindCountry, "UA", ""},
		{"RU", "Russia", KindCountry, "RU", ""},
		{"x-donbas", "Donbas", KindArea, "UA", ""},
		{"UA.11", "Crimea", KindRegion, "UA", ""},
		// Rivers, continents and unions are no region: kinds of their own.
		{"x-oskil", "Oskil", KindWater, "UA", ""},
		{"x-europe", "Europe", KindContinent, "", ""},
		{"x-eu", "European Union", KindUnion, "", ""},
	}
	for _, tt := range tests {
		p, ok := g.Place(tt.id)
		if !ok {
			t.Errorf("Place(%q) not found", tt.id)
			continue
		}
		if p.ID != tt.id || p.Name != tt.name || p.Kind != tt.kind || p.Country != tt.country || p.Region != tt.region {
			t.Errorf("Place(%q) = %+v, want name %q kind %q country %q region %q", tt.id, p, tt.name, tt.kind, tt.country, tt.region)
		}
	}
	if p, _ := g.Place(izium); p.Population < 10000 || p.Lat < 49 || p.Lat > 50 || p.Lon < 37 || p.Lon > 38 {
		t.Errorf("Izium population/coordinates wrong: %+v", p)
	}
	if _, ok := g.Place("no-such-place"); ok {
		t.Error(`Place("no-such-place") found`)
	}
}

func TestNames(t *testing.T) {
	g := gaz(t)
	tests := []struct {
		id   string
		want []string
	}{
		{izium, []string{"Izium", "Izyum", "Изюм", "Ізюм"}},
		{kharkiv, []string{"Kharkiv", "Kharkov", "Харків", "Харьков"}},
		{"UA.07", []string{"Kharkiv Oblast", "Kharkov region", "Харківська область", "Харьковская область", "Kharkivska oblast"}},
		{"x-donbas", []string{"Donbas", "Donbass", "Донбас", "Донбасс"}},
	}
	for _, tt := range tests {
		names := g.Names(tt.id)
		if len(names) == 0 || names[0] != tt.want[0] {
			t.Errorf("Names(%q) should start with the display name %q: %q", tt.id, tt.want[0], names)
		}
		for _, w := range tt.want {
			if !slices.Contains(names, w) {
				t.Errorf("Names(%q) lacks %q", tt.id, w)
			}
		}
		for _, n := range names {
			if strings.ContainsAny(n, "|\t") || n == "" {
				t.Errorf("Names(%q) has malformed %q", tt.id, n)
			}
		}
	}
	if g.Names("no-such-place") != nil {
		t.Error("Names of unknown id should be nil")
	}
}

func TestAncestors(t *testing.T) {
	g := gaz(t)
	tests := []struct {
		id   string
		want []string
	}{
		{izium, []string{"UA.07", "UA"}},
		{lymanDon, []string{"UA.05", "UA"}},
		{"UA.07", []string{"UA"}},
		{"x-donbas", []string{"UA"}},
		{"UA", nil},
		{"no-such-place", nil},
	}
	for _, tt := range tests {
		var got []string
		for _, p := range g.Ancestors(tt.id) {
			got = append(got, p.ID)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("Ancestors(%q) = %q, want %q", tt.id, got, tt.want)
		}
	}
	if a := g.Ancestors(izium); len(a) != 2 || a[0].Name != "Kharkiv Oblast" || a[1].Name != "Ukraine" {
		t.Errorf("Ancestors(Izium) = %+v", a)
	}
}

func TestLookup(t *testing.T) {
	g := gaz(t)
	tests := []struct {
		prefix string
		limit  int
		first  []string // the results must start with these ids
		has    string   // and contain this one
	}{
		{"Kharkiv", 5, []string{"UA.07", kharkiv}, ""},
		{"kharkov", 5, nil, kharkiv},
		{"Харків", 5, []string{"UA.07", kharkiv}, ""},
		{"Харьк", 10, nil, kharkiv},
		{"izy", 10, nil, izium},
		{"Ізюм", 3, nil, izium},
		{"Ukr", 3, []string{"UA"}, ""},
		{"Донбас", 3, []string{"x-donbas"}, ""},
	}
	for _, tt := range tests {
		got := g.Lookup(tt.prefix, tt.limit)
		if len(got) > tt.limit {
			t.Errorf("Lookup(%q, %d) returned %d places", tt.prefix, tt.limit, len(got))
		}
		var gotIDs []string
		for _, p := range got {
			gotIDs = append(gotIDs, p.ID)
		}
		if len(gotIDs) < len(tt.first) || !slices.Equal(gotIDs[:len(tt.first)], tt.first) {
			t.Errorf("Lookup(%q) = %q, want it to start with %q", tt.prefix, gotIDs, tt.first)
		}
		if tt.has != "" && !slices.Contains(gotIDs, tt.has) {
			t.Errorf("Lookup(%q) = %q, want it to contain %q", tt.prefix, gotIDs, tt.has)
		}
		for i := 1; i < len(got); i++ {
			a, b := got[i-1], got[i]
			if kindRank(a.Kind) > kindRank(b.Kind) || a.Kind == b.Kind && a.Population < b.Population {
				t.Errorf("Lookup(%q) out of order: %s (%s, %d) before %s (%s, %d)", tt.prefix, a.ID, a.Kind, a.Population, b.ID, b.Kind, b.Population)
			}
		}
	}
	for _, bad := range []string{"", "   ", "!!!", "\xff\xfe"} {
		if got := g.Lookup(bad, 5); len(got) != 0 {
			t.Errorf("Lookup(%q) = %d places, want none", bad, len(got))
		}
	}
	if got := g.Lookup("Kharkiv", 0); len(got) != 0 {
		t.Errorf("Lookup with limit 0 returned %d places", len(got))
	}
}

// TestFindResolves checks that spelling variants, scripts and inflected
// forms all resolve to the same place.
func TestFindResolves(t *testing.T) {
	g := gaz(t)
	tests := []struct {
		name, text, want string
	}{
		// variants and scripts
		{"en Izium", "Troops entered Izium on Friday.", izium},
		{"en Izyum", "Troops entered Izyum on Friday.", izium},
		{"ru Изюм", "Войска вошли в Изюм в пятницу.", izium},
		{"uk Ізюм", "Війська увійшли в Ізюм у п'ятницю.", izium},
		{"en Kharkov", "He was born in Kharkov.", kharkiv},
		{"en Kharkiv", "He was born in Kharkiv.", kharkiv},
		{"uk Харків", "Він народився у місті Харків.", kharkiv},
		{"ru Харьков", "Он переехал в город Харьков.", kharkiv},
		{"en Kiev", "Talks were held in Kiev.", kyiv},
		{"en Kyiv", "Talks were held in Kyiv.", kyiv},
		{"uk Київ", "Делегація прибула в Київ.", kyiv},
		{"ru Киев", "Делегация прибыла в Киев.", kyiv},
		{"en Lisichansk", "Shelling hit Lisichansk overnight.", lysychans},
		{"en Kupiansk", "The front line near Kupiansk held.", kupiansk},
		{"en Kupyansk", "The front line near Kupyansk held.", kupiansk},
		{"ru Купянск", "Фронт под городом Купянск устоял.", kupiansk},
		{"uk Куп'янськ", "Фронт біля міста Куп'янськ встояв.", kupiansk},
		{"uk Куп’янськ curly apostrophe", "Фронт біля міста Куп’янськ встояв.", kupiansk},
		{"en possessive", "Kharkiv's mayor spoke.", kharkiv},
		// inflection
		{"uk Харкові", "Вибухи пролунали в Харкові.", kharkiv},
		{"ru Харькова", "Колонна вышла из Харькова.", kharkiv},
		{"ru Изюмом", "Бои идут под Изюмом.", izium},
		{"ru Изюме", "В Изюме восстановили свет.", izium},
		{"ru Купянске", "В Купянске открылась школа.", kupiansk},
		{"uk Києві", "Зустріч відбулася в Києві.", kyiv},
		{"uk Ізюма", "Жителів Ізюма евакуювали.", izium},
		{"ru Украине", "Война в Украине продолжается.", "UA"},
		{"uk України", "Президент України виступив.", "UA"},
		{"ru Россия", "Россия заявила о переговорах.", "RU"},
		{"uk Україна", "Україна отримала допомогу.", "UA"},
		{"en Ukraine", "Ukraine received aid.", "UA"},
		// regions
		{"en Kharkiv region", "Villages in the Kharkiv region were shelled.", "UA.07"},
		{"en Kharkov region", "Villages in the Kharkov region were shelled.", "UA.07"},
		{"en Kharkiv Oblast", "Villages in Kharkiv Oblast were shelled.", "UA.07"},
		{"en Kharkov oblast", "Villages in Kharkov oblast were shelled.", "UA.07"},
		{"en Kharkivska oblast", "Villages in Kharkivska oblast were shelled.", "UA.07"},
		{"uk Харківська область", "Харківська область знову під обстрілом.", "UA.07"},
		{"uk Харківської області", "Села Харківської області обстріляли.", "UA.07"},
		{"ru Харьковская область", "Харьковская область снова под обстрелом.", "UA.07"},
		{"ru Харьковской области", "Села Харьковской области обстреляли.", "UA.07"},
		{"en Donetsk region", "Fighting continues in the Donetsk region.", "UA.05"},
		{"ru Донецкой области", "Бои идут в Донецкой области.", "UA.05"},
		{"en Donbas", "Fighting continues in the Donbas.", "x-donbas"},
		{"en Donbass", "Fighting continues in Donbass.", "x-donbas"},
		{"ru Донбасс", "Бои в Донбассе продолжаются.", "x-donbas"},
		{"uk Донбас", "Бої на Донбасі тривають.", "x-donbas"},
		{"uk Харківщина", "Обстріли на Харківщині тривають.", "UA.07"},
		{"uk Донеччина", "Ситуація на Донеччині складна.", "UA.05"},
		{"en Crimea", "The bridge to Crimea was damaged.", "UA.11"},
		{"ru Крым", "Мост в Крым повреждён.", "UA.11"},
		{"uk Крим", "Міст до Криму пошкоджено.", "UA.11"},
		// ambiguity: several Lymans; Donetsk context picks the one there
		{"en Lyman with Donetsk context", "Troops left Lyman, a town in the Donetsk region.", lymanDon},
		{"ru Лиман with Donetsk context", "Бои за Лиман идут в Донецкой области.", lymanDon},
		{"uk Лиман with Donetsk context", "Бої за Лиман тривають у Донецькій області.", lymanDon},
		{"Paris, France", "The talks in Paris, France ended.", "2988507"},
		{"Paris, Texas", "The rodeo in Paris, Texas ended.", "4717560"},
		{"Paris alone", "The talks in Paris ended.", "2988507"},
		{"Georgia is the country", "Georgia held elections.", "GE"},
		{"Georgia beside Atlanta", "Atlanta, Georgia held elections.", "US.GA"},
		{"Washington is the capital", "Officials in Washington said so.", "4140963"},
		{"Texas is the state", "Officials in Texas said so.", "US.TX"},
		{"dotted acronym", "The U.S. embassy reopened.", "US"},
		{"acronym", "The USA and the UK agreed.", "GB"},
		{"hyphenated pair", "Russia-Turkey ties improved.", "TR"},
		{"dateline", "WASHINGTON Barack Obama pardoned a turkey.", "4140963"},
		{"continent", "Prices rose across Europe.", "x-europe"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ids(g, tt.text)
			if !slices.Contains(got, tt.want) {
				t.Errorf("Find(%q) = %q, want %q among them", tt.text, got, tt.want)
			}
		})
	}
}

// TestFindRegionNotCity checks that "X region" is the region alone.
func TestFindRegionNotCity(t *testing.T) {
	g := gaz(t)
	for _, text := range []string{
		"Villages in the Kharkiv region were shelled.",
		"Харківська область знову під обстрілом.",
		"Села Харьковской области обстреляли.",
	} {
		got := ids(g, text)
		if !slices.Equal(got, []string{"UA.07"}) {
			t.Errorf("Find(%q) = %q, want only UA.07", text, got)
		}
	}
}

func TestFindMergesVariants(t *testing.T) {
	g := gaz(t)
	text := "Izyum was retaken. Izium is free. В Изюме радуются. В Ізюмі святкують."
	fs := g.Find(text)
	if len(fs) != 1 || fs[0].Place.ID != izium || len(fs[0].Mentions) != 4 {
		t.Fatalf("Find(%q) = %+v, want Izium with 4 mentions", text, fs)
	}
	want := []string{"Izyum", "Izium", "Изюме", "Ізюмі"}
	for i, m := range fs[0].Mentions {
		if m.Text != want[i] || text[m.Start:m.End] != m.Text {
			t.Errorf("mention %d = %+v, want %q at its offsets", i, m, want[i])
		}
	}
}

func TestFindRejects(t *testing.T) {
	g := gaz(t)
	tests := []struct{ name, text string }{
		{"month at sentence start", "March 3 was the coldest day. May brought rain."},
		{"gerund at sentence start", "Reading the news, she sighed."},
		{"person name", "Vladimir Putin said on Tuesday that talks were possible."},
		{"person name ru", "Владимир Путин заявил о переговорах."},
		{"first name alone beside surname", "Major General Igor Konashenkov spoke to reporters."},
		{"adjective at sentence start", "Nice weather brought people outside."},
		{"common words", "Police say the bar will stay closed. Even so, he said nothing."},
		{"lower case", "the mobile unit moved toward the bar and the mission."},
		{"languages", "The film is in Spanish. She speaks French and German. A French-language daily hired Russian speakers."},
		{"wider demonyms", "Latin American leaders met North American ones."},
		{"ru common words", "Мир изменился. Победа близка. Красная машина уехала."},
		{"uk common words", "Перемога буде. Слава героям. Мир потрібен усім."},
		{"uk preposition at sentence start", "Біля входу стоїть охорона."},
		{"acronyms", "The UN and NATO met with DPR officials."},
		{"surname after first name, then alone", "Barack Obama spoke. Later Obama left."},
		{"surname after title", "President Obama and Mr. Clinton spoke."},
		{"surname after initial", "Franklin D. Roosevelt moved the holiday."},
		{"lower-case words inside a name", "He found the city quiet."},
		{"media title", "The Moscow Times reported it."},
		{"invalid utf-8", "\xff\xfe\xfd in \xc3"},
		{"empty", ""},
		{"punctuation", "... --- !!! ’’’ '' — «»"},
	}
	for _, tt := range tests {
		if got := ids(g, tt.text); len(got) != 0 {
			t.Errorf("%s: Find(%q) = %q, want nothing", tt.name, tt.text, got)
		}
	}
}

// TestFindDemonyms: demonyms name their country, never a city, and a
// longer place name wins over them.
func TestFindDemonyms(t *testing.T) {
	g := gaz(t)
	tests := []struct {
		text string
		want []string
	}{
		{"Ukrainian and Russian officials met.", []string{"UA", "RU"}},
		{"Canadian athletes won 22 medals.", []string{"CA"}},
		{"Canadians and Iraqis voted on Sunday.", nil},
		{"A South African court ruled.", []string{"ZA"}},
		{"Spanish workers wake late.", []string{"ES"}},
		{"German Chancellor Angela Merkel called.", []string{"DE"}},
		{"Flights to French Guiana resumed.", []string{"GF"}},
	}
	for _, tt := range tests {
		fs := g.Find(tt.text)
		var got []string
		for _, f := range fs {
			got = append(got, f.Place.ID)
			if f.Place.Kind == KindCity && !slices.Contains(tt.want, "GF") {
				t.Errorf("%q: demonym made a city mention: %+v", tt.text, f)
			}
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("Find(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
	fs := g.Find("Canadian forces left.")
	if len(fs) != 1 || fs[0].Mentions[0].Text != "Canadian" || fs[0].Mentions[0].Start != 0 || fs[0].Mentions[0].End != 8 {
		t.Errorf("mention of a demonym: %+v", fs)
	}
}

func TestFindAcceptsMidSentence(t *testing.T) {
	g := gaz(t)
	// Stop-listed only at sentence start: mid-sentence these are the towns.
	tests := []struct{ text, country string }{
		{"The summit was held in Nice last year.", "FR"},
		{"The train from London stopped at Reading before noon.", "GB"},
	}
	for _, tt := range tests {
		fs := g.Find(tt.text)
		found := false
		for _, f := range fs {
			found = found || f.Place.Kind == KindCity && f.Place.Country == tt.country
		}
		if !found {
			t.Errorf("Find(%q) = %+v, want a city in %s", tt.text, fs, tt.country)
		}
	}
}

// TestFindArticles runs Find over whole articles and checks the places a
// reader would list, the order of the first ones, and what must be absent.
func TestFindArticles(t *testing.T) {
	g := gaz(t)
	tests := []struct {
		file    string
		first   []string // most mentioned, in order
		has     []string
		hasNone []string
	}{
		{
			file:  "article_en.txt",
			first: []string{izium},
			has: []string{kyiv, "UA.07", "UA.05", "UA.14", lymanDon, "702550" /* Lviv */, "PL", "x-donbas",
				"UA.11", "UA", "RU", "RU.09", "713174" /* Bakhmut */, "704508" /* Kramatorsk */},
			hasNone: []string{"FR", "2990440" /* Nice */},
		},
		{
			file:    "article_ru.txt",
			first:   []string{kharkiv, izium},
			has:     []string{"UA.07", "UA.05", kupiansk, lymanDon, "RU", kyiv, "702550", "PL", "DE", "RU.09"},
			hasNone: []string{"473247" /* Vladimir */},
		},
		{
			file: "article_uk.txt",
			has:  []string{kharkiv, kupiansk, "UA.07", "UA.05", lymanDon, izium, kyiv, "RU", "UA", "709930" /* Dnipro */},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			b, err := os.ReadFile("testdata/" + tt.file)
			if err != nil {
				t.Fatal(err)
			}
			text := string(b)
			fs := g.Find(text)
			got := ids(g, text)
			if len(got) < len(tt.first) || !slices.Equal(got[:len(tt.first)], tt.first) {
				t.Errorf("first places = %q, want %q", got, tt.first)
			}
			for _, id := range tt.has {
				if !slices.Contains(got, id) {
					t.Errorf("missing %s in %q", id, got)
				}
			}
			for _, id := range tt.hasNone {
				if slices.Contains(got, id) {
					t.Errorf("unexpected %s in %q", id, got)
				}
			}
			for i, f := range fs {
				for _, m := range f.Mentions {
					if text[m.Start:m.End] != m.Text {
						t.Errorf("%s: mention %+v does not match its offsets", f.Place.ID, m)
					}
				}
				if i > 0 {
					prev := fs[i-1]
					if len(prev.Mentions) < len(f.Mentions) ||
						len(prev.Mentions) == len(f.Mentions) && prev.Mentions[0].Start > f.Mentions[0].Start {
						t.Errorf("results out of order at %d: %s before %s", i, prev.Place.ID, f.Place.ID)
					}
				}
			}
		})
	}
}

func BenchmarkFind(b *testing.B) {
	g := gaz(b)
	for _, lang := range []string{"en", "ru", "uk"} {
		b.Run(lang, func(b *testing.B) {
			text, err := os.ReadFile("testdata/article_" + lang + ".txt")
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(len(text)))
			b.ReportAllocs()
			for b.Loop() {
				g.Find(string(text))
			}
		})
	}
}

func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		if _, err := Load(); err != nil {
			b.Fatal(err)
		}
	}
}

// TestConcurrentUse runs Find and Lookup from several goroutines; run with
// -race to check the gazetteer is safe to share.
func TestConcurrentUse(t *testing.T) {
	g := gaz(t)
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if got := ids(g, "Shelling hit Izium and Kharkiv."); !slices.Contains(got, izium) {
				t.Errorf("goroutine %d: Find = %q", i, got)
			}
			if got := g.Lookup("Izi", 3); len(got) == 0 {
				t.Errorf("goroutine %d: Lookup found nothing", i)
			}
		}()
	}
	wg.Wait()
}

// TestFindAbbreviations: state and province abbreviations count after a
// comma ("Glasgow, Ky.") or as dotted acronyms ("B.C."), and pull the town
// before them into their region.
func TestFindAbbreviations(t *testing.T) {
	g := gaz(t)
	tests := []struct {
		text string
		want []string // ids that must be found
		not  []string
	}{
		{"A fire broke out in Glasgow, Ky., on Monday.", []string{"US.KY"}, []string{"2648579" /* Glasgow, Scotland */}},
		{"She moved from Gatineau, Que., last year.", []string{"CA.10"}, nil},
		{"Red Deer, Alta. — The council met.", []string{"CA.01"}, []string{"847633" /* Alta, Norway */}},
		{"Wildfires spread across B.C. this week.", []string{"CA.02"}, nil},
		{"They went to Mass. Then they ate.", nil, []string{"US.MA"}},
		{"Ala. is not a place on its own.", nil, []string{"US.AL"}},
	}
	for _, tt := range tests {
		got := ids(g, tt.text)
		for _, id := range tt.want {
			if !slices.Contains(got, id) {
				t.Errorf("Find(%q) = %q, want %s", tt.text, got, id)
			}
		}
		for _, id := range tt.not {
			if slices.Contains(got, id) {
				t.Errorf("Find(%q) = %q, must not have %s", tt.text, got, id)
			}
		}
	}
	for _, f := range g.Find("A fire broke out in Glasgow, Ky., on Monday.") {
		if f.Place.Name == "Glasgow" && f.Place.Region != "US.KY" {
			t.Errorf("Glasgow, Ky. resolved to %+v", f.Place)
		}
	}
}

// TestFindSpeakers: a town's name beside a speech verb is a person, in
// that sentence and the rest of the document; countries still speak.
func TestFindSpeakers(t *testing.T) {
	g := gaz(t)
	tests := []struct {
		text string
		not  string // a kind of place that must not be found
		want []string
	}{
		{"The family moved to Toronto. \"She had a heart of gold,\" Palma said. Palma added that she cooked.", "", []string{"6167865" /* Toronto */}},
		{"\"They were kind,\" said Logan. Nobody else spoke.", KindCity, nil},
		{"Russia said the talks would resume.", "", []string{"RU"}},
		{"Talks resumed, said Russia's foreign ministry.", "", []string{"RU"}},
		{"\"I love to skate,\" said Georgia. Georgia trains in Calgary.", KindCountry, []string{"5913490" /* Calgary */}},
		{"Officials in Aleppo said the road was open.", "", []string{"170063" /* Aleppo */}},
	}
	for _, tt := range tests {
		fs := g.Find(tt.text)
		var got []string
		for _, f := range fs {
			got = append(got, f.Place.ID)
			if f.Place.Kind == tt.not {
				t.Errorf("Find(%q): %s is a person here", tt.text, f.Place.Name)
			}
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("Find(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

// TestFindRegionOwnName: a region keeps its own name against a city that
// has it only as an alternate name ("Oklahoma", "Michigan").
func TestFindRegionOwnName(t *testing.T) {
	g := gaz(t)
	for text, want := range map[string]string{
		"Storms hit Oklahoma on Friday.":             "US.OK",
		"Voters in Michigan went to the polls.":      "US.MI",
		"Флаг подняли в Изюме, Харьковская область.": "707292",
	} {
		if got := ids(g, text); len(got) == 0 || got[0] != want {
			t.Errorf("Find(%q) = %q, want %s first", text, got, want)
		}
	}
}

// TestFindSupplement: rivers and historical regions from the supplement,
// in English, Russian and Ukrainian, inflected.
func TestFindSupplement(t *testing.T) {
	g := gaz(t)
	tests := []struct{ text, want string }{
		{"Ukrainian troops crossed the Oskil on Tuesday.", "x-oskil"},
		{"Troops east of Izium, Kharkiv region, reached the Oskil.", "x-oskil"},
		{"Бои идут за город на Осколе.", "x-oskil"},
		{"Міст через Оскіл зруйновано.", "x-oskil"},
		{"The front ran along the Dnieper for months.", "x-dnieper"},
		{"Фронт пройшов уздовж Сіверського Донця.", "x-siverskyi-donets"},
		{"Farmers across Slobozhanshchyna sowed late.", "x-sloboda"},
		{"Історія Слобожанщини почалася давно.", "x-sloboda"},
	}
	for _, tt := range tests {
		got := ids(g, tt.text)
		if !slices.Contains(got, tt.want) {
			t.Errorf("Find(%q) = %q, want %s", tt.text, got, tt.want)
		}
	}
	if a := g.Ancestors("x-oskil"); len(a) != 1 || a[0].ID != "UA" {
		t.Errorf("Oskil ancestors %+v, want Ukraine", a)
	}
}

// TestFindCounties: "X County" is the county, not a town called X, and
// several counties of one name resolve in the state the article names.
func TestFindCounties(t *testing.T) {
	g := gaz(t)
	tests := []struct{ name, text, want string }{
		{"county, not the town", "A man died in a crash in Metcalfe County on Friday.", "US.KY.169"},
		{"capitals dateline", "LAUREL COUNTY, Ky. (WKYT) - A man is dead.", "US.KY.125"},
		{"abbreviated", "PLYMOUTH CO. - A suspect was arrested in Iowa.", "US.IA.149"},
		{"parish", "Flooding closed roads in Orleans Parish.", "US.LA.071"},
		{"state in context", "He was arrested in Monroe County, Missouri, on Friday.", "US.MO.137"},
		{"other state in context", "Police in Monroe County, Indiana, said so.", "US.IN.105"},
		{"Saint spelled out", "Voters in Saint Louis County, Missouri, chose.", "US.MO.189"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ids(g, tt.text)
			if !slices.Contains(got, tt.want) {
				t.Errorf("Find(%q) = %q, want %q among them", tt.text, got, tt.want)
			}
		})
	}
	if p, ok := g.Place("US.KY.169"); !ok || p.Kind != KindCounty || p.Name != "Metcalfe County" || p.Region != "US.KY" {
		t.Errorf("Place(US.KY.169) = %+v, want Metcalfe County, a county in US.KY", p)
	}
}

// TestFindInstitutions: a place heading an institution's name ("Adair
// County Regional Jail", "Toronto General Hospital") is still a place; a
// person's name or a newspaper's is not.
func TestFindInstitutions(t *testing.T) {
	g := gaz(t)
	tests := []struct {
		text string
		want string // "" for no place
	}{
		{"He was taken to the Adair County Regional Jail in Kentucky.", "US.KY.001"},
		{"She was taken to Toronto General Hospital.", "6167865"},
		{"The Red Deer Skating Association selected her.", "6118158"},
		{"The Metcalfe County Coroner's Office said so.", "US.KY.169"},
		{"Manitoba Underdogs Rescue took the dog in.", "CA.03"},
		{"The Moscow Times reported it.", ""},
		{"Vladimir Putin said so.", ""},
	}
	for _, tt := range tests {
		got := ids(g, tt.text)
		if tt.want == "" && len(got) != 0 || tt.want != "" && !slices.Contains(got, tt.want) {
			t.Errorf("Find(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

// TestFindProvinces: first-level regions known by a name other than their
// capital's (Chinese, Indian, Iranian and South African ones).
func TestFindProvinces(t *testing.T) {
	g := gaz(t)
	tests := []struct{ text, want string }{
		{"Landslides buried homes in Sichuan province.", "CN.32"},
		{"Floods hit Hunan and Hubei.", "CN.11"},
		{"An earthquake struck East Azerbaijan province.", "IR.33"},
		{"Farmers in Limpopo expect a good harvest.", "ZA.09"},
		{"Elections were held in Karnataka.", "IN.19"},
	}
	for _, tt := range tests {
		if got := ids(g, tt.text); !slices.Contains(got, tt.want) {
			t.Errorf("Find(%q) = %q, want %q among them", tt.text, got, tt.want)
		}
	}
}

// TestFindHints: the words around a name choose among its places: a
// division named after a comma ("Paris, Illinois"), a division word
// ("Idlib province", "Washington state").
func TestFindHints(t *testing.T) {
	g := gaz(t)
	tests := []struct{ name, text, want string }{
		{"state after a comma", "A similar theft happened in Paris, Illinois.", "4246659"},
		{"abbreviation after a comma", "PARIS, Mo. — In 1999, the Fodges moved.", "4402452"},
		{"county and state", "Deputies from LaFayette County, Wisconsin, helped.", "US.WI.065"},
		{"province after", "Rebels hold villages in Idlib province.", "SY.12"},
		{"province of", "His home in the western province of Aydin was searched.", "TR.09"},
		{"state after", "The law passed in Washington state.", "US.WA"},
		{"city without hint", "Talks were held in Idlib.", "169389"},
		{"no seat elsewhere takes a state's name", "from Ohio to the borders of Montana and Wyoming.", "US.WY"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ids(g, tt.text); !slices.Contains(got, tt.want) {
				t.Errorf("Find(%q) = %q, want %q among them", tt.text, got, tt.want)
			}
		})
	}
}

// TestFindEmbedded: a country's or region's name inside another name
// counts when the document names the place on its own too.
func TestFindEmbedded(t *testing.T) {
	g := gaz(t)
	mentions := func(text, id string) int {
		for _, f := range g.Find(text) {
			if f.Place.ID == id {
				return len(f.Mentions)
			}
		}
		return 0
	}
	tests := []struct {
		text, id string
		want     int
	}{
		{"Environment Canada warns of snow. Canadian farmers worry.", "CA", 2},
		{"Environment Canada warns of snow.", "CA", 0},
		{"Michael Jordan scored 30 points.", "JO", 0},
		{"Nazi Germany fell in 1945. Germany was divided.", "DE", 2},
	}
	for _, tt := range tests {
		if got := mentions(tt.text, tt.id); got != tt.want {
			t.Errorf("Find(%q): %d mentions of %s, want %d", tt.text, got, tt.id, tt.want)
		}
	}
}

// TestFindContinentsAndAmerica: continent adjectives name the continent,
// and "America" alone is the United States.
func TestFindContinentsAndAmerica(t *testing.T) {
	g := gaz(t)
	tests := []struct{ text, want string }{
		{"U.S. and European officials met.", "x-europe"},
		{"Growth slowed in Asian economies.", "x-asia"},
		{"America was changed by him.", "US"},
		{"Trade with Latin America grew.", "x-latin-america"},
		{"EU ministers met in Brussels.", "x-eu"},
		{"The European Union agreed new sanctions.", "x-eu"},
		{"Євросоюз ухвалив нові санкції.", "x-eu"},
	}
	for _, tt := range tests {
		if got := ids(g, tt.text); !slices.Contains(got, tt.want) {
			t.Errorf("Find(%q) = %q, want %q among them", tt.text, got, tt.want)
		}
	}
}

// TestFindDatelines: a dateline without a state names a city that needs
// no context; one with a state ("EDMONTON, Ky") is that state's.
func TestFindDatelines(t *testing.T) {
	g := gaz(t)
	tests := []struct{ name, text, want string }{
		{"capital despite a state named", "Turkeys\n\nWASHINGTON Barack Obama pardoned a turkey from Iowa on Tuesday.", "4140963"},
		{"bracketed agency", "Washington (CNN) Officials from Iowa and Ohio arrived.", "4140963"},
		{"city, not the region", "VICTORIA - The B.C. government bought the farm in British Columbia.", "6174041"},
		{"postal code", "LOUISVILLE, KY--(Marketwire) - The company said so.", "US.KY"},
		{"abbreviation without a stop", "EDMONTON, Ky (WBKO) -- A fire broke out.", "4290886"},
		{"county keeps its context", "PLYMOUTH CO. - A suspect was arrested in Iowa.", "US.IA.149"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ids(g, tt.text); !slices.Contains(got, tt.want) {
				t.Errorf("Find(%q) = %q, want %q among them", tt.text, got, tt.want)
			}
		})
	}
	// Outside a dateline, a named state still picks its town.
	if got := ids(g, "The fair in Washington, a town in Iowa, opened."); !slices.Contains(got, "4880731") {
		t.Errorf("Washington beside Iowa = %q, want the Iowa town", got)
	}
}

// TestFindRiverNames: the part of a name before "upon", "am" or "on" is the
// town's own name in the news.
func TestFindRiverNames(t *testing.T) {
	g := gaz(t)
	tests := []struct{ text, want string }{
		{"Doctors in Newcastle, UK, developed the method.", "2641673"}, // Newcastle upon Tyne
		{"Bankers in Frankfurt expect a cut.", "2925533"},              // Frankfurt am Main
		{"Fans in Rostov celebrated.", "501175"},                       // Rostov-on-Don
	}
	for _, tt := range tests {
		if got := ids(g, tt.text); !slices.Contains(got, tt.want) {
			t.Errorf("Find(%q) = %q, want %q among them", tt.text, got, tt.want)
		}
	}
	if !ownName("newcastle", "Newcastle upon Tyne") || ownName("newcastle", "Newcastle West") || ownName("kyiv", "Kyiv Oblast") {
		t.Error("ownName: want Newcastle upon Tyne's own name, not Newcastle West's nor Kyiv Oblast's")
	}
}

// TestFindCyrillicAdjectives: Russian and Ukrainian country adjectives, in
// any case form, name their country, never a city, and not where they name
// a language.
func TestFindCyrillicAdjectives(t *testing.T) {
	g := gaz(t)
	tests := []struct {
		text string
		want []string // place ids, most mentioned first
	}{
		{"Украинские военные вошли в Изюм.", []string{"UA", "707292"}},
		{"Российская армия обстреляла окраины города.", []string{"RU"}},
		{"Обстрел российскими войсками продолжался всю ночь.", []string{"RU"}},
		{"Російські війська відступили від Ізюма.", []string{"RU", "707292"}},
		{"Українська армія звільнила місто.", []string{"UA"}},
		{"Візит польського прем'єра тривав два дні.", []string{"PL"}},
		{"Американские и британские дипломаты встретились.", []string{"US", "GB"}},
		// Languages, not countries.
		{"Он давно говорит на украинском языке.", nil},
		{"Сайт работает на украинском.", nil},
		{"Вона пише українською.", nil},
		{"Розмови українською мовою стали звичними.", nil},
		{"Курсы русского языка закрылись.", nil},
		{"Книга переведена с немецкого на русский.", nil},
		{"Документы на украинском и русском языках лежат на столе.", nil},
		{"Він вивчає польську та англійську.", nil},
		{"Он говорил с немецким акцентом.", nil},
		{"В отеле был шведский стол.", nil},
		{"Дети катались на американских горках.", nil},
		// Surnames are capitalised inside a sentence.
		{"В интервью Михаил Турецкий рассказал о гастролях.", nil},
		{"На фестиваль приехал Роман Польский.", nil},
		// The town of Украинск (Donetsk Oblast) is not the adjective.
		{"Украинск и Донецк без воды. В Украинске восстановили водопровод.", []string{"690771", "709717"}},
	}
	for _, tt := range tests {
		var got []string
		for _, f := range g.Find(tt.text) {
			got = append(got, f.Place.ID)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("Find(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
	fs := g.Find("Колонна украинской техники")
	if len(fs) != 1 || fs[0].Mentions[0].Text != "украинской" || fs[0].Place.Kind != KindCountry {
		t.Errorf("mention of an adjective: %+v", fs)
	}
}

// TestFindPostalCodesOnlyInDatelines: a two-letter state code without a full
// stop counts after a dateline's place, not in a headline in capitals.
func TestFindPostalCodesOnlyInDatelines(t *testing.T) {
	g := gaz(t)
	tests := []struct {
		text string
		want string // a US state id, or "" for none
	}{
		{"LOUISVILLE, KY — The river rose overnight.", "US.KY"},
		{"BOWLING GREEN, KY — Schools closed on Monday.", "US.KY"},
		{"PUTIN, IN MOSCOW, WARNS THE WEST", ""},
		{"BIDEN, OK WITH THE DEAL, SIGNS IT", ""},
		{"The HOUSE, OR at least its Republicans, voted no.", ""},
	}
	for _, tt := range tests {
		var got string
		for _, f := range g.Find(tt.text) {
			if strings.HasPrefix(f.Place.ID, "US.") && f.Place.Kind == KindRegion {
				got = f.Place.ID
			}
		}
		if got != tt.want {
			t.Errorf("Find(%q): state %q, want %q", tt.text, got, tt.want)
		}
	}
}

// TestFindCityBeforeItsRegion: "в Изюме Харьковской области" (Izium in
// Kharkiv Oblast) is the usual way Russian and Ukrainian name a town; the
// capitalised region after the town is not the second word of a person's
// name, so both places are found, and the town's other mentions stay.
func TestFindCityBeforeItsRegion(t *testing.T) {
	g := gaz(t)
	tests := []struct {
		text string
		want []string
	}{
		{"В Изюме Харьковской области восстановили мост.", []string{izium, "UA.07"}},
		{"В городе Изюме Харьковской области восстановили мост.", []string{izium, "UA.07"}},
		{"Изюм Харьковской области снова с водой.", []string{izium, "UA.07"}},
		{"В Ізюмі Харківської області відновили міст.", []string{izium, "UA.07"}},
		{"В Купянске Харьковской области открылась школа.", []string{kupiansk, "UA.07"}},
		{"В Лимане Донецкой области тихо.", []string{lymanDon, "UA.05"}},
		{"Izium, Kharkiv region, was quiet on Sunday.", []string{izium, "UA.07"}},
		{"Изюм: жители возвращаются. В Изюме Харьковской области открылся рынок.", []string{izium, "UA.07"}},
	}
	for _, tt := range tests {
		got := ids(g, tt.text)
		for _, w := range tt.want {
			if !slices.Contains(got, w) {
				t.Errorf("Find(%q) = %q, want %s among them", tt.text, got, w)
			}
		}
	}
	// A capitalised word before "district" or "region" that names no
	// region keeps the name a person's.
	for _, text := range []string{"Paris Hilton district attorney filed papers.", "Victoria Beckham region sales rose."} {
		if got := ids(g, text); len(got) != 0 {
			t.Errorf("Find(%q) = %q, want no place", text, got)
		}
	}
	// A person's name is still a person's: "Лиман" here is no town.
	if got := ids(g, "Слова Сергея Лимана Игоревича процитировали."); slices.Contains(got, lymanDon) {
		t.Errorf("surname Лимана read as the town: %q", got)
	}
}
