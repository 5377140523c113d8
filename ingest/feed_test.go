package ingest

import (
	"context"
	"fmt"
	"reflect"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gazette-news/gazette/archive"
	"github.com/gazette-news/gazette/indexer"
)

// countingArchive is the archive, counting the records read back from it.
// Its Loads and the test's AddBatch calls take turns: gowarc's readers and
// writers share a flag of the uuid package without a lock, which the race
// detector would report.
type countingArchive struct {
	*archive.Store
	loads atomic.Int64
	mu    sync.Mutex
}

func (a *countingArchive) Load(c archive.Capture) (archive.Capture, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.loads.Add(1)
	return a.Store.Load(c)
}

func (a *countingArchive) AddBatch(ctx context.Context, cs []archive.Capture) ([]archive.AddResult, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.Store.AddBatch(ctx, cs)
}

// TestFeedTakesTheBodiesHandedOver: captures handed to a Feed with the
// bodies they were archived with are applied without reading a record
// back, and give the index that a CatchUp from the archive gives. A
// capture someone else archived in between (a crawl, while an import
// runs) is read from the archive and applied in its place, its result
// kept for its own Ingest call; and one already applied is reported as
// what it did.
func TestFeedTakesTheBodiesHandedOver(t *testing.T) {
	for _, workers := range []int{1, 3} {
		t.Run(fmt.Sprintf("%d workers", workers), func(t *testing.T) {
			e := newEnv(t)
			counting := &countingArchive{Store: e.store}
			g, err := New(counting, e.index, &indexer.Extractor{}, Config{BatchDocs: 4, Workers: workers})
			if err != nil {
				t.Fatal(err)
			}
			var handed []archive.Capture
			var got []Result
			f := g.NewFeed(t.Context(), func(r Result) { got = append(got, r) })

			// Two captures a crawler's Ingest applied before the feed
			// got them: the first on the second's behalf.
			early, err := counting.AddBatch(t.Context(), []archive.Capture{
				capture("https://river.example/early-0", "", "Early story", "", day, 200),
				capture("https://river.example/early-1", "", "Another early story", "", day, 200),
			})
			if err != nil {
				t.Fatal(err)
			}
			if r, _, err := g.Ingest(t.Context(), early[1].Capture); err != nil || r.Outcome != NewArticle {
				t.Fatalf("Ingest(early-1) = %+v, %v", r, err)
			}
			for _, r := range early {
				if err := f.Add(r.Capture); err != nil {
					t.Fatal(err)
				}
				handed = append(handed, r.Capture)
			}

			var crawled archive.Capture
			for i := range 11 {
				url := fmt.Sprintf("https://river.example/%d", i%8) // some URLs twice: updates
				title := fmt.Sprintf("Ferry story %d", i)
				var batch []archive.Capture
				for j := range 3 {
					batch = append(batch, capture(fmt.Sprintf("%s-%d", url, j), "", fmt.Sprintf("%s, part %d", title, j), "", day.Add(time.Duration(i)*time.Hour), 200))
				}
				if i == 5 {
					batch[1] = capture("https://river.example/", "", "Front page", "", day, 200) // a listing: no article
				}
				res, err := counting.AddBatch(t.Context(), batch)
				if err != nil {
					t.Fatal(err)
				}
				for _, r := range res {
					if !r.Added || r.Err != nil {
						t.Fatalf("%s: added=%v, %v", r.Capture.URL, r.Added, r.Err)
					}
					if r.Capture.Body == nil {
						t.Fatalf("%s came back from the archive without its body", r.Capture.URL)
					}
					if err := f.Add(r.Capture); err != nil {
						t.Fatal(err)
					}
					handed = append(handed, r.Capture)
				}
				if i == 7 {
					// Archived by a crawl, not handed to the feed.
					res, err := counting.AddBatch(t.Context(), []archive.Capture{capture("https://river.example/crawled", "", "Crawled story", "", day, 200)})
					if err != nil {
						t.Fatal(err)
					}
					crawled = res[0].Capture
				}
			}
			if err := f.Add(handed[0]); err == nil {
				t.Error("a capture out of log order was taken")
			}
			sum, err := f.Close()
			if err != nil {
				t.Fatal(err)
			}
			if n := counting.loads.Load(); n != 2 {
				t.Errorf("%d records read back from the archive, want 2 (the crawled one, and early-0 for early-1's Ingest)", n)
			}
			if len(got) != len(handed) {
				t.Fatalf("%d results reported, want one for each of the %d captures handed over", len(got), len(handed))
			}
			for i, r := range got {
				if r.Capture.Seq != handed[i].Seq || r.Capture.Body != nil {
					t.Errorf("result %d: capture %d (%d body bytes), want %d, as the log lists it", i, r.Capture.Seq, len(r.Capture.Body), handed[i].Seq)
				}
			}
			if got[0].Outcome != NewArticle || got[1].Outcome != Unchanged {
				t.Errorf("the captures applied before the feed got them: %v and %v, want new (applied by Ingest for the other) and unchanged (Ingest's own)", got[0].Outcome, got[1].Outcome)
			}
			if sum.NoArticle != 1 || sum.Unchanged != 1 || sum.New+sum.Updated+sum.NoArticle+sum.Unchanged != sum.Captures || sum.Captures != len(handed)+1 {
				t.Errorf("summary %+v", sum)
			}
			// The crawl's own Ingest call finds its result.
			r, _, err := g.Ingest(t.Context(), crawled)
			if err != nil || r.Outcome != NewArticle {
				t.Errorf("Ingest(crawled) = %+v, %v; want the result recorded when the feed applied it", r, err)
			}
			handedOver := dump(t, e.index)

			// The same archive, applied from its records.
			e.openIndex(t, "from-the-archive")
			e.catchUp(t)
			if fromArchive := dump(t, e.index); !reflect.DeepEqual(handedOver, fromArchive) {
				t.Errorf("from the bodies handed over:\n%v\nfrom the archive:\n%v", handedOver, fromArchive)
			}
		})
	}
}
