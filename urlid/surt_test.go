package urlid

import "testing"

func TestSURT(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://www.Example.com/News/a?b=2&a=1#top", "com,example)/news/a?a=1&b=2"},
		{"http://example.com", "com,example)/"},
		{"http://example.com:80/x", "com,example)/x"},
		{"https://example.com:443/x", "com,example)/x"},
		{"http://example.com:8080/x", "com,example:8080)/x"},
		{"http://www2.news.example.org/a", "org,example,news)/a"},
		{"http://www.com/", "com,www)/"}, // www is the name here, not a prefix
		{"http://127.0.0.1:8765/news/a.html", "127.0.0.1:8765)/news/a.html"},
		{"https://kharkiv.example/%D0%B8%D0%B7%D1%8E%D0%BC", "example,kharkiv)/%d0%b8%d0%b7%d1%8e%d0%bc"},
		{"file:///files/Dump.txt", "file:///files/dump.txt"},
		{"not a url", "not a url"},
	}
	for _, tt := range tests {
		if got := SURT(tt.in); got != tt.want {
			t.Errorf("SURT(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
