package archive

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// sinceAll returns the URLs and sequence numbers Since(after) visits.
func sinceAll(t *testing.T, s *Store, after uint64) (urls []string, seqs []uint64) {
	t.Helper()
	err := s.Since(context.Background(), after, func(c Capture) error {
		urls = append(urls, c.URL)
		seqs = append(seqs, c.Seq)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return urls, seqs
}

// TestLogOrder: every capture Add indexes gets the next sequence number
// (whatever its URL and time), a capture Add leaves out (the same payload
// again) or a revisit record gets none, and Since reads the log in order,
// across batches, from any point.
func TestLogOrder(t *testing.T) {
	s := openStore(t, t.TempDir())
	s.batch = 2 // several read transactions
	if last, err := s.LastSeq(); err != nil || last != 0 {
		t.Fatalf("LastSeq of an empty archive = %d, %v", last, err)
	}
	steps := []struct {
		url  string
		at   time.Time
		body string
	}{
		{"https://river.example/b", day, "b one"},
		{"https://river.example/a", day.Add(-time.Hour), "a one"}, // older, sorts first by URL
		{"https://river.example/b", day.Add(time.Hour), "b two"},
		{"https://river.example/b", day.Add(2 * time.Hour), "b two"}, // unchanged: not a capture
		{"https://river.example/c", day.Add(-48 * time.Hour), "c one"},
		{"https://river.example/a", day.Add(-2 * time.Hour), "a older"}, // out of order in time
	}
	var want []string
	var prev uint64
	for _, st := range steps {
		c, added, err := s.Add(context.Background(), htmlCapture(st.url, st.at, st.body))
		if err != nil {
			t.Fatal(err)
		}
		if !added {
			if c.Seq > prev {
				t.Errorf("%s unchanged: Seq %d is new", st.url, c.Seq)
			}
			continue
		}
		if c.Seq <= prev {
			t.Errorf("%s: Seq %d after %d", st.url, c.Seq, prev)
		}
		prev = c.Seq
		want = append(want, st.url+" "+st.body)
	}
	if _, err := s.Revisit(context.Background(), htmlCapture("https://river.example/c", day, "c one")); err != nil {
		t.Fatal(err)
	}
	if last, err := s.LastSeq(); err != nil || last != prev {
		t.Errorf("LastSeq = %d, %v; want %d", last, err, prev)
	}

	var got []string
	var seqs []uint64
	err := s.Since(context.Background(), 0, func(c Capture) error {
		full, err := s.Load(c)
		if err != nil {
			return err
		}
		got = append(got, c.URL+" "+string(full.Body))
		seqs = append(seqs, c.Seq)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("Since(0):\n got %q\nwant %q", got, want)
	}
	_, tail := sinceAll(t, s, seqs[2])
	if fmt.Sprint(tail) != fmt.Sprint(seqs[3:]) {
		t.Errorf("Since(%d) = %v, want %v", seqs[2], tail, seqs[3:])
	}
	if urls, _ := sinceAll(t, s, prev); len(urls) != 0 {
		t.Errorf("Since(last) = %v, want nothing", urls)
	}
	// Captures and Latest carry the same numbers.
	caps, err := s.Captures("https://river.example/a")
	if err != nil || len(caps) != 2 || caps[0].Seq != seqs[4] || caps[1].Seq != seqs[1] {
		t.Errorf("Captures(a) = %+v, %v; want Seq %d then %d", caps, err, seqs[4], seqs[1])
	}

	stop := errors.New("stop")
	n := 0
	err = s.Since(context.Background(), 0, func(Capture) error {
		if n++; n == 3 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || n != 3 {
		t.Errorf("Since stopped after %d with %v, want 3 and the callback's error", n, err)
	}
}

// TestOpenFillsLog: an archive written before the log existed gets its
// captures numbered once, on open, in the order they were archived; new
// captures follow them.
func TestOpenFillsLog(t *testing.T) {
	dir := t.TempDir()
	s := openStore(t, dir)
	var order []string
	for i, u := range []string{"https://river.example/z", "https://river.example/m", "https://river.example/a"} {
		mustAdd(t, s, htmlCapture(u, day.Add(time.Duration(-i)*time.Hour), "page "+u))
		order = append(order, u)
	}
	err := s.db.Update(func(tx *bolt.Tx) error {
		if err := tx.DeleteBucket(logBucket); err != nil {
			return err
		}
		if _, err := tx.CreateBucket(logBucket); err != nil {
			return err
		}
		return tx.Bucket(metaBucket).Delete(logFilled)
	})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()

	s = openStore(t, dir)
	mustAdd(t, s, htmlCapture("https://river.example/new", day, "new page"))
	order = append(order, "https://river.example/new")
	urls, seqs := sinceAll(t, s, 0)
	if fmt.Sprint(urls) != fmt.Sprint(order) {
		t.Errorf("log after open: %v, want %v", urls, order)
	}
	for i := 1; i < len(seqs); i++ {
		if seqs[i] <= seqs[i-1] {
			t.Errorf("sequence numbers %v do not grow", seqs)
		}
	}
}
