package web

import (
	"bufio"
	"encoding/xml"
	"fmt"
	"io"
	"net/url"
	"time"
)

// The Atom 1.0 feed of a search (RFC 4287), which is also an OpenSearch
// response: it says how many articles match in total.

const (
	atomNS       = "http://www.w3.org/2005/Atom"
	openSearchNS = "http://a9.com/-/spec/opensearch/1.1/"
)

type atomFeed struct {
	XMLName   xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	ID        string      `xml:"id"`
	Title     string      `xml:"title"`
	Subtitle  string      `xml:"subtitle,omitempty"`
	Updated   string      `xml:"updated"`
	Links     []atomLink  `xml:"link"`
	Author    atomPerson  `xml:"author"`
	Generator string      `xml:"generator"`
	Total     uint64      `xml:"http://a9.com/-/spec/opensearch/1.1/ totalResults"`
	Start     int         `xml:"http://a9.com/-/spec/opensearch/1.1/ startIndex"`
	PerPage   int         `xml:"http://a9.com/-/spec/opensearch/1.1/ itemsPerPage"`
	Query     atomOSQuery `xml:"http://a9.com/-/spec/opensearch/1.1/ Query"`
	Entries   []atomEntry `xml:"entry"`
}

type atomOSQuery struct {
	Role        string `xml:"role,attr"`
	SearchTerms string `xml:"searchTerms,attr,omitempty"`
}

type atomLink struct {
	Rel      string `xml:"rel,attr"`
	Type     string `xml:"type,attr,omitempty"`
	Href     string `xml:"href,attr"`
	Title    string `xml:"title,attr,omitempty"`
	HrefLang string `xml:"hreflang,attr,omitempty"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomText struct {
	Type  string `xml:"type,attr"`
	Value string `xml:",chardata"`
}

type atomCategory struct {
	Term   string `xml:"term,attr"`
	Scheme string `xml:"scheme,attr,omitempty"`
	Label  string `xml:"label,attr,omitempty"`
}

// atomSource names the site an entry was published on.
type atomSource struct {
	Title string     `xml:"title"`
	Links []atomLink `xml:"link,omitempty"`
}

type atomEntry struct {
	Lang       string         `xml:"http://www.w3.org/XML/1998/namespace lang,attr,omitempty"`
	ID         string         `xml:"id"`
	Title      string         `xml:"title"`
	Links      []atomLink     `xml:"link"`
	Published  string         `xml:"published,omitempty"`
	Updated    string         `xml:"updated"`
	Authors    []atomPerson   `xml:"author,omitempty"`
	Categories []atomCategory `xml:"category,omitempty"`
	Summary    *atomText      `xml:"summary,omitempty"`
	Source     *atomSource    `xml:"source,omitempty"`
}

// writeAtom writes f as an Atom feed. Each entry links to the article
// page (alternate) and to the original (via); the site is the entry's
// source, the author its author, each place a category whose term is the
// place id in the place API's scheme and whose label is its name, and the
// search snippet its HTML summary.
func writeAtom(w io.Writer, f *feed) error {
	base, _, _ := cutPath(f.Self)
	af := atomFeed{
		ID:        f.Self,
		Title:     f.Title,
		Subtitle:  f.Description,
		Updated:   atomTime(f.Updated),
		Author:    atomPerson{Name: "Gazette"},
		Generator: "Gazette",
		Total:     f.Total,
		Start:     1,
		PerPage:   feedSize,
		Query:     atomOSQuery{Role: "request", SearchTerms: f.Query},
		Links: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: f.Self},
			{Rel: "alternate", Type: "text/html", Href: f.Home},
			{Rel: "alternate", Type: "application/feed+json", Href: swapExt(f.Self, "json")},
			{Rel: "search", Type: "application/opensearchdescription+xml", Href: base + "/opensearch.xml", Title: "Gazette"},
		},
	}
	for _, it := range f.Items {
		e := atomEntry{
			Lang:    it.Lang,
			ID:      it.Page,
			Title:   it.Title,
			Updated: atomTime(it.Updated),
			Links: []atomLink{
				{Rel: "alternate", Type: "text/html", Href: it.Page},
				{Rel: "via", Type: "text/html", Href: it.Original, Title: "Original article", HrefLang: it.Lang},
			},
		}
		if it.Published != nil {
			e.Published = atomTime(*it.Published)
		}
		if it.Author != "" {
			e.Authors = []atomPerson{{Name: it.Author}}
		}
		for _, p := range it.Places {
			e.Categories = append(e.Categories, atomCategory{Term: p.ID, Label: p.Name, Scheme: base + "/api/v1/places/"})
		}
		if it.Snippet != "" {
			e.Summary = &atomText{Type: "html", Value: string(it.Snippet)}
		}
		if it.Site != "" {
			e.Source = &atomSource{Title: it.Site}
			if origin := originOf(it.Original); origin != "" {
				e.Source.Links = []atomLink{{Rel: "alternate", Type: "text/html", Href: origin + "/"}}
			}
		}
		af.Entries = append(af.Entries, e)
	}
	bw := bufio.NewWriter(w)
	bw.WriteString(xml.Header)
	enc := xml.NewEncoder(bw)
	enc.Indent("", "  ")
	if err := enc.Encode(af); err != nil {
		return fmt.Errorf("atom feed: %w", err)
	}
	bw.WriteString("\n")
	return bw.Flush()
}

// atomTime formats a time as RFC 3339, as Atom dates are.
func atomTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// cutPath splits an absolute URL into its scheme and host, and the rest.
func cutPath(abs string) (base, rest string, ok bool) {
	u, err := url.Parse(abs)
	if err != nil || u.Host == "" {
		return "", abs, false
	}
	return u.Scheme + "://" + u.Host, u.RequestURI(), true
}

// swapExt turns the URL of one feed format into the other's.
func swapExt(feedURL, ext string) string {
	u, err := url.Parse(feedURL)
	if err != nil {
		return feedURL
	}
	u.Path = "/feed." + ext
	return u.String()
}

// originOf is the scheme and host of an http(s) URL, "" for any other.
func originOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	return u.Scheme + "://" + u.Host
}
