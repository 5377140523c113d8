package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"
	"sync"
	"time"

	"github.com/gazette-news/gazette/archive"
	"github.com/gazette-news/gazette/archive/importer"
	"github.com/gazette-news/gazette/ingest"
)

func cmdImport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := newFlags("import", stderr)
	dataDir := fl.String("data", defaultDataDir, "data directory (archive and index)")
	again := fl.Bool("again", false, "read again the WARC and WACZ files imported whole before (by default they are skipped)")
	fl.Usage = func() {
		fmt.Fprint(stderr, importUsage)
		fl.PrintDefaults()
	}
	if err := parseFlags(fl, args); err != nil {
		return err
	}
	if fl.NArg() == 0 {
		return usageError{"no PATH given"}
	}
	a, err := openApp(ctx, *dataDir, stderr)
	if err != nil {
		return err
	}
	defer a.Close()
	prog := newStatusLine(stderr)
	sum, err := importFiles(ctx, a, importer.OSFS(), fl.Args(), importOptions{Again: *again}, prog)
	sum.print(stdout)
	if err != nil {
		return err
	}
	if sum.Imported+sum.Updated > 0 {
		if _, err := compact(ctx, a.index, stdout, prog); err != nil {
			return err
		}
	}
	if sum.skipped() > 0 && sum.Imported+sum.Updated+sum.Unchanged+sum.Before == 0 {
		return errors.New("nothing could be imported")
	}
	return nil
}

// importUsage is `gazette import -h`: every input type the README's
// import table lists (a test holds the two together).
const importUsage = `Usage: gazette import [--data DIR] PATH...

Imports files, and folders of them (walked recursively):
  .warc, .warc.gz   WARC files (wget, Heritrix, Browsertrix): responses, resources and revisits
  .wacz             WACZ files: every WARC file under archive/ in the ZIP
  .html, .htm       one saved page; its URL is <link rel=canonical>, else og:url, else file:HASH/NAME
  .txt              a text dump of a page: an optional first line "date YYYY-MM-DD", then the text
A file without a URL is identified by its content's hash and its name (file:HASH/NAME), not its folders.
Each input is archived as received, then cleaned and indexed; a bad file is reported and skipped.
A WARC or WACZ file read whole before (the same content, under any name) is skipped at once,
so an import stopped half-way and run again goes on where it stopped; --again reads it again.

`

// summary counts what an import did.
type summary struct {
	Files     int
	Archived  int // new captures archived; the index applies them in batches
	Imported  int
	Updated   int
	Unchanged int
	Before    int             // WARC and WACZ files imported whole before, not read again
	Skipped   []importer.Skip // the first maxListedSkips skipped, with why
	More      int             // skipped beyond those listed
	Elapsed   time.Duration
}

// maxListedSkips bounds the skipped captures a summary lists one by one:
// an import of a large crawl skips every listing page and every older
// version, and a list of them all would grow with the import. The rest are
// counted.
const maxListedSkips = 1000

// skip reports skipped inputs: listed while the list is short, counted
// after.
func (s *summary) skip(sks ...importer.Skip) {
	for _, sk := range sks {
		if len(s.Skipped) < maxListedSkips {
			s.Skipped = append(s.Skipped, sk)
		} else {
			s.More++
		}
	}
}

// skipped is how many inputs were skipped, listed or not.
func (s summary) skipped() int { return len(s.Skipped) + s.More }

// line is the status line of an import in progress. Captures are archived
// one by one and indexed in batches, so it counts both: the archived count
// moves with every record, the imported one with every batch.
func (s summary) line(done, total int) string {
	return fmt.Sprintf("files %d/%d · archived %d · imported %d · updated %d · already archived %d · files imported before %d · skipped %d",
		done, total, s.Archived, s.Imported, s.Updated, s.Unchanged, s.Before, s.skipped())
}

// reindexLine is the status line of a reindex in progress.
func (s summary) reindexLine(done, total int) string {
	return fmt.Sprintf("URLs %d/%d · new %d · changed %d · the same %d · without an article %d",
		done, total, s.Imported, s.Updated, s.Unchanged, s.skipped())
}

func (s summary) print(w io.Writer) {
	fmt.Fprintf(w, "Done in %s: %d files read; %d articles imported, %d updated; %d captures already archived; %d skipped.\n",
		s.Elapsed.Round(time.Millisecond), s.Files, s.Imported, s.Updated, s.Unchanged, s.skipped())
	if s.Before > 0 {
		fmt.Fprintf(w, "  %d WARC/WACZ files were imported whole before and not read again (--again reads them).\n", s.Before)
	}
	for _, sk := range s.Skipped {
		fmt.Fprintf(w, "  skipped %s: %s\n", sk.Name, sk.Reason)
	}
	if s.More > 0 {
		fmt.Fprintf(w, "  and %d more skipped (only the first %d are listed)\n", s.More, len(s.Skipped))
	}
}

