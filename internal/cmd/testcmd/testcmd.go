// Package testcmd implements `nango test`.
package testcmd

import (
	"context"
	"fmt"
	"regexp"
	"time"

	"github.com/MakeNowJust/heredoc"
	"github.com/spf13/cobra"

	providerscmd "github.com/nango-go/nango/internal/cmd/providers"
	"github.com/nango-go/nango/internal/cmdutil"
	"github.com/nango-go/nango/internal/exitcode"
	"github.com/nango-go/nango/internal/iostreams"
	"github.com/nango-go/nango/internal/providers"
	"github.com/nango-go/nango/internal/runner"
	"github.com/nango-go/nango/internal/testreport"
	"github.com/nango-go/nango/internal/testrun"
	"github.com/nango-go/nango/internal/usercache"
)

// Options are the inputs of `nango test`.
type Options struct {
	IO      *iostreams.IOStreams
	Factory *cmdutil.Factory

	Integration   string
	Script        string
	Run           string
	Timeout       time.Duration
	MaxMemory     cmdutil.MemoryFlag
	Parallel      int
	JSON          bool
	Verbose       bool
	ProvidersFile string
}

// NewCmdTest builds `nango test`. runF replaces the run function in tests.
func NewCmdTest(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IOStreams, Factory: f}
	cmd := &cobra.Command{
		Use:   "test [integration] [script]",
		Short: "Replay recorded responses and check each script's output and records",
		Long: heredoc.Doc(`
			Test every sync and action that has recordings, offline: no server, no network,
			no Node.js, no vitest.

			Recordings are the files under <integration>/mocks/ that
			nango dryrun <script> <connection> --save-responses writes (the layout Nango's own
			test harness reads; both the hashed and the older un-hashed response files are
			read). Each script runs in its own runtime, in parallel, and answers every request
			from its recordings. It is judged as Nango's vitest harness judges it:
			  action  its return value must equal <script>/output.json (toEqual: key order and
			          properties set to undefined do not matter)
			  sync    for each output model, the records of every batchSave call, in call
			          order, after a JSON round trip, must strictly equal
			          <script>/<Model>/batchSave.json; a non-empty batchDelete.json must equal
			          the records of one batchDelete call
			A failure shows the path of the first differing field with both values, the
			script's error with its .ts stack trace, or the recording that is missing.

			Each test prints one line on stderr as it finishes ("[3/40] PASS  github/issues  sync
			12ms"); the table of every result, sorted, is printed on stdout at the end (with
			--json, only the JSON document is).

			Recordings of a sync variant (nango dryrun <script> <connection> --variant <v>
			--save-responses writes them to <integration>/mocks/<script>/<v>/) are a test of
			their own, named <integration>/<script>::<v>, run with nango.variant set to <v>.

			With [integration] only that integration's scripts run; with [script] only that
			script (its base and variant recordings; <script>::<v> for one variant). --run keeps
			the tests whose name ("<integration>/<script>" or "<integration>/<script>::<v>")
			matches a regular expression.

			Exit codes: 0 every script passed; 9 at least one verdict failed or a recording is
			missing; 8 otherwise, when at least one script could not run to the end (threw,
			timed out, did not compile, is not in nango.yaml), 11 if one was stopped at the
			memory limit (--max-memory); 3 no nango.yaml, an invalid one,
			or no recordings at all; 2 usage (a filter that matches nothing); 10 interrupted.
		`),
		Example: heredoc.Doc(`
			$ nango test
			$ nango test github
			$ nango test github fetch-issues
			$ nango test --run 'contacts|create-'
			$ nango test --run '::eu$'
			$ nango test --json | jq '.results[] | select(.status != "pass")'
			# record first (against a real connection), then test offline:
			$ nango dryrun fetch-issues my-connection --save-responses
		`),
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 2 {
				return cmdutil.FlagErrorf("test takes at most an integration and a script, e.g. nango test github fetch-issues")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				opts.Integration = args[0]
			}
			if len(args) > 1 {
				opts.Script = args[1]
			}
			if runF != nil {
				return runF(opts)
			}
			return Run(cmd.Context(), opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.Run, "run", "", "Only run the tests whose name (\"<integration>/<script>[::<variant>]\") matches this regular expression")
	fl.DurationVar(&opts.Timeout, "timeout", testrun.DefaultTimeout, "Fail a script that runs longer than this")
	cmdutil.AddMemoryFlag(fl, &opts.MaxMemory, "4GiB, shared by the scripts running at once")
	fl.IntVar(&opts.Parallel, "parallel", 0, "How many scripts run at once (default: the number of CPUs)")
	fl.BoolVar(&opts.JSON, "json", false, "Print the results as one JSON document on stdout")
	fl.BoolVarP(&opts.Verbose, "verbose", "v", false, "Show every script's log lines")
	fl.StringVar(&opts.ProvidersFile, providers.FlagName, "", providers.FlagUsage)
	return cmd
}

