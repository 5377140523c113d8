package web

import (
	"context"
	"fmt"
	"io"
	"net/http"
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
// "Authorization: Bearer TOKEN" (requireAdmin); one backup runs at a time.
func (s *server) apiBackup(w http.ResponseWriter, r *http.Request) {
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
