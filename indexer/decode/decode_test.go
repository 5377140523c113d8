package decode

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// firstSentence returns the first sentence of a UTF-8 reference text, which
// every HTML fixture of that language must contain after decoding.
func firstSentence(t testing.TB, name string) string {
	t.Helper()
	s := string(readFixture(t, name))
	return s[:strings.Index(s, ".")]
}

func TestToUTF8(t *testing.T) {
	ru := firstSentence(t, "ru.txt")
	uk := firstSentence(t, "uk.txt")
	tests := []struct {
		name        string
		file        string
		contentType string
		want        string // text the decoded page must contain
		charset     string
	}{
		{"1251 in header only", "ru-1251-plain.html", "text/html; charset=windows-1251", ru, "windows-1251"},
		{"1251 header label cp1251", "ru-1251-plain.html", "text/html; charset=cp1251", ru, "windows-1251"},
		{"1251 header quoted, malformed", "ru-1251-plain.html", `text/html; charset="windows-1251";;`, ru, "windows-1251"},
		{"1251 in meta charset only", "ru-1251-meta.html", "text/html", ru, "windows-1251"},
		{"1251 in meta http-equiv only", "ru-1251-httpequiv.html", "", ru, "windows-1251"},
		{"1251 undeclared", "ru-1251-plain.html", "text/html", ru, "windows-1251"},
		{"koi8-r in header only", "ru-koi8r-plain.html", "text/html; charset=KOI8-R", ru, "koi8-r"},
		{"koi8-r in meta only", "ru-koi8r-meta.html", "", ru, "koi8-r"},
		{"koi8-r undeclared", "ru-koi8r-plain.html", "", ru, "koi8-r"},
		{"ukrainian 1251 undeclared", "uk-1251-plain.html", "", uk, "windows-1251"},
		{"ukrainian koi8-u in meta", "uk-koi8u-meta.html", "", uk, "koi8-u"},
		{"utf-8 BOM", "ru-utf8-bom.html", "", ru, "utf-8"},
		{"utf-8 BOM wins over header", "ru-utf8-bom.html", "text/html; charset=windows-1251", ru, "utf-8"},
		{"utf-8 undeclared", "ru-utf8-plain.html", "", ru, "utf-8"},
		{"utf-8 in header", "ru-utf8-plain.html", "text/html; charset=UTF-8", ru, "utf-8"},
		{"header wins over meta", "ru-koi8r-meta.html", "text/html; charset=koi8-r", ru, "koi8-r"},
		{"unknown header label falls through to meta", "ru-1251-meta.html", "text/html; charset=x-nonsense", ru, "windows-1251"},
		{"1251 mislabelled as utf-8", "ru-1251-claims-utf8.html", "text/html; charset=utf-8", ru, "windows-1251"},
		{"utf-16 label without BOM means utf-8", "ru-utf8-plain.html", "text/html; charset=utf-16", ru, "utf-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, cs, err := ToUTF8(readFixture(t, tt.file), tt.contentType)
			if err != nil {
				t.Fatalf("ToUTF8: %v", err)
			}
			if cs != tt.charset {
				t.Errorf("charset = %q, want %q", cs, tt.charset)
			}
			if !strings.Contains(got, tt.want) {
				t.Errorf("decoded text lacks %q; got:\n%s", tt.want, got)
			}
			if strings.HasPrefix(got, "\uFEFF") {
				t.Errorf("decoded text keeps the byte order mark")
			}
		})
	}
}

func TestToUTF8Edge(t *testing.T) {
	tests := []struct {
		name    string
		body    []byte
		want    string
		charset string
	}{
		{"empty", nil, "", "utf-8"},
		{"ascii", []byte("<p>Hello</p>"), "<p>Hello</p>", "utf-8"},
		{"utf-16le BOM", []byte{0xFF, 0xFE, 'H', 0, 'i', 0}, "Hi", "utf-16le"},
		{"utf-16be BOM", []byte{0xFE, 0xFF, 0, 'H', 0, 'i'}, "Hi", "utf-16be"},
		{"invalid utf-8 becomes replacement", []byte("caf\xc3\xa9 ok \xff and more caf\xc3\xa9 caf\xc3\xa9 caf\xc3\xa9 caf\xc3\xa9 caf\xc3\xa9 caf\xc3\xa9 caf\xc3\xa9 caf\xc3\xa9 caf\xc3\xa9 caf\xc3\xa9 caf\xc3\xa9"), "café ok \uFFFD and", "utf-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, cs, err := ToUTF8(tt.body, "")
			if err != nil {
				t.Fatalf("ToUTF8: %v", err)
			}
			if cs != tt.charset {
				t.Errorf("charset = %q, want %q", cs, tt.charset)
			}
			if !strings.HasPrefix(got, tt.want) {
				t.Errorf("got %q, want prefix %q", got, tt.want)
			}
		})
	}
}

func FuzzToUTF8(f *testing.F) {
	f.Add([]byte("<meta charset=koi8-r><p>\xf0\xd2\xc9\xd7\xc5\xd4</p>"), "")
	f.Add([]byte{0xFF, 0xFE, 'x'}, "text/html; charset=")
	f.Fuzz(func(t *testing.T, body []byte, contentType string) {
		got, cs, err := ToUTF8(body, contentType)
		if err != nil {
			return
		}
		if cs == "" {
			t.Errorf("empty charset name")
		}
		if !utf8.ValidString(got) {
			t.Errorf("output is not valid UTF-8")
		}
	})
}
