package extract

import (
	"regexp"
	"slices"
	"strings"
)

// titleSources are the places where a page names its headline.
type titleSources struct {
	chosen   string    // trafilatura's title (from og:title, <title> and the like), else meta.fallbackTitle
	head     []string  // what the page says in its head, best first: og:title, JSON-LD headline, twitter:title, <title>
	headings []heading // the visible <h1> and <h2>, in document order
	host     string    // the page's host, for site names in titles
	sites    []string  // site names: og:site_name (trafilatura's guess is often a title part, so it is not used)
}

// pickTitle chooses the article's title by agreement between what the page
// says in its head and what it shows. The head titles are tidied (site
// names trimmed) and tried best first: a visible headline that agrees with
// one of them, or with a run of parts of one ("Section | Headline | Site"),
// wins in the form the reader sees it (its typography, without a kicker);
// <h1> elements come before <h2>, logos and site names are never taken.
// Without such agreement the page's only <h1> is taken when it reads like
// a headline (chooseTitle), else the best tidied head title that is not
// the site's name (trafilatura's choice last: it takes a logo <h1> too
// readily). The text of a logo heading counts as a site name in all this.
func pickTitle(src titleSources) string {
	src.headings = siteHeadings(src.headings, src.head)
	for _, h := range src.headings {
		if h.logo {
			src.sites = append(src.sites, h.text) // a logo heading names the site
		}
	}
	var heads []string
	for _, h := range append(src.head, src.chosen) {
		if h = tidyTitle(cleanTitle(h), src.host, src.sites...); h != "" {
			heads = append(heads, h)
		}
	}
	heads = untruncate(heads)
	for level := 1; level <= 2; level++ {
		if h, ok := agreeingHeading(level, heads, src.headings, src.sites); ok {
			return h
		}
	}
	chosen := tidyTitle(cleanTitle(src.chosen), src.host, src.sites...)
	title := ""
	for _, h := range heads {
		if !isSiteName(h, src.sites) {
			title = h
			if chosen != h && agrees(chosen, h) {
				title = chosen // trafilatura cut a site name that tidyTitle did not know
			}
			break
		}
	}
	if title == "" {
		title = firstNonEmpty(heads...)
	}
	only, n := "", 0
	for _, h := range src.headings {
		if h.level == 1 && !h.logo {
			only = h.text
			n++
		}
	}
	if n != 1 {
		return title
	}
	return chooseTitle(title, firstNonEmpty(src.head...), only, src.host, src.sites)
}

// siteHeadings marks as the site's name an <h1> outside <article> and
// <main> that repeats every head title, when an <h1> inside them exists: a
// page whose head names only the site ("Example News") and whose header
// shows that name as a plain <h1>, above the article's own <h1>.
func siteHeadings(hs []heading, head []string) []heading {
	inner := false
	for _, h := range hs {
		inner = inner || h.level == 1 && h.inArticle && !h.logo
	}
	if !inner {
		return hs
	}
	out := slices.Clone(hs)
	for i, h := range out {
		if h.level != 1 || h.inArticle || h.logo {
			continue
		}
		same := false
		for _, t := range head {
			if t == "" {
				continue
			}
			if !sameLetters(t, h.text) {
				same = false
				break
			}
			same = true
		}
		out[i].logo = same
	}
	return out
}

// agreeingHeading returns the visible headline of the level (1 for <h1>,
// 2 for <h2>) that agrees with a head title, skipping logos and the site's
// name. The head titles are tried best first, each in four ways: a
// heading equal to the whole head title; then the longest heading equal to
// a run of its parts ("Section - Headline - Site": the section may be a
// heading too); then a run of a heading's child texts, for a headline with
// a subtitle, dateline or unmarked kicker beside it in the same element;
// then a heading that the head title starts with and goes on a little
// ("Recipe" for "Recipe by user"; see leads).
func agreeingHeading(level int, heads []string, headings []heading, sites []string) (string, bool) {
	var cands []heading
	for _, h := range headings {
		if h.level == level && !h.logo && !isSiteName(h.text, sites) {
			cands = append(cands, h)
		}
	}
	for _, t := range heads {
		best := ""
		for _, h := range cands {
			if sameLetters(h.text, t) {
				return h.text, true
			}
			if agrees(h.text, t) && len(h.text) > len(best) {
				best = h.text
			}
		}
		if best != "" {
			return best, true
		}
		for _, h := range cands {
			if run, ok := agreeingRun(h, t); ok {
				return run, true
			}
		}
		for _, h := range cands {
			if leads(h.text, t) {
				return h.text, true
			}
		}
	}
	return "", false
}

