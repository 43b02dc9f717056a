// Package vitest runs a project's own vitest test files (`<integration>/tests/*.test.ts`)
// natively: each file is bundled with esbuild (internal/bundle, `vitest` left as a built-in)
// and run in a fresh goja runtime (internal/jsruntime) with a built-in `vitest` module
// (vitest.js: describe/it, hooks, expect, vi) that follows vitest 2.1.9's semantics, and the
// yaml-era `global.vitest.NangoSyncMock`/`NangoActionMock` (nangomock.js) answering requests
// through the replay engine of internal/mocks. The behaviour reproduced is written down in
// ../shared/reference/vitest-harness.md. The engine returns results; it never prints.
package vitest

import (
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dop251/goja"
	"github.com/evanw/esbuild/pkg/api"

	"github.com/nango-go/nango/internal/bundle"
	"github.com/nango-go/nango/internal/jsruntime"
	"github.com/nango-go/nango/internal/project"
	"github.com/nango-go/nango/internal/scriptcheck"
)

// Status of a file or a case.
type Status string

const (
	StatusPass Status = "pass"
	StatusFail Status = "fail"
	// StatusSkip: a case not selected by the name pattern (or a test with no body).
	StatusSkip Status = "skip"
)

// Failure is why a case or a file failed.
type Failure struct {
	// Name is the error's class (AssertionError, TypeError, UnsupportedError, ...).
	Name    string `json:"name"`
	Message string `json:"message"`
	// Diff is expected vs received, "- Expected / + Received", when the matcher has one.
	Diff string `json:"diff,omitempty"`
	// Location is "<file relative to the project>:<line>:<col>" in the test file's .ts.
	Location string `json:"location,omitempty"`
	// Frame is the source around Location, with a caret under the column.
	Frame string `json:"frame,omitempty"`
	// Stack is the JS stack (mapped to .ts lines), for errors thrown by scripts.
	Stack string `json:"stack,omitempty"`
}

// CaseResult is one `it`/`test`.
type CaseResult struct {
	// Name is "describe > test", as vitest reports it.
	Name     string        `json:"name"`
	Title    string        `json:"title"`
	Status   Status        `json:"status"`
	Duration time.Duration `json:"-"`
	Failure  *Failure      `json:"failure,omitempty"`
	// Console is what the case printed with console.*.
	Console []string `json:"console,omitempty"`
}

// FileResult is one test file.
type FileResult struct {
	// Path is relative to the project, with forward slashes.
	Path string `json:"path"`
	// Abs is the absolute path of the test file.
	Abs      string        `json:"-"`
	Status   Status        `json:"status"`
	Duration time.Duration `json:"-"`
	// Errors are file-level failures: the file does not bundle, its top level or a describe
	// body throws, it registers no test, uses an API we do not implement at load time, or an
	// unhandled rejection ends the run.
	Errors []Failure    `json:"errors,omitempty"`
	Cases  []CaseResult `json:"cases"`
}

// Failed counts the failed cases.
func (f *FileResult) Failed() int {
	n := 0
	for _, c := range f.Cases {
		if c.Status == StatusFail {
			n++
		}
	}
	return n
}

// Options configure RunFiles.
type Options struct {
	// ProjectDir is the absolute project folder (the folder with nango.yaml).
	ProjectDir string
	// Files are the test files to run (absolute or relative to ProjectDir); empty means every
	// test file Discover finds.
	Files []string
	// TestNamePattern selects cases whose "describe test" name matches this JavaScript regular
	// expression (vitest's -t); the others are skipped.
	TestNamePattern string
	// Parallelism bounds the files run at once (default GOMAXPROCS).
	Parallelism int
	// PaginateDefaults returns a provider's proxy.paginate block from the catalog (nil when it
	// has none), for NangoSyncMock.paginate; an error means the provider is unknown or there
	// is no catalog. Typically providers.Lazy.PaginateDefaults.
	PaginateDefaults func(provider string) (map[string]any, error)
	// NodeModules are searched for packages scripts may require from disk (zod).
	NodeModules []string
	// FileTimeout bounds one file's whole run (default 60s).
	FileTimeout time.Duration
	// OnFile is called (from worker goroutines, one call at a time) as each file finishes,
	// for progress output.
	OnFile func(FileResult)
}

