// Package testrun is the engine of `nango test`: it finds every script of a nango.yaml
// project that has recordings (`<integration>/mocks/<script>/`, the layout `nango dryrun
// --save-responses` and Nango's own tooling write), replays each one with no server and no
// network, and judges it with the rules of Nango's test harness (internal/verdict: an action's
// output must equal the recorded output; a sync's batch calls must give the recorded records).
//
// The project is loaded once (internal/project) and every selected script is bundled in one
// esbuild build (runner.LoadAll); then the scripts run in parallel (at most Options.Parallel
// at a time), each in its own JavaScript runtime, through runner.Replay.
//
// Each script ends in one Status. The command's exit code follows from the worst of them
// (see Summary.ExitCode): a verdict that fails or a recording that is missing is a mismatch
// between the script and its recordings (9); a script that could not run to the end (threw,
// timed out, did not compile, has no declaration in nango.yaml) is a script error (8).
package testrun

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/nango-go/nango/internal/exitcode"
	"github.com/nango-go/nango/internal/jsruntime"
	"github.com/nango-go/nango/internal/mocks"
	"github.com/nango-go/nango/internal/project"
	"github.com/nango-go/nango/internal/records"
	"github.com/nango-go/nango/internal/runner"
	"github.com/nango-go/nango/internal/sdk"
	"github.com/nango-go/nango/internal/verdict"
	"github.com/nango-go/nango/pkg/jsjson"
)

// DefaultTimeout bounds each script when Options.Runner.Timeout is zero: replayed scripts make no
// network calls, so anything slower is a script that never ends.
const DefaultTimeout = 30 * time.Second

// ConnectionID is the connection id replayed scripts see (recordings do not say which
// connection they came from).
const ConnectionID = "test-connection"

// Status is how one script ended.
type Status string

const (
	// StatusPass: the script ran and its verdict passed.
	StatusPass Status = "pass"
	// StatusFail: the script ran to the end but its output or records differ from the
	// recordings.
	StatusFail Status = "fail"
	// StatusMissing: the script made a request (or needs a file) that was not recorded.
	StatusMissing Status = "missing"
	// StatusError: the script could not run to the end: it threw, timed out, did not
	// compile, or nango.yaml does not declare it.
	StatusError Status = "error"
)

// Options select the scripts and bound their runs.
type Options struct {
	// Dir is the project folder (it holds nango.yaml).
	Dir string
	// Integration and Script are the positional filters of `nango test [integration]
	// [script]` ("" matches all).
	Integration string
	Script      string
	// Run keeps only the scripts whose Result.Name ("<integration>/<script>", plus
	// "::<variant>" for a variant's recordings) it matches (nil: all).
	Run *regexp.Regexp
	// Runner carries the limits, the clock and the module folders to every script: its
	// Timeout bounds each script (0: DefaultTimeout); its MemoryLimit is shared by the
	// scripts running at once (0: jsruntime.DefaultMemoryLimit); Now is also the clock of the
	// durations. Log, Input and the callbacks are set per script.
	Runner runner.Options
	// Parallel is how many scripts run at once (0: GOMAXPROCS).
	Parallel int
	// PaginateDefaults returns a provider's default pagination (nil: none); called only when
	// a script paginates without a type of its own.
	PaginateDefaults func(provider string) (map[string]any, error)
	// Getenv reads NANGO_MOCKS_RESPONSE_DIRECTORY, the prefix under which dryrun
	// --save-responses records (nil: no prefix).
	Getenv func(string) string
	// OnStart, when set, is called once with the number of tests before the first OnResult.
	OnStart func(total int)
	// OnResult, when set, is called as each script finishes (from worker goroutines, one
	// call at a time), for progress output (see Progress).
	OnResult func(r *Result)
}

// Result is the judgement of one script (Summary.JSON gives its machine-readable form).
type Result struct {
	Integration string
	Script      string
	// Variant is the sync variant whose recordings were replayed (`<script>/<variant>/`);
	// "" for the base recordings. The script sees it as nango.variant.
	Variant  string
	Type     string
	Status   Status
	Duration time.Duration
	// Failures are the verdict's reasons (StatusFail).
	Failures []verdict.Failure
	// Error is the script's error message (StatusError) or the missing recording
	// (StatusMissing); Stack the trace at .ts lines; Hint what to do.
	Error string
	Stack string
	Hint  string
	// Missing is the recording that does not exist (StatusMissing), relative to the project.
	Missing string
	// Logs are the script's console and nango.log lines, in order.
	Logs []string
	// Requests is how many proxied requests were replayed.
	Requests int
	// OutOfMemory: the script was stopped at the memory limit (StatusError).
	OutOfMemory bool
}

