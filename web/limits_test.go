package web

import (
	"bufio"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"
)

// waitBound is how long a test waits for an event that should come within
// milliseconds. It only bounds a failing test; passing tests never wait it.
// The servers under test keep the other timeouts at a minute, so that a
// missing limit shows as a failure, not as a default that cuts in late.
const waitBound = 20 * time.Second

// serveWithLimits serves New(cfg) over loopback through NewHTTPServer
// with cfg.Limits, as gazette serve does.
func serveWithLimits(t *testing.T, cfg Config) *httptest.Server {
	t.Helper()
	if cfg.Search == nil {
		cfg.Search = openIndex(t)
	}
	return serveHandler(t, New(cfg), cfg.Limits)
}

// serveHandler serves h over loopback through NewHTTPServer with l.
func serveHandler(t *testing.T, h http.Handler, l Limits) *httptest.Server {
	t.Helper()
	srv := httptest.NewUnstartedServer(h)
	hs := NewHTTPServer(h, l, nil)
	hs.ConnState = srv.Config.ConnState // httptest tracks connections through it
	srv.Config = hs
	srv.Start()
	t.Cleanup(srv.Close)
	return srv
}

// dial opens a raw connection to srv, so a test can send what a browser
// would not.
func dial(t *testing.T, srv *httptest.Server) net.Conn {
	t.Helper()
	conn, err := net.Dial("tcp", srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

// waitClosed reads from conn until the server closes it, and fails when it
// stays open for waitBound.
func waitClosed(t *testing.T, conn net.Conn, r io.Reader) {
	t.Helper()
	conn.SetReadDeadline(time.Now().Add(waitBound))
	_, err := io.Copy(io.Discard, r)
	if errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("the server kept the connection open for %s", waitBound)
	}
	// io.Copy returns nil at EOF: the server closed the connection.
	if err != nil && !errors.Is(err, net.ErrClosed) && !strings.Contains(err.Error(), "reset") {
		t.Fatalf("reading until close: %v", err)
	}
}

// TestIdleConnectionClosed: a kept-alive connection that sends no further
// request is closed after IdleTimeout.
func TestIdleConnectionClosed(t *testing.T) {
	srv := serveWithLimits(t, Config{Limits: Limits{IdleTimeout: 50 * time.Millisecond, ReadTimeout: time.Minute}})
	conn := dial(t, srv)
	io.WriteString(conn, "GET /api/v1/search?q=Kharkiv HTTP/1.1\r\nHost: gazette\r\n\r\n")
	br := bufio.NewReader(conn)
	res, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || res.Close {
		t.Fatalf("status %d, close %v: want a kept-alive 200", res.StatusCode, res.Close)
	}
	waitClosed(t, conn, br)
}

// TestSlowClientsCut: a client that never finishes its header, or its
// body, is cut off; the slow body gets a JSON 408 on the API.
func TestSlowClientsCut(t *testing.T) {
	l := Limits{ReadHeaderTimeout: 50 * time.Millisecond, ReadTimeout: 100 * time.Millisecond}
	srv := serveWithLimits(t, Config{Crawler: &fakeCrawler{}, AdminToken: "secret", Limits: l})

	t.Run("header", func(t *testing.T) {
		conn := dial(t, srv)
		io.WriteString(conn, "GET /api/v1/search HTTP/1.1\r\nHost: gazette\r\n") // no end of header
		waitClosed(t, conn, conn)
	})
	t.Run("body", func(t *testing.T) {
		conn := dial(t, srv)
		io.WriteString(conn, "POST /api/v1/crawls HTTP/1.1\r\nHost: gazette\r\nAuthorization: Bearer secret\r\n"+
			"Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"seeds\":") // 91 bytes short
		conn.SetReadDeadline(time.Now().Add(waitBound))
		res, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatal(err)
		}
		checkJSONError(t, res, http.StatusRequestTimeout, codeTimeout)
	})
}

