package web

import (
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/gazette-news/gazette/search"
)

// The timeline is an SVG bar chart drawn on the server from
// facets.timeline: one bar per day, week, month or year, each a link to the
// search limited to its dates, so it works without JavaScript.
// static/timeline.js adds dragging across bars to choose a range.

// Chart geometry, in SVG user units (the chart scales to its box).
const (
	chartWidth  = 760.0
	chartHeight = 150.0
	chartLeft   = 44.0 // room for the count labels
	chartRight  = 6.0
	chartTop    = 8.0
	chartBottom = 24.0 // room for the date labels
	maxXLabels  = 7
)

// timelineView is the data of the "timeline" template.
type timelineView struct {
	Width, Height float64
	PlotTop       float64 // y of the plot's top edge
	PlotBottom    float64 // y of the baseline
	PlotHeight    float64
	PlotLeft      float64
	PlotRight     float64
	Bars          []barView
	YLabels       []axisLabel
	XLabels       []axisLabel
	Interval      string // "month"
	Caption       string // "Articles per month, March 2022 to October 2022"
	Undated       int
	UndatedURL    string // the search limited to undated articles; "" when there are none
	UndatedActive bool
	RangeURL      string // the search without dates: timeline.js adds from and to
	CompareURL    string // the query in the compare view; "" without a query
	Intervals     []intervalLink
}

// barView is one bar: X and W span its whole column (the link target),
// Y and H the drawn bar.
type barView struct {
	X, W, Y, H float64
	From, To   string
	Count      int
	URL        string
	Label      string // "March 2022: 3 articles"
	Active     bool
}

type axisLabel struct {
	X, Y float64
	Text string
}

// intervalLink forces the timeline's interval; Current marks the one shown.
type intervalLink struct {
	Name, URL string
	Current   bool
}

// newTimeline lays out tl for the search req; nil when there is nothing to
// draw.
func newTimeline(req search.Request, tl search.Timeline) *timelineView {
	if len(tl.Buckets) == 0 && tl.Undated == 0 {
		return nil
	}
	v := &timelineView{
		Width: chartWidth, Height: chartHeight,
		PlotTop: chartTop, PlotBottom: chartHeight - chartBottom, PlotHeight: chartHeight - chartBottom - chartTop,
		PlotLeft: chartLeft, PlotRight: chartWidth - chartRight,
		Interval: tl.Interval, Undated: tl.Undated,
	}
	noDates := req
	noDates.From, noDates.To, noDates.Undated, noDates.Interval = nil, nil, "", ""
	v.RangeURL = searchURL(noDates, 1)
	if req.Query != "" {
		v.CompareURL = compareURL(req)
	}
	if tl.Undated > 0 {
		u := noDates
		u.Undated = search.UndatedOnly
		v.UndatedURL = searchURL(u, 1)
		v.UndatedActive = req.Undated == search.UndatedOnly
	}
	if len(tl.Buckets) == 0 {
		return v
	}
	first, last := tl.Buckets[0], tl.Buckets[len(tl.Buckets)-1]
	v.Caption = fmt.Sprintf("Articles per %s, %s to %s", tl.Interval, bucketLabel(first, tl.Interval), bucketLabel(last, tl.Interval))

	top := 0
	for _, b := range tl.Buckets {
		top = max(top, b.Count)
	}
	scale := niceCeil(top)
	plotH := v.PlotBottom - v.PlotTop
	slot := (v.PlotRight - v.PlotLeft) / float64(len(tl.Buckets))
	gap := math.Min(slot*0.15, 2)
	for i, b := range tl.Buckets {
		x := v.PlotLeft + float64(i)*slot
		h := 0.0
		if scale > 0 {
			h = plotH * float64(b.Count) / float64(scale)
		}
		if b.Count > 0 && h < 1.5 {
			h = 1.5 // every article shows
		}
		r := noDates
		r.From, r.To = parseDay(b.From), parseDay(b.To)
		v.Bars = append(v.Bars, barView{
			X: round2(x + gap/2), W: round2(math.Max(slot-gap, 0.5)), Y: round2(v.PlotBottom - h), H: round2(h),
			From: b.From, To: b.To, Count: b.Count, URL: searchURL(r, 1),
			Label:  bucketLabel(b, tl.Interval) + ": " + articles(b.Count),
			Active: req.From != nil && req.To != nil && req.From.Format(dateLayout) == b.From && req.To.Format(dateLayout) == b.To,
		})
	}
	yLabel := func(n int) {
		y := v.PlotBottom
		if scale > 0 {
			y -= plotH * float64(n) / float64(scale)
		}
		v.YLabels = append(v.YLabels, axisLabel{X: v.PlotLeft - 6, Y: round2(y + 4), Text: strconv.Itoa(n)})
	}
	yLabel(0)
	if scale > 0 {
		if scale%2 == 0 && scale >= 4 {
			yLabel(scale / 2)
		}
		yLabel(scale)
	}
	step := int(math.Ceil(float64(len(tl.Buckets)) / maxXLabels))
	for i := 0; i < len(tl.Buckets); i += step {
		b := v.Bars[i]
		v.XLabels = append(v.XLabels, axisLabel{X: round2(b.X + b.W/2), Y: chartHeight - 6, Text: tickLabel(tl.Buckets[i], tl.Interval)})
	}
	lo, hi := parseDay(first.From), parseDay(last.To)
	for _, iv := range []string{search.IntervalDay, search.IntervalWeek, search.IntervalMonth, search.IntervalYear} {
		if lo == nil || hi == nil || search.BarCount(*lo, *hi, iv) > search.MaxBars {
			continue
		}
		r := req
		r.Interval = iv
		if iv == tl.Interval && req.Interval == "" {
			r.Interval = ""
		}
		v.Intervals = append(v.Intervals, intervalLink{Name: iv, URL: searchURL(r, max(req.Page, 1)), Current: iv == tl.Interval})
	}
	return v
}

// niceCeil rounds n up to a round number (1, 2 or 5 times a power of
// ten) for the top of the count axis.
func niceCeil(n int) int {
	if n <= 2 {
		return n
	}
	for mag := 1; ; mag *= 10 {
		for _, m := range []int{1, 2, 5} {
			if m*mag >= n {
				return m * mag
			}
		}
	}
}

func round2(f float64) float64 { return math.Round(f*100) / 100 }

// articles is "1 article" or "n articles".
func articles(n int) string {
	if n == 1 {
		return "1 article"
	}
	return strconv.Itoa(n) + " articles"
}

// bucketLabel names a bar for people: "12 March 2022", "week of 7 March
// 2022", "March 2022", "2022".
func bucketLabel(b search.Bucket, interval string) string {
	d, err := time.Parse(dateLayout, b.From)
	if err != nil {
		return b.From
	}
	switch interval {
	case search.IntervalWeek:
		return "week of " + d.Format("2 January 2006")
	case search.IntervalMonth:
		return d.Format("January 2006")
	case search.IntervalYear:
		return d.Format("2006")
	}
	return d.Format("2 January 2006")
}

// tickLabel is the short date under a bar.
func tickLabel(b search.Bucket, interval string) string {
	d, err := time.Parse(dateLayout, b.From)
	if err != nil {
		return b.From
	}
	switch interval {
	case search.IntervalMonth:
		return d.Format("Jan 2006")
	case search.IntervalYear:
		return d.Format("2006")
	}
	return d.Format("2 Jan 2006")
}

// compareURL is the compare view of req's query, with its filters.
func compareURL(req search.Request) string {
	req.Interval, req.More, req.Size, req.Sort = "", nil, 0, ""
	v := values(req)
	return "/compare?" + v.Encode()
}
