package web

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/gazette-news/gazette/search"
)

// csvHeader names the columns of a CSV export.
var csvHeader = []string{"id", "url", "title", "published", "site", "lang", "author", "place_ids", "place_names", "captured", "modified"}

// utf8BOM starts a CSV export so that Excel reads it as UTF-8 (LibreOffice
// does either way) and keeps Cyrillic intact.
const utf8BOM = "\uFEFF"

// exportFormats maps the format parameter to the response's media type and
// file extension.
var exportFormats = map[string]struct{ contentType, ext string }{
	"csv":   {"text/csv; charset=utf-8; header=present", "csv"},
	"jsonl": {"application/x-ndjson; charset=utf-8", "jsonl"},
}

// apiExport answers GET /api/v1/export?format=csv|jsonl&… with every hit
// of the search (the search page's parameters; page and size are
// ignored), in the search's order, streamed as it is read: CSV for
// spreadsheets (UTF-8 with a BOM, RFC 4180 quoting, CRLF line ends) or
// JSON Lines, one article per line as GET /api/v1/articles/{id} gives it,
// text included. At most Config.ExportLimit articles: see export.go for the
// headers that say how many there are.
func (s *server) apiExport(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	format, ok := exportFormats[q.Get("format")]
	if !ok {
		s.apiError(w, r, &paramError{"format", "use format=csv or format=jsonl"})
		return
	}
	req, err := s.searchRequest(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	run, err := s.startExport(r.Context(), req)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", format.contentType)
	h.Set("Content-Disposition", attachment(req, format.ext))
	h.Set("Cache-Control", "no-store")
	run.setHeaders(h)
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodHead {
		return
	}

	bw := bufio.NewWriterSize(extendWrites(w, s.limits.WriteTimeout), 64<<10)
	if format.ext == "csv" {
		err = writeCSV(r, bw, run)
	} else {
		err = writeJSONL(r, bw, run)
	}
	if err == nil {
		err = bw.Flush()
	}
	if err != nil {
		// The status is sent: all that is left is to break the
		// response off, so the client sees a failed download rather
		// than a complete-looking short file.
		s.logFault(r, fmt.Errorf("export: %w", err))
		panic(http.ErrAbortHandler)
	}
	s.log.Debug("export done", slog.String("format", format.ext), slog.Uint64("total", run.Total()))
}

// writeCSV writes the BOM, the header row and one row per article.
func writeCSV(r *http.Request, w io.Writer, run *exportRun) error {
	if _, err := io.WriteString(w, utf8BOM); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := cw.Write(csvHeader); err != nil {
		return err
	}
	err := run.docs(r.Context(), func(d search.Doc) error {
		ids := make([]string, len(d.Places))
		names := make([]string, len(d.Places))
		for i, p := range d.Places {
			ids[i], names[i] = p.ID, p.Name
		}
		return cw.Write([]string{
			d.ID, d.URL, cell(d.Title), csvTime(d.Published), cell(d.Outlet), d.Lang, cell(d.Author),
			strings.Join(ids, "; "), cell(strings.Join(names, "; ")), csvTime(timeOrNil(d.Captured)), csvTime(d.Modified),
		})
	})
	cw.Flush()
	if err != nil {
		return err
	}
	return cw.Error()
}

// cell guards a text cell against formula injection: a spreadsheet takes
// a cell starting with =, +, -, @ (or a tab or carriage return before one)
// for a formula, and archived pages are hostile. Such a cell gets a
// leading apostrophe, which spreadsheets show as text, as OWASP advises.
func cell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// csvTime is an RFC 3339 time, "" for none.
func csvTime(t *time.Time) string {
	if t == nil || t.IsZero() {
		return ""
	}
	return t.Format(time.RFC3339)
}

// writeJSONL writes one article per line.
func writeJSONL(r *http.Request, w io.Writer, run *exportRun) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return run.docs(r.Context(), func(d search.Doc) error {
		return enc.Encode(newArticle(d))
	})
}
