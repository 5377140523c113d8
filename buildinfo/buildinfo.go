// Package buildinfo says which Gazette is running: its version, the commit
// it was built from and the Go that built it, as the Go toolchain recorded
// them in the binary (runtime/debug.ReadBuildInfo). `gazette version`, the
// UI footer and /healthz all show the same Info.
package buildinfo

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
)

// Devel is the version of a build that carries none: `go run`, `go test`,
// or a `go build` outside a tagged module version.
const Devel = "devel"

// Info describes one build.
type Info struct {
	Version  string `json:"version"`  // module version ("v1.4.0", a pseudo-version) or Devel
	Commit   string `json:"commit"`   // VCS revision (vcs.revision), "" when not recorded
	Modified bool   `json:"modified"` // built from a tree with uncommitted changes (vcs.modified)
	Go       string `json:"go"`       // the Go version that built it ("go1.26.8")
}

// Read returns the running binary's Info. Builds without build
// information (rare: a binary built without module support) are Devel.
func Read() Info {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return Info{Version: Devel, Go: runtime.Version()}
	}
	return FromBuildInfo(bi)
}

// FromBuildInfo extracts Info from Go's build information. The main
// module's version is "(devel)" or empty under `go run` and `go test`; it
// is then Devel. Go stamps the commit only into `go build`s of a VCS
// checkout (not with -buildvcs=false).
func FromBuildInfo(bi *debug.BuildInfo) Info {
	info := Info{Version: bi.Main.Version, Go: bi.GoVersion}
	if info.Version == "" || info.Version == "(devel)" {
		info.Version = Devel
	}
	if info.Go == "" {
		info.Go = runtime.Version()
	}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			info.Commit = s.Value
		case "vcs.modified":
			info.Modified = s.Value == "true"
		}
	}
	return info
}

// ShortCommit is the first 12 characters of the commit, or "unknown".
func (i Info) ShortCommit() string {
	switch {
	case i.Commit == "":
		return "unknown"
	case len(i.Commit) > 12:
		return i.Commit[:12]
	}
	return i.Commit
}

// String is the one-line form `gazette version` prints, such as
// "gazette v1.4.0 (commit 0123456789ab, modified) go1.26.8".
func (i Info) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "gazette %s (commit %s", i.Version, i.ShortCommit())
	if i.Modified {
		b.WriteString(", modified")
	}
	fmt.Fprintf(&b, ") %s", i.Go)
	return b.String()
}
