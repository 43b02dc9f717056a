// Package scriptcheck runs the reference CLI's compile-time checks on the TypeScript scripts
// of a nango.yaml project (unawaited nango calls, batch calls in actions, unknown model
// names, syncs that return a value, retryOn without retries, disallowed imports, missing or
// undeclared script files), each reported with file:line:column.
//
// It reads the sources with a small TypeScript-aware lexer of its own: no Node, no AST
// library, and fast enough to run on every save in watch mode.
package scriptcheck

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/nango-go/nango/internal/scriptkind"
)

// Script is one script declared in nango.yaml: all the checks need to know about it.
type Script struct {
	Integration string
	Name        string
	Kind        scriptkind.Kind
	// Outputs are the model names the script declares as output (syncs; actions too).
	Outputs []string
	// DeclLine and DeclColumn are where nango.yaml declares the script (0 when unknown).
	DeclLine, DeclColumn int
}

// ID is "<integration>/<name>".
func (s Script) ID() string { return s.Integration + "/" + s.Name }

// Project is the input of the checks.
type Project struct {
	// Dir is the absolute project folder (where nango.yaml is).
	Dir     string
	Scripts []Script
	// Models are every model name of nango.yaml, anonymous ones included, in the order the
	// reference lists them in its "possible model names" message.
	Models []string
	// YAMLFile is the name diagnostics about declarations point at (default nango.yaml).
	YAMLFile string
	// Zero selects the zero-yaml rules (zero.go): another import list, exports and ordering
	// checks, and model names checked against the sync's own models (Script.Outputs).
	Zero bool
}

// AllowedImports are the packages a script may import: the Nango runner provides them.
var AllowedImports = []string{"url", "crypto", "zod", "node:url", "node:crypto", "botbuilder", "soap", "unzipper"}

// IsAllowedImport reports whether a package import (not a relative path) is allowed.
func IsAllowedImport(spec string) bool { return slices.Contains(AllowedImports, spec) }

// IsLocalImport reports whether spec names a file (relative or absolute path).
func IsLocalImport(spec string) bool {
	return strings.HasPrefix(spec, "./") || strings.HasPrefix(spec, "../") || spec == "." || spec == ".." || filepath.IsAbs(spec)
}

// Calls the reference requires to be awaited (or returned, or chained with .then/.catch).
var mustAwait = map[string]bool{
	"batchSend": true, "batchSave": true, "batchDelete": true, "log": true, "getFieldMapping": true,
	"setFieldMapping": true, "getMetadata": true, "setMetadata": true, "proxy": true, "get": true,
	"post": true, "put": true, "patch": true, "delete": true, "getConnection": true,
	"getEnvironmentVariables": true, "triggerAction": true,
}

// Other calls that return a promise: dropping one is a bug too, but the reference accepts it,
// so it is a warning here.
var shouldAwait = map[string]bool{
	"batchUpdate": true, "updateMetadata": true, "getToken": true, "getIntegration": true,
	"getWebhookURL": true, "triggerSync": true, "startSync": true, "uncontrolledFetch": true,
	"setMergingStrategy": true, "getRecordsByIds": true, "zodValidateInput": true,
}

var batchCalls = map[string]bool{"batchSend": true, "batchSave": true, "batchDelete": true, "batchUpdate": true}

var modelCalls = map[string]bool{"batchSave": true, "batchDelete": true, "batchUpdate": true, "setMergingStrategy": true}

var proxyCalls = map[string]bool{"proxy": true, "get": true, "post": true, "put": true, "patch": true, "delete": true}

var deprecatedCalls = map[string]string{"batchSend": "batchSave", "getFieldMapping": "getMetadata", "setFieldMapping": "setMetadata"}

// Checker runs the checks; it caches what it learnt from each file, so that a helper shared
// by many scripts is read once. It is safe for concurrent use.
type Checker struct {
	Project Project

	mu    sync.Mutex
	files map[string]*fileEntry
}

