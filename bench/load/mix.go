// Package load is the query side of `gazette bench`: a fixed mix of
// query kinds drawn from the generated corpus, each request distinct (so
// no cache of results or facets answers it), written once for Gazette's
// search API and once, meaning the same, for the FTS5 peer; and a runner
// that sends them from concurrent clients over HTTP and reports latency
// percentiles per kind.
package load

import (
	"fmt"
	"math/rand/v2"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gazette-news/gazette/bench/corpus"
)

// Request is one search of the mix, for both sides.
type Request struct {
	Kind    string
	Gazette url.Values // parameters of GET /api/v1/search
	Peer    url.Values // parameters of the peer's GET /search
}

// Kinds lists the query kinds of the mix in report order.
var Kinds = []string{
	KindEverything, KindEverythingTo, KindRegion, KindWord, KindTwoWords, KindPhrase, KindCollocation,
	KindBoolean, KindFuzzy, KindDateRange, KindNewest, KindPlaceName, KindWordPlaceDates, KindSite,
}

// Query kinds.
const (
	KindEverything     = "everything, all facets (pages 1-50)"
	KindEverythingTo   = "everything up to a date"
	KindRegion         = "place filter: a region or country"
	KindWord           = "one word"
	KindTwoWords       = "two words, either"
	KindPhrase         = "two-word phrase from an article"
	KindCollocation    = "two-word phrase, common"
	KindBoolean        = "boolean: +a +b -c"
	KindFuzzy          = "fuzzy: word~1"
	KindDateRange      = "date range (1-3 months)"
	KindNewest         = "one word, newest first"
	KindPlaceName      = "place name in another script"
	KindWordPlaceDates = "word + place + a year"
	KindSite           = "site + from a year, newest first"
)

