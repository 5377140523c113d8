package main

import (
	"bytes"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
)

// build writes the generated demo files for c into outDir, reading sources
// from srcDir, and returns the paths it wrote. Files are written only after
// every source has been read and encoded, so a bad source leaves the demo
// directory untouched.
func build(srcDir, outDir string, c corpus) ([]string, error) {
	files, err := render(srcDir, c)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return nil, err
	}
	var written []string
	for _, f := range files {
		path := filepath.Join(outDir, f.name)
		if err := os.WriteFile(path, f.data, 0o644); err != nil {
			return written, err
		}
		written = append(written, path)
	}
	return written, nil
}

type outputFile struct {
	name string
	data []byte
}

// render produces the generated files in memory.
func render(srcDir string, c corpus) ([]outputFile, error) {
	var files []outputFile
	for _, p := range c.Legacy {
		src, err := os.ReadFile(filepath.Join(srcDir, "legacy", p.Source))
		if err != nil {
			return nil, fmt.Errorf("legacy page: %w", err)
		}
		data, err := encodeText(src, p.Encoding)
		if err != nil {
			return nil, fmt.Errorf("legacy page %s: %w", p.Source, err)
		}
		files = append(files, outputFile{name: p.Output, data: data})
	}

	pages := make([]fetched, 0, len(c.Crawl.Captures))
	for _, cp := range c.Crawl.Captures {
		u, err := url.Parse(cp.URL)
		if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
			return nil, fmt.Errorf("capture %s: not an absolute http(s) URL", cp.URL)
		}
		if strings.ContainsAny(cp.URL, "<> \t\r\n") {
			return nil, fmt.Errorf("capture %s: URL holds characters not allowed in WARC-Target-URI", cp.URL)
		}
		body, err := os.ReadFile(filepath.Join(srcDir, "pages", cp.Source))
		if err != nil {
			return nil, fmt.Errorf("capture %s: %w", cp.URL, err)
		}
		if cp.Encoding != nil {
			if body, err = encodeText(body, cp.Encoding); err != nil {
				return nil, fmt.Errorf("capture %s (%s): %w", cp.URL, cp.Source, err)
			}
		}
		pages = append(pages, fetched{capture: cp, url: u, body: body})
	}
	var warc bytes.Buffer
	if err := writeCrawl(&warc, c.Crawl, pages); err != nil {
		return nil, fmt.Errorf("warc: %w", err)
	}
	files = append(files, outputFile{name: c.Crawl.Filename, data: warc.Bytes()})
	return files, nil
}
