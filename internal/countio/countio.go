// Package countio counts the bytes read through a reader, for reports
// ("no record in its N bytes") and offsets (where a gzip member ended).
package countio

import "io"

// Reader reads from R and counts the bytes read in N.
type Reader struct {
	R io.Reader
	N int64
}

func (c *Reader) Read(p []byte) (int, error) {
	n, err := c.R.Read(p)
	c.N += int64(n)
	return n, err
}
