// Package testcmd implements `nango test`.
package testcmd

import (
	"context"
	"regexp"
	"strings"
	"time"

	"github.com/MakeNowJust/heredoc"
	"github.com/spf13/cobra"

	"github.com/nango-go/nango/internal/cmd/shared"
	"github.com/nango-go/nango/internal/cmdutil"
	"github.com/nango-go/nango/internal/exitcode"
	"github.com/nango-go/nango/internal/iostreams"
	"github.com/nango-go/nango/internal/project"
	"github.com/nango-go/nango/internal/providers"
	"github.com/nango-go/nango/internal/runner"
	"github.com/nango-go/nango/internal/testreport"
	"github.com/nango-go/nango/internal/testrun"
	"github.com/nango-go/nango/internal/usercache"
	"github.com/nango-go/nango/internal/vitest"
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

	// Files are the test files named on the command line (`nango test <file.test.ts>...`).
	Files []string
	// TestNamePattern is -t: the cases of test files to run, as vitest's -t.
	TestNamePattern string
	// TimeoutSet: --timeout was given, so it also bounds each test file (else vitest's 60s).
	TimeoutSet bool
}

// testLong is `nango test --help`'s description.
var testLong = heredoc.Doc(`
			Run the project's own vitest test files (every *.test.ts, *.spec.ts... outside
			node_modules and dist, as vitest collects them) and test every sync and action that
			has recordings but no test file, offline: no server, no network, no Node.js, no
			vitest.

			Test files run natively with a built-in vitest 2 API (describe/it, hooks, expect,
			vi) and global.vitest.NangoSyncMock / NangoActionMock answering from
			<integration>/mocks/ (in a zero-yaml project nango/test's, answering from
			<integration>/tests/<name>.test.json, the reference's nango dryrun --save layout, and
			the functions called with .exec from the built-in nango module); each file in its
			own runtime, in parallel, in UTC unless TZ is set. A file passes when all its cases pass; a
			failure names the file, the case, the line of the .ts test file and the
			difference. A file that uses a vitest API the runner does not implement fails,
			naming the API. -t keeps the cases whose name
			("describe test") matches a regular expression, as vitest's -t.
			nango test <file.test.ts>... runs exactly those files (relative to the current
			folder), and nothing else.

			A script is tested by a file when <integration>/tests/<integration>-<script>.test.ts
			or <integration>/tests/<script>.test.ts exists (the names nango generate:tests
			writes). The other scripts with recordings get the recordings-only check below,
			shown as "recordings only".

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

			With [integration] only the test files under <integration>/ run; with [script] only
			the file that tests that script; --run matches test files by their path.

			Exit codes: 0 every test file and script passed; 9 a test file failed, a verdict
			failed or a recording is missing; 8 otherwise, when at least one script could not run to the end (threw,
			timed out, did not compile, is not in nango.yaml), 11 if one was stopped at the
			memory limit (--max-memory); 3 no nango.yaml, an invalid one,
			or no recordings at all; 2 usage (a filter that matches nothing); 10 interrupted.
		`)

