// Copyright the Gazette authors. Place data: GeoNames (CC BY 4.0) and
// Debian iso-codes (LGPL-2.1+); see indexer/places/README.md.

// Command gengeo builds the gazetteer data file embedded by indexer/places
// from GeoNames cities500.txt and Debian's iso-codes. Run it through gen.sh,
// which fetches both inputs into tools/gengeo/work/.
//
// Usage:
//
//	go run ./tools/gengeo -cities work/cities500.txt -iso work/iso \
//	    -overrides tools/gengeo/admin1.tsv -sources "..." -out indexer/places/data/gazetteer.tsv.gz
package main

import (
	"flag"
	"fmt"
	"log/slog"
	"os"
)

func main() {
	var cfg config
	flag.StringVar(&cfg.Cities, "cities", "", "GeoNames cities500.txt")
	flag.StringVar(&cfg.ISO, "iso", "", "directory the iso-codes .deb was extracted into")
	flag.StringVar(&cfg.Overrides, "overrides", "tools/gengeo/admin1.tsv", "hand-made admin1 → ISO 3166-2 pairings")
	flag.StringVar(&cfg.Counties, "counties", "", "us-atlas counties-10m.json (US counties); optional")
	flag.StringVar(&cfg.Sources, "sources", "", "source versions, recorded in the file header")
	flag.StringVar(&cfg.Out, "out", "indexer/places/data/gazetteer.tsv.gz", "output file")
	flag.Parse()
	if cfg.Cities == "" || cfg.ISO == "" {
		fmt.Fprintln(os.Stderr, "gengeo: -cities and -iso are required; see tools/gengeo/gen.sh")
		os.Exit(2)
	}
	if err := run(cfg, slog.Default()); err != nil {
		fmt.Fprintln(os.Stderr, "gengeo:", err)
		os.Exit(1)
	}
}
