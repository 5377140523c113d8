package urlid

import "testing"

func TestCanonical(t *testing.T) {
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
		got, err := Canonical(c.in)
		if err != nil {
			t.Errorf("Canonical(%q): %v", c.in, err)
			continue
		}
		if got != c.want {
			t.Errorf("Canonical(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestCanonicalRejects(t *testing.T) {
	for _, in := range []string{"", "ftp://example.com/", "mailto:a@example.com", "javascript:alert(1)", "/relative", "http://", "http://exa mple.com/%zz"} {
		if got, err := Canonical(in); err == nil {
			t.Errorf("Canonical(%q) = %q, want an error", in, got)
		}
	}
}

func TestArticleIDIsCanonical(t *testing.T) {
	same := []string{
		"https://river.example/ferry",
		"https://River.Example/ferry?utm_source=feed&utm_medium=rss",
		"https://river.example:443/ferry#comments",
		"https://river.example/news/../ferry?fbclid=abc",
	}
	for _, u := range same[1:] {
		if ArticleID(u) != ArticleID(same[0]) {
			t.Errorf("ArticleID(%q) = %s, want %s (the id of %s)", u, ArticleID(u), ArticleID(same[0]), same[0])
		}
	}
	for _, u := range []string{"https://river.example/ferry?page=2", "http://river.example/ferry", "file:///saved/ferry.html"} {
		if ArticleID(u) == ArticleID(same[0]) {
			t.Errorf("ArticleID(%q) is the id of %s", u, same[0])
		}
	}
	if got := Key("file:///saved/Ferry.html"); got != "file:///saved/Ferry.html" {
		t.Errorf("Key of a file URL = %q, want it unchanged", got)
	}
}

func TestHostAndSameSite(t *testing.T) {
	if got := Host("https://WWW.River.example:8443/a"); got != "river.example" {
		t.Errorf("Host = %q", got)
	}
	cases := []struct {
		canonical, captured string
		want                bool
	}{
		{"https://river.example/ferry", "https://www.river.example/news/ferry?ref=home", true},
		{"https://other.example/ferry", "https://river.example/ferry", false},
		{"https://river.example/ferry", "file:///saved/ferry.html", true},
		{"/ferry", "https://river.example/x", false},
	}
	for _, c := range cases {
		if got := SameSite(c.canonical, c.captured); got != c.want {
			t.Errorf("SameSite(%q, %q) = %v, want %v", c.canonical, c.captured, got, c.want)
		}
	}
}
