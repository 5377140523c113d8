package extract

import (
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

func TestBylineAuthor(t *testing.T) {
	cases := []struct{ html, want string }{
		{`<table><tr><td><font>Автор: Сергей Кравец, специально для «Вестника»</font></td></tr></table>`, "Сергей Кравец"},
		{`<p class="meta">By Anna Lind | 3 March 2022</p>`, "Anna Lind"},
		{`<p>Авторка: Ірина Бондар</p>`, "Ірина Бондар"},
		{`<p>By the morning of the fourth day the convoy had reached the river crossing and stopped.</p>`, ""},
		{`<p>by nightfall</p>`, ""},
		{`<p>Nothing here</p>`, ""},
	}
	for _, c := range cases {
		doc, err := goquery.NewDocumentFromReader(strings.NewReader(c.html))
		if err != nil {
			t.Fatal(err)
		}
		if got := bylineAuthor(doc); got != c.want {
			t.Errorf("bylineAuthor(%s) = %q, want %q", c.html, got, c.want)
		}
	}
}
