package load

import (
	"testing"

	"github.com/gazette-news/gazette/bench/corpus"
)

// TestMix checks the mix: every kind perKind times, the same for the same
// seed, and no two requests of a kind (but the paged front page) asking
// for the same result set, so no facet cache can answer them.
func TestMix(t *testing.T) {
	c, err := corpus.New(1)
	if err != nil {
		t.Fatal(err)
	}
	const perKind = 40
	reqs := Mix(c, 5000, perKind, 1)
	if len(reqs) != perKind*len(Kinds) {
		t.Fatalf("%d requests, want %d", len(reqs), perKind*len(Kinds))
	}
	again := Mix(c, 5000, perKind, 1)
	count := map[string]int{}
	resultSets := map[string]bool{}
	for i, r := range reqs {
		count[r.Kind]++
		if r.Gazette.Encode() != again[i].Gazette.Encode() || r.Peer.Encode() != again[i].Peer.Encode() {
			t.Fatalf("request %d differs between two mixes of one seed", i)
		}
		if r.Kind != KindEverything && len(r.Gazette) == 0 {
			t.Errorf("%s: no parameters", r.Kind)
		}
		g := r.Gazette
		g.Del("page")
		g.Del("sort")
		key := r.Kind + "?" + g.Encode()
		if r.Kind != KindEverything && resultSets[key] {
			t.Errorf("%s: result set %s asked twice", r.Kind, g.Encode())
		}
		resultSets[key] = true
	}
	for _, k := range Kinds {
		if count[k] != perKind {
			t.Errorf("%s: %d requests, want %d", k, count[k], perKind)
		}
	}
}
