package archive

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/textproto"
	"strconv"
	"strings"

	"github.com/andybalholm/brotli"
	"github.com/klauspost/compress/zstd"
)

// maxBodySize bounds a decoded body, so that a small compressed payload
// cannot expand into an unbounded amount of memory.
const maxBodySize = MaxInMemory

// errDecodedTooLarge: a content coding would decode to more than the limit.
var errDecodedTooLarge = errors.New("decoded body too large")

// parseHTTPResponse splits an HTTP response message (a WARC response
// record's block) into status, headers and the payload as stored.
//
// It is lenient on purpose, because archives hold whatever servers sent:
// any HTTP/x.y version, a missing reason phrase, LF instead of CRLF,
// folded header lines and header lines without a colon (which are dropped).
func parseHTTPResponse(block []byte) (status int, header http.Header, payload []byte, err error) {
	head, payload, found := cutHeader(block)
	if !found {
		return 0, nil, nil, errors.New("HTTP response has no end of headers")
	}
	lines := strings.Split(strings.ReplaceAll(string(head), "\r\n", "\n"), "\n")

	statusLine := lines[0]
	proto, rest, _ := strings.Cut(statusLine, " ")
	if !strings.HasPrefix(proto, "HTTP/") {
		return 0, nil, nil, fmt.Errorf("bad HTTP status line %q", statusLine)
	}
	code, _, _ := strings.Cut(strings.TrimLeft(rest, " "), " ")
	status, err = strconv.Atoi(code)
	if err != nil || len(code) != 3 || status < 100 {
		return 0, nil, nil, fmt.Errorf("bad HTTP status line %q", statusLine)
	}

	header = make(http.Header)
	var last string
	for _, line := range lines[1:] {
		if line == "" {
			continue
		}
		if (line[0] == ' ' || line[0] == '\t') && last != "" {
			// Obsolete line folding: continue the previous value.
			vs := header[last]
			vs[len(vs)-1] += " " + strings.TrimSpace(line)
			continue
		}
		name, value, ok := strings.Cut(line, ":")
		name = strings.TrimSpace(name)
		if !ok || name == "" || strings.ContainsAny(name, " \t") {
			last = ""
			continue
		}
		last = textproto.CanonicalMIMEHeaderKey(name)
		header[last] = append(header[last], strings.TrimSpace(value))
	}
	return status, header, payload, nil
}

// cutHeader splits an HTTP message at the blank line that ends its header.
func cutHeader(b []byte) (head, body []byte, found bool) {
	crlf := bytes.Index(b, []byte("\r\n\r\n"))
	lf := bytes.Index(b, []byte("\n\n"))
	switch {
	case crlf >= 0 && (lf < 0 || crlf < lf):
		return b[:crlf], b[crlf+4:], true
	case lf >= 0:
		return b[:lf], b[lf+2:], true
	}
	// A response without a body may end right after its last header line.
	if t := bytes.TrimRight(b, "\r\n"); len(t) < len(b) {
		return t, nil, true
	}
	return nil, nil, false
}

// formatHTTPResponse writes a response message: status line, headers in a
// stable (sorted) order, blank line, body.
func formatHTTPResponse(status int, header http.Header, body []byte) []byte {
	var b bytes.Buffer
	reason := http.StatusText(status)
	if reason == "" {
		reason = "Unknown"
	}
	fmt.Fprintf(&b, "HTTP/1.1 %03d %s\r\n", status, reason)
	// Header.Write sorts the keys and replaces newlines in values.
	_ = header.Write(&b)
	b.WriteString("\r\n")
	b.Write(body)
	return b.Bytes()
}

// decodeEntity turns a stored payload into the entity body: it removes the
// chunked transfer coding and undoes the content codings. It returns the
// body and a copy of header describing that body.
func decodeEntity(header http.Header, payload []byte) ([]byte, http.Header) {
	body, header, _ := decodeEntityLimit(header, payload, maxBodySize)
	return body, header
}

// decodeEntityLimit is decodeEntity with a limit on the decoded size. It
// also returns why a content coding could not be undone, if it could not
// (errDecodedTooLarge past the limit).
func decodeEntityLimit(header http.Header, payload []byte, limit int) ([]byte, http.Header, error) {
	header = header.Clone()
	var decodeErr error
	body := payload
	changed := false

	if hasToken(header.Values("Transfer-Encoding"), "chunked") {
		// Some tools de-chunk the payload but keep the header; only use the
		// de-chunked bytes when the payload really is chunked.
		if b, err := dechunk(payload); err == nil {
			body = b
			changed = true
		}
	}
	header.Del("Transfer-Encoding")

	if codings := contentCodings(header); len(codings) > 0 {
		if b, err := decodeContentLimit(codings, body, limit); err == nil {
			body = b
			changed = true
			header.Del("Content-Encoding")
		} else {
			decodeErr = err
		}
	}
	if changed {
		header.Set("Content-Length", strconv.Itoa(len(body)))
	}
	return body, header, decodeErr
}

