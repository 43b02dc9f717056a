package project

import (
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/dop251/goja"

	"github.com/nango-go/nango/internal/bundle"
	"github.com/nango-go/nango/internal/jsruntime"
	"github.com/nango-go/nango/internal/scriptcheck"
)

// ZeroOptions configure reading a zero-yaml project.
type ZeroOptions struct {
	// NodeModules is where require('zod') looks (usercache.NodeModules): zod 4 must be there.
	NodeModules []string
	// Timeout bounds evaluating one function file's top level (default 10 s).
	Timeout time.Duration
	// CacheDir keeps the definitions read, by bundle (zerocache.go); "" reads every function.
	CacheDir string
}

//go:embed zerodefs.js
var zeroDefsJS string

// zeroReader reads definitions the way the reference does: it bundles each function file
// (bundle.BuildZero), runs the bundle's top level and reads its default export, here in one
// goja runtime where `nango` is jsruntime.NangoModule and zod is the project's.
type zeroReader struct {
	dir     string
	bundler *bundle.Bundler
	rt      *jsruntime.Runtime
	extract goja.Value
	timeout time.Duration
	// sources are the function files' text by project-relative path, for positions; shared
	// by the readers of one project (withRuntime).
	sources *zeroSources
	// built are the bundles prebuild made, by project-relative path.
	built map[string]*bundle.Result
	// cacheDir and zodID: the definitions cache (zerocache.go).
	cacheDir, zodID string
}

// zeroSources is the function files' text, filled by readers running in parallel.
type zeroSources struct {
	mu sync.Mutex
	m  map[string]string
}

func (z *zeroSources) get(rel string) string {
	z.mu.Lock()
	defer z.mu.Unlock()
	return z.m[rel]
}

func (z *zeroSources) set(rel, src string) {
	z.mu.Lock()
	z.m[rel] = src
	z.mu.Unlock()
}

// prebuild bundles the function files in parallel (esbuild builds are independent) before
// they are evaluated one by one in the single runtime.
func (r *zeroReader) prebuild(rels []string) {
	results := make([]*bundle.Result, len(rels))
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for i, rel := range rels {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			results[i] = r.bundler.BuildZero(filepath.Join(r.dir, filepath.FromSlash(rel)))
		}()
	}
	wg.Wait()
	r.built = make(map[string]*bundle.Result, len(rels))
	for i, rel := range rels {
		r.built[rel] = results[i]
	}
}

func newZeroReader(dir string, opts ZeroOptions) (*zeroReader, error) {
	if opts.Timeout <= 0 {
		opts.Timeout = 10 * time.Second
	}
	r := &zeroReader{
		dir:      dir,
		bundler:  bundle.New(bundle.Options{ProjectDir: dir}),
		timeout:  opts.Timeout,
		sources:  &zeroSources{m: map[string]string{}},
		cacheDir: opts.CacheDir,
		zodID:    zodIdentity(opts.NodeModules),
	}
	return r.withRuntime(opts)
}

// withRuntime returns a reader that shares r's bundles and sources but evaluates in a
// runtime of its own (goja runtimes are single-threaded: one per worker; the compiled zod
// files are shared between them by jsruntime).
func (r *zeroReader) withRuntime(opts ZeroOptions) (*zeroReader, error) {
	if opts.Timeout <= 0 {
		opts.Timeout = r.timeout
	}
	rt, err := jsruntime.New(jsruntime.Options{
		NodeModules: opts.NodeModules,
		Modules:     jsruntime.NangoModules(),
		Timeout:     opts.Timeout,
		TimeoutHint: "a function file's top level must return at once: move slow work into exec",
	})
	if err != nil {
		return nil, err
	}
	prg, err := jsruntime.Compile("nango:zerodefs.js", zeroDefsJS)
	if err != nil {
		return nil, err
	}
	mod, err := rt.Load(context.Background(), prg)
	if err != nil {
		return nil, err
	}
	c := *r
	c.rt, c.extract = rt, mod.Export("default")
	return &c, nil
}

// zeroDef is what zerodefs.js returns for one default export.
type zeroDef struct {
	Type                 string            `json:"type"`
	Description          string            `json:"description"`
	Version              string            `json:"version"`
	Frequency            *string           `json:"frequency"`
	AutoStart            bool              `json:"autoStart"`
	SyncType             string            `json:"syncType"`
	TrackDeletes         bool              `json:"trackDeletes"`
	Scopes               []string          `json:"scopes"`
	WebhookSubscriptions []string          `json:"webhookSubscriptions"`
	Event                string            `json:"event"`
	Endpoints            json.RawMessage   `json:"endpoints"`
	Endpoint             json.RawMessage   `json:"endpoint"`
	Models               []json.RawMessage `json:"models"`
	Metadata             json.RawMessage   `json:"metadata"`
	Input                json.RawMessage   `json:"input"`
	Output               json.RawMessage   `json:"output"`
	HasCheckpoint        bool              `json:"hasCheckpoint"`
	Errors               []struct {
		Prop, Key, Message string
	} `json:"errors"`
}

