package web

import (
	"slices"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/gazette-news/gazette/search"
)

// A search's answer is some 30 KB of JSON (ten hits, up to 50 places, a
// timeline of about 100 bars, 120 months), written for every search.
// encoding/json walks it by reflection; appendResult writes the same
// bytes directly, field by field in the order of the types' declarations,
// with encoding/json's escaping (HTML characters, U+2028 and U+2029,
// invalid UTF-8). TestAppendResultEqualsJSON holds it to json.Marshal.

// appendResult appends res as json.Marshal writes it.
func appendResult(b []byte, res *search.Result) ([]byte, error) {
	b = append(b, `{"total":`...)
	b = strconv.AppendUint(b, res.Total, 10)
	b = append(b, `,"page":`...)
	b = strconv.AppendInt(b, int64(res.Page), 10)
	b = append(b, `,"size":`...)
	b = strconv.AppendInt(b, int64(res.Size), 10)
	b = append(b, `,"hits":`...)
	if res.Hits == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i := range res.Hits {
			if i > 0 {
				b = append(b, ',')
			}
			var err error
			if b, err = appendHit(b, &res.Hits[i]); err != nil {
				return nil, err
			}
		}
		b = append(b, ']')
	}
	b = append(b, `,"facets":`...)
	b = appendFacets(b, &res.Facets)
	if res.Suggestion != "" {
		b = append(b, `,"suggestion":`...)
		b = appendString(b, res.Suggestion)
	}
	if res.Broader != nil {
		b = append(b, `,"broader":{"query":`...)
		b = appendString(b, res.Broader.Query)
		b = append(b, `,"total":`...)
		b = strconv.AppendUint(b, res.Broader.Total, 10)
		b = append(b, '}')
	}
	return append(b, '}'), nil
}

func appendHit(b []byte, h *search.Hit) ([]byte, error) {
	b = append(b, `{"id":`...)
	b = appendString(b, h.ID)
	b = append(b, `,"url":`...)
	b = appendString(b, h.URL)
	b = append(b, `,"title":`...)
	b = appendString(b, h.Title)
	b = append(b, `,"published":`...)
	var err error
	if b, err = appendTime(b, h.Published); err != nil {
		return nil, err
	}
	b = append(b, `,"site":`...)
	b = appendString(b, h.Site)
	b = append(b, `,"lang":`...)
	b = appendString(b, h.Lang)
	b = append(b, `,"places":`...)
	b = appendList(b, h.Places, appendPlace)
	b = append(b, `,"snippet":`...)
	b = appendString(b, h.Snippet)
	return append(b, '}'), nil
}

// appendTime appends a *time.Time as its MarshalJSON does, or null.
func appendTime(b []byte, t *time.Time) ([]byte, error) {
	if t == nil {
		return append(b, "null"...), nil
	}
	b = append(b, '"')
	b, err := t.AppendText(b)
	if err != nil {
		return nil, err
	}
	return append(b, '"'), nil
}

func appendPlace(b []byte, p *search.Place) []byte {
	b = append(b, `{"id":`...)
	b = appendString(b, p.ID)
	b = append(b, `,"name":`...)
	b = appendString(b, p.Name)
	b = append(b, `,"country":`...)
	b = appendString(b, p.Country)
	if p.Kind != "" {
		b = append(b, `,"kind":`...)
		b = appendString(b, p.Kind)
	}
	return append(b, '}')
}

func appendFacets(b []byte, f *search.Facets) []byte {
	b = append(b, `{"places":`...)
	b = appendList(b, f.Places, appendPlaceCount)
	b = append(b, `,"place_levels":{"countries":`...)
	b = appendList(b, f.PlaceLevels.Countries, appendPlaceCount)
	b = append(b, `,"regions":`...)
	b = appendList(b, f.PlaceLevels.Regions, appendPlaceCount)
	b = append(b, `,"cities":`...)
	b = appendList(b, f.PlaceLevels.Cities, appendPlaceCount)
	b = append(b, `,"other":`...)
	b = appendList(b, f.PlaceLevels.Other, appendPlaceCount)
	b = append(b, `},"dates":`...)
	b = appendList(b, f.Dates, appendDateCount)
	b = append(b, `,"timeline":{"interval":`...)
	b = appendString(b, f.Timeline.Interval)
	b = append(b, `,"buckets":`...)
	b = appendList(b, f.Timeline.Buckets, appendBucket)
	b = append(b, `,"undated":`...)
	b = strconv.AppendInt(b, int64(f.Timeline.Undated), 10)
	b = append(b, `},"langs":`...)
	b = appendList(b, f.Langs, appendTermCount)
	b = append(b, `,"sites":`...)
	b = appendList(b, f.Sites, appendTermCount)
	if len(f.Omitted) > 0 {
		b = append(b, `,"omitted":{`...)
		keys := make([]string, 0, len(f.Omitted))
		for k := range f.Omitted {
			keys = append(keys, k)
		}
		slices.Sort(keys) // as encoding/json orders a map's keys
		for i, k := range keys {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, k)
			b = append(b, ':')
			b = strconv.AppendInt(b, int64(f.Omitted[k]), 10)
		}
		b = append(b, '}')
	}
	return append(b, '}')
}

