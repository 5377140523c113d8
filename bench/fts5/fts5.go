// Package fts5 is the peer `gazette bench` measures Gazette against: the
// same articles in a SQLite database (modernc.org/sqlite, pure Go) with an
// FTS5 full-text index ranked by BM25, and the same facets (places and
// their levels, months, languages, sites) counted with GROUP BY, served
// over HTTP by a small handler. It is what a careful developer would build
// with SQLite in an afternoon, tuned as the SQLite documentation advises
// (WAL, memory-mapped reads, a merged FTS index), so that the comparison
// says something about Gazette and not about a straw man.
package fts5

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/gazette-news/gazette/search"

	_ "modernc.org/sqlite" // the "sqlite" database/sql driver
)

// schema is the peer's layout. docs holds what a hit shows and the facet
// fields; fts the searchable text (title, text, every place name variant);
// place_filter every place id of a document with its ancestors (the place
// filter); facets the "id|name" keys of its places per level.
const schema = `
CREATE TABLE docs (
	id        INTEGER PRIMARY KEY,
	ext_id    TEXT NOT NULL,
	url       TEXT NOT NULL,
	title     TEXT NOT NULL,
	author    TEXT NOT NULL,
	site      TEXT NOT NULL,
	lang      TEXT NOT NULL,
	published INTEGER,          -- Unix seconds; NULL when undated
	day       INTEGER,          -- the calendar day of publication, in its own zone, at 00:00 UTC
	month     TEXT NOT NULL     -- "2022-03" or "undated"
);
CREATE INDEX docs_published ON docs(published);
CREATE INDEX docs_day ON docs(day);
CREATE INDEX docs_month ON docs(month);
CREATE INDEX docs_lang ON docs(lang, published);
CREATE INDEX docs_site ON docs(site, published);
CREATE VIRTUAL TABLE fts USING fts5(title, text, placenames, tokenize = 'porter unicode61 remove_diacritics 2');
CREATE TABLE place_filter (place TEXT NOT NULL, doc INTEGER NOT NULL, PRIMARY KEY (place, doc)) WITHOUT ROWID;
CREATE TABLE facets (doc INTEGER NOT NULL, level TEXT NOT NULL, key TEXT NOT NULL, PRIMARY KEY (doc, level, key)) WITHOUT ROWID;
CREATE INDEX facets_key ON facets(level, key); -- counts over every document without sorting (the front page)
`

// Facet levels in the facets table.
const (
	levelPlaces    = "places"
	levelCountries = "countries"
	levelRegions   = "regions"
	levelCities    = "cities"
)

// DB is the peer's database.
type DB struct {
	db   *sql.DB
	path string
}

// pragmas are set on every connection.
const pragmas = "?_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_pragma=busy_timeout(10000)" +
	"&_pragma=mmap_size(1073741824)&_pragma=cache_size(-65536)&_pragma=temp_store(MEMORY)"

// Create makes a new, empty database at path; it fails if path exists.
func Create(path string) (*DB, error) {
	if _, err := os.Stat(path); err == nil {
		return nil, fmt.Errorf("fts5: %s exists", path)
	}
	d, err := Open(path)
	if err != nil {
		return nil, err
	}
	if _, err := d.db.Exec(schema); err != nil {
		d.Close()
		return nil, fmt.Errorf("fts5: create schema: %w", err)
	}
	return d, nil
}

// Open opens an existing database.
func Open(path string) (*DB, error) {
	registerFuzzy() // before the first connection, which gets the function
	db, err := sql.Open("sqlite", "file:"+path+pragmas)
	if err != nil {
		return nil, fmt.Errorf("fts5: open %s: %w", path, err)
	}
	if err := db.Ping(); err != nil {
		db.Close()
		return nil, fmt.Errorf("fts5: open %s: %w", path, err)
	}
	return &DB{db: db, path: path}, nil
}

// Close closes the database.
func (d *DB) Close() error { return d.db.Close() }

