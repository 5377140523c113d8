package search

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
)

// One name per outlet. Pages name their site inconsistently: og:site_name
// on some, a title suffix on others, nothing at all on a text dump of the
// same site. The index keeps, per host, how many of its articles give each
// name (a table in Bleve internal keys, written in the same batch as the
// articles), and shows every article of the host under the name most of
// them give — ties go to the first name in byte order — or under the host
// when none gives one. The outcome depends only on which articles the
// index holds, not on the order they came in: a rebuild from the archive
// gives the same names. When a write changes a host's name, the host's
// other articles are written again under the new one, in the same batch.

// Bleve internal keys of the site table: the list of hosts, and per host
// the count of each name its articles give.
const (
	siteHostsKey  = "gazette_site_hosts"
	siteKeyPrefix = "gazette_site/"
)

// siteTable is the count of each name the articles of a host give.
type siteTable map[string]map[string]int

// loadSites reads the site table from the index's internal keys.
func loadSites(b bleve.Index) (siteTable, error) {
	t := siteTable{}
	v, err := b.GetInternal([]byte(siteHostsKey))
	if err != nil || len(v) == 0 {
		return t, err
	}
	var hosts []string
	if err := json.Unmarshal(v, &hosts); err != nil {
		return nil, fmt.Errorf("search: read the site table: %w", err)
	}
	for _, h := range hosts {
		v, err := b.GetInternal([]byte(siteKeyPrefix + h))
		if err != nil {
			return nil, fmt.Errorf("search: read the site table: %w", err)
		}
		names := map[string]int{}
		if len(v) > 0 {
			if err := json.Unmarshal(v, &names); err != nil {
				return nil, fmt.Errorf("search: read the site table for %s: %w", h, err)
			}
		}
		t[h] = names
	}
	return t, nil
}

// outlet is the name shown for the articles of host: the name most of them
// give (ties: the first in byte order), else the host itself.
func (t siteTable) outlet(host string) string {
	best, n := "", 0
	for name, c := range t[host] {
		if c > n || c == n && name < best {
			best, n = name, c
		}
	}
	if n == 0 {
		return host
	}
	return best
}

// hostOf is the host articles are grouped by: lower case, without "www.".
func hostOf(rawURL string) string {
	u, err := url.Parse(strings.TrimSpace(rawURL))
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(strings.TrimRight(strings.ToLower(u.Hostname()), "."), "www.")
}

// givenName is the site name an article gives, spaces collapsed; "" when
// it gives none or only its host.
func givenName(site, host string) string {
	site = strings.Join(strings.Fields(site), " ")
	if h := strings.TrimPrefix(strings.ToLower(site), "www."); h == host || h == "" {
		return ""
	}
	return site
}

// siteWrite is one write's change to the site table: the counts of the
// hosts it changes, over the table as it is.
type siteWrite struct {
	base    siteTable
	changed siteTable // host → its counts after the write (empty: none left)
}

// outlet is the host's outlet name after the write.
func (w *siteWrite) outlet(host string) string {
	if names, ok := w.changed[host]; ok {
		return siteTable{host: names}.outlet(host)
	}
	return w.base.outlet(host)
}

// outletOf is the name shown for an article after the write: its host's
// outlet, or for an article without a host (an imported file) the name it
// gives itself.
func (w *siteWrite) outletOf(d Doc) string {
	if host := hostOf(d.URL); host != "" {
		return w.outlet(host)
	}
	return strings.Join(strings.Fields(d.Site), " ")
}

// add counts delta articles of host giving name.
func (w *siteWrite) add(host, name string, delta int) {
	if host == "" || name == "" {
		return
	}
	names, ok := w.changed[host]
	if !ok {
		names = maps.Clone(w.base[host])
		if names == nil {
			names = map[string]int{}
		}
		w.changed[host] = names
	}
	if names[name] += delta; names[name] <= 0 {
		delete(names, name)
	}
}

// sitesFor works out the change to the table of writing docs over what the
// index holds: each doc's old name is taken out and its new one counted.
func (ix *Index) sitesFor(docs []Doc) (*siteWrite, error) {
	w := &siteWrite{base: ix.sites, changed: siteTable{}}
	seen := map[string]Doc{} // the batch's own earlier version of an id
	for _, d := range docs {
		old, found := seen[d.ID]
		if !found {
			var err error
			if old, found, err = ix.stored(d.ID); err != nil {
				return nil, err
			}
		}
		if found {
			h := hostOf(old.URL)
			w.add(h, givenName(old.Site, h), -1)
		}
		h := hostOf(d.URL)
		w.add(h, givenName(d.Site, h), +1)
		seen[d.ID] = d
	}
	return w, nil
}

