package fts5

import (
	"cmp"
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"html"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	porterstemmer "github.com/blevesearch/go-porterstemmer"
	"modernc.org/sqlite"
)

// Query is one search: an FTS5 match expression and Gazette's filters.
type Query struct {
	Match  string     // FTS5 query syntax; "" matches every document
	Fuzzy  string     // a word matched with one edit (OR of the indexed terms within it), ANDed with Match
	Places []string   // place ids (a place or any of its ancestors); all must match
	From   *time.Time // published on or after this day
	To     *time.Time // published on or before this day
	Lang   string
	Site   string
	Sort   string // "relevance" (default), "newest", "oldest"
	Page   int    // 1-based
	Size   int    // hits per page; default 10
}

// Result is what Gazette's search API returns, in the same JSON shape.
type Result struct {
	Total  int    `json:"total"`
	Hits   []Hit  `json:"hits"`
	Facets Facets `json:"facets"`
}

// Hit is one document of a page of results.
type Hit struct {
	ID        string     `json:"id"`
	URL       string     `json:"url"`
	Title     string     `json:"title"`
	Published *time.Time `json:"published"`
	Site      string     `json:"site"`
	Lang      string     `json:"lang"`
	Places    []string   `json:"places"`
	Snippet   string     `json:"snippet"`
}

// Facets are counted over every hit.
type Facets struct {
	Places      []Count            `json:"places"`
	PlaceLevels map[string][]Count `json:"place_levels"`
	Dates       []Count            `json:"dates"`
	Langs       []Count            `json:"langs"`
	Sites       []Count            `json:"sites"`
}

// Count is one facet bucket.
type Count struct {
	Key   string `json:"key"`
	Count int    `json:"count"`
}

// Facet sizes, as Gazette's.
const (
	placeFacetSize = 50
	siteFacetSize  = 100
	langFacetSize  = 50
)

// Search runs a query: the hits are collected into a temporary table on
// one connection, then counted, grouped for each facet and paged.
func (d *DB) Search(ctx context.Context, q Query) (*Result, error) {
	conn, err := d.db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	if q.Size <= 0 {
		q.Size = 10
	}
	if q.Page <= 0 {
		q.Page = 1
	}
	match := strings.TrimSpace(q.Match)
	if q.Fuzzy != "" {
		terms, err := fuzzyTerms(ctx, conn, q.Fuzzy, 1)
		if err != nil {
			return nil, err
		}
		if len(terms) == 0 {
			return &Result{Hits: []Hit{}, Facets: Facets{PlaceLevels: map[string][]Count{}}}, nil
		}
		fz := "(" + strings.Join(terms, " OR ") + ")"
		if match != "" {
			fz = "(" + match + ") AND " + fz
		}
		match = fz
	}

	var where []string
	var args []any
	for _, p := range q.Places {
		where = append(where, "d.id IN (SELECT doc FROM place_filter WHERE place = ?)")
		args = append(args, p)
	}
	if q.From != nil {
		where = append(where, "d.day >= ?")
		args = append(args, dayStart(*q.From))
	}
	if q.To != nil {
		where = append(where, "d.day <= ?")
		args = append(args, dayStart(*q.To))
	}
	if q.Lang != "" {
		where = append(where, "d.lang = ?")
		args = append(args, primaryLang(q.Lang))
	}
	if q.Site != "" {
		where = append(where, "lower(d.site) = lower(?)")
		args = append(args, q.Site)
	}
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}

	// hits is the hit set: the temporary table, or every document (which
	// all score the same).
	hits, score := "docs", ""
	everything := match == "" && cond == ""
	if !everything {
		src := `SELECT d.id, 0 FROM docs d` + cond
		if match != "" {
			src = `SELECT d.id, f.score FROM (SELECT rowid AS id, bm25(fts, 3.0, 1.0, 2.0) AS score FROM fts WHERE fts MATCH ?) f JOIN docs d ON d.id = f.id` + cond
			args = append([]any{match}, args...)
		}
		for _, stmt := range []string{`CREATE TEMP TABLE IF NOT EXISTS hits (id INTEGER PRIMARY KEY, score REAL)`, `DELETE FROM hits`} {
			if _, err := conn.ExecContext(ctx, stmt); err != nil {
				return nil, fmt.Errorf("fts5: %w", err)
			}
		}
		if _, err := conn.ExecContext(ctx, `INSERT INTO hits (id, score) `+src, args...); err != nil {
			return nil, queryError(err)
		}
		hits, score = "hits", "h.score"
	}

	res := &Result{Hits: []Hit{}, Facets: Facets{PlaceLevels: map[string][]Count{}}}
	if err := conn.QueryRowContext(ctx, `SELECT count(*) FROM `+hits).Scan(&res.Total); err != nil {
		return nil, err
	}
	if err := d.facets(ctx, conn, hits, &res.Facets); err != nil {
		return nil, err
	}

	order := "d.published IS NULL, d.published DESC, d.id"
	switch q.Sort {
	case "newest":
		order = "d.published IS NULL, d.published DESC, " + score + ", d.id"
	case "oldest":
		order = "d.published IS NULL, d.published, " + score + ", d.id"
	default:
		if score != "" {
			order = score + ", " + order
		}
	}
	order = strings.ReplaceAll(order, ", , ", ", ")
	from := "docs d"
	if hits == "hits" {
		from = "hits h JOIN docs d ON d.id = h.id"
	}
	rows, err := conn.QueryContext(ctx, `SELECT d.id, d.ext_id, d.url, d.title, d.published, d.site, d.lang FROM `+from+
		` ORDER BY `+order+` LIMIT ? OFFSET ?`, q.Size, (q.Page-1)*q.Size)
	if err != nil {
		return nil, err
	}
	var rowids []string
	byRow := map[int64]int{}
	for rows.Next() {
		var h Hit
		var rowid int64
		var pub sql.NullInt64
		if err := rows.Scan(&rowid, &h.ID, &h.URL, &h.Title, &pub, &h.Site, &h.Lang); err != nil {
			rows.Close()
			return nil, err
		}
		if pub.Valid {
			t := time.Unix(pub.Int64, 0).UTC()
			h.Published = &t
		}
		h.Places = []string{}
		byRow[rowid] = len(res.Hits)
		rowids = append(rowids, strconv.FormatInt(rowid, 10))
		res.Hits = append(res.Hits, h)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(rowids) == 0 {
		return res, nil
	}
	return res, d.snippets(ctx, conn, match, rowids, byRow, res)
}

