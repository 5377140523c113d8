package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"time"

	"github.com/gazette-news/gazette/archive"
	"github.com/gazette-news/gazette/archive/importer"
	"github.com/gazette-news/gazette/bench/fts5"
	"github.com/gazette-news/gazette/indexer"
	"github.com/gazette-news/gazette/indexer/places"
	"github.com/gazette-news/gazette/ingest"
	"github.com/gazette-news/gazette/search"
)

// cmdBenchPeer runs the FTS5 peer of `gazette bench` in its own process,
// so that its time and memory are measured apart from Gazette's:
//
//	gazette bench-peer import DB PATH...   extract and insert the pages of PATH
//	gazette bench-peer import-index DB DIR insert the articles of Gazette's data directory DIR
//	gazette bench-peer serve [--addr A] DB serve GET /search until interrupted
//
// It is started by `gazette bench` and not meant to be run by hand, so the
// usage does not list it.
func cmdBenchPeer(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return usageError{"bench-peer: want import or serve"}
	}
	switch args[0] {
	case "import":
		if len(args) < 3 {
			return usageError{"bench-peer import DB PATH..."}
		}
		return peerImport(ctx, args[1], args[2:], stdout)
	case "import-index":
		if len(args) != 3 {
			return usageError{"bench-peer import-index DB DIR"}
		}
		return peerImportIndex(ctx, args[1], args[2], stdout)
	case "serve":
		fl := newFlags("bench-peer serve", stderr)
		addr := fl.String("addr", "127.0.0.1:0", "address to listen on")
		if err := parseFlags(fl, args[1:]); err != nil {
			return err
		}
		if fl.NArg() != 1 {
			return usageError{"bench-peer serve [--addr A] DB"}
		}
		return peerServe(ctx, fl.Arg(0), *addr, stdout)
	}
	return usageError{fmt.Sprintf("bench-peer: unknown action %q", args[0])}
}

// peerBatch is how many articles the peer inserts in one transaction,
// as many as Gazette's ingest writes to its index at once.
const peerBatch = ingest.DefaultBatchDocs

// peerIngest is what `bench-peer import` reports, as one JSON line.
type peerIngest struct {
	Articles int     `json:"articles"`
	Skipped  int     `json:"skipped"`
	Seconds  float64 `json:"seconds"`
	Extract  float64 `json:"extract_seconds"` // decode, clean, places (Gazette's own code)
	Insert   float64 `json:"insert_seconds"`  // SQLite inserts, in transactions of peerBatch
	Finish   float64 `json:"finish_seconds"`  // FTS5 optimize, ANALYZE, checkpoint
	// FromIndex: the articles came from Gazette's index, not extracted
	// again (import-index): the rate is of inserting only.
	FromIndex bool `json:"from_gazette_index,omitempty"`
}

// peerImport reads every page under paths, extracts it with Gazette's own
// cleaner and recogniser (so both sides index the same articles) and
// inserts the articles into a new peer database, peerBatch at a time.
func peerImport(ctx context.Context, dbPath string, paths []string, stdout io.Writer) error {
	start := time.Now()
	gaz, err := places.Load()
	if err != nil {
		return err
	}
	db, err := fts5.Create(dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	x := &indexer.Extractor{Places: gaz}
	var st peerIngest
	var batch []search.Doc
	var extract, insert time.Duration
	flush := func() error {
		t := time.Now()
		err := db.Insert(ctx, batch)
		insert += time.Since(t)
		batch = batch[:0]
		return err
	}
	files, _, err := importer.Walk(importer.OSFS(), paths)
	if err != nil {
		return err
	}
	for _, f := range files {
		err := importer.Read(importer.OSFS(), f, "", func(c archive.Capture) error {
			if err := ctx.Err(); err != nil {
				return err
			}
			t := time.Now()
			art, err := x.Extract(c)
			extract += time.Since(t)
			if err != nil {
				st.Skipped++
				return nil
			}
			batch = append(batch, x.Doc(art))
			st.Articles++
			if len(batch) == peerBatch {
				return flush()
			}
			return nil
		}, func(error) { st.Skipped++ })
		if err != nil {
			return err
		}
	}
	if err := flush(); err != nil {
		return err
	}
	t := time.Now()
	if err := db.Finish(ctx); err != nil {
		return err
	}
	st.Finish = time.Since(t).Seconds()
	st.Extract, st.Insert, st.Seconds = extract.Seconds(), insert.Seconds(), time.Since(start).Seconds()
	return json.NewEncoder(stdout).Encode(st)
}

// peerImportIndex inserts the articles of a Gazette data directory into a
// new peer database: the same articles as extracted by Gazette, without
// extracting them again (for corpora too large to extract twice).
func peerImportIndex(ctx context.Context, dbPath, dataDir string, stdout io.Writer) error {
	start := time.Now()
	ix, err := search.Open(filepath.Join(dataDir, "index"))
	if err != nil {
		return err
	}
	defer ix.Close()
	db, err := fts5.Create(dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	var st peerIngest
	var batch []search.Doc
	var insert time.Duration
	flush := func() error {
		t := time.Now()
		err := db.Insert(ctx, batch)
		insert += time.Since(t)
		batch = batch[:0]
		return err
	}
	err = ix.EachID(ctx, func(id string) error {
		d, err := ix.Get(id)
		if err != nil {
			return err
		}
		batch = append(batch, d)
		st.Articles++
		if len(batch) == peerBatch {
			return flush()
		}
		return nil
	})
	if err != nil {
		return err
	}
	if err := flush(); err != nil {
		return err
	}
	t := time.Now()
	if err := db.Finish(ctx); err != nil {
		return err
	}
	st.Finish = time.Since(t).Seconds()
	st.Insert, st.Seconds, st.FromIndex = insert.Seconds(), time.Since(start).Seconds(), true
	return json.NewEncoder(stdout).Encode(st)
}

// peerServe serves the peer's search until ctx ends; it prints the line
// "serving at http://ADDR/" once it listens.
func peerServe(ctx context.Context, dbPath, addr string, stdout io.Writer) error {
	db, err := fts5.Open(dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: db.Handler(), ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintf(stdout, "serving at http://%s/\n", ln.Addr())
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := srv.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
			return err
		}
		return nil
	}
}
