package urlid

import (
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"path"
	"strings"
)

// An imported file that names no URL of its own (a text dump, a saved page
// without a canonical link) is identified by its content and its name:
// "file:3f2a9c0d41b7e685/kupiansk-bridge.txt", the first 16 hex digits of
// the SHA-256 of its bytes, then its base name. The folders it was
// imported from are no part of it, so nothing the importing machine's
// disk looks like reaches the archive, the index or a reader; importing
// the same file again, from anywhere, gives the same id.

// FileID is the identifier of an imported file called name (only its
// base name is kept) with the given content.
func FileID(name string, body []byte) string {
	sum := sha256.Sum256(body)
	base := path.Base(strings.ReplaceAll(name, "\\", "/"))
	if base == "." || base == "/" {
		base = "file"
	}
	return "file:" + hex.EncodeToString(sum[:8]) + "/" + url.PathEscape(base)
}

// FileName returns the file name a file: URL stands for — the base name of
// a FileID or of an old file:///folders/name URL — and true; for any other
// URL it returns "", false.
func FileName(raw string) (string, bool) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || !strings.EqualFold(u.Scheme, "file") {
		return "", false
	}
	p := u.Path
	if u.Opaque != "" {
		p = u.Opaque
		if unescaped, err := url.PathUnescape(p); err == nil {
			p = unescaped
		}
	}
	name := path.Base(p)
	if name == "." || name == "/" {
		return "", true
	}
	return name, true
}

// IsFolderPath reports whether raw is a file URL with folders in it
// (file:///home/anna/dumps/a.txt), as older imports made them, rather
// than a FileID.
func IsFolderPath(raw string) bool {
	u, err := url.Parse(strings.TrimSpace(raw))
	return err == nil && strings.EqualFold(u.Scheme, "file") && u.Opaque == "" && u.Path != ""
}
