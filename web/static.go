package web

import (
	"bytes"
	"embed"
	"net/http"
	"path"
	"time"

	"github.com/gorilla/mux"
)

//go:embed static
var staticFS embed.FS

// static serves the embedded stylesheet and other assets at /static/{name}.
func (s *server) static(w http.ResponseWriter, r *http.Request) {
	name := mux.Vars(r)["name"]
	data, err := staticFS.ReadFile(path.Join("static", path.Clean("/" + name)[1:]))
	if err != nil {
		s.notFound(w, r)
		return
	}
	w.Header().Set("Cache-Control", "public, max-age=3600")
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(data))
}
