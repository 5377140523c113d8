package backup

import (
	"archive/tar"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gazette-news/gazette/archive"
	"github.com/gazette-news/gazette/search"
)

// dataDir is a data directory open for writing, as a running Gazette has it.
type dataDir struct {
	dir     string
	archive *archive.Store
	index   *search.Index
	n       int // articles written
}

func openData(t *testing.T, dir string) *dataDir {
	t.Helper()
	s, err := archive.Open(filepath.Join(dir, ArchiveDir))
	if err != nil {
		t.Fatal(err)
	}
	ix, err := search.Open(filepath.Join(dir, IndexDir))
	if err != nil {
		s.Close()
		t.Fatal(err)
	}
	d := &dataDir{dir: dir, archive: s, index: ix}
	t.Cleanup(d.close)
	return d
}

func (d *dataDir) close() {
	if d.archive != nil {
		d.index.Close()
		d.archive.Close()
		d.archive = nil
	}
}

func (d *dataDir) source(t *testing.T) Source {
	return Source{Archive: d.archive, Index: d.index, DataDir: d.dir, Extra: []string{"crawl/crawls.json"}, Scratch: t.TempDir()}
}

// add archives one page and then indexes its article, in that order, as
// Gazette does.
func (d *dataDir) add(t *testing.T) {
	d.n++
	u := fmt.Sprintf("https://news.example/story-%03d", d.n)
	body := fmt.Sprintf("<html><title>Story %d</title><p>Harbour story number %d: the ferry crossing %s.</p></html>", d.n, d.n, strings.Repeat("again ", d.n%7))
	c, _, err := d.archive.Add(context.Background(), archive.Capture{
		URL: u, Time: time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(d.n) * time.Minute), Status: 200,
		Header: http.Header{"Content-Type": {"text/html"}}, Body: []byte(body),
	})
	if err != nil {
		t.Errorf("archive %s: %v", u, err)
		return
	}
	var b search.Batch
	b.Put(search.Doc{ID: fmt.Sprintf("a%03d", d.n), URL: u, Title: fmt.Sprintf("Story %d", d.n), Text: fmt.Sprintf("Harbour story number %d", d.n), Lang: "en", Captured: c.Time})
	b.SetApplied(c.Seq)
	if err := d.index.Write(&b); err != nil {
		t.Errorf("index %s: %v", u, err)
	}
}

// TestBackupWhileWriting backs a data directory up while another goroutine
// keeps archiving and indexing, through the tar stream a server sends,
// and checks that the backup is consistent (Check passes: every capture
// of its capture index is an intact record in its WARC files), that its
// index is not ahead of its archive, and that it restores into a data
// directory that opens and answers searches.
func TestBackupWhileWriting(t *testing.T) {
	d := openData(t, t.TempDir())
	for range 20 {
		d.add(t)
	}
	if err := os.MkdirAll(filepath.Join(d.dir, "crawl"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(d.dir, "crawl", "crawls.json"), []byte(`[{"seeds":["https://news.example/"]}]`), 0o644); err != nil {
		t.Fatal(err)
	}

	// The writer adds articles until told to stop; the reader of the tar
	// stream lets it add at least 10 more after the stream has begun (so
	// after the snapshot) before it reads on.
	stop := make(chan struct{})
	added := make(chan int, 1000)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			d.add(t)
			added <- d.n
		}
	}()
	pr, pw := io.Pipe()
	go func() {
		_, err := WriteTar(context.Background(), pw, d.source(t))
		pw.CloseWithError(err)
	}()
	dest := filepath.Join(t.TempDir(), "backup")
	m, err := ReadTar(&pausingReader{r: pr, pause: func() {
		for drain := len(added); drain > 0; drain-- {
			<-added
		}
		for range 10 {
			<-added
		}
	}}, dest)
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	final := d.n
	if m.Captures < 20 || m.Captures >= final || int(m.Articles) > m.Captures {
		t.Errorf("backup holds %d captures and %d articles; want at least 20, fewer than the %d written, articles <= captures", m.Captures, m.Articles, final)
	}

	rep, err := Check(context.Background(), dest, nil)
	if err != nil {
		t.Fatalf("Check: %v", err)
	}
	if rep.Archive.Captures != m.Captures || rep.Archive.Records < m.Captures {
		t.Errorf("Check read %+v, want the manifest's %d captures", rep.Archive, m.Captures)
	}

	// Restore over an existing data directory (kept aside) and open it.
	target := filepath.Join(t.TempDir(), "data")
	if err := os.MkdirAll(target, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(target, "old.txt"), []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := Restore(context.Background(), dest, target, nil)
	if err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(filepath.Join(res.Previous, "old.txt")); err != nil || string(b) != "old" {
		t.Errorf("the replaced data directory was not kept at %q: %v", res.Previous, err)
	}
	if b, err := os.ReadFile(filepath.Join(target, "crawl", "crawls.json")); err != nil || !bytes.Contains(b, []byte("news.example")) {
		t.Errorf("crawls.json not restored: %q, %v", b, err)
	}
	r := openData(t, target)
	captures, _, err := r.archive.Count()
	if err != nil || captures != m.Captures {
		t.Errorf("restored archive: %d captures (%v), want %d", captures, err, m.Captures)
	}
	var hits []search.Hit
	for page := 1; ; page++ {
		res, err := r.index.Search(context.Background(), search.Request{Query: "harbour", Page: page, Size: 100})
		if err != nil {
			t.Fatal(err)
		}
		hits = append(hits, res.Hits...)
		if len(res.Hits) < 100 {
			break
		}
	}
	if uint64(len(hits)) != m.Articles {
		t.Fatalf("restored index: %d articles match, want %d", len(hits), m.Articles)
	}
	for _, h := range hits {
		// The index is never ahead of the archive.
		cs, err := r.archive.Captures(h.URL)
		if err != nil || len(cs) == 0 {
			t.Errorf("article %s (%s) has no capture in the restored archive", h.ID, h.URL)
			continue
		}
		if _, err := r.archive.Load(cs[len(cs)-1]); err != nil {
			t.Errorf("load %s: %v", h.URL, err)
		}
	}
}

