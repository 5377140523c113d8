// Copyright the Gazette authors.

package places

import (
	"bufio"
	"bytes"
	"embed"
	"fmt"
	"path"
	"strings"
)

//go:embed data/stop/*.txt
var stopFiles embed.FS

// stopList holds words that are never place names on their own (always) and
// words that are not when they open a sentence (atStart). See data/stop/en.txt.
type stopList struct {
	always, atStart map[string]bool
}

func loadStopLists() (stopList, error) {
	s := stopList{always: map[string]bool{}, atStart: map[string]bool{}}
	files, err := stopFiles.ReadDir("data/stop")
	if err != nil {
		return s, fmt.Errorf("places: stop lists: %w", err)
	}
	for _, f := range files {
		b, err := stopFiles.ReadFile(path.Join("data/stop", f.Name()))
		if err != nil {
			return s, fmt.Errorf("places: stop lists: %w", err)
		}
		sc := bufio.NewScanner(bytes.NewReader(b))
		for sc.Scan() {
			line := strings.TrimSpace(sc.Text())
			if line == "" || line[0] == '#' {
				continue
			}
			m := s.always
			if rest, ok := strings.CutPrefix(line, "^"); ok {
				line, m = rest, s.atStart
			}
			m[normName(line)] = true
		}
	}
	return s, nil
}
