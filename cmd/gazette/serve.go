package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/gazette-news/gazette/cmd/gazette/demo"
	"github.com/gazette-news/gazette/web"
)

func cmdServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := newFlags("serve", stderr)
	dataDir := fl.String("data", defaultDataDir, "data directory (archive and index)")
	addr := fl.String("addr", "127.0.0.1:8080", "address to listen on")
	withDemo := fl.Bool("demo", false, "import the bundled demo archive if the data directory is empty")
	if err := parseFlags(fl, args); err != nil {
		return err
	}
	log := newLogger(stderr)
	a, err := openApp(*dataDir)
	if err != nil {
		return err
	}
	defer a.Close()

	if *withDemo {
		n, err := a.index.Count()
		if err != nil {
			return err
		}
		if n == 0 {
			log.Info("importing the demo archive", "data", *dataDir)
			sum, err := importFiles(ctx, a.pipeline, demo.Files, []string{"files"}, false, newProgress(stderr))
			if err != nil {
				return fmt.Errorf("demo import: %w", err)
			}
			log.Info("demo archive imported", "imported", sum.Imported, "skipped", len(sum.Skipped), "elapsed", sum.Elapsed.Round(time.Millisecond))
		} else {
			log.Info("data directory already has articles; not importing the demo", "articles", n)
		}
	}

	handler := web.New(web.Config{Search: a.index, Captures: capturesFunc(a), Logger: log, Credits: placeCredits})
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second, ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
	log.Info("Gazette is running", "url", "http://"+ln.Addr().String()+"/", "data", *dataDir)
	fmt.Fprintf(stdout, "Gazette is serving at http://%s/\n", ln.Addr())
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		log.Info("shutting down")
		if err := srv.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
			return err
		}
		return nil
	}
}

// capturesFunc lists a URL's archived captures for the article page.
func capturesFunc(a *app) func(string) ([]web.CaptureInfo, error) {
	return func(url string) ([]web.CaptureInfo, error) {
		cs, err := a.archive.Captures(url)
		if err != nil {
			return nil, err
		}
		out := make([]web.CaptureInfo, 0, len(cs))
		for _, c := range cs {
			out = append(out, web.CaptureInfo{Time: c.Time, Status: c.Status})
		}
		return out, nil
	}
}
