package search

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// A page of hits decodes ten stored JSON documents (storedDoc), of which a
// Hit shows a few fields. encoding/json reads each document twice (a
// validity scan, then the decoding, which skips by scanning again) and
// builds every value through reflection. scanHitSource reads the JSON
// Gazette writes in one pass, takes the fields a Hit shows (its strings
// share the stored JSON's memory unless they hold escapes) and checks and
// skips the rest. Whatever it does not expect (invalid UTF-8, a key in
// another case, a value of another type, malformed JSON) makes it give up,
// and encoding/json decodes the document instead, so that the result, or
// the error, is encoding/json's.

// scanHitSource fills d from the stored JSON src, reporting false when
// encoding/json must decode src instead.
func scanHitSource(src string, d *hitSource) bool {
	sc := jsonScan{s: src}
	if !sc.object(func(key string) bool {
		switch key {
		case "url":
			return sc.str(&d.URL)
		case "title":
			return sc.str(&d.Title)
		case "site":
			return sc.str(&d.Site)
		case "outlet":
			return sc.str(&d.Outlet)
		case "lang":
			return sc.str(&d.Lang)
		case "published":
			return sc.time(&d.Published)
		case "places":
			return sc.places(d)
		}
		return sc.other(key, "url", "title", "site", "outlet", "lang", "published", "places")
	}) {
		return false
	}
	sc.space()
	return sc.i == len(sc.s)
}

// places reads a hit's places: null or an array of objects.
func (sc *jsonScan) places(d *hitSource) bool {
	if sc.null() {
		d.Places = nil
		return true
	}
	if !sc.byte('[') {
		return false
	}
	d.Places = d.Places[:0]
	if d.Places == nil {
		d.Places = []hitPlace{} // [] is an empty list, not none
	}
	sc.space()
	if sc.byte(']') {
		return true
	}
	for {
		d.Places = append(d.Places, hitPlace{})
		p := &d.Places[len(d.Places)-1]
		if !sc.object(func(key string) bool {
			switch key {
			case "id":
				return sc.str(&p.ID)
			case "name":
				return sc.str(&p.Name)
			case "country":
				return sc.str(&p.Country)
			case "kind":
				return sc.str(&p.Kind)
			}
			return sc.other(key, "id", "name", "country", "kind")
		}) {
			return false
		}
		sc.space()
		switch {
		case sc.byte(','):
			sc.space()
		case sc.byte(']'):
			return true
		default:
			return false
		}
	}
}

// jsonScan reads JSON from s at i.
type jsonScan struct {
	s string
	i int
}

func (sc *jsonScan) space() {
	for sc.i < len(sc.s) {
		switch sc.s[sc.i] {
		case ' ', '\t', '\n', '\r':
			sc.i++
		default:
			return
		}
	}
}

// byte consumes c if it is next.
func (sc *jsonScan) byte(c byte) bool {
	if sc.i < len(sc.s) && sc.s[sc.i] == c {
		sc.i++
		return true
	}
	return false
}

// null consumes a null if it is next.
func (sc *jsonScan) null() bool {
	if strings.HasPrefix(sc.s[sc.i:], "null") {
		sc.i += 4
		return true
	}
	return false
}

// object reads an object, calling value for each key with the scanner at
// the key's value, which value must consume.
func (sc *jsonScan) object(value func(key string) bool) bool {
	sc.space()
	if !sc.byte('{') {
		return false
	}
	sc.space()
	if sc.byte('}') {
		return true
	}
	for {
		var key string
		if !sc.str(&key) {
			return false
		}
		sc.space()
		if !sc.byte(':') {
			return false
		}
		sc.space()
		if !value(key) {
			return false
		}
		sc.space()
		switch {
		case sc.byte(','):
			sc.space()
		case sc.byte('}'):
			return true
		default:
			return false
		}
	}
}

// str reads a string of valid UTF-8 into *out: the JSON's own bytes when
// it has no escapes, else the string unescaped as encoding/json does.
func (sc *jsonScan) str(out *string) bool {
	if !sc.byte('"') {
		return false
	}
	start := sc.i
	ascii := true
	for ; sc.i < len(sc.s); sc.i++ {
		switch c := sc.s[sc.i]; {
		case c == '"':
			v := sc.s[start:sc.i]
			sc.i++
			if !ascii && !utf8.ValidString(v) {
				return false
			}
			*out = v
			return true
		case c == '\\':
			sc.i = start
			return sc.unescape(out)
		case c < ' ':
			return false
		case c >= utf8.RuneSelf:
			ascii = false
		}
	}
	return false
}