type fileEntry struct {
	once sync.Once
	a    *analysis
	err  error
}

// NewChecker returns a checker for a project.
func NewChecker(p Project) *Checker {
	if p.YAMLFile == "" {
		p.YAMLFile = "nango.yaml"
	}
	return &Checker{Project: p, files: map[string]*fileEntry{}}
}

// Forget drops what the checker knows of a file (watch mode: the file changed).
func (c *Checker) Forget(path string) {
	c.mu.Lock()
	delete(c.files, path)
	c.mu.Unlock()
}

func (c *Checker) analysis(path string) (*analysis, error) {
	c.mu.Lock()
	e := c.files[path]
	if e == nil {
		e = &fileEntry{}
		c.files[path] = e
	}
	c.mu.Unlock()
	e.once.Do(func() {
		src, err := os.ReadFile(path)
		if err != nil {
			e.err = err
			return
		}
		e.a = analyze(string(src))
	})
	return e.a, e.err
}

// CheckScript checks the script whose entry file is entry (absolute) and, recursively, every
// project file it imports.
func (c *Checker) CheckScript(s Script, entry string) []Diagnostic {
	var out []Diagnostic
	visited := map[string]bool{}
	var visit func(path string, isEntry bool)
	visit = func(path string, isEntry bool) {
		if visited[path] {
			return
		}
		visited[path] = true
		a, err := c.analysis(path)
		rel := RelPath(c.Project.Dir, path)
		if err != nil {
			out = append(out, Diagnostic{Severity: SeverityError, Code: CodeMissingScript, File: rel, Script: s.ID(),
				Message: fmt.Sprintf("cannot read %s: %v", rel, err)})
			return
		}
		if a.lexErr != nil {
			// A warning: the bundler's parser decides whether the file is valid (and reports
			// it with the line when it is not); this scanner only cannot check it.
			out = append(out, Diagnostic{Severity: SeverityWarning, Code: CodeSyntax, File: rel, Line: a.lexErr.line, Column: a.lexErr.col,
				Script: s.ID(), Message: "script checks skipped for this file: " + a.lexErr.msg})
			return
		}
		out = append(out, c.checkFile(s, path, rel, a, isEntry)...)
		for _, imp := range a.imports {
			if imp.typeOnly || !IsLocalImport(imp.spec) {
				continue
			}
			target := ResolveLocal(filepath.Dir(path), imp.spec)
			if target == "" {
				continue // the bundler reports unresolvable files with their position
			}
			if msg := OutsideProjectMessage(c.Project.Dir, target); msg != "" {
				out = append(out, Diagnostic{Severity: SeverityError, Code: CodeImportOutside, File: rel, Line: imp.line, Column: imp.col, Script: s.ID(),
					Message: msg})
				continue
			}
			if isModelsFile(c.Project.Dir, target) {
				continue
			}
			visit(target, false)
		}
	}
	visit(entry, true)
	return out
}

func (c *Checker) checkFile(s Script, path, rel string, a *analysis, isEntry bool) []Diagnostic {
	r := fileRun{c: c, s: s, rel: rel, rules: yamlRules}
	if c.Project.Zero {
		r.rules = zeroRules
	}
	for _, imp := range a.imports {
		if imp.typeOnly || IsLocalImport(imp.spec) || r.rules.allowed(imp.spec) {
			continue
		}
		r.add(SeverityError, CodeDisallowedImport, imp.line, imp.col, "%s", r.rules.importMessage(imp.spec, filepath.Base(path)))
	}
	for _, re := range a.regexps {
		r.add(SeverityWarning, CodeUnsupportedSyntax, re.line, re.col, "%s", re.msg)
	}
	calls := a.calls
	if c.Project.Zero {
		calls = r.zeroFile(a, isEntry)
	}
	r.checkCalls(a.calls)
	r.checkMergingStrategy(calls)
	if !c.Project.Zero && isEntry && s.Kind == scriptkind.Sync && a.defaults != nil && a.defaults.returns {
		name := a.defaults.name
		if name == "" {
			name = "fetchData"
		}
		r.add(SeverityError, CodeSyncReturnsValue, a.defaults.returnLine, a.defaults.returnCol,
			"The default exported function %s (line %d) must not return a value. Sync scripts should not return but rather use batchSave to save data.", name, a.defaults.line)
	}
	return r.out
}

