package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/nlnwa/gowarc"
	"golang.org/x/text/encoding/charmap"
)

// demoDir is where the committed output lives, relative to this package.
const demoDir = "../../cmd/gazette/demo/files"

// TestCommittedFilesUpToDate regenerates the demo files and compares them
// with the committed ones, so that an edit to a source page cannot be
// forgotten. Fix a failure by running `go run ./tools/mkdemowarc` from the
// repository root.
func TestCommittedFilesUpToDate(t *testing.T) {
	files, err := render(".", demoCorpus())
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		committed, err := os.ReadFile(filepath.Join(demoDir, f.name))
		if err != nil {
			t.Errorf("%s: %v (run go run ./tools/mkdemowarc)", f.name, err)
			continue
		}
		if !bytes.Equal(committed, f.data) {
			t.Errorf("%s is out of date: run go run ./tools/mkdemowarc from the repository root", f.name)
		}
	}
}

func TestBuildIsDeterministic(t *testing.T) {
	a, err := render(".", demoCorpus())
	if err != nil {
		t.Fatal(err)
	}
	b, err := render(".", demoCorpus())
	if err != nil {
		t.Fatal(err)
	}
	for i := range a {
		if !bytes.Equal(a[i].data, b[i].data) {
			t.Errorf("%s differs between two runs", a[i].name)
		}
	}
}

func TestBuildWritesFiles(t *testing.T) {
	out := t.TempDir()
	written, err := build(".", out, demoCorpus())
	if err != nil {
		t.Fatal(err)
	}
	if len(written) != 3 {
		t.Fatalf("wrote %d files, want 3: %v", len(written), written)
	}
	for _, p := range written {
		if fi, err := os.Stat(p); err != nil || fi.Size() == 0 {
			t.Errorf("%s: missing or empty (%v)", p, err)
		}
	}
}

// warcProblems reads data with an independent WARC library, which checks
// syntax, Content-Length and both digests, and returns every problem
// found. The one specification warning that wget's WARC/1.0 output always
// causes, WARC-Target-URI written inside angle brackets, is not counted.
func warcProblems(t *testing.T, data []byte) (types []string, problems []string) {
	t.Helper()
	r, err := gowarc.NewWarcFileReaderFromStream(bytes.NewReader(data), 0,
		gowarc.WithSyntaxErrorPolicy(gowarc.ErrWarn),
		gowarc.WithSpecViolationPolicy(gowarc.ErrWarn),
		gowarc.WithUnknownRecordTypePolicy(gowarc.ErrWarn),
		gowarc.WithFixDigest(false),
		gowarc.WithFixContentLength(false))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	for {
		rec, _, validation, err := r.Next()
		if errors.Is(err, io.EOF) {
			return types, problems
		}
		if err != nil {
			return types, append(problems, err.Error())
		}
		if err := rec.ValidateDigest(validation); err != nil {
			problems = append(problems, err.Error())
		}
		for _, e := range *validation {
			if strings.Contains(e.Error(), "WARC-Target-URI") && strings.Contains(e.Error(), "'<") {
				continue
			}
			problems = append(problems, fmt.Sprintf("record %d: %v", len(types), e))
		}
		types = append(types, rec.Type().String())
		rec.Close()
	}
}

