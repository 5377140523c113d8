package web

import (
	"bytes"
	"context"
	"crypto/sha1"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gazette-news/gazette/internal/peakmem"
)

// pageReader generates an HTML page of exactly size bytes, paragraphs
// with relative and absolute links, without holding it: a large archived
// page as the archive streams it. fail, when set, is returned instead of
// the page's last bytes (a record found damaged at its end).
type pageReader struct {
	size, n int64
	fail    error
}

// pageHead and pageBlock make up a generated page: the head, then the
// block again and again.
var pageHead, pageBlock = func() ([]byte, []byte) {
	var b []byte
	for i := 0; len(b) < 64<<10; i++ {
		b = fmt.Appendf(b, "<p>Paragraph %d, <a href=\"/minutes/%d\">minutes</a>, <img src=\"https://cdn.example/%d.jpg\">.</p>\n", i, i, i)
	}
	return []byte("<!doctype html><html><body>\n"), b
}()

func newPageReader(size int64) *pageReader { return &pageReader{size: size} }

func (p *pageReader) Read(b []byte) (int, error) {
	if p.n >= p.size {
		return 0, io.EOF
	}
	if p.fail != nil && p.n+int64(len(b)) >= p.size {
		return 0, p.fail
	}
	var n int
	if p.n < int64(len(pageHead)) {
		n = copy(b, pageHead[p.n:])
	} else {
		n = copy(b, pageBlock[(p.n-int64(len(pageHead)))%int64(len(pageBlock)):])
	}
	if left := p.size - p.n; int64(n) > left {
		n = int(left)
	}
	p.n += int64(n)
	return n, nil
}

func (p *pageReader) Close() error { return nil }

// TestReplayLargeRecord: a 300 MB archived HTML page is replayed as it is
// read, whole and un-rewritten, still sandboxed, with a few megabytes of
// memory; with its size unknown (a decoded body) too.
func TestReplayLargeRecord(t *testing.T) {
	const size = 300 << 20
	const page = "https://news.example/huge.html"
	want := sha1.New()
	io.Copy(want, newPageReader(size))

	for _, known := range []bool{true, false} {
		t.Run(fmt.Sprintf("size known %v", known), func(t *testing.T) {
			load := func(context.Context, CaptureInfo) (*ArchivedResponse, error) {
				res := &ArchivedResponse{Status: 200, Header: http.Header{"Content-Type": {"text/html"}}, Body: newPageReader(size), Size: -1}
				if known {
					res.Size = size
				}
				return res, nil
			}
			captures := func(string) ([]CaptureInfo, error) {
				return []CaptureInfo{{URL: page, Time: date(2024, 5, 7, 6, 30), Status: 200, MIME: "text/html"}}, nil
			}
			replay := httptest.NewServer(NewReplay(Config{Captures: captures, Load: load}))
			defer replay.Close()

			var res *http.Response
			got := sha1.New()
			var n int64
			var head []byte
			peak := peakmem.Measure(func() {
				var err error
				res, err = http.Get(replay.URL + "/archive/20240507063000/" + page)
				if err != nil {
					t.Fatal(err)
				}
				defer res.Body.Close()
				br := io.TeeReader(res.Body, got)
				head = make([]byte, 4096)
				m, _ := io.ReadFull(br, head)
				head = head[:m]
				n, err = io.Copy(io.Discard, br)
				if err != nil {
					t.Fatal(err)
				}
				n += int64(m)
			})
			t.Logf("replayed %d MB: peak heap +%.1f MB, runtime total +%.1f MB", n>>20, peakmem.MB(peak.Heap), peakmem.MB(peak.Total))
			if res.StatusCode != 200 || n != size || !bytes.Equal(got.Sum(nil), want.Sum(nil)) {
				t.Fatalf("status %d, %d bytes, same bytes %v; want the whole page as archived", res.StatusCode, n, bytes.Equal(got.Sum(nil), want.Sum(nil)))
			}
			if !bytes.Contains(head, []byte(`href="/minutes/1"`)) || !bytes.Contains(head, []byte(`src="https://cdn.example/1.jpg"`)) {
				t.Errorf("a page past %d MB was rewritten: %.200s", maxRewrite>>20, head)
			}
			if csp := res.Header.Get("Content-Security-Policy"); csp != replayCSP || res.Header.Get("X-Content-Type-Options") != "nosniff" {
				t.Errorf("the un-rewritten page is not sandboxed: CSP %q", csp)
			}
			if res.ContentLength != -1 {
				t.Errorf("Content-Length %d sent ahead of a streamed body", res.ContentLength)
			}
			if peak.Heap > 64<<20 || peak.Total > 64<<20 {
				t.Errorf("replaying a %d MB page took %.1f MB of heap, %.1f MB in all; want at most 64 MB",
					size>>20, peakmem.MB(peak.Heap), peakmem.MB(peak.Total))
			}
		})
	}
}

// TestReplayLargeRecordDamaged: a large record found damaged at its end
// is broken off, so the browser does not take it for whole.
func TestReplayLargeRecordDamaged(t *testing.T) {
	const size = 20 << 20
	load := func(context.Context, CaptureInfo) (*ArchivedResponse, error) {
		body := newPageReader(size)
		body.fail = errors.New("block digest mismatch")
		return &ArchivedResponse{Status: 200, Header: http.Header{"Content-Type": {"text/html"}}, Body: body, Size: size}, nil
	}
	captures := func(string) ([]CaptureInfo, error) {
		return []CaptureInfo{{URL: "https://news.example/huge.html", Time: date(2024, 5, 7, 6, 30), Status: 200}}, nil
	}
	replay := httptest.NewServer(NewReplay(Config{Captures: captures, Load: load}))
	defer replay.Close()
	res, err := http.Get(replay.URL + "/archive/2024/https://news.example/huge.html")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	n, err := io.Copy(io.Discard, res.Body)
	if err == nil || n >= size {
		t.Errorf("a damaged record: %d of %d bytes and err %v; want a broken-off download", n, size, err)
	}
}

// TestReplayRewritesBelowCap: a page just under the cap is still rewritten
// and sent with its length.
func TestReplayRewritesBelowCap(t *testing.T) {
	arc := newFakeArchive()
	body := "<!doctype html><a href=\"/next\">next</a>" + strings.Repeat(" ", maxRewrite-60)
	arc.add("https://news.example/big.html", date(2024, 5, 7, 6, 30), 200, body, "Content-Type", "text/html")
	_, replay := replayServers(t, arc)
	res := get(t, replay.URL+"/archive/2024/https://news.example/big.html")
	if res.Status != 200 || !strings.Contains(string(res.Body[:100]), `href="/archive/20240507063000/https://news.example/next"`) ||
		res.Header.Get("Content-Length") != fmt.Sprint(len(res.Body)) {
		t.Errorf("status %d, Content-Length %q, start %.100s", res.Status, res.Header.Get("Content-Length"), res.Body)
	}
}
