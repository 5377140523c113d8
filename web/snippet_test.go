package web

import "testing"

func TestSafeSnippet(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain text", "plain text"},
		{"the <mark>bridge</mark> reopened", "the <mark>bridge</mark> reopened"},
		{"fish &amp; chips &lt;b&gt;", "fish &amp; chips &lt;b&gt;"},
		{`<mark class="x" onclick="evil()">hit</mark>`, "<mark>hit</mark>"},
		{"<script>alert(1)</script>after", "alert(1)after"},
		{`<img src=x onerror=alert(1)>text`, "text"},
		{"<b>bold</b> and <a href='javascript:x'>link</a>", "bold and link"},
		{"unclosed <mark>tail", "unclosed <mark>tail"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := string(safeSnippet(tt.in)); got != tt.want {
			t.Errorf("safeSnippet(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
