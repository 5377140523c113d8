package clean

import (
	"strings"
	"testing"
	"unicode"
)

// attrWords splits s into words as hasWeakAttrWord does, as a list: the
// plain definition the word walk must agree with.
func attrWords(s string) []string {
	var b strings.Builder
	prev := rune(0)
	for _, r := range s {
		if unicode.IsUpper(r) && unicode.IsLower(prev) {
			b.WriteByte(' ')
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToLower(r))
		} else {
			b.WriteByte(' ')
		}
		prev = r
	}
	return strings.Fields(b.String())
}

// hasWeakAttrWordSlow is hasWeakAttrWord on the list of words.
func hasWeakAttrWordSlow(s string) bool {
	words := attrWords(s)
	for i, w := range words {
		for _, p := range weakAttrPrefixes {
			if strings.HasPrefix(w, p) {
				return true
			}
		}
		if i+1 < len(words) && attrPairs[w+" "+words[i+1]] {
			return true
		}
	}
	return false
}

var attrSeeds = []string{
	"", "article__share-bar relatedStories", "mostRead", "most-read", "MostRead", "most read", "MOST READ",
	"readAlso", "read_also", "seeAlso", "see-also-box", "moreStories", "more news", "sharing", "SocialIcons",
	"ΣHARE", "Related\xffstories", "post-content", "entry-title", "x most", "most\tviewed", "İrelated",
	"footer copyright", "legalNotice", "subscribeForm", "trendingNow", "recommendations", "popularPosts",
}

func TestHasWeakAttrWord(t *testing.T) {
	found := 0
	for _, s := range attrSeeds {
		want := hasWeakAttrWordSlow(s)
		if got := hasWeakAttrWord(s); got != want {
			t.Errorf("hasWeakAttrWord(%q) = %v, want %v", s, got, want)
		}
		if want {
			found++
		}
	}
	if found < 15 {
		t.Errorf("only %d seeds are furniture: the check proves little", found)
	}
}

func FuzzHasWeakAttrWord(f *testing.F) {
	for _, s := range attrSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := hasWeakAttrWord(s), hasWeakAttrWordSlow(s); got != want {
			t.Errorf("hasWeakAttrWord(%q) = %v, want %v", s, got, want)
		}
	})
}
