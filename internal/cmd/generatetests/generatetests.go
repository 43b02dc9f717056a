// Package generatetests implements `nango generate:tests`.
package generatetests

import (
	"fmt"
	"path/filepath"

	"github.com/MakeNowJust/heredoc"
	"github.com/spf13/cobra"

	"github.com/nango-go/nango/internal/atomicfile"
	"github.com/nango-go/nango/internal/cmdutil"
	"github.com/nango-go/nango/internal/codegen"
	"github.com/nango-go/nango/internal/exitcode"
	"github.com/nango-go/nango/internal/iostreams"
	"github.com/nango-go/nango/internal/project"
	"github.com/nango-go/nango/internal/vitest"
)

// Options are the inputs of `nango generate:tests`.
type Options struct {
	IO      *iostreams.IOStreams
	WorkDir func() (string, error)

	Integration string
	Syncs       []string
	Actions     []string
}

// NewCmdGenerateTests builds `nango generate:tests`. runF replaces the run function in tests.
func NewCmdGenerateTests(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IOStreams, WorkDir: f.WorkDir}
	cmd := &cobra.Command{
		Use:   "generate:tests",
		Short: "Write a vitest file for each script that has recordings and no test yet",
		Long: heredoc.Doc(`
			Write <integration>/tests/<integration>-<script>.test.ts for every sync and action
			that has recordings (<integration>/mocks/<script>/, written by nango dryrun
			--save-responses; in a zero-yaml project also <integration>/tests/<name>.test.json,
			the layout of the reference's nango dryrun --save) and no test file yet. An existing
			test file is never overwritten.

			The files replay the recordings through global.vitest.NangoSyncMock /
			NangoActionMock: a sync's test checks the records it saves (and deletes) against
			the recorded ones, an action's its output for the recorded input (zero-yaml tests
			call the function's exec). Run them with nango test, or with vitest and a setup file
			that provides global.vitest; in a zero-yaml project vite.config.ts and
			vitest.setup.ts (nango/test's mocks) are written at the root when absent. package.json
			is not changed: add vitest to devDependencies yourself to run them with vitest.
			.nango/vitest.d.ts is written too, so that editors and tsc know the vitest API.

			Exit codes: 0 files written or nothing to write; 2 a -s or -a that names no script
			of that kind; 3 no project (nango.yaml or a zero-yaml index.ts) or an invalid one.
		`),
		Example: heredoc.Doc(`
			$ nango generate:tests
			$ nango generate:tests -i github
			$ nango generate:tests -s issues -a create-issue
		`),
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return generateTestsRun(opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVarP(&opts.Integration, "integration", "i", "", "Only the scripts of this integration")
	fl.StringSliceVarP(&opts.Syncs, "sync", "s", nil, "Only this sync (repeatable)")
	fl.StringSliceVarP(&opts.Actions, "action", "a", nil, "Only this action (repeatable)")
	return cmd
}

func generateTestsRun(opts *Options) error {
	dir, err := opts.WorkDir()
	if err != nil {
		return err
	}
	p, err := project.LoadValid(dir, "generate:tests")
	if err != nil {
		return err
	}
	if err := checkFilters(p, opts); err != nil {
		return err
	}
	files, err := vitest.PlanTestFiles(p, vitest.TestSelection{Integration: opts.Integration, Syncs: opts.Syncs, Actions: opts.Actions})
	if err != nil {
		return err
	}
	cs := opts.IO.ColorScheme()
	if len(files) == 0 {
		fmt.Fprintf(opts.IO.ErrOut, "%s No test file to write: every selected script with recordings has one already, or none has recordings (record with nango dryrun <script> <connection-id> --save-responses)\n", cs.WarningIcon())
		return nil
	}
	var set atomicfile.WriteSet
	for _, f := range files {
		set.AddNew(filepath.Join(dir, filepath.FromSlash(f.Path)), f.Content, 0o644)
	}
	if p.Format == project.FormatZero {
		// so that vitest runs them too; an existing config or setup file is kept
		for _, f := range vitest.ZeroSetupFiles {
			set.AddNew(filepath.Join(dir, f.Path), f.Content, 0o644)
		}
	}
	if err := set.Commit(); err != nil {
		return err
	}
	if _, err := codegen.WriteVitestDeclarations(dir); err != nil {
		return err
	}
	fmt.Fprintf(opts.IO.ErrOut, "%s Generated %d test file(s):\n", cs.SuccessIcon(), len(files))
	for _, f := range files {
		fmt.Fprintln(opts.IO.Out, f.Path)
	}
	fmt.Fprintln(opts.IO.ErrOut, "Run them with: nango test")
	return nil
}

// checkFilters: -i, -s and -a must name an integration, a sync and an action of nango.yaml.
func checkFilters(p *project.Project, opts *Options) error {
	if opts.Integration != "" && !p.HasIntegration(opts.Integration) {
		return exitcode.WithHint(exitcode.Errorf(exitcode.Usage, "-i %q: nango.yaml has no such integration", opts.Integration), "integrations: "+fmt.Sprint(p.Integrations()))
	}
	for _, c := range []struct {
		flag  string
		names []string
		kind  project.Kind
	}{{"-s", opts.Syncs, project.KindSync}, {"-a", opts.Actions, project.KindAction}} {
		for _, n := range c.names {
			if len(p.Lookup(opts.Integration, n, c.kind)) == 0 {
				return exitcode.WithHint(exitcode.Errorf(exitcode.Usage, "%s %q: nango.yaml declares no %s of that name", c.flag, n, c.kind),
					"name a "+string(c.kind)+" of nango.yaml, or leave out "+c.flag+" to generate every test")
			}
		}
	}
	return nil
}
