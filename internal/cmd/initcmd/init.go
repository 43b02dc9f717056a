// Package initcmd implements `nango init`.
package initcmd

import (
	"errors"
	"fmt"
	"path/filepath"

	"github.com/MakeNowJust/heredoc"
	"github.com/spf13/cobra"

	"github.com/nango-go/nango/internal/cmd/shared"
	"github.com/nango-go/nango/internal/cmdutil"
	"github.com/nango-go/nango/internal/codegen"
	"github.com/nango-go/nango/internal/example"
	"github.com/nango-go/nango/internal/exitcode"
	"github.com/nango-go/nango/internal/iostreams"
	"github.com/nango-go/nango/internal/pipeline"
	"github.com/nango-go/nango/internal/zeroinit"
)

// Options are the inputs of `nango init`.
type Options struct {
	IO      *iostreams.IOStreams
	WorkDir func() (string, error)
	// Path is the project folder, relative to WorkDir; empty means WorkDir itself.
	Path  string
	Force bool
	// Example creates the example project (a "demo" integration whose scripts come with
	// recorded responses) instead of the GitHub sync template.
	Example bool
	// ZeroYAML creates a zero-yaml project (index.ts and one file per function, no
	// nango.yaml; internal/zeroinit).
	ZeroYAML bool
}

// NewCmdInit builds `nango init`. runF replaces the run function in tests.
func NewCmdInit(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IOStreams, WorkDir: f.WorkDir}
	cmd := &cobra.Command{
		Use:   "init [path]",
		Short: "Create a nango.yaml project",
		Long: heredoc.Doc(`
			Create a Nango integrations project in path (default: the current folder; created if
			missing): nango.yaml with an example GitHub sync, .env with the settings the CLI
			reads, .gitignore, .nango/, then run nango generate (models.ts, .nango/*, the
			example sync's script).

			With --example the project is a made-up "demo" CRM integration instead: a sync that
			pages through three pages and an action with input and output, each with recorded
			responses under demo/mocks/, so that nango test and nango dryrun --replay work at
			once, with no account, no server and no network.

			With --zero-yaml the project has today's Nango layout instead: no nango.yaml, an
			index.ts importing each function, and an example sync, action and on-event function
			of a "github" integration, each a TypeScript file whose default export is
			createSync/createAction/createOnEvent from "nango", with zod 4 models. Add functions
			with nango create; compile needs zod 4 (npm install, or nango deps install).

			A folder that already has nango.yaml or .nango/ (or index.ts, with --zero-yaml) is
			refused. With --force it is completed instead: missing files are added, existing
			files are never replaced.
		`),
		Example: heredoc.Doc(`
			$ nango init nango-integrations
			$ cd nango-integrations && nango dryrun github-issue-example <connection-id>
			$ nango init demo --example && cd demo && nango test
			$ nango init my-integrations --zero-yaml && cd my-integrations && npm install && nango compile
		`),
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				opts.Path = args[0]
			}
			if opts.ZeroYAML && opts.Example {
				return exitcode.WithHint(exitcode.Errorf(exitcode.Usage, "--zero-yaml and --example cannot be used together"),
					"the example project with recorded responses is a nango.yaml project: drop one of the two flags")
			}
			if runF != nil {
				return runF(opts)
			}
			return initRun(opts)
		},
	}
	cmd.Flags().BoolVarP(&opts.Force, "force", "f", false, "Complete a folder that is already a project (never replaces a file)")
	cmd.Flags().BoolVar(&opts.Example, "example", false, "Create the example project whose scripts come with recorded responses (try nango test in it)")
	cmd.Flags().BoolVar(&opts.ZeroYAML, "zero-yaml", false, "Create a zero-yaml project (index.ts and one TypeScript file per function, no nango.yaml)")
	return cmd
}

// initRun creates the project, then generates.
func initRun(opts *Options) error {
	wd, err := opts.WorkDir()
	if err != nil {
		return err
	}
	dir := wd
	if opts.Path != "" {
		dir = opts.Path
		if !filepath.IsAbs(dir) {
			dir = filepath.Join(wd, dir)
		}
	}
	if opts.ZeroYAML {
		return initZeroRun(opts, dir)
	}
	force := opts.Force
	if opts.Example {
		if _, err := example.Write(dir, opts.Force); err != nil {
			if errors.Is(err, codegen.ErrProjectExists) {
				return exitcode.WithHint(err, "create the example in a new folder, e.g. nango init demo --example")
			}
			return err
		}
		// The example wrote nango.yaml: add the rest of a new project (.env, .gitignore,
		// .nango/) around it.
		force = true
	}
	_, err = codegen.InitProject(dir, codegen.InitOptions{Force: force})
	if errors.Is(err, codegen.ErrProjectExists) {
		return exitcode.WithHint(err, "run nango generate there, or nango init --force to add the missing files")
	}
	if err != nil {
		return err
	}
	out, err := pipeline.Generate(dir, pipeline.GenerateOptions)
	if err != nil {
		return err
	}
	if err := shared.ProjectDiagnostics(opts.IO, out.Diagnostics, false); err != nil {
		return err
	}
	cs := opts.IO.ColorScheme()
	fmt.Fprintf(opts.IO.ErrOut, "%s Nango integrations initialized in %s!\n", cs.SuccessIcon(), dir)
	if opts.Example {
		fmt.Fprintln(opts.IO.ErrOut, cs.Gray(fmt.Sprintf("next, offline: nango test, then nango dryrun contacts %s --replay", example.Connection)))
		return nil
	}
	fmt.Fprintln(opts.IO.ErrOut, cs.Gray("next: put your secret key in .env (NANGO_SECRET_KEY_DEV), declare your scripts in nango.yaml, run nango generate"))
	return nil
}

// initZeroRun writes the zero-yaml example project (internal/zeroinit).
func initZeroRun(opts *Options, dir string) error {
	written, err := zeroinit.Init(dir, opts.Force)
	if errors.Is(err, zeroinit.ErrExists) {
		return exitcode.WithHint(err, "create the project in a new folder, or run nango init --zero-yaml --force there to add the missing files")
	}
	if err != nil {
		return err
	}
	cs := opts.IO.ColorScheme()
	for _, f := range written {
		fmt.Fprintf(opts.IO.ErrOut, "  created %s\n", f)
	}
	fmt.Fprintf(opts.IO.ErrOut, "%s Zero-yaml Nango project initialized in %s\n", cs.SuccessIcon(), dir)
	fmt.Fprintln(opts.IO.ErrOut, cs.Gray("next: install zod 4 (npm install, or nango deps install), run nango compile, add functions with nango create <integration> <name> --sync|--action|--on-event"))
	return nil
}
