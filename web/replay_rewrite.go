package web

import (
	"bytes"
	"io"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Links in a replayed HTML page are rewritten so that following them, and
// loading the page's images and stylesheets, stays inside the archive:
// https://example.com/a becomes /archive/{timestamp}/https://example.com/a
// on the replay origin, with the page's own capture time (the replay
// server then picks the nearest capture of each). Only http and https
// URLs are rewritten; fragments, data:, mailto: and javascript: URLs are
// left as they are. Stylesheets get the same treatment for url(...) and
// @import, in text/css responses, <style> elements and style attributes.
// URLs that scripts build are out of reach, but scripts never run here.

// urlAttrs lists the attributes that hold one URL, by tag.
var urlAttrs = map[atom.Atom][]string{
	atom.A:      {"href"},
	atom.Area:   {"href"},
	atom.Link:   {"href"},
	atom.Base:   {"href"},
	atom.Img:    {"src"},
	atom.Script: {"src"},
	atom.Iframe: {"src"},
	atom.Frame:  {"src"},
	atom.Embed:  {"src"},
	atom.Source: {"src"},
	atom.Audio:  {"src"},
	atom.Video:  {"src", "poster"},
	atom.Track:  {"src"},
	atom.Input:  {"src", "formaction"},
	atom.Button: {"formaction"},
	atom.Form:   {"action"},
	atom.Object: {"data"},
	atom.Body:   {"background"},
	atom.Table:  {"background"},
	atom.Td:     {"background"},
}

// rewriteURL resolves ref against base and returns its archive path at t.
// ok is false for anything that is not an http(s) URL, which is left alone.
func rewriteURL(base, ref string, t time.Time) (string, bool) {
	ref = strings.TrimSpace(ref)
	if ref == "" || strings.HasPrefix(ref, "#") {
		return "", false
	}
	b, err := url.Parse(base)
	if err != nil {
		return "", false
	}
	u, err := b.Parse(ref)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return "", false
	}
	return archivePath(t, u.String()), true
}

// rewriteSrcset rewrites each URL of a srcset attribute ("a.jpg 1x, b.jpg 2x").
func rewriteSrcset(base, v string, t time.Time) string {
	parts := strings.Split(v, ",")
	for i, p := range parts {
		fields := strings.Fields(p)
		if len(fields) == 0 {
			continue
		}
		if u, ok := rewriteURL(base, fields[0], t); ok {
			fields[0] = u
		}
		parts[i] = strings.Join(fields, " ")
	}
	return strings.Join(parts, ", ")
}

// rewriteRefresh rewrites the URL of a <meta http-equiv=refresh> content
// value ("5; url=https://example.com/").
func rewriteRefresh(base, v string, t time.Time) string {
	delay, rest, ok := strings.Cut(v, ";")
	if !ok {
		return v
	}
	rest = strings.TrimSpace(rest)
	if len(rest) < 4 || !strings.EqualFold(rest[:4], "url=") {
		return v
	}
	target := strings.Trim(strings.TrimSpace(rest[4:]), `'"`)
	u, ok := rewriteURL(base, target, t)
	if !ok {
		return v
	}
	return delay + "; url=" + u
}

// rewriteHTML rewrites the links of an HTML page captured from pageURL at
// t. It streams tokens and re-serialises only the tags it changes, so the
// rest of the page (and its character encoding) is kept byte for byte.
// A <base href> changes how later relative links resolve, as in a browser.
func rewriteHTML(page []byte, pageURL string, t time.Time) []byte {
	var out bytes.Buffer
	out.Grow(len(page) + len(page)/8)
	z := html.NewTokenizer(bytes.NewReader(page))
	base := pageURL
	inStyle := false // the next text token is the content of a <style> element
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			if z.Err() != io.EOF {
				// The tokenizer gives up only on read errors, which a
				// bytes.Reader does not have; keep whatever is left.
				out.Write(z.Raw())
			}
			return out.Bytes()
		}
		raw := z.Raw()
		if tt == html.TextToken && inStyle {
			out.Write(rewriteCSS(raw, base, t))
			continue
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			if tt == html.EndTagToken {
				inStyle = false
			}
			out.Write(raw)
			continue
		}
		// Token unescapes attribute values in place, in the buffer Raw
		// points into, so keep a copy of the tag as written first.
		raw = bytes.Clone(raw)
		tok := z.Token()
		inStyle = tok.DataAtom == atom.Style && tt == html.StartTagToken
		if !rewriteTag(&tok, &base, pageURL, t) {
			out.Write(raw)
			continue
		}
		out.WriteString(tok.String())
	}
}

// rewriteTag rewrites the URL attributes of one start tag and reports
// whether it changed anything. base is the current base URL for relative
// links; a <base href> updates it.
func rewriteTag(tok *html.Token, base *string, pageURL string, t time.Time) bool {
	changed := false
	names := urlAttrs[tok.DataAtom]
	isRefresh := tok.DataAtom == atom.Meta && strings.EqualFold(attr(tok, "http-equiv"), "refresh")
	for i := range tok.Attr {
		a := &tok.Attr[i]
		key := strings.ToLower(a.Key)
		switch {
		case key == "srcset" && (tok.DataAtom == atom.Img || tok.DataAtom == atom.Source):
			if v := rewriteSrcset(*base, a.Val, t); v != a.Val {
				a.Val, changed = v, true
			}
		case key == "style":
			if v := string(rewriteCSS([]byte(a.Val), *base, t)); v != a.Val {
				a.Val, changed = v, true
			}
		case isRefresh && key == "content":
			if v := rewriteRefresh(*base, a.Val, t); v != a.Val {
				a.Val, changed = v, true
			}
		case slices.Contains(names, key):
			if tok.DataAtom == atom.Base && key == "href" {
				if b, err := url.Parse(pageURL); err == nil {
					if u, err := b.Parse(strings.TrimSpace(a.Val)); err == nil {
						*base = u.String()
					}
				}
			}
			if u, ok := rewriteURL(*base, a.Val, t); ok {
				a.Val, changed = u, true
			}
		}
	}
	return changed
}

func attr(tok *html.Token, name string) string {
	for _, a := range tok.Attr {
		if strings.EqualFold(a.Key, name) {
			return a.Val
		}
	}
	return ""
}

// cssURL matches url(...) references and @import strings in CSS.
var cssURL = regexp.MustCompile(`(?i)(url\(\s*)(['"]?)([^'"()\s]+)(['"]?\s*\))|(@import\s+)(['"])([^'"]+)(['"])`)

// rewriteCSS rewrites the url(...) and @import references of a stylesheet
// (or a style attribute) captured from base at t.
func rewriteCSS(css []byte, base string, t time.Time) []byte {
	return cssURL.ReplaceAllFunc(css, func(m []byte) []byte {
		sub := cssURL.FindSubmatch(m)
		if len(sub[3]) > 0 {
			u, ok := rewriteURL(base, string(sub[3]), t)
			if !ok {
				return m
			}
			return []byte(string(sub[1]) + string(sub[2]) + u + string(sub[4]))
		}
		u, ok := rewriteURL(base, string(sub[7]), t)
		if !ok {
			return m
		}
		return []byte(string(sub[5]) + string(sub[6]) + u + string(sub[8]))
	})
}
