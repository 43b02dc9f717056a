package jsruntime

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dop251/goja"
)

func requireErr(t *testing.T, rt *Runtime, name string) *ScriptError {
	t.Helper()
	_, err := runJS(t, rt, `const m = require(`+jsString(name)+`); exports.default = () => m;`)
	var se *ScriptError
	if !errors.As(err, &se) {
		t.Fatalf("require(%q): want a ScriptError, got %v", name, err)
	}
	return se
}

func TestRequireDisallowedModules(t *testing.T) {
	rt, _ := newRuntime(t, Options{})
	for _, name := range []string{"fs", "node:fs", "child_process", "http", "net", "os", "process", "buffer", "node:buffer", "./local", "axios"} {
		se := requireErr(t, rt, name)
		if !strings.Contains(se.Message, `module "`+name+`" is not allowed in nango scripts`) || !strings.Contains(se.Message, "url, crypto") {
			t.Errorf("require(%q): %q", name, se.Message)
		}
	}
	for _, name := range []string{"soap", "botbuilder", "unzipper"} {
		se := requireErr(t, rt, name)
		if !strings.Contains(se.Message, `module "`+name+`" is allowed by nango compile but cannot be provided`) || !strings.Contains(se.Message, "/virtual/build/test.cjs") {
			t.Errorf("require(%q): %q", name, se.Message)
		}
	}
}

func TestRequireZodMissingNamesScriptAndFix(t *testing.T) {
	empty := filepath.Join(t.TempDir(), "node_modules")
	rt, _ := newRuntime(t, Options{NodeModules: []string{empty}})
	se := requireErr(t, rt, "zod")
	var missing *MissingModuleError
	if !errors.As(se, &missing) || missing.Module != "zod" || missing.Script != "/virtual/build/test.cjs" {
		t.Errorf("errors.As MissingModuleError: %+v", missing)
	}
	if se.Name != "Error" {
		t.Errorf("name %q", se.Name)
	}
	for _, want := range []string{`cannot find module "zod"`, "/virtual/build/test.cjs", empty, "nango deps install", "npm install zod"} {
		if !strings.Contains(se.Message, want) {
			t.Errorf("message %q lacks %q", se.Message, want)
		}
	}
}

func TestRequireZodFromNodeModules(t *testing.T) {
	nm := nodeModules(t)
	rt, _ := newRuntime(t, Options{NodeModules: []string{nm}})
	got := evalJSON(t, rt, `(() => {
  const { z } = require('zod');
  const schema = z.object({ id: z.string(), n: z.number().int().positive() });
  const ok = schema.safeParse({ id: 'a', n: 2 });
  const bad = schema.safeParse({ id: 1, n: -1 });
  return [ok.success, bad.success, bad.error.issues.map((i) => i.path.join('.')), require('zod') === require('zod')];
})()`)
	if got != `[true,false,["id","n"],true]` {
		t.Errorf("got %s", got)
	}
}