// facets counts the hit set by month, language, site and place level.
func (d *DB) facets(ctx context.Context, conn *sql.Conn, hits string, f *Facets) error {
	join := "docs d"
	if hits == "hits" {
		join = "hits h JOIN docs d ON d.id = h.id"
	}
	group := func(col string) ([]Count, error) {
		rows, err := conn.QueryContext(ctx, `SELECT d.`+col+`, count(*) FROM `+join+` GROUP BY d.`+col)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		out := []Count{}
		for rows.Next() {
			var c Count
			if err := rows.Scan(&c.Key, &c.Count); err != nil {
				return nil, err
			}
			out = append(out, c)
		}
		return out, rows.Err()
	}
	var err error
	if f.Dates, err = group("month"); err != nil {
		return err
	}
	slices.SortFunc(f.Dates, func(a, b Count) int { return strings.Compare(a.Key, b.Key) })
	if f.Langs, err = group("lang"); err != nil {
		return err
	}
	f.Langs = top(f.Langs, langFacetSize)
	if f.Sites, err = group("site"); err != nil {
		return err
	}
	f.Sites = top(f.Sites, siteFacetSize)

	q := `SELECT level, key, count(*) FROM facets GROUP BY level, key`
	if hits == "hits" {
		q = `SELECT p.level, p.key, count(*) FROM hits h JOIN facets p ON p.doc = h.id GROUP BY p.level, p.key`
	}
	rows, err := conn.QueryContext(ctx, q)
	if err != nil {
		return err
	}
	defer rows.Close()
	levels := map[string][]Count{}
	for rows.Next() {
		var level string
		var c Count
		if err := rows.Scan(&level, &c.Key, &c.Count); err != nil {
			return err
		}
		levels[level] = append(levels[level], c)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	f.Places = top(levels[levelPlaces], placeFacetSize)
	for _, l := range []string{levelCountries, levelRegions, levelCities} {
		f.PlaceLevels[l] = top(levels[l], placeFacetSize)
	}
	return nil
}

// top sorts buckets by count desc, then key, and keeps the first n.
func top(cs []Count, n int) []Count {
	if cs == nil {
		return []Count{}
	}
	slices.SortFunc(cs, func(a, b Count) int { return cmp.Or(b.Count-a.Count, strings.Compare(a.Key, b.Key)) })
	return cs[:min(n, len(cs))]
}

// snippets fills the snippets (FTS5's snippet() around the matches, or
// the lead of the text) and the places of a page of hits.
func (d *DB) snippets(ctx context.Context, conn *sql.Conn, match string, rowids []string, byRow map[int64]int, res *Result) error {
	in := "(" + strings.Join(rowids, ",") + ")"
	q, args := `SELECT rowid, substr(text, 1, 200) FROM fts WHERE rowid IN `+in, []any{}
	if match != "" {
		q, args = `SELECT rowid, snippet(fts, -1, '<mark>', '</mark>', '…', 32) FROM fts WHERE fts MATCH ? AND rowid IN `+in, []any{match}
	}
	rows, err := conn.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	for rows.Next() {
		var rowid int64
		var s string
		if err := rows.Scan(&rowid, &s); err != nil {
			rows.Close()
			return err
		}
		if match == "" {
			s = html.EscapeString(s)
		}
		res.Hits[byRow[rowid]].Snippet = s
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	rows, err = conn.QueryContext(ctx, `SELECT doc, key FROM facets WHERE level = 'places' AND doc IN `+in)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var rowid int64
		var key string
		if err := rows.Scan(&rowid, &key); err != nil {
			return err
		}
		h := &res.Hits[byRow[rowid]]
		h.Places = append(h.Places, key)
	}
	return rows.Err()
}

// fuzzyTerms returns the indexed terms within maxEdits of word, quoted for
// a match expression: what a fuzzy query expands to.
func fuzzyTerms(ctx context.Context, conn *sql.Conn, word string, maxEdits int) ([]string, error) {
	if _, err := conn.ExecContext(ctx, `CREATE VIRTUAL TABLE IF NOT EXISTS temp.vocab USING fts5vocab(main, fts, row)`); err != nil {
		return nil, fmt.Errorf("fts5: vocabulary: %w", err)
	}
	// The index holds English words by their Porter stems, as the
	// tokenizer wrote them; the word is compared in the same form.
	w := strings.ToLower(word)
	if isASCII(w) {
		w = porterstemmer.StemString(w)
	}
	n := len([]rune(w))
	rows, err := conn.QueryContext(ctx, `SELECT term FROM temp.vocab WHERE length(term) BETWEEN ? AND ? AND within_edits(term, ?, ?)`,
		n-maxEdits, n+maxEdits, w, maxEdits)
	if err != nil {
		return nil, fmt.Errorf("fts5: vocabulary: %w", err)
	}
	defer rows.Close()
	var terms []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			return nil, err
		}
		terms = append(terms, quote(t))
	}
	return terms, rows.Err()
}