// Mix returns perKind requests of every kind, shuffled, drawn from the
// first n articles of c. Within a kind no two requests search the same
// result set, except KindEverything, whose pages share one (Gazette
// caches its facets after the first; the report says so).
func Mix(c *corpus.Corpus, n, perKind int, seed uint64) []Request {
	rng := rand.New(rand.NewPCG(seed, 0x6d6978))
	m := &mixer{c: c, n: n, rng: rng, seen: map[string]bool{}}
	var out []Request
	for _, kind := range Kinds {
		for k := 0; k < perKind; k++ {
			var r Request
			for tries := 0; tries < 50; tries++ {
				r = m.make(kind, k)
				key := kind + "\x00" + r.Gazette.Encode()
				if !m.seen[key] {
					m.seen[key] = true
					break
				}
			}
			r.Kind = kind
			out = append(out, r)
		}
	}
	rng.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

// WarmUp returns up to perKind requests of every kind but
// KindEverything, shuffled, to send before the measured mix so that it
// meets a server past its start-up (its first touches of the index's
// files, its heap grown to size), as a server that has run for a while
// is. They are drawn as Mix draws its own, from another seed and past the
// measured requests' numbers, and none asks for a result set that a
// measured request asks for, whatever its kind, page or order: nothing a
// warm-up leaves in a cache answers a measured search.
func WarmUp(c *corpus.Corpus, n, perKind int, seed uint64, measured []Request) []Request {
	rng := rand.New(rand.NewPCG(seed, 0x7761726d))
	m := &mixer{c: c, n: n, rng: rng, seen: map[string]bool{}}
	for _, r := range measured {
		m.seen[resultSet(r)] = true
	}
	var out []Request
	for _, kind := range Kinds {
		if kind == KindEverything {
			continue
		}
		for k := 0; k < perKind; k++ {
			for tries := 0; tries < 50; tries++ {
				r := m.make(kind, len(measured)+k*50+tries)
				r.Kind = kind
				if key := resultSet(r); !m.seen[key] {
					m.seen[key] = true
					out = append(out, r)
					break
				}
			}
		}
	}
	rng.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

// resultSet names the set of articles a request asks for, and their
// facets: its parameters but the page and the order.
func resultSet(r Request) string {
	g := url.Values{}
	for k, v := range r.Gazette {
		if k != "page" && k != "sort" {
			g[k] = v
		}
	}
	return g.Encode()
}

type mixer struct {
	c    *corpus.Corpus
	n    int
	rng  *rand.Rand
	seen map[string]bool
}

// article returns a random article of the corpus.
func (m *mixer) article() *corpus.Article { return m.c.Article(m.rng.IntN(m.n)) }

// word returns a word of the article that makes a good query term: a
// whole word of at least minLen letters, not among the most frequent.
func (m *mixer) word(a *corpus.Article, minLen int) string {
	words := strings.Fields(strings.Join(a.Paras, " "))
	for tries := 0; tries < 200; tries++ {
		w := strings.ToLower(strings.Trim(words[m.rng.IntN(len(words))], ".,!?:()—"))
		if utf8.RuneCountInString(w) >= minLen && plain(w) && !m.common(a.Lang, w) {
			return w
		}
	}
	return m.c.Word(a.Lang, 100+m.rng.IntN(1000))
}

// common reports the 60 most frequent words of a language.
func (m *mixer) common(lang, w string) bool {
	for r := range 60 {
		if m.c.Word(lang, r) == w {
			return true
		}
	}
	return false
}

// plain reports a word of letters only (no apostrophe or hyphen, which the
// two query languages treat differently).
func plain(w string) bool {
	for _, r := range w {
		if !(r >= 'a' && r <= 'z' || r >= 'а' && r <= 'я' || strings.ContainsRune("ёіїєґ", r)) {
			return false
		}
	}
	return w != ""
}

// bigram returns two adjacent plain words of a sentence of the article.
func (m *mixer) bigram(a *corpus.Article) (string, string) {
	for tries := 0; tries < 200; tries++ {
		p := a.Paras[m.rng.IntN(len(a.Paras))]
		ws := strings.Fields(strings.ToLower(p))
		if len(ws) < 2 {
			continue
		}
		i := m.rng.IntN(len(ws) - 1)
		w1, w2 := ws[i], ws[i+1]
		if plain(w1) && plain(w2) && !(m.common(a.Lang, w1) && m.common(a.Lang, w2)) {
			return w1, w2
		}
	}
	return m.c.Phrase(a.Lang, 0), ""
}

func quote(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

func day(t time.Time) string { return t.Format(time.DateOnly) }

// make builds the k-th request of a kind.
func (m *mixer) make(kind string, k int) Request {
	g, p := url.Values{}, url.Values{}
	set := func(name, gv, pv string) {
		if gv != "" {
			g.Set(name, gv)
		}
		if pv != "" {
			p.Set(name, pv)
		}
	}
	both := func(name, v string) { set(name, v, v) }
	rng := m.rng
	switch kind {
	case KindEverything:
		both("page", strconv.Itoa(1+k%50))
	case KindEverythingTo:
		both("to", day(corpus.End.AddDate(0, 0, 1+3*k+rng.IntN(3))))
	case KindRegion:
		both("place", m.region(k))
	case KindWord:
		w := m.word(m.article(), 4)
		set("q", w, quote(w))
	case KindTwoWords:
		a := m.article()
		w1, w2 := m.word(a, 4), m.word(m.article(), 4)
		set("q", w1+" OR "+w2, quote(w1)+" OR "+quote(w2))
	case KindPhrase:
		w1, w2 := m.bigram(m.article())
		ph := strings.TrimSpace(w1 + " " + w2)
		set("q", quote(ph), quote(ph))
	case KindCollocation:
		lang := corpus.Langs[k%len(corpus.Langs)]
		ph := m.c.Phrase(lang, k/len(corpus.Langs))
		if k/len(corpus.Langs) >= 29 || strings.ContainsAny(ph, "-'") { // past the list: pairs from articles
			w1, w2 := m.bigram(m.article())
			ph = strings.TrimSpace(w1 + " " + w2)
		}
		set("q", quote(ph), quote(ph))
	case KindBoolean:
		a := m.article()
		w1, w2, w3 := m.word(a, 4), m.word(a, 4), m.word(m.article(), 4)
		set("q", "+"+w1+" +"+w2+" -"+w3, quote(w1)+" AND "+quote(w2)+" NOT "+quote(w3))
	case KindFuzzy:
		w := m.word(m.article(), 5)
		set("q", w+"~1", "")
		p.Set("fuzzy", w)
	case KindDateRange:
		from := corpus.Start.AddDate(0, 0, rng.IntN(3600))
		both("from", day(from))
		both("to", day(from.AddDate(0, 1+rng.IntN(3), 0)))
	case KindNewest:
		w := m.word(m.article(), 4)
		set("q", w, quote(w))
		both("sort", "newest")
	case KindPlaceName:
		places := m.c.Places()
		pl := places[k%len(places)]
		lang := corpus.Langs[(k/len(places)+1+rng.IntN(2))%len(corpus.Langs)]
		name := pl.Name[lang]
		if strings.Contains(name, " ") {
			set("q", quote(name), quote(name))
		} else {
			set("q", name, quote(name))
		}
	case KindWordPlaceDates:
		a := m.article()
		for tries := 0; tries < 100 && (len(a.Places) == 0 || !a.Dated); tries++ {
			a = m.article()
		}
		w := m.word(a, 4)
		set("q", w, quote(w))
		if len(a.Places) > 0 {
			both("place", a.Places[0].ID)
		}
		y := a.Published.Year()
		both("from", fmt.Sprintf("%d-01-01", y))
		both("to", fmt.Sprintf("%d-12-31", y))
	case KindSite:
		sites := m.c.Sites()
		both("site", sites[k%len(sites)].Name)
		both("from", fmt.Sprintf("%d-01-01", corpus.Start.Year()+(k/len(sites)+rng.IntN(10))%10))
		both("sort", "newest")
	}
	return Request{Kind: kind, Gazette: g, Peer: p}
}

// region returns the k-th region or country of the corpus's places, most
// mentioned first.
func (m *mixer) region(k int) string {
	var ids []string
	for _, p := range m.c.Places() {
		if p.Kind == "region" || p.Kind == "country" {
			ids = append(ids, p.ID)
		}
	}
	return ids[k%len(ids)]
}
