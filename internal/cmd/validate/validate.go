// Package validate implements `nango validate`: the checks of `nango generate`, writing
// nothing.
package validate

import (
	"fmt"

	"github.com/MakeNowJust/heredoc"
	"github.com/spf13/cobra"

	"github.com/nango-go/nango/internal/cmd/shared"
	"github.com/nango-go/nango/internal/cmdutil"
	"github.com/nango-go/nango/internal/iostreams"
	"github.com/nango-go/nango/internal/pipeline"
	"github.com/nango-go/nango/internal/text"
)

// Options are the inputs of `nango validate`.
type Options struct {
	IO      *iostreams.IOStreams
	WorkDir func() (string, error)
	JSON    bool
}

// NewCmdValidate builds `nango validate`. runF replaces the run function in tests.
func NewCmdValidate(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IOStreams, WorkDir: f.WorkDir}
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
			return validateRun(opts)
		},
	}
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "Print the diagnostics as a JSON array on stdout")
	return cmd
}

// validateRun runs the checks of generate and reports them.
func validateRun(opts *Options) error {
	dir, err := opts.WorkDir()
	if err != nil {
		return err
	}
	out, err := pipeline.Validate(dir)
	if err != nil {
		return shared.LoadError(opts.IO, err, opts.JSON)
	}
	if err := shared.ProjectDiagnostics(opts.IO, out.Diagnostics, opts.JSON); err != nil {
		return err
	}
	fmt.Fprintf(opts.IO.ErrOut, "%s nango.yaml is valid: %s, %s\n", opts.IO.ColorScheme().SuccessIcon(),
		text.Pluralize(len(out.Project.Integrations()), "integration"), text.Pluralize(len(out.Project.Scripts), "script"))
	return nil
}
