package crawl

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// The frontier is a bbolt database with two buckets:
//
//	seen:  canonical URL -> 'q' (queued) or 'd' (done)
//	queue: sequence (8 bytes, big endian) -> item as JSON
//
// An item stays in the queue until it has been handled (archived, or found
// already archived, or refused), so a crawl killed at any moment resumes
// with every unfinished URL still queued.
var (
	seenBucket  = []byte("seen")
	queueBucket = []byte("queue")
)

const (
	stateQueued = 'q'
	stateDone   = 'd'
)

// item is one URL waiting in the frontier.
type item struct {
	Seq       uint64 `json:"-"`
	URL       string `json:"url"`                 // canonical
	Depth     int    `json:"depth"`               // links followed from a seed, sitemap or feed
	Redirects int    `json:"redirects,omitempty"` // redirects followed to get here
	Listed    bool   `json:"listed,omitempty"`    // found in a sitemap or feed
}

type frontier struct {
	db *bolt.DB
}

func openFrontier(path string) (*frontier, error) {
	db, err := bolt.Open(path, 0o644, &bolt.Options{Timeout: time.Second})
	if err != nil {
		return nil, fmt.Errorf("crawl: open frontier %s (is this crawl running elsewhere?): %w", path, err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		for _, b := range [][]byte{seenBucket, queueBucket} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("crawl: initialise frontier %s: %w", path, err)
	}
	return &frontier{db: db}, nil
}

func (f *frontier) close() error { return f.db.Close() }

// add queues the items whose URL was never seen and returns them with
// their sequence numbers set.
func (f *frontier) add(items []item) ([]item, error) {
	var added []item
	err := f.db.Update(func(tx *bolt.Tx) error {
		seen, queue := tx.Bucket(seenBucket), tx.Bucket(queueBucket)
		for _, it := range items {
			if seen.Get([]byte(it.URL)) != nil {
				continue
			}
			seq, err := queue.NextSequence()
			if err != nil {
				return err
			}
			it.Seq = seq
			v, err := json.Marshal(it)
			if err != nil {
				return err
			}
			if err := queue.Put(seqKey(seq), v); err != nil {
				return err
			}
			if err := seen.Put([]byte(it.URL), []byte{stateQueued}); err != nil {
				return err
			}
			added = append(added, it)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("crawl: frontier: %w", err)
	}
	return added, nil
}

// done removes an item from the queue and marks its URL, and any aliases
// (such as the <link rel=canonical> of the page), as done.
func (f *frontier) done(it item, aliases ...string) error {
	err := f.db.Update(func(tx *bolt.Tx) error {
		if err := tx.Bucket(queueBucket).Delete(seqKey(it.Seq)); err != nil {
			return err
		}
		seen := tx.Bucket(seenBucket)
		if err := seen.Put([]byte(it.URL), []byte{stateDone}); err != nil {
			return err
		}
		for _, a := range aliases {
			if seen.Get([]byte(a)) == nil {
				if err := seen.Put([]byte(a), []byte{stateDone}); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("crawl: frontier: %w", err)
	}
	return nil
}

// pending returns every queued item, oldest first.
func (f *frontier) pending() ([]item, error) {
	var items []item
	err := f.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(queueBucket).ForEach(func(k, v []byte) error {
			var it item
			if err := json.Unmarshal(v, &it); err != nil {
				return fmt.Errorf("corrupt queue entry: %w", err)
			}
			it.Seq = binary.BigEndian.Uint64(k)
			items = append(items, it)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("crawl: frontier: %w", err)
	}
	return items, nil
}

func seqKey(seq uint64) []byte { return binary.BigEndian.AppendUint64(nil, seq) }

// restartIfFinished empties a frontier whose queue is empty, so that a
// finished crawl can run again from its seeds.
func (f *frontier) restartIfFinished() error {
	err := f.db.Update(func(tx *bolt.Tx) error {
		if k, _ := tx.Bucket(queueBucket).Cursor().First(); k != nil {
			return nil // unfinished: resume
		}
		for _, b := range [][]byte{seenBucket, queueBucket} {
			if err := tx.DeleteBucket(b); err != nil {
				return err
			}
			if _, err := tx.CreateBucket(b); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("crawl: frontier: %w", err)
	}
	return nil
}
