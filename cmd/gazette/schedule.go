package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/gazette-news/gazette/web"
)

// crawlDef is a crawl made in a data directory, remembered so that
// `serve --recrawl-every` can refresh its seeds and feeds on a schedule.
type crawlDef struct {
	Seeds    []string `json:"seeds"`
	Depth    int      `json:"depth"`
	MaxPages int      `json:"max_pages,omitempty"`
	Scope    string   `json:"scope"`
}

// crawlDefsFile lists the crawls made in a data directory.
func crawlDefsFile(dataDir string) string { return filepath.Join(dataDir, "crawl", "crawls.json") }

// loadCrawlDefs reads the crawls made in a data directory; none is not an error.
func loadCrawlDefs(dataDir string) ([]crawlDef, error) {
	b, err := os.ReadFile(crawlDefsFile(dataDir))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var defs []crawlDef
	if err := json.Unmarshal(b, &defs); err != nil {
		return nil, fmt.Errorf("%s: %w", crawlDefsFile(dataDir), err)
	}
	return defs, nil
}

// rememberCrawl adds a crawl to the data directory's list unless a crawl of
// the same seeds and scope is there already (then its limits are updated).
// An unreadable list is started afresh: it only drives scheduled recrawls,
// and must never stop a crawl.
func rememberCrawl(dataDir string, def crawlDef) error {
	defs, err := loadCrawlDefs(dataDir)
	if err != nil {
		defs = nil
	}
	i := slices.IndexFunc(defs, func(d crawlDef) bool { return d.Scope == def.Scope && slices.Equal(d.Seeds, def.Seeds) })
	if i >= 0 {
		defs[i] = def
	} else {
		defs = append(defs, def)
	}
	b, err := json.MarshalIndent(defs, "", "  ")
	if err != nil {
		return err
	}
	path := crawlDefsFile(dataDir)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return writeFileAtomic(path, b)
}

// writeFileAtomic replaces path with data so that a crash leaves either the
// old file or the new one, whole: written to a temporary file, synced,
// renamed, and the directory synced.
func writeFileAtomic(path string, data []byte) error {
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	d, err := os.Open(filepath.Dir(path))
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// recrawlEvery refreshes every crawl made in the data directory once per
// interval, as a conditional recrawl (unchanged pages cost a 304 and add no
// capture; changed and new pages are archived and indexed), until ctx ends.
// A crawl still running from the last round is left alone.
func recrawlEvery(ctx context.Context, every time.Duration, dataDir string, m *crawlManager, log *slog.Logger) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		defs, err := loadCrawlDefs(dataDir)
		if err != nil {
			log.Error("scheduled recrawl: reading the crawl list", "err", err)
			continue
		}
		for _, d := range defs {
			depth := d.Depth
			st, err := m.StartCrawl(web.CrawlRequest{Seeds: d.Seeds, Depth: &depth, MaxPages: d.MaxPages, Scope: d.Scope, Recrawl: true})
			switch {
			case errors.Is(err, web.ErrCrawlBusy):
				log.Info("scheduled recrawl: still running from the last round", "seeds", d.Seeds)
			case err != nil:
				log.Error("scheduled recrawl", "seeds", d.Seeds, "err", err)
			default:
				log.Info("scheduled recrawl started", "crawl", st.ID, "seeds", d.Seeds)
			}
		}
	}
}
