package clean

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
)

// BenchmarkPage cleans the page fixtures, one page per op.
func BenchmarkPage(b *testing.B) {
	files, _ := filepath.Glob(filepath.Join("testdata", "pages", "*.html"))
	var pages []string
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		pages = append(pages, string(raw))
	}
	if len(pages) == 0 {
		b.Skip("no page fixtures")
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		root, err := html.Parse(strings.NewReader(pages[i%len(pages)]))
		if err != nil {
			b.Fatal(err)
		}
		doc := goquery.NewDocumentFromNode(root)
		b.StartTimer()
		Page(doc)
	}
}

// BenchmarkLines cleans the text fixtures, one text per op.
func BenchmarkLines(b *testing.B) {
	files, _ := filepath.Glob(filepath.Join("testdata", "lines", "*.txt"))
	var texts []string
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		texts = append(texts, string(raw))
	}
	if len(texts) == 0 {
		b.Skip("no text fixtures")
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		Lines(texts[i%len(texts)])
	}
}
