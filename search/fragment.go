package search

import (
	"slices"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/search"
)

// A hit's highlighted fragment, made as Bleve's html highlighter makes it.
//
// Bleve's highlighter (BestFragmentsInField with the simple fragmenter of
// 200 runes, the html formatter and "…" as separator) copies the field's
// text into a document, gives every location a fragment, counts for each
// the runes from the previous location to it (from the start of the text
// for the first one: the whole article for a term near its end), scores
// every fragment, keeps them all in a heap and builds the result by
// concatenating strings. fragmenter makes the same fragment over the text
// as load read it: the runes before a fragment are counted only where there
// are too few bytes for 200 of them, the fragments stop at the first that
// holds every term (no later one can score more, and the heap gives the
// first of the best), and the result is written into one buffer.
// TestFragmentEqualsBleve compares the two over generated texts and
// locations, invalid UTF-8 and U+FFFD included.

// fragmentRunes is the size of Bleve's simple fragmenter's fragments.
const fragmentRunes = 200

// fragmentSep is Bleve's simple highlighter's separator.
const fragmentSep = "…"

// fragLoc is a term location as Bleve's highlighter orders it.
type fragLoc struct {
	ap         search.ArrayPositions
	start, end int
	term       int  // the term's index in fragmenter.terms
	merged     bool // merged into the first location (MergeOverlapping)
}

// fragmenter makes highlighted fragments; its buffers are reused from one
// field to the next (a page's buffers hold one for the next page).
type fragmenter struct {
	locs  []fragLoc
	ot    []int // indexes in locs of the locations without array positions
	terms []bool
	seen  []int // the fragment a term was last counted in, +1
	buf   []byte
	shown []byte // a fragment as a hit shows it (markFields)
}

