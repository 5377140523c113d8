package crawl

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha1"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/gazette-news/gazette/archive"
	"github.com/gazette-news/gazette/indexer"
	"github.com/gazette-news/gazette/ingest"
	"github.com/gazette-news/gazette/search"
)

// testSite serves testdata/site on loopback and logs every request.
//
//	/            -> index.html           /x/y      -> x/y.html, or x/y as is
//	/x/y         -> 301 to the path in x/y.redirect
//
// {{BASE}} in a file becomes the server's URL. news/depot is served as
// windows-1251, named only in the Content-Type header; news/library and
// feed.xml are gzipped for clients that accept it.
type testSite struct {
	*httptest.Server
	mu       sync.Mutex
	requests []string // path?query, in order
	onReq    func(n int, path string)
	edit     func(name string, body []byte) []byte // changes a page before it is served
	notMod   int                                   // 304 responses sent
}

func newTestSite(t *testing.T) *testSite {
	t.Helper()
	s := &testSite{}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

func (s *testSite) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.requests = append(s.requests, r.URL.RequestURI())
	n, hook := len(s.requests), s.onReq
	s.mu.Unlock()
	if hook != nil {
		hook(n, r.URL.Path)
	}
	name := strings.TrimPrefix(path.Clean(r.URL.Path), "/")
	if name == "" {
		name = "index"
	}
	dir := filepath.Join("testdata", "site")
	if target, err := os.ReadFile(filepath.Join(dir, name+".redirect")); err == nil {
		http.Redirect(w, r, strings.TrimSpace(string(target)), http.StatusMovedPermanently)
		return
	}
	file := filepath.Join(dir, name)
	body, err := os.ReadFile(file + ".html")
	if err == nil {
		file += ".html"
	} else if body, err = os.ReadFile(file); err != nil || strings.HasSuffix(file, ".html") {
		http.NotFound(w, r)
		return
	}
	body = []byte(strings.ReplaceAll(string(body), "{{BASE}}", s.URL))
	s.mu.Lock()
	edit := s.edit
	s.mu.Unlock()
	if edit != nil {
		body = edit(name, body)
	}
	sum := sha1.Sum(body)
	etag := `"` + hex.EncodeToString(sum[:8]) + `"`
	w.Header().Set("ETag", etag)
	if r.Header.Get("If-None-Match") == etag {
		s.mu.Lock()
		s.notMod++
		s.mu.Unlock()
		w.WriteHeader(http.StatusNotModified)
		return
	}
	switch {
	case name == "news/depot":
		w.Header().Set("Content-Type", "text/html; charset=windows-1251")
	case strings.HasSuffix(file, ".html"):
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
	case strings.HasSuffix(file, ".xml"):
		w.Header().Set("Content-Type", "application/xml")
	default:
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	}
	if gzipped[name] && strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
		var zb bytes.Buffer
		zw := gzip.NewWriter(&zb)
		zw.Write(body)
		zw.Close()
		w.Header().Set("Content-Encoding", "gzip")
		body = zb.Bytes()
	}
	w.Write(body)
}

// gzipped are the files the test site compresses for clients that accept it.
var gzipped = map[string]bool{"news/library": true, "feed.xml": true}

func (s *testSite) log() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.requests...)
}

// testEnv is a real data directory: an archive and a Bleve index on disk,
// kept up to date by the ingest.
type testEnv struct {
	dir    string
	store  *archive.Store
	index  *search.Index
	ingest *ingest.Ingester
}

// crawlIndexer is the crawler's view of the ingest (cmd/gazette has the same).
type crawlIndexer struct{ g *ingest.Ingester }

func (ci crawlIndexer) Index(ctx context.Context, c archive.Capture) ([]byte, bool, error) {
	r, page, err := ci.g.Ingest(ctx, c)
	return []byte(page.Text), err == nil && r.ID != "", err
}

func (ci crawlIndexer) Text(c archive.Capture) []byte { return []byte(indexer.Decode(c).Text) }

func newTestEnv(t *testing.T, dir string) *testEnv {
	t.Helper()
	e, err := openTestEnv(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.close() })
	return e
}

func openTestEnv(dir string) (*testEnv, error) {
	store, err := archive.Open(filepath.Join(dir, "archive"))
	if err != nil {
		return nil, err
	}
	idx, _, err := ingest.OpenIndex(filepath.Join(dir, "index"))
	if err != nil {
		store.Close()
		return nil, err
	}
	g, err := ingest.New(store, idx, &indexer.Extractor{}, ingest.Config{})
	if err == nil {
		_, err = g.CatchUp(context.Background(), nil)
	}
	if err != nil {
		idx.Close()
		store.Close()
		return nil, err
	}
	return &testEnv{dir: dir, store: store, index: idx, ingest: g}, nil
}

// setHook sets the function called with every request's number and path.
func (s *testSite) setHook(f func(n int, path string)) {
	s.mu.Lock()
	s.onReq = f
	s.mu.Unlock()
}

func (e *testEnv) close() {
	if e.store != nil {
		e.index.Close()
		e.store.Close()
		e.store = nil
	}
}

func (e *testEnv) config() Config {
	return Config{
		Archive: e.store, Index: crawlIndexer{e.ingest}, StateDir: filepath.Join(e.dir, "crawl"),
		Depth: 2, AllowPrivate: true, Contact: "https://example.org/gazette-bot",
	}
}

// articles returns the URLs of every indexed article.
func (e *testEnv) articles(t *testing.T) map[string]search.Doc {
	t.Helper()
	res, err := e.index.Search(context.Background(), search.Request{Size: 100})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]search.Doc{}
	for _, h := range res.Hits {
		d, err := e.index.Get(h.ID)
		if err != nil {
			t.Fatal(err)
		}
		out[d.URL] = d
	}
	return out
}
