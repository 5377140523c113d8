package search

import (
	"fmt"
	"slices"
	"time"
)

// The timeline is counted once by day (the pubday facet, one term per
// article) and rolled up into weeks, months or years here, instead of
// asking the index for one range facet per bar.

// Bar limits: the interval picked by itself gives at most maxAutoBars bars
// (the finest that does); a forced Request.Interval may give up to maxBars.
const (
	maxAutoBars = 100
	maxBars     = 1000
)

// MaxBars is the most bars a timeline draws (with a forced interval).
const MaxBars = maxBars

// BarCount is the number of bars of interval from day lo to day hi, both
// inclusive.
func BarCount(lo, hi time.Time, interval string) int { return barCount(lo, hi, interval) }

// intervals lists the timeline intervals, finest first.
var intervals = []string{IntervalDay, IntervalWeek, IntervalMonth, IntervalYear}

// ValidInterval reports whether s names a timeline interval.
func ValidInterval(s string) bool { return slices.Contains(intervals, s) }

// floorTo returns the first day of the interval holding day d (weeks start
// on Monday, as ISO 8601 has it).
func floorTo(d time.Time, interval string) time.Time {
	y, m, day := d.Date()
	switch interval {
	case IntervalWeek:
		back := (int(d.Weekday()) + 6) % 7 // days since Monday
		return time.Date(y, m, day-back, 0, 0, 0, 0, time.UTC)
	case IntervalMonth:
		return time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
	case IntervalYear:
		return time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	return time.Date(y, m, day, 0, 0, 0, 0, time.UTC)
}

// nextStart returns the first day of the interval after the one starting
// at start.
func nextStart(start time.Time, interval string) time.Time {
	switch interval {
	case IntervalWeek:
		return start.AddDate(0, 0, 7)
	case IntervalMonth:
		return start.AddDate(0, 1, 0)
	case IntervalYear:
		return start.AddDate(1, 0, 0)
	}
	return start.AddDate(0, 0, 1)
}

// barCount is the number of bars of interval from day lo to day hi.
func barCount(lo, hi time.Time, interval string) int {
	a, b := floorTo(lo, interval), floorTo(hi, interval)
	switch interval {
	case IntervalWeek:
		return int(b.Sub(a).Hours()/24)/7 + 1
	case IntervalMonth:
		return (b.Year()*12 + int(b.Month())) - (a.Year()*12 + int(a.Month())) + 1
	case IntervalYear:
		return b.Year() - a.Year() + 1
	}
	return int(b.Sub(a).Hours()/24) + 1
}

// pickInterval returns the finest interval giving at most maxAutoBars bars
// from lo to hi (years when none does).
func pickInterval(lo, hi time.Time) string {
	for _, iv := range intervals {
		if barCount(lo, hi, iv) <= maxAutoBars {
			return iv
		}
	}
	return IntervalYear
}

// dayCount is the number of articles of one publication day, the day as
// a day number (days since 1970-01-01, see dayNumber).
type dayCount struct {
	day int32
	n   int
}

// dayList is the number of articles per publication day, days with
// articles only, in order. The timeline and the month facet are rolled up
// from it with day numbers; only the bars and months shown become
// strings.
type dayList []dayCount

// dayNumber is the day number of a midnight UTC.
func dayNumber(t time.Time) int32 {
	return int32(t.Unix() / 86400)
}

// dayTime is the midnight UTC of a day number.
func dayTime(day int32) time.Time {
	return time.Unix(int64(day)*86400, 0).UTC()
}

// span returns the first and last day with articles; ok is false when
// there are none.
func (dl dayList) span() (lo, hi time.Time, ok bool) {
	if len(dl) == 0 {
		return lo, hi, false
	}
	return dayTime(dl[0].day), dayTime(dl[len(dl)-1].day), true
}

// dated is the number of articles with a date.
func (dl dayList) dated() int {
	n := 0
	for _, dc := range dl {
		n += dc.n
	}
	return n
}

// timelineSpan is the range a timeline covers: From..To when set, else the
// first to the last day of the results. ok is false when there is nothing
// to show (no dated results and no range).
func timelineSpan(dl dayList, from, to *time.Time) (lo, hi time.Time, ok bool) {
	lo, hi, ok = dl.span()
	return rangeSpan(lo, hi, ok, from, to)
}

// rangeSpan replaces the ends of the span lo..hi (ok: there is one) by
// the request's From and To where set.
func rangeSpan(lo, hi time.Time, ok bool, from, to *time.Time) (time.Time, time.Time, bool) {
	if from != nil {
		lo = dayOf(*from)
		if !ok || hi.Before(lo) {
			hi = lo
		}
		ok = true
	}
	if to != nil {
		hi = dayOf(*to)
		if !ok || lo.After(hi) {
			lo = hi
		}
		ok = true
	}
	return lo, hi, ok
}

// chooseInterval returns the forced interval after checking that it gives
// at most maxBars bars over lo..hi, or else the interval picked by itself.
func chooseInterval(forced string, lo, hi time.Time) (string, error) {
	if forced == "" {
		return pickInterval(lo, hi), nil
	}
	if !ValidInterval(forced) {
		return "", &QueryError{Msg: fmt.Sprintf("interval %q: use day, week, month or year", forced)}
	}
	if n := barCount(lo, hi, forced); n > maxBars {
		return "", &QueryError{Msg: fmt.Sprintf("interval %s would draw %d bars from %s to %s, more than %d: choose a longer interval or a shorter date range",
			forced, n, lo.Format(time.DateOnly), hi.Format(time.DateOnly), maxBars)}
	}
	return forced, nil
}

// buckets rolls day counts up into the bars of interval from lo to hi,
// empty bars included. Days outside lo..hi are not counted.
func (dl dayList) buckets(lo, hi time.Time, interval string) []Bucket {
	out := []Bucket{}
	hiNo := dayNumber(hi)
	j, _ := slices.BinarySearchFunc(dl, dayNumber(lo), func(dc dayCount, day int32) int { return int(dc.day) - int(day) })
	for s := floorTo(lo, interval); !s.After(hi); {
		next := nextStart(s, interval)
		b := Bucket{From: dateString(s), To: dateString(next.AddDate(0, 0, -1))}
		for end := min(dayNumber(next), hiNo+1); j < len(dl) && dl[j].day < end; j++ {
			b.Count += dl[j].n
		}
		out = append(out, b)
		s = next
	}
	return out
}

// timeline builds the timeline of a result set of total articles from its
// day counts and the request's date range and interval.
func timeline(dl dayList, total int, r Request) (Timeline, error) {
	tl := Timeline{Buckets: []Bucket{}, Undated: max(total-dl.dated(), 0)}
	lo, hi, ok := timelineSpan(dl, r.From, r.To)
	if !ok {
		tl.Interval = r.Interval
		if tl.Interval == "" {
			tl.Interval = IntervalMonth
		} else if !ValidInterval(tl.Interval) {
			_, err := chooseInterval(r.Interval, time.Time{}, time.Time{})
			return tl, err
		}
		return tl, nil
	}
	iv, err := chooseInterval(r.Interval, lo, hi)
	if err != nil {
		return tl, err
	}
	tl.Interval = iv
	tl.Buckets = dl.buckets(lo, hi, iv)
	return tl, nil
}

// months rolls day counts up into the month facet (Facets.Dates), with the
// undated articles under "undated", ordered by key.
func (dl dayList) months(undatedCount int) []DateCount {
	out := []DateCount{}
	// Every month's first and last day are written into one buffer, made
	// into one string at the end: no string allocated per month.
	var text []byte
	var ends []int  // by month: the end of its first day in text, then of its last
	end := int32(0) // the day after the month of the last DateCount
	for _, dc := range dl {
		if len(out) == 0 || dc.day >= end {
			y, m, d := dayTime(dc.day).Date()
			last := daysIn(y, m)
			end = dc.day - int32(d) + 1 + int32(last)
			text = appendYMD(text, y, m, 1)
			ends = append(ends, len(text))
			text = appendYMD(text, y, m, last)
			ends = append(ends, len(text))
			out = append(out, DateCount{})
		}
		out[len(out)-1].Count += dc.n
	}
	all, at := string(text), 0
	for i := range out {
		from, to := all[at:ends[2*i]], all[ends[2*i]:ends[2*i+1]]
		at = ends[2*i+1]
		out[i].Key, out[i].From, out[i].To = from[:len(from)-3], from, to
	}
	if undatedCount > 0 {
		out = append(out, DateCount{Key: undated, Count: undatedCount})
	}
	return out
}

// dateString is t.Format(time.DateOnly), without the layout's parsing.
func dateString(t time.Time) string {
	var b [10]byte
	return string(appendDate(b[:0], t))
}

// appendDate appends t as t.Format(time.DateOnly) would write it.
func appendDate(b []byte, t time.Time) []byte {
	y, m, d := t.Date()
	return appendYMD(b, y, m, d)
}

// appendYMD appends a date as time.DateOnly writes it.
func appendYMD(b []byte, y int, m time.Month, d int) []byte {
	if y < 0 || y > 9999 {
		return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).AppendFormat(b, time.DateOnly)
	}
	return append(b, byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-',
		byte('0'+int(m)/10), byte('0'+int(m)%10), '-', byte('0'+d/10), byte('0'+d%10))
}

// daysIn is the number of days of month m of year y.
func daysIn(y int, m time.Month) int {
	switch m {
	case time.April, time.June, time.September, time.November:
		return 30
	case time.February:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	}
	return 31
}