// Run tests the project in the working folder and prints the results.
func Run(ctx context.Context, opts *Options) error {
	if ctx == nil {
		ctx = context.Background()
	}
	f := opts.Factory
	dir, err := f.WorkDir()
	if err != nil {
		return err
	}
	var filter *regexp.Regexp
	if opts.Run != "" {
		if filter, err = regexp.Compile(opts.Run); err != nil {
			return cmdutil.FlagErrorf("--run %q is not a valid regular expression: %v", opts.Run, err)
		}
	}
	if err := cmdutil.CheckTimeout(opts.Timeout, "30s"); err != nil {
		return err
	}
	memoryLimit, err := opts.MaxMemory.Resolve(f.Getenv)
	if err != nil {
		return err
	}
	if opts.Parallel < 0 {
		return cmdutil.FlagErrorf("--parallel must be 0 (the number of CPUs) or more")
	}
	cacheFile := ""
	if c, err := usercache.New(f.Getenv); err == nil {
		cacheFile = c.ProvidersYAML()
	}
	catalog := providers.NewLazy(providers.Locator{Flag: opts.ProvidersFile, Getenv: f.Getenv, ProjectDir: dir, CacheFile: cacheFile})
	catalog.Download = providerscmd.CatalogDownloader(ctx, f)

	// One line per test on stderr as it finishes (in either mode: stdout stays the sorted
	// table or the one JSON document).
	progress := testreport.NewProgress(opts.IO.ErrOut, opts.IO.ColorScheme())
	summary, err := testrun.Run(ctx, testrun.Options{
		OnStart: progress.Start, OnResult: progress.Result,
		Dir: dir, Integration: opts.Integration, Script: opts.Script, Run: filter,
		Parallel: opts.Parallel, Getenv: f.Getenv,
		Runner: runner.Options{Timeout: opts.Timeout, TimeoutHint: cmdutil.ScriptTimeoutHint,
			MemoryLimit: memoryLimit, MemoryHint: cmdutil.ScriptMemoryHint,
			NodeModules: usercache.NodeModules(dir, f.Getenv), Now: f.Now},
		PaginateDefaults: catalog.PaginateDefaults,
	})
	if err != nil {
		return err // with --json, internal/cli prints the failure document
	}
	if opts.JSON {
		if err := cmdutil.WriteJSON(opts.IO.Out, summary.JSON(opts.Verbose)); err != nil {
			return err
		}
	} else {
		testreport.WriteText(opts.IO.Out, opts.IO.ColorScheme(), summary, opts.Verbose)
	}
	if code := summary.ExitCode(); code != exitcode.OK {
		if !opts.JSON {
			fmt.Fprintf(opts.IO.ErrOut, "%s %s\n", opts.IO.ColorScheme().FailureIcon(), failureLine(summary))
		}
		return exitcode.Silent(code)
	}
	return nil
}

func failureLine(s *testrun.Summary) string {
	bad := len(s.Results) - s.Count(testrun.StatusPass)
	if bad == 1 {
		return "1 script did not pass"
	}
	return fmt.Sprintf("%d scripts did not pass", bad)
}
