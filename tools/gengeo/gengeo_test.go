// Copyright the Gazette authors.

package main

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"encoding/json"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
)

// encodeMO writes a gettext .mo catalogue, the inverse of parseMO.
func encodeMO(m map[string]string) []byte {
	ids := make([]string, 0, len(m))
	for id := range m {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	n := len(ids)
	var strs bytes.Buffer
	base := 28 + 16*n
	orig := make([]uint32, 0, 2*n)
	trans := make([]uint32, 0, 2*n)
	for _, id := range ids {
		orig = append(orig, uint32(len(id)), uint32(base+strs.Len()))
		strs.WriteString(id + "\x00")
	}
	for _, id := range ids {
		trans = append(trans, uint32(len(m[id])), uint32(base+strs.Len()))
		strs.WriteString(m[id] + "\x00")
	}
	var b bytes.Buffer
	for _, v := range []uint32{0x950412de, 0, uint32(n), 28, uint32(28 + 8*n), 0, 0} {
		binary.Write(&b, binary.LittleEndian, v)
	}
	binary.Write(&b, binary.LittleEndian, orig)
	binary.Write(&b, binary.LittleEndian, trans)
	b.Write(strs.Bytes())
	return b.Bytes()
}

func TestParseMO(t *testing.T) {
	want := map[string]string{"Ukraine": "Україна", "Kharkivska oblast": "Харківська область"}
	got, err := parseMO(encodeMO(want))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("parseMO[%q] = %q, want %q", k, got[k], v)
		}
	}
	good := encodeMO(want)
	for name, b := range map[string][]byte{
		"empty":     nil,
		"bad magic": append([]byte("not a catalogue at all....."), 0),
		"truncated": good[:40],
	} {
		if _, err := parseMO(b); err == nil {
			t.Errorf("parseMO(%s) succeeded", name)
		}
	}
}

