// Package validate implements `nango validate`: the checks of `nango generate`, writing
// nothing. The run is generate's, with CheckOnly.
package validate

import (
	"github.com/MakeNowJust/heredoc"
	"github.com/spf13/cobra"

	"github.com/nango-go/nango/internal/cmd/generate"
	"github.com/nango-go/nango/internal/cmdutil"
)

// NewCmdValidate builds `nango validate`. runF replaces the run function in tests.
func NewCmdValidate(f *cmdutil.Factory, runF func(*generate.Options) error) *cobra.Command {
	opts := &generate.Options{IO: f.IOStreams, WorkDir: f.WorkDir, CheckOnly: true}
	cmd := &cobra.Command{
		Use:   "validate",
		Short: "Check nango.yaml without writing anything",
		Long: heredoc.Doc(`
			Run every check of nango generate on nango.yaml (schema, models, endpoints, runs, and
			that no two scripts would share a file) and print the problems with their position.
			Nothing is written. Exits with status 3 when nango.yaml has an error, 0 otherwise
			(warnings included): a cheap CI or pre-commit check.
		`),
		Example: heredoc.Doc(`
			$ nango validate
			$ nango validate --json
		`),
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return generate.Run(opts)
		},
	}
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "Print the diagnostics as a JSON array on stdout")
	return cmd
}
