package web

import (
	"errors"
	"net/http"
	"net/url"
	"time"
)

// replayPage is the data for replay.html: the banner that says what the
// framed document is, and the frame itself.
type replayPage struct {
	layout
	URL      string // the archived URL
	Original string // link to the live URL; empty unless http(s)
	Captured string // capture time, for people
	ISO      string // capture time, RFC 3339
	Status   int
	FrameSrc string // the capture on the replay origin
	Captures []captureView
}

// uiReplay serves /archive/{timestamp}/{url} on the main origin: a page
// with a banner and the archived document in an <iframe sandbox> loaded
// from the replay origin. The archived document never shares this origin.
func (s *server) uiReplay(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		s.refuseMethod(w, r, []string{http.MethodGet, http.MethodHead})
		return
	}
	req, err := parseArchiveRequest(r)
	if err != nil {
		s.renderError(w, r, http.StatusBadRequest, "Bad archive address", err.Error())
		return
	}
	if !s.replayEnabled() {
		s.renderError(w, r, http.StatusNotFound, "Replay not available",
			"This server does not replay archived pages.")
		return
	}
	c, caps, err := s.findCapture(req)
	if errors.Is(err, errNoCapture) {
		s.renderError(w, r, http.StatusNotFound, "Capture not found",
			"The archive holds no capture of "+req.URL+".")
		return
	} else if err != nil {
		s.logFault(r, err)
		s.serverError(w, r)
		return
	}

	p := replayPage{
		layout:   layout{Title: "Archived: " + c.URL, Credits: s.credits},
		URL:      c.URL,
		Captured: formatDateTime(c.Time),
		ISO:      c.Time.UTC().Format(time.RFC3339),
		Status:   c.Status,
		FrameSrc: s.replay + archivePath(c.Time, c.URL),
		Captures: s.captureViews(c.URL, caps, c.Time),
	}
	if u, err := url.Parse(c.URL); err == nil && (u.Scheme == "http" || u.Scheme == "https") {
		p.Original = c.URL
	}
	// The page frames the replay origin, and nothing else.
	w.Header().Set("Content-Security-Policy", framingPagePolicy+"; frame-src "+s.replay)
	s.render(w, r, http.StatusOK, s.pages.replay, p)
}

// captureViews turns captures into timeline entries, linking each to its
// framed replay when replay is on. current marks the one being shown; a
// capture with the same payload as the one before it (a recrawl that found
// the page unchanged) is marked unchanged.
func (s *server) captureViews(target string, caps []CaptureInfo, current time.Time) []captureView {
	out := make([]captureView, 0, len(caps))
	for i, c := range caps {
		u := c.URL
		if u == "" {
			u = target
		}
		v := captureView{
			Time:      formatDateTime(c.Time),
			ISO:       c.Time.UTC().Format(time.RFC3339),
			Status:    c.Status,
			Current:   !current.IsZero() && c.Time.Equal(current),
			Timestamp: formatTimestamp(c.Time),
			Unchanged: i > 0 && c.Digest != "" && c.Digest == caps[i-1].Digest,
		}
		if s.replayEnabled() {
			v.Link = archivePath(c.Time, u)
		}
		out = append(out, v)
	}
	return out
}
