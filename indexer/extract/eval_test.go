package extract

import (
	"compress/gzip"
	"encoding/json"
	"flag"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

// evalDir points at a copy of the extraction dev set (evaldata.json and
// html/*.gz). The scorer is skipped without it, since users' clones do not
// have the set:
//
//	go test ./indexer/extract -run TestEvalExtraction -evaldir ../shared/eval/extraction -v
var evalDir = flag.String("evaldir", "", "path to the extraction dev set; enables TestEvalExtraction")

type evalCase struct {
	File    string   `json:"file"`
	With    []string `json:"with"`
	Without []string `json:"without"`
	Title   string   `json:"title"`
	Author  labels   `json:"author"`
	Date    string   `json:"date"`
}

// TestEvalExtraction scores Extract on the dev set with the metric of
// trafilatura's evaluation (snippets that must and must not appear in the
// text) and reports metadata accuracy. It reports; it does not fail on a
// score, so it can run while the extractor is tuned.
func TestEvalExtraction(t *testing.T) {
	if *evalDir == "" {
		t.Skip("no -evaldir given: skipping the dev-set scorer")
	}
	raw, err := os.ReadFile(filepath.Join(*evalDir, "evaldata.json"))
	if err != nil {
		t.Skipf("dev set not readable: %v", err)
	}
	var cases map[string]evalCase
	if err := json.Unmarshal(raw, &cases); err != nil {
		t.Fatal(err)
	}
	urls := make([]string, 0, len(cases))
	for u := range cases {
		urls = append(urls, u)
	}
	sort.Strings(urls)

	var tp, fn, fp, tn, failed int
	var titleOK, titleN, authorOK, authorN, dateOK, dateN int
	start := time.Now()
	for _, u := range urls {
		c := cases[u]
		body, err := readGzip(filepath.Join(*evalDir, "html", c.File+".gz"))
		if err != nil {
			t.Errorf("%s: %v", c.File, err)
			continue
		}
		a, err := Extract(Input{URL: u, Body: body})
		if err != nil {
			failed++
		}
		text := strings.Join(strings.Fields(a.Text), " ")
		for _, s := range c.With {
			if strings.Contains(text, strings.Join(strings.Fields(s), " ")) {
				tp++
			} else {
				fn++
				if testing.Verbose() && os.Getenv("EVAL_SHOW") != "" {
					t.Logf("MISS %s: %q", c.File, s)
				}
			}
		}
		for _, s := range c.Without {
			if strings.Contains(text, strings.Join(strings.Fields(s), " ")) {
				fp++
				if testing.Verbose() && os.Getenv("EVAL_SHOW") != "" {
					t.Logf("JUNK %s: %q", c.File, s)
				}
			} else {
				tn++
			}
		}
		same := func(a, b string) bool {
			return strings.Join(strings.Fields(a), " ") == strings.Join(strings.Fields(b), " ")
		}
		if c.Title != "" {
			titleN++
			if same(a.Title, c.Title) {
				titleOK++
			}
		}
		if len(c.Author) > 0 {
			authorN++
			if same(a.Author, strings.Join(c.Author, "; ")) || same(a.Author, strings.Join(c.Author, ", ")) {
				authorOK++
			}
		}
		if c.Date != "" {
			dateN++
			if a.Published != nil && a.Published.Format("2006-01-02") == c.Date {
				dateOK++
			}
		}
	}
	p := float64(tp) / float64(tp+fp)
	r := float64(tp) / float64(tp+fn)
	t.Logf("pages %d (no article: %d) in %v", len(urls), failed, time.Since(start).Round(time.Millisecond))
	t.Logf("precision %.3f recall %.3f F1 %.3f accuracy %.3f", p, r, 2*p*r/(p+r), float64(tp+tn)/float64(tp+tn+fp+fn))
	t.Logf("title %d/%d, author %d/%d, date %d/%d", titleOK, titleN, authorOK, authorN, dateOK, dateN)
}

// labels is a label that the dev set gives either as a string or as a list.
type labels []string

func (l *labels) UnmarshalJSON(b []byte) error {
	var one string
	if json.Unmarshal(b, &one) == nil {
		if one != "" {
			*l = labels{one}
		}
		return nil
	}
	return json.Unmarshal(b, (*[]string)(l))
}

func readGzip(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, err
	}
	return io.ReadAll(zr)
}
