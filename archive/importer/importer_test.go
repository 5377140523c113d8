package importer

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/gazette-news/gazette/archive"
)

func TestKindOf(t *testing.T) {
	cases := map[string]Kind{
		"a.warc": WARC, "b.WARC.GZ": WARC, "c.wacz": WACZ, "c.html": HTML, "d.HTM": HTML, "e.txt": Text,
		"f.pdf": Unsupported, "g.warc.gz.part": Unsupported, "html": Unsupported,
	}
	for name, want := range cases {
		if got := KindOf(name); got != want {
			t.Errorf("KindOf(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestPageURL(t *testing.T) {
	cases := []struct{ html, want string }{
		{`<html><head><link rel="canonical" href="https://a.example/x"></head></html>`, "https://a.example/x"},
		{`<head><link rel="alternate canonical" href="https://a.example/y"><meta property="og:url" content="https://b.example/"></head>`, "https://a.example/y"},
		{`<head><meta property="og:url" content="https://b.example/z"></head><body></body>`, "https://b.example/z"},
		{`<head><link rel="canonical" href="/relative"></head>`, ""},
		{`<head><link rel="canonical" href="javascript:alert(1)"></head>`, ""},
		{`<body><link rel="canonical" href="https://late.example/"></body>`, ""},
		{"\x00\xff garbage <<<", ""},
	}
	for _, c := range cases {
		if got := PageURL([]byte(c.html)); got != c.want {
			t.Errorf("PageURL(%q) = %q, want %q", c.html, got, c.want)
		}
	}
}

func TestWalkAndRead(t *testing.T) {
	fsys := fstest.MapFS{
		"in/b.html":        {Data: []byte(`<html><head><link rel=canonical href="https://news.example/b"></head><body><p>Text</p></body></html>`)},
		"in/a.txt":         {Data: []byte("date 2022-05-01 Headline\n\nBody.")},
		"in/sub/c.htm":     {Data: []byte(`<p>No canonical</p>`)},
		"in/notes.pdf":     {Data: []byte("%PDF")},
		"in/.hidden/d.txt": {Data: []byte("hidden")},
		"in/empty.txt":     {Data: []byte("  \n")},
	}
	files, skipped, err := Walk(fsys, []string{"in"})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range files {
		names = append(names, f.Name)
	}
	if got, want := strings.Join(names, " "), "in/a.txt in/b.html in/empty.txt in/sub/c.htm"; got != want {
		t.Errorf("Walk found %q, want %q", got, want)
	}
	if len(skipped) != 1 || skipped[0].Name != "in/notes.pdf" {
		t.Errorf("skipped = %+v, want only in/notes.pdf", skipped)
	}
	if _, _, err := Walk(fsys, []string{"missing"}); err == nil {
		t.Error("Walk of a missing path: no error")
	}

	urls := map[string]string{}
	for _, f := range files {
		err := Read(fsys, f, "file:///"+f.Name, func(c archive.Capture) error {
			urls[f.Name] = c.URL + " " + c.MIME
			return nil
		}, func(err error) { t.Errorf("%s: %v", f.Name, err) })
		if f.Name == "in/empty.txt" {
			if err == nil {
				t.Error("empty file: no error")
			}
			continue
		}
		if err != nil {
			t.Errorf("Read(%s): %v", f.Name, err)
		}
	}
	want := map[string]string{
		"in/a.txt":     "file:///in/a.txt text/plain",
		"in/b.html":    "https://news.example/b text/html",
		"in/sub/c.htm": "file:///in/sub/c.htm text/html",
	}
	for name, w := range want {
		if urls[name] != w {
			t.Errorf("%s read as %q, want %q", name, urls[name], w)
		}
	}

	// An error from the callback stops the read and comes back unchanged.
	stop := errors.New("stop")
	if err := Read(fsys, File{Name: "in/a.txt", Kind: Text}, "x", func(archive.Capture) error { return stop }, nil); !errors.Is(err, stop) {
		t.Errorf("Read returned %v, want the callback's error", err)
	}
}
