package archive

import (
	"bytes"
	"compress/flate"
	"compress/zlib"
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base32"
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"reflect"
	"testing"

	"github.com/klauspost/compress/zstd"
)

func TestParseHTTPResponse(t *testing.T) {
	tests := []struct {
		name    string
		block   string
		status  int
		header  http.Header
		payload string
		wantErr bool
	}{
		{
			name:    "plain",
			block:   "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>hi</p>",
			status:  200,
			header:  http.Header{"Content-Type": {"text/html; charset=utf-8"}},
			payload: "<p>hi</p>",
		},
		{
			name:    "no reason phrase, LF line ends, lower-case names, repeated header",
			block:   "HTTP/1.0 404\ncontent-type: text/plain\nset-cookie: a=1\nset-cookie: b=2\n\nnope",
			status:  404,
			header:  http.Header{"Content-Type": {"text/plain"}, "Set-Cookie": {"a=1", "b=2"}},
			payload: "nope",
		},
		{
			name:    "folded line and a line without colon",
			block:   "HTTP/2 200 OK\r\nX-Long: one\r\n  two\r\ngarbage line\r\nVia: 1.1 cache\r\n\r\n",
			status:  200,
			header:  http.Header{"X-Long": {"one two"}, "Via": {"1.1 cache"}},
			payload: "",
		},
		{
			name:   "no body and no blank line",
			block:  "HTTP/1.1 304 Not Modified\r\nETag: \"x\"\r\n",
			status: 304,
			header: http.Header{"Etag": {`"x"`}},
		},
		{name: "not HTTP", block: "GET / HTTP/1.1\r\n\r\n", wantErr: true},
		{name: "bad status", block: "HTTP/1.1 abc OK\r\n\r\n", wantErr: true},
		{name: "no end of headers", block: "HTTP/1.1 200 OK", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, header, payload, err := parseHTTPResponse([]byte(tt.block))
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, want error %v", err, tt.wantErr)
			}
			if tt.wantErr {
				return
			}
			if status != tt.status || !reflect.DeepEqual(header, tt.header) || string(payload) != tt.payload {
				t.Errorf("got %d %v %q, want %d %v %q", status, header, payload, tt.status, tt.header, tt.payload)
			}
		})
	}
}

func TestDecodeEntity(t *testing.T) {
	const page = "<html><body>Ferry crossings resume on Friday.</body></html>"
	zl := func(b []byte) []byte {
		var out bytes.Buffer
		w := zlib.NewWriter(&out)
		w.Write(b)
		w.Close()
		return out.Bytes()
	}
	rawDeflate := func(b []byte) []byte {
		var out bytes.Buffer
		w, _ := flate.NewWriter(&out, flate.DefaultCompression)
		w.Write(b)
		w.Close()
		return out.Bytes()
	}
	zs := func(b []byte) []byte {
		enc, _ := zstd.NewWriter(nil)
		defer enc.Close()
		return enc.EncodeAll(b, nil)
	}
	chunked := "f\r\n<html><body>Fer\r\n2c;ext=1\r\nry crossings resume on Friday.</body></html>\r\n0\r\nX-Trailer: y\r\n\r\n"

	tests := []struct {
		name     string
		header   http.Header
		payload  []byte
		body     string
		encoding string // Content-Encoding left in the header
	}{
		{"identity", http.Header{}, []byte(page), page, ""},
		{"chunked", http.Header{"Transfer-Encoding": {"chunked"}}, []byte(chunked), page, ""},
		{"chunked header but body already de-chunked", http.Header{"Transfer-Encoding": {"chunked"}}, []byte(page), page, ""},
		{"truncated chunked", http.Header{"Transfer-Encoding": {"chunked"}}, []byte("f\r\n<html><body>Fer\r\n2c\r\nry cross"), "<html><body>Ferry cross", ""},
		{"gzip", http.Header{"Content-Encoding": {"gzip"}}, gz([]byte(page)), page, ""},
		{"x-gzip", http.Header{"Content-Encoding": {"x-gzip"}}, gz([]byte(page)), page, ""},
		{"deflate (zlib)", http.Header{"Content-Encoding": {"deflate"}}, zl([]byte(page)), page, ""},
		{"deflate (raw)", http.Header{"Content-Encoding": {"deflate"}}, rawDeflate([]byte(page)), page, ""},
		{"br", http.Header{"Content-Encoding": {"br"}}, br([]byte(page)), page, ""},
		{"zstd", http.Header{"Content-Encoding": {"zstd"}}, zs([]byte(page)), page, ""},
		{"gzip then br", http.Header{"Content-Encoding": {"gzip, br"}}, br(gz([]byte(page))), page, ""},
		{"gzip and chunked", http.Header{"Content-Encoding": {"gzip"}, "Transfer-Encoding": {"chunked"}}, chunk(gz([]byte(page))), page, ""},
		{"unknown coding kept", http.Header{"Content-Encoding": {"compress"}}, []byte("\x1f\x9dxyz"), "\x1f\x9dxyz", "compress"},
		{"gzip header on plain body kept", http.Header{"Content-Encoding": {"gzip"}}, []byte(page), page, "gzip"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := tt.header.Clone()
			body, header := decodeEntity(tt.header, tt.payload)
			if string(body) != tt.body {
				t.Errorf("body = %q, want %q", body, tt.body)
			}
			if got := header.Get("Content-Encoding"); got != tt.encoding {
				t.Errorf("Content-Encoding = %q, want %q", got, tt.encoding)
			}
			if header.Get("Transfer-Encoding") != "" {
				t.Errorf("Transfer-Encoding kept")
			}
			if !reflect.DeepEqual(tt.header, before) {
				t.Errorf("decodeEntity modified its input header")
			}
		})
	}
}