// evaluate bundles and runs one function file and returns its definition and bundle.
func (r *zeroReader) evaluate(rel string) (*zeroDef, *bundle.Result, []Diagnostic) {
	abs := filepath.Join(r.dir, filepath.FromSlash(rel))
	src, err := os.ReadFile(abs)
	if err != nil {
		return nil, nil, []Diagnostic{zeroDiag(rel, 0, 0, "index.ts imports "+rel+", which cannot be read: "+errors.Unwrap(err).Error())}
	}
	r.sources.set(rel, string(src))
	res := r.built[rel]
	if res == nil {
		res = r.bundler.BuildZero(abs)
	}
	if !res.OK() {
		return nil, nil, bundleDiags(res.Diagnostics)
	}
	key, cached, ok := r.cacheGet(res.Code)
	if ok {
		var d zeroDef
		if json.Unmarshal(cached, &d) == nil {
			return &d, res, nil
		}
	}
	prg, err := jsruntime.Compile(res.OutFile, string(res.Code))
	if err != nil {
		return nil, nil, []Diagnostic{zeroDiag(rel, 0, 0, err.Error())}
	}
	ctx := context.Background()
	mod, err := r.rt.Load(ctx, prg)
	if err != nil {
		return nil, nil, []Diagnostic{evalDiag(rel, err)}
	}
	def := mod.Export("default")
	if def == nil {
		return nil, nil, []Diagnostic{zeroDiag(rel, 0, 0, "Script should have a default export: write `export default createSync({...})` (or createAction, createOnEvent)")}
	}
	obj, ok := def.(*goja.Object)
	if !ok || !validZeroType(obj.Get("type")) {
		line, col := textPos(string(src), "export default")
		return nil, nil, []Diagnostic{zeroDiag(rel, line, col, "Script should be declared using utility function (createSync, createAction, createOnEvent)")}
	}
	v, err := r.rt.CallFunction(ctx, r.extract, nil, def)
	if err != nil {
		return nil, nil, []Diagnostic{evalDiag(rel, err)}
	}
	var d zeroDef
	if err := json.Unmarshal([]byte(v.String()), &d); err != nil {
		return nil, nil, []Diagnostic{zeroDiag(rel, 0, 0, "the definition cannot be read: "+err.Error())}
	}
	r.cachePut(key, []byte(v.String()))
	return &d, res, nil
}

func validZeroType(v goja.Value) bool {
	if v == nil {
		return false
	}
	switch v.String() {
	case "sync", "action", "onEvent", "function":
		return true
	}
	return false
}

// zod4Hint is what to do when the zod found is missing or not zod 4.
const zod4Hint = "zero-yaml functions need zod 4: run `npm install zod@4.3.6` in the project, or `nango deps install` there (zod 4.3.6 into the user cache)"

// evalDiag turns a failure of a function file's top level (or of converting its schemas)
// into a diagnostic that says what to do.
func evalDiag(rel string, err error) Diagnostic {
	var missing *jsruntime.MissingModuleError
	if errors.As(err, &missing) {
		where := "no node_modules folder"
		if len(missing.Searched) > 0 {
			where = strings.Join(missing.Searched, ", ")
		}
		return zeroDiag(rel, 0, 0, fmt.Sprintf("cannot find module %q (looked in %s); %s", missing.Module, where, zod4Hint))
	}
	msg := err.Error()
	if strings.Contains(msg, "zero-yaml functions need zod 4") {
		msg = "the zod this project loads is not zod 4 (it has no toJSONSchema); " + zod4Hint
	}
	return zeroDiag(rel, 0, 0, msg)
}

// isZodProblem reports whether a diagnostic of evalDiag is about zod itself.
func isZodProblem(d Diagnostic) bool { return strings.HasSuffix(d.Message, zod4Hint) }

func bundleDiags(in []scriptcheck.Diagnostic) []Diagnostic {
	var out []Diagnostic
	for _, d := range in {
		sev := SeverityError
		if d.Severity != scriptcheck.SeverityError {
			sev = SeverityWarning
		}
		out = append(out, Diagnostic{Severity: sev, Code: d.Code, Message: d.Message, File: d.File, Line: d.Line, Column: d.Column})
	}
	return out
}

// zeroDiag is an error positioned in a function file (line 0: the file only).
func zeroDiag(file string, line, col int, msg string, keyPath ...string) Diagnostic {
	return Diagnostic{Severity: SeverityError, Code: "zero_definition", Message: msg, File: file, Line: line, Column: col, KeyPath: keyPath}
}

// propPos finds where a property is written in a function file: the first `keys[0]:`, then
// each further key after the previous one (a model name inside `models`, a path inside
// `endpoints`), as a key, a shorthand property or a string. It returns 1-based line and
// column, or 0, 0 when the text is not there (the value came from a spread or a helper).
func propPos(src string, keys ...string) (line, col int) {
	off := 0
	for i, k := range keys {
		pat := `(^|[^\w$.])(['"]?` + regexp.QuoteMeta(k) + `['"]?)\s*:`
		if i > 0 {
			pat = `(^|[^\w$])(['"]?` + regexp.QuoteMeta(k) + `['"]?)\s*[:,}\n]`
		}
		m := regexp.MustCompile(pat).FindStringSubmatchIndex(src[off:])
		if m == nil {
			return 0, 0
		}
		off += m[4]
	}
	return offsetPos(src, off)
}

// textPos is the position of the first occurrence of text (0, 0 when absent).
func textPos(src, text string) (line, col int) {
	i := strings.Index(src, text)
	if i < 0 {
		return 0, 0
	}
	return offsetPos(src, i)
}

func offsetPos(src string, off int) (line, col int) {
	return 1 + strings.Count(src[:off], "\n"), off - strings.LastIndex(src[:off], "\n")
}

// checkpointCallRe is the reference's feature detection: a call of nango.getCheckpoint,
// saveCheckpoint or clearCheckpoint in the entry file marks the function "checkpoints".
var checkpointCallRe = regexp.MustCompile(`\bnango\s*\.\s*(getCheckpoint|saveCheckpoint|clearCheckpoint)\s*\(`)

func zeroFeatures(src string) []string {
	if checkpointCallRe.MatchString(src) {
		return []string{"checkpoints"}
	}
	return []string{}
}
