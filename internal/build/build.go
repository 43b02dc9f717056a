// Package build holds values stamped into the binary at link time.
package build

// Version is the product version, set with
// -ldflags "-X github.com/nango-go/nango/internal/build.Version=v1.2.3".
var Version = "dev"

// ReferenceCLIVersion is the version of the npm `nango` CLI whose behaviour this binary
// follows. Nango servers check the CLI version named in the User-Agent, so requests
// present this version next to our own product name.
const ReferenceCLIVersion = "0.60.5"
