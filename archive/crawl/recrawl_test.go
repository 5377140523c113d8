package crawl

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/nlnwa/gowarc"
)

// TestRecrawl crawls the test site, changes one article and recrawls:
// every URL is asked for again with If-None-Match, unchanged pages add no
// capture, the changed article gets a second capture and its indexed text
// is the new one, and no article is duplicated.
func TestRecrawl(t *testing.T) {
	site := newTestSite(t)
	env := newTestEnv(t, t.TempDir())
	seeds := []string{site.URL + "/"}
	if _, err := Run(context.Background(), env.config(), seeds); err != nil {
		t.Fatal(err)
	}
	firstCaptures, _, _ := env.store.Count()
	first := len(site.log())

	site.mu.Lock()
	site.edit = func(name string, body []byte) []byte {
		if name == "news/market" {
			return bytes.ReplaceAll(body, []byte("thirty stallholders"), []byte("forty-two stallholders"))
		}
		return body
	}
	site.mu.Unlock()

	cfg := env.config()
	cfg.Recrawl = true
	st, err := Run(context.Background(), cfg, seeds)
	if err != nil {
		t.Fatal(err)
	}
	if again := len(site.log()) - first; again != first {
		t.Errorf("recrawl made %d requests, want %d (every URL once more)", again, first)
	}
	// All but robots.txt (fetched unconditionally), the redirect (no ETag)
	// and the changed page.
	if site.notMod != first-3 {
		t.Errorf("%d not-modified responses, want %d", site.notMod, first-3)
	}
	if st.Indexed != 1 || st.Unchanged != first-1 || st.Errors != 0 {
		t.Errorf("recrawl stats %+v, want 1 indexed and %d unchanged", st, first-1)
	}
	captures, _, _ := env.store.Count()
	if captures != firstCaptures+1 {
		t.Errorf("%d captures after the recrawl, want %d", captures, firstCaptures+1)
	}
	caps, _ := env.store.Captures(site.URL + "/news/market")
	if len(caps) != 2 {
		t.Errorf("market has %d captures, want 2", len(caps))
	}
	checkFinalState(t, site, env)
	if types := checkWARCs(t, env); types[gowarc.Revisit] != first-1 {
		t.Errorf("%d revisit records, want %d (every unchanged URL)", types[gowarc.Revisit], first-1)
	}
	market := env.articles(t)[site.URL+"/news/market"]
	if !strings.Contains(market.Text, "forty-two stallholders") {
		t.Errorf("market article not updated: %q", market.Text)
	}

	// A finished recrawl starts over the next time.
	before := len(site.log())
	if _, err := Run(context.Background(), cfg, seeds); err != nil {
		t.Fatal(err)
	}
	if again := len(site.log()) - before; again != first {
		t.Errorf("second recrawl made %d requests, want %d", again, first)
	}
}
