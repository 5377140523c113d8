package search

import (
	"container/heap"
	"math/rand/v2"
	"testing"
)

// refHeap is the heap the replay used before hheap: container/heap over
// pointers, as Bleve's heap disjunction keeps its clauses.
type refHeap []*hcur

func (h refHeap) Len() int           { return len(h) }
func (h refHeap) Less(i, j int) bool { return h[i].doc < h[j].doc }
func (h refHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *refHeap) Push(x any)        { *h = append(*h, x.(*hcur)) }
func (h *refHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// TestHheapEqualsContainerHeap: the typed heap pops the clauses in
// container/heap's order, equal documents included (the order in which
// a heap disjunction sums a document's scores), over random sequences
// of pushes and pops with many equal documents.
func TestHheapEqualsContainerHeap(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for seq := range 200 {
		cs := make([]hcur, 1+rng.IntN(40))
		var got hheap
		var want refHeap
		for step := range 2000 {
			if len(want) > 0 && (len(want) == len(cs) || rng.IntN(2) == 0) {
				g, w := got.pop(), heap.Pop(&want).(*hcur)
				if g != w {
					t.Fatalf("sequence %d, step %d: popped clause %p (doc %d), want %p (doc %d)", seq, step, g, g.doc, w, w.doc)
				}
				continue
			}
			// Push a clause not on the heap, at a document near the others.
			var c *hcur
			for c == nil || onHeap(want, c) {
				c = &cs[rng.IntN(len(cs))]
			}
			c.doc = uint64(rng.IntN(1 + len(cs)/4))
			got.push(c)
			heap.Push(&want, c)
		}
	}
}

func onHeap(h refHeap, c *hcur) bool {
	for _, x := range h {
		if x == c {
			return true
		}
	}
	return false
}
