// Package bundletest loads a compiled script bundle in plain goja, the way the Nango runner
// does (a CommonJS wrapper with module, exports and a require that serves only the allowed
// packages), so that tests can check a bundle really runs. It is for tests only.
package bundletest

import (
	"fmt"

	"github.com/dop251/goja"
	"github.com/dop251/goja_nodejs/require"
)

// Exports is a loaded bundle.
type Exports struct {
	VM      *goja.Runtime
	Exports *goja.Object
}

// Options of Load.
type Options struct {
	// Modules are served by require() as plain objects (e.g. a stub "crypto").
	Modules map[string]map[string]any
	// NodeModules, when set, is a node_modules folder from which require() loads other
	// packages (e.g. the real zod).
	NodeModules string
}

// Load runs code as a CommonJS module and returns its exports. modules are what require()
// serves; any other name throws, like the runner's sandbox.
func Load(code string, modules map[string]map[string]any) (*Exports, error) {
	return LoadWith(code, Options{Modules: modules})
}

// LoadWith is Load with options.
func LoadWith(code string, opts Options) (*Exports, error) {
	vm := goja.New()
	var nodeRequire *require.RequireModule
	if opts.NodeModules != "" {
		reg := require.NewRegistry(require.WithGlobalFolders(opts.NodeModules))
		nodeRequire = reg.Enable(vm)
	}
	requireFn := func(call goja.FunctionCall) goja.Value {
		name := call.Argument(0).String()
		if m, ok := opts.Modules[name]; ok {
			return vm.ToValue(m)
		}
		if nodeRequire != nil {
			v, err := nodeRequire.Require(name)
			if err != nil {
				panic(vm.NewGoError(fmt.Errorf("require(%q): %w", name, err)))
			}
			return v
		}
		panic(vm.NewTypeError("module %q is not available", name))
	}
	// The wrapper goes on the same line as the first line of the bundle, so the bundle's
	// line numbers stay the ones its source map was made for.
	wrapped := "(function(module, exports, require) {" + code + "\n})"
	fnVal, err := vm.RunScript("bundle.js", wrapped)
	if err != nil {
		return nil, fmt.Errorf("compile bundle: %w", err)
	}
	fn, ok := goja.AssertFunction(fnVal)
	if !ok {
		return nil, fmt.Errorf("bundle wrapper is not a function")
	}
	module := vm.NewObject()
	exports := vm.NewObject()
	if err := module.Set("exports", exports); err != nil {
		return nil, err
	}
	if _, err := fn(goja.Undefined(), module, exports, vm.ToValue(requireFn)); err != nil {
		return nil, fmt.Errorf("run bundle: %w", err)
	}
	exp := module.Get("exports")
	if exp == nil || goja.IsUndefined(exp) || goja.IsNull(exp) {
		return nil, fmt.Errorf("bundle has no module.exports")
	}
	return &Exports{VM: vm, Exports: exp.ToObject(vm)}, nil
}

// DefaultIsFunction reports whether exports.default is a function.
func (e *Exports) DefaultIsFunction() bool {
	_, ok := goja.AssertFunction(e.Exports.Get("default"))
	return ok
}

// CallDefault calls exports.default(arg) with arg as a JS object, waits for the returned
// promise (goja runs promise jobs when the call returns) and returns arg's properties
// afterwards, so a test can see what the script set on it.
func (e *Exports) CallDefault(arg map[string]any) (map[string]any, error) {
	fn, ok := goja.AssertFunction(e.Exports.Get("default"))
	if !ok {
		return nil, fmt.Errorf("exports.default is not a function")
	}
	obj := e.VM.NewObject()
	for k, v := range arg {
		if err := obj.Set(k, v); err != nil {
			return nil, err
		}
	}
	ret, err := fn(goja.Undefined(), obj)
	if err != nil {
		return nil, err
	}
	if p, ok := ret.Export().(*goja.Promise); ok {
		switch p.State() {
		case goja.PromiseStateRejected:
			return nil, fmt.Errorf("rejected: %v", p.Result())
		case goja.PromiseStatePending:
			return nil, fmt.Errorf("promise still pending")
		}
	}
	out := map[string]any{}
	for _, k := range obj.Keys() {
		out[k] = obj.Get(k).Export()
	}
	return out, nil
}
