package extract

import (
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

// evalDir points at a copy of the extraction dev set (evaldata.json and
// html/*.gz). The scorer and the dev-set benchmark are skipped without it,
// since users' clones do not have the set:
//
//	go test ./indexer/extract -run TestEvalExtraction -evaldir ../shared/eval/extraction -v
//	go test ./indexer/extract -run '^$' -bench DevSet -cpu 1 -evaldir ../shared/eval/extraction
//
// With -evalout FILE the scorer also writes one JSON line per page (what
// was missed, what leaked, metadata found and expected), for comparing two
// versions of the cleaner.
var (
	evalDir = flag.String("evaldir", "", "path to the extraction dev set; enables TestEvalExtraction and BenchmarkDevSet")
	evalOut = flag.String("evalout", "", "with -evaldir: write per-page results as JSON lines to this file")
)

type evalCase struct {
	URL     string   `json:"-"`
	File    string   `json:"file"`
	With    []string `json:"with"`
	Without []string `json:"without"`
	Title   string   `json:"title"`
	Author  labels   `json:"author"`
	Date    string   `json:"date"`
	body    []byte
}

// loadEval reads the dev set named by -evaldir with every page decompressed,
// sorted by URL, or skips the test when there is none.
func loadEval(tb testing.TB) []evalCase {
	tb.Helper()
	if *evalDir == "" {
		tb.Skip("no -evaldir given: skipping the dev-set scorer")
	}
	raw, err := os.ReadFile(filepath.Join(*evalDir, "evaldata.json"))
	if err != nil {
		tb.Skipf("dev set not readable: %v", err)
	}
	var byURL map[string]evalCase
	if err := json.Unmarshal(raw, &byURL); err != nil {
		tb.Fatal(err)
	}
	cases := make([]evalCase, 0, len(byURL))
	for u, c := range byURL {
		c.URL = u
		c.body, err = readGzip(filepath.Join(*evalDir, "html", c.File+".gz"))
		if err != nil {
			tb.Fatalf("%s: %v", c.File, err)
		}
		cases = append(cases, c)
	}
	sort.Slice(cases, func(i, j int) bool { return cases[i].URL < cases[j].URL })
	return cases
}

// evalScore accumulates the dev-set metrics.
type evalScore struct {
	pages, failed                   int
	tp, fn, fp, tn                  int
	titleOK, titleN                 int
	titleFoldOK                     int // titles equal to the label but for letter case
	authorOK, authorN               int
	dateOK, dateN                   int
	elapsed                         time.Duration
	precision, recall, f1, accTotal float64
}

// evalPage is the per-page record written with -evalout.
type evalPage struct {
	File       string   `json:"file"`
	Len        int      `json:"len"`
	Err        string   `json:"err,omitempty"`
	Missed     []string `json:"missed,omitempty"`
	Leaked     []string `json:"leaked,omitempty"`
	Title      string   `json:"title"`
	WantTitle  string   `json:"want_title,omitempty"`
	Author     string   `json:"author"`
	WantAuthor []string `json:"want_author,omitempty"`
	Date       string   `json:"date"`
	WantDate   string   `json:"want_date,omitempty"`
}

func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }

// score runs Extract over cases and computes the metrics of trafilatura's
// evaluation: snippets that must (with) and must not (without) appear in
// the text, after white space is collapsed; a page without a result
// misses all its snippets. Metadata counts when equal to the label after
// white space is collapsed, dates at day level. Titles are also counted
// ignoring letter case, for information only: some labels were copied from
// headings that the page's CSS sets in capitals. Pages are timed one by one
// so that scoring does not count as extraction time.
func score(cases []evalCase, out io.Writer) evalScore {
	var s evalScore
	enc := json.NewEncoder(out)
	for _, c := range cases {
		start := time.Now()
		a, err := Extract(Input{URL: c.URL, Body: c.body})
		s.elapsed += time.Since(start)
		s.pages++
		rec := evalPage{File: c.File, Len: len([]rune(a.Text)), Title: a.Title, WantTitle: c.Title, Author: a.Author, WantAuthor: c.Author, WantDate: c.Date}
		if err != nil {
			s.failed++
			rec.Err = err.Error()
		}
		text := collapse(a.Text)
		for _, w := range c.With {
			if strings.Contains(text, collapse(w)) {
				s.tp++
			} else {
				s.fn++
				rec.Missed = append(rec.Missed, w)
			}
		}
		for _, w := range c.Without {
			if strings.Contains(text, collapse(w)) {
				s.fp++
				rec.Leaked = append(rec.Leaked, w)
			} else {
				s.tn++
			}
		}
		if c.Title != "" {
			s.titleN++
			if collapse(a.Title) == collapse(c.Title) {
				s.titleOK++
			}
			if strings.EqualFold(collapse(a.Title), collapse(c.Title)) {
				s.titleFoldOK++
			}
		}
		if len(c.Author) > 0 {
			s.authorN++
			if collapse(a.Author) == collapse(strings.Join(c.Author, "; ")) || collapse(a.Author) == collapse(strings.Join(c.Author, ", ")) {
				s.authorOK++
			}
		}
		if a.Published != nil {
			rec.Date = a.Published.Format("2006-01-02")
		}
		if c.Date != "" {
			s.dateN++
			if rec.Date == c.Date {
				s.dateOK++
			}
		}
		_ = enc.Encode(rec)
	}
	s.precision = float64(s.tp) / float64(s.tp+s.fp)
	s.recall = float64(s.tp) / float64(s.tp+s.fn)
	s.f1 = 2 * s.precision * s.recall / (s.precision + s.recall)
	s.accTotal = float64(s.tp+s.tn) / float64(s.tp+s.tn+s.fp+s.fn)
	return s
}

func (s evalScore) String() string {
	frac := func(ok, n int) string { return fmt.Sprintf("%d/%d = %.3f", ok, n, float64(ok)/float64(max(n, 1))) }
	return fmt.Sprintf("pages %d (no article: %d), %.1f pages/s (%.1f ms/page)\n"+
		"body: precision %.3f recall %.3f F1 %.3f accuracy %.3f (TP %d FN %d FP %d TN %d)\n"+
		"title %s (ignoring letter case, for labels copied from CSS-uppercased headings: %s), author %s, date %s",
		s.pages, s.failed, float64(s.pages)/s.elapsed.Seconds(), float64(s.elapsed.Milliseconds())/float64(max(s.pages, 1)),
		s.precision, s.recall, s.f1, s.accTotal, s.tp, s.fn, s.fp, s.tn,
		frac(s.titleOK, s.titleN), frac(s.titleFoldOK, s.titleN), frac(s.authorOK, s.authorN), frac(s.dateOK, s.dateN))
}

// TestEvalExtraction scores Extract on the dev set and reports precision,
// recall, F1 and accuracy of the body text, title, author and date accuracy
// and pages per second (on all cores the test may use; see BenchmarkDevSet
// for one core). It reports; it does not fail on a score, so it can run
// while the cleaner is tuned.
func TestEvalExtraction(t *testing.T) {
	cases := loadEval(t)
	out := io.Discard
	if *evalOut != "" {
		f, err := os.Create(*evalOut)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		out = f
	}
	s := score(cases, out)
	for _, line := range strings.Split(s.String(), "\n") {
		t.Log(line)
	}
}

// BenchmarkDevSet runs the whole cleaner (decode, parse, clean, extract,
// metadata, language) over every page of the dev set; pages/s is reported
// as a metric. Run it with -cpu 1 for the one-core figure.
func BenchmarkDevSet(b *testing.B) {
	cases := loadEval(b)
	var bytes int64
	for _, c := range cases {
		bytes += int64(len(c.body))
	}
	b.SetBytes(bytes / int64(len(cases)))
	b.ReportAllocs()
	b.ResetTimer()
	n := 0
	for i := 0; i < b.N; i++ {
		c := cases[i%len(cases)]
		_, _ = Extract(Input{URL: c.URL, Body: c.body})
		n++
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "pages/s")
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