// pausingReader calls pause once, after the first read.
type pausingReader struct {
	r      io.Reader
	pause  func()
	paused bool
	reads  int
}

func (p *pausingReader) Read(b []byte) (int, error) {
	if p.reads == 1 && !p.paused {
		p.paused = true
		p.pause()
	}
	p.reads++
	return p.r.Read(b)
}

// backupOf writes a backup of a small data directory and closes it.
func backupOf(t *testing.T) (dest string, m Manifest) {
	t.Helper()
	d := openData(t, t.TempDir())
	for range 5 {
		d.add(t)
	}
	dest = filepath.Join(t.TempDir(), "backup")
	m, err := WriteDir(context.Background(), dest, d.source(t))
	if err != nil {
		t.Fatal(err)
	}
	d.close()
	return dest, m
}

// TestCheckRefuses damages a backup in the ways a disk, a copy or a hand
// can, and checks that Check and Restore refuse it, saying why, and that
// Restore leaves the data directory as it was.
func TestCheckRefuses(t *testing.T) {
	rewrite := func(t *testing.T, dir string, edit func(*Manifest)) {
		var m Manifest
		if err := readManifest(dir, &m); err != nil {
			t.Fatal(err)
		}
		edit(&m)
		b, _ := json.Marshal(m)
		if err := os.WriteFile(filepath.Join(dir, ManifestName), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// rehash lists the files as they are now in the manifest, as a backup
	// made of a damaged archive would.
	rehash := func(t *testing.T, dir string) {
		rewrite(t, dir, func(m *Manifest) {
			m.Files = nil
			filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
				rel, _ := filepath.Rel(dir, p)
				if err != nil || d.IsDir() || rel == ManifestName {
					return err
				}
				f := File{Path: filepath.ToSlash(rel)}
				f.Size, f.SHA256, err = hashFile(p)
				m.Files = append(m.Files, f)
				return err
			})
		})
	}
	warcOf := func(t *testing.T, dir string) string {
		files, _ := filepath.Glob(filepath.Join(dir, "archive", "warc", "*.warc.gz"))
		if len(files) == 0 {
			t.Fatal("no WARC file in the backup")
		}
		return files[0]
	}
	flip := func(t *testing.T, path string, at int64) {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		b[at] ^= 0x55
		os.WriteFile(path, b, 0o644)
	}
	tests := []struct {
		name   string
		damage func(t *testing.T, dir string)
		want   string
	}{
		{"no manifest", func(t *testing.T, dir string) { os.Remove(filepath.Join(dir, ManifestName)) }, "not a Gazette backup"},
		{"a file missing", func(t *testing.T, dir string) { os.Remove(warcOf(t, dir)) }, "no such file"},
		{"a byte changed", func(t *testing.T, dir string) { flip(t, warcOf(t, dir), 300) }, "has changed since the backup was made"},
		{"a WARC file cut short", func(t *testing.T, dir string) {
			w := warcOf(t, dir)
			info, _ := os.Stat(w)
			os.Truncate(w, info.Size()-100)
		}, "bytes, the manifest says"},
		{"a damaged record in a backup of a damaged archive", func(t *testing.T, dir string) {
			w := warcOf(t, dir)
			info, _ := os.Stat(w)
			flip(t, w, info.Size()/2)
			rehash(t, dir)
		}, "archive: damaged"},
		{"records missing from a backup of a damaged archive", func(t *testing.T, dir string) {
			w := warcOf(t, dir)
			info, _ := os.Stat(w)
			os.Truncate(w, info.Size()/2)
			rehash(t, dir)
		}, "no intact record"},
		{"capture count", func(t *testing.T, dir string) { rewrite(t, dir, func(m *Manifest) { m.Captures++ }) }, "the manifest says 6 of 5"},
		{"article count", func(t *testing.T, dir string) { rewrite(t, dir, func(m *Manifest) { m.Articles-- }) }, "the search index holds 5 articles up to capture 5, the manifest says 4 up to 5"},
		{"index ahead of the archive", func(t *testing.T, dir string) {
			// The archive of another, shorter backup: 3 captures.
			other := openData(t, t.TempDir())
			for range 3 {
				other.add(t)
			}
			odest := filepath.Join(t.TempDir(), "b")
			if _, err := WriteDir(context.Background(), odest, other.source(t)); err != nil {
				t.Fatal(err)
			}
			other.close()
			os.RemoveAll(filepath.Join(dir, ArchiveDir))
			os.Rename(filepath.Join(odest, ArchiveDir), filepath.Join(dir, ArchiveDir))
			rewrite(t, dir, func(m *Manifest) { m.Captures, m.URLs, m.ArchiveSeq = 3, 3, 3 })
			rehash(t, dir)
		}, "the search index is ahead of the archive: it has taken in captures up to number 5, the archive ends at 3"},
		{"unknown format", func(t *testing.T, dir string) { rewrite(t, dir, func(m *Manifest) { m.Format = "gazette-backup-9" }) }, "format"},
		{"a path outside", func(t *testing.T, dir string) {
			rewrite(t, dir, func(m *Manifest) { m.Files = append(m.Files, File{Path: "../../etc/passwd"}) })
		}, "not a path of a Gazette backup"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir, _ := backupOf(t)
			if _, err := Check(context.Background(), dir, nil); err != nil {
				t.Fatalf("the intact backup: %v", err)
			}
			tt.damage(t, dir)
			_, err := Check(context.Background(), dir, nil)
			if !errors.Is(err, ErrBad) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Check: %v, want ErrBad saying %q", err, tt.want)
			}

			target := filepath.Join(t.TempDir(), "data")
			os.MkdirAll(target, 0o755)
			os.WriteFile(filepath.Join(target, "keep.txt"), []byte("mine"), 0o644)
			if _, err := Restore(context.Background(), dir, target, nil); !errors.Is(err, ErrBad) {
				t.Errorf("Restore: %v, want ErrBad", err)
			}
			entries, _ := os.ReadDir(filepath.Dir(target))
			if b, err := os.ReadFile(filepath.Join(target, "keep.txt")); err != nil || string(b) != "mine" || len(entries) != 1 {
				t.Errorf("Restore changed things: keep.txt %q (%v), %d entries beside it", b, err, len(entries))
			}
		})
	}
}

