package wacz_test

import (
	"bytes"
	"context"
	"fmt"
	"log"
	"net/http"
	"os"
	"time"

	"github.com/gazette-news/gazette/archive"
	"github.com/gazette-news/gazette/archive/wacz"
)

// Write a WACZ of everything in an archive, then open and verify it.
func Example() {
	dir, err := os.MkdirTemp("", "wacz-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	store, err := archive.Open(dir)
	if err != nil {
		log.Fatal(err)
	}
	defer store.Close()
	ctx := context.Background()
	c, _, err := store.Add(ctx, archive.Capture{
		URL: "https://news.example/ferry", Time: time.Date(2022, 9, 10, 6, 0, 0, 0, time.UTC), Status: 200,
		Header: http.Header{"Content-Type": {"text/html"}},
		Body:   []byte("<title>Ferry sails again</title><p>The ferry sailed again on Saturday.</p>"),
	})
	if err != nil {
		log.Fatal(err)
	}

	var buf bytes.Buffer
	pages := wacz.PageList(wacz.Page{URL: c.URL, TS: c.Time, Title: "Ferry sails again", Text: "The ferry sailed again on Saturday."})
	sum, err := wacz.Write(ctx, &buf, store, []archive.Capture{c}, pages, wacz.Options{Title: "Ferries", Software: "Gazette"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%d WARC file, %d capture, %d page\n", sum.WARCFiles, sum.Captures, sum.Pages)

	z, err := wacz.Open(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("verify:", z.Verify())
	// Output:
	// 1 WARC file, 1 capture, 1 page
	// verify: <nil>
}
