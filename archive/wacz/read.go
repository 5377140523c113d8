package wacz

import (
	"archive/zip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
)

// maxJSONSize bounds datapackage.json and datapackage-digest.json.
const maxJSONSize = 64 << 20

// Reader reads a WACZ file.
type Reader struct {
	zr *zip.Reader
}

// Open opens a WACZ held in r (size bytes). It fails with ErrNotWACZ for a
// ZIP that has neither datapackage.json nor WARC files under archive/.
func Open(r io.ReaderAt, size int64) (*Reader, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, fmt.Errorf("wacz: %w", err)
	}
	rd := &Reader{zr: zr}
	if rd.member(DataPackagePath) == nil && len(rd.WARCs()) == 0 {
		return nil, ErrNotWACZ
	}
	return rd, nil
}

// WARCs lists the WARC files in the WACZ (members under archive/ named
// *.warc or *.warc.gz), in the ZIP's order.
func (rd *Reader) WARCs() []string {
	var names []string
	for _, f := range rd.zr.File {
		n := strings.ToLower(f.Name)
		if strings.HasPrefix(f.Name, ArchiveDir) && (strings.HasSuffix(n, ".warc") || strings.HasSuffix(n, ".warc.gz")) {
			names = append(names, f.Name)
		}
	}
	return names
}

// OpenMember opens one member of the WACZ by its path. Reading it to the end
// checks its CRC-32: a damaged member ends in an error.
func (rd *Reader) OpenMember(name string) (io.ReadCloser, error) {
	f := rd.member(name)
	if f == nil {
		return nil, fmt.Errorf("wacz: no member %s", name)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("wacz: open %s: %w", name, err)
	}
	return rc, nil
}

func (rd *Reader) member(name string) *zip.File {
	for _, f := range rd.zr.File {
		if f.Name == name {
			return f
		}
	}
	return nil
}

// DataPackage reads datapackage.json.
func (rd *Reader) DataPackage() (DataPackage, []byte, error) {
	var dp DataPackage
	raw, err := rd.readAll(DataPackagePath)
	if err != nil {
		return dp, nil, err
	}
	if err := json.Unmarshal(raw, &dp); err != nil {
		return dp, nil, fmt.Errorf("wacz: %s: %w", DataPackagePath, err)
	}
	return dp, raw, nil
}

func (rd *Reader) readAll(name string) ([]byte, error) {
	rc, err := rd.OpenMember(name)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, maxJSONSize+1))
	if err != nil {
		return nil, fmt.Errorf("wacz: read %s: %w", name, err)
	}
	if len(b) > maxJSONSize {
		return nil, fmt.Errorf("wacz: %s is larger than %d bytes", name, maxJSONSize)
	}
	return b, nil
}

// Verify checks the WACZ against its datapackage.json: every listed
// resource exists with the listed size and sha256 hash, every WARC file is
// listed, and datapackage-digest.json (when present) matches
// datapackage.json. It returns the first problem found.
func (rd *Reader) Verify() error {
	dp, raw, err := rd.DataPackage()
	if err != nil {
		return err
	}
	if dp.Profile != "data-package" {
		return fmt.Errorf("wacz: datapackage.json profile %q, want data-package", dp.Profile)
	}
	var listed []string
	for _, res := range dp.Resources {
		listed = append(listed, res.Path)
		hash, size, err := rd.hash(res.Path)
		if err != nil {
			return err
		}
		if size != res.Bytes {
			return fmt.Errorf("wacz: %s has %d bytes, datapackage.json says %d", res.Path, size, res.Bytes)
		}
		if hash != res.Hash {
			return fmt.Errorf("wacz: %s has hash %s, datapackage.json says %s", res.Path, hash, res.Hash)
		}
	}
	for _, name := range rd.WARCs() {
		if !slices.Contains(listed, name) {
			return fmt.Errorf("wacz: %s is not listed in datapackage.json", name)
		}
	}
	if rd.member(DigestPath) == nil {
		return nil
	}
	b, err := rd.readAll(DigestPath)
	if err != nil {
		return err
	}
	var d Digest
	if err := json.Unmarshal(b, &d); err != nil {
		return fmt.Errorf("wacz: %s: %w", DigestPath, err)
	}
	sum := sha256.Sum256(raw)
	if want := "sha256:" + hex.EncodeToString(sum[:]); d.Path != DataPackagePath || d.Hash != want {
		return fmt.Errorf("wacz: %s says %s %s, want %s %s", DigestPath, d.Path, d.Hash, DataPackagePath, want)
	}
	return nil
}

// hash returns the "sha256:HEX" hash and size of a member.
func (rd *Reader) hash(name string) (string, int64, error) {
	rc, err := rd.OpenMember(name)
	if err != nil {
		return "", 0, err
	}
	defer rc.Close()
	h := sha256.New()
	n, err := io.Copy(h, rc)
	if err != nil {
		return "", n, fmt.Errorf("wacz: read %s: %w", name, err)
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil)), n, nil
}

// Method reports how a member is compressed (zip.Store or zip.Deflate).
func (rd *Reader) Method(name string) (uint16, bool) {
	f := rd.member(name)
	if f == nil {
		return 0, false
	}
	return f.Method, true
}
