package web

import (
	"bufio"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"runtime/debug"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Replay serves archived responses back to a browser. Archived pages are
// hostile content: whatever scripts they carry must never run with the
// application's origin, see its cookies or call its API. Three layers keep
// them out:
//
//  1. NewReplay is meant for its own listener, so archived documents live
//     on a different origin from the UI and the API (gazette serve puts it
//     on --replay-addr).
//  2. Every replay response carries Content-Security-Policy "sandbox" (no
//     allow-scripts, no allow-same-origin: an opaque origin, no scripts, no
//     forms, no popups), script-src 'none' and default-src 'self' (nothing
//     is loaded from outside the archive), plus nosniff.
//  3. The UI shows a capture inside <iframe sandbox> with a banner outside
//     the archived document.
//
// The archived response's own headers are not trusted: only a few that
// describe the body are passed on (see replayHeaderAllowlist), so
// Set-Cookie, CORS, HSTS, Refresh, Link and the page's own security
// headers are dropped. The replay server never reads request cookies.

// ArchivedResponse is one archived HTTP response as read back from the
// archive: the headers and the decoded body, as a stream, so that a record
// of any size is replayed with bounded memory. Body must not be nil; the
// replay closes it.
type ArchivedResponse struct {
	Status int
	Header http.Header
	Body   io.ReadCloser
	// Size is the length of Body, or -1 when it is known only at its end.
	Size int64
}

// maxRewrite is the largest HTML page or stylesheet the replay rewrites
// (and the largest body it reads whole before sending, with its length).
// Larger ones are streamed as archived: their links are not rewritten,
// but the replay origin's sandbox and Content-Security-Policy hold all the
// same, so nothing they link to is loaded from the live web. It bounds a
// replay's memory to a few times its size, whatever the record's.
const maxRewrite = 8 << 20

// replayCSP is the Content-Security-Policy of every replay response:
// sandboxed (no allow-scripts, no allow-same-origin), no scripts or
// plugins, and every other fetch limited to the replay origin itself, so
// whatever the link rewriter misses (SVG <image>, srcdoc frames, URLs in
// odd attributes) still cannot reach the live web.
const replayCSP = "sandbox; script-src 'none'; object-src 'none'; " +
	"default-src 'self' data: blob:; style-src 'self' 'unsafe-inline' data:; base-uri 'self'"

// replayHeaderAllowlist names the archived headers a replayed response
// keeps. Everything else is dropped.
var replayHeaderAllowlist = []string{"Content-Type", "Content-Language", "Last-Modified"}

// NewReplay returns the handler for the replay origin. It answers only
// GET and HEAD /archive/{timestamp}/{url} with the archived response of
// url nearest in time to timestamp, using cfg.Captures and cfg.Load;
// cfg.Search is not used. Serve it on its own listener, never on the
// origin of New's handler.
func NewReplay(cfg Config) http.Handler {
	logger := cfg.Logger
	if logger == nil {
		logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	s := &server{captures: cfg.Captures, load: cfg.Load, log: logger, limits: cfg.Limits.withDefaults()}
	notFound := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		replayError(w, r, http.StatusNotFound, "not found: the replay server only serves /archive/{timestamp}/{url}")
	})
	var h http.Handler = archivePaths(notFound, http.HandlerFunc(s.replayRaw))
	h = s.recoverReplayPanics(h)
	h = limitHeaders(h, s.limits.MaxHeaderBytes, func(w http.ResponseWriter, r *http.Request, status int, _, msg string) {
		replayError(w, r, status, msg)
	})
	h = replaySecurityHeaders(h)
	h = s.logRequests(h)
	return h
}

// recoverReplayPanics turns a panicking replay into a logged plain-text
// 500, like recoverPanics does for the UI (whose error pages this server
// does not have).
func (s *server) recoverReplayPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			v := recover()
			if v == nil {
				return
			}
			if err, ok := v.(error); ok && errors.Is(err, http.ErrAbortHandler) {
				panic(v)
			}
			s.log.Error("panic serving replay", slog.String("path", r.URL.Path), slog.Any("panic", v),
				slog.String("stack", string(debug.Stack())))
			replayError(w, r, http.StatusInternalServerError, "internal server error")
		}()
		next.ServeHTTP(w, r)
	})
}

// replaySecurityHeaders sets the sandboxing headers on every replay
// response, errors included.
func replaySecurityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", replayCSP)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cache-Control", "private, no-store")
		next.ServeHTTP(w, r)
	})
}