// warcResponses returns the HTTP response blocks of data by target URI.
// Specification checks are off: with them on, the library blanks target
// URIs written in wget's <...> style.
func warcResponses(t *testing.T, data []byte) map[string]gowarc.HttpResponseBlock {
	t.Helper()
	r, err := gowarc.NewWarcFileReaderFromStream(bytes.NewReader(data), 0,
		gowarc.WithSyntaxErrorPolicy(gowarc.ErrFail),
		gowarc.WithSpecViolationPolicy(gowarc.ErrIgnore))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	responses := make(map[string]gowarc.HttpResponseBlock)
	for {
		rec, _, _, err := r.Next()
		if errors.Is(err, io.EOF) {
			return responses
		}
		if err != nil {
			t.Fatal(err)
		}
		if rec.Type() != gowarc.Response {
			continue
		}
		uri := rec.WarcHeader().Get(gowarc.WarcTargetURI)
		if !strings.HasPrefix(uri, "<") || !strings.HasSuffix(uri, ">") {
			t.Errorf("target URI %q is not in angle brackets as wget writes it", uri)
		}
		block, ok := rec.Block().(gowarc.HttpResponseBlock)
		if !ok {
			t.Fatalf("%s: response block is %T, want an HTTP response", uri, rec.Block())
		}
		if err := block.Cache(); err != nil {
			t.Fatal(err)
		}
		responses[strings.Trim(uri, "<>")] = block
	}
}

func generatedWARC(t *testing.T, c corpus) []byte {
	t.Helper()
	files, err := render(".", c)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if f.name == c.Crawl.Filename {
			return f.data
		}
	}
	t.Fatalf("no %s generated", c.Crawl.Filename)
	return nil
}

func TestWARCIsValid(t *testing.T) {
	c := demoCorpus()
	warc := generatedWARC(t, c)
	if !bytes.HasPrefix(warc, []byte("WARC/1.0\r\nWARC-Type: warcinfo\r\n")) {
		t.Fatalf("WARC does not start with a WARC/1.0 warcinfo record: %q", warc[:min(len(warc), 40)])
	}
	types, problems := warcProblems(t, warc)
	for _, p := range problems {
		t.Error(p)
	}
	wantTypes := []string{"warcinfo"}
	for range c.Crawl.Captures {
		wantTypes = append(wantTypes, "request", "response")
	}
	wantTypes = append(wantTypes, "metadata", "resource", "resource")
	if strings.Join(types, " ") != strings.Join(wantTypes, " ") {
		t.Errorf("record types:\n got %v\nwant %v", types, wantTypes)
	}
}

// TestWARCValidationCatchesDamage makes sure TestWARCIsValid can fail: a
// changed byte in a page must break the digests.
func TestWARCValidationCatchesDamage(t *testing.T) {
	warc := generatedWARC(t, demoCorpus())
	i := bytes.Index(warc, []byte("<h1>"))
	if i < 0 {
		t.Fatal("no <h1> in the WARC")
	}
	damaged := bytes.Clone(warc)
	damaged[i+1] = 'H'
	if _, problems := warcProblems(t, damaged); len(problems) == 0 {
		t.Error("a changed byte went unnoticed")
	}
}

func TestWARCResponses(t *testing.T) {
	c := demoCorpus()
	responses := warcResponses(t, generatedWARC(t, c))
	if len(responses) != len(c.Crawl.Captures) {
		t.Errorf("%d responses, want %d", len(responses), len(c.Crawl.Captures))
	}
	for _, cp := range c.Crawl.Captures {
		block := responses[cp.URL]
		if block == nil {
			t.Errorf("%s: no response record (have %q)", cp.URL, keys(responses))
			continue
		}
		if got := block.HttpStatusCode(); got != 200 {
			t.Errorf("%s: status %d", cp.URL, got)
		}
		if got := block.HttpHeader().Get("Content-Type"); got != cp.ContentType {
			t.Errorf("%s: Content-Type %q, want %q", cp.URL, got, cp.ContentType)
		}
		pr, err := block.PayloadBytes()
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(pr)
		if err != nil {
			t.Fatal(err)
		}
		if got := block.HttpHeader().Get("Content-Length"); got != strconv.Itoa(len(body)) {
			t.Errorf("%s: HTTP Content-Length %s, body has %d bytes", cp.URL, got, len(body))
		}
		src, err := os.ReadFile(filepath.Join("pages", cp.Source))
		if err != nil {
			t.Fatal(err)
		}
		if cp.Encoding == nil {
			if !bytes.Equal(body, src) {
				t.Errorf("%s: body differs from pages/%s", cp.URL, cp.Source)
			}
			continue
		}
		if utf8.Valid(body) {
			t.Errorf("%s: body is valid UTF-8, want %v bytes", cp.URL, cp.Encoding)
		}
		if bytes.Contains(bytes.ToLower(body), []byte("charset")) {
			t.Errorf("%s: body declares a charset; it must come only from the HTTP header", cp.URL)
		}
		if back, err := cp.Encoding.NewDecoder().Bytes(body); err != nil || !bytes.Equal(back, src) {
			t.Errorf("%s: decoded body differs from pages/%s (%v)", cp.URL, cp.Source, err)
		}
	}
}

