package web

import (
	"bytes"
	"embed"
	"html/template"
	"log/slog"
	"net/http"
)

//go:embed templates/*.html
var templateFS embed.FS

// pages holds one parsed template set per page; each set is the shared
// layout plus the page's own "content" block.
type pages struct {
	search, article, error *template.Template
	compare                *template.Template
	help                   *template.Template // the query language
	replay                 *template.Template // the banner and frame around a replayed capture
	api                    *template.Template // the API documentation
}

// mustParsePages parses every page with funcs, the functions the layout
// uses (version: the running build, for the footer).
func mustParsePages(funcs template.FuncMap) *pages {
	parse := func(names ...string) *template.Template {
		files := []string{"templates/layout.html"}
		for _, n := range names {
			files = append(files, "templates/"+n)
		}
		return template.Must(template.New("layout.html").Funcs(funcs).ParseFS(templateFS, files...))
	}
	return &pages{
		search:  parse("search.html", "search_tools.html", "timeline.html", "search_query.html", "search_empty.html", "search_map.html"),
		article: parse("article.html"),
		error:   parse("error.html"),
		compare: parse("compare.html"),
		help:    parse("help.html"),
		replay:  parse("replay.html"),
		api:     parse("api.html"),
	}
}

// layout is the data every page shares with layout.html.
type layout struct {
	Title   string // page title, before " · Gazette"
	Query   string // current query, shown in the header search box
	Credits string // extra attribution for the footer

	// SearchPage hides the header search box on the page that has its own.
	SearchPage bool
	// Feeds are the feeds of the page's search, linked as alternates; nil
	// on pages without one.
	Feeds *feedLinks
}

// render executes a page template into a buffer first, so a template error
// becomes a clean 500 instead of half a page.
func (s *server) render(w http.ResponseWriter, r *http.Request, status int, t *template.Template, data any) {
	var buf bytes.Buffer
	if err := t.Execute(&buf, data); err != nil {
		s.log.Error("rendering page", slog.String("path", r.URL.Path), slog.Any("err", err))
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusInternalServerError)
		w.Write([]byte("internal server error\n"))
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(buf.Bytes())
	}
}

// errorPage is the data for error.html.
type errorPage struct {
	layout
	Status  int
	Heading string
	Message string
}

// renderError shows a friendly HTML error page.
func (s *server) renderError(w http.ResponseWriter, r *http.Request, status int, heading, msg string) {
	s.render(w, r, status, s.pages.error, errorPage{
		layout:  layout{Title: heading, Credits: s.credits},
		Status:  status,
		Heading: heading,
		Message: msg,
	})
}
