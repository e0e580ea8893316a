package main

import (
	"fmt"
	"runtime/debug"
	"strings"
	"time"
)

// version is this build's version, as in User-Agent ksn/<version>. A
// release sets it with
//
//	go build -ldflags "-X main.version=1.2.3"
//
// (make build does, from git describe). Without it, init sets it from the
// build information: the main module's version (go install ksn@v1.2.3, or
// the pseudo-version go build stamps from the git checkout), else devVersion.
// It does not change after init.
var version string

// commit and commitDate are the commit this binary was built from and its
// date, set with -X by make build (e.g. -X main.commit=$(git rev-parse HEAD)
// -X main.commitDate=$(git log -1 --format=%cI)); a "-dirty" suffix says the
// tree had changes. The build information's vcs.revision and vcs.time win
// when Go stamped them.
var commit, commitDate string

// devVersion is the version of a build that neither -ldflags nor the module
// system gave one (go test, go run without VCS information).
const devVersion = "0.1.0-dev"

// unknown stands for what the build information does not say.
const unknown = "unknown"

func init() {
	info, _ := debug.ReadBuildInfo()
	version = readBuild(version, info).version
}

// build is what `ksn --version` says about this binary.
type build struct {
	version  string // never empty
	commit   string // vcs.revision, 12 hex digits; "" if unknown
	modified bool   // vcs.modified: the working tree had changes
	time     string // vcs.time, RFC 3339 in UTC; "" if unknown
}

// readBuild resolves the build from ldVersion (the -X value, "" if none)
// and info (nil when the binary has no build information).
func readBuild(ldVersion string, info *debug.BuildInfo) build {
	b := build{version: ldVersion}
	if c, dirty := strings.CutSuffix(commit, "-dirty"); c != "" {
		b.commit, b.modified = c[:min(len(c), 12)], dirty
	}
	if t, err := time.Parse(time.RFC3339, commitDate); err == nil {
		b.time = t.UTC().Format(time.RFC3339)
	}
	if info == nil {
		if b.version == "" {
			b.version = devVersion
		}
		return b
	}
	if v := info.Main.Version; b.version == "" && v != "" && v != "(devel)" {
		b.version = v
	}
	if b.version == "" {
		b.version = devVersion
	}
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			b.commit = s.Value[:min(len(s.Value), 12)]
		case "vcs.modified":
			b.modified = s.Value == "true"
		case "vcs.time":
			if t, err := time.Parse(time.RFC3339, s.Value); err == nil {
				b.time = t.UTC().Format(time.RFC3339)
			}
		}
	}
	return b
}

// String is the --version line after "ksn ": the version first, so that
// scripts can take it with cut -d' ' -f2, then the commit ("-dirty" when
// the tree had changes) and the time of the commit, which is the build's
// date that a reproducible build can record:
//
//	0.1.0-dev (commit 1a2b3c4d5e6f, built 2026-12-01T13:07:00Z)
//	0.1.0-dev (commit unknown, built unknown)
func (b build) String() string {
	commit, built := b.commit, b.time
	if commit == "" {
		commit = unknown
	} else if b.modified {
		commit += "-dirty"
	}
	if built == "" {
		built = unknown
	}
	return fmt.Sprintf("%s (commit %s, built %s)", b.version, commit, built)
}

// buildString is this binary's build, as `ksn --version` prints it after
// "ksn ". (version is already resolved by init; readBuild keeps it.)
func buildString() string {
	info, _ := debug.ReadBuildInfo()
	return readBuild(version, info).String()
}