// A fake package exercises the loader: exports conditions, subpaths, relative requires, JSON,
// cycles, and the fence around the package directory.
func TestPackageLoaderConfinedToPackage(t *testing.T) {
	nm := filepath.Join(t.TempDir(), "node_modules")
	write := func(rel, content string) {
		p := filepath.Join(nm, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("zod/package.json", `{"name":"zod","main":"./wrong.js","exports":{".":{"types":"./x.d.ts","import":"./index.mjs","require":"./lib/index.js"},"./v4":{"require":"./v4/index.cjs"},"./locales/*":"./lib/locales/*"}}`)
	write("zod/lib/index.js", `const a = require('./a'); const data = require('./data.json'); exports.fromA = a.name + ':' + a.seenB; exports.data = data.k; exports.dir = typeof __dirname; exports.load = (p) => require(p);`)
	write("zod/lib/a.js", `exports.name = 'a'; const b = require('./b.js'); exports.seenB = b.sawPartialA;`)
	write("zod/lib/b.js", `exports.sawPartialA = require('./a').name;`)
	write("zod/lib/data.json", `{"k": "json"}`)
	write("zod/lib/locales/en.js", `module.exports = 'english';`)
	write("zod/v4/index.cjs", `module.exports = { version: 4, crypto: typeof require('crypto').createHash };`)
	write("zod/lib/escape.js", `module.exports = require('../../outside.js');`)
	write("outside.js", `module.exports = 'escaped';`)
	write("zod/lib/reqfs.js", `module.exports = require('fs');`)

	rt, _ := newRuntime(t, Options{NodeModules: []string{nm}})
	if got := evalJSON(t, rt, `[require('zod').fromA, require('zod').data, require('zod').dir, require('zod/v4').version, require('zod/v4').crypto, require('zod/locales/en.js')]`); got != `["a:a","json","string",4,"function","english"]` {
		t.Errorf("got %s", got)
	}
	for spec, want := range map[string]string{
		"./escape.js":                   "cannot find module",
		"../../outside.js":              "cannot find module",
		filepath.Join(nm, "outside.js"): "cannot find module",
		"./reqfs":                       `module "fs" is not allowed`,
	} {
		_, err := runJS(t, rt, `exports.default = () => require('zod').load(`+jsString(spec)+`);`)
		var se *ScriptError
		if !errors.As(err, &se) || !strings.Contains(se.Message, want) {
			t.Errorf("package-internal require(%q): %v, want %q", spec, err, want)
		}
	}
	if se := requireErr(t, rt, "zod/nope"); !strings.Contains(se.Message, `does not export "./nope"`) {
		t.Errorf("zod/nope: %q", se.Message)
	}
	if se := requireErr(t, rt, "zod/lib/a.js"); !strings.Contains(se.Message, `does not export "./lib/a.js"`) {
		t.Errorf("zod/lib/a.js: %q", se.Message)
	}
}

func TestHostModules(t *testing.T) {
	calls := 0
	rt, _ := newRuntime(t, Options{Modules: map[string]ModuleLoader{
		"nango": func(rt *Runtime) (goja.Value, error) {
			calls++
			v, err := rt.VM().RunString(`({ createAction: (def) => ({ type: 'action', ...def }) })`)
			return v, err
		},
	}})
	got := evalJSON(t, rt, `[require('nango').createAction({ exec: 1 }).type, require('nango') === require('nango')]`)
	if got != `["action",true]` || calls != 1 {
		t.Errorf("got %s after %d loads", got, calls)
	}
}

func TestSandbox(t *testing.T) {
	rt, _ := newRuntime(t, Options{})
	tests := []struct{ expr, want string }{
		{`[typeof process, typeof fetch, typeof XMLHttpRequest, typeof WebSocket, typeof Deno, typeof Bun]`, `["undefined","undefined","undefined","undefined","undefined","undefined"]`},
		{`(() => { try { eval('1 + 1'); } catch (e) { return e.name + ': ' + e.message; } })()`, `"EvalError: Code generation from strings disallowed for this context"`},
		{`(() => { try { return new Function('return 1')(); } catch (e) { return e.name; } })()`, `"EvalError"`},
		{`(() => { try { return Function('return this')(); } catch (e) { return e.name; } })()`, `"EvalError"`},
		{`(() => { try { return (function () {}).constructor('return 1')(); } catch (e) { return e.name; } })()`, `"EvalError"`},
		{`(() => { try { return (async function () {}).constructor('return 1'); } catch (e) { return e.name; } })()`, `"EvalError"`},
		{`(() => { try { return (function* () {}).constructor('yield 1'); } catch (e) { return e.name; } })()`, `"EvalError"`},
		{`[(() => {}) instanceof Function, typeof Function.prototype.call, (async () => {}) instanceof Function]`, `[true,"function",true]`},
		{`[typeof Symbol.asyncIterator, Symbol.asyncIterator === Symbol.for('Symbol.asyncIterator'), typeof Symbol.dispose]`, `["symbol",true,"symbol"]`},
	}
	for _, tt := range tests {
		t.Run(tt.expr[:min(len(tt.expr), 50)], func(t *testing.T) {
			if got := evalJSON(t, rt, tt.expr); got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}

func TestGoroutineWorkGetsRunContext(t *testing.T) {
	rt, _ := newRuntime(t, Options{})
	var seen context.Context
	_ = rt.VM().Set("capture", func() *goja.Promise {
		return rt.Go(func(ctx context.Context) Settle { seen = ctx; return nil })
	})
	if got := evalJSON(t, rt, `capture().then((v) => v === undefined)`); got != "true" {
		t.Fatal(got)
	}
	if seen == nil || seen.Err() == nil {
		t.Errorf("the work's context should end with the run, got %v", seen)
	}
}

// zod 4 (Nango's SDK moved to it in 0.65) through its CommonJS entry and subpath exports. Opt-in:
// NANGO_TEST_ZOD4_MODULES=<dir with node_modules/zod at 4.x>.
func TestRequireZod4(t *testing.T) {
	nm := os.Getenv("NANGO_TEST_ZOD4_MODULES")
	if nm == "" {
		t.Skip("NANGO_TEST_ZOD4_MODULES is not set (a node_modules directory holding zod 4)")
	}
	rt, _ := newRuntime(t, Options{NodeModules: []string{nm}})
	got := evalJSON(t, rt, `(() => {
  const { z } = require('zod');
  const User = z.object({ id: z.string(), email: z.email(), n: z.number().int().positive(), tags: z.array(z.string()).default([]) });
  const ok = User.safeParse({ id: 'a', email: 'a@b.co', n: 2 });
  const bad = User.safeParse({ id: 1, email: 'nope', n: -1 });
  return [ok.success, ok.data.tags, bad.error.issues.map((i) => i.path.join('.') + ':' + i.code),
    z.toJSONSchema(z.object({ a: z.string() })).required, typeof require('zod/v4').z.object, typeof require('zod/v3').z.object];
})()`)
	if want := `[true,[],["id:invalid_type","email:invalid_format","n:too_small"],["a"],"function","function"]`; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

// A package file's resolved path is cached for the process (realPaths): a symlink that is
// turned to point outside the package after the first load must not lead a later runtime
// there, and a file that moved is resolved again.
func TestPackageSymlinkCacheStaysInside(t *testing.T) {
	root := t.TempDir()
	nm := filepath.Join(root, "node_modules")
	write := func(p, content string) {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(nm, "zod/package.json"), `{"name":"zod","main":"./index.js"}`)
	write(filepath.Join(nm, "zod/real/one.js"), `module.exports = 'inside';`)
	write(filepath.Join(nm, "zod/real/two.js"), `module.exports = 'inside, moved';`)
	write(filepath.Join(root, "outside.js"), `module.exports = 'escaped';`)
	write(filepath.Join(nm, "zod/index.js"), `module.exports = require('./link.js');`)
	link := filepath.Join(nm, "zod/link.js")
	if err := os.Symlink(filepath.Join(nm, "zod/real/one.js"), link); err != nil {
		t.Skip("symlinks not available:", err)
	}
	load := func() string {
		rt, _ := newRuntime(t, Options{NodeModules: []string{nm}})
		return evalJSON(t, rt, `require('zod')`)
	}
	if got := load(); got != `"inside"` {
		t.Fatalf("first load: %s", got)
	}
	// Turned outside the package: the next runtime still loads the checked file.
	_ = os.Remove(link)
	if err := os.Symlink(filepath.Join(root, "outside.js"), link); err != nil {
		t.Fatal(err)
	}
	if got := load(); got != `"inside"` {
		t.Errorf("after the link left the package: %s", got)
	}
	// The checked file is gone and the link points at another file of the package: resolved again.
	_ = os.Remove(filepath.Join(nm, "zod/real/one.js"))
	_ = os.Remove(link)
	if err := os.Symlink(filepath.Join(nm, "zod/real/two.js"), link); err != nil {
		t.Fatal(err)
	}
	if got := load(); got != `"inside, moved"` {
		t.Errorf("after the file moved: %s", got)
	}
}
