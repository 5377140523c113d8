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

// TestWarmUp checks the warm-up: requests of every kind but the front
// page, the same for the same seed, none asking for a result set that a
// measured request or another warm-up request asks for.
func TestWarmUp(t *testing.T) {
	c, err := corpus.New(1)
	if err != nil {
		t.Fatal(err)
	}
	measured := Mix(c, 5000, 40, 1)
	warm := WarmUp(c, 5000, 20, 1, measured)
	again := WarmUp(c, 5000, 20, 1, measured)
	if len(warm) != len(again) {
		t.Fatalf("two warm-ups of one seed: %d and %d requests", len(warm), len(again))
	}
	asked := map[string]bool{}
	for _, r := range measured {
		asked[resultSet(r)] = true
	}
	count := map[string]int{}
	for i, r := range warm {
		if r.Gazette.Encode() != again[i].Gazette.Encode() {
			t.Fatalf("warm-up request %d differs between two runs of one seed", i)
		}
		count[r.Kind]++
		key := resultSet(r)
		if asked[key] {
			t.Errorf("%s: warm-up asks for %q, which a measured request or an earlier warm-up does", r.Kind, key)
		}
		asked[key] = true
	}
	for _, k := range Kinds {
		switch {
		case k == KindEverything && count[k] != 0:
			t.Errorf("%s: %d warm-up requests, want none (its pages share one result set)", k, count[k])
		case k != KindEverything && count[k] < 15:
			t.Errorf("%s: %d warm-up requests, want about 20", k, count[k])
		}
	}
	if none := WarmUp(c, 5000, 0, 1, measured); len(none) != 0 {
		t.Errorf("WarmUp(perKind 0) = %d requests, want none", len(none))
	}
}
