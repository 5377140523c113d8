package web

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/gazette-news/gazette/search"
)

// WACZExporter writes a WACZ (see archive/wacz) of the given articles and
// the archived captures they were extracted from, as `gazette export
// --wacz --query` does, titled title. It selects what to copy before it
// writes the first byte, so that a failure to select is still an error
// response; cmd/gazette implements it on the archive.
type WACZExporter func(ctx context.Context, w io.Writer, articles []search.Hit, title string) error

// maxAdminForm bounds the form body of an admin export request.
const maxAdminForm = 64 << 10

// apiExportWACZ answers POST /api/v1/export/wacz with a WACZ of the
// articles of a search (the search page's parameters, in the URL or the
// form body; at most Config.ExportLimit articles, with the export headers
// of export.go). It needs the admin token, either as
// "Authorization: Bearer TOKEN" or, for the form on the results page, as
// the form field "token" of a POST body (never in the URL, where logs and
// history would keep it). One WACZ export runs at a time.
func (s *server) apiExportWACZ(w http.ResponseWriter, r *http.Request) {
	if s.adminToken == "" || s.exportWACZ == nil {
		s.writeJSONError(w, r, http.StatusForbidden, codeForbidden,
			"WACZ export is disabled: start the server with an admin token (--admin-token or GAZETTE_ADMIN_TOKEN)")
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxAdminForm)
	if err := r.ParseForm(); err != nil {
		s.writeJSONError(w, r, http.StatusBadRequest, codeBadRequest, "the body must be a form of at most 64 KiB: "+err.Error())
		return
	}
	if !s.adminTokenSent(r) {
		w.Header().Set("WWW-Authenticate", `Bearer realm="gazette"`)
		s.writeJSONError(w, r, http.StatusUnauthorized, codeUnauthorized,
			`this endpoint needs the admin token, in an "Authorization: Bearer TOKEN" header or a "token" form field`)
		return
	}
	req, err := parseRequest(r.Form)
	if err == nil {
		err = s.checkPlaces(&req)
	}
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	select {
	case s.waczSlot <- struct{}{}:
		defer func() { <-s.waczSlot }()
	default:
		s.writeJSONError(w, r, http.StatusConflict, codeConflict, "another WACZ export is running; try again when it is done")
		return
	}

	req.Sort = "oldest"
	run, err := s.startExport(r.Context(), req)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	if run.Total() == 0 {
		s.writeJSONError(w, r, http.StatusNotFound, codeNotFound, "no article matches this search")
		return
	}
	var hits []search.Hit
	if err := run.each(r.Context(), func(h search.Hit) error { hits = append(hits, h); return nil }); err != nil {
		s.apiError(w, r, err)
		return
	}
	title, _ := s.describeSearch(req, hits)
	out := &firstWrite{w: extendWrites(w, s.limits.WriteTimeout), before: func(h http.Header) {
		h.Set("Content-Type", "application/zip")
		h.Set("Content-Disposition", attachment(req, "wacz"))
		h.Set("Cache-Control", "no-store")
		run.setHeaders(h)
	}}
	err = s.exportWACZ(r.Context(), out, hits, "Gazette export: "+title)
	switch {
	case err != nil && !out.wrote:
		s.apiError(w, r, fmt.Errorf("wacz export: %w", err))
	case err != nil:
		s.logFault(r, fmt.Errorf("wacz export: %w", err))
		panic(http.ErrAbortHandler) // a broken download, not a short file
	}
}

// adminTokenSent reports whether the request carries the admin token, as a
// bearer token or a POST form field.
func (s *server) adminTokenSent(r *http.Request) bool {
	token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok {
		token = r.PostForm.Get("token")
	}
	return s.isAdminToken(token)
}

// firstWrite sends the status and headers with the first byte written,
// so that a writer that fails before it writes leaves the response free
// for an error.
type firstWrite struct {
	w      http.ResponseWriter
	before func(http.Header)
	wrote  bool
}

func (f *firstWrite) Write(p []byte) (int, error) {
	if !f.wrote {
		f.wrote = true
		f.before(f.w.Header())
		f.w.WriteHeader(http.StatusOK)
	}
	return f.w.Write(p)
}
