package search

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"

	"github.com/blevesearch/bleve/v2"
)

// CopyTo writes a copy of the index as it is at the moment of the call into
// dir, which is created if needed and must hold no index yet. The copy is a
// whole index that Open opens. Searches and writes go on meanwhile; what is
// written after the call is not in the copy. For backups.
func (ix *Index) CopyTo(dir string) error {
	c, ok := ix.bleve.(bleve.IndexCopyable)
	if !ok {
		return errors.New("search: this index cannot be copied while open")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("search: copy the index: %w", err)
	}
	if err := c.CopyTo(bleve.FileSystemDirectory(dir)); err != nil {
		return fmt.Errorf("search: copy the index to %s: %w", dir, err)
	}
	return nil
}

// IndexInfo is what Check reports of an index.
type IndexInfo struct {
	Docs    uint64 // documents (articles)
	Applied uint64 // the archive sequence number the index is up to (see Index.Applied)
}

// Check opens the index at path read-only (another process may not have it
// open), checks that its layout is this Gazette's, and says how many
// documents it holds and how far into the archive it is. For verifying a
// backup before it is restored.
func Check(path string) (IndexInfo, error) {
	var info IndexInfo
	if _, err := os.Stat(path); err != nil {
		return info, fmt.Errorf("search: check %s: %w", path, err)
	}
	b, err := bleve.OpenUsing(path, map[string]interface{}{"read_only": true, "bolt_timeout": "1s"})
	if err != nil {
		return info, fmt.Errorf("search: check %s: %w", path, err)
	}
	defer b.Close()
	v, err := b.GetInternal(internalVersionKey)
	if err != nil {
		return info, fmt.Errorf("search: check %s: read the layout: %w", path, err)
	}
	if string(v) != mappingVersion {
		return info, fmt.Errorf("search: check %s: the index has layout %q, this Gazette needs %q", path, v, mappingVersion)
	}
	if info.Docs, err = b.DocCount(); err != nil {
		return info, fmt.Errorf("search: check %s: count: %w", path, err)
	}
	applied, err := b.GetInternal(appliedKey)
	if err != nil {
		return info, fmt.Errorf("search: check %s: read the applied mark: %w", path, err)
	}
	if len(applied) == 8 {
		info.Applied = binary.BigEndian.Uint64(applied)
	}
	return info, nil
}