// fileRun collects the diagnostics of one file of one script.
type fileRun struct {
	c     *Checker
	s     Script
	rel   string
	rules rules
	out   []Diagnostic
}

func (r *fileRun) add(sev Severity, code string, line, col int, format string, args ...any) {
	r.out = append(r.out, Diagnostic{Severity: sev, Code: code, File: r.rel, Line: line, Column: col, Script: r.s.ID(), Message: fmt.Sprintf(format, args...)})
}

// checkCalls applies the rules about each nango.<call>() on its own.
func (r *fileRun) checkCalls(calls []callSite) {
	s := r.s
	for _, call := range calls {
		if repl, ok := deprecatedCalls[call.method]; ok {
			r.add(SeverityWarning, CodeDeprecated, call.line, call.col, "nango.%s() used at line %d is deprecated. Use nango.%s() instead.", call.method, call.line, repl)
		}
		if s.Kind == scriptkind.Action && batchCalls[call.method] {
			r.add(SeverityError, CodeBatchInAction, call.line, call.col, "nango.%s() calls are not allowed in an action script. Please remove it.", call.method)
		}
		switch {
		case call.handled:
		case r.rules.mustAwait[call.method] && !call.handledOutside:
			r.add(SeverityError, CodeNotAwaited, call.line, call.col, "nango.%s() calls must be awaited. Not awaiting can lead to unexpected results.", call.method)
		case r.rules.mustAwait[call.method] || shouldAwait[call.method]:
			where := ""
			if call.handledOutside {
				where = " inside its function (an await around the enclosing callback does not wait for it)"
			}
			r.add(SeverityWarning, CodeNotAwaited, call.line, call.col, "nango.%s() returns a promise that is not awaited%s.", call.method, where)
		}
		if modelCalls[call.method] && call.nargs > 1 && call.lastString != nil && s.Kind != scriptkind.Action {
			r.checkModel(call)
		}
		if call.firstArgIsObjectLit && call.firstArgKeys["retryOn"] && !call.firstArgKeys["retries"] {
			r.add(SeverityError, CodeRetryOnNoRetries, call.line, call.col, "%s", r.rules.retryOnMessage)
		}
	}
}

// checkModel checks the model name a batch call saves.
func (r *fileRun) checkModel(call callSite) {
	s, model := r.s, *call.lastString
	switch {
	case r.c.Project.Zero:
		// The reference's type check rejects a model the function does not declare.
		if s.Kind == scriptkind.Sync && !slices.Contains(s.Outputs, model) {
			r.add(SeverityError, CodeInvalidModel, call.lastLine, call.lastCol, "%q is not a model of sync %q: its models are %s",
				model, s.Name, strings.Join(s.Outputs, ", "))
		}
	case !slices.Contains(r.c.Project.Models, model):
		r.add(SeverityError, CodeInvalidModel, call.lastLine, call.lastCol, "%q is not a valid model name. The possible model names are: %s",
			model, strings.Join(r.c.Project.Models, ", "))
	case s.Kind == scriptkind.Sync && len(s.Outputs) > 0 && !slices.Contains(s.Outputs, model):
		// A warning: the reference accepts any model of nango.yaml here, and real
		// integrations rely on it (see ExtraChecks; --strict makes it an error).
		r.add(SeverityWarning, CodeModelNotOutput, call.lastLine, call.lastCol, "%q is not an output of sync %q (%s). Its outputs are: %s",
			model, s.Name, s.Integration, strings.Join(s.Outputs, ", "))
	}
}

