package crawl

import "testing"

func TestCanonicalize(t *testing.T) {
	cases := []struct{ in, want string }{
		{"http://Example.COM", "http://example.com/"},
		{"HTTP://example.com:80/a", "http://example.com/a"},
		{"https://example.com:443/a", "https://example.com/a"},
		{"https://example.com:8443/a", "https://example.com:8443/a"},
		{"https://example.com/a#section-2", "https://example.com/a"},
		{"https://user:pw@example.com/a", "https://example.com/a"},
		{"https://example.com/news/../world/./story", "https://example.com/world/story"},
		{"https://example.com/a?utm_source=x&utm_medium=y&id=7", "https://example.com/a?id=7"},
		{"https://example.com/a?fbclid=abc&gclid=def", "https://example.com/a"},
		{"https://example.com/a?b=2&a=1&UTM_Campaign=z", "https://example.com/a?a=1&b=2"},
		{"https://example.com/a?", "https://example.com/a"},
		{"https://example.com/a?q=x%20y&p=1", "https://example.com/a?p=1&q=x%20y"},
		{"https://example.com./Path/Case", "https://example.com/Path/Case"},
		{"https://[::1]:443/", "https://[::1]/"},
	}
	for _, c := range cases {
		got, err := Canonicalize(c.in)
		if err != nil {
			t.Errorf("Canonicalize(%q): %v", c.in, err)
			continue
		}
		if got != c.want {
			t.Errorf("Canonicalize(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestCanonicalizeRejects(t *testing.T) {
	for _, in := range []string{"", "ftp://example.com/", "mailto:a@example.com", "javascript:alert(1)", "/relative", "http://", "http://exa mple.com/%zz"} {
		if got, err := Canonicalize(in); err == nil {
			t.Errorf("Canonicalize(%q) = %q, want an error", in, got)
		}
	}
}