// unescape reads the rest of a string that has escapes, from just after
// its opening quote, as encoding/json's unquote does (a lone surrogate
// becomes U+FFFD).
func (sc *jsonScan) unescape(out *string) bool {
	var b []byte
	for sc.i < len(sc.s) {
		c := sc.s[sc.i]
		switch {
		case c == '"':
			sc.i++
			if !utf8.Valid(b) {
				return false
			}
			*out = string(b)
			return true
		case c < ' ':
			return false
		case c != '\\':
			b = append(b, c)
			sc.i++
			continue
		}
		if sc.i+1 >= len(sc.s) {
			return false
		}
		switch e := sc.s[sc.i+1]; e {
		case '"', '\\', '/':
			b = append(b, e)
		case 'b':
			b = append(b, '\b')
		case 'f':
			b = append(b, '\f')
		case 'n':
			b = append(b, '\n')
		case 'r':
			b = append(b, '\r')
		case 't':
			b = append(b, '\t')
		case 'u':
			r := sc.hex4(sc.i + 2)
			if r < 0 {
				return false
			}
			if utf16.IsSurrogate(r) {
				if sc.i+12 <= len(sc.s) && sc.s[sc.i+6] == '\\' && sc.s[sc.i+7] == 'u' {
					if pair := utf16.DecodeRune(r, sc.hex4(sc.i+8)); pair != unicode.ReplacementChar {
						b = utf8.AppendRune(b, pair)
						sc.i += 12
						continue
					}
				}
				r = unicode.ReplacementChar
			}
			b = utf8.AppendRune(b, r)
			sc.i += 6
			continue
		default:
			return false
		}
		sc.i += 2
	}
	return false
}

// hex4 is the value of the four hex digits at s[at:], -1 if they are not.
func (sc *jsonScan) hex4(at int) rune {
	if at+4 > len(sc.s) {
		return -1
	}
	var r rune
	for _, h := range []byte(sc.s[at : at+4]) {
		switch {
		case '0' <= h && h <= '9':
			h -= '0'
		case 'a' <= h && h <= 'f':
			h = h - 'a' + 10
		case 'A' <= h && h <= 'F':
			h = h - 'A' + 10
		default:
			return -1
		}
		r = r<<4 | rune(h)
	}
	return r
}

// time reads null or an RFC 3339 time as encoding/json reads a *time.Time.
func (sc *jsonScan) time(out **time.Time) bool {
	if sc.null() {
		*out = nil
		return true
	}
	start := sc.i
	var s string
	if !sc.str(&s) {
		return false
	}
	t := new(time.Time)
	if err := t.UnmarshalJSON([]byte(sc.s[start:sc.i])); err != nil {
		return false
	}
	*out = t
	return true
}

// other skips the value of a key that is none of known: encoding/json
// matches keys regardless of case, so a key that is one of them in
// another case is left to it.
func (sc *jsonScan) other(key string, known ...string) bool {
	for _, k := range known {
		if strings.EqualFold(key, k) {
			return false
		}
	}
	return sc.skip()
}

// skip passes over one value of any kind, checking it as encoding/json
// does (so that a malformed document is left to encoding/json to report).
func (sc *jsonScan) skip() bool { return sc.skipValue(0) }

// maxSkipDepth bounds the nesting skipValue follows; deeper values are
// left to encoding/json.
const maxSkipDepth = 32

func (sc *jsonScan) skipValue(depth int) bool {
	if sc.i >= len(sc.s) || depth > maxSkipDepth {
		return false
	}
	switch sc.s[sc.i] {
	case '"':
		return sc.skipString()
	case '{':
		return sc.object(func(string) bool { return sc.skipValue(depth + 1) })
	case '[':
		sc.i++
		sc.space()
		if sc.byte(']') {
			return true
		}
		for {
			if !sc.skipValue(depth + 1) {
				return false
			}
			sc.space()
			switch {
			case sc.byte(','):
				sc.space()
			case sc.byte(']'):
				return true
			default:
				return false
			}
		}
	case 't':
		return sc.literal("true")
	case 'f':
		return sc.literal("false")
	case 'n':
		return sc.literal("null")
	}
	return sc.number()
}

// literal consumes word if it is next.
func (sc *jsonScan) literal(word string) bool {
	if strings.HasPrefix(sc.s[sc.i:], word) {
		sc.i += len(word)
		return true
	}
	return false
}

// number consumes a JSON number: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
func (sc *jsonScan) number() bool {
	sc.byte('-')
	switch {
	case sc.byte('0'):
	case sc.digits() == 0:
		return false
	}
	if sc.byte('.') && sc.digits() == 0 {
		return false
	}
	if sc.byte('e') || sc.byte('E') {
		if !sc.byte('+') {
			sc.byte('-')
		}
		if sc.digits() == 0 {
			return false
		}
	}
	return true
}

// digits consumes decimal digits and says how many.
func (sc *jsonScan) digits() int {
	start := sc.i
	for sc.i < len(sc.s) && sc.s[sc.i] >= '0' && sc.s[sc.i] <= '9' {
		sc.i++
	}
	return sc.i - start
}

// skipString passes over a string, checking its escapes.
func (sc *jsonScan) skipString() bool {
	sc.i++ // the opening quote
	for sc.i < len(sc.s) {
		switch c := sc.s[sc.i]; {
		case c == '\\':
			if sc.i+1 >= len(sc.s) {
				return false
			}
			switch sc.s[sc.i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				sc.i += 2
			case 'u':
				if sc.hex4(sc.i+2) < 0 {
					return false
				}
				sc.i += 6
			default:
				return false
			}
			continue
		case c == '"':
			sc.i++
			return true
		case c < ' ':
			return false
		}
		sc.i++
	}
	return false
}
