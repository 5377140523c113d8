package whatlanggo

import (
	"slices"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Gazette patch: the profiles of a script as an index from trigram to the
// languages whose profile holds it, with the trigram's weight there, so
// that a text is scored in one pass over its own distinct trigrams.

// trigramKey is a trigram as its three runes, 21 bits each (the most a
// rune needs) in one integer, so that counting a text's trigrams makes no
// string per trigram and looks each up by a 64-bit key, which Go's maps
// hash faster than three runes in an array.
type trigramKey uint64

// keyOfRunes returns the key of the trigram r1 r2 r3.
func keyOfRunes(r1, r2, r3 rune) trigramKey {
	const mask = 1<<21 - 1
	return trigramKey(uint64(r1)&mask<<42 | uint64(r2)&mask<<21 | uint64(r3)&mask)
}

// keyOf returns the key of a profile trigram.
func keyOf(s string) trigramKey {
	var k [3]rune
	i := 0
	for _, r := range s {
		if i == len(k) {
			panic("whatlanggo: a profile trigram of more than three runes: " + s)
		}
		k[i] = r
		i++
	}
	if i != len(k) {
		panic("whatlanggo: a profile trigram of fewer than three runes: " + s)
	}
	return keyOfRunes(k[0], k[1], k[2])
}

// posting is one place of a trigram in one language's profile.
type posting struct {
	lang   int32 // index in profileIndex.langs
	weight int32 // maxTrigramDistance less the trigram's rank in the profile
}

// profileIndex indexes a langProfileList.
type profileIndex struct {
	langs    []Lang               // the profiles' languages in Lang order
	ids      map[trigramKey]int32 // every profile trigram's id
	postings [][]posting          // by trigram id: where the profiles hold it
}

func buildProfileIndex(list langProfileList) *profileIndex {
	ix := &profileIndex{ids: map[trigramKey]int32{}}
	for lang := range list {
		ix.langs = append(ix.langs, lang)
	}
	slices.Sort(ix.langs)
	for li, lang := range ix.langs {
		for rank, tri := range list[lang] {
			k := keyOf(tri)
			id, ok := ix.ids[k]
			if !ok {
				id = int32(len(ix.postings))
				ix.ids[k] = id
				ix.postings = append(ix.postings, nil)
			}
			ix.postings[id] = append(ix.postings[id], posting{lang: int32(li), weight: int32(maxTrigramDistance - rank)})
		}
	}
	return ix
}

var (
	latinIndex      = sync.OnceValue(func() *profileIndex { return buildProfileIndex(latinLangs) })
	cyrillicIndex   = sync.OnceValue(func() *profileIndex { return buildProfileIndex(cyrillicLangs) })
	devanagariIndex = sync.OnceValue(func() *profileIndex { return buildProfileIndex(devanagariLangs) })
	hebrewIndex     = sync.OnceValue(func() *profileIndex { return buildProfileIndex(hebrewLangs) })
	ethiopicIndex   = sync.OnceValue(func() *profileIndex { return buildProfileIndex(ethiopicLangs) })
	arabicIndex     = sync.OnceValue(func() *profileIndex { return buildProfileIndex(arabicLangs) })
)

// distances returns each language's distance and the number of its
// profile's trigrams found in the text, as calculateDistance computes them
// from count, in the order of ix.langs.
func (ix *profileIndex) distances(text string) []langDistance {
	counts, seen := ix.count(text)
	dists := make([]langDistance, len(ix.langs))
	for i, lang := range ix.langs {
		dists[i].lang = lang
	}
	for _, id := range seen {
		w := int(counts[id])
		for _, p := range ix.postings[id] {
			dists[p.lang].dist += int(p.weight) * w
			dists[p.lang].numTrigrams++
		}
	}
	putCounts(counts, seen)
	return dists
}

// countsPool recycles the per-trigram counts of count, whose length is
// the largest index's trigram count.
var countsPool sync.Pool

// putCounts zeroes the counts of the ids seen and returns them to the pool.
func putCounts(counts, seen []int32) {
	for _, id := range seen {
		counts[id] = 0
	}
	countsPool.Put(&counts)
}

// count counts the text's trigrams as upstream's count does (stop
// characters as spaces, lowercased, a space before and after the text, no
// trigram of a space between two spaces or starting with one), keeping only
// those of the index's profiles. It returns the counts by trigram id, and
// the ids counted in the order first seen. The caller hands both back to
// putCounts.
func (ix *profileIndex) count(input string) (counts []int32, seen []int32) {
	if p, ok := countsPool.Get().(*[]int32); ok && len(*p) >= len(ix.postings) {
		counts = (*p)[:len(ix.postings)]
	} else {
		counts = make([]int32, len(ix.postings))
	}
	r1, r2 := ' ', ' '
	first := true
	add := func(r3 rune) {
		if !(r2 == ' ' && (r1 == ' ' || r3 == ' ')) {
			if id, ok := ix.ids[keyOfRunes(r1, r2, r3)]; ok {
				if counts[id] == 0 {
					seen = append(seen, id)
				}
				counts[id]++
			}
		}
		r1, r2 = r2, r3
	}
	for i := 0; i < len(input); {
		var r rune
		if c := input[i]; c < utf8.RuneSelf {
			r = trigramChar[c]
			i++
		} else {
			var size int
			r, size = utf8.DecodeRuneInString(input[i:])
			i += size
			if r < tableRunes {
				r = trigramChar[r]
			} else {
				r = unicode.ToLower(toTrigramChar(r))
			}
		}
		if first {
			// upstream starts with r1 = ' ' and r2 = the first rune
			r2 = r
			first = false
			continue
		}
		add(r)
	}
	if !first {
		add(' ')
	}
	return counts, seen
}

// trigramChar is unicode.ToLower(toTrigramChar(c)) for the characters
// below U+0800.
var trigramChar = func() (t [tableRunes]rune) {
	for c := range t {
		t[c] = unicode.ToLower(toTrigramChar(rune(c)))
	}
	return t
}()
