package main

import (
	"fmt"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/gazette-news/gazette/archive"
	"github.com/gazette-news/gazette/indexer"
	"github.com/gazette-news/gazette/indexer/places"
	"github.com/gazette-news/gazette/search"
)

// defaultDataDir is where Gazette keeps its archive and index unless --data says otherwise.
const defaultDataDir = "gazette-data"

// app is an opened data directory: the archive (WARC files and capture
// index), the search index and the gazetteer, wired into a pipeline.
type app struct {
	dir      string
	archive  *archive.Store
	index    *search.Index
	places   *places.Gazetteer
	pipeline *indexer.Pipeline
}

// openApp opens (creating when needed) the data directory dir.
func openApp(dir string) (*app, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("data dir: %w", err)
	}
	gaz, err := places.Load()
	if err != nil {
		return nil, fmt.Errorf("gazetteer: %w", err)
	}
	store, err := archive.Open(filepath.Join(dir, "archive"))
	if err != nil {
		return nil, err // archive errors name the archive already
	}
	idx, err := search.Open(filepath.Join(dir, "index"))
	if err != nil {
		store.Close()
		return nil, fmt.Errorf("search index: %w", err)
	}
	idx.SetPlaces(queryPlaces{gaz})
	a := &app{dir: dir, archive: store, index: idx, places: gaz}
	a.pipeline = &indexer.Pipeline{Archive: store, Index: idx, Indexer: &indexer.Indexer{Places: gaz}}
	return a, nil
}

// logRepairs logs the torn ends (partial records left by a crash) that the
// archive cut off its WARC files when it opened, and where it kept them.
func logRepairs(log *slog.Logger, s *archive.Store) {
	for _, t := range s.Repairs() {
		log.Warn("a WARC file ended in a partial record, left by a crash; it was cut off and the bytes kept aside",
			"file", t.File, "offset", t.Offset, "bytes", t.Length, "reason", t.Reason, "copy", t.Copy)
	}
}

func (a *app) Close() error {
	err1 := a.index.Close()
	err2 := a.archive.Close()
	if err1 != nil {
		return err1
	}
	return err2
}

// placeCredits attributes the place data beyond GeoNames (which the web UI
// always credits) in the UI footer.
const placeCredits = "Country and region names from Debian iso-codes (LGPL-2.1-or-later)."
