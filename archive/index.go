package archive

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
)

// The capture index lives in one bbolt bucket. Keys sort captures by URL,
// then time, then insertion order:
//
//	URL 0x00 seconds(8, sign bit flipped) nanoseconds(4) sequence(8)
//
// so that the captures of a URL are one key range, oldest first, and the
// newest capture of a URL is the last key of its range. A URL never holds
// 0x00 (Add rejects control characters).
//
// The sequence is the capture's place in the archive's log (Capture.Seq):
// the bucket's own sequence, taken in the transaction that indexes the
// capture, so it grows with every capture added. The log bucket maps it
// back to the key, so that the captures can be read in the order they were
// archived (Store.Since).
var (
	capturesBucket = []byte("captures")
	logBucket      = []byte("log")
	metaBucket     = []byte("meta")
	// digestsBucket maps a payload digest to the first HTTP response
	// archived with that payload, which later captures of the same payload
	// (under any URL) refer to with a revisit record instead of storing it
	// again.
	digestsBucket = []byte("digests")
	captureCount  = []byte("captures")
	digestsFilled = []byte("digests-filled") // set once fillDigests has run
	logFilled     = []byte("log-filled")     // set once fillLog has run
	urlCount      = []byte("urls")
)

// entry is a Capture as stored in the index: everything but Header and Body.
type entry struct {
	URL      string    `json:"url"`
	Time     time.Time `json:"time"`
	Status   int       `json:"status"`
	MIME     string    `json:"mime,omitempty"`
	Digest   string    `json:"digest"`
	File     string    `json:"file"`
	Offset   int64     `json:"offset"`
	Length   int64     `json:"length"`
	RecordID string    `json:"id"`
	Original *entry    `json:"original,omitempty"` // for a revisit record: the capture holding the payload
}

func (e entry) capture() Capture {
	c := Capture{URL: e.URL, Time: e.Time, Status: e.Status, MIME: e.MIME, Digest: e.Digest,
		File: e.File, Offset: e.Offset, Length: e.Length, RecordID: e.RecordID}
	if e.Original != nil {
		o := e.Original.capture()
		c.Original = &o
	}
	return c
}

func newEntry(c Capture) entry {
	e := entry{URL: c.URL, Time: c.Time, Status: c.Status, MIME: c.MIME, Digest: c.Digest,
		File: c.File, Offset: c.Offset, Length: c.Length, RecordID: c.RecordID}
	if c.Original != nil {
		o := newEntry(*c.Original)
		o.Original = nil // an original holds its payload itself
		e.Original = &o
	}
	return e
}

// urlPrefix is the start of every key of url.
func urlPrefix(url string) []byte {
	return append([]byte(url), 0)
}

func captureKey(url string, t time.Time, seq uint64) []byte {
	k := urlPrefix(url)
	k = binary.BigEndian.AppendUint64(k, uint64(t.Unix())^(1<<63))
	k = binary.BigEndian.AppendUint32(k, uint32(t.Nanosecond()))
	return binary.BigEndian.AppendUint64(k, seq)
}

// keySeq returns the sequence part of a capture key.
func keySeq(k []byte) uint64 {
	if len(k) < 8 {
		return 0
	}
	return binary.BigEndian.Uint64(k[len(k)-8:])
}

// seqKey is the key of a sequence number in the log bucket.
func seqKey(seq uint64) []byte { return binary.BigEndian.AppendUint64(nil, seq) }

// keyURL returns the URL part of a key.
func keyURL(k []byte) []byte {
	if i := bytes.IndexByte(k, 0); i >= 0 {
		return k[:i]
	}
	return k
}

// decodeEntry decodes the index entry v stored under the capture key k
// (nil for an entry of the digests table, which has no sequence).
func decodeEntry(k, v []byte) (Capture, error) {
	var e entry
	if err := json.Unmarshal(v, &e); err != nil {
		return Capture{}, fmt.Errorf("archive: corrupt index entry: %w", err)
	}
	c := e.capture()
	if k != nil {
		c.Seq = keySeq(k)
	}
	return c, nil
}

// newestOf returns the newest capture of url in b, if there is one.
func newestOf(b *bolt.Bucket, url string) (Capture, bool, error) {
	prefix := urlPrefix(url)
	c := b.Cursor()
	// Keys of url all start with url+0x00, so url+0x01 sorts after them.
	end := append([]byte(url), 1)
	k, _ := c.Seek(end)
	if k == nil {
		k, _ = c.Last()
	} else {
		k, _ = c.Prev()
	}
	if k == nil || !bytes.HasPrefix(k, prefix) {
		return Capture{}, false, nil
	}
	capture, err := decodeEntry(k, b.Get(k))
	return capture, err == nil, err
}