// RunFiles runs test files in parallel, one fresh runtime per file, and returns their results
// sorted by path. The error is for a failure to find the files; a file that fails to bundle
// or run is a failed FileResult. The caller owns the process's time zone: call PinUTC first
// to get the verdicts of a suite written on UTC machines (RunFiles does not touch time.Local).
func RunFiles(ctx context.Context, opts Options) ([]FileResult, error) {
	files := opts.Files
	if len(files) == 0 {
		var err error
		files, err = Discover(opts.ProjectDir)
		if err != nil {
			return nil, err
		}
	}
	if opts.Parallelism <= 0 {
		opts.Parallelism = runtime.GOMAXPROCS(0)
	}
	if opts.FileTimeout <= 0 {
		opts.FileTimeout = 60 * time.Second
	}
	if opts.TestNamePattern != "" {
		if err := checkPattern(opts.TestNamePattern); err != nil {
			return nil, err
		}
	}
	abs := make([]string, len(files))
	for i, f := range files {
		if !filepath.IsAbs(f) {
			f = filepath.Join(opts.ProjectDir, f)
		}
		abs[i] = filepath.Clean(f)
		if _, err := os.Stat(abs[i]); err != nil {
			return nil, fmt.Errorf("test file %s: %w", f, err)
		}
	}
	results := make([]FileResult, len(abs))
	b := bundle.New(bundle.Options{ProjectDir: opts.ProjectDir})
	sem := make(chan struct{}, opts.Parallelism)
	var wg sync.WaitGroup
	var mu sync.Mutex
	for i, f := range abs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			results[i] = runFile(ctx, b, opts, f)
			if opts.OnFile != nil {
				mu.Lock()
				opts.OnFile(results[i])
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	sort.Slice(results, func(i, j int) bool { return results[i].Path < results[j].Path })
	return results, nil
}

var utcOnce sync.Once

// PinUTC sets time.Local to UTC for the whole process unless TZ is set, so that goja's
// local-time Date methods (they read time.Local) behave as on the UTC CI machines the suites
// were written on. It changes process-wide state, so it is the caller's decision: `nango
// test` (internal/cmd/testcmd) calls it before RunFiles, and this package's tests from
// TestMain. Call it before any goroutine reads time.Local.
func PinUTC() {
	utcOnce.Do(func() {
		if os.Getenv("TZ") == "" {
			time.Local = time.UTC
		}
	})
}

func checkPattern(p string) error {
	rt, err := jsruntime.New(jsruntime.Options{})
	if err != nil {
		return err
	}
	if _, err := rt.Run(context.Background(), func(vm *goja.Runtime) (goja.Value, error) {
		return vm.RunString("new RegExp(" + strconv.Quote(p) + ")")
	}); err != nil {
		return fmt.Errorf("invalid --test-name-pattern %q: %v", p, err)
	}
	return nil
}

//go:embed vitest.js
var vitestSource string

//go:embed nangomock.js
var nangoMockSource string

//go:embed nangotest.js
var nangoTestSource string

// shims are vitest.js, nangomock.js and nangotest.js lowered by esbuild (goja has no async
// generators) and compiled once per process; each runtime evaluates them afresh.
var shims = sync.OnceValues(func() ([3]*goja.Program, error) {
	var out [3]*goja.Program
	for i, src := range []struct{ name, code string }{{"nango:vitest.js", vitestSource}, {"nango:nangomock.js", nangoMockSource}, {"nango:nangotest.js", nangoTestSource}} {
		tr := api.Transform(src.code, api.TransformOptions{
			Loader:    api.LoaderJS,
			Target:    api.ESNext,
			Supported: map[string]bool{"async-generator": false, "for-await": false},
		})
		if len(tr.Errors) > 0 {
			return out, fmt.Errorf("%s: %s", src.name, tr.Errors[0].Text)
		}
		// The transform may put helpers before the expression and end it with ";": wrap so
		// that the program's value is the function.
		code := strings.TrimSpace(string(tr.Code))
		code = strings.TrimSuffix(code, ";")
		idx := strings.LastIndex(code, "(function(host")
		if idx < 0 {
			return out, fmt.Errorf("%s: unexpected transform output", src.name)
		}
		code = code[:idx] + "var __shim = " + code[idx:] + ";\n__shim;"
		p, err := goja.Compile(src.name, code, true)
		if err != nil {
			return out, fmt.Errorf("%s: %w", src.name, err)
		}
		out[i] = p
	}
	return out, nil
})

// fileRun is the state of one file's run.
type fileRun struct {
	opts    Options
	abs     string
	rel     string
	frozen  atomic.Int64 // UnixMilli the clock is frozen at; math.MinInt64 when real
	fixed   atomic.Bool
	console []string
	conMu   sync.Mutex
	// zero: the project is zero-yaml, so global.vitest holds nango/test's mocks.
	zero bool
}

func (fr *fileRun) now() time.Time {
	if fr.fixed.Load() {
		return time.UnixMilli(fr.frozen.Load())
	}
	return time.Now()
}

func relPath(root, p string) string {
	return filepath.ToSlash(scriptcheck.RelPath(root, p))
}

func runFile(ctx context.Context, b *bundle.Bundler, opts Options, abs string) FileResult {
	start := time.Now()
	fr := &fileRun{opts: opts, abs: abs, rel: relPath(opts.ProjectDir, abs), zero: project.IsZero(opts.ProjectDir)}
	res := FileResult{Path: fr.rel, Abs: abs, Cases: []CaseResult{}}
	fail := func(f Failure) FileResult {
		res.Errors = append(res.Errors, f)
		res.Status = StatusFail
		res.Duration = time.Since(start)
		return res
	}
	br := b.BuildTestFile(abs)
	if !br.OK() {
		var msgs []string
		for _, d := range br.Diagnostics {
			if d.Severity == scriptcheck.SeverityError {
				loc := d.File
				if d.Line > 0 {
					loc = fmt.Sprintf("%s:%d:%d", d.File, d.Line, d.Column)
				}
				msgs = append(msgs, loc+": "+d.Message)
			}
		}
		return fail(Failure{Name: "BundleError", Message: "the test file does not bundle:\n" + strings.Join(msgs, "\n")})
	}
	prog, err := jsruntime.Compile(abs, string(br.Code))
	if err != nil {
		return fail(Failure{Name: "CompileError", Message: err.Error()})
	}
	ctx, cancel := context.WithTimeout(ctx, opts.FileTimeout)
	defer cancel()
	cases, errs := fr.run(ctx, prog)
	res.Cases = cases
	res.Errors = append(res.Errors, errs...)
	res.Status = StatusPass
	if len(res.Errors) > 0 || res.Failed() > 0 {
		res.Status = StatusFail
	}
	for i := range res.Errors {
		fr.addFrame(&res.Errors[i])
	}
	for i := range res.Cases {
		if res.Cases[i].Failure != nil {
			fr.addFrame(res.Cases[i].Failure)
		}
	}
	res.Duration = time.Since(start)
	return res
}

type jsFailure struct {
	Name     string `json:"name"`
	Message  string `json:"message"`
	Stack    string `json:"stack"`
	Diff     string `json:"diff"`
	Location string `json:"location"`
}

type jsCase struct {
	Name     string     `json:"name"`
	Title    string     `json:"title"`
	Status   Status     `json:"status"`
	Duration float64    `json:"duration"`
	Failure  *jsFailure `json:"failure"`
	Console  []string   `json:"console"`
}

func (fr *fileRun) toFailure(f *jsFailure) Failure {
	out := Failure{Name: f.Name, Message: f.Message, Diff: f.Diff, Stack: cleanStack(f.Stack)}
	if f.Location != "" {
		out.Location = fr.rel + ":" + f.Location
	}
	return out
}

// cleanStack keeps the frames of project files (the test, scripts, helpers) and drops the
// runner's own (nango:vitest.js, nango:nangomock.js, the bundle helpers).
func cleanStack(s string) string {
	if s == "" {
		return ""
	}
	lines := strings.Split(s, "\n")
	var out []string
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if i == 0 || !strings.HasPrefix(t, "at ") {
			continue
		}
		if strings.Contains(t, "nango:") || strings.Contains(t, "<native>") || strings.Contains(t, ".bundle.js") {
			continue
		}
		out = append(out, "    "+t)
	}
	return strings.Join(out, "\n")
}

