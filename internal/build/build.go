// Package build holds values stamped into the binary at link time.
package build

import "runtime/debug"

// Version is the product version, set with
// -ldflags "-X github.com/nango-go/nango/internal/build.Version=v1.2.3" (make build does).
// When it is not set, AppVersion reads it from the module build info.
var Version = "dev"

// ReferenceCLIVersion is the version of the npm `nango` CLI whose behaviour this binary
// follows. Nango servers check the CLI version named in the User-Agent, so requests
// present this version next to our own product name.
const ReferenceCLIVersion = "0.60.5"

// ZodVersionZero is the zod installed by default in a zero-yaml project and pinned by
// nango migrate-to-zero-yaml: the version the reference CLI 0.71 pins for its functions.
// It is here because two commands use it (internal/cmd/deps, internal/cmd/migrate).
const ZodVersionZero = "4.3.6"

// AppVersion is the version this binary reports: Version when the linker set it, else what
// the Go toolchain recorded (`go install …/cmd/nango@v1.2.3` records v1.2.3; a build in a
// git checkout records a pseudo-version, or the commit when VCS stamping is on), else "dev".
func AppVersion() string {
	if Version != "dev" && Version != "" {
		return Version
	}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return Version
	}
	return fromBuildInfo(info)
}

func fromBuildInfo(info *debug.BuildInfo) string {
	if v := info.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	var rev, modified string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			modified = s.Value
		}
	}
	if rev == "" {
		return "dev"
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if modified == "true" {
		rev += "-dirty"
	}
	return "dev-" + rev
}
