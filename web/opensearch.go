package web

import (
	"bufio"
	"encoding/xml"
	"fmt"
	"net/http"
)

// The OpenSearch description at /opensearch.xml lets a browser add Gazette
// as a search engine (every page links it with rel="search"): where to
// send a search for a results page, for an Atom feed of results and for
// suggestions as the reader types. Browsers want absolute URLs, so the
// document names the address it was asked at.

// openSearchShortName is the engine's name in the browser; OpenSearch
// allows at most 16 characters.
const openSearchShortName = "Gazette"

type openSearchDescription struct {
	XMLName        xml.Name        `xml:"http://a9.com/-/spec/opensearch/1.1/ OpenSearchDescription"`
	ShortName      string          `xml:"ShortName"`
	Description    string          `xml:"Description"`
	Tags           string          `xml:"Tags"`
	URLs           []openSearchURL `xml:"Url"`
	Image          openSearchImage `xml:"Image"`
	Query          openSearchQuery `xml:"Query"`
	Attribution    string          `xml:"Attribution"`
	Syndication    string          `xml:"SyndicationRight"`
	AdultContent   string          `xml:"AdultContent"`
	Language       string          `xml:"Language"`
	InputEncoding  string          `xml:"InputEncoding"`
	OutputEncoding string          `xml:"OutputEncoding"`
	SearchForm     string          `xml:"http://www.mozilla.org/2006/browser/search/ SearchForm"`
}

type openSearchURL struct {
	Type     string `xml:"type,attr"`
	Method   string `xml:"method,attr,omitempty"`
	Rel      string `xml:"rel,attr,omitempty"`
	Template string `xml:"template,attr"`
}

type openSearchImage struct {
	Width  int    `xml:"width,attr"`
	Height int    `xml:"height,attr"`
	Type   string `xml:"type,attr"`
	URL    string `xml:",chardata"`
}

type openSearchQuery struct {
	Role        string `xml:"role,attr"`
	SearchTerms string `xml:"searchTerms,attr"`
}

// openSearch serves GET /opensearch.xml.
func (s *server) openSearch(w http.ResponseWriter, r *http.Request) {
	base := baseURL(r)
	doc := openSearchDescription{
		ShortName:   openSearchShortName,
		Description: "Search the articles of this Gazette news archive, in any language, by words, places and dates.",
		Tags:        "news archive",
		URLs: []openSearchURL{
			{Type: "text/html", Method: "get", Template: base + "/?q={searchTerms}"},
			{Type: "application/atom+xml", Method: "get", Template: base + "/feed.atom?q={searchTerms}"},
			{Type: "application/x-suggestions+json", Method: "get", Template: base + "/api/v1/suggest?q={searchTerms}"},
			{Type: "application/opensearchdescription+xml", Rel: "self", Template: base + "/opensearch.xml"},
		},
		Image:          openSearchImage{Width: 16, Height: 16, Type: "image/svg+xml", URL: base + "/static/favicon.svg"},
		Query:          openSearchQuery{Role: "example", SearchTerms: "Kharkiv"},
		Attribution:    "Place data © GeoNames (geonames.org), CC BY 4.0.",
		Syndication:    "open",
		AdultContent:   "false",
		Language:       "*",
		InputEncoding:  "UTF-8",
		OutputEncoding: "UTF-8",
		SearchForm:     base + "/",
	}
	w.Header().Set("Content-Type", "application/opensearchdescription+xml; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=3600")
	if r.Method == http.MethodHead {
		return
	}
	bw := bufio.NewWriter(w)
	bw.WriteString(xml.Header)
	enc := xml.NewEncoder(bw)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		s.logFault(r, fmt.Errorf("opensearch.xml: %w", err))
		return
	}
	bw.WriteString("\n")
	bw.Flush()
}