func (fr *fileRun) run(ctx context.Context, prog *jsruntime.Program) ([]CaseResult, []Failure) {
	rt, shim, err := fr.newRuntime(ctx)
	if err != nil {
		return nil, []Failure{{Name: "InternalError", Message: err.Error()}}
	}
	if _, err := rt.Load(ctx, prog); err != nil {
		return nil, []Failure{fr.scriptFailure(err)}
	}
	call := func(name string, args ...any) (goja.Value, error) {
		fn := shim.Get(name)
		return rt.CallFunction(ctx, fn, goja.Undefined(), args...)
	}
	v, err := call("collect")
	if err != nil {
		return nil, []Failure{fr.scriptFailure(err)}
	}
	var collectErrs []jsFailure
	if b, err := rt.ToJSON(v); err == nil && b != nil {
		_ = json.Unmarshal(b, &collectErrs)
	}
	if len(collectErrs) > 0 {
		out := make([]Failure, len(collectErrs))
		for i := range collectErrs {
			out[i] = fr.toFailure(&collectErrs[i])
		}
		return nil, out
	}
	return fr.runCases(rt, call)
}

// newRuntime is a fresh runtime with vitest.js and nangomock.js installed, `global` and
// `global.vitest` set; shim is vitest.js's object (exports, collect, run, ...).
func (fr *fileRun) newRuntime(ctx context.Context) (*jsruntime.Runtime, *goja.Object, error) {
	progs, err := shims()
	if err != nil {
		return nil, nil, err
	}
	var shim *goja.Object
	var nangoTest goja.Value
	rt, err := jsruntime.New(jsruntime.Options{
		Logger: jsruntime.LoggerFunc(func(level jsruntime.LogLevel, msg string) {
			fr.conMu.Lock()
			fr.console = append(fr.console, msg)
			fr.conMu.Unlock()
		}),
		NodeModules: fr.opts.NodeModules,
		Now:         fr.now,
		TimeoutHint: "a test file must finish within its time limit",
		Modules:     fr.modules(&shim, &nangoTest),
	})
	if err != nil {
		return nil, nil, err
	}
	// Install the shims and the globals the tests expect.
	if _, err := rt.Run(ctx, func(vm *goja.Runtime) (goja.Value, error) {
		host, err := fr.host(rt)
		if err != nil {
			return nil, err
		}
		v, err := vm.RunProgram(progs[0])
		if err != nil {
			return nil, err
		}
		f, _ := goja.AssertFunction(v)
		sv, err := f(goja.Undefined(), host)
		if err != nil {
			return nil, err
		}
		shim = sv.ToObject(vm)
		v, err = vm.RunProgram(progs[1])
		if err != nil {
			return nil, err
		}
		f, _ = goja.AssertFunction(v)
		legacy, err := f(goja.Undefined(), host, shim)
		if err != nil {
			return nil, err
		}
		if v, err = vm.RunProgram(progs[2]); err != nil {
			return nil, err
		}
		f, _ = goja.AssertFunction(v)
		if nangoTest, err = f(goja.Undefined(), host, shim, legacy); err != nil {
			return nil, err
		}
		g := vm.GlobalObject()
		_ = g.Set("global", g)
		// what a project's vitest.setup.ts puts on globalThis.vitest: the yaml era's own
		// mocks, or nango/test's in a zero-yaml project
		mocks := legacy.ToObject(vm)
		if fr.zero {
			mocks = nangoTest.ToObject(vm)
		}
		gv := vm.NewObject()
		_ = gv.Set("NangoActionMock", mocks.Get("NangoActionMock"))
		_ = gv.Set("NangoSyncMock", mocks.Get("NangoSyncMock"))
		_ = g.Set("vitest", gv)
		return goja.Undefined(), nil
	}); err != nil {
		return nil, nil, fmt.Errorf("setting up the test runtime: %w", err)
	}
	return rt, shim, nil
}

