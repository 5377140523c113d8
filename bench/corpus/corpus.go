// Package corpus generates the benchmark corpus of `gazette bench`: WARC
// files of news pages that look like real ones to Gazette's cleaner and
// place recogniser. Sites in English, Russian and Ukrainian, each with its
// own page template and boilerplate (navigation, cookie banner, share bar,
// related links, footer), publish articles over ten years; the text is
// drawn from a Zipf-like vocabulary with a long tail, and mentions places
// from the gazetteer with realistic frequencies (a few very often, most
// rarely). Some pages carry no date, some no author.
//
// Everything follows from the seed: the same seed and article count give
// the same bytes, and article i is the same whatever the count, so a
// benchmark can draw its queries from the articles it knows are there.
package corpus

import (
	_ "embed"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"time"
)

//go:embed data/places.tsv
var placesTSV string

// Place is a place the corpus mentions, with its name in each language.
type Place struct {
	ID   string            // gazetteer id: "UA", "UA.07", "706483"
	Kind string            // "country", "region" or "city"
	Name map[string]string // by language: "en" → "Kharkiv", "ru" → "Харьков"
}

// Corpus is a generated corpus: its sites, vocabularies and places. Build
// it with New; it is safe for concurrent use.
type Corpus struct {
	seed   uint64
	langs  map[string]*language
	sites  []*Site
	siteZ  zipf
	places []Place
	placeZ zipf
}

// Years the articles are published in: ten, from Start on.
var (
	Start = time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC)
	End   = Start.AddDate(10, 0, 0)
)

// Sites is how many sites the corpus has.
const Sites = 60

// New builds the corpus of a seed.
func New(seed uint64) (*Corpus, error) {
	c := &Corpus{seed: seed, langs: map[string]*language{}}
	for _, code := range Langs {
		l, err := newLanguage(code, seed)
		if err != nil {
			return nil, err
		}
		c.langs[code] = l
	}
	var err error
	if c.places, err = parsePlaces(placesTSV); err != nil {
		return nil, err
	}
	c.placeZ = newZipf(len(c.places), 1)
	rng := rand.New(rand.NewPCG(seed, hashString("sites")))
	c.sites = newSites(rng, c.langs)
	c.siteZ = newZipf(len(c.sites), 0.8)
	return c, nil
}

func parsePlaces(tsv string) ([]Place, error) {
	var out []Place
	for i, line := range strings.Split(tsv, "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 5 {
			return nil, fmt.Errorf("corpus: places.tsv line %d: %d columns, want 5", i+1, len(f))
		}
		out = append(out, Place{ID: f[0], Kind: f[1], Name: map[string]string{"en": f[2], "ru": f[3], "uk": f[4]}})
	}
	return out, nil
}

// Seed returns the corpus's seed.
func (c *Corpus) Seed() uint64 { return c.seed }

// Sites returns the corpus's sites, most prolific first.
func (c *Corpus) Sites() []*Site { return c.sites }

// Places returns the places the corpus mentions, most mentioned first.
func (c *Corpus) Places() []Place { return c.places }

// Article is one generated article, before it is rendered as a page.
type Article struct {
	Index     int
	Site      *Site
	Lang      string
	URL       string
	Title     string
	Paras     []string // paragraphs of the body
	Author    string   // "" when the page names none
	Published time.Time
	Dated     bool      // false: the page shows no date
	Captured  time.Time // when the page was archived
	Places    []Place   // places mentioned, first mention first
	Related   []string  // headlines in the page's related-links box
	Tags      []string
}

// Text returns the title and body as one string, as a search would see
// them.
func (a *Article) Text() string { return a.Title + "\n\n" + strings.Join(a.Paras, "\n\n") }

// Article generates article i (0-based). It depends only on the seed and i.
func (c *Corpus) Article(i int) *Article {
	rng := rand.New(rand.NewPCG(c.seed, uint64(i)+1<<40))
	s := c.sites[c.siteZ.draw(rng)]
	l := c.langs[s.Lang]
	a := &Article{Index: i, Site: s, Lang: s.Lang}

	// Ten years, more articles in later years (the web grows).
	// A day's margin at both ends keeps every date inside the ten years in
	// any time zone.
	span := End.Sub(Start) - 48*time.Hour
	at := Start.Add(24*time.Hour + time.Duration(math.Pow(rng.Float64(), 0.7)*float64(span)))
	a.Published = at.Truncate(time.Minute).In(s.zone)
	a.Dated = s.dated && rng.IntN(100) >= 3
	a.Captured = at.Add(time.Duration(1+rng.IntN(72*60)) * time.Minute).UTC()
	if rng.IntN(100) < s.authorShare {
		a.Author = pick(rng, s.authors)
	}

	// Places: none in a fifth of the articles, up to five in others.
	n := []int{0, 0, 1, 1, 1, 1, 2, 2, 2, 3, 4, 5}[rng.IntN(12)]
	for len(a.Places) < n {
		p := c.places[c.placeZ.draw(rng)]
		if !containsPlace(a.Places, p.ID) {
			a.Places = append(a.Places, p)
		}
	}

	titlePlace := ""
	if len(a.Places) > 0 && rng.IntN(2) == 0 {
		titlePlace = a.Places[0].Name[a.Lang]
	}
	a.Title = l.sentence(rng, 5+rng.IntN(7), titlePlace)

	// Mentions: each place once or more, spread over the body.
	paras := 4 + rng.IntN(9)
	// The first mention of every place comes before the repeats, so that
	// every place gets a sentence.
	var mentions, repeats []string
	for _, p := range a.Places {
		mentions = append(mentions, p.Name[a.Lang])
		for range rng.IntN(3) {
			repeats = append(repeats, p.Name[a.Lang])
		}
	}
	mentions = append(mentions, repeats...)
	slots := map[int]string{} // sentence number → place name
	sentences := 0
	sentencesIn := make([]int, paras)
	for p := range paras {
		sentencesIn[p] = 2 + rng.IntN(4)
		sentences += sentencesIn[p]
	}
	for k, m := range mentions {
		at := rng.IntN(sentences)
		if k == 0 {
			at = rng.IntN(min(sentences, 3)) // the first mention early
		}
		for tries := 0; tries < sentences; tries++ {
			if _, taken := slots[at]; !taken {
				slots[at] = m
				break
			}
			at = (at + 1) % sentences
		}
	}
	num := 0
	for p := range paras {
		var b strings.Builder
		for range sentencesIn[p] {
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(l.sentence(rng, 6+rng.IntN(17), slots[num]))
			b.WriteString(pick(rng, []string{".", ".", ".", ".", ".", ".", ".", "!", "?"}))
			num++
		}
		a.Paras = append(a.Paras, b.String())
	}
	for range 5 {
		a.Related = append(a.Related, l.sentence(rng, 4+rng.IntN(6), ""))
	}
	for range 1 + rng.IntN(4) {
		a.Tags = append(a.Tags, l.Word(30+rng.IntN(400)))
	}
	a.URL = s.articleURL(a, rng)
	return a
}

func containsPlace(ps []Place, id string) bool {
	for _, p := range ps {
		if p.ID == id {
			return true
		}
	}
	return false
}

// Phrase returns the collocation of rank r in a language (0 is the most
// frequent), for benchmarks that query phrases that many articles hold.
func (c *Corpus) Phrase(lang string, r int) string {
	l := c.langs[lang]
	return l.phrases[min(r, len(l.phrases)-1)]
}

// Word returns the word of rank r in a language's vocabulary (0 is the
// most frequent).
func (c *Corpus) Word(lang string, r int) string { return c.langs[lang].Word(r) }