// archivePaths sends /archive/... requests to archive and everything else
// to next. It runs before the router so that the archived URL in the path
// reaches the handler as sent: gorilla/mux would clean "https://" down to
// "https:/" and redirect.
func archivePaths(next, archive http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/archive/") {
			archive.ServeHTTP(w, r)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// archiveRequest is a parsed /archive/{timestamp}/{url} request.
type archiveRequest struct {
	At  time.Time
	URL string
}

// parseArchiveRequest reads the timestamp and the archived URL from an
// /archive/ request. The URL is the rest of the path, still escaped as
// sent, plus the query string; "https:/host" (a path cleaned by a proxy)
// is repaired to "https://host".
func parseArchiveRequest(r *http.Request) (archiveRequest, error) {
	rest := strings.TrimPrefix(r.URL.EscapedPath(), "/archive/")
	ts, target, _ := strings.Cut(rest, "/")
	at, err := parseTimestamp(ts)
	if err != nil {
		return archiveRequest{}, err
	}
	if r.URL.RawQuery != "" {
		target += "?" + r.URL.RawQuery
	}
	for _, scheme := range []string{"http:/", "https:/"} {
		if strings.HasPrefix(target, scheme) && !strings.HasPrefix(target, scheme+"/") {
			target = scheme + "/" + strings.TrimPrefix(target, scheme)
		}
	}
	if target == "" {
		return archiveRequest{}, errors.New("no URL after the timestamp: want /archive/{timestamp}/{url}")
	}
	return archiveRequest{At: at, URL: target}, nil
}

// errNoCapture means the archive holds no capture of the URL.
var errNoCapture = errors.New("no capture of this URL in the archive")

// findCapture lists the captures of req.URL and picks the one nearest to
// req.At. It also returns them all, for the banner's timeline.
func (s *server) findCapture(req archiveRequest) (CaptureInfo, []CaptureInfo, error) {
	if s.captures == nil {
		return CaptureInfo{}, nil, errNoCapture
	}
	caps, err := s.captures(req.URL)
	if err != nil {
		return CaptureInfo{}, nil, fmt.Errorf("listing captures of %s: %w", req.URL, err)
	}
	if len(caps) == 0 && !strings.Contains(req.URL, "://") {
		// "example.com/page", as people type it: try https, then http.
		for _, scheme := range []string{"https://", "http://"} {
			if caps, err = s.captures(scheme + req.URL); err != nil {
				return CaptureInfo{}, nil, fmt.Errorf("listing captures of %s: %w", scheme+req.URL, err)
			}
			if len(caps) > 0 {
				req.URL = scheme + req.URL
				break
			}
		}
	}
	i := nearest(caps, req.At)
	if i < 0 {
		return CaptureInfo{}, nil, errNoCapture
	}
	c := caps[i]
	if c.URL == "" {
		c.URL = req.URL
	}
	return c, caps, nil
}

// replayRaw serves the archived response itself, on the replay origin.
func (s *server) replayRaw(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		replayError(w, r, http.StatusMethodNotAllowed, "method not allowed: archived pages can only be read")
		return
	}
	req, err := parseArchiveRequest(r)
	if err != nil {
		replayError(w, r, http.StatusBadRequest, err.Error())
		return
	}
	if s.load == nil {
		replayError(w, r, http.StatusNotFound, "replay is not available on this server")
		return
	}
	c, caps, err := s.findCapture(req)
	if errors.Is(err, errNoCapture) {
		replayError(w, r, http.StatusNotFound, "not found: "+err.Error())
		return
	} else if err != nil {
		s.logFault(r, err)
		replayError(w, r, http.StatusInternalServerError, "internal server error")
		return
	}
	res, head, err := s.open(r.Context(), c)
	if err != nil {
		// A capture that cannot be read (a revisit record, say) may have
		// the same payload as another capture of the URL: serve that one,
		// under this capture's time.
		for _, twin := range sameDigest(caps, c) {
			if res, head, err = s.open(r.Context(), twin); err == nil {
				break
			}
		}
	}
	if err != nil {
		s.logFault(r, fmt.Errorf("loading capture of %s at %s: %w", c.URL, formatTimestamp(c.Time), err))
		replayError(w, r, http.StatusInternalServerError, "internal server error: the capture could not be read")
		return
	}
	defer res.Body.Close()
	if err := s.writeReplay(w, r, c, res, head); err != nil {
		// The status is sent: break the response off, so the browser
		// sees a failed download rather than a complete-looking one.
		var re *readError
		if errors.As(err, &re) {
			s.logFault(r, fmt.Errorf("replaying capture of %s at %s: %w", c.URL, formatTimestamp(c.Time), err))
		} else {
			s.log.Debug("replay download ended early", slog.String("path", r.URL.Path), slog.Any("err", err))
		}
		panic(http.ErrAbortHandler)
	}
}

// open loads a capture and reads the head of its body: the whole body when
// it is at most maxRewrite bytes (then Body is at its end), else the first
// maxRewrite+1 bytes. Reading the head before anything is sent lets a
// capture that cannot be read fall back to another.
func (s *server) open(ctx context.Context, c CaptureInfo) (*ArchivedResponse, []byte, error) {
	res, err := s.load(ctx, c)
	if err != nil {
		return nil, nil, err
	}
	if res.Size > maxRewrite {
		return res, nil, nil // streamed whole; not worth reading ahead
	}
	head, err := io.ReadAll(io.LimitReader(res.Body, maxRewrite+1))
	if err != nil {
		res.Body.Close()
		return nil, nil, err
	}
	return res, head, nil
}