func isASCII(s string) bool {
	for i := range len(s) {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// quote makes a word an FTS5 string.
func quote(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

var registerOnce sync.Once

// registerFuzzy adds within_edits(a, b, k) to the driver: 1 when the
// Levenshtein distance of a and b is at most k.
func registerFuzzy() {
	registerOnce.Do(func() {
		sqlite.MustRegisterDeterministicScalarFunction("within_edits", 3, func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
			a, _ := args[0].(string)
			b, _ := args[1].(string)
			k, _ := args[2].(int64)
			if levenshtein([]rune(a), []rune(b), int(k)) <= int(k) {
				return int64(1), nil
			}
			return int64(0), nil
		})
	})
}

// levenshtein returns the edit distance of a and b, or max+1 once it is
// known to exceed max.
func levenshtein(a, b []rune, max int) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		best := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			best = min(best, cur[j])
		}
		if best > max {
			return max + 1
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// QueryError is a malformed query (an FTS5 syntax error).
type QueryError struct{ Err error }

func (e *QueryError) Error() string { return e.Err.Error() }
func (e *QueryError) Unwrap() error { return e.Err }

func queryError(err error) error {
	if strings.Contains(err.Error(), "fts5: syntax error") || strings.Contains(err.Error(), "no such column") {
		return &QueryError{err}
	}
	return err
}
