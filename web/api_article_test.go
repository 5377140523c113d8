package web

import (
	"encoding/json"
	"testing"
)

func TestAPIArticle(t *testing.T) {
	srv := newTestServer(t, Config{})
	var body map[string]json.RawMessage
	getJSON(t, srv.URL+"/api/v1/articles/a1000000000000000000000000000001", 200, &body)

	var keys []string
	for k := range body {
		keys = append(keys, k)
	}
	want := []string{"author", "captured", "id", "image", "lang", "modified", "places", "published", "site", "text", "title", "url"}
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
