// Command extractcpu measures the CPU time of the import's extraction
// (indexer.Decode, Extractor.Article with places, Extractor.Doc) over the
// captures of WARC files, in this process on one goroutine, without the
// archive or the index: the part of `gazette import` that is Gazette's own
// code. It prints the CPU time (user + system, all threads: the garbage
// collector's work is in it) per article, and with -out a digest of every
// document, so that two builds can be checked to extract the same.
//
//	go run ./tools/extractcpu [-rounds N] [-cpuprofile F] [-out F] FILE.warc.gz...
package main

import (
	"crypto/sha256"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"runtime/pprof"
	"syscall"
	"time"

	"github.com/gazette-news/gazette/archive"
	"github.com/gazette-news/gazette/indexer"
	"github.com/gazette-news/gazette/indexer/places"
)

func main() {
	rounds := flag.Int("rounds", 1, "times every capture is extracted")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of the extraction here")
	out := flag.String("out", "", "write each document's URL and the SHA-256 of its JSON here, one a line")
	flag.Parse()
	gaz, err := places.Load()
	if err != nil {
		log.Fatal(err)
	}
	var caps []archive.Capture
	for _, name := range flag.Args() {
		f, err := os.Open(name)
		if err != nil {
			log.Fatal(err)
		}
		if err := archive.ReadWARC(f, func(c archive.Capture) error {
			if c.Body != nil {
				caps = append(caps, c)
			}
			return nil
		}, func(err error) { log.Print(err) }); err != nil {
			log.Fatal(err)
		}
		f.Close()
	}
	x := &indexer.Extractor{Places: gaz}
	var w *os.File
	if *out != "" {
		if w, err = os.Create(*out); err != nil {
			log.Fatal(err)
		}
		defer w.Close()
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			log.Fatal(err)
		}
		pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}
	cpu0, wall0 := cpuTime(), time.Now()
	n, skipped := 0, 0
	for r := 0; r < *rounds; r++ {
		for _, c := range caps {
			a, err := x.Extract(c)
			if err != nil {
				skipped++
				if w != nil && r == 0 {
					fmt.Fprintf(w, "%s\terror %v\n", c.URL, err)
				}
				continue
			}
			d := x.Doc(a)
			n++
			if w != nil && r == 0 {
				b, _ := json.Marshal(d)
				fmt.Fprintf(w, "%s\t%x\n", c.URL, sha256.Sum256(b))
			}
		}
	}
	cpu := cpuTime() - cpu0
	fmt.Printf("%d articles (%d skipped) in %d rounds: %.2f s CPU, %.3f ms CPU per article, %.1f s wall\n",
		n, skipped, *rounds, cpu.Seconds(), cpu.Seconds()*1000/float64(max(n, 1)), time.Since(wall0).Seconds())
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
