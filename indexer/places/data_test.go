// Copyright the Gazette authors.

package places

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

// built opens what a builder read, through the binary form, as Load does.
func built(t *testing.T, b *builder) *Gazetteer {
	t.Helper()
	bin, err := b.encode()
	if err != nil {
		t.Fatal(err)
	}
	g, err := open(string(bin))
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func TestReadErrors(t *testing.T) {
	const good = "UA\tcountry\tUA\t\t48.6\t32.1\t100\tUkraine\tУкраїна\n"
	tests := []struct {
		name, data, want string
	}{
		{"short row", good + "x\tcity\n", "supplement.tsv line 2: 2 columns"},
		{"unknown kind", good + "x\tvillage\tUA\t\t1\t2\t3\tX\t\n", "line 2: unknown kind"},
		{"bad latitude", good + "x\tcity\tUA\t\tnorth\t2\t3\tX\t\n", "line 2: latitude"},
		{"bad population", good + "x\tcity\tUA\t\t1\t2\tmany\tX\t\n", "line 2: population"},
		{"empty name", good + "x\tcity\tUA\t\t1\t2\t3\t\t\n", "line 2: empty id or name"},
		{"duplicate id", good + good, `line 2: duplicate id "UA"`},
		{"alias of unknown", good + "ZZ\talias\t\t\t\t\t\tZed\t\n", `line 2: alias of unknown place "ZZ"`},
	}
	for _, tt := range tests {
		g := newBuilder(10)
		err := g.read(strings.NewReader(tt.data), "supplement.tsv", true)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want it to contain %q", tt.name, err, tt.want)
		}
	}
}

func TestReadAlias(t *testing.T) {
	b := newBuilder(10)
	data := "# comment\n\nRU\tcountry\tRU\t\t55\t37\t100\tRussian Federation\tРоссийская Федерация\n" +
		"RU\talias\t\t\t\t\t\tRussia\tРоссия|РФ\n"
	if err := b.read(strings.NewReader(data), "t.tsv", true); err != nil {
		t.Fatal(err)
	}
	g := built(t, b)
	p, ok := g.Place("RU")
	if !ok || p.Name != "Russia" || p.Lat != 55 {
		t.Fatalf("Place(RU) = %+v", p)
	}
	if names := g.Names("RU"); strings.Join(names, "|") != "Russia|Russian Federation|Российская Федерация|Россия|РФ" {
		t.Errorf("Names(RU) = %q", names)
	}
	if ps := g.lookup("россия"); len(ps) != 1 {
		t.Errorf("alias name not in the dictionary: %v", ps)
	}
	if _, ok := g.acronyms["рф"]; !ok {
		t.Error("all-capital alias РФ should be an acronym")
	}
}

// TestEmbeddedData checks the shipped data files: sizes, header, and the
// stop lists.
func TestEmbeddedData(t *testing.T) {
	if info, err := os.Stat("data/gazetteer.tsv.gz"); err != nil || info.Size() > 12<<20 {
		t.Errorf("gazetteer.tsv.gz: %v, want it under 12 MB", err)
	}
	if n := len(gazetteerBin); n > 64<<20 {
		t.Errorf("gazetteer.bin is %d bytes, want under 64 MB", n)
	}
	g := gaz(t)
	if n := g.nPlaces; n < 190000 {
		t.Errorf("only %d places loaded", n)
	}
	for _, w := range []string{"march", "police", "мир", "перемога"} {
		if !g.stop.always[w] {
			t.Errorf("stop list lacks %q", w)
		}
	}
	if !g.stop.atStart["nice"] || g.stop.always["nice"] {
		t.Error(`"nice" should be stop-listed at sentence start only`)
	}
}

// TestBinaryUpToDate compiles the text sources again: the embedded binary
// form must be exactly what they give, or someone changed a source without
// running go run ./tools/gengeo -compile-only.
func TestBinaryUpToDate(t *testing.T) {
	gz, err := os.ReadFile("data/gazetteer.tsv.gz")
	if err != nil {
		t.Fatal(err)
	}
	sup, err := os.ReadFile("data/supplement.tsv")
	if err != nil {
		t.Fatal(err)
	}
	bin, err := Compile(bytes.NewReader(gz), sup)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(bin, []byte(gazetteerBin)) {
		t.Fatal("data/gazetteer.bin is not what data/gazetteer.tsv.gz and data/supplement.tsv give: run go run ./tools/gengeo -compile-only")
	}
}

// TestOpenDamaged checks that a damaged binary form is refused, not read
// out of bounds.
func TestOpenDamaged(t *testing.T) {
	for _, bin := range []string{"", "GZPLACE0" + strings.Repeat("\x00", 64), gazetteerBin[:1000], gazetteerBin[:len(gazetteerBin)-1]} {
		if _, err := open(bin); err == nil {
			t.Errorf("open of %d damaged bytes succeeded", len(bin))
		}
	}
}
