package load

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// answer is a search answer of some 30 KB, as the bench reads them.
func answer() []byte {
	var b strings.Builder
	b.WriteString(`{"total":18750,"page":1,"size":10,"hits":[`)
	for i := range 10 {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"id":"a%d","title":"Title \u003cx\u003e","snippet":"%s"}`, i, strings.Repeat("word ", 60))
	}
	b.WriteString(`],"facets":{"dates":[`)
	for i := range 400 {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"key":"2020-%02d","from":"2020-01-01","to":"2020-01-31","count":%d}`, i%12+1, i)
	}
	b.WriteString(`]}}`)
	return []byte(b.String())
}

// TestTotal: total reads an answer's total and refuses what is not JSON
// as json.Unmarshal does, whether "total" comes first or not.
func TestTotal(t *testing.T) {
	big := answer()
	for _, body := range []string{
		string(big), `{"total":0}`, `{"total":42,"hits":[]}`, `{"hits":[],"total":7}`, `{ "total": 3 }`,
		`{"total":3,"hits":[}`, string(big[:len(big)-1]), `{"total":-1,"hits":[]}`, `{"total":1.5}`,
		`{"total":"5"}`, `{"total":99999999999999999999}`, `not json`, ``, `{"total":5} {}`, `[]`,
	} {
		var head struct {
			Total uint64 `json:"total"`
		}
		wantErr := json.Unmarshal([]byte(body), &head)
		got, err := total([]byte(body))
		if (err != nil) != (wantErr != nil) || err == nil && got != head.Total {
			t.Errorf("%.60q: %d, %v; json.Unmarshal: %d, %v", body, got, err, head.Total, wantErr)
		}
	}
}

// BenchmarkTotal reads the total of a 30 KB answer, as the bench client
// does for every request.
func BenchmarkTotal(b *testing.B) {
	body := answer()
	b.SetBytes(int64(len(body)))
	b.Run("total", func(b *testing.B) {
		for range b.N {
			if _, err := total(body); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("unmarshal", func(b *testing.B) {
		for range b.N {
			var head struct {
				Total uint64 `json:"total"`
			}
			if err := json.Unmarshal(body, &head); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// TestValidEqualsJSON: valid says what json.Valid says, for answers and
// for thousands of answers with bytes changed, cut or added.
func TestValidEqualsJSON(t *testing.T) {
	cases := []string{
		``, ` `, `{}`, `[]`, `[1,2]`, `[1,]`, `{"a":1,}`, `{"a" 1}`, `{1:2}`, `"\u00e9\ud83d"`, `"\u00g9"`, `"\x"`,
		`"a` + "\x01" + `"`, "\"\xff\xfe\"", `-0.5e+10`, `01`, `1.`, `.5`, `-`, `1e`, `tru`, `true false`, `nul`, ` null `,
		strings.Repeat("[", 10001) + strings.Repeat("]", 10001), strings.Repeat("[", 10000) + strings.Repeat("]", 10000),
	}
	big := string(answer())
	cases = append(cases, big)
	rng := rand.New(rand.NewPCG(1, 2))
	const alphabet = "{}[]:,\"\\ntfu0123456789.-+eE \t\x01\xff"
	for k := range 4000 {
		b := []byte(big[:200+rng.IntN(800)])
		if k%2 == 0 {
			b = []byte(big) // changed but whole: often still valid
		}
		for range 1 + rng.IntN(3) {
			switch i := rng.IntN(len(b)); rng.IntN(3) {
			case 0:
				b[i] = alphabet[rng.IntN(len(alphabet))]
			case 1:
				b = append(b[:i], b[i+1:]...)
			default:
				b = append(b[:i], append([]byte{alphabet[rng.IntN(len(alphabet))]}, b[i:]...)...)
			}
		}
		cases = append(cases, string(b))
		// A cut answer closed again: valid or not depending on where.
		cases = append(cases, string(b)+"]}}", string(b)+`"}]}}`)
	}
	valids := 0
	for _, c := range cases {
		if got, want := valid([]byte(c)), json.Valid([]byte(c)); got != want {
			t.Errorf("%.80q: valid %v, json.Valid %v", c, got, want)
		} else if got {
			valids++
		}
	}
	t.Logf("%d cases, %d of them valid", len(cases), valids)
	if valids < 10 {
		t.Errorf("only %d of %d cases are valid JSON: the comparison proves little", valids, len(cases))
	}
}
