// Package create implements `nango create`: add a function to a zero-yaml project.
package create

import (
	"errors"
	"fmt"

	"github.com/MakeNowJust/heredoc"
	"github.com/spf13/cobra"

	"github.com/nango-go/nango/internal/cmdutil"
	"github.com/nango-go/nango/internal/exitcode"
	"github.com/nango-go/nango/internal/iostreams"
	"github.com/nango-go/nango/internal/project"
	"github.com/nango-go/nango/internal/zeroinit"
)

// Options are the inputs of `nango create`.
type Options struct {
	IO          *iostreams.IOStreams
	WorkDir     func() (string, error)
	Integration string
	Name        string
	Kind        zeroinit.Kind
}

// NewCmdCreate builds `nango create`. runF replaces the run function in tests.
func NewCmdCreate(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IOStreams, WorkDir: f.WorkDir}
	var sync, action, onEvent bool
	cmd := &cobra.Command{
		Use:   "create <integration> <name> (--sync | --action | --on-event)",
		Short: "Add a function to a zero-yaml project",
		Long: heredoc.Doc(`
			Add a function to the zero-yaml project in the current folder: write
			<integration>/syncs|actions|on-events/<name>.ts from a skeleton that compiles as
			written, and import it in index.ts. An existing file is never replaced.

			The skeletons have TODOs: a sync with one model and an endpoint, an action with an
			input and an output, an on-event function for post-connection-creation.
		`),
		Example: heredoc.Doc(`
			$ nango create acme-crm contacts --sync
			$ nango create acme-crm create-contact --action
			$ nango create acme-crm setup --on-event
		`),
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Integration, opts.Name = args[0], args[1]
			switch {
			case sync && !action && !onEvent:
				opts.Kind = zeroinit.Sync
			case action && !sync && !onEvent:
				opts.Kind = zeroinit.Action
			case onEvent && !sync && !action:
				opts.Kind = zeroinit.OnEvent
			default:
				return exitcode.WithHint(exitcode.Errorf(exitcode.Usage, "say what to create: exactly one of --sync, --action or --on-event"),
					"e.g. nango create "+args[0]+" "+args[1]+" --sync")
			}
			if runF != nil {
				return runF(opts)
			}
			return createRun(opts)
		},
	}
	cmd.Flags().BoolVar(&sync, "sync", false, "Create a sync")
	cmd.Flags().BoolVar(&action, "action", false, "Create an action")
	cmd.Flags().BoolVar(&onEvent, "on-event", false, "Create an on-event function")
	return cmd
}

func createRun(opts *Options) error {
	dir, err := opts.WorkDir()
	if err != nil {
		return err
	}
	if !project.IsZero(dir) {
		hint := "run nango create in a zero-yaml project (one with index.ts), or start one with nango init --zero-yaml <dir>"
		if project.Exists(dir) {
			hint = "this is a nango.yaml project: declare the script in nango.yaml and run nango generate, or migrate to zero-yaml first"
		}
		return exitcode.WithHint(exitcode.Errorf(exitcode.Project, "%s is not a zero-yaml project (no index.ts)", dir), hint)
	}
	rel, err := zeroinit.Create(dir, opts.Kind, opts.Integration, opts.Name)
	switch {
	case errors.Is(err, zeroinit.ErrFunctionExists):
		return exitcode.WithHint(exitcode.WithCode(exitcode.Usage, err), "choose another name, or edit the existing file")
	case errors.Is(err, zeroinit.ErrInvalidName):
		return exitcode.WithHint(exitcode.WithCode(exitcode.Usage, err), "e.g. nango create acme-crm fetch-contacts --sync")
	case err != nil:
		return err
	}
	cs := opts.IO.ColorScheme()
	fmt.Fprintf(opts.IO.ErrOut, "%s created %s %s and imported it in index.ts\n", cs.SuccessIcon(), opts.Kind, rel)
	fmt.Fprintln(opts.IO.ErrOut, cs.Gray("next: fill in the TODOs, then nango compile"))
	return nil
}
