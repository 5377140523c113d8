package htmldate

import (
	"strings"
	"testing"
	"time"

	dps "github.com/markusmobius/go-dateparser"
	"github.com/markusmobius/go-dateparser/date"
	"golang.org/x/net/html"
)

// countingParser is the package's parser, counting its calls.
type countingParser struct{ calls int }

func (c *countingParser) Parse(cfg *dps.Configuration, s string, formats ...string) (date.Date, error) {
	c.calls++
	return externalParser.Parse(cfg, s, formats...)
}

// With Options.DateParser set, the extensive search parses with it, and
// finds what it finds without it.
func TestDateParserOption(t *testing.T) {
	page := `<html><body><div><p>Some text of the article, long enough to be text.</p><span>Опубликовано 10 июня 2023, 10:29</span></div></body></html>`
	find := func(parser DateParser) (time.Time, string) {
		doc, err := html.Parse(strings.NewReader(page))
		if err != nil {
			t.Fatal(err)
		}
		res, err := FromDocument(doc, Options{
			UseOriginalDate: true,
			MinDate:         time.Date(1995, 1, 1, 0, 0, 0, 0, time.UTC),
			MaxDate:         time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC),
			DateParser:      parser,
			DateParserConfig: &dps.Configuration{
				Languages: []string{"en", "ru"}, PreferredDateSource: dps.Past, StrictParsing: true,
			},
		})
		if err != nil {
			t.Fatal(err)
		}
		return res.DateTime, res.SrcString
	}
	wantTime, wantSrc := find(nil)
	c := &countingParser{}
	gotTime, gotSrc := find(c)
	if !gotTime.Equal(wantTime) || gotSrc != wantSrc {
		t.Errorf("with a DateParser: %v %q, without: %v %q", gotTime, gotSrc, wantTime, wantSrc)
	}
	if wantTime.IsZero() {
		t.Error("no date found: the page does not exercise the extensive search")
	}
	if c.calls == 0 {
		t.Error("the DateParser was not called")
	}
}
