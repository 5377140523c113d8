package search

import (
	"fmt"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2/search/query"
)

// filterQuery builds the conjunction of Request filters, or nil when there
// are none. Filters do not change scores.
func filterQuery(r Request) (query.Query, error) {
	var fs []query.Query
	for _, id := range r.Places {
		if id = strings.TrimSpace(id); id == "" {
			continue
		}
		tq := query.NewTermQuery(id)
		tq.SetField(fieldPlace)
		fs = append(fs, tq)
	}
	if r.Lang != "" {
		tq := query.NewTermQuery(primaryLang(r.Lang))
		tq.SetField(fieldLang)
		fs = append(fs, tq)
	}
	if r.Site != "" {
		tq := query.NewTermQuery(strings.ToLower(strings.TrimSpace(r.Site)))
		tq.SetField(fieldSite)
		fs = append(fs, tq)
	}
	if r.From != nil || r.To != nil {
		var start, end time.Time // zero means open-ended
		if r.From != nil {
			start = dayOf(*r.From)
		}
		if r.To != nil {
			end = dayOf(*r.To).AddDate(0, 0, 1)
		}
		if r.From != nil && r.To != nil && !start.Before(end) {
			return nil, &QueryError{Msg: fmt.Sprintf("date range is empty: from %s is after to %s",
				r.From.Format(time.DateOnly), r.To.Format(time.DateOnly))}
		}
		incl, excl := true, false
		dq := query.NewDateRangeInclusiveQuery(start, end, &incl, &excl)
		dq.SetField(fieldDay)
		fs = append(fs, dq)
	}
	geo, err := geoFilters(r)
	if err != nil {
		return nil, err
	}
	fs = append(fs, geo...)
	if len(fs) == 0 {
		return nil, nil
	}
	return query.NewConjunctionQuery(fs), nil
}
