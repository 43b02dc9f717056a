// Package generate implements `nango generate`.
package generate

import (
	"fmt"

	"github.com/MakeNowJust/heredoc"
	"github.com/spf13/cobra"

	"github.com/nango-go/nango/internal/cmd/shared"
	"github.com/nango-go/nango/internal/cmdutil"
	"github.com/nango-go/nango/internal/codegen"
	"github.com/nango-go/nango/internal/iostreams"
	"github.com/nango-go/nango/internal/pipeline"
	"github.com/nango-go/nango/internal/project"
	"github.com/nango-go/nango/internal/vitest"
)

// Options are the inputs of `nango generate`.
type Options struct {
	IO      *iostreams.IOStreams
	WorkDir func() (string, error)
	JSON    bool
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
			return generateRun(opts)
		},
	}
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "Print the diagnostics as a JSON array on stdout")
	return cmd
}

// generateRun loads the project and, when its definitions are valid, generates.
func generateRun(opts *Options) error {
	dir, err := opts.WorkDir()
	if err != nil {
		return err
	}
	out, err := pipeline.Generate(dir, pipeline.GenerateOptions)
	if err != nil {
		return shared.LoadError(opts.IO, err, opts.JSON)
	}
	if err := shared.ProjectDiagnostics(opts.IO, out.Diagnostics, opts.JSON); err != nil {
		return err
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
	fmt.Fprintf(opts.IO.ErrOut, "%s generated models.ts and .nango/%s\n", opts.IO.ColorScheme().SuccessIcon(),
		shared.WarningSuffix(project.CountWarnings(out.Diagnostics)))
	return nil
}
