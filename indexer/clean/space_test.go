package clean

import (
	"strings"
	"testing"
)

func TestCollapseSpace(t *testing.T) {
	for _, s := range []string{
		"", " ", "a", "a b", " a", "a ", "a  b", "a\tb", "a\nb", "  Read more → ",
		"Ізюм\u00a0— місто", "x\u2003y", "already collapsed line", "\u00a0\u00a0", "a \r\n b",
		"Привет, мир", "\xff bad \xfe utf8 ",
	} {
		want := strings.Join(strings.Fields(s), " ")
		if got := CollapseSpace(s); got != want {
			t.Errorf("CollapseSpace(%q) = %q, want %q", s, got, want)
		}
	}
}

func FuzzCollapseSpace(f *testing.F) {
	f.Add("  a \u00a0 b\t")
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := CollapseSpace(s), strings.Join(strings.Fields(s), " "); got != want {
			t.Errorf("CollapseSpace(%q) = %q, want %q", s, got, want)
		}
	})
}