// sameDigest returns the other captures with c's payload digest, nearest
// in time to c first.
func sameDigest(caps []CaptureInfo, c CaptureInfo) []CaptureInfo {
	var out []CaptureInfo
	for _, o := range caps {
		if c.Digest != "" && o.Digest == c.Digest && !o.Time.Equal(c.Time) {
			out = append(out, o)
		}
	}
	slices.SortStableFunc(out, func(a, b CaptureInfo) int {
		return cmp.Compare(a.Time.Sub(c.Time).Abs(), b.Time.Sub(c.Time).Abs())
	})
	return out
}

// writeReplay writes an archived response with the allowed headers only,
// links in HTML rewritten to stay in the archive, and a redirect's
// Location pointing into the archive. head is what open read of the body:
// all of it when it is at most maxRewrite bytes, which is rewritten (HTML,
// CSS) and sent with its length; the rest of a larger body is streamed
// after head as archived. An error means the response was broken off.
func (s *server) writeReplay(w http.ResponseWriter, r *http.Request, c CaptureInfo, res *ArchivedResponse, head []byte) error {
	h := w.Header()
	for _, name := range replayHeaderAllowlist {
		if v := res.Header.Get(name); v != "" {
			h.Set(name, v)
		}
	}
	if h.Get("Content-Type") == "" {
		// With nosniff, the browser will not guess HTML from the bytes.
		h.Set("Content-Type", "application/octet-stream")
	}
	h.Set("Memento-Datetime", c.Time.UTC().Format(http.TimeFormat))

	status := res.Status
	if status < 200 || status > 599 {
		status = http.StatusOK
	}
	if status >= 300 && status < 400 {
		if loc := res.Header.Get("Location"); loc != "" {
			if u, ok := rewriteURL(c.URL, loc, c.Time); ok {
				h.Set("Location", u)
			}
		}
	}

	whole := res.Size <= maxRewrite && len(head) <= maxRewrite
	body := head
	mt, params, _ := mime.ParseMediaType(h.Get("Content-Type"))
	if whole {
		switch mt {
		case "text/html", "application/xhtml+xml":
			body = rewriteHTML(body, c.URL, c.Time)
		case "text/css":
			body = rewriteCSS(body, c.URL, c.Time)
		}
	}
	var rest io.Reader = res.Body
	if strings.HasPrefix(mt, "text/") && params["charset"] == "" {
		sniff := body
		if !whole && len(sniff) == 0 {
			br := bufio.NewReaderSize(res.Body, 64<<10)
			sniff, _ = br.Peek(64 << 10)
			rest = br
		}
		if validUTF8Start(sniff, whole) {
			// Imported files are archived without a charset; valid
			// UTF-8 is almost certainly meant as UTF-8, and the
			// browser's default (windows-1252) would garble it.
			h.Set("Content-Type", mime.FormatMediaType(mt, map[string]string{"charset": "utf-8"}))
		}
	}
	if whole {
		h.Set("Content-Length", fmt.Sprint(len(body)))
		w.WriteHeader(status)
		if r.Method != http.MethodHead {
			w.Write(body)
		}
		return nil
	}
	// A large body goes out as it is read, without Content-Length: should
	// the record turn out damaged at its end, breaking the response off
	// tells the browser it is not whole.
	w.WriteHeader(status)
	if r.Method == http.MethodHead {
		return nil
	}
	out := extendWrites(w, s.limits.WriteTimeout)
	if _, err := out.Write(body); err != nil {
		return err
	}
	_, err := io.Copy(out, readTagger{rest})
	return err
}

// validUTF8Start reports whether b is valid UTF-8; when b is only the
// start of the body (whole is false), a rune cut at its end is allowed.
func validUTF8Start(b []byte, whole bool) bool {
	if !whole {
		for i := 1; i <= utf8.UTFMax && i <= len(b); i++ {
			if utf8.RuneStart(b[len(b)-i]) {
				if !utf8.FullRune(b[len(b)-i:]) {
					b = b[:len(b)-i]
				}
				break
			}
		}
	}
	return utf8.Valid(b)
}

// readError is a failure to read the archived body while it was being
// sent, as opposed to the browser going away.
type readError struct{ err error }

func (e *readError) Error() string { return "reading the record: " + e.err.Error() }
func (e *readError) Unwrap() error { return e.err }

// readTagger marks the errors of r as readErrors.
type readTagger struct{ r io.Reader }

func (t readTagger) Read(p []byte) (int, error) {
	n, err := t.r.Read(p)
	if err != nil && err != io.EOF {
		err = &readError{err}
	}
	return n, err
}

// replayError answers on the replay origin in plain text; the sandboxing
// headers are already set.
func replayError(w http.ResponseWriter, r *http.Request, status int, msg string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		io.WriteString(w, msg+"\n")
	}
}
