package web

import (
	"context"
	"crypto/subtle"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// BackupWriter writes a consistent backup of the data directory to w as a
// tar stream (see package backup); cmd/gazette implements it. It does its
// slow preparations before it writes the first byte, so that a failure
// there is still an error response.
type BackupWriter func(ctx context.Context, w io.Writer) error

// apiBackup answers POST /api/v1/backup with a backup of the data
// directory, taken while the server runs, as a tar stream that `gazette
// backup --server` unpacks and checks. It needs the admin token as
// "Authorization: Bearer TOKEN"; one backup runs at a time.
func (s *server) apiBackup(w http.ResponseWriter, r *http.Request) {
	if s.adminToken == "" || s.backup == nil {
		s.writeJSONError(w, r, http.StatusForbidden, codeForbidden,
			"backup through the server is disabled: start it with an admin token (--admin-token-file or GAZETTE_ADMIN_TOKEN)")
		return
	}
	token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok || subtle.ConstantTimeCompare([]byte(strings.TrimSpace(token)), []byte(s.adminToken)) != 1 {
		w.Header().Set("WWW-Authenticate", `Bearer realm="gazette"`)
		s.writeJSONError(w, r, http.StatusUnauthorized, codeUnauthorized, `this endpoint needs the admin token in an "Authorization: Bearer TOKEN" header`)
		return
	}
	select {
	case s.backupSlot <- struct{}{}:
		defer func() { <-s.backupSlot }()
	default:
		s.writeJSONError(w, r, http.StatusConflict, codeConflict, "another backup is running; try again when it is done")
		return
	}
	name := "gazette-backup-" + time.Now().UTC().Format("20060102T150405Z") + ".tar"
	out := &firstWrite{w: extendWrites(w, s.limits.WriteTimeout), before: func(h http.Header) {
		h.Set("Content-Type", "application/x-tar")
		h.Set("Content-Disposition", `attachment; filename="`+name+`"`)
		h.Set("Cache-Control", "no-store")
	}}
	err := s.backup(r.Context(), out)
	switch {
	case err != nil && !out.wrote:
		s.apiError(w, r, fmt.Errorf("backup: %w", err))
	case err != nil:
		s.logFault(r, fmt.Errorf("backup: %w", err))
		panic(http.ErrAbortHandler) // a broken stream, not a short backup
	}
}
