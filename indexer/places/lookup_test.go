// Copyright the Gazette authors.

package places

import "testing"

func TestResolve(t *testing.T) {
	g := gaz(t)
	tests := []struct {
		name string
		want string // id; "" for no place
	}{
		{"Izyum", izium},
		{"Ізюм", izium},
		{"изюм", izium},
		{"Kharkiv", kharkiv},
		{"Харків", kharkiv},
		{"Kharkov", kharkiv},
		{"Харківщина", "UA.07"},
		{"Kharkiv Oblast", "UA.07"},
		{"Ukraine", "UA"},
		{"Україна", "UA"},
		{"Lyman (Donetsk Oblast)", lymanDon},
		{"Lyman, Donetsk", lymanDon},
		{"Lyman (Донецька область)", lymanDon},
		{"Lyman, UA", lymanDon},
		{"Kupiansk", kupiansk},
		{"Izyum (Lviv Oblast)", ""},
		{"Nowhereville", ""},
		{"", ""},
	}
	for _, tt := range tests {
		p, ok := g.Resolve(tt.name)
		if tt.want == "" {
			if ok {
				t.Errorf("Resolve(%q) = %s %s, want no place", tt.name, p.ID, p.Name)
			}
			continue
		}
		if !ok || p.ID != tt.want {
			t.Errorf("Resolve(%q) = %s %q (%v), want %s", tt.name, p.ID, p.Name, ok, tt.want)
		}
	}
}

// TestNamedOrder: a place whose own name it is comes first, then the most
// important.
func TestNamedOrder(t *testing.T) {
	g := gaz(t)
	ps := g.Named("Lyman")
	if len(ps) < 2 {
		t.Fatalf("Named(Lyman) = %d places, want several", len(ps))
	}
	for i := 1; i < len(ps); i++ {
		a, b := ps[i-1], ps[i]
		if a.Name == "Lyman" && b.Name == "Lyman" && kindRank(a.Kind) == kindRank(b.Kind) && a.Population < b.Population {
			t.Errorf("Named(Lyman): %s (%d) before %s (%d)", a.ID, a.Population, b.ID, b.Population)
		}
	}
}
