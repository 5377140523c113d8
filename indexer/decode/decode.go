// Package decode turns the raw bytes of a captured page into UTF-8 text.
//
// Pages in a news archive arrive in whatever encoding the publisher used:
// UTF-8, windows-1251, KOI8-R, ISO-8859-1 and so on, sometimes declared in the
// HTTP header, sometimes only in a <meta> tag, sometimes not at all. ToUTF8
// follows the order a browser uses to pick the encoding, and falls back to
// statistical detection when a page declares nothing.
package decode

import (
	"bytes"
	"fmt"
	"mime"
	"strings"
	"unicode/utf8"

	"github.com/saintfish/chardet"
	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/transform"
)

// prescanLimit is how far into the body ToUTF8 looks for a <meta> charset
// declaration. The HTML standard says 1024 bytes; real pages often put the
// declaration after long comments or inline scripts, so we look further.
const prescanLimit = 8 << 10

// detectLimit bounds the bytes handed to the statistical detector; a few
// kilobytes of text are plenty and keep detection cheap on huge pages.
const detectLimit = 64 << 10

// ToUTF8 decodes raw page bytes to UTF-8 the way a browser would and returns
// the text together with the canonical name of the charset used ("utf-8",
// "windows-1251", "koi8-r", ...).
//
// The charset is chosen in this order:
//  1. a byte order mark (it wins over any declaration, as in browsers);
//  2. the charset parameter of the HTTP Content-Type header;
//  3. a <meta charset> or <meta http-equiv="Content-Type"> in the first bytes;
//  4. detection with github.com/saintfish/chardet when nothing is declared.
//
// Unknown charset labels are ignored, as browsers ignore them. A page that
// declares UTF-8 but is not valid UTF-8 is treated as undeclared, because
// mislabelled legacy pages are common and detection recovers them. A leading
// byte order mark is removed from the returned text, and bytes that are
// invalid in the chosen charset become U+FFFD.
func ToUTF8(body []byte, contentType string) (string, string, error) {
	enc, name, body := chooseEncoding(body, contentType)
	if name == "utf-8" {
		return strings.ToValidUTF8(string(body), "\uFFFD"), name, nil
	}
	out, _, err := transform.Bytes(enc.NewDecoder(), body)
	if err != nil {
		return "", name, fmt.Errorf("decode %s: %w", name, err)
	}
	return string(out), name, nil
}

// chooseEncoding returns the encoding for body, its canonical name, and the
// body with any byte order mark removed.
func chooseEncoding(body []byte, contentType string) (encoding.Encoding, string, []byte) {
	if enc, name, n := fromBOM(body); enc != nil {
		return enc, name, body[n:]
	}
	if enc, name := fromContentType(contentType); enc != nil && trustDeclared(name, body) {
		return enc, name, body
	}
	if enc, name := prescan(body); enc != nil && trustDeclared(name, body) {
		return enc, name, body
	}
	enc, name := detect(body)
	return enc, name, body
}

var boms = []struct {
	bom  []byte
	name string
}{
	{[]byte{0xEF, 0xBB, 0xBF}, "utf-8"},
	{[]byte{0xFE, 0xFF}, "utf-16be"},
	{[]byte{0xFF, 0xFE}, "utf-16le"},
}

func fromBOM(body []byte) (encoding.Encoding, string, int) {
	for _, b := range boms {
		if bytes.HasPrefix(body, b.bom) {
			enc, name := charset.Lookup(b.name)
			return enc, name, len(b.bom)
		}
	}
	return nil, "", 0
}

func fromContentType(contentType string) (encoding.Encoding, string) {
	if contentType == "" {
		return nil, ""
	}
	_, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		// Headers in the wild are often malformed ("text/html; charset=utf-8;;").
		// Fall back to a plain search for the parameter.
		_, v, ok := cutFold(contentType, "charset=")
		if !ok {
			return nil, ""
		}
		if j := strings.IndexAny(v, "; \t"); j >= 0 {
			v = v[:j]
		}
		params = map[string]string{"charset": strings.Trim(v, `"'`)}
	}
	return lookup(params["charset"])
}

