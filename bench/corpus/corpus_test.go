package corpus

import (
	"context"
	"crypto/sha256"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gazette-news/gazette/archive"
	"github.com/gazette-news/gazette/archive/importer"
	"github.com/gazette-news/gazette/indexer"
	"github.com/gazette-news/gazette/indexer/places"
)

func newCorpus(t testing.TB, seed uint64) *Corpus {
	t.Helper()
	c, err := New(seed)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// hashDir returns the SHA-256 of every file in dir, by name.
func hashDir(t *testing.T, dir string) map[string][32]byte {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][32]byte{}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = sha256.Sum256(b)
	}
	return out
}

// TestSameSeedSameBytes writes the corpus twice with one seed (in separate
// Corpus values, as two runs would) and once with another: the first two
// must be byte for byte the same, the third different.
func TestSameSeedSameBytes(t *testing.T) {
	const n = PerFile + 150 // two files, the second partial
	write := func(seed uint64) map[string][32]byte {
		dir := t.TempDir()
		m, err := newCorpus(t, seed).Write(context.Background(), dir, n, nil)
		if err != nil {
			t.Fatal(err)
		}
		if m.Articles != n || len(m.Files) != 2 || m.Bytes == 0 {
			t.Fatalf("manifest %+v", m)
		}
		back, err := ReadManifest(dir)
		if err != nil || back.Seed != seed || back.Articles != n {
			t.Fatalf("ReadManifest = %+v, %v", back, err)
		}
		return hashDir(t, dir)
	}
	a, b, other := write(7), write(7), write(8)
	if len(a) != 3 {
		t.Fatalf("wrote %d files, want 2 WARC files and the manifest", len(a))
	}
	for name, h := range a {
		if b[name] != h {
			t.Errorf("%s differs between two runs with seed 7", name)
		}
		if name != ManifestName && other[name] == h {
			t.Errorf("%s is the same with seeds 7 and 8", name)
		}
	}
}

// TestArticleIndependentOfCount checks that article i is the same whether
// the corpus is small or large, so queries drawn from articles find them.
func TestArticleIndependentOfCount(t *testing.T) {
	c1, c2 := newCorpus(t, 3), newCorpus(t, 3)
	for _, i := range []int{0, 1, 999, 12345} {
		a, b := c1.Article(i), c2.Article(i)
		if a.URL != b.URL || a.Text() != b.Text() || string(c1.Page(a)) != string(c2.Page(b)) {
			t.Errorf("article %d differs between two corpora of the same seed", i)
		}
	}
}

// TestCorpusShape checks the corpus has what the benchmark needs: 50+
// sites in three languages, dates over ten years, some undated pages, some
// without author, places with a few very common and a long tail.
func TestCorpusShape(t *testing.T) {
	c := newCorpus(t, 1)
	if len(c.Sites()) < 50 {
		t.Errorf("%d sites, want 50 or more", len(c.Sites()))
	}
	const n = 3000
	langs, sites, years, place := map[string]int{}, map[string]int{}, map[int]bool{}, map[string]int{}
	undated, noAuthor, mentions := 0, 0, 0
	for i := range n {
		a := c.Article(i)
		langs[a.Lang]++
		sites[a.Site.Domain]++
		if a.Dated {
			years[a.Published.Year()] = true
		} else {
			undated++
		}
		if a.Author == "" {
			noAuthor++
		}
		for _, p := range a.Places {
			place[p.ID]++
			mentions++
			if !strings.Contains(a.Text(), p.Name[a.Lang]) {
				t.Errorf("article %d lists %s but never names it", i, p.Name[a.Lang])
			}
		}
	}
	for _, l := range Langs {
		if langs[l] < n/10 {
			t.Errorf("%d articles in %s of %d", langs[l], l, n)
		}
	}
	if len(sites) < 50 {
		t.Errorf("%d sites published in %d articles", len(sites), n)
	}
	if len(years) != 10 {
		t.Errorf("articles published in %d years, want 10", len(years))
	}
	if undated < n/50 || undated > n/5 {
		t.Errorf("%d undated articles of %d", undated, n)
	}
	if noAuthor < n/20 || noAuthor > n/2 {
		t.Errorf("%d articles without author of %d", noAuthor, n)
	}
	top := place[c.Places()[0].ID]
	if top < mentions/20 {
		t.Errorf("the most common place is in %d of %d place mentions: no head", top, mentions)
	}
	if len(place) < 300 {
		t.Errorf("only %d distinct places: no long tail", len(place))
	}
}

