package web

import (
	"context"
	"errors"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"unicode"

	"github.com/gazette-news/gazette/search"
)

// Exports stream every hit of a search, not one page: the search is paged
// through in chunks of exportChunk hits, up to a cap. A search with more
// hits than the cap is cut there, and the response says so in its headers
// before the first byte of the body.

const (
	// exportChunk is how many hits one search of an export fetches.
	exportChunk = maxSize
	// maxExportLimit is the most hits one export holds: as deep as the
	// index pages (search's window of 10,000 results). The cap is on
	// purpose, to bound what one request costs; `gazette export --query`
	// on the command line goes through every match (search.Index.Each).
	maxExportLimit = 10000
)

// Export headers.
const (
	// headerExportTotal is the number of articles the search matches.
	headerExportTotal = "X-Gazette-Export-Total"
	// headerExportLimit is the most articles one export holds.
	headerExportLimit = "X-Gazette-Export-Limit"
	// headerExportTruncated is "true" when the search matches more
	// articles than the export holds; absent otherwise.
	headerExportTruncated = "X-Gazette-Export-Truncated"
)

// exportLimit is Config.ExportLimit within 1..maxExportLimit.
func exportLimit(n int) int {
	if n <= 0 || n > maxExportLimit {
		return maxExportLimit
	}
	return n
}

// exportRun pages through the hits of one search for an export.
type exportRun struct {
	search Searcher
	req    search.Request
	limit  int
	first  *search.Result // the first chunk, searched by startExport
}

// startExport searches the first chunk of req's hits, which tells how
// many there are in all, before anything is written.
func (s *server) startExport(ctx context.Context, req search.Request) (*exportRun, error) {
	req.Page, req.Size = 1, exportChunk
	res, err := s.search.Search(ctx, req)
	if err != nil {
		return nil, err
	}
	return &exportRun{search: s.search, req: req, limit: s.exportLimit, first: res}, nil
}

// Total is the number of articles the search matches.
func (e *exportRun) Total() uint64 { return e.first.Total }

// Truncated reports whether the search matches more than the export holds.
func (e *exportRun) Truncated() bool { return e.first.Total > uint64(e.limit) }

// setHeaders sets the export headers from the first chunk.
func (e *exportRun) setHeaders(h http.Header) {
	h.Set(headerExportTotal, strconv.FormatUint(e.Total(), 10))
	h.Set(headerExportLimit, strconv.Itoa(e.limit))
	if e.Truncated() {
		h.Set(headerExportTruncated, "true")
	}
}

// each calls fn with every hit, in the search's order, each once, at most
// limit of them, searching chunk after chunk. A hit seen in an earlier
// chunk (the index changed between two chunks) is skipped.
func (e *exportRun) each(ctx context.Context, fn func(search.Hit) error) error {
	seen := make(map[string]bool, min(e.first.Total, uint64(e.limit)))
	res := e.first
	for page := 1; ; page++ {
		if page > 1 {
			req := e.req
			req.Page = page
			var err error
			if res, err = e.search.Search(ctx, req); err != nil {
				return err
			}
		}
		for _, h := range res.Hits {
			if seen[h.ID] {
				continue
			}
			if len(seen) == e.limit {
				return nil
			}
			seen[h.ID] = true
			if err := fn(h); err != nil {
				return err
			}
		}
		if len(res.Hits) < exportChunk || page*exportChunk >= e.limit {
			return nil
		}
		if err := ctx.Err(); err != nil {
			return err
		}
	}
}

// docs calls fn with the article of every hit, read back from the index
// for what hits do not carry (author, text, dates). An article gone since
// the search is skipped.
func (e *exportRun) docs(ctx context.Context, fn func(search.Doc) error) error {
	return e.each(ctx, func(h search.Hit) error {
		d, err := e.search.Get(h.ID)
		if errors.Is(err, search.ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		return fn(d)
	})
}

// attachment is a Content-Disposition that saves the response as a file
// named for the search: "gazette-kharkiv-izium.csv". Non-ASCII names are
// sent as RFC 6266 filename* ("gazette-харків.csv").
func attachment(req search.Request, ext string) string {
	var words []string
	if req.Query != "" {
		words = append(words, req.Query)
	}
	words = append(words, req.Places...)
	words = append(words, req.Sites...)
	name := "gazette-" + slug(strings.Join(words, " "))
	name = strings.TrimSuffix(name, "-") + "." + ext
	return mime.FormatMediaType("attachment", map[string]string{"filename": name})
}

// slug keeps the letters and digits of s, lower-cased, words joined by
// "-", at most 40 runes; "export" when none is left.
func slug(s string) string {
	var b strings.Builder
	n, dash := 0, false
	for _, r := range strings.ToLower(s) {
		if n == 40 {
			break
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
				n++
			}
			b.WriteRune(r)
			n++
			dash = false
			continue
		}
		dash = true
	}
	if b.Len() == 0 {
		return "export"
	}
	return b.String()
}
