package jsruntime

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/dop251/goja"
	"github.com/dop251/goja/parser"

	"github.com/nango-go/nango/internal/jsruntime/modules/crypto"
)

// Modules a script may require. Nango's compiler also accepts botbuilder, soap and unzipper,
// but they need Node.js: requiring them fails with a message that says so.
var (
	unavailableModules = map[string]bool{"botbuilder": true, "soap": true, "unzipper": true}
	// DiskPackages are served from the node_modules directories in Options.NodeModules.
	diskPackages = map[string]bool{"zod": true}
)

// AllowedModules lists what require serves besides host modules, for messages and docs.
const AllowedModules = "url, crypto (also as node:url, node:crypto) and zod"

// requireFunc returns the require function for the bundle `script` (for error messages).
func (r *Runtime) requireFunc(script string) func(goja.FunctionCall) goja.Value {
	return func(call goja.FunctionCall) goja.Value {
		name := call.Argument(0)
		if !isStringValue(name) {
			panic(r.requireError("ERR_INVALID_ARG_TYPE", `the "id" argument of require must be a string`))
		}
		return r.require(name.String(), script)
	}
}

func isStringValue(v goja.Value) bool {
	_, ok := v.Export().(string)
	return ok
}

func (r *Runtime) requireError(code, msg string) *goja.Object {
	return r.NewError(msg, map[string]any{"code": code})
}

// require resolves a bare module name required by a script (not by a file of a package).
func (r *Runtime) require(name, script string) goja.Value {
	if v, ok := r.modules[name]; ok {
		return v
	}
	v := r.loadModule(name, script)
	r.modules[name] = v
	return v
}

func (r *Runtime) loadModule(name, script string) goja.Value {
	if load, ok := r.opts.Modules[name]; ok {
		v, err := load(r)
		if err != nil {
			r.Throw(err)
		}
		return v
	}
	switch name {
	case "url", "node:url":
		return r.urlExports
	case "crypto", "node:crypto":
		return crypto.New(r.vm, r.buf, r.opts.Rand)
	}
	pkg, _ := splitPackage(name)
	if diskPackages[pkg] {
		return r.requirePackage(name, script)
	}
	if unavailableModules[name] {
		panic(r.requireError("ERR_MODULE_UNAVAILABLE", fmt.Sprintf(
			"module %q is allowed by nango compile but cannot be provided by this runtime (it needs Node.js); %s cannot run here",
			name, scriptLabel(script))))
	}
	panic(r.requireError("ERR_MODULE_NOT_ALLOWED", fmt.Sprintf(
		"module %q is not allowed in nango scripts: only %s can be required", name, AllowedModules)))
}

func scriptLabel(script string) string {
	if script == "" {
		return "the script"
	}
	return "the script " + script
}

// splitPackage splits "zod/v4" into ("zod", "v4") and "@scope/pkg/x" into ("@scope/pkg", "x").
func splitPackage(name string) (pkg, sub string) {
	parts := strings.SplitN(name, "/", 3)
	if strings.HasPrefix(name, "@") && len(parts) >= 2 {
		pkg = parts[0] + "/" + parts[1]
		if len(parts) == 3 {
			sub = parts[2]
		}
		return pkg, sub
	}
	pkg = parts[0]
	if len(parts) > 1 {
		sub = strings.Join(parts[1:], "/")
	}
	return pkg, sub
}

// MissingModuleError reports a package that none of the node_modules directories holds. The
// *ScriptError of a run that hit it unwraps to it.
type MissingModuleError struct {
	Module   string   // what was required, e.g. "zod"
	Script   string   // the bundle that required it
	Searched []string // node_modules directories looked in
}

func (e *MissingModuleError) Error() string {
	pkg, _ := splitPackage(e.Module)
	where := "no node_modules directory was given"
	if len(e.Searched) > 0 {
		where = "looked in " + strings.Join(e.Searched, ", ")
	}
	return fmt.Sprintf("cannot find module %q required by %s (%s); run `nango deps install`, or `npm install %s` in the project",
		e.Module, scriptLabel(e.Script), where, pkg)
}