// contentCodings lists the Content-Encoding tokens in the order they were
// applied, leaving out "identity".
func contentCodings(header http.Header) []string {
	var codings []string
	for _, v := range header.Values("Content-Encoding") {
		for _, c := range strings.Split(v, ",") {
			c = strings.ToLower(strings.TrimSpace(c))
			if c != "" && c != "identity" {
				codings = append(codings, c)
			}
		}
	}
	return codings
}

// errUnsupportedCoding is returned for a content coding this package cannot
// undo (compress, or a made-up one).
var errUnsupportedCoding = errors.New("unsupported coding")

// decodeContent undoes content codings, last applied first.
func decodeContent(codings []string, body []byte) ([]byte, error) {
	return decodeContentLimit(codings, body, maxBodySize)
}

// decodeContentLimit is decodeContent with a limit on the decoded size.
func decodeContentLimit(codings []string, body []byte, limit int) ([]byte, error) {
	for i := len(codings) - 1; i >= 0; i-- {
		var err error
		body, err = decode(codings[i], body, limit)
		if err != nil {
			return nil, fmt.Errorf("content-encoding %s: %w", codings[i], err)
		}
	}
	return body, nil
}

func decode(coding string, b []byte, limit int) ([]byte, error) {
	var r io.Reader
	switch coding {
	case "gzip", "x-gzip":
		zr, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			return nil, err
		}
		r = zr
	case "deflate":
		// "deflate" means zlib-wrapped data, but many servers send raw
		// deflate; accept both.
		if zr, err := zlib.NewReader(bytes.NewReader(b)); err == nil {
			r = zr
		} else {
			r = flate.NewReader(bytes.NewReader(b))
		}
	case "br":
		r = brotli.NewReader(bytes.NewReader(b))
	case "zstd":
		zr, err := zstd.NewReader(bytes.NewReader(b), zstd.WithDecoderConcurrency(1), zstd.WithDecoderMaxMemory(uint64(limit)))
		if err != nil {
			return nil, err
		}
		defer zr.Close()
		r = zr
	default:
		return nil, errUnsupportedCoding
	}
	out, err := io.ReadAll(io.LimitReader(r, int64(limit)+1))
	if err != nil {
		return nil, err
	}
	if len(out) > limit {
		return nil, fmt.Errorf("%w (more than %d bytes)", errDecodedTooLarge, limit)
	}
	return out, nil
}

// dechunk removes the chunked transfer coding. A payload that ends early
// (a truncated download) yields the chunks that are there; a payload that
// does not start with a chunk-size line is an error.
func dechunk(b []byte) ([]byte, error) {
	var out []byte
	for first := true; ; first = false {
		line, rest, ok := bytes.Cut(b, []byte("\n"))
		if !ok {
			if first {
				return nil, errors.New("not chunked")
			}
			return out, nil
		}
		sizeText, _, _ := bytes.Cut(bytes.TrimSpace(line), []byte(";")) // drop chunk extensions
		size, err := strconv.ParseInt(string(bytes.TrimSpace(sizeText)), 16, 64)
		if err != nil || size < 0 {
			if first {
				return nil, errors.New("not chunked")
			}
			return out, nil
		}
		if size == 0 {
			return out, nil // trailers, if any, are dropped
		}
		if size > int64(len(rest)) {
			return append(out, rest...), nil
		}
		out = append(out, rest[:size]...)
		b = bytes.TrimPrefix(bytes.TrimPrefix(rest[size:], []byte("\r")), []byte("\n"))
	}
}

// hasToken reports whether a comma-separated header value list holds token.
func hasToken(values []string, token string) bool {
	for _, v := range values {
		for _, t := range strings.Split(v, ",") {
			if strings.EqualFold(strings.TrimSpace(t), token) {
				return true
			}
		}
	}
	return false
}

// mediaType returns the lower-case media type of a Content-Type value,
// without parameters, or "" when there is none.
func mediaType(contentType string) string {
	if mt, _, err := mime.ParseMediaType(contentType); err == nil {
		return mt
	}
	mt, _, _ := strings.Cut(contentType, ";")
	return strings.ToLower(strings.TrimSpace(mt))
}
