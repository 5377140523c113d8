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
	Seeds []string `json:"seeds"`
	Depth int      `json:"depth"`
	Scope string   `json:"scope"`
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
// the same seeds and scope is there already (then its depth is updated).
func rememberCrawl(dataDir string, def crawlDef) error {
	defs, err := loadCrawlDefs(dataDir)
	if err != nil {
		return err
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
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
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
			st, err := m.StartCrawl(web.CrawlRequest{Seeds: d.Seeds, Depth: &depth, Scope: d.Scope, Recrawl: true})
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
