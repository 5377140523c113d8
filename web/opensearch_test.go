package web

import (
	"encoding/json"
	"encoding/xml"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// osDescription is what the test reads of an OpenSearch description,
// namespaces included, so that a wrong namespace fails.
type osDescription struct {
	XMLName       xml.Name
	ShortName     []osText `xml:"http://a9.com/-/spec/opensearch/1.1/ ShortName"`
	Description   []osText `xml:"http://a9.com/-/spec/opensearch/1.1/ Description"`
	InputEncoding string   `xml:"http://a9.com/-/spec/opensearch/1.1/ InputEncoding"`
	Image         []struct {
		Type string `xml:"type,attr"`
		URL  string `xml:",chardata"`
	} `xml:"http://a9.com/-/spec/opensearch/1.1/ Image"`
	URLs []struct {
		XMLName  xml.Name
		Type     string `xml:"type,attr"`
		Rel      string `xml:"rel,attr"`
		Method   string `xml:"method,attr"`
		Template string `xml:"template,attr"`
	} `xml:"Url"`
}

type osText struct {
	Inner string `xml:",innerxml"`
}

// TestOpenSearchDescription checks /opensearch.xml against the rules of
// the OpenSearch 1.1 description format, then follows every URL template
// to check that it answers with the type it declares.
func TestOpenSearchDescription(t *testing.T) {
	srv := newTestServer(t, Config{Places: newFakeGazetteer()})
	res := get(t, srv.URL+"/opensearch.xml")
	if res.Status != http.StatusOK {
		t.Fatalf("status %d", res.Status)
	}
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/opensearchdescription+xml") {
		t.Errorf("Content-Type %q", ct)
	}
	var d osDescription
	if err := xml.Unmarshal(res.Body, &d); err != nil {
		t.Fatalf("not XML: %v\n%s", err, res.Body)
	}
	if d.XMLName.Space != "http://a9.com/-/spec/opensearch/1.1/" || d.XMLName.Local != "OpenSearchDescription" {
		t.Errorf("root element %v, want OpenSearchDescription in the OpenSearch 1.1 namespace", d.XMLName)
	}
	// ShortName: exactly one, at most 16 characters, no markup.
	if len(d.ShortName) != 1 || d.ShortName[0].Inner == "" || utf8.RuneCountInString(d.ShortName[0].Inner) > 16 || strings.Contains(d.ShortName[0].Inner, "<") {
		t.Errorf("ShortName %+v: want one, of 1 to 16 characters, without markup", d.ShortName)
	}
	// Description: exactly one, at most 1024 characters, no markup.
	if len(d.Description) != 1 || d.Description[0].Inner == "" || utf8.RuneCountInString(d.Description[0].Inner) > 1024 || strings.Contains(d.Description[0].Inner, "<") {
		t.Errorf("Description %+v: want one, of 1 to 1024 characters, without markup", d.Description)
	}
	if d.InputEncoding != "UTF-8" {
		t.Errorf("InputEncoding %q, want UTF-8", d.InputEncoding)
	}
	if len(d.Image) != 1 || !strings.HasPrefix(d.Image[0].URL, srv.URL+"/") || d.Image[0].Type == "" {
		t.Errorf("Image %+v: want an absolute URL with a type", d.Image)
	}

	var types []string
	for _, u := range d.URLs {
		if u.XMLName.Space != "http://a9.com/-/spec/opensearch/1.1/" {
			t.Errorf("Url %s is in namespace %q", u.Type, u.XMLName.Space)
		}
		if u.Type == "" || u.Template == "" {
			t.Errorf("Url %+v lacks its type or template", u)
			continue
		}
		types = append(types, u.Type)
		if u.Method != "" && !strings.EqualFold(u.Method, "get") {
			t.Errorf("Url %s: method %q", u.Type, u.Method)
		}
		if u.Rel == "self" {
			if u.Template != srv.URL+"/opensearch.xml" {
				t.Errorf("self Url %q", u.Template)
			}
			continue
		}
		if !strings.Contains(u.Template, "{searchTerms}") {
			t.Errorf("Url %s: template %q has no {searchTerms}", u.Type, u.Template)
		}
		link := strings.ReplaceAll(u.Template, "{searchTerms}", url.QueryEscape("Izium"))
		if parsed, err := url.Parse(link); err != nil || !parsed.IsAbs() || !strings.HasPrefix(link, srv.URL+"/") {
			t.Errorf("Url %s: template %q is not an absolute URL of this server", u.Type, u.Template)
			continue
		}
		got := get(t, link)
		if got.Status != http.StatusOK || !strings.HasPrefix(got.Header.Get("Content-Type"), u.Type) {
			t.Errorf("GET %s: status %d, Content-Type %q; want 200 and %s", link, got.Status, got.Header.Get("Content-Type"), u.Type)
		}
	}
	for _, want := range []string{"text/html", "application/atom+xml", "application/x-suggestions+json"} {
		if !slices.Contains(types, want) {
			t.Errorf("no Url of type %s (types: %q)", want, types)
		}
	}

	// The address comes from the request, https behind a TLS proxy.
	res = doWith(t, http.MethodGet, srv.URL+"/opensearch.xml", nil, http.Header{"X-Forwarded-Proto": {"https"}})
	host := strings.TrimPrefix(srv.URL, "http://")
	if !strings.Contains(string(res.Body), `template="https://`+host+`/?q={searchTerms}"`) {
		t.Errorf("behind a TLS proxy, the HTML template is not https:\n%s", res.Body)
	}
}