// sameCapture returns the capture of c.URL archived at exactly c.Time with
// c.Digest, if there is one.
func sameCapture(b *bolt.Bucket, c Capture) (Capture, bool, error) {
	prefix := captureKey(c.URL, c.Time, 0)
	prefix = prefix[:len(prefix)-8] // URL 0x00 seconds nanoseconds
	cur := b.Cursor()
	for k, v := cur.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = cur.Next() {
		old, err := decodeEntry(k, v)
		if err != nil {
			return Capture{}, false, err
		}
		if old.Digest == c.Digest {
			return old, true, nil
		}
	}
	return Capture{}, false, nil
}

// putCapture indexes c, appends it to the log and updates the counters. It
// sets c.Seq.
func putCapture(tx *bolt.Tx, c *Capture) error {
	b := tx.Bucket(capturesBucket)
	_, seen, err := newestOf(b, c.URL)
	if err != nil {
		return err
	}
	seq, err := b.NextSequence()
	if err != nil {
		return err
	}
	v, err := json.Marshal(newEntry(*c))
	if err != nil {
		return err
	}
	key := captureKey(c.URL, c.Time, seq)
	if err := b.Put(key, v); err != nil {
		return err
	}
	if err := tx.Bucket(logBucket).Put(seqKey(seq), key); err != nil {
		return err
	}
	c.Seq = seq
	if c.Header != nil && c.Original == nil {
		if err := rememberPayload(tx, c.Digest, *c); err != nil {
			return err
		}
	}
	if err := addCount(tx, captureCount, 1); err != nil {
		return err
	}
	if !seen {
		return addCount(tx, urlCount, 1)
	}
	return nil
}

// rememberPayload records c as the capture holding the payload with the
// given digest, unless an earlier capture does already.
func rememberPayload(tx *bolt.Tx, digest string, c Capture) error {
	b := tx.Bucket(digestsBucket)
	if b.Get([]byte(digest)) != nil {
		return nil
	}
	v, err := json.Marshal(newEntry(c))
	if err != nil {
		return err
	}
	return b.Put([]byte(digest), v)
}

// fillDigests remembers the payload of every archived HTTP response in the
// digests table, once: archives written before the table existed then share
// their old payloads with new captures too. Revisits and captures that are
// not web pages (file://, urn:) hold no payload to share.
func fillDigests(tx *bolt.Tx) error {
	meta := tx.Bucket(metaBucket)
	if meta.Get(digestsFilled) != nil {
		return nil
	}
	err := tx.Bucket(capturesBucket).ForEach(func(_, v []byte) error {
		c, err := decodeEntry(nil, v)
		if err != nil {
			return err
		}
		if c.Original != nil || c.Digest == "" || !strings.HasPrefix(c.URL, "http://") && !strings.HasPrefix(c.URL, "https://") {
			return nil
		}
		return rememberPayload(tx, c.Digest, c)
	})
	if err != nil {
		return fmt.Errorf("fill the digests table: %w", err)
	}
	return meta.Put(digestsFilled, []byte{1})
}

// payloadHolder returns the capture remembered as holding the payload with
// the given digest, if any.
func payloadHolder(tx *bolt.Tx, digest string) (Capture, bool, error) {
	v := tx.Bucket(digestsBucket).Get([]byte(digest))
	if v == nil {
		return Capture{}, false, nil
	}
	c, err := decodeEntry(nil, v)
	return c, err == nil, err
}

// fillLog gives the captures of an archive written before the log existed
// their place in it, once: the sequence number in their keys, which grew
// with every capture added, so the log keeps the order they were archived in.
func fillLog(tx *bolt.Tx) error {
	meta := tx.Bucket(metaBucket)
	if meta.Get(logFilled) != nil {
		return nil
	}
	log := tx.Bucket(logBucket)
	err := tx.Bucket(capturesBucket).ForEach(func(k, _ []byte) error {
		return log.Put(seqKey(keySeq(k)), bytes.Clone(k))
	})
	if err != nil {
		return fmt.Errorf("fill the log: %w", err)
	}
	return meta.Put(logFilled, []byte{1})
}

func addCount(tx *bolt.Tx, name []byte, n uint64) error {
	return tx.Bucket(metaBucket).Put(name, binary.BigEndian.AppendUint64(nil, getCount(tx, name)+n))
}

func getCount(tx *bolt.Tx, name []byte) uint64 {
	v := tx.Bucket(metaBucket).Get(name)
	if len(v) != 8 {
		return 0
	}
	return binary.BigEndian.Uint64(v)
}