// TestOversizedRequests: a header or a POST body past its limit gets a
// JSON error on the API, an error page in the UI, and net/http's own
// refusal past the backstop.
func TestOversizedRequests(t *testing.T) {
	l := Limits{MaxHeaderBytes: 4 << 10, MaxBodyBytes: 1 << 10}
	srv := serveWithLimits(t, Config{Crawler: &fakeCrawler{}, AdminToken: "secret", Limits: l})
	send := func(method, path string, header http.Header, body string) *http.Response {
		t.Helper()
		req, err := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		for k, v := range header {
			req.Header[k] = v
		}
		res, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { res.Body.Close() })
		return res
	}
	big := http.Header{"X-Padding": {strings.Repeat("a", 5<<10)}}

	checkJSONError(t, send("GET", "/api/v1/search?q=Kharkiv", big, ""), http.StatusRequestHeaderFieldsTooLarge, codeTooLarge)
	if res := send("GET", "/?q=Kharkiv", big, ""); res.StatusCode != http.StatusRequestHeaderFieldsTooLarge ||
		!strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
		t.Errorf("UI with a large header: status %d, %s; want a 431 page", res.StatusCode, res.Header.Get("Content-Type"))
	}
	huge := http.Header{"X-Padding": {strings.Repeat("a", 16<<10)}}
	if res := send("GET", "/api/v1/search?q=Kharkiv", huge, ""); res.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
		t.Errorf("a header past the backstop: status %d, want 431 from net/http", res.StatusCode)
	}
	if res := send("GET", "/api/v1/search?q=Kharkiv", nil, ""); res.StatusCode != http.StatusOK {
		t.Errorf("an ordinary request: status %d", res.StatusCode)
	}

	auth := http.Header{"Authorization": {"Bearer secret"}, "Content-Type": {"application/json"}}
	body := `{"seeds":["https://news.example/"],"scope":"` + strings.Repeat("x", 2<<10) + `"}`
	checkJSONError(t, send("POST", "/api/v1/crawls", auth, body), http.StatusRequestEntityTooLarge, codeTooLarge)
	if res := send("POST", "/api/v1/crawls", auth, `{"seeds":["https://news.example/"]}`); res.StatusCode != http.StatusAccepted {
		t.Errorf("a small crawl request: status %d, want 202", res.StatusCode)
	}
}

// checkJSONError checks that res is an API error with this status and code.
func checkJSONError(t *testing.T, res *http.Response, status int, code string) {
	t.Helper()
	defer res.Body.Close()
	var body errorBody
	if err := json.NewDecoder(res.Body).Decode(&body); err != nil {
		t.Fatalf("status %d: body is not JSON: %v", res.StatusCode, err)
	}
	if res.StatusCode != status || body.Error.Code != code || body.Error.Message == "" {
		t.Fatalf("got %d %+v, want %d with code %q and a message", res.StatusCode, body.Error, status, code)
	}
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("Content-Type %q, want JSON", ct)
	}
}

// deadlineRecorder is a ResponseWriter that records the write deadlines
// set on it, as http.ResponseController sets them.
type deadlineRecorder struct {
	*httptest.ResponseRecorder
	deadlines []time.Time
	writes    []int // len(deadlines) at each write
}

func (d *deadlineRecorder) SetWriteDeadline(t time.Time) error {
	d.deadlines = append(d.deadlines, t)
	return nil
}

func (d *deadlineRecorder) Write(p []byte) (int, error) {
	d.writes = append(d.writes, len(d.deadlines))
	return d.ResponseRecorder.Write(p)
}

// TestExtendWrites: each write of a streamed response first moves the
// write deadline WriteTimeout past now, so a long stream is cut off only
// when it stalls.
func TestExtendWrites(t *testing.T) {
	rec := &deadlineRecorder{ResponseRecorder: httptest.NewRecorder()}
	w := extendWrites(rec, time.Hour)
	before := time.Now()
	for range 3 {
		io.WriteString(w, "chunk")
	}
	if len(rec.deadlines) != 3 || len(rec.writes) != 3 || rec.writes[0] != 1 || rec.writes[2] != 3 {
		t.Fatalf("deadlines %v set before writes %v: want one before each write", rec.deadlines, rec.writes)
	}
	for _, d := range rec.deadlines {
		if d.Before(before.Add(time.Hour)) {
			t.Errorf("deadline %v is not an hour past the start of the stream (%v)", d, before)
		}
	}
	if rec.Body.String() != "chunkchunkchunk" {
		t.Errorf("body %q", rec.Body.String())
	}
	// A writer without deadlines (a plain recorder) still gets the bytes.
	plain := httptest.NewRecorder()
	io.WriteString(extendWrites(plain, time.Hour), "chunk")
	if plain.Body.String() != "chunk" {
		t.Errorf("plain recorder: body %q", plain.Body.String())
	}
}