// TestPagesLinkOpenSearch checks that every kind of page links the
// OpenSearch description, so the browser offers to add Gazette wherever
// the reader is.
func TestPagesLinkOpenSearch(t *testing.T) {
	srv := newTestServer(t, Config{})
	for _, c := range []struct {
		path   string
		status int
	}{
		{"/", http.StatusOK},
		{"/?q=Kharkiv", http.StatusOK},
		{"/?from=bad", http.StatusBadRequest},
		{"/articles/" + fixtureID(1), http.StatusOK},
		{"/no/such/page", http.StatusNotFound},
	} {
		doc := getPage(t, srv.URL+c.path, c.status)
		link := doc.Find(`head link[rel="search"]`)
		href, _ := link.Attr("href")
		typ, _ := link.Attr("type")
		title, _ := link.Attr("title")
		if link.Length() != 1 || href != "/opensearch.xml" || typ != "application/opensearchdescription+xml" || title == "" {
			t.Errorf("%s: rel=search link href=%q type=%q title=%q (%d links)", c.path, href, typ, title, link.Length())
		}
	}
}

// TestAPISuggest checks the OpenSearch suggestions: names of places the
// archive has articles about (any script) first, then titles, each once,
// within the limit.
func TestAPISuggest(t *testing.T) {
	srv := newTestServer(t, Config{Places: newFakeGazetteer()})
	for _, c := range []struct {
		query string
		typed string
		want  []string
	}{
		{"q=Izi", "Izi", []string{"Izium", "Engineers reopen the river bridge at Izium", "Road between Izium and Kharkiv reopens to traffic"}},
		{"q=%D0%86%D0%B7", "Із", []string{"Izium"}}, // "Із": the Ukrainian spelling finds the place
		{"q=road+betw", "road betw", []string{"Road between Izium and Kharkiv reopens to traffic"}},
		// No fixture article is about Kharkiv Oblast (they name no
		// ancestors), so the gazetteer's Kharkiv Oblast is left out.
		{"q=Kharkiv", "Kharkiv", []string{"Kharkiv", "Power restored to most of Kharkiv after repairs", "Road between Izium and Kharkiv reopens to traffic"}},
		{"q=ukr", "ukr", []string{"Ukraine"}},
		{"q=Izi&limit=1", "Izi", []string{"Izium"}},
		{"q=qqqq", "qqqq", []string{}},
		{"q=", "", []string{}},
	} {
		res := get(t, srv.URL+"/api/v1/suggest?"+c.query)
		if res.Status != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/x-suggestions+json") {
			t.Errorf("%s: status %d, Content-Type %q", c.query, res.Status, res.Header.Get("Content-Type"))
			continue
		}
		var body []json.RawMessage
		var typed string
		var got []string
		if err := json.Unmarshal(res.Body, &body); err != nil || len(body) != 2 ||
			json.Unmarshal(body[0], &typed) != nil || json.Unmarshal(body[1], &got) != nil || got == nil {
			t.Errorf("%s: %s is not [\"query\", [completions]]", c.query, res.Body)
			continue
		}
		if typed != c.typed {
			t.Errorf("%s: echoes %q, want %q", c.query, typed, c.typed)
		}
		slices.Sort(got[min(1, len(got)):]) // titles come by score; the place comes first
		want := slices.Clone(c.want)
		slices.Sort(want[min(1, len(want)):])
		if !slices.Equal(got, want) {
			t.Errorf("%s: %q, want %q", c.query, got, want)
		}
	}
	for _, bad := range []string{"q=x&limit=0", "q=x&limit=21", "q=x&limit=ten", "q=" + strings.Repeat("x", 101)} {
		var body errorBody
		getJSON(t, srv.URL+"/api/v1/suggest?"+bad, http.StatusBadRequest, &body)
		if body.Error.Code != codeBadRequest {
			t.Errorf("%s: %+v", bad, body)
		}
	}
}