// importFiles imports every file found under paths in fsys. A bad file or a
// broken record is reported in the summary and skipped; the rest go in.
// Pages without a URL of their own are archived under their file name and
// a hash of their content (urlid.FileID), never under the folders they
// came from.
//
// Captures are archived a batch at a time (one sync for the batch, see
// archive.Store.AddBatch), and each batch archived is handed, bodies and
// all, to the ingest (ingest.Feed), which extracts and indexes it on the
// other cores while the next batch is read and archived. An import killed
// at any point loses nothing: what was archived is applied when the data
// directory is next opened, and the import run again finds the rest.
func importFiles(ctx context.Context, a *app, fsys fs.FS, paths []string, opts importOptions, prog *statusLine) (sum summary, err error) {
	start := time.Now()
	defer func() { sum.Elapsed = time.Since(start) }()
	arch := hookedArchive{a.archive, a.crash}
	// sum is shared with the feed, which counts what it applies.
	var mu sync.Mutex
	from := map[uint64]string{} // the file each capture came from, until it is applied
	feed := a.ingest.NewFeed(ctx, func(r ingest.Result) {
		mu.Lock()
		defer mu.Unlock()
		file, ok := from[r.Capture.Seq]
		if !ok {
			file = "archive"
		}
		delete(from, r.Capture.Seq)
		sum.count(r, file)
	})
	defer func() {
		_, ferr := feed.Close()
		if err == nil && ferr != nil {
			err = &fatalError{ferr}
		}
	}()
	show := func(done, total int) {
		mu.Lock()
		line := sum.line(done, total)
		mu.Unlock()
		prog.show(line)
	}

	files, skipped, err := importer.Walk(fsys, paths)
	sum.skip(skipped...)
	if err != nil {
		return sum, err
	}
	// Revisit records read before the record holding their payload (in
	// another file of the same crawl) are tried again at the end.
	var later []pendingRevisit
	var batch []pendingRevisit // read, not archived yet
	// The ledger of files read whole: a file read to its end waits in
	// readWhole until its last captures are archived, then goes into the
	// archive's ledger, unless one of its records was skipped or left for
	// later (troubled), so that a file with trouble is read again next time.
	var readWhole []wholeFile
	troubled := map[string]bool{}
	batchBytes := 0
	// The first batches are small, so that the first captures are archived
	// (and counted) at once; they double up to archiveEvery.
	batchSize := 1
	noteWhole := func() error {
		for _, w := range readWhole {
			if troubled[w.file.Name] {
				delete(troubled, w.file.Name)
				continue
			}
			if err := a.archive.NoteImported(w.digest, w.file); err != nil {
				return &fatalError{err}
			}
		}
		readWhole = readWhole[:0]
		return nil
	}
	flush := func() error {
		if len(batch) == 0 {
			return noteWhole()
		}
		cs := make([]archive.Capture, len(batch))
		for i, p := range batch {
			cs[i] = p.capture
		}
		res, err := arch.AddBatch(ctx, cs)
		if err != nil {
			return &fatalError{err} // the archive failed: stop
		}
		var stop error
		for i, r := range res {
			p := batch[i]
			mu.Lock()
			switch {
			case p.retry && errors.Is(r.Err, archive.ErrNoOriginal) && len(later) < maxPendingRevisits:
				later = append(later, pendingRevisit{file: p.file, capture: p.capture})
				troubled[p.file] = true
			case errors.Is(r.Err, archive.ErrInvalid) || errors.Is(r.Err, archive.ErrNoOriginal):
				troubled[p.file] = true
				sum.skip(importer.Skip{Name: p.file, Reason: fmt.Sprintf("%s: %v", p.capture.URL, r.Err)})
			case r.Err != nil:
				stop = cmp.Or(stop, error(&fatalError{r.Err}))
			case !r.Added:
				sum.Unchanged++
			default:
				sum.Archived++
				from[r.Capture.Seq] = p.file
			}
			mu.Unlock()
			if r.Added && r.Err == nil {
				if err := feed.Add(r.Capture); err != nil {
					return &fatalError{err}
				}
			}
		}
		clear(batch) // the bodies
		batch, batchBytes = batch[:0], 0
		batchSize = min(2*batchSize, a.archiveEvery)
		if stop != nil {
			return stop
		}
		return noteWhole()
	}
	add := func(file string, c archive.Capture, retry bool) error {
		batch = append(batch, pendingRevisit{file: file, capture: c, retry: retry})
		batchBytes += len(c.Body)
		// A stream is readable only until its record's callback returns.
		if c.Stream != nil || len(batch) >= batchSize || batchBytes >= maxBatchBytes {
			return flush()
		}
		return nil
	}
	for i, f := range files {
		if err := ctx.Err(); err != nil {
			return sum, err
		}
		sum.Files++
		digest := ""
		if f.Kind.Container() {
			// A file that cannot be read has no digest; Read reports it.
			digest, _ = importer.Digest(fsys, f.Name)
		}
		if digest != "" && !opts.Again {
			_, before, err := a.archive.Imported(digest)
			if err != nil {
				return sum, &fatalError{err}
			}
			if before {
				mu.Lock()
				sum.Before++
				mu.Unlock()
				show(i+1, len(files))
				continue
			}
		}
		records := 0
		var broken []importer.Skip // this file's records that are not records
		skipRecord := func(err error) {
			broken = append(broken, importer.Skip{Name: f.Name, Reason: err.Error()})
		}
		err := importer.Read(fsys, f, "", func(c archive.Capture) error {
			records++
			if err := add(f.Name, c, true); err != nil {
				return err
			}
			show(i+1, len(files))
			return nil
		}, skipRecord)
		var fatal *fatalError
		switch {
		case err != nil && ctx.Err() != nil:
			return sum, ctx.Err()
		case errors.As(err, &fatal):
			return sum, err
		case err != nil:
			broken = skipFile(broken, records, f.Name, err)
		}
		mu.Lock()
		sum.skip(broken...)
		mu.Unlock()
		if digest != "" && err == nil && len(broken) == 0 {
			readWhole = append(readWhole, wholeFile{digest: digest,
				file: archive.ImportedFile{Name: f.Name, Records: records, Imported: time.Now().UTC()}})
		}
		show(i+1, len(files))
	}
	if err := flush(); err != nil { // the revisits to try again are known
		return sum, err
	}
	for _, r := range later {
		if err := add(r.file, r.capture, false); err != nil {
			return sum, err
		}
	}
	if err := flush(); err != nil {
		return sum, err
	}
	prog.done()
	return sum, nil
}

