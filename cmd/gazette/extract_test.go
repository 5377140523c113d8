package main

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestExtractTextDump(t *testing.T) {
	code, out, errOut := runCmd(t, "extract", "testdata/import/kupiansk-bridge.txt")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got extracted
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out)
	}
	if got.Published == nil || !strings.HasPrefix(*got.Published, "2022-09-14") {
		t.Errorf("published = %v, want 2022-09-14", got.Published)
	}
	if got.Lang != "en" {
		t.Errorf("lang = %q, want en", got.Lang)
	}
	for _, keep := range []string{"pontoon crossing over the Oskil", "The permanent road bridge", "We need a crossing before the first frosts",
		"Residents who left Kupiansk in the spring"} {
		if !strings.Contains(got.Text, keep) {
			t.Errorf("article text lost %q:\n%s", keep, got.Text)
		}
	}
	for _, junk := range []string{"more stories", "Night trains", "overnight service to Odesa", "Editor in chief", "Terms of use", "We use cookies", "Privacy policy", "браузер"} {
		if strings.Contains(got.Text, junk) {
			t.Errorf("boilerplate %q left in text:\n%s", junk, got.Text)
		}
	}
	names := checkMentions(t, got)
	for _, want := range []string{"Kupiansk", "Kharkiv Oblast"} {
		if !names[want] {
			t.Errorf("places lack %s: %+v", want, got.Places)
		}
	}
}

func TestExtractMany(t *testing.T) {
	code, out, errOut := runCmd(t, "extract", "testdata/import/kupiansk-bridge.txt", "testdata/import/kramatorsk-library.html")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 {
		t.Fatalf("want one JSON object per line for 2 files, got %d lines:\n%s", len(lines), out)
	}
	var second extracted
	if err := json.Unmarshal([]byte(lines[1]), &second); err != nil {
		t.Fatal(err)
	}
	if second.File != "testdata/import/kramatorsk-library.html" || second.Lang != "uk" || second.Author != "Ірина Данилюк" {
		t.Errorf("second object: file %q lang %q author %q", second.File, second.Lang, second.Author)
	}
	if names := checkMentions(t, second); !names["Kramatorsk"] || !names["Lyman"] {
		t.Errorf("places of the Ukrainian page lack Kramatorsk or Lyman (Лимана): %v", names)
	}
	if second.URL != "https://donbas-visnyk.example/culture/2022/11/library" {
		t.Errorf("url = %q, want the og:url", second.URL)
	}
}

// checkMentions checks that every mention's character offsets point at its
// text in the title or body, and returns the names of the places.
func checkMentions(t *testing.T, got extracted) map[string]bool {
	t.Helper()
	names := map[string]bool{}
	for _, p := range got.Places {
		names[p.Name] = true
		if len(p.Mentions) == 0 {
			t.Errorf("place %s has no mentions", p.Name)
		}
		for _, m := range p.Mentions {
			field := got.Text
			if m.Field == "title" {
				field = got.Title
			}
			runes := []rune(field)
			if m.Start < 0 || m.End > len(runes) || string(runes[m.Start:m.End]) != m.Text {
				t.Errorf("place %s: mention %+v does not point into the text", p.Name, m)
			}
		}
	}
	return names
}
