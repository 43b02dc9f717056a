// Package generate implements `nango generate` and the run of `nango validate` (generate's
// checks, writing nothing), and the diagnostics report that `init` shares with them.
package generate

import (
	"errors"
	"fmt"

	"github.com/MakeNowJust/heredoc"
	"github.com/spf13/cobra"

	"github.com/nango-go/nango/internal/build"
	"github.com/nango-go/nango/internal/cmdutil"
	"github.com/nango-go/nango/internal/codegen"
	"github.com/nango-go/nango/internal/exitcode"
	"github.com/nango-go/nango/internal/iostreams"
	"github.com/nango-go/nango/internal/text"
	"github.com/nango-go/nango/internal/vitest"
	"github.com/nango-go/nango/pkg/nangoyaml"
)

// Options are the inputs of `nango generate` and `nango validate`.
type Options struct {
	IO      *iostreams.IOStreams
	WorkDir func() (string, error)
	JSON    bool
	// CheckOnly runs every check and writes nothing (`nango validate`).
	CheckOnly bool
}

// NewCmdGenerate builds `nango generate`. runF replaces the run function in tests.
func NewCmdGenerate(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IOStreams, WorkDir: f.WorkDir}
	cmd := &cobra.Command{
		Use:   "generate",
		Short: "Generate models.ts, .nango/ and missing script stubs from nango.yaml",
		Long: heredoc.Doc(`
			Check nango.yaml and, when it is valid, write models.ts (model interfaces, the types of
			the nango object, NangoFlows), .nango/schema.ts, .nango/schema.json and
			.nango/nango.json, and a stub for every sync, action and on-event script that has no
			file yet (<integration>/syncs|actions|on-events/<name>.ts). Existing scripts, also
			root-level <name>.ts files, are never overwritten.

			Problems are printed with their place in nango.yaml (file:line:column and key path).
			A rejected nango.yaml writes nothing and exits with status 3; warnings alone do not
			fail. All files are replaced atomically: an interrupted run leaves the old ones.
		`),
		Example: heredoc.Doc(`
			$ nango generate
			$ nango generate --json | jq '.[] | select(.severity == "error")'
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

// Run checks nango.yaml and, unless opts.CheckOnly, generates.
func Run(opts *Options) error {
	dir, err := opts.WorkDir()
	if err != nil {
		return err
	}
	var out *codegen.Outcome
	if opts.CheckOnly {
		out, err = codegen.Validate(dir)
	} else {
		out, err = codegen.CheckAndGenerate(dir, codegen.Options{Version: build.ReferenceCLIVersion})
	}
	if err != nil {
		return ReportLoadError(opts.IO, err, opts.JSON)
	}
	if err := ReportDiagnostics(opts.IO, out.Diagnostics, opts.JSON); err != nil {
		return err
	}
	cs := opts.IO.ColorScheme()
	if opts.CheckOnly {
		fmt.Fprintf(opts.IO.ErrOut, "%s nango.yaml is valid: %s, %s\n", cs.SuccessIcon(),
			text.Pluralize(len(out.Parsed.Integrations), "integration"), text.Pluralize(len(out.Parsed.Scripts()), "script"))
		return nil
	}
	for _, s := range out.Result.Scaffolds {
		fmt.Fprintf(opts.IO.ErrOut, "created %s\n", s)
	}
	// Declarations for the project's vitest files (tsc and editors, no npm install); only
	// when it has some, so that other projects' trees stay the reference CLI's.
	if tests, err := vitest.Discover(dir); err == nil && len(tests) > 0 {
		if wrote, err := codegen.WriteVitestDeclarations(dir); err != nil {
			return err
		} else if wrote {
			fmt.Fprintf(opts.IO.ErrOut, "wrote %s (types of vitest and global.vitest for test files)\n", codegen.VitestDeclarationsFile)
		}
	}
	fmt.Fprintf(opts.IO.ErrOut, "%s generated models.ts and .nango/%s\n", cs.SuccessIcon(), warningSuffix(out.Diagnostics))
	return nil
}

// ReportDiagnostics prints diagnostics: as a JSON array on stdout with asJSON (always, even
// empty, so that a machine can read it), else for humans on stderr. It returns a silent
// ExitProject error when any diagnostic is an error.
func ReportDiagnostics(io *iostreams.IOStreams, diags []nangoyaml.Diagnostic, asJSON bool) error {
	if asJSON {
		if diags == nil {
			diags = []nangoyaml.Diagnostic{}
		}
		if err := cmdutil.WriteJSON(io.Out, diags); err != nil {
			return err
		}
	} else {
		cs := io.ColorScheme()
		for _, d := range diags {
			fmt.Fprintln(io.ErrOut, cs.Diagnostic(d.String(), d.Severity == nangoyaml.SeverityError))
		}
	}
	if n := nangoyaml.Count(diags, nangoyaml.SeverityError); n > 0 {
		if !asJSON {
			fmt.Fprintf(io.ErrOut, "%s nango.yaml has %s%s; nothing was written\n",
				io.ColorScheme().FailureIcon(), text.Pluralize(n, "error"), warningSuffix(diags))
		}
		return exitcode.Silent(exitcode.Project)
	}
	return nil
}

// ReportLoadError turns a failure to read nango.yaml into the command's error (a JSON
// diagnostic too with asJSON).
func ReportLoadError(io *iostreams.IOStreams, err error, asJSON bool) error {
	if !errors.Is(err, codegen.ErrNoConfig) {
		return err
	}
	if asJSON {
		if werr := cmdutil.WriteJSON(io.Out, []nangoyaml.Diagnostic{codegen.LoadErrorDiagnostic(err)}); werr != nil {
			return werr
		}
		return exitcode.Silent(exitcode.Project)
	}
	return exitcode.WithHint(exitcode.WithCode(exitcode.Project, err),
		"run this command in your nango-integrations folder, or create a project with `nango init`")
}

func warningSuffix(diags []nangoyaml.Diagnostic) string {
	if n := nangoyaml.Count(diags, nangoyaml.SeverityWarning); n > 0 {
		return " (" + text.Pluralize(n, "warning") + ")"
	}
	return ""
}