// Name is "<integration>/<script>", or "<integration>/<script>::<variant>" for a variant's
// recordings: the name --run matches.
func (r *Result) Name() string { return Name(r.Integration, r.Script, r.Variant) }

// Name is the test name of a script's (variant's) recordings.
func Name(integration, script, variant string) string {
	n := integration + "/" + script
	if variant != "" {
		n += VariantSeparator + variant
	}
	return n
}

// VariantSeparator joins a script and its variant in a test name.
const VariantSeparator = "::"

func recordedName(rs mocks.RecordedScript) string { return Name(rs.Integration, rs.Script, rs.Variant) }

// Summary is the outcome of a test run.
type Summary struct {
	Results  []*Result
	Duration time.Duration
}

// Count returns how many results have status s.
func (s *Summary) Count(st Status) int {
	n := 0
	for _, r := range s.Results {
		if r.Status == st {
			n++
		}
	}
	return n
}

func (s *Summary) outOfMemory() bool {
	for _, r := range s.Results {
		if r.OutOfMemory {
			return true
		}
	}
	return false
}

// ExitCode is the command's exit code: 0 when every script passed; ExitMismatch (9) when
// at least one verdict failed or a recording is missing; otherwise ExitMemory (11) when a
// script was stopped at the memory limit, ExitScript (8) when one could not run to the end.
func (s *Summary) ExitCode() exitcode.Code {
	switch {
	case s.Count(StatusFail)+s.Count(StatusMissing) > 0:
		return exitcode.Mismatch
	case s.outOfMemory():
		return exitcode.Memory
	case s.Count(StatusError) > 0:
		return exitcode.Script
	}
	return 0
}

// Run finds, replays and judges the selected scripts. The error is set when nothing can be
// tested at all (no nango.yaml, an invalid one, no recordings, filters that match nothing)
// or ctx was cancelled (ExitCancel); every per-script problem is in its Result.
func Run(ctx context.Context, o Options) (*Summary, error) {
	if o.Runner.Now == nil {
		o.Runner.Now = time.Now
	}
	if o.Runner.Timeout <= 0 {
		o.Runner.Timeout = DefaultTimeout
	}
	if o.Parallel <= 0 {
		o.Parallel = runtime.GOMAXPROCS(0)
	}
	start := o.Runner.Now()
	proj, err := project.LoadValid(o.Dir, "test")
	if err != nil {
		return nil, err
	}
	selected, err := findRecorded(proj, o)
	if err != nil {
		return nil, err
	}
	results, jobs := plan(proj, selected)
	build(ctx, proj, jobs)
	if o.OnStart != nil {
		o.OnStart(len(results))
	}
	runAll(ctx, proj, results, jobs, o)
	if ctx.Err() != nil {
		return nil, exitcode.Errorf(exitcode.Cancel, "interrupted before every script had run")
	}
	return &Summary{Results: results, Duration: o.Runner.Now().Sub(start)}, nil
}

// findRecorded lists the recorded scripts the filters select.
func findRecorded(proj *project.Project, o Options) ([]mocks.RecordedScript, error) {
	recorded, err := discover(o.Dir, proj, o.Getenv)
	if err != nil {
		return nil, exitcode.Errorf(exitcode.Project, "read the recordings: %v", err)
	}
	if len(recorded) == 0 {
		where := "<integration>/mocks/ in " + o.Dir
		if o.Getenv != nil && o.Getenv(runner.EnvMocksDir) != "" {
			where = fmt.Sprintf("%s<integration>/mocks/ (%s)", o.Getenv(runner.EnvMocksDir), runner.EnvMocksDir)
		}
		return nil, exitcode.WithHint(exitcode.Errorf(exitcode.Project, "no recordings found under %s", where),
			"record a script's responses first: nango dryrun <script> <connection-id> --save-responses")
	}
	return selectScripts(recorded, proj, o)
}