// fragment returns the highlighted fragment of text Bleve's html
// highlighter makes from the locations tlm of its field (text being the
// field's only value, without array positions), BestFragmentsInField(dm,
// doc, field, 1)[0], and false where it makes none. The fragment is in
// fr's buffer, until the next call.
func (fr *fragmenter) fragment(text []byte, tlm search.TermLocationMap) ([]byte, bool) {
	// highlight.OrderTermLocations: every location, ordered by array
	// positions then start. (Bleve's sort is not stable: locations of
	// two terms starting at the same byte, which analysis does not make,
	// come in either order there; here by end.)
	fr.locs = fr.locs[:0]
	nterms := 0
	for _, locs := range tlm {
		for _, l := range locs {
			fr.locs = append(fr.locs, fragLoc{ap: l.ArrayPositions, start: int(l.Start), end: int(l.End), term: nterms})
		}
		nterms++
	}
	slices.SortFunc(fr.locs, func(a, b fragLoc) int {
		if c := slices.Compare(a.ap, b.ap); c != 0 {
			return c
		}
		if a.start != b.start {
			return a.start - b.start
		}
		return a.end - b.end
	})
	// The fragmenter is given the locations of the field's value (no
	// array positions); the scorer counts the terms with one in a
	// fragment, at most every term that has such a location.
	fr.ot = fr.ot[:0]
	fr.terms = slices.Grow(fr.terms[:0], nterms)[:nterms]
	clear(fr.terms)
	fr.seen = slices.Grow(fr.seen[:0], nterms)[:nterms]
	clear(fr.seen)
	maxScore := 0
	for i, l := range fr.locs {
		if len(l.ap) == 0 {
			fr.ot = append(fr.ot, i)
			if !fr.terms[l.term] {
				fr.terms[l.term] = true
				maxScore++
			}
		}
	}

	bestStart, bestEnd, bestScore, found := 0, 0, -1, false
	maxbegin, nfrag := 0, 0
	consider := func(start, end int) bool {
		nfrag++
		score := 0
		for _, i := range fr.ot {
			l := fr.locs[i]
			if l.start >= start && l.end <= end && fr.seen[l.term] != nfrag {
				fr.seen[l.term] = nfrag
				score++
			}
		}
		if score > bestScore {
			bestStart, bestEnd, bestScore, found = start, end, score, true
		}
		return score == maxScore // none after it can score more
	}
OUTER:
	for k, i := range fr.ot {
		loc := fr.locs[i]
		start := loc.start
		end, used := start, 0
		for end < len(text) && used < fragmentRunes {
			r, size := utf8.DecodeRune(text[end:])
			if r == utf8.RuneError {
				continue OUTER
			}
			end += size
			used++
		}
		for start > 0 && used < fragmentRunes {
			if start > len(text) {
				continue OUTER
			}
			r, size := utf8.DecodeLastRune(text[:start])
			if r == utf8.RuneError {
				continue OUTER
			}
			if start-size < maxbegin {
				break
			}
			start -= size
			used++
		}
		// Centre the terms: move back by half the smaller of the room
		// after the last term and the room before the fragment.
		minend := end
		for _, j := range fr.ot[k:] {
			if fr.locs[j].end > end {
				break
			}
			minend = fr.locs[j].end
		}
		room := 0 // Bleve's roomToMoveStart when the start is before maxbegin
		if start >= maxbegin {
			room = utf8.RuneCount(text[minend:end])
			if before := text[maxbegin:start]; len(before) < utf8.UTFMax*room {
				room = min(room, utf8.RuneCount(before))
			} // else it holds room runes at least: a rune is 4 bytes at most
		}
		for offset := room / 2; offset > 0; offset-- {
			r, size := utf8.DecodeLastRune(text[:start])
			if r == utf8.RuneError {
				continue OUTER
			}
			start -= size
			r, size = utf8.DecodeLastRune(text[:end])
			if r == utf8.RuneError {
				continue OUTER
			}
			end -= size
		}
		if consider(start, end) {
			break
		}
		maxbegin = loc.end
	}
	if len(fr.ot) == 0 {
		end, used := 0, 0
		for end < len(text) && used < fragmentRunes {
			r, size := utf8.DecodeRune(text[end:])
			if r == utf8.RuneError {
				break
			}
			end += size
			used++
		}
		consider(0, end)
	}
	if !found {
		return nil, false
	}

	// TermLocations.MergeOverlapping, as Bleve has it: the locations
	// overlapping the first one (with the same array positions, nil and
	// empty differing) are merged into it; the others stay.
	var first *fragLoc
	for i := range fr.locs {
		l := &fr.locs[i]
		l.merged = false
		if first == nil {
			first = l
			continue
		}
		if (first.ap == nil) == (l.ap == nil) && slices.Equal(first.ap, l.ap) &&
			(l.start >= first.start && l.start < first.end || first.start >= l.start && first.start < l.end) {
			first.end = l.end
			l.merged = true
		}
	}

	// The html formatter, with the separators.
	b := fr.buf[:0]
	if bestStart != 0 {
		b = append(b, fragmentSep...)
	}
	curr := bestStart
	for _, l := range fr.locs {
		if l.merged || len(l.ap) != 0 || l.start < curr {
			continue
		}
		if l.end > bestEnd {
			break
		}
		b = appendHTMLEscaped(b, text[curr:l.start])
		b = append(b, "<mark>"...)
		b = appendHTMLEscaped(b, text[l.start:l.end])
		b = append(b, "</mark>"...)
		curr = l.end
	}
	b = appendHTMLEscaped(b, text[curr:bestEnd])
	if bestEnd != len(text) {
		b = append(b, fragmentSep...)
	}
	fr.buf = b
	return b, true
}

// appendHTMLEscaped appends html.EscapeString(s) to b.
func appendHTMLEscaped[T string | []byte](b []byte, s T) []byte {
	last := 0
	for i := 0; i < len(s); i++ {
		var esc string
		switch s[i] {
		case '&':
			esc = "&amp;"
		case '\'':
			esc = "&#39;"
		case '<':
			esc = "&lt;"
		case '>':
			esc = "&gt;"
		case '"':
			esc = "&#34;"
		default:
			continue
		}
		b = append(b, s[last:i]...)
		b = append(b, esc...)
		last = i + 1
	}
	return append(b, s[last:]...)
}