// cutFold is strings.Cut with ASCII case folding of sep.
func cutFold(s, sep string) (before, after string, found bool) {
	for i := 0; i+len(sep) <= len(s); i++ {
		if strings.EqualFold(s[i:i+len(sep)], sep) {
			return s[:i], s[i+len(sep):], true
		}
	}
	return s, "", false
}

// lookup maps a charset label to an encoding. UTF-16 labels found in a header
// or meta tag without a BOM are treated as UTF-8, as the HTML standard says:
// the bytes were readable as ASCII, so they are not UTF-16.
func lookup(label string) (encoding.Encoding, string) {
	if label == "" {
		return nil, ""
	}
	enc, name := charset.Lookup(label)
	if enc == nil {
		return nil, ""
	}
	if strings.HasPrefix(name, "utf-16") {
		return charset.Lookup("utf-8")
	}
	return enc, name
}

// trustDeclared reports whether a declared charset should be used. Only a
// UTF-8 declaration can be checked cheaply: if the bytes are not valid UTF-8
// the declaration is wrong and detection does better.
func trustDeclared(name string, body []byte) bool {
	if name != "utf-8" {
		return true
	}
	return mostlyValidUTF8(body)
}

// mostlyValidUTF8 tolerates a few broken sequences (a truncated capture, one
// bad byte in a comment) but rejects legacy single-byte text.
func mostlyValidUTF8(b []byte) bool {
	if utf8.Valid(b) {
		return true
	}
	bad, multi := 0, 0
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		switch {
		case r == utf8.RuneError && size == 1:
			bad++
		case size > 1:
			multi++
		}
		b = b[size:]
	}
	return bad*10 < multi
}

// prescan looks for a charset declaration in <meta> tags near the start of
// the document.
func prescan(body []byte) (encoding.Encoding, string) {
	if len(body) > prescanLimit {
		body = body[:prescanLimit]
	}
	z := html.NewTokenizer(bytes.NewReader(body))
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return nil, ""
		case html.StartTagToken, html.SelfClosingTagToken:
			tag, hasAttr := z.TagName()
			if string(tag) == "body" {
				return nil, ""
			}
			if string(tag) != "meta" {
				continue
			}
			var cs, content string
			pragma := false
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				switch strings.ToLower(string(k)) {
				case "charset":
					cs = string(v)
				case "http-equiv":
					pragma = strings.EqualFold(strings.TrimSpace(string(v)), "content-type")
				case "content":
					content = string(v)
				}
			}
			if cs == "" && pragma {
				_, params, err := mime.ParseMediaType(content)
				if err == nil {
					cs = params["charset"]
				}
			}
			if enc, name := lookup(cs); enc != nil {
				return enc, name
			}
		}
	}
}

// detect guesses the charset of undeclared bytes. Valid UTF-8 (including
// plain ASCII, and UTF-8 with a few broken bytes) is taken as UTF-8; otherwise chardet decides among the legacy
// charsets, and windows-1252, the web's default, is used when it cannot.
func detect(body []byte) (encoding.Encoding, string) {
	sample := body
	if len(sample) > detectLimit {
		sample = sample[:detectLimit]
		// Drop the last rune, which may have been cut in half.
		for i := len(sample) - 1; i >= 0 && i >= len(sample)-utf8.UTFMax; i-- {
			if utf8.RuneStart(sample[i]) {
				sample = sample[:i]
				break
			}
		}
	}
	if mostlyValidUTF8(sample) {
		return charset.Lookup("utf-8")
	}
	if res, err := chardet.NewHtmlDetector().DetectBest(sample); err == nil {
		if enc, name := lookup(res.Charset); enc != nil && name != "utf-8" {
			return enc, name
		}
	}
	return charset.Lookup("windows-1252")
}
