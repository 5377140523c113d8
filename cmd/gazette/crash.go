package main

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/gazette-news/gazette/archive"
	"github.com/gazette-news/gazette/ingest"
)

// The crash test (cmd/gazette/crashtest) kills Gazette with SIGKILL at chosen
// points of its work and checks that a restart loses nothing. The points
// are counted in records, not time: the variable GAZETTE_TEST_KILL set to
//
//	archived=N   after the Nth capture this process archived (its WARC
//	             record and index entry on disk, the search index not yet
//	             written)
//	indexed=N    after the search-index batch that brings the captures
//	             this process applied to N or more
//	batch=N      (not a point) the ingest writes a batch every N captures,
//	             so that points fall between batches of a small corpus
//	delay=N      (with a point) die N microseconds after the point instead
//	             of at once, wherever the work has got to by then: in the
//	             middle of a WARC record, a Bleve batch or a bbolt commit
//
// makes the process kill itself there. main reads it; nothing else does.

// killEnv is the variable that sets the crash points.
const killEnv = "GAZETTE_TEST_KILL"

// crashPoints counts records and kills the process at the chosen one. The
// zero value never kills.
type crashPoints struct {
	archivedAt, indexedAt int64 // 0: not set
	batch                 int   // captures per index batch; 0: the ingest's default
	delay                 time.Duration
	archived, indexed     *atomic.Int64
}

type crashKey struct{}

// withCrashPoints parses spec (the value of GAZETTE_TEST_KILL) into ctx.
func withCrashPoints(ctx context.Context, spec string) (context.Context, error) {
	if spec == "" {
		return ctx, nil
	}
	cp := crashPoints{archived: new(atomic.Int64), indexed: new(atomic.Int64)}
	for _, part := range strings.Split(spec, ",") {
		name, value, _ := strings.Cut(part, "=")
		n, err := strconv.ParseInt(value, 10, 64)
		if err != nil || n <= 0 {
			return ctx, fmt.Errorf("%s: bad count in %q", killEnv, part)
		}
		switch name {
		case "archived":
			cp.archivedAt = n
		case "indexed":
			cp.indexedAt = n
		case "batch":
			cp.batch = int(n)
		case "delay":
			cp.delay = time.Duration(n) * time.Microsecond
		default:
			return ctx, fmt.Errorf("%s: unknown setting %q (want archived=N, indexed=N, batch=N or delay=N)", killEnv, name)
		}
	}
	return context.WithValue(ctx, crashKey{}, cp), nil
}

func crashPointsFrom(ctx context.Context) crashPoints {
	cp, _ := ctx.Value(crashKey{}).(crashPoints)
	return cp
}

// ingestConfig is the ingest's configuration: captures prepared on every
// core, and the crash points' hook and batch size.
func (cp crashPoints) ingestConfig() ingest.Config {
	return ingest.Config{Workers: runtime.GOMAXPROCS(0), AfterWrite: cp.afterWrite, BatchDocs: cp.batch, BatchCaptures: cp.batch}
}

// afterArchive counts a capture archived.
func (cp crashPoints) afterArchive() {
	if cp.archivedAt > 0 && cp.archived.Add(1) == cp.archivedAt {
		cp.die()
	}
}

// afterWrite counts the captures an index batch applied (the ingest's
// AfterWrite hook).
func (cp crashPoints) afterWrite(captures int) {
	if cp.indexedAt > 0 && cp.indexed.Add(int64(captures)) >= cp.indexedAt {
		cp.die()
	}
}

// die kills the process: at once, blocking the caller until the signal
// lands, or after the delay, letting the work go on until then.
func (cp crashPoints) die() {
	kill := func() { syscall.Kill(os.Getpid(), syscall.SIGKILL) }
	if cp.delay > 0 {
		time.AfterFunc(cp.delay, kill)
		return
	}
	kill()
	select {} // SIGKILL is not delivered at once
}

// hookedArchive is the archive with the crash points' count of captures
// archived; without crash points it is the archive itself.
type hookedArchive struct {
	*archive.Store
	crash crashPoints
}

// Add archives a capture (archive.Store.Add) and counts it.
func (h hookedArchive) Add(ctx context.Context, c archive.Capture) (archive.Capture, bool, error) {
	stored, added, err := h.Store.Add(ctx, c)
	if err == nil && added {
		h.crash.afterArchive()
	}
	return stored, added, err
}

// AddBatch archives captures (archive.Store.AddBatch) and counts those
// added.
func (h hookedArchive) AddBatch(ctx context.Context, cs []archive.Capture) ([]archive.AddResult, error) {
	res, err := h.Store.AddBatch(ctx, cs)
	for _, r := range res {
		if r.Added && r.Err == nil {
			h.crash.afterArchive()
		}
	}
	return res, err
}
