package load

// valid reports whether b is one JSON value, space around it allowed, as
// json.Valid does, in one pass without encoding/json's state machine
// called byte by byte: most of an answer is the text of strings, which
// this passes over in a plain loop. The bench client checks every answer
// with it while sharing the cores with the server it measures.
func valid(b []byte) bool {
	v := validator{b: b}
	v.space()
	if !v.value(0) {
		return false
	}
	v.space()
	return v.i == len(v.b)
}

// maxDepth is encoding/json's limit of nested objects and arrays.
const maxDepth = 10000

type validator struct {
	b []byte
	i int
}

func (v *validator) space() {
	for v.i < len(v.b) {
		switch v.b[v.i] {
		case ' ', '\t', '\n', '\r':
			v.i++
		default:
			return
		}
	}
}

func (v *validator) next(c byte) bool {
	if v.i < len(v.b) && v.b[v.i] == c {
		v.i++
		return true
	}
	return false
}

func (v *validator) value(depth int) bool {
	if v.i >= len(v.b) {
		return false
	}
	switch v.b[v.i] {
	case '"':
		return v.str()
	case '{', '[':
		if depth >= maxDepth {
			return false
		}
		closing := byte('}')
		object := v.b[v.i] == '{'
		if !object {
			closing = ']'
		}
		v.i++
		v.space()
		if v.next(closing) {
			return true
		}
		for {
			if object {
				if v.i >= len(v.b) || v.b[v.i] != '"' || !v.str() {
					return false
				}
				v.space()
				if !v.next(':') {
					return false
				}
				v.space()
			}
			if !v.value(depth + 1) {
				return false
			}
			v.space()
			switch {
			case v.next(','):
				v.space()
			case v.next(closing):
				return true
			default:
				return false
			}
		}
	case 't':
		return v.literal("true")
	case 'f':
		return v.literal("false")
	case 'n':
		return v.literal("null")
	}
	return v.number()
}

func (v *validator) literal(word string) bool {
	if len(v.b)-v.i >= len(word) && string(v.b[v.i:v.i+len(word)]) == word {
		v.i += len(word)
		return true
	}
	return false
}

// number: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
func (v *validator) number() bool {
	v.next('-')
	if !v.next('0') && v.digits() == 0 {
		return false
	}
	if v.next('.') && v.digits() == 0 {
		return false
	}
	if v.next('e') || v.next('E') {
		if !v.next('+') {
			v.next('-')
		}
		if v.digits() == 0 {
			return false
		}
	}
	return true
}

func (v *validator) digits() int {
	start := v.i
	for v.i < len(v.b) && v.b[v.i] >= '0' && v.b[v.i] <= '9' {
		v.i++
	}
	return v.i - start
}

// str passes over a string from its opening quote: any bytes but control
// characters, and valid escapes.
func (v *validator) str() bool {
	v.i++
	for v.i < len(v.b) {
		c := v.b[v.i]
		switch {
		case c == '"':
			v.i++
			return true
		case c < ' ':
			return false
		case c != '\\':
			v.i++
			continue
		}
		if v.i+1 >= len(v.b) {
			return false
		}
		switch v.b[v.i+1] {
		case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			v.i += 2
		case 'u':
			if v.i+6 > len(v.b) {
				return false
			}
			for _, h := range v.b[v.i+2 : v.i+6] {
				if !('0' <= h && h <= '9' || 'a' <= h && h <= 'f' || 'A' <= h && h <= 'F') {
					return false
				}
			}
			v.i += 6
		default:
			return false
		}
	}
	return false
}