// TestWARCTargetURIsUseAngleBrackets checks the wget quirk that importers
// must cope with: WARC/1.0 target URIs written as <https://...>.
func TestWARCTargetURIsUseAngleBrackets(t *testing.T) {
	c := demoCorpus()
	warc := string(generatedWARC(t, c))
	for _, cp := range c.Crawl.Captures {
		want := "WARC-Target-URI: <" + cp.URL + ">\r\n"
		if n := strings.Count(warc, want); n != 2 {
			t.Errorf("%q occurs %d times, want 2 (request and response)", want, n)
		}
	}
}

func TestLegacyPagesAreEncoded(t *testing.T) {
	c := demoCorpus()
	files, err := render(".", c)
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range c.Legacy {
		data := files[i].data
		if utf8.Valid(data) {
			t.Errorf("%s: output is valid UTF-8, want %v", p.Output, p.Encoding)
		}
		back, err := p.Encoding.NewDecoder().Bytes(data)
		if err != nil {
			t.Fatal(err)
		}
		src, err := os.ReadFile(filepath.Join("legacy", p.Source))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(back, src) {
			t.Errorf("%s: decoding the output does not give the source back", p.Output)
		}
	}
}

func TestEncodeTextRejectsUnencodable(t *testing.T) {
	tests := []struct {
		name     string
		text     string
		wantLine string
	}{
		{"guillemets in KOI8-R", "первая строка\nвторая «строка»\n", "line 2"},
		{"Ukrainian letter in KOI8-R", "Київ\n", "line 1"},
		{"emoji in windows-1251", "ok\nok\n🙂\n", "line 3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			enc := charmap.KOI8R
			if strings.Contains(tt.name, "windows-1251") {
				enc = charmap.Windows1251
			}
			_, err := encodeText([]byte(tt.text), enc)
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.Contains(err.Error(), tt.wantLine) {
				t.Errorf("error %q does not name %s", err, tt.wantLine)
			}
		})
	}
}

func TestRenderRejectsBadInput(t *testing.T) {
	tests := []struct {
		name   string
		modify func(*corpus)
	}{
		{"missing legacy source", func(c *corpus) { c.Legacy[0].Source = "no-such-file.htm" }},
		{"missing page", func(c *corpus) { c.Crawl.Captures[0].Source = "no-such-file.html" }},
		{"relative URL", func(c *corpus) { c.Crawl.Captures[0].URL = "/news/1" }},
		{"no wget command line", func(c *corpus) { c.Crawl.Arguments = nil }},
		{"URL with angle bracket", func(c *corpus) { c.Crawl.Captures[0].URL = "https://a.example/<x>" }},
		{"page not encodable", func(c *corpus) {
			c.Crawl.Captures[0].Encoding = charmap.KOI8R // the Ukrainian page has і and ї
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := demoCorpus()
			tt.modify(&c)
			if _, err := render(".", c); err == nil {
				t.Error("no error")
			}
			out := t.TempDir()
			if written, err := build(".", out, c); err == nil || len(written) != 0 {
				t.Errorf("build: err=%v, wrote %v; want an error and nothing written", err, written)
			}
		})
	}
}

func keys[V any](m map[string]V) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	return ks
}
