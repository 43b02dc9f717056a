package shared

import (
	"fmt"
	"runtime"

	"github.com/nango-go/nango/internal/build"
	"github.com/nango-go/nango/internal/cmdutil"
	"github.com/nango-go/nango/internal/iostreams"
)

// PrintVersion prints what `nango version` and `nango -v` print: the version line in the
// reference's wording, or the versions as JSON.
func PrintVersion(io *iostreams.IOStreams, appVersion string, asJSON bool) error {
	if asJSON {
		return cmdutil.WriteJSON(io.Out, map[string]string{
			"version":          appVersion,
			"referenceVersion": build.ReferenceCLIVersion,
			"go":               runtime.Version(),
			"platform":         runtime.GOOS + "/" + runtime.GOARCH,
		})
	}
	cs := io.ColorScheme()
	_, err := fmt.Fprintf(io.Out, "%s %s (compatible with nango %s)\n",
		cs.Green("Nango CLI version:"), appVersion, build.ReferenceCLIVersion)
	return err
}