// TestRestoreRefusesInUse: a data directory a running Gazette has open is
// not replaced.
func TestRestoreRefusesInUse(t *testing.T) {
	dir, _ := backupOf(t)
	target := t.TempDir()
	d := openData(t, target)
	d.add(t)
	if _, err := Restore(context.Background(), dir, target, nil); err == nil || !strings.Contains(err.Error(), "in use") {
		t.Errorf("Restore into an open data directory: %v, want in use", err)
	}
	d.close()
	if _, err := Restore(context.Background(), dir, target, nil); err != nil {
		t.Errorf("Restore once closed: %v", err)
	}
}

// TestReadTarRefusesBrokenStreams: a backup stream cut short, or holding a
// file the manifest does not list the same, leaves nothing behind.
func TestReadTarRefusesBrokenStreams(t *testing.T) {
	d := openData(t, t.TempDir())
	for range 5 {
		d.add(t)
	}
	var buf bytes.Buffer
	if _, err := WriteTar(context.Background(), &buf, d.source(t)); err != nil {
		t.Fatal(err)
	}
	whole := buf.Bytes()
	for _, tt := range []struct {
		name   string
		stream []byte
		want   string
	}{
		{"cut short", whole[:len(whole)/2], "broke off"},
		{"cut before the manifest", whole[:bytes.Index(whole, []byte(ManifestName))], "broke off"},
		{"no manifest", func() []byte {
			var b bytes.Buffer
			tw := tar.NewWriter(&b)
			tw.WriteHeader(&tar.Header{Typeflag: tar.TypeReg, Name: "crawl/crawls.json", Size: 2, Mode: 0o644})
			tw.Write([]byte("[]"))
			tw.Close()
			return b.Bytes()
		}(), "ended without " + ManifestName},
		{"a path outside", func() []byte {
			var b bytes.Buffer
			tw := tar.NewWriter(&b)
			tw.WriteHeader(&tar.Header{Typeflag: tar.TypeReg, Name: "../evil", Size: 2, Mode: 0o644})
			tw.Write([]byte("[]"))
			tw.Close()
			return b.Bytes()
		}(), "not a path of a Gazette backup"},
		{"a changed byte", func() []byte {
			b := bytes.Clone(whole)
			i := bytes.Index(b, []byte("WARC/1.1"))
			if i < 0 {
				i = len(b) / 3
			}
			b[i+1000] ^= 1
			return b
		}(), ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			parent := t.TempDir()
			_, err := ReadTar(bytes.NewReader(tt.stream), filepath.Join(parent, "backup"))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("ReadTar: %v, want an error saying %q", err, tt.want)
			}
			if entries, _ := os.ReadDir(parent); len(entries) != 0 {
				t.Errorf("left behind %v", entries)
			}
		})
	}
	if _, err := ReadTar(bytes.NewReader(whole), filepath.Join(t.TempDir(), "backup")); err != nil {
		t.Errorf("the whole stream: %v", err)
	}
}