// TestPagesExtract runs Gazette's own extractor and recogniser over a
// sample of generated pages: they must come out as the articles they were
// generated from (title, language, site, date or its absence, author and
// places), or the benchmark would measure something else than news.
func TestPagesExtract(t *testing.T) {
	c := newCorpus(t, 1)
	dir := t.TempDir()
	const n = 240
	if _, err := c.Write(context.Background(), dir, n, nil); err != nil {
		t.Fatal(err)
	}
	gaz, err := places.Load()
	if err != nil {
		t.Fatal(err)
	}
	x := &indexer.Extractor{Places: gaz}
	byURL := map[string]*Article{}
	for i := range n {
		a := c.Article(i)
		byURL[a.URL] = a
	}
	var got, titles, langs, sites, dates, authors, placesWant, placesFound int
	err = importer.Read(importer.OSFS(), importer.File{Name: filepath.Join(dir, "corpus-00000.warc.gz"), Kind: importer.WARC}, "",
		func(cp archive.Capture) error {
			want := byURL[cp.URL]
			if want == nil {
				t.Errorf("capture of unknown URL %s", cp.URL)
				return nil
			}
			got++
			art, err := x.Extract(cp)
			if err != nil {
				t.Errorf("%s: %v", cp.URL, err)
				return nil
			}
			if art.Title == want.Title {
				titles++
			}
			if art.Lang == want.Lang {
				langs++
			}
			// Without og:site_name, the site may be named by its host.
			if art.Site == want.Site.Name || art.Site == want.Site.Domain {
				sites++
			} else if testing.Verbose() {
				t.Logf("site %q, want %q (%s)", art.Site, want.Site.Name, cp.URL)
			}
			switch {
			case !want.Dated && art.Published == nil:
				dates++
			case want.Dated && art.Published != nil && art.Published.Format(time.DateOnly) == want.Published.Format(time.DateOnly):
				// Pages that print the local time without a zone (or
				// only the day) give the day, not the instant.
				dates++
			default:
				if testing.Verbose() {
					t.Logf("date %v, want %v (dated %v, kind %d) %s", art.Published, want.Published, want.Dated, want.Site.style.dateKind, cp.URL)
				}
			}
			if art.Author == want.Author {
				authors++
			}
			for _, p := range want.Places {
				placesWant++
				for _, f := range art.Places {
					if f.Place.ID == p.ID {
						placesFound++
						break
					}
				}
			}
			return nil
		}, func(err error) { t.Error(err) })
	if err != nil {
		t.Fatal(err)
	}
	if got != n {
		t.Fatalf("read %d captures, want %d", got, n)
	}
	t.Logf("of %d pages: title %d, lang %d, site %d, date %d, author %d; places %d of %d",
		n, titles, langs, sites, dates, authors, placesFound, placesWant)
	for _, c := range []struct {
		what      string
		got, want int
	}{
		{"titles", titles, n * 95 / 100}, {"languages", langs, n * 95 / 100}, {"sites", sites, n * 90 / 100},
		{"dates", dates, n * 90 / 100}, {"authors", authors, n * 80 / 100}, {"places", placesFound, placesWant * 90 / 100},
	} {
		if c.got < c.want {
			t.Errorf("%s right in %d cases, want at least %d", c.what, c.got, c.want)
		}
	}
}
