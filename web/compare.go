package web

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gazette-news/gazette/search"
)

// The compare view draws the timelines of up to five queries together
// ("attention over time"): /compare?q=Izyum&q=Kupiansk, as counts and as
// the share of all articles of each bar, under the same filters as the
// search page takes. GET /api/v1/timeline?q=…&q=… returns the series.

// comparer is what the compare view needs beyond Searcher; *search.Index
// has it.
type comparer interface {
	Compare(ctx context.Context, base search.Request, queries []string) (*search.Comparison, error)
}

// errNoCompare: the index behind the server cannot compare queries.
var errNoCompare = errors.New("this server cannot compare queries")

// parseCompare reads the queries (q, repeated; blank ones skipped) and the
// shared filters of a compare request.
func parseCompare(v url.Values) (search.Request, []string, error) {
	var queries []string
	for _, q := range v["q"] {
		if q = strings.TrimSpace(q); q != "" {
			queries = append(queries, q)
		}
	}
	if len(queries) > search.MaxCompare {
		return search.Request{}, queries, &paramError{"q", fmt.Sprintf("at most %d queries can be compared, not %d", search.MaxCompare, len(queries))}
	}
	for _, q := range queries {
		if len(q) > maxQueryLen {
			return search.Request{}, queries, &paramError{"q", "query is too long (at most " + strconv.Itoa(maxQueryLen) + " bytes)"}
		}
	}
	rest := url.Values{}
	for k, vs := range v {
		if k != "q" {
			rest[k] = vs
		}
	}
	base, err := parseRequest(rest)
	return base, queries, err
}

// apiTimeline answers GET /api/v1/timeline with a search.Comparison.
func (s *server) apiTimeline(w http.ResponseWriter, r *http.Request) {
	base, queries, err := parseCompare(r.URL.Query())
	if err == nil && len(queries) == 0 {
		err = &paramError{"q", "give one to " + strconv.Itoa(search.MaxCompare) + " queries to compare: q=Izyum&q=Kupiansk"}
	}
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	cmp, err := s.compare(r.Context(), base, queries)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	s.writeJSON(w, r, http.StatusOK, cmp)
}

// compare runs the comparison through the limiter; errNoCompare is a 404.
func (s *server) compare(ctx context.Context, base search.Request, queries []string) (*search.Comparison, error) {
	c, ok := s.search.(comparer)
	if !ok {
		return nil, fmt.Errorf("%w: %w", search.ErrNotFound, errNoCompare)
	}
	cmp, err := c.Compare(ctx, base, queries)
	if errors.Is(err, errNoCompare) {
		return nil, fmt.Errorf("%w: %w", search.ErrNotFound, err)
	}
	return cmp, err
}

// comparePage is the data of compare.html.
type comparePage struct {
	layout
	Queries  []string // five fields, the given queries first
	Hidden   []hiddenField
	Error    string
	Series   []seriesView
	Counts   *lineChart
	Shares   *lineChart
	Interval string
	Rows     []compareRow // the table under the charts
	All      uint64       // articles under the filters
	Filtered bool         // filters apply
}

type seriesView struct {
	Query   string
	Color   int // 0..4: the CSS class series-N
	Total   uint64
	Undated int
	URL     string // the query's search
}

type compareRow struct {
	Label  string
	URL    string // the search of all articles of the bar
	All    int
	Counts []string // "3 (25%)" per series
}

// uiCompare serves the compare page at /compare.
func (s *server) uiCompare(w http.ResponseWriter, r *http.Request) {
	base, queries, err := parseCompare(r.URL.Query())
	p := comparePage{layout: layout{Title: "Compare over time", Credits: s.credits}}
	p.Queries = append(p.Queries, queries...)
	for len(p.Queries) < search.MaxCompare {
		p.Queries = append(p.Queries, "")
	}
	p.Hidden = hiddenFields(base)
	for _, name := range []string{"from", "to", "undated", "interval"} {
		for _, val := range values(base)[name] {
			p.Hidden = append(p.Hidden, hiddenField{Name: name, Value: val})
		}
	}
	p.Filtered = len(base.Places) > 0 || len(base.Langs) > 0 || len(base.Sites) > 0 || base.From != nil || base.To != nil || base.Undated != ""
	if err == nil && len(queries) > 0 {
		var cmp *search.Comparison
		if cmp, err = s.compare(r.Context(), base, queries); err == nil {
			p.fill(base, cmp)
		}
	}
	if err != nil {
		status, _, msg := classify(err)
		if status == http.StatusInternalServerError {
			s.logFault(r, err)
			s.serverError(w, r)
			return
		}
		s.setRetryAfter(w, status)
		p.Error = msg
		p.Title = "Bad comparison"
		s.render(w, r, status, s.pages.compare, p)
		return
	}
	if len(queries) > 0 {
		p.Title = strings.Join(queries, " vs ")
	}
	s.render(w, r, http.StatusOK, s.pages.compare, p)
}

