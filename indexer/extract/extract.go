// Package extract turns one captured page into a clean article: title,
// author, publication date, language, site name, canonical URL and the whole
// article text, with the page's boilerplate removed.
//
// Two kinds of input are handled. HTML pages are decoded (package decode),
// parsed, pre-cleaned (clean.Page), and handed to go-trafilatura for the main
// text; metadata comes from trafilatura, the page's own meta tags, JSON-LD
// and go-htmldate. Plain-text dumps of pages (optionally starting with a
// "date YYYY-MM-DD" line) are cleaned line by line (clean.Lines).
package extract

import (
	"bytes"
	"errors"
	"fmt"
	"mime"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/gazette-news/gazette/indexer/clean"
	"github.com/gazette-news/gazette/indexer/decode"
)

// Input is one captured page.
type Input struct {
	URL         string // where the page came from (may be a file path); used for dates in URLs, site name, relative links
	ContentType string // HTTP Content-Type as received, e.g. "text/html; charset=windows-1251"; "" if unknown
	Body        []byte
}

// Article is the clean article found in a page.
type Article struct {
	Title     string
	Author    string
	Text      string     // clean main text, paragraphs separated by "\n\n"
	Lang      string     // ISO 639-1 ("en", "ru", "uk", ...), detected from the text; the lang attribute is only a hint
	Published *time.Time // nil when unknown
	Modified  *time.Time // when the page says it was last updated; nil when it does not, or not after Published
	Image     string     // lead image (og:image, twitter:image, JSON-LD image) as an absolute URL; "" if none
	Site      string     // site name (og:site_name, else host without www.)
	Canonical string     // <link rel=canonical> or og:url, absolute; "" if none
	Charset   string     // charset used to decode
}

// ErrNoArticle is returned (possibly wrapped) when a page holds no article
// text: an empty or binary body, a media file, or a page of navigation only.
var ErrNoArticle = errors.New("no article found")

// minLetters is the least number of letters an article's text must have.
const minLetters = 40

// Extract runs decode → parse → clean.Page → go-trafilatura → metadata →
// language. Text inputs (Content-Type text/plain, or a body that is not
// HTML) go through the text-dump path instead. Title, author, site and
// text come out in Unicode NFC, so that a word typed one way matches the
// same word composed another way on the page.
//
// Errors wrap ErrNoArticle when there is nothing to extract; bad input never
// makes Extract panic.
func Extract(in Input) (Article, error) {
	if _, err := classify(in); err != nil {
		return Article{}, err
	}
	text, charset, err := decode.ToUTF8(in.Body, in.ContentType)
	if err != nil {
		return Article{}, fmt.Errorf("extract %s: %w", in.URL, err)
	}
	return FromText(in, text, charset)
}

// FromText is Extract for a page its caller has decoded already, with
// decode.ToUTF8 of in.Body and in.ContentType: text and the charset that
// gave it. The body is decoded once for everything that reads it.
func FromText(in Input, text, charset string) (Article, error) {
	kind, err := classify(in)
	if err != nil {
		return Article{}, err
	}
	if garbled(text) {
		return Article{}, fmt.Errorf("extract %s: %w: body is binary or garbled", in.URL, ErrNoArticle)
	}
	now := time.Now()
	var a Article
	if kind == kindHTML {
		a, err = fromHTML(text, in.URL, now)
	} else {
		a, err = fromText(text, in.URL, now)
	}
	if err != nil {
		return Article{}, fmt.Errorf("extract %s: %w", in.URL, err)
	}
	a.Charset = charset
	a.Title, a.Author, a.Site = norm.NFC.String(a.Title), norm.NFC.String(a.Author), norm.NFC.String(a.Site)
	a.Text = norm.NFC.String(dropHeader(a.Text, a.Title, a.Author))
	return a, nil
}

