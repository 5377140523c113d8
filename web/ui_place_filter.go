package web

import (
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/gazette-news/gazette/search"
)

// The search form has a free-text place filter, "where": a place name in
// any spelling or script ("Харків", "Izyum", "kupyansk"), optionally
// qualified by the region or country it is in ("Lyman (Donetsk Oblast)",
// "Lyman, Donetsk"). The search page turns it into a place=ID filter: one
// place that fits redirects to the filtered search; several show a
// "which one?" list; none shows a notice. static/places.js offers the
// gazetteer's names as the user types (from /api/v1/places), but the form
// works without it.

// placeFilterParam is the search form's free-text place field.
const placeFilterParam = "where"

// maxPlaceChoices bounds the "which place?" list.
const maxPlaceChoices = 12

// placeChoice is one candidate of an ambiguous or partial place name.
type placeChoice struct {
	Label string // "Lyman (Donetsk Oblast, Ukraine)"
	URL   string // the current search filtered to it
}

// placeFilter handles the "where" field of a search page request. It
// returns true when it has answered (a redirect); otherwise it returns the
// choices or notice to show above the results.
func (s *server) placeFilter(w http.ResponseWriter, r *http.Request, req search.Request) (handled bool, typed string, choices []placeChoice) {
	typed = strings.TrimSpace(r.URL.Query().Get(placeFilterParam))
	if typed == "" || s.places == nil {
		return false, "", nil
	}
	if !utf8.ValidString(typed) || utf8.RuneCountInString(typed) > maxPrefixRunes {
		return false, strings.ToValidUTF8(string([]rune(typed)[:min(len([]rune(typed)), 40)]), "") + "…", nil // no place is called that
	}
	req.Page = 1
	found := s.resolvePlace(typed)
	if len(found) == 1 {
		http.Redirect(w, r, searchURL(withPlace(req, found[0].ID), 1), http.StatusSeeOther)
		return true, typed, nil
	}
	for _, p := range found {
		choices = append(choices, placeChoice{Label: placeLabel(p), URL: searchURL(withPlace(req, p.ID), 1)})
	}
	return false, typed, choices
}

// resolvePlace returns the places a typed name may mean: the places with a
// name equal to it (any spelling, case and script), or else those with a
// name starting with it, keeping only those inside the qualifying region
// or country when one is given; a name that holds a comma itself
// ("Washington, D.C.") is tried whole when the qualified reading finds
// nothing. The gazetteer's order (most important first) is kept.
func (s *server) resolvePlace(typed string) []PlaceInfo {
	name, qualifiers := splitPlaceQualifiers(typed)
	found := s.placesNamed(name, qualifiers)
	if len(found) == 0 && len(qualifiers) > 0 {
		found = s.placesNamed(typed, nil)
	}
	return found[:min(len(found), maxPlaceChoices)]
}

// placesNamed lists the places called name (else those whose name starts
// with it) inside every qualifier.
func (s *server) placesNamed(name string, qualifiers []string) []PlaceInfo {
	if name == "" {
		return nil
	}
	var exact, prefix []PlaceInfo
	for _, p := range s.places.Lookup(name, maxPlaceChoices*4) {
		if !s.withinAll(p, qualifiers) {
			continue
		}
		full, ok := s.places.Place(p.ID)
		if ok && hasName(full, name) {
			exact = append(exact, p)
		} else {
			prefix = append(prefix, p)
		}
	}
	if len(exact) > 0 {
		return exact
	}
	return prefix
}

// splitPlaceQualifiers splits "Lyman (Donetsk Oblast)" and "Lyman, Donetsk,
// Ukraine" into the name and its qualifiers.
func splitPlaceQualifiers(typed string) (name string, qualifiers []string) {
	if open := strings.Index(typed, "("); open > 0 {
		inner := strings.TrimSuffix(strings.TrimSpace(typed[open+1:]), ")")
		typed = typed[:open] + "," + inner
	}
	parts := strings.Split(typed, ",")
	for _, q := range parts[1:] {
		if q = strings.TrimSpace(q); q != "" {
			qualifiers = append(qualifiers, q)
		}
	}
	return strings.TrimSpace(parts[0]), qualifiers
}

// withinAll reports whether every qualifier starts a name, in any spelling
// or script, of a place above p (or is its country code): "Donetsk",
// "Донецька область" and "UA" fit Lyman in Donetsk Oblast.
func (s *server) withinAll(p PlaceInfo, qualifiers []string) bool {
	if len(qualifiers) == 0 {
		return true
	}
	var names []string
	for _, h := range p.Hierarchy {
		names = append(names, h.Name)
		if full, ok := s.places.Place(h.ID); ok {
			names = append(names, full.Names...)
		}
	}
	for _, q := range qualifiers {
		q = strings.ToLower(foldApostrophes(q))
		fits := strings.EqualFold(q, p.Country)
		for _, n := range names {
			fits = fits || strings.HasPrefix(strings.ToLower(foldApostrophes(n)), q)
		}
		if !fits {
			return false
		}
	}
	return true
}

// hasName reports whether one of p's names is name, ignoring case and the
// apostrophe variants of Ukrainian spellings.
func hasName(p PlaceInfo, name string) bool {
	name = foldApostrophes(name)
	if strings.EqualFold(foldApostrophes(p.Name), name) {
		return true
	}
	for _, n := range p.Names {
		if strings.EqualFold(foldApostrophes(n), name) {
			return true
		}
	}
	return false
}

func foldApostrophes(s string) string {
	return strings.NewReplacer("ʼ", "'", "’", "'", "`", "'", "ʹ", "'").Replace(s)
}

// placeLabel names a place with the places above it: "Lyman (Donetsk
// Oblast, Ukraine)", "Kharkiv Oblast (Ukraine)", "Ukraine".
func placeLabel(p PlaceInfo) string {
	var above []string
	for _, h := range p.Hierarchy {
		above = append(above, h.Name)
	}
	if len(above) == 0 {
		return p.Name
	}
	return p.Name + " (" + strings.Join(above, ", ") + ")"
}