// requirePackage loads a package (or a subpath export of it) from the first node_modules
// directory that has it.
func (r *Runtime) requirePackage(name, script string) goja.Value {
	pkg, sub := splitPackage(name)
	for _, dir := range r.opts.NodeModules {
		pdir := filepath.Join(dir, filepath.FromSlash(pkg))
		if _, err := os.Stat(filepath.Join(pdir, "package.json")); err != nil {
			continue
		}
		root, err := filepath.EvalSymlinks(pdir)
		if err != nil {
			continue
		}
		entry, err := packageEntry(root, sub)
		if err != nil {
			panic(r.requireError("MODULE_NOT_FOUND", fmt.Sprintf("cannot load module %q required by %s: %v", name, scriptLabel(script), err)))
		}
		ld := &pkgLoader{r: r, root: root, pkg: pkg, script: script}
		return ld.load(entry)
	}
	// A GoError carries the Go error, so the run's *ScriptError unwraps to it (errors.As).
	e := r.vm.NewGoError(&MissingModuleError{Module: name, Script: script, Searched: r.opts.NodeModules})
	_ = e.Set("code", "MODULE_NOT_FOUND")
	panic(e)
}

// packageEntry finds the file a package exposes for `sub` ("" for the package itself) through
// its package.json "exports" (require/node/default conditions), then "main", then index.js.
func packageEntry(root, sub string) (string, error) {
	data, err := os.ReadFile(filepath.Join(root, "package.json"))
	if err != nil {
		return "", err
	}
	var pj struct {
		Main    string          `json:"main"`
		Exports json.RawMessage `json:"exports"`
	}
	if err := json.Unmarshal(data, &pj); err != nil {
		return "", fmt.Errorf("reading %s: %w", filepath.Join(root, "package.json"), err)
	}
	key := "."
	if sub != "" {
		key = "./" + sub
	}
	if len(pj.Exports) > 0 && string(pj.Exports) != "null" {
		target, ok := resolveExports(pj.Exports, key)
		if !ok {
			return "", fmt.Errorf("package %s does not export %q", filepath.Base(root), key)
		}
		return resolveFile(filepath.Join(root, filepath.FromSlash(target)))
	}
	if sub != "" {
		return resolveFile(filepath.Join(root, filepath.FromSlash(sub)))
	}
	main := pj.Main
	if main == "" {
		main = "index.js"
	}
	return resolveFile(filepath.Join(root, filepath.FromSlash(main)))
}

func resolveExports(raw json.RawMessage, key string) (string, bool) {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s, key == "."
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(raw, &m) != nil {
		return "", false
	}
	subpaths := false
	for k := range m {
		if strings.HasPrefix(k, ".") {
			subpaths = true
			break
		}
	}
	if !subpaths {
		if key != "." {
			return "", false
		}
		return resolveConditions(raw)
	}
	if v, ok := m[key]; ok {
		return resolveConditions(v)
	}
	// Patterns: "./locales/*": "./lib/locales/*".
	for k, v := range m {
		prefix, suffix, ok := strings.Cut(k, "*")
		if !ok || !strings.HasPrefix(key, prefix) || !strings.HasSuffix(key, suffix) || len(key) < len(prefix)+len(suffix) {
			continue
		}
		star := key[len(prefix) : len(key)-len(suffix)]
		if t, ok := resolveConditions(v); ok {
			return strings.ReplaceAll(t, "*", star), true
		}
	}
	return "", false
}

// resolveConditions picks the CommonJS target of an exports value.
func resolveConditions(raw json.RawMessage) (string, bool) {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s, true
	}
	var arr []json.RawMessage
	if json.Unmarshal(raw, &arr) == nil {
		for _, a := range arr {
			if t, ok := resolveConditions(a); ok {
				return t, true
			}
		}
		return "", false
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(raw, &m) != nil {
		return "", false
	}
	for _, c := range []string{"require", "node", "default"} {
		if v, ok := m[c]; ok {
			if t, ok := resolveConditions(v); ok {
				return t, true
			}
		}
	}
	return "", false
}

// resolveFile applies Node's file lookup: exact, .js, .cjs, .json, then a directory's index.
func resolveFile(p string) (string, error) {
	for _, c := range []string{p, p + ".js", p + ".cjs", p + ".json", filepath.Join(p, "index.js"), filepath.Join(p, "index.cjs")} {
		if fi, err := os.Stat(c); err == nil && !fi.IsDir() {
			return c, nil
		}
	}
	return "", fmt.Errorf("%s: no such module file", p)
}

// pkgLoader is a CommonJS loader confined to one package directory: relative requires must
// stay inside it, bare requires go through the same allow-list as the script's.
type pkgLoader struct {
	r      *Runtime
	root   string
	pkg    string
	script string
}

