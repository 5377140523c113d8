package web

import "net/http"

// helpPage is the data for help.html.
type helpPage struct {
	layout
}

// uiHelp serves the query language's help page at /help: what users may
// write in the search box, each form with an example search.
func (s *server) uiHelp(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, s.pages.help, helpPage{
		layout: layout{Title: "Search help", Credits: s.credits},
	})
}