// plan gives every selected recording its Result, and a job when the project declares its
// script (otherwise the result is already a StatusError).
func plan(proj *project.Project, selected []mocks.RecordedScript) ([]*Result, []*job) {
	results := make([]*Result, len(selected))
	jobs := make([]*job, 0, len(selected))
	for i, rs := range selected {
		r := &Result{Integration: rs.Integration, Script: rs.Script, Variant: rs.Variant}
		results[i] = r
		decl, ok := scriptFor(proj, rs.Integration, rs.Script)
		if !ok {
			r.Type = typeFromRecordings(rs)
			r.Status = StatusError
			r.Error = fmt.Sprintf("%s/mocks/%s has recordings but nango.yaml declares no sync or action %q in integration %q", rs.Integration, rs.Key(), rs.Script, rs.Integration)
			r.Hint = "delete the recordings of a removed script, or rename the folder after a renamed one"
			continue
		}
		jobs = append(jobs, &job{rec: rs, decl: decl, result: r})
	}
	return results, jobs
}

// runAll reports the results already decided, then runs the jobs on o.Parallel workers,
// reporting each as it finishes (one OnResult call at a time).
func runAll(ctx context.Context, proj *project.Project, results []*Result, jobs []*job, o Options) {
	var mu sync.Mutex
	report := func(r *Result) {
		if o.OnResult != nil {
			mu.Lock()
			o.OnResult(r)
			mu.Unlock()
		}
	}
	for _, r := range results {
		if r.Status != "" {
			report(r)
		}
	}
	// a job whose script did not build (build) already has its status and was reported
	// above; running it would report it a second time, past OnStart's total
	pending := make([]*job, 0, len(jobs))
	for _, j := range jobs {
		if j.result.Status == "" {
			pending = append(pending, j)
		}
	}
	work := make(chan *job)
	var wg sync.WaitGroup
	for w := 0; w < o.Parallel && w < len(pending); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range work {
				if ctx.Err() != nil {
					continue // interrupted: the run's error says so
				}
				runOne(ctx, proj, j, o)
				report(j.result)
			}
		}()
	}
	for _, j := range pending {
		work <- j
	}
	close(work)
	wg.Wait()
}

// discover lists the recorded scripts: <integration>/mocks/ of the project, or, when
// NANGO_MOCKS_RESPONSE_DIRECTORY is set, the folders dryrun --save-responses writes under
// that prefix (runner.MocksLayout) for each integration of nango.yaml.
func discover(dir string, proj *project.Project, getenv func(string) string) ([]mocks.RecordedScript, error) {
	if getenv == nil || getenv(runner.EnvMocksDir) == "" {
		return mocks.Discover(dir)
	}
	var out []mocks.RecordedScript
	found := map[string][]mocks.RecordedScript{}
	for _, key := range proj.Integrations() {
		base := filepath.Dir(runner.MocksLayout(dir, key, getenv).Root) // <prefix><integration>
		parent := filepath.Dir(base)
		list, ok := found[parent]
		if !ok {
			var err error
			if list, err = mocks.Discover(parent); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return nil, err
			}
			found[parent] = list
		}
		for _, rs := range list {
			if rs.Integration == filepath.Base(base) {
				rs.Integration = key
				out = append(out, rs)
			}
		}
	}
	mocks.SortRecorded(out)
	return out, nil
}

func typeFromRecordings(rs mocks.RecordedScript) string {
	if rs.IsAction() {
		return string(project.KindAction)
	}
	return string(project.KindSync)
}

