package archive_test

import (
	"context"
	"fmt"
	"log"
	"net/http"
	"os"
	"time"

	"github.com/gazette-news/gazette/archive"
)

func ExampleStore() {
	dir, err := os.MkdirTemp("", "gazette-archive")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	store, err := archive.Open(dir)
	if err != nil {
		log.Fatal(err)
	}
	defer store.Close()

	page := archive.Capture{
		URL:    "http://news.example/2024/05/harbour-bridge-reopens.html",
		Time:   time.Date(2024, 5, 7, 6, 30, 0, 0, time.UTC),
		Status: 200,
		Header: http.Header{"Content-Type": {"text/html; charset=utf-8"}},
		Body:   []byte("<h1>Harbour bridge reopens</h1>"),
	}
	ctx := context.Background()
	_, added, err := store.Add(ctx, page)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("first add:", added)

	page.Time = page.Time.Add(24 * time.Hour) // fetched again the next day, unchanged
	_, added, err = store.Add(ctx, page)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("second add:", added)

	err = store.Latest(ctx, func(c archive.Capture) error {
		full, err := store.Load(c)
		if err != nil {
			return err
		}
		fmt.Printf("%s %d %s %q\n", full.URL, full.Status, full.Header.Get("Content-Type"), full.Body)
		return nil
	})
	if err != nil {
		log.Fatal(err)
	}
	// Output:
	// first add: true
	// second add: false
	// http://news.example/2024/05/harbour-bridge-reopens.html 200 text/html; charset=utf-8 "<h1>Harbour bridge reopens</h1>"
}

func ExampleReadWARC() {
	f, err := os.Open("testdata/wget.warc")
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	err = archive.ReadWARC(f, func(c archive.Capture) error {
		fmt.Println(c.Status, c.MIME, c.URL)
		return nil
	}, func(err error) {
		fmt.Println("skipped:", err)
	})
	if err != nil {
		log.Fatal(err)
	}
	// Output:
	// 200 text/html http://news.example/2024/05/harbour-bridge-reopens.html
	// 200 text/html http://news.example/2024/05/council-vote.html
	// 301 text/html http://news.example/latest
	// 200 text/html http://news.example/2024/05/market-day.html
	// 404 text/html http://news.example/gone.html
}
