package buildinfo

import (
	"runtime"
	"runtime/debug"
	"testing"
)

func TestFromBuildInfo(t *testing.T) {
	tests := []struct {
		name       string
		bi         debug.BuildInfo
		want       Info
		wantString string
	}{
		{
			name:       "go run or go test",
			bi:         debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "github.com/gazette-news/gazette", Version: "(devel)"}},
			want:       Info{Version: Devel, Go: "go1.26.8"},
			wantString: "gazette devel (commit unknown) go1.26.8",
		},
		{
			name:       "no main module version at all",
			bi:         debug.BuildInfo{GoVersion: "go1.26.8"},
			want:       Info{Version: Devel, Go: "go1.26.8"},
			wantString: "gazette devel (commit unknown) go1.26.8",
		},
		{
			name: "go build of a dirty checkout",
			bi: debug.BuildInfo{GoVersion: "go1.26.8",
				Main: debug.Module{Version: "v0.0.0-20260101120000-35be5fe12345+dirty"},
				Settings: []debug.BuildSetting{
					{Key: "vcs", Value: "git"},
					{Key: "vcs.revision", Value: "35be5fe1234567890abcdef0123456789abcdef0"},
					{Key: "vcs.time", Value: "2026-01-01T12:00:00Z"},
					{Key: "vcs.modified", Value: "true"},
				}},
			want:       Info{Version: "v0.0.0-20260101120000-35be5fe12345+dirty", Commit: "35be5fe1234567890abcdef0123456789abcdef0", Modified: true, Go: "go1.26.8"},
			wantString: "gazette v0.0.0-20260101120000-35be5fe12345+dirty (commit 35be5fe12345, modified) go1.26.8",
		},
		{
			name: "tagged release, clean tree",
			bi: debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v1.4.0"},
				Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "abc"}, {Key: "vcs.modified", Value: "false"}}},
			want:       Info{Version: "v1.4.0", Commit: "abc", Go: "go1.26.8"},
			wantString: "gazette v1.4.0 (commit abc) go1.26.8",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := FromBuildInfo(&tt.bi)
			if got != tt.want {
				t.Errorf("FromBuildInfo = %+v, want %+v", got, tt.want)
			}
			if s := got.String(); s != tt.wantString {
				t.Errorf("String = %q, want %q", s, tt.wantString)
			}
		})
	}
}

// TestReadUnderGoTest: a test binary carries no version or commit, so Read
// falls back to Devel with the running Go.
func TestReadUnderGoTest(t *testing.T) {
	got := Read()
	if got.Version != Devel || got.Go != runtime.Version() {
		t.Errorf("Read() = %+v, want version %q and Go %q", got, Devel, runtime.Version())
	}
}
