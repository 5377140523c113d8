package extract

import (
	"net/url"
	"strings"
	"time"
)

// lastModified is the page's own modification date (meta tags such as
// article:modified_time, JSON-LD dateModified): the first that parses and
// is plausible, and only when it is later than the publication date, since
// pages that were never updated often repeat that date as modified.
func lastModified(m meta, published *time.Time, now time.Time) *time.Time {
	for _, v := range m.modified {
		t, ok := parseDate(v)
		if !ok || !plausible(t, now) {
			continue
		}
		if published != nil && !t.After(*published) {
			return nil
		}
		return &t
	}
	return nil
}

// leadImage is the page's lead image (og:image, twitter:image, JSON-LD
// image) as an absolute http(s) URL, resolved against the page's URL; ""
// when there is none. Inline data: images are not kept.
func leadImage(m meta, base *url.URL) string {
	for _, v := range []string{m.ogImage, m.twImage, m.ldImage} {
		ref, err := url.Parse(strings.TrimSpace(v))
		if v == "" || err != nil {
			continue
		}
		if base != nil {
			ref = base.ResolveReference(ref)
		}
		if abs := absoluteURL(ref.String()); abs != nil {
			return abs.String()
		}
	}
	return ""
}

// ldImageURL reads a JSON-LD image: a URL, an ImageObject, or a list of
// either (the first).
func ldImageURL(v any) string {
	switch t := v.(type) {
	case string:
		return t
	case map[string]any:
		u, _ := t["url"].(string)
		if u == "" {
			u, _ = t["contentUrl"].(string)
		}
		return u
	case []any:
		for _, e := range t {
			if u := ldImageURL(e); u != "" {
				return u
			}
		}
	}
	return ""
}
