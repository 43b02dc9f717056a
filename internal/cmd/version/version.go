// Package version implements `nango version`.
package version

import (
	"github.com/MakeNowJust/heredoc"
	"github.com/spf13/cobra"

	"github.com/nango-go/nango/internal/cmd/shared"
	"github.com/nango-go/nango/internal/cmdutil"
	"github.com/nango-go/nango/internal/iostreams"
)

// Options are the inputs of `nango version`.
type Options struct {
	IO         *iostreams.IOStreams
	AppVersion string
	JSON       bool
}

// NewCmdVersion builds `nango version`. runF replaces the run function in tests.
func NewCmdVersion(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IOStreams, AppVersion: f.AppVersion}
	cmd := &cobra.Command{
		Use:   "version",
		Short: "Print the version of this CLI",
		Long: heredoc.Doc(`
			Print the version of this binary and the version of the reference Nango CLI whose
			behaviour it follows.
		`),
		Example: heredoc.Doc(`
			$ nango version
			$ nango --version
			$ nango version --json
		`),
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return versionRun(opts)
		},
	}
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "Print the versions as JSON")
	return cmd
}

// versionRun prints the version line (shared.PrintVersion, which `nango -v` prints too).
func versionRun(opts *Options) error {
	return shared.PrintVersion(opts.IO, opts.AppVersion, opts.JSON)
}