// selectScripts applies the positional filters and --run; filters that match nothing are
// usage errors that list what could be tested.
func selectScripts(recorded []mocks.RecordedScript, proj *project.Project, o Options) ([]mocks.RecordedScript, error) {
	// `nango test <script>`: one argument that names no integration but a script (or
	// "<script>::<variant>") is the script.
	if o.Integration != "" && o.Script == "" && !proj.HasIntegration(o.Integration) && hasScriptNamed(proj, scriptPart(o.Integration)) {
		o.Integration, o.Script = "", o.Integration
	}
	var out []mocks.RecordedScript
	for _, rs := range recorded {
		if o.Integration != "" && rs.Integration != o.Integration {
			continue
		}
		// a script name selects its base and variant recordings; "<script>::<variant>" one
		if o.Script != "" && rs.Script != o.Script && rs.Script+VariantSeparator+rs.Variant != o.Script {
			continue
		}
		if o.Run != nil && !o.Run.MatchString(recordedName(rs)) {
			continue
		}
		out = append(out, rs)
	}
	if len(out) > 0 {
		return out, nil
	}
	var names []string
	for _, rs := range recorded {
		names = append(names, recordedName(rs))
	}
	available := "scripts with recordings: " + strings.Join(names, ", ")
	switch {
	case o.Integration != "" && o.Script == "" && o.Run == nil:
		if !proj.HasIntegration(o.Integration) {
			return nil, exitcode.WithHint(exitcode.Errorf(exitcode.Usage, "%q is neither an integration nor a script of nango.yaml", o.Integration), available)
		}
		return nil, exitcode.WithHint(exitcode.Errorf(exitcode.Usage, "integration %q has no recordings", o.Integration),
			"record a script's responses first: nango dryrun <script> <connection-id> --save-responses")
	case o.Script != "" && o.Run == nil:
		name, variant, _ := strings.Cut(o.Script, VariantSeparator)
		if _, ok := scriptFor(proj, o.Integration, name); ok || (o.Integration == "" && hasScriptNamed(proj, name)) {
			return nil, exitcode.WithHint(exitcode.Errorf(exitcode.Usage, "%q has no recordings", o.Script),
				fmt.Sprintf("record its responses first: nango dryrun %s <connection-id>%s --save-responses", name, variantFlag(variant)))
		}
		return nil, exitcode.WithHint(exitcode.Errorf(exitcode.Usage, "no recorded script matched %q", o.Script), available)
	}
	return nil, exitcode.WithHint(exitcode.Errorf(exitcode.Usage, "no recorded script matched the filters"), available)
}

// job is one script to replay.
type job struct {
	rec    mocks.RecordedScript
	decl   *project.Script
	result *Result
	// bundle is the script's bundle (its Err set when bundling failed: result says why).
	bundle *runner.Bundle
}

// runOne replays one script and judges it into j.result.
func runOne(ctx context.Context, proj *project.Project, j *job, o Options) {
	r := j.result
	r.Type = string(j.decl.Kind)
	if r.Status != "" {
		return
	}
	start := o.Runner.Now()
	defer func() { r.Duration = o.Runner.Now().Sub(start) }()

	s, err := j.bundle.Compile()
	if err != nil {
		r.Status, r.Error = StatusError, err.Error()
		return
	}
	exp, ok := expectations(proj.Dir, j, s)
	if !ok {
		return
	}
	calls := verdict.NewSyncCalls()
	out, err := runner.Replay(ctx, s, runner.Recordings{Layout: j.rec.Layout, Variant: j.rec.Variant, ConnectionID: ConnectionID},
		runOptions(o, j, exp.input, calls))
	if err != nil {
		r.Status, r.Error = StatusError, err.Error()
		return
	}
	r.Requests = out.Requests
	if f := out.Failure; f != nil {
		if verdict.MissingRecording(f.Cause) {
			setLoadError(r, proj.Dir, f.Cause)
			r.Stack = f.Stack
			return
		}
		r.Status, r.Error, r.Stack = StatusError, f.Message, f.Stack
		r.OutOfMemory = f.Type == sdk.ErrMemory
		return
	}
	judge(r, exp, out, calls)
}

// expected is what the recordings say a script takes and gives.
type expected struct {
	input  []byte
	output jsjson.Value
	models []verdict.ModelExpectation
}

