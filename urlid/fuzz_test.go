package urlid

import "testing"

// FuzzCanonical: any input either fails cleanly or yields a URL that is
// already canonical, and whose Key is itself.
func FuzzCanonical(f *testing.F) {
	for _, s := range []string{"http://Example.com:80/a/../b?utm_source=x&b=2&a=1#f", "https://[::1]:443/", "http://a/%zz", "HTTP://x.y/?;;&&=", "http://x/a?%gg=1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := Canonical(s)
		if err != nil {
			return
		}
		again, err := Canonical(c)
		if err != nil || again != c {
			t.Errorf("Canonical(%q) = %q, then %q, %v", s, c, again, err)
		}
		if Key(c) != c || ArticleID(s) != ArticleID(c) {
			t.Errorf("Key(%q) = %q; ids %s and %s", c, Key(c), ArticleID(s), ArticleID(c))
		}
	})
}
