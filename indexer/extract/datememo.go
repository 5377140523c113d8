package extract

import (
	"reflect"
	"strings"
	"sync"
	"time"

	"github.com/markusmobius/go-dateparser"
	"github.com/markusmobius/go-dateparser/date"
	"github.com/markusmobius/go-htmldate"
)

// go-htmldate's extensive search hands short texts of the page (its
// footer, bylines, captions) to go-dateparser, which tries each of the
// languages of dateWords on each text: some 2.4 ms of CPU per text, a
// seventh of an article's extraction. Many of those texts are the same on
// every page of a site ("© 2001–2025 Morning Herald. All rights
// reserved."), so searchDates remembers what the parser made of each text
// and gives the same answer again without parsing. The parser is the one
// go-htmldate uses itself (CustomFormat and AbsoluteTime, which read no
// relative dates), so an answer depends on the text and the configuration
// only; the remembered answers are dropped when the UTC day changes all
// the same, and when there are too many of them.

// searchDates is the date parser findDate gives go-htmldate
// (htmldate.Options.DateParser).
var searchDates = &memoParser{parser: &dateparser.Parser{ParserTypes: htmldate.ExternalParserTypes}}

// memoMax bounds the answers a memoParser keeps.
const memoMax = 20000

// memoParser is a date parser that remembers its answers.
type memoParser struct {
	parser *dateparser.Parser

	mu      sync.Mutex
	day     string // the UTC day the answers were given
	answers map[memoKey]memoAnswer
}

type memoKey struct {
	languages string // the configuration's languages, which dateWords varies
	text      string
}

type memoAnswer struct {
	date date.Date
	err  error
}

// Parse parses s as the parser does. Configurations other than those
// dateWords makes are parsed every time.
func (m *memoParser) Parse(cfg *dateparser.Configuration, s string, formats ...string) (date.Date, error) {
	if len(formats) > 0 || !memoizable(cfg) {
		return m.parser.Parse(cfg, s, formats...)
	}
	key := memoKey{languages: strings.Join(cfg.Languages, ","), text: s}
	day := time.Now().UTC().Format(time.DateOnly)
	m.mu.Lock()
	if m.day != day || len(m.answers) >= memoMax {
		m.day, m.answers = day, map[memoKey]memoAnswer{}
	}
	a, ok := m.answers[key]
	m.mu.Unlock()
	if ok {
		return a.date, a.err
	}
	a.date, a.err = m.parser.Parse(cfg, s)
	m.mu.Lock()
	if m.day == day {
		key.text = strings.Clone(s) // not a piece of a page kept whole
		m.answers[key] = a
	}
	m.mu.Unlock()
	return a.date, a.err
}

// memoizable reports a configuration as dateWords makes it: languages,
// PreferredDateSource Past and StrictParsing, nothing else.
func memoizable(cfg *dateparser.Configuration) bool {
	if cfg == nil {
		return false
	}
	c := *cfg
	c.Languages = nil
	return reflect.DeepEqual(c, dateparser.Configuration{PreferredDateSource: dateparser.Past, StrictParsing: true})
}
