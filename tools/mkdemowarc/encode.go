package main

import (
	"bytes"
	"fmt"

	"golang.org/x/text/encoding"
)

// encodeText converts UTF-8 text to enc. It fails, naming the line, when
// the text holds a character that enc cannot represent, rather than
// silently writing a replacement byte into the demo archive.
func encodeText(text []byte, enc encoding.Encoding) ([]byte, error) {
	out, err := enc.NewEncoder().Bytes(text)
	if err != nil {
		return nil, fmt.Errorf("line %d: %w", badLine(text, enc), err)
	}
	back, err := enc.NewDecoder().Bytes(out)
	if err != nil {
		return nil, fmt.Errorf("decode check: %w", err)
	}
	if !bytes.Equal(back, text) {
		return nil, fmt.Errorf("line %d: text does not survive a round trip through the charset", badLine(text, enc))
	}
	return out, nil
}

// badLine returns the 1-based number of the first line that enc cannot
// encode exactly, or 0 if there is none.
func badLine(text []byte, enc encoding.Encoding) int {
	for i, line := range bytes.Split(text, []byte("\n")) {
		out, err := enc.NewEncoder().Bytes(line)
		if err != nil {
			return i + 1
		}
		back, err := enc.NewDecoder().Bytes(out)
		if err != nil || !bytes.Equal(back, line) {
			return i + 1
		}
	}
	return 0
}