// NewCmdTest builds `nango test`. runF replaces the run function in tests.
func NewCmdTest(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IOStreams, Factory: f}
	cmd := &cobra.Command{
		Use:   "test [integration] [script] | test <file.test.ts>...",
		Short: "Run the project's vitest test files and check recorded scripts, offline",
		Long:  testLong,
		Example: heredoc.Doc(`
			$ nango test
			$ nango test github/tests/github-issues.test.ts -t 'batchSave'
			$ nango test github
			$ nango test github fetch-issues
			$ nango test --run 'contacts|create-'
			$ nango test --run '::eu$'
			$ nango test --json | jq '.results[] | select(.status != "pass")'
			# record first (against a real connection), then test offline:
			$ nango dryrun fetch-issues my-connection --save-responses
		`),
		Args: func(cmd *cobra.Command, args []string) error {
			if anyTestFile(args) {
				return nil
			}
			if len(args) > 2 {
				return cmdutil.FlagErrorf("test takes at most an integration and a script, e.g. nango test github fetch-issues, or test files, e.g. nango test github/tests/github-issues.test.ts")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			switch {
			case anyTestFile(args):
				opts.Files = args
			case len(args) > 1:
				opts.Integration, opts.Script = args[0], args[1]
			case len(args) > 0:
				opts.Integration = args[0]
			}
			opts.TimeoutSet = cmd.Flags().Changed("timeout")
			if runF != nil {
				return runF(opts)
			}
			return testRun(cmd.Context(), opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVarP(&opts.TestNamePattern, "test-name-pattern", "t", "", "Only run the cases of test files whose name (\"describe test\") matches this regular expression, as vitest's -t")
	fl.StringVar(&opts.Run, "run", "", "Only run the tests whose name (\"<integration>/<script>[::<variant>]\") matches this regular expression")
	fl.DurationVar(&opts.Timeout, "timeout", testrun.DefaultTimeout, "Fail a script that runs longer than this")
	cmdutil.AddMemoryFlag(fl, &opts.MaxMemory, "4GiB, shared by the scripts running at once")
	fl.IntVar(&opts.Parallel, "parallel", 0, "How many scripts run at once (default: the number of CPUs)")
	fl.BoolVar(&opts.JSON, "json", false, "Print the results as one JSON document on stdout")
	fl.BoolVarP(&opts.Verbose, "verbose", "v", false, "Show every script's log lines")
	fl.StringVar(&opts.ProvidersFile, providers.FlagName, "", providers.FlagUsage)
	return cmd
}

// testRun runs the selected test files, then the recordings-only check of the scripts no
// test file covers, and prints the results.
func testRun(ctx context.Context, opts *Options) error {
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
	sel, err := selectFiles(dir, opts, filter)
	if err != nil {
		return err
	}
	cacheFile := ""
	if c, err := usercache.New(f.Getenv); err == nil {
		cacheFile = c.ProvidersYAML()
	}
	catalog := providers.NewLazy(providers.Locator{Flag: opts.ProvidersFile, Getenv: f.Getenv, ProjectDir: dir, CacheFile: cacheFile})
	catalog.Download = shared.CatalogDownloader(ctx, f)
	nodeModules := usercache.NodeModules(dir, f.Getenv)
	if project.IsZero(dir) {
		// zero-yaml functions import zod 4: the cache's zod 4 tree, as definitions are read
		nodeModules = usercache.NodeModulesFor(dir, f.Getenv, usercache.Zod4)
	}

	var files []vitest.FileResult
	if len(sel.files) > 0 {
		if files, err = runFiles(ctx, opts, dir, sel.files, runner.RecordedFirst(dir, f.Getenv, catalog.PaginateDefaults), nodeModules); err != nil {
			return err
		}
	}
	var summary *testrun.Summary
	if sel.recordings {
		// One line per test on stderr as it finishes (in either mode: stdout stays the sorted
		// table or the one JSON document).
		progress := testreport.NewProgress(opts.IO.ErrOut, opts.IO.ColorScheme())
		summary, err = testrun.Run(ctx, testrun.Options{
			OnStart: progress.Start, OnResult: progress.Result,
			Dir: dir, Integration: opts.Integration, Script: opts.Script, Run: sel.recordingsRun(filter),
			Parallel: opts.Parallel, Getenv: f.Getenv,
			Runner: runner.Options{Timeout: opts.Timeout, TimeoutHint: cmdutil.ScriptTimeoutHint,
				MemoryLimit: memoryLimit, MemoryHint: cmdutil.ScriptMemoryHint,
				NodeModules: nodeModules, Now: f.Now},
			PaginateDefaults: catalog.PaginateDefaults,
		})
		if err != nil && (len(files) == 0 || !noRecordings(err)) {
			if len(files) > 0 && !opts.JSON {
				// the test files' results stand; the error (say, no nango.yaml) follows them
				testreport.WriteText(opts.IO.Out, opts.IO.ColorScheme(), files, nil, opts.Verbose)
			}
			return err // with --json, internal/cli prints the failure document
		}
	}
	return report(opts, files, summary)
}

// runFiles runs test files through internal/vitest with progress on stderr.
func runFiles(ctx context.Context, opts *Options, dir string, abs []string, paginate func(string) (map[string]any, error), nodeModules []string) ([]vitest.FileResult, error) {
	// Dates in test files are UTC, as on the CI machines suites are written on (TZ set in the
	// environment wins): a process-wide setting, made here before any runtime starts.
	vitest.PinUTC()
	var timeout time.Duration
	if opts.TimeoutSet {
		timeout = opts.Timeout
	}
	progress := testreport.NewFileProgress(opts.IO.ErrOut, opts.IO.ColorScheme(), len(abs))
	files, err := vitest.RunFiles(ctx, vitest.Options{
		ProjectDir: dir, Files: abs, TestNamePattern: opts.TestNamePattern,
		Parallelism: opts.Parallel, PaginateDefaults: paginate, NodeModules: nodeModules,
		FileTimeout: timeout, OnFile: progress.File,
	})
	if err != nil {
		if opts.TestNamePattern != "" && strings.Contains(err.Error(), "test-name-pattern") {
			return nil, cmdutil.FlagErrorf("%v: -t takes a JavaScript regular expression, e.g. -t 'batchSave|output'", err)
		}
		return nil, err
	}
	if ctx.Err() != nil {
		return nil, exitcode.Errorf(exitcode.Cancel, "interrupted before every test file had run")
	}
	return files, nil
}

// noRecordings: testrun found nothing to check among the scripts left to it (the filters
// kept none of them, or NANGO_MOCKS_RESPONSE_DIRECTORY holds none), which is fine when test
// files ran. An invalid nango.yaml is still reported.
func noRecordings(err error) bool {
	switch exitcode.Of(err) {
	case exitcode.Usage:
		return true
	case exitcode.Project:
		return strings.HasPrefix(err.Error(), "no recordings found")
	}
	return false
}
