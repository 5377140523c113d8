package web

import (
	"context"
	"net/http"
	"time"

	"github.com/gazette-news/gazette/buildinfo"
)

// ReadyCheck is one check of /readyz, such as "the index answers" or "the
// archive takes new captures". Check returns nil when all is well; its
// error message is shown to the caller, so it should say what is wrong
// without secrets.
type ReadyCheck struct {
	Name  string
	Check func(ctx context.Context) error
}

// readyTimeout bounds the time all readiness checks may take together.
const readyTimeout = 5 * time.Second

// healthBody is the answer of /healthz: the server is up, and which build
// it is.
type healthBody struct {
	Status string `json:"status"` // always "ok"
	buildinfo.Info
}

// healthz answers GET /healthz (liveness): 200 as long as the process
// serves HTTP at all. It touches neither the index nor the archive.
func (s *server) healthz(w http.ResponseWriter, r *http.Request) {
	s.writeJSON(w, r, http.StatusOK, healthBody{Status: "ok", Info: s.version})
}

// checkResult is one check in the answer of /readyz.
type checkResult struct {
	Name    string `json:"name"`
	Status  string `json:"status"`            // "ok" or "failed"
	Message string `json:"message,omitempty"` // what failed
}

// readyBody is the answer of /readyz. When a check fails it carries the
// usual error object too, so it reads like any other API error.
type readyBody struct {
	Status string        `json:"status"` // "ready" or "unavailable"
	Checks []checkResult `json:"checks"`
	Error  *errorDetail  `json:"error,omitempty"`
}

// readyz answers GET /readyz (readiness): 200 when every check passes
// (the index answers, the archive takes new captures), else 503 saying
// which failed.
func (s *server) readyz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), readyTimeout)
	defer cancel()
	body := readyBody{Status: "ready", Checks: []checkResult{}}
	status := http.StatusOK
	for _, c := range s.ready {
		res := checkResult{Name: c.Name, Status: "ok"}
		if err := c.Check(ctx); err != nil {
			res.Status, res.Message = "failed", err.Error()
			if body.Error == nil {
				body.Error = &errorDetail{Code: codeUnavailable, Message: c.Name + ": " + err.Error()}
			}
			body.Status, status = "unavailable", http.StatusServiceUnavailable
		}
		body.Checks = append(body.Checks, res)
	}
	s.writeJSON(w, r, status, body)
}
