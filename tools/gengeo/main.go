// Copyright the Gazette authors. Place data: GeoNames (CC BY 4.0) and
// Debian iso-codes (LGPL-2.1+); see indexer/places/README.md.

// Command gengeo builds the gazetteer data files of indexer/places from
// GeoNames cities500.txt and Debian's iso-codes: the text source
// (data/gazetteer.tsv.gz) and, from it and the hand-made supplement, the
// binary form the package embeds and opens at once (data/gazetteer.bin).
// Run it through gen.sh, which fetches both inputs into tools/gengeo/work/.
// After editing only data/supplement.tsv, -compile-only rebuilds the
// binary form from the text files alone.
//
// Usage:
//
//	go run ./tools/gengeo -cities work/cities500.txt -iso work/iso \
//	    -overrides tools/gengeo/admin1.tsv -sources "..." -out indexer/places/data/gazetteer.tsv.gz
//	go run ./tools/gengeo -compile-only
package main

import (
	"bytes"
	"flag"
	"fmt"
	"log/slog"
	"os"

	"github.com/gazette-news/gazette/indexer/places"
)

func main() {
	var cfg config
	flag.StringVar(&cfg.Cities, "cities", "", "GeoNames cities500.txt")
	flag.StringVar(&cfg.ISO, "iso", "", "directory the iso-codes .deb was extracted into")
	flag.StringVar(&cfg.Overrides, "overrides", "tools/gengeo/admin1.tsv", "hand-made admin1 → ISO 3166-2 pairings")
	flag.StringVar(&cfg.Counties, "counties", "", "us-atlas counties-10m.json (US counties); optional")
	flag.StringVar(&cfg.Sources, "sources", "", "source versions, recorded in the file header")
	flag.StringVar(&cfg.Out, "out", "indexer/places/data/gazetteer.tsv.gz", "output file")
	bin := flag.String("bin", "indexer/places/data/gazetteer.bin", "binary form to write from -out and -supplement")
	supplement := flag.String("supplement", "indexer/places/data/supplement.tsv", "the hand-made supplement")
	compileOnly := flag.Bool("compile-only", false, "only write -bin from the existing -out and -supplement")
	flag.Parse()
	if *compileOnly {
		if err := compile(cfg.Out, *supplement, *bin); err != nil {
			fmt.Fprintln(os.Stderr, "gengeo:", err)
			os.Exit(1)
		}
		return
	}
	if cfg.Cities == "" || cfg.ISO == "" {
		fmt.Fprintln(os.Stderr, "gengeo: -cities and -iso are required; see tools/gengeo/gen.sh")
		os.Exit(2)
	}
	if err := run(cfg, slog.Default()); err != nil {
		fmt.Fprintln(os.Stderr, "gengeo:", err)
		os.Exit(1)
	}
	if err := compile(cfg.Out, *supplement, *bin); err != nil {
		fmt.Fprintln(os.Stderr, "gengeo:", err)
		os.Exit(1)
	}
}

// compile writes the binary form of the gazetteer text files.
func compile(tsvGz, supplement, out string) error {
	gz, err := os.ReadFile(tsvGz)
	if err != nil {
		return err
	}
	sup, err := os.ReadFile(supplement)
	if err != nil {
		return err
	}
	bin, err := places.Compile(bytes.NewReader(gz), sup)
	if err != nil {
		return err
	}
	slog.Info("wrote the binary form", "file", out, "bytes", len(bin))
	return os.WriteFile(out, bin, 0o644)
}
