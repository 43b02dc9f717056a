// Package migrate implements `nango migrate-to-zero-yaml`.
package migrate

import (
	"fmt"
	"time"

	"github.com/MakeNowJust/heredoc"
	"github.com/spf13/cobra"

	"github.com/nango-go/nango/internal/build"
	"github.com/nango-go/nango/internal/cmdutil"
	"github.com/nango-go/nango/internal/exitcode"
	"github.com/nango-go/nango/internal/iostreams"
	zeromigrate "github.com/nango-go/nango/internal/migrate"
	"github.com/nango-go/nango/internal/project"
	"github.com/nango-go/nango/internal/text"
	"github.com/nango-go/nango/internal/usercache"
)

// Options are the inputs of `nango migrate-to-zero-yaml`.
type Options struct {
	IO      *iostreams.IOStreams
	WorkDir func() (string, error)
	Getenv  func(string) string
	Now     func() time.Time

	DryRun bool
	JSON   bool
	// NoDependencyUpdate is upstream's flag; this binary never runs a package manager, so it
	// only silences the note about installing.
	NoDependencyUpdate bool
}

// NewCmdMigrate builds `nango migrate-to-zero-yaml`. runF replaces the run function in tests.
func NewCmdMigrate(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IOStreams, WorkDir: f.WorkDir, Getenv: f.Getenv, Now: f.Now}
	cmd := &cobra.Command{
		Use:   "migrate-to-zero-yaml",
		Short: "Turn a nango.yaml project into a zero-yaml one",
		Long: heredoc.Doc(`
			Rewrite a nango.yaml project in the zero-yaml format: each script becomes a function
			file whose default export is createSync, createAction or createOnEvent with the
			definition nango.yaml gave it; models.ts holds zod schemas of nango.yaml's models;
			index.ts imports every function; package.json pins nango and zod 4; tsconfig.json
			is the zero-yaml one; nango.yaml is deleted, as upstream does.

			Everything is computed before anything is written. When a part cannot be carried
			over (a deprecated post-connection script, a sync model without a string or number
			id, a script without a default-exported function, ...), every such part is named
			and nothing is written (exit 3). Otherwise all files are written in one atomic step
			and a copy of each file replaced or deleted is kept in .nango/migrate-backup/.

			Recordings in <integration>/mocks/ stay where they are (the zero-yaml test mocks
			still read them). The result is meant to compile and type-check; where upstream's
			migration leaves type errors (numeric sync ids, imports without .js, optional
			arrays), ours writes what type-checks (README "Compatibility notes").
		`),
		Example: heredoc.Doc(`
			$ nango migrate-to-zero-yaml --dry-run
			$ nango migrate-to-zero-yaml && nango compile
			$ nango migrate-to-zero-yaml --json
		`),
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return migrateRun(opts)
		},
	}
	cmd.Flags().BoolVar(&opts.DryRun, "dry-run", false, "List what would change and write nothing")
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "Print the changes as JSON on stdout")
	cmd.Flags().BoolVar(&opts.NoDependencyUpdate, "no-dependency-update", false, "Accepted for compatibility: no package manager is run")
	return cmd
}

type jsonReport struct {
	DryRun    bool                 `json:"dryRun"`
	Changes   []zeromigrate.Change `json:"changes"`
	Backup    string               `json:"backup,omitempty"`
	Functions int                  `json:"functions"`
	Warnings  []string             `json:"warnings,omitempty"`
	Loaded    *bool                `json:"loaded,omitempty"`
	Problems  []project.Diagnostic `json:"diagnostics,omitempty"`
}

func migrateRun(opts *Options) error {
	io, cs := opts.IO, opts.IO.ColorScheme()
	dir, err := opts.WorkDir()
	if err != nil {
		return err
	}
	if project.IsZero(dir) {
		return exitcode.WithHint(exitcode.Errorf(exitcode.Project, "%s is already a zero-yaml project (index.ts, no nango.yaml)", dir),
			"nothing to migrate: nango compile builds it as it is")
	}
	p, err := project.LoadValid(dir, "migrate-to-zero-yaml")
	if err != nil {
		return err
	}
	plan, err := zeromigrate.Build(p, zeromigrate.Options{NangoVersion: build.ZeroReferenceCLIVersion, ZodVersion: usercache.ZodVersionZero})
	if err != nil {
		return err // the plan is incomplete: nothing is listed as if it could be applied
	}
	functions := 0
	for _, c := range plan.Changes {
		if c.Step == "function" {
			functions++
		}
	}
	report := jsonReport{DryRun: opts.DryRun, Changes: plan.Changes, Functions: functions, Warnings: plan.Warnings}
	if !opts.DryRun {
		if report.Backup, err = plan.Apply(); err != nil {
			return exitcode.WithHint(exitcode.WithCode(exitcode.Failure, err), "check the folder's permissions and run nango migrate-to-zero-yaml again")
		}
	}
	if opts.JSON {
		if !opts.DryRun {
			report.Loaded, report.Problems = checkResult(opts, dir)
		}
		return cmdutil.WriteJSON(io.Out, report)
	}
	for _, w := range plan.Warnings {
		fmt.Fprintf(io.ErrOut, "%s %s\n", cs.WarningIcon(), w)
	}
	verb := map[string]string{zeromigrate.OpCreate: "create", zeromigrate.OpUpdate: "update", zeromigrate.OpDelete: "delete"}
	for _, c := range plan.Changes {
		if opts.DryRun {
			fmt.Fprintf(io.Out, "would %-6s %s\n", verb[c.Op], c.Path)
		} else {
			fmt.Fprintf(io.Out, "%s %-6s %s\n", cs.SuccessIcon(), verb[c.Op], c.Path)
		}
	}
	if opts.DryRun {
		fmt.Fprintf(io.ErrOut, "%s dry run: %s would be migrated; nothing was written\n", cs.WarningIcon(), text.Pluralize(functions, "function"))
		return nil
	}
	fmt.Fprintf(io.ErrOut, "%s migrated %s to zero-yaml; a copy of every replaced or deleted file is in %s/\n",
		cs.SuccessIcon(), text.Pluralize(functions, "function"), report.Backup)
	return reportLoad(opts, dir)
}

// checkResult reads the migrated project as compile will (zod 4 from the project upward,
// then the user cache).
func checkResult(opts *Options, dir string) (*bool, []project.Diagnostic) {
	p, diags, err := project.LoadZero(dir, project.ZeroOptions{NodeModules: usercache.NodeModulesFor(dir, opts.Getenv, usercache.Zod4)})
	ok := err == nil && p != nil
	return &ok, diags
}

// reportLoad says whether the migrated definitions load; the files are written either way,
// so a failure is reported with what to do, not undone.
func reportLoad(opts *Options, dir string) error {
	io, cs := opts.IO, opts.IO.ColorScheme()
	loaded, diags := checkResult(opts, dir)
	for _, d := range diags {
		fmt.Fprintln(io.ErrOut, cs.Diagnostic(d.String(), d.Severity == project.SeverityError))
	}
	if !*loaded {
		return exitcode.WithHint(exitcode.Errorf(exitcode.Project, "the migrated files are written, but their definitions do not load yet"),
			"fix what is listed above (zod 4: npm install zod@"+usercache.ZodVersionZero+"), then run nango compile")
	}
	fmt.Fprintf(io.ErrOut, "%s next: nango compile\n", cs.SuccessIcon())
	return nil
}
