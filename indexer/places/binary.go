// Copyright the Gazette authors.

package places

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"math/bits"
	"slices"
	"strings"
)

// The binary form of the gazetteer (data/gazetteer.bin) is laid out so
// that Load reads nothing it does not need: the name dictionary and the
// first-word table are open-addressing hash tables searched in place, and
// every string is a slice of the embedded data, which the system pages in
// as it is touched. Only the place records are decoded when it opens (some
// milliseconds), where reading the text sources took a second of CPU and
// 200 MB of heap.
//
// Layout, little-endian; offsets are from the start of the file:
//
//	magic     8 bytes "GZPLACE1"
//	header    hdrFields × u32 (see the hdr* constants)
//	places    nPlaces × placeSize bytes: id, name, names, country, region
//	          (string offsets), population u64, lat f64, lon f64, kind u8
//	idOrder   nPlaces × u32: place indexes sorted by id
//	dict      dictSlots × slotSize: hash table, name → place or shared list
//	shared    u32 words: lists of places sharing a name, each its length then the places
//	starts    startsSlots × slotSize: hash table, first word → most words
//	acronyms  nAcronyms × (u32 string, i32 place)
//	strings   every string once: its length as a uvarint, then its bytes
//
// A hash table slot is the string offset of its key plus one (0: empty),
// its value (i32) and the high 32 bits of the key's 64-bit FNV-1a hash; the
// slot index starts at the low bits and probes linearly.
const (
	binMagic  = "GZPLACE1"
	placeSize = 45
	slotSize  = 12
)

// Header fields.
const (
	hdrPlaces = iota // number of places
	hdrPlacesAt
	hdrIDOrderAt
	hdrDictSlots
	hdrDictAt
	hdrSharedAt
	hdrSharedLen // in u32 words
	hdrStartsSlots
	hdrStartsAt
	hdrAcronyms
	hdrAcronymsAt
	hdrStringsAt
	hdrStringsLen
	hdrFields
)

var kindCodes = []string{KindCountry, KindRegion, KindCity, KindArea, KindCounty, KindWater, KindContinent, KindUnion}