// runCases runs the collected tests and converts their results.
func (fr *fileRun) runCases(rt *jsruntime.Runtime, call func(string, ...any) (goja.Value, error)) ([]CaseResult, []Failure) {
	v, err := call("run", fr.opts.TestNamePattern)
	// An unhandled rejection fails the file but, as in vitest, not the case that was running
	// and not the run: record it and keep waiting for the tests (bounded, for a file that
	// leaves one behind in every test of a long loop).
	var unhandled []Failure
	for i := 0; err != nil && isUnhandled(err) && i < maxUnhandled; i++ {
		f := fr.scriptFailure(err)
		if cur, cerr := call("currentTest"); cerr == nil && cur.String() != "" {
			f.Message += " (while \"" + cur.String() + "\" ran)"
		}
		f.Message += "; the tests ran on: as in vitest, this fails the run, not a test"
		unhandled = append(unhandled, f)
		v, err = call("resume")
	}
	if err != nil {
		return nil, append(unhandled, fr.scriptFailure(err))
	}
	var jcs []jsCase
	b, err := rt.ToJSON(v)
	if err != nil {
		return nil, []Failure{{Name: "InternalError", Message: err.Error()}}
	}
	if err := json.Unmarshal(b, &jcs); err != nil {
		return nil, []Failure{{Name: "InternalError", Message: err.Error()}}
	}
	cases := make([]CaseResult, len(jcs))
	for i, c := range jcs {
		cases[i] = CaseResult{Name: c.Name, Title: c.Title, Status: c.Status, Duration: time.Duration(c.Duration * float64(time.Millisecond)), Console: c.Console}
		if c.Failure != nil {
			f := fr.toFailure(c.Failure)
			cases[i].Failure = &f
		}
	}
	return cases, unhandled
}