// expectations reads the recorded input and output (action) or records (sync); false when
// they cannot be read (j.result says why).
func expectations(dir string, j *job, s *runner.Script) (expected, bool) {
	r := j.result
	layout := j.rec.Layout
	var e expected
	var err error
	switch s.Kind() {
	case project.KindAction:
		in, found, err := layout.ReadInput(j.rec.Key())
		if err != nil {
			setLoadError(r, dir, err)
			return e, false
		}
		if found {
			e.input = jsjson.MustStringify(in)
		}
		if e.output, err = layout.ReadOutput(j.rec.Key()); err != nil {
			setLoadError(r, dir, err)
			return e, false
		}
	case project.KindSync:
		if e.models, err = verdict.LoadSyncExpectations(layout, j.rec.Key(), s.OutputModels()); err != nil {
			setLoadError(r, dir, err)
			return e, false
		}
	default:
		r.Status, r.Error = StatusError, fmt.Sprintf("%s is an %s script: nango test judges syncs and actions only", r.Name(), r.Type)
		return e, false
	}
	return e, true
}

// runOptions are o.Runner with the script's input, its log kept in its Result and its batch
// calls fed to calls.
func runOptions(o Options, j *job, input []byte, calls *verdict.SyncCalls) runner.Options {
	r := j.result
	ro := o.Runner
	ro.Input = input
	if o.PaginateDefaults != nil {
		integration := j.rec.Integration
		ro.PaginateDefaults = func() (map[string]any, error) { return o.PaginateDefaults(integration) }
	}
	var logMu sync.Mutex
	ro.Log = func(level jsruntime.LogLevel, msg string) {
		logMu.Lock()
		defer logMu.Unlock()
		if len(r.Logs) < maxLogLines {
			r.Logs = append(r.Logs, msg)
		} else if len(r.Logs) == maxLogLines {
			r.Logs = append(r.Logs, "(further lines left out)")
		}
	}
	ro.OnBatch = func(op records.Op, model, recordsJSON string) error {
		switch op {
		case records.OpSave:
			return calls.BatchSave(model, recordsJSON)
		case records.OpDelete:
			return calls.BatchDelete(model, recordsJSON)
		}
		return nil
	}
	return ro
}

// judge gives the verdict of a run that ended without failure.
func judge(r *Result, exp expected, out *runner.Outcome, calls *verdict.SyncCalls) {
	var v verdict.Verdict
	if out.Kind == project.KindAction {
		actual := jsjson.UndefinedValue()
		if out.Output != nil {
			var err error
			if actual, err = jsjson.Parse(out.Output); err != nil {
				r.Status, r.Error = StatusError, fmt.Sprintf("the action's output is not JSON: %v", err)
				return
			}
		}
		v = verdict.JudgeAction(exp.output, actual)
	} else {
		v = verdict.JudgeSync(exp.models, calls)
	}
	if v.Pass {
		r.Status = StatusPass
		return
	}
	r.Status, r.Failures = StatusFail, v.Failures
}

const maxLogLines = 500

// setLoadError turns a missing recorded file or response into StatusMissing (with the file
// named relative to the project); anything else is StatusError.
func setLoadError(r *Result, dir string, err error) {
	var mr *mocks.MissingRecordingError
	var mf *mocks.MissingFileError
	switch {
	case errors.As(err, &mr):
		r.Status = StatusMissing
		r.Missing = rel(dir, mr.Expected)
		r.Error = relativize(dir, mr.Error())
		r.Hint = mr.Hint()
	case errors.As(err, &mf):
		r.Status = StatusMissing
		r.Missing = rel(dir, mf.Path)
		r.Error = fmt.Sprintf("%s is missing (%s)", r.Missing, mf.What)
		r.Hint = fmt.Sprintf("record it with `nango dryrun %s <connection-id>%s --save-responses`", r.Script, variantFlag(r.Variant))
	default:
		r.Status = StatusError
		r.Error = relativize(dir, err.Error())
	}
}

// scriptPart is the script of "<script>::<variant>" (the whole name without a variant).
func scriptPart(name string) string {
	script, _, _ := strings.Cut(name, VariantSeparator)
	return script
}

// variantFlag is the dryrun flag that records a variant's responses (" --variant v").
func variantFlag(variant string) string {
	if variant == "" {
		return ""
	}
	return " --variant " + variant
}

func rel(dir, path string) string {
	if p, err := filepath.Rel(dir, path); err == nil && !strings.HasPrefix(p, "..") {
		return filepath.ToSlash(p)
	}
	return path
}

// relativize shortens the project's absolute paths in a message.
func relativize(dir, msg string) string {
	if dir == "" {
		return msg
	}
	return strings.ReplaceAll(msg, dir+string(filepath.Separator), "")
}