// chunk sends b as two chunks.
func chunk(b []byte) []byte {
	half := len(b) / 2
	var out bytes.Buffer
	for _, part := range [][]byte{b[:half], b[half:]} {
		out.WriteString(hexLen(len(part)) + "\r\n")
		out.Write(part)
		out.WriteString("\r\n")
	}
	out.WriteString("0\r\n\r\n")
	return out.Bytes()
}

func hexLen(n int) string { return hex.EncodeToString([]byte{byte(n >> 8), byte(n)}) }

func TestDecodeRefusesBombs(t *testing.T) {
	const limit = 1 << 10
	for _, tt := range []struct {
		coding string
		encode func([]byte) []byte
	}{{"gzip", gz}, {"br", br}} {
		if _, err := decodeContentLimit([]string{tt.coding}, tt.encode(make([]byte, limit+1)), limit); err == nil {
			t.Errorf("%s: decoded a body larger than the limit", tt.coding)
		}
		if b, err := decodeContentLimit([]string{tt.coding}, tt.encode(make([]byte, limit)), limit); err != nil || len(b) != limit {
			t.Errorf("%s: body at the limit = %d bytes, %v", tt.coding, len(b), err)
		}
	}
}

func TestCheckDigest(t *testing.T) {
	data := []byte("Spring tides flood the quay")
	s1 := sha1.Sum(data)
	s256 := sha256.Sum256(data)
	m5 := md5.Sum(data)
	tests := []struct {
		name   string
		field  string
		wantOK bool
	}{
		{"sha1 base32", "sha1:" + base32.StdEncoding.EncodeToString(s1[:]), true},
		{"sha1 base32 lower case", "sha1:" + string(bytes.ToLower([]byte(base32.StdEncoding.EncodeToString(s1[:])))), true},
		{"SHA-1 hex", "SHA-1:" + hex.EncodeToString(s1[:]), true},
		{"sha256 base32", "sha256:" + base32.StdEncoding.EncodeToString(s256[:]), true},
		{"sha256 base64", "sha256:" + base64.StdEncoding.EncodeToString(s256[:]), true},
		{"md5 hex", "md5:" + hex.EncodeToString(m5[:]), true},
		{"md5 base32", "md5:" + base32.StdEncoding.EncodeToString(m5[:]), true},
		{"unknown algorithm is not checked", "blake3:whatever", true},
		{"wrong sha1", sha1Digest([]byte("other")), false},
		{"no algorithm", "GLG4VUN6LDPK3XVVJDWLEPBCUGQSGDQJ", false},
		{"garbage value", "sha1:not-a-digest", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := checkDigest(tt.field, data); (err == nil) != tt.wantOK {
				t.Errorf("checkDigest(%q) = %v, want ok=%v", tt.field, err, tt.wantOK)
			}
		})
	}
}