// Insert adds documents in one transaction.
func (d *DB) Insert(ctx context.Context, docs []search.Doc) (err error) {
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("fts5: insert: %w", err)
	}
	defer func() {
		if err != nil {
			tx.Rollback()
		}
	}()
	stmt := func(q string) *sql.Stmt {
		s, e := tx.PrepareContext(ctx, q)
		if e != nil && err == nil {
			err = e
		}
		return s
	}
	insDoc := stmt(`INSERT INTO docs (ext_id, url, title, author, site, lang, published, day, month) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	insText := stmt(`INSERT INTO fts (rowid, title, text, placenames) VALUES (?, ?, ?, ?)`)
	insPlace := stmt(`INSERT OR IGNORE INTO place_filter (place, doc) VALUES (?, ?)`)
	insFacet := stmt(`INSERT OR IGNORE INTO facets (doc, level, key) VALUES (?, ?, ?)`)
	if err != nil {
		return fmt.Errorf("fts5: insert: %w", err)
	}
	for _, doc := range docs {
		var published, day any
		month := "undated"
		if p := doc.Published; p != nil && !p.IsZero() {
			published, day, month = p.Unix(), dayStart(*p), p.Format("2006-01")
		}
		res, err := insDoc.ExecContext(ctx, doc.ID, doc.URL, doc.Title, doc.Author, strings.TrimSpace(doc.Site),
			primaryLang(doc.Lang), published, day, month)
		if err != nil {
			return fmt.Errorf("fts5: insert %s: %w", doc.ID, err)
		}
		id, err := res.LastInsertId()
		if err != nil {
			return err
		}
		var names []string
		for _, p := range doc.Places {
			names = append(names, p.Name)
			names = append(names, p.Names...)
			if _, err := insFacet.ExecContext(ctx, id, levelPlaces, facetKey(p.ID, p.Name)); err != nil {
				return err
			}
			for _, r := range append([]search.PlaceRef{{ID: p.ID, Name: p.Name, Kind: p.Kind}}, p.Ancestors...) {
				if _, err := insPlace.ExecContext(ctx, r.ID, id); err != nil {
					return err
				}
				if level := levelOf(r.Kind); level != "" {
					if _, err := insFacet.ExecContext(ctx, id, level, facetKey(r.ID, r.Name)); err != nil {
						return err
					}
				}
			}
		}
		if _, err := insText.ExecContext(ctx, id, doc.Title, doc.Text, strings.Join(names, " \n")); err != nil {
			return fmt.Errorf("fts5: insert %s: %w", doc.ID, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("fts5: commit: %w", err)
	}
	return nil
}

// Finish merges the full-text index into one b-tree and gathers the
// statistics the query planner uses, as one does after a bulk load.
func (d *DB) Finish(ctx context.Context) error {
	for _, q := range []string{`INSERT INTO fts(fts) VALUES ('optimize')`, `ANALYZE`, `PRAGMA wal_checkpoint(TRUNCATE)`} {
		if _, err := d.db.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("fts5: %s: %w", q, err)
		}
	}
	return nil
}

// Size returns the bytes the database takes on disk (with its WAL).
func (d *DB) Size() (int64, error) {
	var total int64
	for _, suffix := range []string{"", "-wal", "-shm"} {
		info, err := os.Stat(d.path + suffix)
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return 0, err
		}
		total += info.Size()
	}
	return total, nil
}

// Count returns the number of documents.
func (d *DB) Count(ctx context.Context) (int, error) {
	var n int
	err := d.db.QueryRowContext(ctx, `SELECT count(*) FROM docs`).Scan(&n)
	return n, err
}

// facetKey is "id|name", as Gazette's place facets show them.
func facetKey(id, name string) string {
	if name == "" {
		name = id
	}
	return id + "|" + name
}

// levelOf maps a place kind to its facet level, as Gazette does.
func levelOf(kind string) string {
	switch kind {
	case search.KindCountry:
		return levelCountries
	case search.KindRegion, search.KindArea, search.KindCounty:
		return levelRegions
	case search.KindCity:
		return levelCities
	}
	return ""
}

func primaryLang(lang string) string {
	p, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(lang)), "-")
	p, _, _ = strings.Cut(p, "_")
	return p
}

// dayStart is the calendar day of t, in t's own zone, as Unix seconds of
// its midnight UTC: how Gazette's day field and its From and To filters
// see dates.
func dayStart(t time.Time) int64 {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC).Unix()
}