// checkMergingStrategy: setMergingStrategy comes before any batch and any proxy call.
func (r *fileRun) checkMergingStrategy(calls []callSite) {
	var batchLines, proxyLines, mergeLines []int
	mergeFirst := callSite{}
	for _, call := range calls {
		switch {
		case proxyCalls[call.method]:
			proxyLines = append(proxyLines, call.line)
		case call.method == "batchSave" || call.method == "batchDelete" || call.method == "batchUpdate":
			batchLines = append(batchLines, call.line)
		case call.method == "setMergingStrategy":
			if len(mergeLines) == 0 {
				mergeFirst = call
			}
			mergeLines = append(mergeLines, call.line)
		}
	}
	if len(mergeLines) == 0 {
		return
	}
	if len(batchLines) > 0 && slices.Max(mergeLines) > slices.Min(batchLines) {
		r.add(SeverityError, CodeMergingStrategy, mergeFirst.line, mergeFirst.col, "setMergingStrategy should be called before any batching records function (first one at line %d).", slices.Min(batchLines))
	}
	if len(proxyLines) > 0 && slices.Max(mergeLines) > slices.Min(proxyLines) {
		r.add(SeverityError, CodeMergingStrategy, mergeFirst.line, mergeFirst.col, "setMergingStrategy should be called before any proxy function (first one at line %d).", slices.Min(proxyLines))
	}
}

// ResolveLocal maps a relative import to a file the way TypeScript does for these projects:
// the path itself, `.js` swapped for `.ts`, `.ts`/`.tsx`/`.js` appended, or an index file.
// It returns "" when nothing exists.
func ResolveLocal(dir, spec string) string {
	base := spec
	if !filepath.IsAbs(base) {
		base = filepath.Join(dir, spec)
	}
	var candidates []string
	if ext := filepath.Ext(base); ext == ".ts" || ext == ".tsx" || ext == ".mts" || ext == ".cts" {
		candidates = append(candidates, base)
	} else {
		if ext == ".js" || ext == ".mjs" || ext == ".cjs" {
			stem := strings.TrimSuffix(base, ext)
			candidates = append(candidates, stem+".ts", stem+".tsx", base)
		}
		candidates = append(candidates, base+".ts", base+".tsx", base+".js", base, filepath.Join(base, "index.ts"), filepath.Join(base, "index.js"))
	}
	for _, cand := range candidates {
		if info, err := os.Stat(cand); err == nil && info.Mode().IsRegular() {
			return cand
		}
	}
	return ""
}

func within(root, path string) bool {
	rel, err := filepath.Rel(root, path)
	return err == nil && !startsWithDotDot(rel) && rel != ".."
}

// OutsideProjectMessage is the error for a local import of target (a path ResolveLocal found,
// or the joined path when it found none) that is not inside the project folder root, or ""
// when target is inside. Symbolic links are resolved first, on both sides: a link inside the
// project to a file elsewhere would otherwise be bundled, and a project reached through a
// linked folder is still inside itself. The script checks here and the bundler's import
// policy (internal/bundle/plugin.go) both use it, so that one import yields one message and
// Dedupe folds the two reports into one.
func OutsideProjectMessage(root, target string) string {
	real := target
	if r, err := filepath.EvalSymlinks(target); err == nil {
		real = r
	}
	realRoot := root
	if r, err := filepath.EvalSymlinks(root); err == nil {
		realRoot = r
	}
	if within(realRoot, real) {
		return ""
	}
	what := fmt.Sprintf("%q", target)
	if real != target {
		what = fmt.Sprintf("%q (a link to %q)", RelPath(root, target), real)
	}
	return fmt.Sprintf("All imported files must live within the nango-integrations directory. Please move %s into the nango-integrations directory.", what)
}

func isModelsFile(root, path string) bool {
	return filepath.Clean(path) == filepath.Join(root, "models.ts")
}