// fnv64 is the 64-bit FNV-1a hash of s.
func fnv64(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

func u32(s string, at int) uint32 {
	_ = s[at+3]
	return uint32(s[at]) | uint32(s[at+1])<<8 | uint32(s[at+2])<<16 | uint32(s[at+3])<<24
}

func u64(s string, at int) uint64 { return uint64(u32(s, at)) | uint64(u32(s, at+4))<<32 }

// str returns the string stored at offset at of the strings section.
func (g *Gazetteer) str(at uint32) string {
	s := g.bin[g.stringsAt+int(at):]
	n, k := uvarint(s)
	return s[k : k+int(n)]
}

func uvarint(s string) (uint64, int) {
	var x uint64
	for i := 0; i < len(s) && i < binary.MaxVarintLen64; i++ {
		b := s[i]
		x |= uint64(b&0x7f) << (7 * i)
		if b < 0x80 {
			return x, i + 1
		}
	}
	return 0, 0
}

// table is a hash table of the binary form, searched in place.
type table struct {
	g     *Gazetteer
	at    int
	slots uint32 // a power of two
}

// get returns the value stored under key.
func (t table) get(key string) (int32, bool) {
	if t.slots == 0 {
		return 0, false
	}
	h := fnv64(key)
	tag, mask := uint32(h>>32), t.slots-1
	for i := uint32(h) & mask; ; i = (i + 1) & mask {
		at := t.at + int(i)*slotSize
		k := u32(t.g.bin, at)
		if k == 0 {
			return 0, false
		}
		if u32(t.g.bin, at+8) == tag && t.g.str(k-1) == key {
			return int32(u32(t.g.bin, at+4)), true
		}
	}
}

// each calls fn for every key and value, in slot order.
func (t table) each(fn func(key string, v int32)) {
	for i := range int(t.slots) {
		at := t.at + i*slotSize
		if k := u32(t.g.bin, at); k != 0 {
			fn(t.g.str(k-1), int32(u32(t.g.bin, at+4)))
		}
	}
}

// rec returns where the record of place pi starts.
func (g *Gazetteer) rec(pi int32) int { return g.placesAt + int(pi)*placeSize }

// kind returns the kind of place pi.
func (g *Gazetteer) kind(pi int32) string {
	if k := int(g.bin[g.rec(pi)+44]); k < len(kindCodes) {
		return kindCodes[k]
	}
	return ""
}

// id returns the id of place pi.
func (g *Gazetteer) id(pi int32) string { return g.str(u32(g.bin, g.rec(pi))) }

// nameList returns every name variant of place pi joined by "|".
func (g *Gazetteer) nameList(pi int32) string { return g.str(u32(g.bin, g.rec(pi)+8)) }

// place returns place pi. Its strings point into the binary form, so it
// costs no allocation, and the heap holds no copy of the gazetteer for the
// garbage collector to scan.
func (g *Gazetteer) place(pi int32) Place {
	at := g.rec(pi)
	return Place{
		ID: g.str(u32(g.bin, at)), Name: g.str(u32(g.bin, at+4)),
		Country: g.str(u32(g.bin, at+12)), Region: g.str(u32(g.bin, at+16)),
		Population: int(u64(g.bin, at+20)),
		Lat:        math.Float64frombits(u64(g.bin, at+28)), Lon: math.Float64frombits(u64(g.bin, at+36)),
		Kind: g.kind(pi),
	}
}

// sharedList returns the places of a dictionary value v < 0.
func (g *Gazetteer) sharedList(v int32) []int32 {
	at := g.sharedAt + 4*int(-v-1)
	n := int(u32(g.bin, at))
	out := make([]int32, n)
	for i := range out {
		out[i] = int32(u32(g.bin, at+4+4*i))
	}
	return out
}

// idIndex finds places by id: binary search in the sorted idOrder.
type idIndex struct {
	at int
	n  int
}

func (x idIndex) get(g *Gazetteer, id string) (int32, bool) {
	lo, hi := 0, x.n
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if g.id(int32(u32(g.bin, x.at+4*m))) < id {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < x.n {
		if pi := int32(u32(g.bin, x.at+4*lo)); g.id(pi) == id {
			return pi, true
		}
	}
	return 0, false
}

// open opens the binary form: it checks the layout and reads the few
// acronyms; everything else is read where it lies, when it is needed.
func open(bin string) (*Gazetteer, error) {
	if len(bin) < len(binMagic)+4*hdrFields || bin[:len(binMagic)] != binMagic {
		return nil, errors.New("places: data/gazetteer.bin is not a gazetteer in this version's binary form; run tools/gengeo")
	}
	hdr := make([]int, hdrFields)
	for i := range hdr {
		hdr[i] = int(u32(bin, len(binMagic)+4*i))
	}
	sections := []struct{ at, size int }{
		{hdr[hdrPlacesAt], hdr[hdrPlaces] * placeSize},
		{hdr[hdrIDOrderAt], hdr[hdrPlaces] * 4},
		{hdr[hdrDictAt], hdr[hdrDictSlots] * slotSize},
		{hdr[hdrSharedAt], hdr[hdrSharedLen] * 4},
		{hdr[hdrStartsAt], hdr[hdrStartsSlots] * slotSize},
		{hdr[hdrAcronymsAt], hdr[hdrAcronyms] * 8},
		{hdr[hdrStringsAt], hdr[hdrStringsLen]},
	}
	for _, s := range sections {
		if s.at < 0 || s.size < 0 || s.at+s.size > len(bin) {
			return nil, errors.New("places: data/gazetteer.bin is truncated or damaged")
		}
	}
	for _, n := range []int{hdr[hdrDictSlots], hdr[hdrStartsSlots]} {
		if n != 0 && bits.OnesCount(uint(n)) != 1 {
			return nil, errors.New("places: data/gazetteer.bin is damaged (table size)")
		}
	}
	g := &Gazetteer{bin: bin, stringsAt: hdr[hdrStringsAt], sharedAt: hdr[hdrSharedAt]}
	g.dict = table{g: g, at: hdr[hdrDictAt], slots: uint32(hdr[hdrDictSlots])}
	g.starts = table{g: g, at: hdr[hdrStartsAt], slots: uint32(hdr[hdrStartsSlots])}
	g.byID = idIndex{at: hdr[hdrIDOrderAt], n: hdr[hdrPlaces]}

	g.placesAt, g.nPlaces = hdr[hdrPlacesAt], hdr[hdrPlaces]
	g.acronyms = make(map[string]int32, hdr[hdrAcronyms])
	for i := range hdr[hdrAcronyms] {
		at := hdr[hdrAcronymsAt] + 8*i
		g.acronyms[g.str(u32(bin, at))] = int32(u32(bin, at+4))
	}
	return g, nil
}

// encoder writes the binary form.
type encoder struct {
	strs   []byte
	offset map[string]uint32
}

// str stores s once and returns its offset.
func (e *encoder) str(s string) uint32 {
	if at, ok := e.offset[s]; ok {
		return at
	}
	at := uint32(len(e.strs))
	e.strs = binary.AppendUvarint(e.strs, uint64(len(s)))
	e.strs = append(e.strs, s...)
	e.offset[s] = at
	return at
}

// hashTable lays out keys (sorted, so the layout is the same every time)
// with their values at load factor at most one half.
func (e *encoder) hashTable(m map[string]int32) []byte {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	slots := uint32(1)
	for slots < uint32(2*len(keys)) {
		slots <<= 1
	}
	out := make([]byte, int(slots)*slotSize)
	for _, k := range keys {
		h := fnv64(k)
		i := uint32(h) & (slots - 1)
		for binary.LittleEndian.Uint32(out[int(i)*slotSize:]) != 0 {
			i = (i + 1) & (slots - 1)
		}
		s := out[int(i)*slotSize:]
		binary.LittleEndian.PutUint32(s, e.str(k)+1)
		binary.LittleEndian.PutUint32(s[4:], uint32(m[k]))
		binary.LittleEndian.PutUint32(s[8:], uint32(h>>32))
	}
	return out
}

// encode writes the builder's gazetteer in the binary form.
func (b *builder) encode() ([]byte, error) {
	e := &encoder{offset: map[string]uint32{}}
	e.str("") // offset 0 is the empty string

	places := make([]byte, 0, len(b.places)*placeSize)
	for i, p := range b.places {
		kind := slices.Index(kindCodes, p.Kind)
		if kind < 0 || p.Population < 0 {
			return nil, fmt.Errorf("places: cannot encode place %s (kind %q, population %d)", p.ID, p.Kind, p.Population)
		}
		for _, s := range []string{p.ID, p.Name, b.names[i], p.Country, p.Region} {
			places = binary.LittleEndian.AppendUint32(places, e.str(s))
		}
		places = binary.LittleEndian.AppendUint64(places, uint64(p.Population))
		places = binary.LittleEndian.AppendUint64(places, math.Float64bits(p.Lat))
		places = binary.LittleEndian.AppendUint64(places, math.Float64bits(p.Lon))
		places = append(places, byte(kind))
	}
	order := make([]int32, len(b.places))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(x, y int32) int { return strings.Compare(b.places[x].ID, b.places[y].ID) })
	idOrder := make([]byte, 0, 4*len(order))
	for _, pi := range order {
		idOrder = binary.LittleEndian.AppendUint32(idOrder, uint32(pi))
	}

	// Shared lists are renumbered in the order of their names, so the
	// bytes do not depend on the order the sources were read in.
	dict := make(map[string]int32, len(b.dict))
	var shared []byte
	keys := make([]string, 0, len(b.dict))
	for k := range b.dict {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		v := b.dict[k]
		if v >= 0 {
			dict[k] = v
			continue
		}
		list := b.shared[-v-1]
		dict[k] = -int32(len(shared)/4) - 1
		shared = binary.LittleEndian.AppendUint32(shared, uint32(len(list)))
		for _, pi := range list {
			shared = binary.LittleEndian.AppendUint32(shared, uint32(pi))
		}
	}
	dictTable := e.hashTable(dict)
	starts := make(map[string]int32, len(b.starts))
	for k, n := range b.starts {
		starts[k] = int32(n)
	}
	startsTable := e.hashTable(starts)
	var acronyms []byte
	for _, k := range slices.Sorted(func(yield func(string) bool) {
		for k := range b.acronyms {
			if !yield(k) {
				return
			}
		}
	}) {
		acronyms = binary.LittleEndian.AppendUint32(acronyms, e.str(k))
		acronyms = binary.LittleEndian.AppendUint32(acronyms, uint32(b.acronyms[k]))
	}

	hdr := make([]uint32, hdrFields)
	at := len(binMagic) + 4*hdrFields
	place := func(field int, section []byte) {
		hdr[field] = uint32(at)
		at += len(section)
	}
	place(hdrPlacesAt, places)
	place(hdrIDOrderAt, idOrder)
	place(hdrDictAt, dictTable)
	place(hdrSharedAt, shared)
	place(hdrStartsAt, startsTable)
	place(hdrAcronymsAt, acronyms)
	place(hdrStringsAt, e.strs)
	if at > math.MaxUint32 {
		return nil, errors.New("places: the gazetteer does not fit the binary form (4 GB)")
	}
	hdr[hdrPlaces] = uint32(len(b.places))
	hdr[hdrDictSlots] = uint32(len(dictTable) / slotSize)
	hdr[hdrSharedLen] = uint32(len(shared) / 4)
	hdr[hdrStartsSlots] = uint32(len(startsTable) / slotSize)
	hdr[hdrAcronyms] = uint32(len(acronyms) / 8)
	hdr[hdrStringsLen] = uint32(len(e.strs))

	out := make([]byte, 0, at)
	out = append(out, binMagic...)
	for _, v := range hdr {
		out = binary.LittleEndian.AppendUint32(out, v)
	}
	for _, s := range [][]byte{places, idOrder, dictTable, shared, startsTable, acronyms, e.strs} {
		out = append(out, s...)
	}
	return out, nil
}

func ptr[T any](v T) *T { return &v }