// minLead is the least share of a head title's letters that a heading
// starting it must have to stand for it.
const minLead = 0.6

// leads reports whether heading h is how head title t starts, ending at a
// word boundary, with most of t's letters ("Der historische Purzelbaum"
// for "Der historische Purzelbaum (2021/5)").
func leads(h, t string) bool {
	kh, kt := lettersOnly(h), lettersOnly(t)
	if len(kh) < 2 || len(kh) >= len(kt) || !strings.HasPrefix(kt, kh) || float64(len(kh)) < minLead*float64(len(kt)) {
		return false
	}
	fields := strings.Fields(t)
	run := ""
	for _, f := range fields {
		if run += lettersOnly(f); run == kh {
			return true
		}
		if len(run) > len(kh) {
			return false
		}
	}
	return false
}

// sameLetters reports whether a and b have the same letters and digits.
func sameLetters(a, b string) bool {
	k := lettersOnly(a)
	return k != "" && k == lettersOnly(b)
}

// minRunWords is the least number of words in a run of a heading's child
// texts that may stand for the headline.
const minRunWords = 3

// agreeingRun finds a run of consecutive child texts of heading h that
// agrees with the head title t and has at least minRunWords words, and
// returns it joined, without separators left at its ends.
func agreeingRun(h heading, t string) (string, bool) {
	for i := range h.parts {
		for j := i + 1; j <= len(h.parts); j++ {
			if i == 0 && j == len(h.parts) {
				continue // the whole heading has been compared already
			}
			run := strings.Trim(strings.Join(h.parts[i:j], " "), " :|-–—·•")
			if len(strings.Fields(run)) >= minRunWords && agrees(run, t) {
				return run, true
			}
		}
	}
	return "", false
}

// isSiteName reports whether s is one of the site names.
func isSiteName(s string, sites []string) bool {
	k := lettersOnly(s)
	for _, site := range sites {
		if site != "" && lettersOnly(site) == k {
			return true
		}
	}
	return false
}

// partSeparators split a head title into parts for comparison with the
// visible headline: titleSeparators and a colon set off by spaces
// ("Headline : 31.10.2023, 10.19 Uhr").
var partSeparators = regexp.MustCompile(titleSeparators.String() + `|\s+:\s+`)

// maxHeadTitle bounds, in bytes, the head title compared with headings.
const maxHeadTitle = 1000

// agrees reports whether the visible headline h says the same as the head
// title t, or as a run of consecutive parts of it, comparing letters and
// digits only (so quotes, dashes and ellipses may differ).
func agrees(h, t string) bool {
	k := lettersOnly(h)
	if len(k) < 2 {
		return false
	}
	if len(t) > maxHeadTitle {
		t = t[:maxHeadTitle] // no headline is longer; a longer title is stuffing
	}
	if lettersOnly(t) == k {
		return true
	}
	parts := partSeparators.Split(t, 9)
	if len(parts) > 8 {
		parts = parts[:8]
	}
	for i := range parts {
		run := ""
		for j := i; j < len(parts) && len(run) < len(k); j++ {
			if run += lettersOnly(parts[j]); run == k {
				return true
			}
		}
	}
	return false
}

// untruncate replaces a head title that stops where another one goes on
// with a quotation: a CMS that writes an unescaped quote into a meta tag
// (content="Senator calls Biden "unfit"") leaves og:title cut before the
// quote, while <title> has it whole.
func untruncate(heads []string) []string {
	for i, h := range heads {
		for _, longer := range heads {
			rest, ok := strings.CutPrefix(longer, h)
			if ok && len(rest) > 2 && rest[0] == ' ' && strings.ContainsRune(`"“„«'`, []rune(rest[1:])[0]) {
				heads[i] = longer
				break
			}
		}
	}
	return heads
}