func appendPlaceCount(b []byte, p *search.PlaceCount) []byte {
	b = append(b, `{"id":`...)
	b = appendString(b, p.ID)
	b = append(b, `,"name":`...)
	b = appendString(b, p.Name)
	b = append(b, `,"count":`...)
	b = strconv.AppendInt(b, int64(p.Count), 10)
	if p.Parent != "" {
		b = append(b, `,"parent":`...)
		b = appendString(b, p.Parent)
	}
	return append(b, '}')
}

func appendDateCount(b []byte, d *search.DateCount) []byte {
	b = append(b, `{"key":`...)
	b = appendString(b, d.Key)
	b = append(b, `,"from":`...)
	b = appendString(b, d.From)
	b = append(b, `,"to":`...)
	b = appendString(b, d.To)
	b = append(b, `,"count":`...)
	b = strconv.AppendInt(b, int64(d.Count), 10)
	return append(b, '}')
}

func appendBucket(b []byte, k *search.Bucket) []byte {
	b = append(b, `{"from":`...)
	b = appendString(b, k.From)
	b = append(b, `,"to":`...)
	b = appendString(b, k.To)
	b = append(b, `,"count":`...)
	b = strconv.AppendInt(b, int64(k.Count), 10)
	return append(b, '}')
}

func appendTermCount(b []byte, t *search.TermCount) []byte {
	b = append(b, `{"key":`...)
	b = appendString(b, t.Key)
	b = append(b, `,"count":`...)
	b = strconv.AppendInt(b, int64(t.Count), 10)
	return append(b, '}')
}

// appendList appends a slice as a JSON array of its elements, null for nil.
func appendList[T any](b []byte, list []T, elem func([]byte, *T) []byte) []byte {
	if list == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i := range list {
		if i > 0 {
			b = append(b, ',')
		}
		b = elem(b, &list[i])
	}
	return append(b, ']')
}

// appendString appends s as a JSON string as encoding/json writes it:
// ", \ and control characters escaped, and <, >, & (HTML), U+2028 and
// U+2029 as \u escapes; invalid UTF-8 as \ufffd. The bytes written as
// they are (jsonPlain ASCII, and after a plain ASCII byte eight at a time
// where they can be; two-byte sequences: Cyrillic, accented Latin) are
// passed over in runs and copied at once. (Trying eight bytes at every
// byte made Cyrillic text slower than a byte at a time.)
func appendString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if jsonPlain[c] {
				i++
				for i+8 <= len(s) && plain8(s[i:i+8]) {
					i += 8
				}
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		if c >= 0xC2 && c < 0xE0 && i+1 < len(s) && s[i+1]&0xC0 == 0x80 {
			i += 2 // U+0080 to U+07FF
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// jsonPlain marks the ASCII bytes encoding/json writes as they are in a
// string: all but control characters, ", \, <, > and & (read only).
var jsonPlain = func() (t [utf8.RuneSelf]bool) {
	for c := ' '; c < utf8.RuneSelf; c++ {
		t[c] = true
	}
	for _, c := range `"\<>&` {
		t[c] = false
	}
	return t
}()

// plain8 reports whether the eight bytes of s are all jsonPlain ASCII:
// none with the high bit, none below ' ', none of ", \, <, > and &
// (each test is exact: nonzero when a byte of the word matches).
func plain8(s string) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	x := uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
	zero := func(v uint64) uint64 { return (v - ones) &^ v & highs } // a byte of v is 0
	bad := x&highs | (x-ones*' ')&^x&highs |
		zero(x^(ones*'"')) | zero(x^(ones*'\\')) | zero(x^(ones*'<')) | zero(x^(ones*'>')) | zero(x^(ones*'&'))
	return bad == 0
}
