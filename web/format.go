package web

import (
	"strings"
	"time"
)

// languageNames gives display names for the languages Gazette is most
// likely to see; other codes are shown as they are.
var languageNames = map[string]string{
	"ar": "Arabic", "be": "Belarusian", "bg": "Bulgarian", "cs": "Czech",
	"da": "Danish", "de": "German", "el": "Greek", "en": "English",
	"es": "Spanish", "et": "Estonian", "fi": "Finnish", "fr": "French",
	"he": "Hebrew", "hu": "Hungarian", "it": "Italian", "ja": "Japanese",
	"ka": "Georgian", "kk": "Kazakh", "ko": "Korean", "lt": "Lithuanian",
	"lv": "Latvian", "nl": "Dutch", "no": "Norwegian", "pl": "Polish",
	"pt": "Portuguese", "ro": "Romanian", "ru": "Russian", "sk": "Slovak",
	"sv": "Swedish", "tr": "Turkish", "uk": "Ukrainian", "zh": "Chinese",
}

// languageName is the display name of a language code.
func languageName(code string) string {
	if code == "" {
		return "Unknown language"
	}
	if name, ok := languageNames[strings.ToLower(code)]; ok {
		return name
	}
	return code
}

// formatDate shows a day the way a reader expects: "2 March 2022".
func formatDate(t *time.Time) string {
	if t == nil || t.IsZero() {
		return ""
	}
	return t.Format("2 January 2006")
}

// formatDateTime shows a capture time to the minute, in UTC.
func formatDateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2 January 2006, 15:04 UTC")
}

// isoDate is the machine-readable date for <time datetime="...">.
func isoDate(t *time.Time) string {
	if t == nil || t.IsZero() {
		return ""
	}
	return t.Format(time.RFC3339)
}

// monthLabel turns a date facet key ("2022-03") into "March 2022".
func monthLabel(key string) string {
	if key == "undated" || key == "" {
		return "Undated"
	}
	t, err := time.Parse("2006-01", key)
	if err != nil {
		return key
	}
	return t.Format("January 2006")
}
