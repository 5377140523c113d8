// Copyright the Gazette authors. Place data: GeoNames (CC BY 4.0) and
// Debian iso-codes (LGPL-2.1+); see indexer/places/README.md.

package main

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
)

// readMO parses a GNU gettext .mo catalogue and returns msgid → msgstr.
// The format is a small header followed by two tables of (length, offset)
// pairs; see https://www.gnu.org/software/gettext/manual/html_node/MO-Files.html.
func readMO(path string) (map[string]string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	m, err := parseMO(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return m, nil
}

func parseMO(b []byte) (map[string]string, error) {
	if len(b) < 28 {
		return nil, errors.New("mo: file too short")
	}
	var bo binary.ByteOrder
	switch binary.LittleEndian.Uint32(b) {
	case 0x950412de:
		bo = binary.LittleEndian
	case 0xde120495:
		bo = binary.BigEndian
	default:
		return nil, errors.New("mo: bad magic number")
	}
	n := int(bo.Uint32(b[8:]))
	origTab := int(bo.Uint32(b[12:]))
	transTab := int(bo.Uint32(b[16:]))
	str := func(tab, i int) (string, error) {
		p := tab + 8*i
		if p < 0 || p+8 > len(b) {
			return "", errors.New("mo: table out of range")
		}
		l, off := int(bo.Uint32(b[p:])), int(bo.Uint32(b[p+4:]))
		if off < 0 || l < 0 || off+l > len(b) {
			return "", errors.New("mo: string out of range")
		}
		return string(b[off : off+l]), nil
	}
	m := make(map[string]string, n)
	for i := 0; i < n; i++ {
		id, err := str(origTab, i)
		if err != nil {
			return nil, err
		}
		tr, err := str(transTab, i)
		if err != nil {
			return nil, err
		}
		if id != "" && tr != "" {
			m[id] = tr
		}
	}
	return m, nil
}
