package crawl

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"syscall"
	"time"
)

// ErrForbiddenAddress is returned for a connection to a loopback, private,
// link-local or otherwise non-public address while AllowPrivate is off.
var ErrForbiddenAddress = errors.New("crawl: refusing a non-public address")

// ErrTooLarge is returned for a response body over the size cap.
var ErrTooLarge = errors.New("crawl: response body too large")

// response is one HTTP exchange as received.
type response struct {
	URL     string
	Request []byte // the request message as sent, for the WARC request record
	Status  int
	Header  http.Header // as received
	Body    []byte      // as received (still gzipped if the server gzipped it)
	Time    time.Time   // when the request was sent; zero for a response read from the archive

	// Text and TextHeader are the body with its Content-Encoding undone
	// and the headers without Content-Encoding, for the crawler and the
	// extractor. A body that cannot be decoded leaves Text nil.
	Text       []byte
	TextHeader http.Header
}

// decodeBody fills in Text and TextHeader. Only gzip is asked for, so
// only gzip (and no coding) is undone; the decoded size is capped too.
func (r *response) decodeBody(limit int64) {
	coding := strings.ToLower(strings.TrimSpace(r.Header.Get("Content-Encoding")))
	r.TextHeader = r.Header.Clone()
	r.TextHeader.Del("Content-Encoding")
	r.TextHeader.Del("Content-Length")
	switch coding {
	case "", "identity":
		r.Text = r.Body
	case "gzip", "x-gzip":
		zr, err := gzip.NewReader(bytes.NewReader(r.Body))
		if err != nil {
			return
		}
		text, err := io.ReadAll(io.LimitReader(zr, limit+1))
		if err != nil || int64(len(text)) > limit {
			return
		}
		r.Text = text
	}
}

// fetcher makes single GET requests. It never follows redirects itself (the
// crawler queues the target like any link, so robots.txt, scope and the
// redirect limit apply to it) and it checks every address it connects to
// after DNS resolution, so neither a DNS name nor a redirect can lead it
// into a private network.
type fetcher struct {
	client    *http.Client
	userAgent string
	maxBody   int64
}

func newFetcher(cfg Config) *fetcher {
	dialer := &net.Dialer{Timeout: cfg.Timeout, KeepAlive: 30 * time.Second}
	if !cfg.AllowPrivate {
		dialer.Control = refusePrivate
	}
	transport := &http.Transport{
		Proxy:                 nil, // a proxy would hide the address we connect to
		DialContext:           dialer.DialContext,
		ForceAttemptHTTP2:     true,
		MaxConnsPerHost:       1, // one connection per host
		MaxIdleConnsPerHost:   1,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   cfg.Timeout,
		ResponseHeaderTimeout: cfg.Timeout,
	}
	return &fetcher{
		client: &http.Client{
			Transport: transport,
			Timeout:   cfg.Timeout,
			CheckRedirect: func(*http.Request, []*http.Request) error {
				return http.ErrUseLastResponse
			},
		},
		userAgent: cfg.userAgent(),
		maxBody:   cfg.MaxBodySize,
	}
}

// refusePrivate is a net.Dialer Control hook: it runs after DNS resolution
// with the address actually dialled.
func refusePrivate(network, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("%w: %s", ErrForbiddenAddress, address)
	}
	if why := notPublic(ap.Addr()); why != "" {
		return &AddressError{Addr: ap.Addr(), Why: why}
	}
	return nil
}

// AddressError is the error for a connection refused because its address
// is not public; it matches ErrForbiddenAddress.
type AddressError struct {
	Addr netip.Addr
	Why  string // the kind of address: "loopback", "private", "NAT64, 64:ff9b::/96", …
}

func (e *AddressError) Error() string {
	return fmt.Sprintf("%v: %s (%s)", ErrForbiddenAddress, e.Addr, e.Why)
}

func (e *AddressError) Is(target error) bool { return target == ErrForbiddenAddress }

