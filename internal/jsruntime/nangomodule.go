package jsruntime

import "github.com/dop251/goja"

// NangoModule is require('nango') (and 'nango/experimental') for zero-yaml functions:
// createSync, createAction, createOnEvent and createFunction return their argument with the
// `type` the reference's compiler injects when it removes the wrapper call ("sync", "action",
// "onEvent", "function"). Definitions are read (internal/project) and functions are run
// (internal/dryrun) through this one module, so both see the same default export.
func NangoModule(rt *Runtime) (goja.Value, error) {
	return rt.VM().RunString(`(function () {
		function make(type) { return function (params) { return Object.assign({ type: type }, params); }; }
		return { createSync: make('sync'), createAction: make('action'), createOnEvent: make('onEvent'), createFunction: make('function') };
	})()`)
}

// NangoModules are the host modules of zero-yaml functions, for Options.Modules.
func NangoModules() map[string]ModuleLoader {
	return map[string]ModuleLoader{"nango": NangoModule, "nango/experimental": NangoModule}
}