// dropHeader removes what pages print above the article body and the
// extractor keeps: the headline again as the first paragraph, and a byline
// line ("Автор: …", "By …") among the first paragraphs when it names the
// author. Title and Author are reported in their own fields.
func dropHeader(text, title, author string) string {
	paras := strings.Split(text, "\n\n")
	norm := clean.CollapseSpace
	if len(paras) > 1 && title != "" && norm(paras[0]) == norm(title) {
		paras = paras[1:]
	}
	for i := 0; i < len(paras) && i < 3 && len(paras) > 1; i++ {
		if author == "" || len(paras[i]) > 160 {
			continue
		}
		if m := bylineRe.FindStringSubmatch(norm(paras[i])); m != nil && m[1] == author {
			paras = append(paras[:i], paras[i+1:]...)
			break
		}
	}
	return strings.Join(paras, "\n\n")
}

type kind int

const (
	kindText kind = iota
	kindHTML
)

// classify decides between the HTML and the text-dump path from the
// declared media type, sniffing the body when the type is missing or
// generic. Media that cannot hold an article (images, PDFs, feeds) are
// rejected.
func classify(in Input) (kind, error) {
	if len(in.Body) == 0 {
		return 0, fmt.Errorf("extract %s: %w: empty body", in.URL, ErrNoArticle)
	}
	media := ""
	if in.ContentType != "" {
		m, _, err := mime.ParseMediaType(in.ContentType)
		if err != nil {
			m, _, _ = strings.Cut(strings.ToLower(in.ContentType), ";")
		}
		media = strings.TrimSpace(m)
	}
	switch {
	case media == "text/html" || media == "application/xhtml+xml":
		return kindHTML, nil
	case media == "text/plain":
		return kindText, nil
	case media == "", media == "application/octet-stream", media == "binary/octet-stream",
		strings.HasPrefix(media, "text/") && !strings.HasSuffix(media, "xml"):
		if looksLikeHTML(in.Body) {
			return kindHTML, nil
		}
		return kindText, nil
	}
	return 0, fmt.Errorf("extract %s: %w: content type %q", in.URL, ErrNoArticle, media)
}

// looksLikeHTML reports whether body holds HTML markup: it starts with
// one of the tags browsers sniff for (a page may open with a <style> block
// or a PHP warning in <br>/<b> tags), or its start holds common page tags,
// or its first 64 KB hold an <html>, <body> or doctype.
func looksLikeHTML(body []byte) bool {
	if sniffsAsHTML(body) {
		return true
	}
	head := body[:min(len(body), 4096)]
	s := strings.ToLower(string(head))
	for _, tag := range []string{"<!doctype html", "<html", "<head", "<body", "<meta", "<title", "<article", "<div", "<p>", "<p "} {
		if strings.Contains(s, tag) {
			return true
		}
	}
	s = strings.ToLower(string(body[:min(len(body), 64<<10)]))
	return strings.Contains(s, "<html") || strings.Contains(s, "<body") || strings.Contains(s, "<!doctype html")
}

// sniffTags are the tags that make a body HTML when it starts with one,
// after white space, as the WHATWG MIME sniffing standard lists them.
var sniffTags = []string{"<!doctype html", "<html", "<head", "<script", "<iframe", "<h1", "<div", "<font",
	"<table", "<a", "<style", "<title", "<b", "<body", "<br", "<p", "<!--"}

// sniffsAsHTML applies the WHATWG rule: the first non-space bytes are one
// of sniffTags followed by a space or ">".
func sniffsAsHTML(body []byte) bool {
	s := bytes.TrimLeft(body[:min(len(body), 512)], " \t\n\r\f")
	for _, tag := range sniffTags {
		if len(s) > len(tag) && bytes.EqualFold(s[:len(tag)], []byte(tag)) {
			if c := s[len(tag)]; c == ' ' || c == '>' || tag == "<!--" {
				return true
			}
		}
	}
	return false
}

// garbled reports whether decoded text is mostly not text: control
// characters or replacement characters from undecodable bytes.
func garbled(s string) bool {
	bad, total := 0, 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf { // ASCII, the bulk of most pages: no decoding
			if c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' || c == 0x7f {
				bad++
			}
			total++
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError || unicode.IsControl(r) {
			bad++
		}
		total++
		i += size
	}
	return bad*20 > total
}

// enoughText reports whether s has enough letters to be an article.
func enoughText(s string) bool {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			if n++; n >= minLetters {
				return true
			}
		}
	}
	return false
}