// specialPurpose lists the IANA special-purpose address blocks
// (https://www.iana.org/assignments/iana-ipv4-special-registry,
// iana-ipv6-special-registry) that are not globally reachable, or that
// embed an IPv4 address a gateway would forward to (NAT64, 6to4, Teredo,
// IPv4-compatible and -translated forms), together with the blocks
// netip's own predicates do not cover. IPv4-mapped IPv6 addresses
// (::ffff:a.b.c.d) are unmapped and judged as IPv4.
var specialPurpose = []struct {
	prefix netip.Prefix
	name   string
}{
	{netip.MustParsePrefix("0.0.0.0/8"), `"this network"`},
	{netip.MustParsePrefix("100.64.0.0/10"), "carrier-grade NAT"},
	{netip.MustParsePrefix("192.0.0.0/24"), "IETF protocol assignments"},
	{netip.MustParsePrefix("192.0.2.0/24"), "documentation"},
	{netip.MustParsePrefix("192.88.99.0/24"), "6to4 relay anycast"},
	{netip.MustParsePrefix("198.18.0.0/15"), "benchmarking"},
	{netip.MustParsePrefix("198.51.100.0/24"), "documentation"},
	{netip.MustParsePrefix("203.0.113.0/24"), "documentation"},
	{netip.MustParsePrefix("240.0.0.0/4"), "reserved"}, // 255.255.255.255 too

	{netip.MustParsePrefix("::/96"), "IPv4-compatible IPv6"}, // :: and ::1 too
	{netip.MustParsePrefix("::ffff:0:0:0/96"), "IPv4-translated IPv6"},
	{netip.MustParsePrefix("64:ff9b::/96"), "NAT64"},
	{netip.MustParsePrefix("64:ff9b:1::/48"), "local-use NAT64"},
	{netip.MustParsePrefix("100::/64"), "discard-only"},
	{netip.MustParsePrefix("2001::/23"), "IETF protocol assignments, Teredo included"},
	{netip.MustParsePrefix("2001:db8::/32"), "documentation"},
	{netip.MustParsePrefix("2002::/16"), "6to4"},
	{netip.MustParsePrefix("3fff::/20"), "documentation"},
	{netip.MustParsePrefix("5f00::/16"), "segment routing"},
	{netip.MustParsePrefix("fec0::/10"), "site-local"},
}

// globalUnicast6 is the only IPv6 block allocated for global unicast.
var globalUnicast6 = netip.MustParsePrefix("2000::/3")

// isPublic reports whether a is a globally routable unicast address.
func isPublic(a netip.Addr) bool { return notPublic(a) == "" }

// notPublic says why a is not a globally routable unicast address, or
// returns "" if it is.
func notPublic(a netip.Addr) string {
	a = a.Unmap()
	switch {
	case !a.IsValid():
		return "invalid"
	case a.IsUnspecified():
		return "unspecified"
	case a.IsLoopback():
		return "loopback"
	case a.IsPrivate():
		return "private"
	case a.IsMulticast():
		return "multicast"
	case a.IsLinkLocalUnicast():
		return "link-local"
	}
	for _, sp := range specialPurpose {
		if sp.prefix.Contains(a) {
			return sp.name + ", " + sp.prefix.String()
		}
	}
	if a.Is6() && !globalUnicast6.Contains(a) {
		return "not IPv6 global unicast"
	}
	return ""
}

// fetch GETs url. A body over the size cap is an error (ErrTooLarge); a
// non-2xx status is not, the caller archives it as received. With prev,
// the headers of an earlier capture, the request is conditional on its
// ETag and Last-Modified (a 304 means unchanged).
func (f *fetcher) fetch(ctx context.Context, url string, prev http.Header) (*response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, fmt.Errorf("crawl: request %s: %w", url, err)
	}
	req.Header.Set("User-Agent", f.userAgent)
	req.Header.Set("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
	// Asking for gzip ourselves keeps the transport from decoding it, so
	// the archive gets the body as it came over the wire.
	req.Header.Set("Accept-Encoding", "gzip")
	if etag := prev.Get("ETag"); etag != "" {
		req.Header.Set("If-None-Match", etag)
	}
	if lm := prev.Get("Last-Modified"); lm != "" {
		req.Header.Set("If-Modified-Since", lm)
	}
	start := time.Now()
	resp, err := f.client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("crawl: fetch %s: %w", url, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, f.maxBody+1))
	if err != nil {
		return nil, fmt.Errorf("crawl: read %s: %w", url, err)
	}
	if int64(len(body)) > f.maxBody {
		return nil, fmt.Errorf("%w: %s is over %d bytes", ErrTooLarge, url, f.maxBody)
	}
	r := &response{URL: url, Request: requestMessage(req), Status: resp.StatusCode, Header: resp.Header, Body: body, Time: start}
	r.decodeBody(4 * f.maxBody)
	return r, nil
}

// requestMessage renders a request as an HTTP/1.1 message for the archive,
// with the Host header the transport adds.
func requestMessage(req *http.Request) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s %s HTTP/1.1\r\nHost: %s\r\n", req.Method, req.URL.RequestURI(), req.URL.Host)
	req.Header.Write(&b)
	b.WriteString("\r\n")
	return b.Bytes()
}

func (f *fetcher) close() { f.client.CloseIdleConnections() }
