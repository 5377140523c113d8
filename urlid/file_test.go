package urlid

import (
	"net/url"
	"strings"
	"testing"
)

func TestFileID(t *testing.T) {
	body := []byte("Kupiansk bridge reopened.")
	a := FileID("/home/anna/dumps/2022/kupiansk bridge.txt", body)
	b := FileID(`C:\Users\anna\kupiansk bridge.txt`, body)
	c := FileID("kupiansk bridge.txt", body)
	if a != b || a != c {
		t.Errorf("the same file from three folders: %q, %q, %q", a, b, c)
	}
	if strings.Contains(a, "anna") || strings.Contains(a, "dumps") || !strings.HasPrefix(a, "file:") {
		t.Errorf("FileID %q holds a folder", a)
	}
	if u, err := url.Parse(a); err != nil || u.Scheme != "file" || strings.ContainsAny(a, " \t\n") {
		t.Errorf("FileID %q is no absolute URL without spaces: %v", a, err)
	}
	if FileID("kupiansk bridge.txt", []byte("Another text.")) == a {
		t.Error("two contents, one id")
	}
	tests := []struct {
		url, name string
		ok        bool
	}{
		{a, "kupiansk bridge.txt", true},
		{"file:///home/anna/dumps/f%C3%A4lle.txt", "fälle.txt", true},
		{"file:///files/dump_2022-09-12_kupyansk.txt", "dump_2022-09-12_kupyansk.txt", true},
		{"https://kharkiv-courier.example/a.html", "", false},
	}
	for _, tt := range tests {
		if name, ok := FileName(tt.url); name != tt.name || ok != tt.ok {
			t.Errorf("FileName(%q) = %q, %v; want %q, %v", tt.url, name, ok, tt.name, tt.ok)
		}
	}
	if !IsFolderPath("file:///home/anna/a.txt") || IsFolderPath(a) || IsFolderPath("https://a.example/") {
		t.Error("IsFolderPath tells old file URLs from FileIDs wrongly")
	}
}
