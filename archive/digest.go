package archive

import (
	"bytes"
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base32"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"hash"
	"strings"
)

// sha1Digest returns the WARC digest of b: "sha1:" and the base32 SHA-1.
func sha1Digest(b []byte) string {
	sum := sha1.Sum(b)
	return "sha1:" + base32.StdEncoding.EncodeToString(sum[:])
}

// normalizeDigest writes a SHA-1 WARC digest in any encoding the way
// sha1Digest does ("sha1:" and upper-case base32), so that digests from
// other tools compare equal to the Store's; other algorithms are returned
// as given.
func normalizeDigest(field string) string {
	field = strings.TrimSpace(field)
	algorithm, value, ok := strings.Cut(field, ":")
	if !ok || !strings.EqualFold(strings.ReplaceAll(algorithm, "-", ""), "sha1") {
		return field
	}
	b, err := decodeDigestValue(value, sha1.Size)
	if err != nil {
		return field
	}
	return "sha1:" + base32.StdEncoding.EncodeToString(b)
}

// checkDigest compares a WARC digest field ("algorithm:value") with the
// digest of data. It returns nil when one of the candidates matches, and
// also when the field uses an algorithm this package does not know, since
// such a digest cannot be checked either way.
func checkDigest(field string, candidates ...[]byte) error {
	newHash, want, err := parseDigest(field)
	if err != nil || newHash == nil {
		return err
	}
	var computed []byte
	for _, data := range candidates {
		h := newHash()
		h.Write(data)
		computed = h.Sum(nil)
		if bytes.Equal(computed, want) {
			return nil
		}
	}
	algorithm, _, _ := strings.Cut(strings.TrimSpace(field), ":")
	return fmt.Errorf("digest mismatch: record says %s, content has %s:%s",
		field, strings.ToLower(algorithm), base32.StdEncoding.EncodeToString(computed))
}

// parseDigest reads a WARC digest field ("algorithm:value"): the hash it
// names and the digest it declares. newHash is nil for an algorithm this
// package does not know.
func parseDigest(field string) (newHash func() hash.Hash, want []byte, err error) {
	algorithm, value, ok := strings.Cut(strings.TrimSpace(field), ":")
	if !ok {
		return nil, nil, fmt.Errorf("malformed digest %q", field)
	}
	switch strings.ToLower(strings.ReplaceAll(algorithm, "-", "")) {
	case "sha1":
		newHash = sha1.New
	case "sha256":
		newHash = sha256.New
	case "sha512":
		newHash = sha512.New
	case "md5":
		newHash = md5.New
	default:
		return nil, nil, nil
	}
	want, err = decodeDigestValue(value, newHash().Size())
	if err != nil {
		return nil, nil, fmt.Errorf("malformed digest %q: %w", field, err)
	}
	return newHash, want, nil
}

// decodeDigestValue decodes a digest in base32 (the WARC convention), hex
// or base64, telling them apart by length and alphabet.
func decodeDigestValue(v string, size int) ([]byte, error) {
	v = strings.TrimSpace(v)
	decoders := []func(string) ([]byte, error){
		hex.DecodeString,
		func(s string) ([]byte, error) { return base32.StdEncoding.DecodeString(strings.ToUpper(s)) },
		func(s string) ([]byte, error) {
			return base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(strings.ToUpper(s))
		},
		base64.StdEncoding.DecodeString,
	}
	for _, decode := range decoders {
		if b, err := decode(v); err == nil && len(b) == size {
			return b, nil
		}
	}
	return nil, fmt.Errorf("not a %d-byte digest in hex, base32 or base64", size)
}
