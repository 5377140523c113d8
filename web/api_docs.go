package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"html/template"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// The /api page renders openAPIDocument for people, on the server, with
// plain html/template: no script and nothing loaded from elsewhere. It
// reads only the parts of OpenAPI that document uses.

// oasDoc is the part of an OpenAPI document the page shows.
type oasDoc struct {
	Info struct {
		Title, Version, Summary, Description string
	}
	Tags       []struct{ Name, Description string }
	Paths      ordered[map[string]json.RawMessage]
	Components struct {
		Schemas    ordered[*oasSchema]
		Parameters map[string]*oasParam
		Responses  map[string]*oasResponse
	}
}

type oasSchema struct {
	Ref         string `json:"$ref"`
	Type        any    // a type name or a list of them
	Format      string
	Description string
	Enum        []any
	Const       any
	Default     any
	Minimum     *float64
	Maximum     *float64
	MaxLength   *int
	Pattern     string
	Items       *oasSchema
	Properties  ordered[*oasSchema]
	Required    []string
}

type oasParam struct {
	Ref         string `json:"$ref"`
	Name, In    string
	Description string
	Required    bool
	Schema      *oasSchema
	Example     any
}

type oasMedia struct {
	Schema  *oasSchema
	Example any
}

type oasResponse struct {
	Ref         string `json:"$ref"`
	Description string
	Headers     map[string]struct{ Description string }
	Content     ordered[oasMedia]
}

type oasOperation struct {
	Tags        []string
	OperationID string `json:"operationId"`
	Summary     string
	Description string
	Parameters  []*oasParam
	RequestBody *struct {
		Required bool
		Content  ordered[oasMedia]
	} `json:"requestBody"`
	Responses ordered[*oasResponse]
	Security  []map[string][]string
}

// ordered is a JSON object that remembers the order of its keys, so the
// page lists properties and content types as the document writes them.
type ordered[T any] struct {
	Keys   []string
	Values map[string]T
}

func (o *ordered[T]) UnmarshalJSON(b []byte) error {
	if err := json.Unmarshal(b, &o.Values); err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	if _, err := dec.Token(); err != nil { // {
		return err
	}
	for dec.More() {
		k, err := dec.Token()
		if err != nil {
			return err
		}
		o.Keys = append(o.Keys, k.(string))
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return err
		}
	}
	return nil
}

// apiDocsPage is the data of api.html.
type apiDocsPage struct {
	layout
	Title, Version, Summary string
	Description             template.HTML
	Groups                  []apiGroup
	Schemas                 []apiSchema
}

type apiGroup struct {
	Name        string
	Description template.HTML
	Operations  []apiOperation
}

type apiOperation struct {
	ID, Method, Path, Summary string
	Description               template.HTML
	Admin                     bool
	Params                    []apiParam
	Body                      *apiBody
	Responses                 []apiResponse
}

type apiParam struct {
	Name, In, Type, Example string
	Required                bool
	Description             template.HTML
}

type apiBody struct {
	ContentTypes []string
	Type         template.HTML
	Example      string
}

type apiResponse struct {
	Status       string
	Description  template.HTML
	ContentTypes []string
	Type         template.HTML
	Headers      []string
	Example      string
	Error        bool
}

type apiSchema struct {
	Name        string
	Description template.HTML
	Props       []apiProp
}

type apiProp struct {
	Name        string
	Type        template.HTML
	Required    bool
	Description template.HTML
}

// httpMethods are the operation keys of a path item, in the order the page
// lists them.
var httpMethods = []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}

// newAPIDocsPage reads doc into the page's data.
func newAPIDocsPage(doc []byte) (*apiDocsPage, error) {
	var d oasDoc
	if err := json.Unmarshal(doc, &d); err != nil {
		return nil, fmt.Errorf("reading the OpenAPI document: %w", err)
	}
	p := &apiDocsPage{
		layout:      layout{Title: "JSON API"},
		Title:       d.Info.Title,
		Version:     d.Info.Version,
		Summary:     d.Info.Summary,
		Description: codeSpans(d.Info.Description),
	}
	group := map[string]int{} // tag → index in p.Groups
	for _, t := range d.Tags {
		group[t.Name] = len(p.Groups)
		p.Groups = append(p.Groups, apiGroup{Name: t.Name, Description: codeSpans(t.Description)})
	}
	for _, path := range d.Paths.Keys {
		item := d.Paths.Values[path]
		for _, m := range httpMethods {
			raw, ok := item[m]
			if !ok {
				continue
			}
			var op oasOperation
			if err := json.Unmarshal(raw, &op); err != nil {
				return nil, fmt.Errorf("%s %s: %w", m, path, err)
			}
			view, err := d.operation(strings.ToUpper(m), path, op)
			if err != nil {
				return nil, err
			}
			tag := "other"
			if len(op.Tags) > 0 {
				tag = op.Tags[0]
			}
			i, ok := group[tag]
			if !ok {
				i = len(p.Groups)
				group[tag] = i
				p.Groups = append(p.Groups, apiGroup{Name: tag})
			}
			p.Groups[i].Operations = append(p.Groups[i].Operations, view)
		}
	}
	p.Groups = slices.DeleteFunc(p.Groups, func(g apiGroup) bool { return len(g.Operations) == 0 })
	for _, name := range d.Components.Schemas.Keys {
		sc := d.Components.Schemas.Values[name]
		s := apiSchema{Name: name, Description: codeSpans(sc.Description)}
		for _, pn := range sc.Properties.Keys {
			ps := sc.Properties.Values[pn]
			s.Props = append(s.Props, apiProp{Name: pn, Type: schemaType(ps), Required: slices.Contains(sc.Required, pn), Description: codeSpans(ps.Description)})
		}
		p.Schemas = append(p.Schemas, s)
	}
	return p, nil
}

