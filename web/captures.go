package web

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Captures of a URL are addressed like the Wayback Machine does it:
// /archive/{timestamp}/{url}, where timestamp is the 14-digit UTC capture
// time YYYYMMDDhhmmss (or any prefix of it of at least four digits, which
// means the earliest moment it names) and url is the archived URL as is.

// timestampLayout is the 14-digit form of a capture time.
const timestampLayout = "20060102150405"

// errBadTimestamp is wrapped by parseTimestamp's errors.
var errBadTimestamp = errors.New("bad timestamp")

// formatTimestamp is the 14-digit UTC form of t.
func formatTimestamp(t time.Time) string {
	return t.UTC().Format(timestampLayout)
}

// parseTimestamp reads a 4- to 14-digit timestamp. Missing digits are
// filled with the earliest value ("2022" is 1 January 2022, 00:00:00).
func parseTimestamp(s string) (time.Time, error) {
	if len(s) < 4 || len(s) > 14 || strings.Trim(s, "0123456789") != "" {
		return time.Time{}, fmt.Errorf("%w %q: want 4 to 14 digits, YYYYMMDDhhmmss", errBadTimestamp, s)
	}
	full := s + "0101000000"[max(0, len(s)-4):]
	t, err := time.Parse(timestampLayout, full)
	if err != nil {
		return time.Time{}, fmt.Errorf("%w %q: not a valid date and time", errBadTimestamp, s)
	}
	return t, nil
}

// nearest returns the index of the capture closest in time to t; of two
// equally close, the earlier. It returns -1 for no captures. caps need not
// be sorted.
func nearest(caps []CaptureInfo, t time.Time) int {
	best := -1
	var bestDist time.Duration
	for i, c := range caps {
		d := c.Time.Sub(t).Abs()
		if best < 0 || d < bestDist || (d == bestDist && c.Time.Before(caps[best].Time)) {
			best, bestDist = i, d
		}
	}
	return best
}

// archivePath is the path of a capture on either origin: the framed page
// on the main one, the raw archived response on the replay one.
func archivePath(t time.Time, url string) string {
	return "/archive/" + formatTimestamp(t) + "/" + url
}

// captureJSON is one element of GET /api/v1/captures.
type captureJSON struct {
	URL       string `json:"url"`
	Time      string `json:"time"`      // RFC 3339, UTC
	Timestamp string `json:"timestamp"` // 14 digits, YYYYMMDDhhmmss UTC
	Status    int    `json:"status"`
	Digest    string `json:"digest"`
	MIME      string `json:"mime"`
	Replay    string `json:"replay,omitempty"`     // the capture framed with a banner, on this origin
	ReplayRaw string `json:"replay_raw,omitempty"` // the archived response alone, on the replay origin
}

// apiCaptures answers GET /api/v1/captures?url=URL with the captures of
// one URL, oldest first; [] when it was never archived.
func (s *server) apiCaptures(w http.ResponseWriter, r *http.Request) {
	target := r.URL.Query().Get("url")
	if target == "" {
		s.apiError(w, r, &paramError{Param: "url", Msg: "required: the URL whose captures to list"})
		return
	}
	out := []captureJSON{}
	if s.captures != nil {
		caps, err := s.captures(target)
		if err != nil {
			s.apiError(w, r, fmt.Errorf("listing captures of %s: %w", target, err))
			return
		}
		for _, c := range caps {
			j := captureJSON{
				URL:       c.URL,
				Time:      c.Time.UTC().Format(time.RFC3339),
				Timestamp: formatTimestamp(c.Time),
				Status:    c.Status,
				Digest:    c.Digest,
				MIME:      c.MIME,
			}
			if j.URL == "" {
				j.URL = target
			}
			if s.replayEnabled() {
				j.Replay = archivePath(c.Time, j.URL)
				j.ReplayRaw = s.replay + j.Replay
			}
			out = append(out, j)
		}
	}
	s.writeJSON(w, r, http.StatusOK, out)
}

// replayEnabled reports whether archived responses can be shown: the
// archive can load them and a replay origin serves them.
func (s *server) replayEnabled() bool {
	return s.captures != nil && s.load != nil && s.replay != ""
}
