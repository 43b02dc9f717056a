// Package validate implements `nango validate`: the checks of `nango generate`, writing nothing.
package validate

import (
	"errors"
	"fmt"

	"github.com/MakeNowJust/heredoc"
	"github.com/spf13/cobra"

	"github.com/nango-go/nango/internal/cmd/generate"
	"github.com/nango-go/nango/internal/cmdutil"
	"github.com/nango-go/nango/internal/codegen"
	"github.com/nango-go/nango/internal/iostreams"
	"github.com/nango-go/nango/pkg/nangoyaml"
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
			return Run(opts)
		},
	}
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "Print the diagnostics as a JSON array on stdout")
	return cmd
}

// Run checks nango.yaml.
func Run(opts *Options) error {
	dir, err := opts.WorkDir()
	if err != nil {
		return err
	}
	p, diags, err := codegen.Check(dir)
	if err != nil {
		return generate.ReportLoadError(opts.IO, err, opts.JSON)
	}
	if p != nil && !nangoyaml.HasErrors(diags) {
		// The scaffold step's own checks: two scripts resolving to one, unusable file names.
		if _, err := codegen.Scaffolds(p, codegen.ExistsIn(dir)); err != nil {
			var de codegen.DiagnosticError
			if !errors.As(err, &de) {
				return err
			}
			diags = append(diags, de.Diagnostic())
		}
	}
	if err := generate.ReportDiagnostics(opts.IO, diags, opts.JSON); err != nil {
		return err
	}
	fmt.Fprintf(opts.IO.ErrOut, "%s nango.yaml is valid: %s, %s\n", opts.IO.ColorScheme().SuccessIcon(),
		countOf(len(p.Integrations), "integration"), countOf(len(p.Scripts()), "script"))
	return nil
}

func countOf(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
