package corpus

import (
	"bufio"
	"compress/gzip"
	"context"
	"crypto/sha1"
	"encoding/base32"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// PerFile is how many pages one WARC file of the corpus holds.
const PerFile = 1000

// ManifestName is the file Write leaves beside the WARC files.
const ManifestName = "corpus.json"

// Manifest describes a written corpus, so a benchmark can rebuild the
// Corpus that wrote it and draw its queries from it.
type Manifest struct {
	Generator string   `json:"generator"`
	Seed      uint64   `json:"seed"`
	Articles  int      `json:"articles"`
	Files     []string `json:"files"`
	Bytes     int64    `json:"bytes"` // of the WARC files
}

// generatorVersion names the output format; it changes whenever the same
// seed would give different bytes.
const generatorVersion = "gazette-corpus/1"

// Write writes n articles as gzipped WARC files into dir (created when
// missing), PerFile pages a file, plus the manifest. Files are written in
// parallel; each file's bytes depend only on the seed and its number.
// progress, when not nil, is called with the number of pages written so far.
func (c *Corpus) Write(ctx context.Context, dir string, n int, progress func(done int)) (Manifest, error) {
	m := Manifest{Generator: generatorVersion, Seed: c.seed, Articles: n}
	if n < 1 {
		return m, errors.New("corpus: at least one article")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return m, fmt.Errorf("corpus: %w", err)
	}
	files := (n + PerFile - 1) / PerFile
	m.Files = make([]string, files)
	sizes := make([]int64, files)
	for f := range files {
		m.Files[f] = fmt.Sprintf("corpus-%05d.warc.gz", f)
	}
	var (
		next, done atomic.Int64
		wg         sync.WaitGroup
		errOnce    sync.Once
		firstErr   error
	)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				f := int(next.Add(1) - 1)
				if f >= files || ctx.Err() != nil {
					return
				}
				from, to := f*PerFile, min((f+1)*PerFile, n)
				size, err := c.writeFile(ctx, filepath.Join(dir, m.Files[f]), from, to, func() {
					if d := done.Add(1); progress != nil && d%100 == 0 {
						progress(int(d))
					}
				})
				if err != nil {
					errOnce.Do(func() { firstErr = err; cancel() })
					return
				}
				sizes[f] = size
			}
		}()
	}
	wg.Wait()
	if firstErr != nil {
		return m, firstErr
	}
	if err := ctx.Err(); err != nil {
		return m, err
	}
	for _, s := range sizes {
		m.Bytes += s
	}
	if progress != nil {
		progress(n)
	}
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return m, err
	}
	if err := os.WriteFile(filepath.Join(dir, ManifestName), append(b, '\n'), 0o644); err != nil {
		return m, fmt.Errorf("corpus: %w", err)
	}
	return m, nil
}

// ReadManifest reads the manifest of a corpus written by Write.
func ReadManifest(dir string) (Manifest, error) {
	var m Manifest
	b, err := os.ReadFile(filepath.Join(dir, ManifestName))
	if err != nil {
		return m, fmt.Errorf("corpus: %w", err)
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return m, fmt.Errorf("corpus: %s: %w", ManifestName, err)
	}
	if m.Generator != generatorVersion {
		return m, fmt.Errorf("corpus: %s was written by %q; this Gazette writes %q: generate it again", dir, m.Generator, generatorVersion)
	}
	return m, nil
}

// writeFile writes articles [from, to) as one WARC file: a warcinfo record
// then one response record per page, each record its own gzip member (as
// crawlers write them, so a reader can seek to any record).
func (c *Corpus) writeFile(ctx context.Context, path string, from, to int, onPage func()) (int64, error) {
	f, err := os.Create(path)
	if err != nil {
		return 0, fmt.Errorf("corpus: %w", err)
	}
	defer f.Close()
	bw := bufio.NewWriterSize(f, 256<<10)
	cw := &countingWriter{w: bw}
	zw, err := gzip.NewWriterLevel(cw, gzip.DefaultCompression)
	if err != nil {
		return 0, err
	}
	record := func(fields [][2]string, block []byte) error {
		zw.Reset(cw)
		fmt.Fprintf(zw, "WARC/1.0\r\n")
		for _, fl := range fields {
			fmt.Fprintf(zw, "%s: %s\r\n", fl[0], fl[1])
		}
		fmt.Fprintf(zw, "Content-Length: %d\r\n\r\n", len(block))
		zw.Write(block)
		zw.Write([]byte("\r\n\r\n"))
		return zw.Close()
	}
	name := filepath.Base(path)
	info := fmt.Appendf(nil, "software: gazette bench corpus generator (%s)\r\nformat: WARC File Format 1.1\r\nseed: %d\r\narticles: %d-%d\r\n", generatorVersion, c.seed, from, to-1)
	infoDate := Start.Add(time.Duration(from) * time.Second).UTC()
	if err := record([][2]string{
		{"WARC-Type", "warcinfo"},
		{"WARC-Date", warcDate(infoDate)},
		{"WARC-Filename", name},
		{"WARC-Record-ID", recordID(c.seed, "warcinfo", name)},
		{"Content-Type", "application/warc-fields"},
	}, info); err != nil {
		return 0, err
	}
	for i := from; i < to; i++ {
		if i%64 == 0 && ctx.Err() != nil {
			return 0, ctx.Err()
		}
		a := c.Article(i)
		body := c.Page(a)
		resp := httpResponse(body, a.Captured)
		if err := record([][2]string{
			{"WARC-Type", "response"},
			{"WARC-Target-URI", a.URL},
			{"WARC-Date", warcDate(a.Captured)},
			{"WARC-Record-ID", recordID(c.seed, "response", a.URL)},
			{"WARC-Payload-Digest", sha1Digest(body)},
			{"WARC-Block-Digest", sha1Digest(resp)},
			{"Content-Type", "application/http; msgtype=response"},
		}, resp); err != nil {
			return 0, err
		}
		onPage()
	}
	if err := bw.Flush(); err != nil {
		return 0, fmt.Errorf("corpus: %w", err)
	}
	if err := f.Close(); err != nil {
		return 0, fmt.Errorf("corpus: %w", err)
	}
	return cw.n, nil
}

type countingWriter struct {
	w interface{ Write([]byte) (int, error) }
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// httpResponse is the HTTP message a web server would have sent.
func httpResponse(body []byte, at time.Time) []byte {
	head := fmt.Sprintf("HTTP/1.1 200 OK\r\nServer: nginx\r\nDate: %s\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: %d\r\nCache-Control: max-age=60\r\n\r\n",
		at.UTC().Format(http.TimeFormat), len(body))
	return append([]byte(head), body...)
}

func warcDate(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }

// recordID is a name-based urn:uuid, so the same seed gives the same ids.
func recordID(seed uint64, parts ...string) string {
	h := sha1.New()
	fmt.Fprintf(h, "gazette-corpus\x00%d", seed)
	for _, p := range parts {
		h.Write([]byte{0})
		h.Write([]byte(p))
	}
	u := h.Sum(nil)[:16]
	u[6] = u[6]&0x0f | 0x50
	u[8] = u[8]&0x3f | 0x80
	return fmt.Sprintf("<urn:uuid:%x-%x-%x-%x-%x>", u[0:4], u[4:6], u[6:8], u[8:10], u[10:16])
}

func sha1Digest(data []byte) string {
	sum := sha1.Sum(data)
	return "sha1:" + base32.StdEncoding.EncodeToString(sum[:])
}
