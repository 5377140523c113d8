package urlid

import (
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strings"
)

// trackingParams are query parameters that only tell a site where a reader
// came from. They are dropped so that the same article shared through
// different channels is fetched and indexed once.
var trackingParams = map[string]bool{
	"fbclid": true, "gclid": true, "dclid": true, "gbraid": true, "wbraid": true,
	"msclkid": true, "yclid": true, "twclid": true, "ttclid": true, "igshid": true,
	"mc_cid": true, "mc_eid": true, "_ga": true, "_gl": true, "_hsenc": true,
	"_hsmi": true, "mkt_tok": true, "oly_enc_id": true, "oly_anon_id": true,
	"vero_id": true, "rb_clickid": true, "s_cid": true, "cmpid": true,
	"at_medium": true, "at_campaign": true, "ocid": true, "spm": true,
}

// isTrackingParam reports whether a query parameter name is a tracking
// parameter (utm_* and the well-known click ids).
func isTrackingParam(name string) bool {
	name = strings.ToLower(name)
	return strings.HasPrefix(name, "utm_") || trackingParams[name]
}

// Canonical returns the form of an http or https URL that Gazette
// identifies pages by: scheme and host in lower case, no default port, no
// user info, no fragment, "/" for an empty path, dot segments resolved,
// tracking parameters (utm_*, fbclid, gclid and the like) removed and the
// remaining query parameters sorted by name. Other schemes are an error.
func Canonical(raw string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return "", fmt.Errorf("bad URL %q: %w", raw, err)
	}
	return canonical(u)
}

func canonical(u *url.URL) (string, error) {
	c := *u
	c.Scheme = strings.ToLower(c.Scheme)
	if c.Scheme != "http" && c.Scheme != "https" {
		return "", fmt.Errorf("URL %q: only http and https URLs have a canonical form", u.String())
	}
	if c.Opaque != "" {
		return "", fmt.Errorf("URL %q is not hierarchical", u.String())
	}
	host := strings.TrimRight(strings.ToLower(c.Hostname()), ".")
	if host == "" {
		return "", fmt.Errorf("URL %q has no host", u.String())
	}
	port := c.Port()
	if (c.Scheme == "http" && port == "80") || (c.Scheme == "https" && port == "443") {
		port = ""
	}
	if strings.Contains(host, ":") {
		host = "[" + host + "]" // IPv6 literal
	}
	c.Host = host
	if port != "" {
		c.Host += ":" + port
	}
	c.User = nil
	c.Fragment, c.RawFragment = "", ""
	c.ForceQuery = false

	// Resolve dot segments; an empty path is "/".
	if c.Path == "" {
		c.Path, c.RawPath = "/", ""
	} else if strings.Contains(c.Path, ".") {
		c = *c.ResolveReference(&url.URL{Path: c.Path, RawPath: c.RawPath, RawQuery: c.RawQuery})
	}

	c.RawQuery = cleanQuery(c.RawQuery)
	return c.String(), nil
}

// cleanQuery drops tracking parameters and empty pairs and sorts the rest
// by name, keeping each pair's original encoding and the order of repeated
// names.
func cleanQuery(q string) string {
	if q == "" {
		return ""
	}
	type pair struct{ name, raw string }
	var pairs []pair
	for _, p := range strings.FieldsFunc(q, func(r rune) bool { return r == '&' || r == ';' }) {
		name, _, _ := strings.Cut(p, "=")
		if n, err := url.QueryUnescape(name); err == nil {
			name = n
		}
		if name == "" || isTrackingParam(name) {
			continue
		}
		pairs = append(pairs, pair{name, strings.ReplaceAll(p, " ", "%20")})
	}
	sort.SliceStable(pairs, func(i, j int) bool { return pairs[i].name < pairs[j].name })
	raw := make([]string, len(pairs))
	for i, p := range pairs {
		raw[i] = p.raw
	}
	return strings.Join(raw, "&")
}

// Resolve makes href (a link on the page at base) absolute and returns
// its canonical form.
func Resolve(base *url.URL, href string) (string, error) {
	href = strings.TrimSpace(href)
	if href == "" {
		return "", errors.New("empty link")
	}
	ref, err := url.Parse(href)
	if err != nil {
		return "", fmt.Errorf("bad link %q: %w", href, err)
	}
	return canonical(base.ResolveReference(ref))
}