// maxUnhandled bounds the unhandled rejections recorded for one file.
const maxUnhandled = 20

func isUnhandled(err error) bool {
	var se *jsruntime.ScriptError
	return errors.As(err, &se) && se.Unhandled
}

// modules are the modules the runtime serves itself: `vitest`, `nango/test` (nangotest.js),
// `nango` (the SDK's createSync/createAction..., so that tests can call `.exec`), and each
// bare module the test file mocks with vi.mock (bundle.MockedModules), answered with its
// factory's result.
func (fr *fileRun) modules(shim **goja.Object, nangoTest *goja.Value) map[string]jsruntime.ModuleLoader {
	m := jsruntime.NangoModules()
	m["vitest"] = func(rt *jsruntime.Runtime) (goja.Value, error) { return (*shim).Get("exports"), nil }
	m["nango/test"] = func(rt *jsruntime.Runtime) (goja.Value, error) { return *nangoTest, nil }
	src, err := os.ReadFile(fr.abs)
	if err != nil {
		return m
	}
	for _, spec := range bundle.MockedModules(string(src)) {
		m[spec] = func(rt *jsruntime.Runtime) (goja.Value, error) {
			f, _ := goja.AssertFunction((*shim).Get("mockedModule"))
			return f(goja.Undefined(), rt.VM().ToValue(spec))
		}
	}
	return m
}

// scriptFailure turns an error from loading or running the file into a Failure.
func (fr *fileRun) scriptFailure(err error) Failure {
	var se *jsruntime.ScriptError
	if errors.As(err, &se) {
		f := Failure{Name: se.Name, Message: se.Message, Stack: cleanStack("x" + se.StackTrace(fr.opts.ProjectDir))}
		if f.Name == "" {
			f.Name = "Error"
		}
		if se.Unhandled {
			f.Message = "Unhandled rejection: " + f.Message
		}
		base := filepath.Base(fr.abs)
		for _, fm := range se.Frames {
			if !fm.Native && fm.Line > 0 && (fm.File == base || strings.HasSuffix(fm.File, "/"+base)) {
				f.Location = fmt.Sprintf("%s:%d:%d", fr.rel, fm.Line, fm.Column)
				break
			}
		}
		return f
	}
	return Failure{Name: "Error", Message: err.Error()}
}

// addFrame adds the code frame around a failure's location in the test file.
func (fr *fileRun) addFrame(f *Failure) {
	if f.Location == "" {
		return
	}
	loc := strings.TrimPrefix(f.Location, fr.rel+":")
	parts := strings.SplitN(loc, ":", 2)
	line, err := strconv.Atoi(parts[0])
	if err != nil {
		return
	}
	col := 0
	if len(parts) == 2 {
		col, _ = strconv.Atoi(parts[1])
	}
	src, err := os.ReadFile(fr.abs)
	if err != nil {
		return
	}
	f.Frame = codeFrame(string(src), line, col)
}

// codeFrame shows lines line-2..line+2 with a caret under column col (0-based, as goja's
// mapped columns are).
func codeFrame(src string, line, col int) string {
	lines := strings.Split(src, "\n")
	if line < 1 || line > len(lines) {
		return ""
	}
	var b strings.Builder
	width := len(strconv.Itoa(min(line+2, len(lines))))
	for n := max(1, line-2); n <= min(len(lines), line+2); n++ {
		text := strings.TrimRight(lines[n-1], "\r")
		mark := "  "
		if n == line {
			mark = "> "
		}
		fmt.Fprintf(&b, "%s%*d| %s\n", mark, width, n, text)
		if n == line && col >= 0 {
			fmt.Fprintf(&b, "  %s| %s^\n", strings.Repeat(" ", width), strings.Repeat(" ", min(col, len(text))))
		}
	}
	return strings.TrimRight(b.String(), "\n")
}
