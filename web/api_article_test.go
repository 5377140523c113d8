package web

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/gazette-news/gazette/search"
)

func TestAPIArticle(t *testing.T) {
	srv := newTestServer(t, Config{})
	var body map[string]json.RawMessage
	getJSON(t, srv.URL+"/api/v1/articles/a1000000000000000000000000000001", 200, &body)

	var keys []string
	for k := range body {
		keys = append(keys, k)
	}
	want := []string{"author", "captured", "id", "image", "lang", "modified", "places", "published", "site", "sources", "text", "title", "url"}
	m := map[string]any{}
	for _, k := range keys {
		m[k] = nil
	}
	assertKeys(t, "article", m, want...)

	checks := map[string]string{
		"id":        `"a1000000000000000000000000000001"`,
		"url":       `"https://morning-courier.example/2022/03/izium-bridge"`,
		"title":     `"Engineers reopen the river bridge at Izium"`,
		"author":    `"Olena Marchuk"`,
		"site":      `"morning-courier.example"`,
		"lang":      `"en"`,
		"published": `"2022-03-08T09:30:00Z"`,
		"captured":  `"2022-03-09T12:00:00Z"`,
		"modified":  `"2022-03-10T07:15:00Z"`,
		"image":     `"https://morning-courier.example/img/izium-bridge.jpg"`,
		"places":    `[{"id":"707292","name":"Izium","country":"UA"},{"id":"UA","name":"Ukraine","country":"UA"}]`,
		"sources":   `[]`, // the fixture was not built from the archive
	}
	for k, want := range checks {
		if got := string(body[k]); got != want {
			t.Errorf("%s = %s, want %s", k, got, want)
		}
	}
	var text string
	json.Unmarshal(body["text"], &text)
	if len(text) < 100 {
		t.Errorf("text too short: %q", text)
	}
}

func TestAPIArticleUndated(t *testing.T) {
	srv := newTestServer(t, Config{})
	var body map[string]json.RawMessage
	getJSON(t, srv.URL+"/api/v1/articles/a1000000000000000000000000000007", 200, &body)
	if string(body["published"]) != "null" {
		t.Errorf("published = %s, want null", body["published"])
	}
	if string(body["places"]) != "[]" {
		t.Errorf("places = %s, want []", body["places"])
	}
	if string(body["modified"]) != "null" || string(body["image"]) != `""` {
		t.Errorf("modified = %s, image = %s; want null and \"\"", body["modified"], body["image"])
	}
}

// TestAPIArticleSources: the article lists the captures it was built from.
func TestAPIArticleSources(t *testing.T) {
	ix := openIndex(t)
	at := time.Date(2022, 9, 10, 6, 0, 0, 0, time.FixedZone("EEST", 3*3600))
	err := ix.Put(search.Doc{ID: "c1000000000000000000000000000002", URL: "https://news.example/story", Title: "Ferry service resumes",
		Text: "The ferry sailed again.", Lang: "en", Captured: at, Sources: []search.Source{
			{URL: "https://news.example/story?utm_source=feed", Time: at, Seq: 7},
			{URL: "https://news.example/local/story", Time: at.Add(-time.Hour), Seq: 3},
		}})
	if err != nil {
		t.Fatal(err)
	}
	srv := newTestServer(t, Config{Search: ix})
	var body map[string]json.RawMessage
	getJSON(t, srv.URL+"/api/v1/articles/c1000000000000000000000000000002", 200, &body)
	want := `[{"url":"https://news.example/story?utm_source=feed","time":"2022-09-10T03:00:00Z"},{"url":"https://news.example/local/story","time":"2022-09-10T02:00:00Z"}]`
	if got := string(body["sources"]); got != want {
		t.Errorf("sources = %s, want %s", got, want)
	}
}
