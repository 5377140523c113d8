package search

import (
	"fmt"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2/search/query"
)

// filterQuery builds the conjunction of Request filters, or nil when there
// are none. Filters do not change scores. Several values of one facet
// (places of one level, languages, sites) match any of them.
func filterQuery(r Request) (query.Query, error) {
	var fs []query.Query
	var places []string
	for _, id := range r.Places {
		if id = strings.TrimSpace(id); id != "" {
			places = append(places, id)
		}
	}
	for _, group := range placeGroups(places, r.known) {
		fs = append(fs, anyTerm(fieldPlace, group))
	}
	var langs, sites []string
	for _, l := range r.Langs {
		if strings.TrimSpace(l) == "" {
			continue
		}
		code, ok := langCode(l)
		if !ok {
			return nil, &QueryError{Msg: fmt.Sprintf("unknown language code “%s”; use a code such as en, uk or ru", l)}
		}
		langs = append(langs, code)
	}
	for _, s := range r.Sites {
		if s = strings.ToLower(strings.TrimSpace(s)); s != "" {
			sites = append(sites, s)
		}
	}
	if len(langs) > 0 {
		fs = append(fs, anyTerm(fieldLang, langs))
	}
	if len(sites) > 0 {
		fs = append(fs, anyTerm(fieldSite, sites))
	}
	dates, err := dateFilter(r)
	if err != nil {
		return nil, err
	}
	if dates != nil {
		fs = append(fs, dates)
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

// anyTerm matches documents holding any of terms in field.
func anyTerm(field string, terms []string) query.Query {
	qs := make([]query.Query, len(terms))
	for i, t := range terms {
		tq := query.NewTermQuery(t)
		tq.SetField(field)
		qs[i] = tq
	}
	if len(qs) == 1 {
		return qs[0]
	}
	return query.NewDisjunctionQuery(qs)
}

// dateFilter builds the publication date filter of r: the From..To range
// and what to do with undated articles (see Request.Undated), or nil for
// none.
func dateFilter(r Request) (query.Query, error) {
	undatedTerm := func() query.Query {
		tq := query.NewTermQuery(undated)
		tq.SetField(fieldMonth)
		return tq
	}
	ranged := r.From != nil || r.To != nil
	switch r.Undated {
	case "":
	case UndatedOnly:
		if ranged {
			return nil, &QueryError{Msg: "undated=only keeps only articles without a date; it cannot be combined with from or to (use undated=include to add them to a date range)"}
		}
		return undatedTerm(), nil
	case UndatedExclude:
		if !ranged {
			return query.NewBooleanQuery([]query.Query{query.NewMatchAllQuery()}, nil, []query.Query{undatedTerm()}), nil
		}
	case UndatedInclude:
		if !ranged {
			return nil, nil
		}
	default:
		return nil, &QueryError{Msg: fmt.Sprintf("undated %q: use only, include or exclude", r.Undated)}
	}
	if !ranged {
		return nil, nil
	}
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
	if r.Undated == UndatedInclude {
		return query.NewDisjunctionQuery([]query.Query{dq, undatedTerm()}), nil
	}
	return dq, nil
}
