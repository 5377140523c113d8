package archive

import (
	"bufio"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"errors"
	"io"
	"net/http"
	"net/http/httputil"
	"strconv"

	"github.com/andybalholm/brotli"
	"github.com/klauspost/compress/zstd"
)

// maxStreamWindow bounds the memory a zstd stream may ask for its window;
// gzip and deflate use 32 KB, brotli at most 16 MB.
const maxStreamWindow = 8 << 20

// decodeStream is decodeEntity for a payload read as a stream: it undoes
// the chunked transfer coding and the content codings as the body is
// read. size is the payload's length; the body's is -1 when it changes
// (and is known only at the end). It returns the header describing the
// body and a function that releases the decoders.
func decodeStream(header http.Header, payload *bufio.Reader, size int64) (body io.Reader, h http.Header, bodySize int64, closeFn func() error) {
	h = header.Clone()
	body = payload
	var closers []func() error
	closeFn = func() error {
		var errs []error
		for _, c := range closers {
			errs = append(errs, c())
		}
		return errors.Join(errs...)
	}

	if hasToken(h.Values("Transfer-Encoding"), "chunked") && looksChunked(payload) {
		// As on Load, a payload de-chunked by the tool that wrote it
		// but still labelled chunked is read as it is.
		body = &lenientChunked{r: httputil.NewChunkedReader(payload)}
		size = -1
	}
	h.Del("Transfer-Encoding")

	if codings := contentCodings(h); len(codings) > 0 {
		decoded, closeDecoders, ok := decodeStreams(codings, body)
		if ok {
			body, size = decoded, -1
			closers = append(closers, closeDecoders...)
			h.Del("Content-Encoding")
		}
	}
	h.Del("Content-Length")
	if size >= 0 {
		h.Set("Content-Length", strconv.FormatInt(size, 10))
	}
	return body, h, size, closeFn
}

// looksChunked reports whether a payload starts with a chunk-size line.
func looksChunked(r *bufio.Reader) bool {
	head, _ := r.Peek(64)
	line, _, ok := bytes.Cut(head, []byte("\n"))
	if !ok {
		return false
	}
	size, _, _ := bytes.Cut(bytes.TrimSpace(line), []byte(";"))
	_, err := strconv.ParseInt(string(bytes.TrimSpace(size)), 16, 64)
	return err == nil
}

// lenientChunked ends the body where the chunked coding ends or breaks off
// (a download cut short), as dechunk does; the bytes after it are still
// read for the block digest by Body. A damaged record is still an error.
type lenientChunked struct {
	r io.Reader
}

func (l *lenientChunked) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	if err != nil && !errors.Is(err, ErrCorrupt) {
		err = io.EOF
	}
	return n, err
}

// decodeStreams wraps r in decoders for the content codings, last applied
// first. ok is false when one cannot be undone: an unknown coding, or a
// stream that does not start the way its coding does.
func decodeStreams(codings []string, r io.Reader) (out io.Reader, closers []func() error, ok bool) {
	for i := len(codings) - 1; i >= 0; i-- {
		br := bufio.NewReaderSize(r, 4<<10)
		magic, _ := br.Peek(4)
		switch codings[i] {
		case "gzip", "x-gzip":
			if !isGzipMagic(magic) {
				return nil, closers, false
			}
			zr, err := gzip.NewReader(br)
			if err != nil {
				return nil, closers, false
			}
			r = zr
			closers = append(closers, zr.Close)
		case "deflate":
			// "deflate" means zlib-wrapped data, but many servers send
			// raw deflate; accept both.
			if len(magic) >= 2 && magic[0]&0x0f == 8 && (uint16(magic[0])<<8|uint16(magic[1]))%31 == 0 {
				zr, err := zlib.NewReader(br)
				if err != nil {
					return nil, closers, false
				}
				r = zr
				closers = append(closers, zr.Close)
			} else {
				fr := flate.NewReader(br)
				r = fr
				closers = append(closers, fr.Close)
			}
		case "br":
			r = brotli.NewReader(br)
		case "zstd":
			if !bytes.Equal(magic, []byte{0x28, 0xb5, 0x2f, 0xfd}) {
				return nil, closers, false
			}
			zr, err := zstd.NewReader(br, zstd.WithDecoderConcurrency(1), zstd.WithDecoderLowmem(true),
				zstd.WithDecoderMaxWindow(maxStreamWindow))
			if err != nil {
				return nil, closers, false
			}
			r = zr
			closers = append(closers, func() error { zr.Close(); return nil })
		default:
			return nil, closers, false
		}
	}
	return r, closers, true
}
