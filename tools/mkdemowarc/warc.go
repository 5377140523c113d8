package main

import (
	"bytes"
	"crypto/sha1"
	"encoding/base32"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// warcRecord is one WARC/1.0 record: named header fields in the order wget
// writes them, and a block. Content-Length and WARC-Block-Digest are
// computed from the block when the record is written.
type warcRecord struct {
	fields [][2]string
	block  []byte
}

func (r *warcRecord) add(name, value string) { r.fields = append(r.fields, [2]string{name, value}) }

// writeTo writes r followed by the two CRLFs that end a record.
func (r *warcRecord) writeTo(w io.Writer) error {
	var b bytes.Buffer
	b.WriteString("WARC/1.0\r\n")
	for _, f := range r.fields {
		fmt.Fprintf(&b, "%s: %s\r\n", f[0], f[1])
	}
	b.WriteString("\r\n")
	b.Write(r.block)
	b.WriteString("\r\n\r\n")
	_, err := w.Write(b.Bytes())
	return err
}

// sha1Digest formats the SHA-1 of data as WARC digests are usually written:
// "sha1:" followed by base32.
func sha1Digest(data []byte) string {
	sum := sha1.Sum(data)
	return "sha1:" + base32.StdEncoding.EncodeToString(sum[:])
}

// recordID returns a stable urn:uuid for a record, derived from what the
// record is about, so that regenerating the WARC gives identical bytes.
// The UUID has the layout of a version 5 (name-based, SHA-1) UUID.
func recordID(parts ...string) string {
	sum := sha1.Sum([]byte("gazette-demo\x00" + strings.Join(parts, "\x00")))
	u := sum[:16]
	u[6] = u[6]&0x0f | 0x50
	u[8] = u[8]&0x3f | 0x80
	return fmt.Sprintf("<urn:uuid:%x-%x-%x-%x-%x>", u[0:4], u[4:6], u[6:8], u[8:10], u[10:16])
}

func warcDate(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }

// httpRequest returns the request wget sends for u.
func httpRequest(u *url.URL, software string) []byte {
	agent, _, _ := strings.Cut(software, " ")
	var b strings.Builder
	fmt.Fprintf(&b, "GET %s HTTP/1.1\r\n", u.RequestURI())
	fmt.Fprintf(&b, "User-Agent: %s\r\n", agent)
	b.WriteString("Accept: */*\r\n")
	b.WriteString("Accept-Encoding: identity\r\n")
	fmt.Fprintf(&b, "Host: %s\r\n", u.Host)
	b.WriteString("Connection: Keep-Alive\r\n\r\n")
	return []byte(b.String())
}

// httpResponse returns a complete HTTP/1.1 response message carrying body.
func httpResponse(contentType string, body []byte, at time.Time) []byte {
	var b bytes.Buffer
	b.WriteString("HTTP/1.1 200 OK\r\n")
	b.WriteString("Server: nginx\r\n")
	fmt.Fprintf(&b, "Date: %s\r\n", at.UTC().Format(http.TimeFormat))
	fmt.Fprintf(&b, "Content-Type: %s\r\n", contentType)
	fmt.Fprintf(&b, "Content-Length: %d\r\n", len(body))
	b.WriteString("Connection: keep-alive\r\n")
	b.WriteString("Cache-Control: max-age=300\r\n")
	b.WriteString("\r\n")
	b.Write(body)
	return b.Bytes()
}

// fetched is a capture with its body already read and encoded.
type fetched struct {
	capture
	url  *url.URL
	body []byte
}

// writeCrawl writes the records of one wget run to w: warcinfo, a request
// and response pair per page, then the metadata and resource records wget
// appends when it closes the file (MANIFEST.txt, wget_arguments.txt,
// wget.log).
func writeCrawl(w io.Writer, c crawl, pages []fetched) error {
	clock := c.Start
	tick := func() string {
		s := warcDate(clock)
		clock = clock.Add(time.Second)
		return s
	}

	if len(c.Arguments) == 0 {
		return errors.New("crawl has no wget command line")
	}
	infoID := recordID("warcinfo", c.Filename)
	info := &warcRecord{block: fmt.Appendf(nil, "software: %s\r\nformat: WARC File Format 1.0\r\nconformsTo: http://bibnum.bnf.fr/WARC/WARC_ISO_28500_version1_latestdraft.pdf\r\nrobots: classic\r\nwget-arguments: %s\r\n\r\n",
		c.Software, quoteArgs(c.Arguments[1:]))}
	info.fields = [][2]string{
		{"WARC-Type", "warcinfo"},
		{"Content-Type", "application/warc-fields"},
		{"WARC-Date", tick()},
		{"WARC-Record-ID", infoID},
		{"WARC-Filename", c.Filename},
	}
	if err := finish(w, info, nil, ""); err != nil {
		return err
	}

	var log strings.Builder
	for _, p := range pages {
		at := clock
		date := tick()
		reqID := recordID("request", p.URL)
		req := &warcRecord{block: httpRequest(p.url, c.Software)}
		req.fields = [][2]string{
			{"WARC-Type", "request"},
			{"WARC-Target-URI", "<" + p.URL + ">"},
			{"Content-Type", "application/http;msgtype=request"},
			{"WARC-Date", date},
			{"WARC-Record-ID", reqID},
			{"WARC-IP-Address", p.IP},
			{"WARC-Warcinfo-ID", infoID},
		}
		if err := finish(w, req, nil, ""); err != nil {
			return fmt.Errorf("%s: %w", p.URL, err)
		}

		resp := &warcRecord{block: httpResponse(p.ContentType, p.body, at)}
		resp.fields = [][2]string{
			{"WARC-Type", "response"},
			{"WARC-Record-ID", recordID("response", p.URL)},
			{"WARC-Warcinfo-ID", infoID},
			{"WARC-Concurrent-To", reqID},
			{"WARC-Target-URI", "<" + p.URL + ">"},
			{"WARC-Date", date},
			{"WARC-IP-Address", p.IP},
		}
		if err := finish(w, resp, p.body, "application/http;msgtype=response"); err != nil {
			return fmt.Errorf("%s: %w", p.URL, err)
		}
		fmt.Fprintf(&log, "--%s--  %s\nResolving %s... %s\nConnecting to %s|%s|:443... connected.\nHTTP request sent, awaiting response... 200 OK\nLength: %d [%s]\n\n",
			at.Format("2006-01-02 15:04:05"), p.URL, p.url.Host, p.IP, p.url.Host, p.IP, len(p.body), mediaType(p.ContentType))
	}
	fmt.Fprintf(&log, "FINISHED --%s--\nDownloaded: %d files\n", clock.Format("2006-01-02 15:04:05"), len(pages))

	manifestID := recordID("metadata", "MANIFEST.txt", c.Filename)
	manifest := &warcRecord{block: []byte(infoID + "\n")}
	manifest.fields = [][2]string{
		{"WARC-Type", "metadata"},
		{"WARC-Record-ID", manifestID},
		{"WARC-Warcinfo-ID", infoID},
		{"WARC-Target-URI", "<metadata://gnu.org/software/wget/warc/MANIFEST.txt>"},
		{"WARC-Date", tick()},
		{"Content-Type", "text/plain"},
	}
	if err := finish(w, manifest, nil, ""); err != nil {
		return err
	}
	for _, res := range []struct{ name, text string }{
		{"wget_arguments.txt", quoteArgs(c.Arguments) + "\n"},
		{"wget.log", log.String()},
	} {
		r := &warcRecord{block: []byte(res.text)}
		r.fields = [][2]string{
			{"WARC-Type", "resource"},
			{"WARC-Record-ID", recordID("resource", res.name, c.Filename)},
			{"WARC-Warcinfo-ID", infoID},
			{"WARC-Concurrent-To", manifestID},
			{"WARC-Target-URI", "<metadata://gnu.org/software/wget/warc/" + res.name + ">"},
			{"WARC-Date", tick()},
			{"Content-Type", "text/plain"},
		}
		if err := finish(w, r, nil, ""); err != nil {
			return err
		}
	}
	return nil
}

// finish adds the digest and length fields and writes the record. When
// payload is not nil it also adds WARC-Payload-Digest, and a non-empty
// contentType is added after the digests, where wget writes it in
// response records.
func finish(w io.Writer, r *warcRecord, payload []byte, contentType string) error {
	r.add("WARC-Block-Digest", sha1Digest(r.block))
	if payload != nil {
		r.add("WARC-Payload-Digest", sha1Digest(payload))
	}
	if contentType != "" {
		r.add("Content-Type", contentType)
	}
	r.add("Content-Length", strconv.Itoa(len(r.block)))
	return r.writeTo(w)
}

func quoteArgs(args []string) string {
	q := make([]string, len(args))
	for i, a := range args {
		q[i] = strconv.Quote(a)
	}
	return strings.Join(q, " ")
}

func mediaType(contentType string) string {
	t, _, _ := strings.Cut(contentType, ";")
	return strings.TrimSpace(t)
}