// stored returns the stored fields of a document (without its text).
func (ix *Index) stored(id string) (Doc, bool, error) {
	bd, err := ix.bleve.Document(id)
	if err != nil {
		return Doc{}, false, fmt.Errorf("search: read %s: %w", id, err)
	}
	if bd == nil {
		return Doc{}, false, nil
	}
	var source string
	bd.VisitFields(func(f index.Field) {
		if f.Name() == fieldSource {
			source = string(f.Value())
		}
	})
	d, err := decodeSource(id, source)
	if err != nil {
		return Doc{}, false, fmt.Errorf("search: read %s: %w", id, err)
	}
	return d, true, nil
}

// renamed lists the hosts whose outlet name the write changes.
func (w *siteWrite) renamed() []string {
	var out []string
	for h := range w.changed {
		if w.base.outlet(h) != w.outlet(h) {
			out = append(out, h)
		}
	}
	slices.Sort(out)
	return out
}

// idsOfHost lists the ids of the articles of host in the index.
func (ix *Index) idsOfHost(host string) ([]string, error) {
	var ids []string
	var after []string
	for {
		tq := query.NewTermQuery(host)
		tq.SetField(fieldHost)
		req := bleve.NewSearchRequestOptions(tq, idPage, 0, false)
		req.SortBy([]string{"_id"})
		if after != nil {
			req.SearchAfter = after
		}
		res, err := ix.bleve.SearchInContext(context.Background(), req)
		if err != nil {
			return nil, fmt.Errorf("search: list the articles of %s: %w", host, err)
		}
		for _, h := range res.Hits {
			ids = append(ids, h.ID)
		}
		if len(res.Hits) < idPage {
			return ids, nil
		}
		after = []string{res.Hits[len(res.Hits)-1].ID}
	}
}

// writeInternal adds the changed hosts of w, and the list of hosts when
// it changed, to batch.
func (w *siteWrite) writeInternal(batch *bleve.Batch) error {
	listChanged := false
	for h, names := range w.changed {
		_, had := w.base[h]
		if len(names) == 0 {
			batch.DeleteInternal([]byte(siteKeyPrefix + h))
			listChanged = listChanged || had
			continue
		}
		listChanged = listChanged || !had
		v, err := json.Marshal(names)
		if err != nil {
			return err
		}
		batch.SetInternal([]byte(siteKeyPrefix+h), v)
	}
	if listChanged {
		v, err := json.Marshal(w.hosts())
		if err != nil {
			return err
		}
		batch.SetInternal([]byte(siteHostsKey), v)
	}
	return nil
}

// hosts lists the hosts with names after the write, sorted.
func (w *siteWrite) hosts() []string {
	var out []string
	for h := range w.base {
		if names, ok := w.changed[h]; !ok || len(names) > 0 {
			out = append(out, h)
		}
	}
	for h, names := range w.changed {
		if _, had := w.base[h]; !had && len(names) > 0 {
			out = append(out, h)
		}
	}
	slices.Sort(out)
	return out
}

// commit makes the write's table the index's.
func (w *siteWrite) commit(ix *Index) {
	for h, names := range w.changed {
		if len(names) == 0 {
			delete(ix.sites, h)
		} else {
			ix.sites[h] = names
		}
	}
}

// newBatch builds the Bleve batch that writes docs: each under its host's
// outlet name as the table will be after the write, the other articles of
// any host whose name changes again under the new name, and the table's
// changed keys. apply commits the table in memory once the batch is
// written. The caller holds ix.writeMu.
func (ix *Index) newBatch(docs []Doc) (batch *bleve.Batch, apply func(), err error) {
	w, err := ix.sitesFor(docs)
	if err != nil {
		return nil, nil, err
	}
	batch = ix.bleve.NewBatch()
	inBatch := map[string]bool{}
	for i, d := range docs {
		if strings.TrimSpace(d.ID) == "" {
			return nil, nil, fmt.Errorf("document %d (%q) has no ID", i, d.URL)
		}
		fields, err := indexFields(d, w.outletOf(d))
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", d.ID, err)
		}
		if err := ix.batchIndex(batch, d.ID, fields); err != nil {
			return nil, nil, fmt.Errorf("%s: %w", d.ID, err)
		}
		inBatch[d.ID] = true
	}
	for _, h := range w.renamed() {
		ids, err := ix.idsOfHost(h)
		if err != nil {
			return nil, nil, err
		}
		for _, id := range ids {
			if inBatch[id] {
				continue
			}
			d, err := ix.Get(id)
			if err != nil {
				return nil, nil, err
			}
			fields, err := indexFields(d, w.outlet(h))
			if err != nil {
				return nil, nil, fmt.Errorf("%s: %w", id, err)
			}
			if err := ix.batchIndex(batch, id, fields); err != nil {
				return nil, nil, fmt.Errorf("%s: %w", id, err)
			}
		}
	}
	if err := w.writeInternal(batch); err != nil {
		return nil, nil, err
	}
	return batch, func() { w.commit(ix) }, nil
}