// fill lays out the charts, legend and table of a comparison.
func (p *comparePage) fill(base search.Request, cmp *search.Comparison) {
	p.Interval = cmp.Interval
	p.All = cmp.All.Total
	for i, sr := range cmp.Series {
		r := base
		r.Query = sr.Query
		p.Series = append(p.Series, seriesView{Query: sr.Query, Color: i, Total: sr.Total, Undated: sr.Undated, URL: searchURL(r, 1)})
	}
	if len(cmp.All.Buckets) == 0 {
		return
	}
	count := func(b search.ShareBucket) float64 { return float64(b.Count) }
	share := func(b search.ShareBucket) float64 { return b.Share * 100 }
	p.Counts = newLineChart(cmp, count, strconv.Itoa, "Articles")
	p.Shares = newLineChart(cmp, share, func(n int) string { return strconv.Itoa(n) + "%" }, "Share of all articles")
	for j, b := range cmp.All.Buckets {
		r := base
		r.From, r.To, r.Undated, r.Interval = parseDay(b.From), parseDay(b.To), "", ""
		row := compareRow{Label: bucketLabel(search.Bucket{From: b.From, To: b.To}, cmp.Interval), URL: searchURL(r, 1), All: b.Count}
		for _, sr := range cmp.Series {
			sb := sr.Buckets[j]
			row.Counts = append(row.Counts, fmt.Sprintf("%d (%s)", sb.Count, percent(sb.Share)))
		}
		p.Rows = append(p.Rows, row)
	}
}

// percent shows a share: "25%", "2.5%", "0%".
func percent(f float64) string {
	switch pc := f * 100; {
	case pc == 0:
		return "0%"
	case pc < 10:
		return strconv.FormatFloat(math.Round(pc*10)/10, 'f', -1, 64) + "%"
	default:
		return strconv.Itoa(int(math.Round(pc))) + "%"
	}
}

// lineChart is an SVG chart of one line per series over the shared bars.
type lineChart struct {
	Width, Height       float64
	PlotLeft, PlotRight float64
	PlotTop, PlotBottom float64
	Lines               []chartLine
	YLabels, XLabels    []axisLabel
	Title               string // "Articles", "Share of all articles"
	Caption             string
}

type chartLine struct {
	Color  int
	Points string // the polyline's points
	Dots   []chartDot
}

type chartDot struct {
	X, Y  float64
	Label string
}

// newLineChart draws value(bar) of every series of cmp; label formats the
// value axis.
func newLineChart(cmp *search.Comparison, value func(search.ShareBucket) float64, label func(int) string, title string) *lineChart {
	c := &lineChart{
		Width: chartWidth, Height: chartHeight,
		PlotLeft: chartLeft, PlotRight: chartWidth - chartRight,
		PlotTop: chartTop, PlotBottom: chartHeight - chartBottom,
		Title: title,
	}
	n := len(cmp.All.Buckets)
	top := 0.0
	for _, sr := range cmp.Series {
		for _, b := range sr.Buckets {
			top = math.Max(top, value(b))
		}
	}
	scale := niceCeil(int(math.Ceil(top)))
	plotH := c.PlotBottom - c.PlotTop
	slot := (c.PlotRight - c.PlotLeft) / float64(n)
	y := func(v float64) float64 {
		if scale == 0 {
			return c.PlotBottom
		}
		return round2(c.PlotBottom - plotH*v/float64(scale))
	}
	for i, sr := range cmp.Series {
		l := chartLine{Color: i}
		var pts []string
		for j, b := range sr.Buckets {
			x := round2(c.PlotLeft + (float64(j)+0.5)*slot)
			v := value(b)
			pts = append(pts, strconv.FormatFloat(x, 'f', -1, 64)+","+strconv.FormatFloat(y(v), 'f', -1, 64))
			if n <= 60 || b.Count > 0 {
				l.Dots = append(l.Dots, chartDot{X: x, Y: y(v), Label: fmt.Sprintf("%s, %s: %d articles (%s of all)",
					sr.Query, bucketLabel(search.Bucket{From: b.From}, cmp.Interval), b.Count, percent(b.Share))})
			}
		}
		l.Points = strings.Join(pts, " ")
		c.Lines = append(c.Lines, l)
	}
	c.YLabels = append(c.YLabels, axisLabel{X: c.PlotLeft - 6, Y: round2(c.PlotBottom + 4), Text: label(0)})
	if scale > 0 {
		if scale%2 == 0 && scale >= 4 {
			c.YLabels = append(c.YLabels, axisLabel{X: c.PlotLeft - 6, Y: round2(y(float64(scale/2)) + 4), Text: label(scale / 2)})
		}
		c.YLabels = append(c.YLabels, axisLabel{X: c.PlotLeft - 6, Y: round2(c.PlotTop + 4), Text: label(scale)})
	}
	step := int(math.Ceil(float64(n) / maxXLabels))
	for j := 0; j < n; j += step {
		b := cmp.All.Buckets[j]
		c.XLabels = append(c.XLabels, axisLabel{X: round2(c.PlotLeft + (float64(j)+0.5)*slot), Y: chartHeight - 6,
			Text: tickLabel(search.Bucket{From: b.From, To: b.To}, cmp.Interval)})
	}
	first, last := cmp.All.Buckets[0], cmp.All.Buckets[n-1]
	c.Caption = fmt.Sprintf("%s per %s, %s to %s", title, cmp.Interval,
		bucketLabel(search.Bucket{From: first.From}, cmp.Interval), bucketLabel(search.Bucket{From: last.From}, cmp.Interval))
	return c
}
