package ingest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/gazette-news/gazette/indexer"
	"github.com/gazette-news/gazette/search"
)

// The index directory DATA/index can always be built again from the
// archive, and these functions do it by themselves. Two sibling
// directories serve the rebuild: DATA/index.new is an index being built
// (by Rebuild, or for a missing index), DATA/index.old one being replaced.
// Every step leaves the directories so that the next open finishes or
// resumes the work:
//
//   - a missing index is created under a temporary name and renamed into
//     place, so a crash never leaves half an index at DATA/index;
//   - an index of another layout (an older Gazette) is moved aside and a
//     new, empty one takes its place; CatchUp then applies the whole log;
//   - Rebuild builds DATA/index.new (resuming it if it exists), then
//     renames DATA/index to DATA/index.old, DATA/index.new to DATA/index,
//     and removes DATA/index.old. Found with DATA/index missing,
//     DATA/index.new is renamed into place: it is a valid index that
//     CatchUp completes.

// OpenIndex opens the search index at path, the view of the archive. A
// missing index is created empty; one of another layout is replaced by an
// empty one (reason says so); either way the caller's CatchUp then builds
// it from the archive. A rebuild interrupted between its renames is
// finished first.
func OpenIndex(path string) (ix *search.Index, reason string, err error) {
	if err := finishSwap(path); err != nil {
		return nil, "", err
	}
	// Left by a crash while an index was being created.
	stale, _ := filepath.Glob(filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*"))
	for _, dir := range stale {
		os.RemoveAll(dir)
	}
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		if err := createIndex(path); err != nil {
			return nil, "", err
		}
		reason = "the index was missing"
	}
	ix, err = search.Open(path)
	if errors.Is(err, search.ErrLayout) {
		if err := os.Rename(path, path+".old"); err != nil {
			return nil, "", fmt.Errorf("ingest: set the old index aside: %w", err)
		}
		if err := createIndex(path); err != nil {
			return nil, "", err
		}
		if err := os.RemoveAll(path + ".old"); err != nil {
			return nil, "", fmt.Errorf("ingest: remove the old index: %w", err)
		}
		reason = "the index was built by another Gazette version (" + err.Error() + ")"
		ix, err = search.Open(path)
	}
	if err != nil {
		return nil, "", err
	}
	return ix, reason, nil
}

// finishSwap completes a rebuild interrupted between its renames.
func finishSwap(path string) error {
	_, errIndex := os.Stat(path)
	if errors.Is(errIndex, os.ErrNotExist) {
		if _, err := os.Stat(path + ".new"); err == nil {
			if err := os.Rename(path+".new", path); err != nil {
				return fmt.Errorf("ingest: put the rebuilt index in place: %w", err)
			}
			if err := syncDir(filepath.Dir(path)); err != nil {
				return err
			}
			errIndex = nil
		}
	}
	if errIndex == nil {
		if err := os.RemoveAll(path + ".old"); err != nil {
			return fmt.Errorf("ingest: remove the old index: %w", err)
		}
	}
	return nil
}

// createIndex creates an empty index at path under a temporary name first,
// so that a crash never leaves a half-created index there.
func createIndex(path string) error {
	tmp, err := os.MkdirTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("ingest: create index: %w", err)
	}
	dir := filepath.Join(tmp, "index")
	ix, err := search.Open(dir)
	if err == nil {
		err = ix.Close()
	}
	if err == nil {
		err = os.Rename(dir, path)
	}
	if err == nil {
		err = syncDir(filepath.Dir(path))
	}
	os.RemoveAll(tmp)
	if err != nil {
		return fmt.Errorf("ingest: create index %s: %w", path, err)
	}
	return nil
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// RebuildSummary tells how a rebuilt index differs from the one it replaced.
type RebuildSummary struct {
	Summary      // the captures applied to the new index (in this run)
	Articles int // articles in the new index
	Same     int // read the same as in the old index (indexer.SameArticle)
	Changed  int // read differently
	Added    int // not in the old index
	Gone     int // in the old index, not in the new one
	Resumed  bool
	// OldLayout: the old index was of another layout (an older Gazette),
	// which this one cannot read; nothing was compared with it.
	OldLayout bool
	// Segments is how many segments the new index had when it was built
	// and has after Compact.
	Segments [2]int
}

// Rebuild builds the index at path anew from the archive with x: in
// path+".new", resuming one an interrupted Rebuild left, then compared with
// the old index at path (if it can be read) and put in its place. The old
// index must not be open. fn (if not nil) gets the result of every capture
// applied, as CatchUp calls it.
func Rebuild(ctx context.Context, path string, a Archive, x *indexer.Extractor, cfg Config, fn func(Result)) (RebuildSummary, error) {
	start := time.Now()
	var sum RebuildSummary
	if err := finishSwap(path); err != nil {
		return sum, err
	}
	newPath := path + ".new"
	_, statErr := os.Stat(newPath)
	sum.Resumed = statErr == nil
	ix, _, err := OpenIndex(newPath)
	if err != nil {
		return sum, err
	}
	defer func() {
		if ix != nil {
			ix.Close()
		}
	}()
	g, err := New(a, ix, x, cfg)
	if err != nil {
		return sum, err
	}
	sum.Summary, err = g.CatchUp(ctx, fn)
	if err != nil {
		return sum, err
	}
	if sum.Segments[0], sum.Segments[1], err = ix.Compact(ctx); err != nil {
		return sum, err
	}
	if err := compare(ctx, path, ix, &sum); err != nil {
		return sum, err
	}
	err = ix.Close()
	ix = nil
	if err != nil {
		return sum, err
	}
	if _, err := os.Stat(path); err == nil {
		if err := os.Rename(path, path+".old"); err != nil {
			return sum, fmt.Errorf("ingest: set the old index aside: %w", err)
		}
	}
	if err := finishSwap(path); err != nil {
		return sum, err
	}
	sum.Elapsed = time.Since(start)
	return sum, nil
}

// compare counts how the new index differs from the one at path. An old
// index that cannot be opened (missing, another layout) counts as empty.
func compare(ctx context.Context, path string, ix *search.Index, sum *RebuildSummary) error {
	var old *search.Index
	if _, err := os.Stat(path); err == nil {
		o, err := search.Open(path)
		switch {
		case err == nil:
			old = o
			defer old.Close()
		case errors.Is(err, search.ErrLayout):
			sum.OldLayout = true
		}
	}
	err := ix.EachID(ctx, func(id string) error {
		sum.Articles++
		if old == nil {
			sum.Added++
			return nil
		}
		before, err := old.Get(id)
		if errors.Is(err, search.ErrNotFound) {
			sum.Added++
			return nil
		}
		if err != nil {
			return err
		}
		after, err := ix.Get(id)
		if err != nil {
			return err
		}
		if indexer.SameArticle(before, after) {
			sum.Same++
		} else {
			sum.Changed++
		}
		return nil
	})
	if err != nil || old == nil {
		return err
	}
	return old.EachID(ctx, func(id string) error {
		if _, err := ix.Get(id); errors.Is(err, search.ErrNotFound) {
			sum.Gone++
		} else if err != nil {
			return err
		}
		return nil
	})
}
