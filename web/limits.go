package web

import (
	"errors"
	"log"
	"net/http"
	"runtime"
	"strconv"
	"time"
)

// Limits bounds what one request may cost the server: how long it may take
// to arrive and to be answered, how large its header and body may be, and
// how many searches run or wait at once. A zero field takes its default
// (see the Default* constants).
type Limits struct {
	// ReadHeaderTimeout is how long a client has to send a request's
	// header; ReadTimeout how long for the whole request, body included.
	ReadHeaderTimeout time.Duration
	ReadTimeout       time.Duration
	// WriteTimeout is how long the answer may take, from the end of the
	// request's header. A handler that streams a long response (a large
	// archived record) moves the deadline forward before each chunk it
	// writes, so a download that keeps moving runs to its end while a
	// stalled one is still cut off (see extendWrites).
	WriteTimeout time.Duration
	// IdleTimeout is how long a kept-alive connection may wait for its
	// next request before the server closes it.
	IdleTimeout time.Duration
	// MaxHeaderBytes bounds the request line and header. Past it the API
	// answers a JSON 431; past twice as much, net/http refuses the request
	// itself, before any handler runs, with a plain-text 431.
	MaxHeaderBytes int
	// MaxBodyBytes bounds the body of a POST (the crawl API); past it the
	// answer is a JSON 413.
	MaxBodyBytes int64

	// SearchTimeout is the deadline of one search, waiting included; past
	// it the answer is 503 with Retry-After.
	SearchTimeout time.Duration
	// MaxSearches is how many searches run at once; SearchQueue how many
	// more may wait for one of them to finish. A search that finds the
	// queue full is refused at once with 503 and Retry-After.
	MaxSearches int
	SearchQueue int
}

// Defaults of Limits.
const (
	DefaultReadHeaderTimeout = 10 * time.Second
	DefaultReadTimeout       = 30 * time.Second
	DefaultWriteTimeout      = 60 * time.Second
	DefaultIdleTimeout       = 60 * time.Second
	DefaultMaxHeaderBytes    = 64 << 10
	DefaultMaxBodyBytes      = 1 << 20
	DefaultSearchTimeout     = 2 * time.Second
	// DefaultMaxSearches is 0: one search per core (GOMAXPROCS).
	// DefaultSearchQueue is 0: four waiting searches per running one.
)

// withDefaults fills in the zero fields.
func (l Limits) withDefaults() Limits {
	set := func(d *time.Duration, def time.Duration) {
		if *d <= 0 {
			*d = def
		}
	}
	set(&l.ReadHeaderTimeout, DefaultReadHeaderTimeout)
	set(&l.ReadTimeout, DefaultReadTimeout)
	set(&l.WriteTimeout, DefaultWriteTimeout)
	set(&l.IdleTimeout, DefaultIdleTimeout)
	set(&l.SearchTimeout, DefaultSearchTimeout)
	if l.MaxHeaderBytes <= 0 {
		l.MaxHeaderBytes = DefaultMaxHeaderBytes
	}
	if l.MaxBodyBytes <= 0 {
		l.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if l.MaxSearches <= 0 {
		l.MaxSearches = runtime.GOMAXPROCS(0)
	}
	if l.SearchQueue <= 0 {
		l.SearchQueue = 4 * l.MaxSearches
	}
	return l
}

// NewHTTPServer returns an http.Server for a handler built by New or
// NewReplay with the same limits: its timeouts and header limit. errorLog
// receives net/http's own messages (nil: the standard logger).
func NewHTTPServer(h http.Handler, l Limits, errorLog *log.Logger) *http.Server {
	l = l.withDefaults()
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: l.ReadHeaderTimeout,
		ReadTimeout:       l.ReadTimeout,
		WriteTimeout:      l.WriteTimeout,
		IdleTimeout:       l.IdleTimeout,
		// The handlers answer headers past MaxHeaderBytes themselves (in
		// JSON on the API); net/http's limit is the backstop.
		MaxHeaderBytes: 2 * l.MaxHeaderBytes,
		ErrorLog:       errorLog,
	}
}

// headerSize is the size of a request's line and header as sent, near
// enough: what MaxHeaderBytes bounds.
func headerSize(r *http.Request) int {
	n := len(r.Method) + len(r.RequestURI) + len(r.Proto) + 4
	for k, vs := range r.Header {
		for _, v := range vs {
			n += len(k) + len(v) + 4 // ": " and CRLF
		}
	}
	return n + len(r.Host) + 8 // the Host header, which net/http moves out of Header
}

// limitHeaders refuses a request whose header is larger than max with 431:
// JSON under /api/, an error page elsewhere (apiOrPage decides).
func limitHeaders(next http.Handler, max int, refuse func(w http.ResponseWriter, r *http.Request, status int, code, msg string)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if headerSize(r) > max {
			w.Header().Set("Connection", "close")
			refuse(w, r, http.StatusRequestHeaderFieldsTooLarge, codeTooLarge,
				"the request line and header are larger than "+strconv.Itoa(max)+" bytes")
			return
		}
		next.ServeHTTP(w, r)
	})
}

// bodyError maps an error from reading a request body to a refusal: 413
// past MaxBodyBytes, 408 when the client was too slow to send it
// (ReadTimeout), and ok=false for anything else.
func bodyError(err error) (status int, code, msg string, ok bool) {
	var tooLarge *http.MaxBytesError
	var timeout interface{ Timeout() bool }
	switch {
	case errors.As(err, &tooLarge):
		return http.StatusRequestEntityTooLarge, codeTooLarge,
			"the request body is larger than " + strconv.FormatInt(tooLarge.Limit, 10) + " bytes", true
	case errors.As(err, &timeout) && timeout.Timeout():
		return http.StatusRequestTimeout, codeTimeout, "the request body did not arrive in time", true
	}
	return 0, "", "", false
}

// extendWrites returns a ResponseWriter for a long streamed response
// (a large archived record, an export): before each write it moves the
// connection's write deadline d into the future, so the server's
// WriteTimeout bounds each stall rather than the whole response. Where the
// ResponseWriter cannot set deadlines (a test recorder), writes go
// straight through.
func extendWrites(w http.ResponseWriter, d time.Duration) http.ResponseWriter {
	return &deadlineWriter{ResponseWriter: w, rc: http.NewResponseController(w), d: d}
}

type deadlineWriter struct {
	http.ResponseWriter
	rc      *http.ResponseController
	d       time.Duration
	stopped bool // the writer cannot set deadlines
}

func (dw *deadlineWriter) Write(p []byte) (int, error) {
	if !dw.stopped {
		if err := dw.rc.SetWriteDeadline(time.Now().Add(dw.d)); err != nil {
			dw.stopped = errors.Is(err, http.ErrNotSupported)
		}
	}
	return dw.ResponseWriter.Write(p)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (dw *deadlineWriter) Unwrap() http.ResponseWriter { return dw.ResponseWriter }