// operation turns one operation into its view, resolving the parameters
// and responses it takes from the components.
func (d *oasDoc) operation(method, path string, op oasOperation) (apiOperation, error) {
	v := apiOperation{ID: op.OperationID, Method: method, Path: path, Summary: op.Summary,
		Description: codeSpans(op.Description), Admin: len(op.Security) > 0}
	for _, prm := range op.Parameters {
		if prm.Ref != "" {
			prm = d.Components.Parameters[strings.TrimPrefix(prm.Ref, "#/components/parameters/")]
			if prm == nil {
				return v, fmt.Errorf("%s %s: unknown parameter", method, path)
			}
		}
		ap := apiParam{Name: prm.Name, In: prm.In, Required: prm.Required, Description: codeSpans(prm.Description)}
		if prm.Schema != nil {
			ap.Type = string(schemaType(prm.Schema))
		}
		if prm.Example != nil {
			ap.Example = exampleText(prm.Example)
		}
		v.Params = append(v.Params, ap)
	}
	if rb := op.RequestBody; rb != nil {
		b := &apiBody{ContentTypes: rb.Content.Keys}
		if len(rb.Content.Keys) > 0 {
			m := rb.Content.Values[rb.Content.Keys[0]]
			b.Type, b.Example = schemaType(m.Schema), exampleText(m.Example)
		}
		v.Body = b
	}
	statuses := slices.Clone(op.Responses.Keys)
	slices.Sort(statuses)
	for _, status := range statuses {
		r := op.Responses.Values[status]
		if r.Ref != "" {
			r = d.Components.Responses[strings.TrimPrefix(r.Ref, "#/components/responses/")]
			if r == nil {
				return v, fmt.Errorf("%s %s %s: unknown response", method, path, status)
			}
		}
		ar := apiResponse{Status: status, Description: codeSpans(r.Description), ContentTypes: r.Content.Keys, Error: status >= "400"}
		for h := range r.Headers {
			ar.Headers = append(ar.Headers, h)
		}
		slices.Sort(ar.Headers)
		if len(r.Content.Keys) > 0 {
			m := r.Content.Values[r.Content.Keys[0]]
			ar.Type = schemaType(m.Schema)
			if m.Example != nil {
				ar.Example = exampleText(m.Example)
			}
		}
		v.Responses = append(v.Responses, ar)
	}
	return v, nil
}

// schemaType describes a schema in a few words, linking named schemas to
// their table: "array of Hit", "string (date-time) or null", "one of
// relevance, newest, oldest".
func schemaType(s *oasSchema) template.HTML {
	if s == nil {
		return ""
	}
	if name, ok := strings.CutPrefix(s.Ref, "#/components/schemas/"); ok {
		return template.HTML(`<a href="#schema-` + html.EscapeString(name) + `">` + html.EscapeString(name) + `</a>`)
	}
	var types []string
	switch t := s.Type.(type) {
	case string:
		types = []string{t}
	case []any:
		for _, x := range t {
			types = append(types, fmt.Sprint(x))
		}
	}
	var parts []string
	for _, t := range types {
		switch {
		case t == "array" && s.Items != nil:
			parts = append(parts, "array of "+string(schemaType(s.Items)))
		case t == "null":
			parts = append(parts, "null")
		case s.Format != "":
			parts = append(parts, html.EscapeString(t+" ("+s.Format+")"))
		default:
			parts = append(parts, html.EscapeString(t))
		}
	}
	out := strings.Join(parts, " or ")
	if len(s.Enum) > 0 {
		var vals []string
		for _, e := range s.Enum {
			vals = append(vals, "<code>"+html.EscapeString(fmt.Sprint(e))+"</code>")
		}
		out += ": one of " + strings.Join(vals, ", ")
	}
	if s.Const != nil {
		out += ": always <code>" + html.EscapeString(fmt.Sprint(s.Const)) + "</code>"
	}
	var limits []string
	if s.Minimum != nil {
		limits = append(limits, "≥ "+strconv.FormatFloat(*s.Minimum, 'f', -1, 64))
	}
	if s.Maximum != nil {
		limits = append(limits, "≤ "+strconv.FormatFloat(*s.Maximum, 'f', -1, 64))
	}
	if s.MaxLength != nil {
		limits = append(limits, "at most "+strconv.Itoa(*s.MaxLength)+" characters")
	}
	if s.Default != nil {
		limits = append(limits, "default <code>"+html.EscapeString(fmt.Sprint(s.Default))+"</code>")
	}
	if len(limits) > 0 {
		out += " (" + strings.Join(limits, ", ") + ")"
	}
	return template.HTML(out)
}

// exampleText shows an example value: strings as they are, anything else
// as indented JSON.
func exampleText(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// codeSpans escapes text and turns its `backquoted` parts into <code>, the
// only markup the document's descriptions use.
func codeSpans(s string) template.HTML {
	var b strings.Builder
	for i, part := range strings.Split(s, "`") {
		if i%2 == 1 {
			b.WriteString("<code>" + html.EscapeString(part) + "</code>")
		} else {
			b.WriteString(html.EscapeString(part))
		}
	}
	return template.HTML(b.String())
}

// apiDocs serves GET /api: the OpenAPI document as an HTML page.
func (s *server) apiDocs(w http.ResponseWriter, r *http.Request) {
	p := *s.apiPage
	p.layout.Credits = s.credits
	s.render(w, r, http.StatusOK, s.pages.api, p)
}