func (l *pkgLoader) inside(p string) bool {
	rel, err := filepath.Rel(l.root, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

func (l *pkgLoader) load(file string) goja.Value {
	r := l.r
	real, err := realPath(file)
	if err != nil || !l.inside(real) {
		panic(r.requireError("ERR_MODULE_NOT_ALLOWED", fmt.Sprintf("%s: files outside the package %s cannot be loaded", file, l.pkg)))
	}
	cacheKey := "file:" + real
	if m, ok := r.modules[cacheKey]; ok {
		return m.(*goja.Object).Get("exports")
	}
	vm := r.vm
	module := vm.NewObject()
	exports := vm.NewObject()
	_ = module.Set("exports", exports)
	_ = module.Set("id", real)
	_ = module.Set("filename", real)
	r.modules[cacheKey] = module // before running: cycles see the partial exports, as in Node

	if strings.HasSuffix(real, ".json") {
		data, err := os.ReadFile(real)
		if err != nil {
			r.Throw(err)
		}
		v, err := r.FromJSON(data)
		if err != nil {
			r.Throw(err)
		}
		_ = module.Set("exports", v)
		return v
	}
	r.programNames[real] = true
	prg, err := compileFile(real)
	if errors.Is(err, fs.ErrNotExist) {
		// The package changed under a long-running process (nango dev): resolve again.
		realPaths.Delete(file)
		if real2, err2 := realPath(file); err2 == nil && l.inside(real2) {
			prg, err = compileFile(real2)
		}
	}
	if err != nil {
		panic(r.requireError("ERR_INVALID_MODULE", fmt.Sprintf("loading %s (required by %s): %v", real, scriptLabel(l.script), err)))
	}
	fnV, err := vm.RunProgram(prg)
	if err != nil {
		panic(err)
	}
	fn, _ := goja.AssertFunction(fnV)
	dir := filepath.Dir(real)
	req := vm.ToValue(func(call goja.FunctionCall) goja.Value {
		spec := call.Argument(0).String()
		if strings.HasPrefix(spec, "./") || strings.HasPrefix(spec, "../") || spec == "." || spec == ".." || filepath.IsAbs(spec) {
			target := spec
			if !filepath.IsAbs(spec) {
				target = filepath.Join(dir, filepath.FromSlash(spec))
			}
			resolved, err := resolveFile(target)
			if err != nil || !l.inside(resolved) {
				panic(r.requireError("MODULE_NOT_FOUND", fmt.Sprintf("cannot find module %q from %s", spec, real)))
			}
			return l.load(resolved)
		}
		// Bare names (including the package's own subpaths) go through the script's allow-list.
		return r.require(spec, l.script)
	})
	if _, err := fn(exports, exports, req, module, vm.ToValue(real), vm.ToValue(dir)); err != nil {
		panic(err)
	}
	return module.Get("exports")
}

// Compiled package files are shared by every runtime in the process (a *goja.Program may run
// in many runtimes), keyed by path, size and modification time.
var fileCache sync.Map // string -> *goja.Program

// realPaths caches filepath.EvalSymlinks of the files packages require: each fresh runtime
// (one per test file, per script run) requires the same hundreds of zod files, and resolving
// every path component again was a tenth of a 1,000-file test run. What is loaded is always
// the cached real path, which was checked to be inside its package, so a symlink changed
// later cannot lead outside it.
var realPaths sync.Map // string -> string

func realPath(file string) (string, error) {
	if v, ok := realPaths.Load(file); ok {
		return v.(string), nil
	}
	real, err := filepath.EvalSymlinks(file)
	if err != nil {
		return "", err
	}
	realPaths.Store(file, real)
	return real, nil
}

func compileFile(path string) (*goja.Program, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	key := fmt.Sprintf("%s\x00%d\x00%d", path, fi.Size(), fi.ModTime().UnixNano())
	if p, ok := fileCache.Load(key); ok {
		return p.(*goja.Program), nil
	}
	src, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("%s: no such file", path)
		}
		return nil, err
	}
	wrapped := "(function(exports, require, module, __filename, __dirname){" + string(src) + "\n})"
	ast, err := goja.Parse(path, wrapped, parser.WithDisableSourceMaps)
	if err != nil {
		return nil, err
	}
	prg, err := goja.CompileAST(ast, false)
	if err != nil {
		return nil, err
	}
	fileCache.Store(key, prg)
	return prg, nil
}
