package search

import (
	"context"
	"testing"
	"unicode/utf8"
)

// FuzzSearchQuery checks that no query string panics or fails with anything
// but a *QueryError. `go test` runs the seeds; `go test -fuzz FuzzSearchQuery`
// explores further.
func FuzzSearchQuery(f *testing.F) {
	for _, s := range []string{
		`"unclosed`, `title:(`, `+`, `-`, `:`, `^`, `~`, `*`, `?`, `/`, `//`, `\`, `"`, `""`, `+-`, `-+a`,
		`a^`, `a~`, `a~-1`, `a^-1`, `title:`, `:a`, `title:>`, `title:>=`, `published:<"`, `published:>"2022-13-45"`,
		`place:707292`, `-2022`, `2022-03`, `1e309`, `title:/a(/`, `a AND b OR c`, `(a b)`, `a:b:c`, `"a" "b`,
		`Харкові +Izyum -"council vote"`, `text:*а*`, `url:https://x.test/a`, `site:`, "\x00", "\uFFFD",
	} {
		f.Add(s)
	}
	ix := fixtureIndex(f)
	f.Fuzz(func(t *testing.T, q string) {
		if !utf8.ValidString(q) {
			return
		}
		res, err := ix.Search(context.Background(), Request{Query: q, Size: 3})
		if err != nil {
			if !isQueryError(err) {
				t.Fatalf("query %q: %v (%T), want nil or *QueryError", q, err, err)
			}
			return
		}
		if res == nil || res.Hits == nil {
			t.Fatalf("query %q: nil result", q)
		}
	})
}
