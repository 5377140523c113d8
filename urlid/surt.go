package urlid

import (
	"net"
	"net/url"
	"slices"
	"strings"
)

// SURT returns the sort key of a URL in a CDXJ index (Sort-friendly URI
// Reordering Transform, as pywb computes it): scheme and a leading "www."
// dropped, host labels reversed and comma-separated, a non-default port
// kept, the fragment dropped, query parameters sorted, all lower case:
//
//	https://www.Example.com/News/a?b=2&a=1#top → com,example)/news/a?a=1&b=2
//
// A URL that is not http(s) or does not parse is returned lower-cased.
func SURT(rawURL string) string {
	u, err := url.Parse(strings.TrimSpace(rawURL))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return strings.ToLower(rawURL)
	}
	host := strings.ToLower(u.Hostname())
	host = strings.TrimSuffix(host, ".")
	port := u.Port()
	if (u.Scheme == "http" && port == "80") || (u.Scheme == "https" && port == "443") {
		port = ""
	}
	var key string
	if net.ParseIP(host) != nil {
		key = host // IP addresses are not reversed
	} else {
		labels := strings.Split(host, ".")
		if len(labels) > 2 && isWWW(labels[0]) {
			labels = labels[1:]
		}
		slices.Reverse(labels)
		key = strings.Join(labels, ",")
	}
	if port != "" {
		key += ":" + port
	}
	path := u.EscapedPath()
	if path == "" {
		path = "/"
	}
	key += ")" + path
	if u.RawQuery != "" {
		params := strings.Split(u.RawQuery, "&")
		slices.Sort(params)
		key += "?" + strings.Join(params, "&")
	}
	return strings.ToLower(key)
}

// isWWW reports whether a host label is "www" or "www" and digits.
func isWWW(label string) bool {
	rest, ok := strings.CutPrefix(label, "www")
	if !ok {
		return false
	}
	for _, r := range rest {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
