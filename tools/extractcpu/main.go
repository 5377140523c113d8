// Command extractcpu measures the CPU time of the import's extraction
// (indexer.Decode, Extractor.Article with places, Extractor.Doc) over the
// captures of WARC files, in this process on one goroutine, without the
// archive or the index: the part of `gazette import` that is Gazette's own
// code. It prints the CPU time (user + system, all threads: the garbage
// collector's work is in it) and the bytes and allocations per article,
// and with -out a digest of every
// document, so that two builds can be checked to extract the same.
//
// With -index DIR it then writes the documents of the first round to a new
// index, in batches of 500 as an import does, compacts it, and prints that
// CPU time on its own line (the profiles cover both parts).
//
//	go run ./tools/extractcpu [-rounds N] [-cpuprofile F] [-memprofile F] [-out F] [-index DIR] FILE.warc.gz...
package main

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"runtime"
	"runtime/pprof"
	"syscall"
	"time"

	"github.com/gazette-news/gazette/archive"
	"github.com/gazette-news/gazette/indexer"
	"github.com/gazette-news/gazette/indexer/places"
	"github.com/gazette-news/gazette/search"
)

func main() {
	rounds := flag.Int("rounds", 1, "times every capture is extracted")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of the extraction here")
	memProfile := flag.String("memprofile", "", "write an allocation profile of the extraction here")
	indexDir := flag.String("index", "", "then write the documents to a new index in this directory (which must not exist), in batches of 500, and report that CPU time too")
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
	if *memProfile != "" {
		runtime.MemProfileRate = 64 << 10
		defer func() {
			f, err := os.Create(*memProfile)
			if err != nil {
				log.Fatal(err)
			}
			pprof.Lookup("allocs").WriteTo(f, 0)
			f.Close()
		}()
	}
	var ms0, ms1 runtime.MemStats
	runtime.ReadMemStats(&ms0)
	cpu0, wall0 := cpuTime(), time.Now()
	n, skipped := 0, 0
	var docs []search.Doc
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
			if r == 0 && *indexDir != "" {
				docs = append(docs, d)
			}
			n++
			if w != nil && r == 0 {
				b, _ := json.Marshal(d)
				fmt.Fprintf(w, "%s\t%x\n", c.URL, sha256.Sum256(b))
			}
		}
	}
	cpu := cpuTime() - cpu0
	runtime.ReadMemStats(&ms1)
	per := float64(max(n, 1))
	fmt.Printf("%d articles (%d skipped) in %d rounds: %.2f s CPU, %.3f ms CPU per article, %.0f KB in %.0f allocations per article, %d collections, %.1f s wall\n",
		n, skipped, *rounds, cpu.Seconds(), cpu.Seconds()*1000/per, float64(ms1.TotalAlloc-ms0.TotalAlloc)/1024/per,
		float64(ms1.Mallocs-ms0.Mallocs)/per, ms1.NumGC-ms0.NumGC, time.Since(wall0).Seconds())
	if *indexDir != "" {
		if err := writeIndex(*indexDir, docs); err != nil {
			log.Fatal(err)
		}
	}
}

// writeIndex writes docs to a new index at dir in batches of 500, as an
// import's merger does, and prints the CPU time it took (scorch's
// background merges and the compaction at the end included).
func writeIndex(dir string, docs []search.Doc) error {
	ix, err := search.Open(dir)
	if err != nil {
		return err
	}
	runtime.GC()
	cpu0, wall0 := cpuTime(), time.Now()
	var b search.Batch
	for i, d := range docs {
		b.Put(d)
		if b.Len() == 500 || i == len(docs)-1 {
			b.SetApplied(uint64(i + 1))
			if err := ix.Write(&b); err != nil {
				return err
			}
			b.Reset()
		}
	}
	if _, _, err := ix.Compact(context.Background()); err != nil {
		return err
	}
	if err := ix.Close(); err != nil {
		return err
	}
	cpu := cpuTime() - cpu0
	fmt.Printf("indexed %d documents: %.2f s CPU, %.3f ms CPU per document, %.1f s wall\n",
		len(docs), cpu.Seconds(), cpu.Seconds()*1000/float64(max(len(docs), 1)), time.Since(wall0).Seconds())
	return nil
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