// defaultArchiveBatch is how many captures an import archives at once:
// enough that the syncs cost little, few enough that the ingest gets them
// often.
const defaultArchiveBatch = 100

// maxBatchBytes bounds the bodies an import holds in a batch not archived
// yet (a record can be as large as archive.MaxInMemory).
const maxBatchBytes = 32 << 20

// maxPendingRevisits bounds the revisit records an import keeps to try
// again at its end (each holds only its headers).
const maxPendingRevisits = 100_000

// importOptions are the choices of `gazette import`.
type importOptions struct {
	// Again reads WARC and WACZ files again that the archive's ledger
	// says were imported whole before.
	Again bool
}

// wholeFile is an input file read to its end, with its content's SHA-256:
// its ledger entry once its captures are archived.
type wholeFile struct {
	digest string
	file   archive.ImportedFile
}

// pendingRevisit is a capture read and not archived yet: in the batch
// being filled, or a revisit record whose original was not archived yet
// when it was read (retry: it may be tried again at the end).
type pendingRevisit struct {
	file    string
	capture archive.Capture
	retry   bool
}

// count adds the result of applying one capture of file to the summary.
// A capture without an article, or older than the article's newest, is
// reported as skipped.
func (s *summary) count(r ingest.Result, file string) {
	switch r.Outcome {
	case ingest.NewArticle:
		s.Imported++
	case ingest.Updated:
		s.Updated++
	case ingest.Older:
		s.skip(importer.Skip{Name: file, Reason: fmt.Sprintf("%s: older than the newest capture of its article: archived, the article keeps the newest (%s)",
			r.Capture.URL, r.Capture.Time.Format(time.RFC3339))})
	case ingest.NoArticle, ingest.Unreadable:
		s.skip(importer.Skip{Name: file, Reason: fmt.Sprintf("%s: %v", r.Capture.URL, r.Err)})
	}
}

// skipFile reports a file that could not be read to its end. When nothing
// of it was read, what was reported for it before (bytes that are not a
// record) is folded into one entry, so one bad file counts once.
func skipFile(broken []importer.Skip, records int, name string, err error) []importer.Skip {
	reason := err.Error()
	if records == 0 && len(broken) > 0 {
		var earlier []string
		for _, sk := range broken {
			earlier = append(earlier, sk.Reason)
		}
		reason += " (" + strings.Join(earlier, "; ") + ")"
		broken = nil
	}
	return append(broken, importer.Skip{Name: name, Reason: reason})
}

// fatalError wraps failures of the archive or index themselves, which stop
// an import instead of skipping one file.
type fatalError struct{ err error }

func (e *fatalError) Error() string { return e.err.Error() }
func (e *fatalError) Unwrap() error { return e.err }