func TestKeepName(t *testing.T) {
	tests := []struct {
		name string
		keep bool
	}{
		{"Kharkov", true},
		{"Khar'kov", true},
		{"Харків", true},
		{"Ivano-Frankivsk", true},
		{"Kraków", true},
		{"St. Petersburg", true},
		{"HRK", false},                // airport code
		{"UKHH", false},               // ICAO code
		{"ha er ke fu", false},        // machine romanisation
		{"ハリコフ", false},               // other script
		{"Kharkiv 2", false},          // digits
		{"http://example.org", false}, // URL
		{"Harkov (city)", false},
		{"X", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := keepName(tt.name); got != tt.keep {
			t.Errorf("keepName(%q) = %v, want %v", tt.name, got, tt.keep)
		}
	}
	if got := filterNames("Izium", []string{"Izyum", "Izium", "Izyum", "IZM", "Ізюм"}); !slices.Equal(got, []string{"Izyum", "Ізюм"}) {
		t.Errorf("filterNames = %q", got)
	}
}

// writeISO builds a miniature iso-codes tree in dir.
func writeISO(t *testing.T, dir string) {
	t.Helper()
	c1 := map[string]any{"3166-1": []map[string]string{
		{"alpha_2": "UA", "name": "Ukraine"},
		{"alpha_2": "US", "name": "United States", "official_name": "United States of America"},
		{"alpha_2": "MD", "name": "Moldova, Republic of", "common_name": "Moldova"},
	}}
	c2 := map[string]any{"3166-2": []map[string]string{
		{"code": "UA-63", "name": "Kharkivska oblast", "type": "Region"},
		{"code": "UA-07", "name": "Volynska oblast", "type": "Region"},
		{"code": "US-TX", "name": "Texas", "type": "State"},
		{"code": "US-TX-X", "name": "Sub-subdivision", "type": "County", "parent": "TX"},
	}}
	tr1 := map[string]map[string]string{
		"uk": {"Ukraine": "Україна", "United States": "США"},
		"ru": {"Ukraine": "Украина"},
	}
	tr2 := map[string]map[string]string{
		"uk": {"Kharkivska oblast": "Харківська область", "Volynska oblast": "Волинська область"},
		"ru": {"Kharkivska oblast": "Харьковская область", "Texas": "Техас"},
	}
	jsonDir := filepath.Join(dir, "usr/share/iso-codes/json")
	mustWrite := func(path string, b []byte) {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for name, v := range map[string]any{"iso_3166-1.json": c1, "iso_3166-2.json": c2} {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		mustWrite(filepath.Join(jsonDir, name), b)
	}
	for _, lang := range languages {
		msgs := filepath.Join(dir, "usr/share/locale", lang, "LC_MESSAGES")
		mustWrite(filepath.Join(msgs, "iso_3166-1.mo"), encodeMO(tr1[lang]))
		mustWrite(filepath.Join(msgs, "iso_3166-2.mo"), encodeMO(tr2[lang]))
	}
}

// TestRun builds a data file from miniature inputs and checks its rows.
func TestRun(t *testing.T) {
	dir := t.TempDir()
	writeISO(t, filepath.Join(dir, "iso"))
	out := filepath.Join(dir, "gazetteer.tsv.gz")
	cfg := config{
		Cities: "testdata/cities.txt", ISO: filepath.Join(dir, "iso"), Overrides: "testdata/admin1.tsv",
		Sources: "test sources 1.0", Out: out,
	}
	if err := run(cfg, slog.New(slog.NewTextHandler(io.Discard, nil))); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string][]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		if strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 9 {
			t.Fatalf("row with %d columns: %q", len(f), line)
		}
		rows[f[0]] = f
	}
	if !strings.Contains(string(b), "# Sources: test sources 1.0\n") || !strings.Contains(string(b), "CC BY 4.0") {
		t.Error("header lacks the sources or the licence")
	}
	tests := []struct {
		id, kind, country, region, name string
		has, hasNot                     []string
	}{
		{id: "UA", kind: "country", country: "UA", name: "Ukraine", has: []string{"Україна", "Украина"}},
		{id: "MD", kind: "country", country: "MD", name: "Moldova", has: []string{"Republic of Moldova"}, hasNot: []string{"Moldova, Republic of"}},
		{id: "US", kind: "country", country: "US", name: "United States", has: []string{"United States of America"}, hasNot: []string{"США"}},
		{id: "UA.07", kind: "region", country: "UA", name: "Kharkiv Oblast",
			has: []string{"Kharkivska oblast", "Харківська область", "Харьковская область", "Kharkiv region", "Kharkov region", "Kharkov Oblast"}},
		{id: "UA.24", kind: "region", country: "UA", name: "Volyn Oblast",
			has: []string{"Volynska oblast", "Волинська область", "Volyn region"}, hasNot: []string{"Lutsk region"}},
		{id: "US.TX", kind: "region", country: "US", name: "Texas", has: []string{"Техас"}},
		{id: "ZZ.01", kind: "region", country: "ZZ", name: "ZZ.01"},
		{id: "706483", kind: "city", country: "UA", region: "UA.07", name: "Kharkiv",
			has: []string{"Kharkov", "Khar'kov", "Харків"}, hasNot: []string{"HRK", "ha er ke fu", "ハリコフ", "Kharkiv"}},
		{id: "707292", kind: "city", country: "UA", region: "UA.07", name: "Izium", has: []string{"Izyum", "Ізюм"}},
	}
	for _, tt := range tests {
		r, ok := rows[tt.id]
		if !ok {
			t.Errorf("no row for %s", tt.id)
			continue
		}
		if r[1] != tt.kind || r[2] != tt.country || r[3] != tt.region || r[7] != tt.name {
			t.Errorf("%s = %q, want kind %q country %q region %q name %q", tt.id, r[:8], tt.kind, tt.country, tt.region, tt.name)
		}
		alts := strings.Split(r[8], "|")
		for _, n := range tt.has {
			if !slices.Contains(alts, n) {
				t.Errorf("%s lacks name %q: %q", tt.id, n, alts)
			}
		}
		for _, n := range tt.hasNot {
			if slices.Contains(alts, n) {
				t.Errorf("%s has unwanted name %q", tt.id, n)
			}
		}
	}
	if r := rows["UA"]; r[6] != "1728000" {
		t.Errorf("UA population = %s, want the sum of its cities", r[6])
	}
}

func TestReadCitiesErrors(t *testing.T) {
	for name, data := range map[string]string{
		"short row":  "1\tX\tX\n",
		"bad coords": "1\tX\tX\t\tnorth\teast\tP\tPPL\tUA\t\t07\t\t\t\t100\n",
	} {
		if _, err := readCities(strings.NewReader(data)); err == nil {
			t.Errorf("readCities(%s) succeeded", name)
		}
	}
}
