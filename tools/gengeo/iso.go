// Copyright the Gazette authors. Country and subdivision names: Debian
// iso-codes (LGPL-2.1+); see indexer/places/README.md.

package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// languages whose iso-codes translations become place names. Only Latin and
// Cyrillic names survive keepName anyway.
var languages = []string{"uk", "ru", "be", "de", "fr", "es", "pl", "it", "nl"}

// isoEntry is a country (ISO 3166-1) or subdivision (ISO 3166-2).
type isoEntry struct {
	Code   string   // "UA" or "UA-63"
	Type   string   // subdivision type: "Region", "City", "Republic"...
	Name   string   // English (or romanised) name as iso-codes has it
	Common string   // common short name, countries only ("Moldova")
	Names  []string // every name variant incl. translations, filtered

	keys []string // folded names and their words, for matchScore; see matchKeys
}

// matchKeys returns the folded names of e and each of their words.
func (e *isoEntry) matchKeys() []string {
	if e.keys == nil {
		for _, n := range e.Names {
			e.keys = append(e.keys, fold(n))
			for _, w := range strings.FieldsFunc(n, func(r rune) bool { return r == ' ' || r == '-' }) {
				e.keys = append(e.keys, fold(w))
			}
		}
	}
	return e.keys
}

type isoData struct {
	Countries []isoEntry
	Subs      map[string][]isoEntry // top-level subdivisions by country
}

// readISO loads iso-codes from root, the directory a Debian iso-codes
// package was extracted into (holding usr/share/iso-codes and usr/share/locale).
func readISO(root string) (*isoData, error) {
	var raw1 struct {
		List []map[string]string `json:"3166-1"`
	}
	if err := readJSON(filepath.Join(root, "usr/share/iso-codes/json/iso_3166-1.json"), &raw1); err != nil {
		return nil, err
	}
	var raw2 struct {
		List []map[string]string `json:"3166-2"`
	}
	if err := readJSON(filepath.Join(root, "usr/share/iso-codes/json/iso_3166-2.json"), &raw2); err != nil {
		return nil, err
	}

	tr1, err := translations(root, "iso_3166-1")
	if err != nil {
		return nil, err
	}
	tr2, err := translations(root, "iso_3166-2")
	if err != nil {
		return nil, err
	}

	d := &isoData{Subs: map[string][]isoEntry{}}
	for _, c := range raw1.List {
		if len(c["alpha_2"]) != 2 {
			return nil, fmt.Errorf("iso_3166-1: bad alpha_2 %q", c["alpha_2"])
		}
		e := isoEntry{Code: c["alpha_2"], Name: c["name"], Common: c["common_name"]}
		e.Names = expandNames(tr1, c["common_name"], c["name"], c["official_name"])
		d.Countries = append(d.Countries, e)
	}
	for _, s := range raw2.List {
		code := s["code"]
		if s["parent"] != "" || len(code) < 4 || code[2] != '-' {
			continue // only first-level subdivisions
		}
		e := isoEntry{Code: code, Type: s["type"], Name: s["name"]}
		e.Names = expandNames(tr2, s["name"])
		cc := code[:2]
		d.Subs[cc] = append(d.Subs[cc], e)
	}
	return d, nil
}

// expandNames returns the given English names, their translations and, for
// inverted names such as "Korea, Republic of", both "Korea" and
// "Republic of Korea"; filtered and without duplicates.
func expandNames(tr []map[string]string, names ...string) []string {
	var all []string
	add := func(s string) {
		s = strings.TrimSpace(s)
		if s == "" {
			return
		}
		all = append(all, s)
		if before, after, ok := strings.Cut(s, ", "); ok {
			all = append(all, before, after+" "+before)
		}
	}
	for _, n := range names {
		add(n)
		for _, m := range tr {
			add(m[n])
		}
	}
	if len(all) == 0 {
		return nil
	}
	return append([]string{all[0]}, filterNames(all[0], all[1:])...)
}

func translations(root, domain string) ([]map[string]string, error) {
	var out []map[string]string
	for _, lang := range languages {
		m, err := readMO(filepath.Join(root, "usr/share/locale", lang, "LC_MESSAGES", domain+".mo"))
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, nil
}

func readJSON(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}
