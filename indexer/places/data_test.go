// Copyright the Gazette authors.

package places

import (
	"strings"
	"testing"
)

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
		g := newGazetteer(10)
		err := g.read(strings.NewReader(tt.data), "supplement.tsv", true)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want it to contain %q", tt.name, err, tt.want)
		}
	}
}

func TestReadAlias(t *testing.T) {
	g := newGazetteer(10)
	data := "# comment\n\nRU\tcountry\tRU\t\t55\t37\t100\tRussian Federation\tРоссийская Федерация\n" +
		"RU\talias\t\t\t\t\t\tRussia\tРоссия|РФ\n"
	if err := g.read(strings.NewReader(data), "t.tsv", true); err != nil {
		t.Fatal(err)
	}
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
	if n := len(gazetteerGz); n > 12<<20 {
		t.Errorf("gazetteer.tsv.gz is %d bytes, want under 12 MB", n)
	}
	g := gaz(t)
	if n := len(g.places); n < 190000 {
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
