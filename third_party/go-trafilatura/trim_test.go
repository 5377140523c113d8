package trafilatura

import (
	"strings"
	"testing"
)

// FuzzTrim checks the patched trim against the upstream definition.
func FuzzTrim(f *testing.F) {
	for _, s := range []string{"", " ", "a b", " a  b ", "a\tb", "a\u00a0b", "\u0085x", "a\xffb", "  \n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want := strings.TrimSpace(strings.Join(strings.Fields(s), " "))
		if got := trim(s); got != want {
			t.Fatalf("trim(%q) = %q, want %q", s, got, want)
		}
	})
}
