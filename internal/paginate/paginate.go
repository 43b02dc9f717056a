// Package paginate implements nango.paginate: the cursor, link and offset algorithms of the
// reference SDK (paginate.js; paginate_test.go pins each one), with the provider's catalog defaults merged under the
// script's own settings and the replay rule of internal/mocks (LastPageYields in replay.go).
//
// The algorithm is JavaScript (paginate.js, embedded) because it manipulates the script's own
// objects: JS key order of request bodies, lodash-style `a.b[0].c` paths and `in` checks
// behave natively there, and every page request goes through the proxy function the runtime
// hands in, the same one nango.get uses, so dry runs, recording and replay see every page.
// The helper needs only what goja provides (Promises, async functions); it does not depend
// on an event loop: it awaits whatever the proxy function returns.
package paginate

import (
	_ "embed"
	"fmt"
	"sort"
	"sync"

	"github.com/dop251/goja"
)

//go:embed paginate.js
var source string

// program is compiled once per process and shared by every runtime (a goja.Program is
// immutable and safe to run in many runtimes).
var program = sync.OnceValues(func() (*goja.Program, error) {
	return goja.Compile("nango:paginate.js", source, true)
})

// Install evaluates the helper in vm and returns the JavaScript function
//
//	paginate(config, proxy, providerDefaults, options) → async iterator of pages
//
// config is the script's ProxyConfiguration; proxy(config) must return a Promise of an
// axios-like response ({data, status, headers} with lower-case header names; it must read
// config.params / config.data when it is called, as they are mutated between pages);
// providerDefaults is the provider's proxy.paginate block (object or null) or a function
// returning it (see Defaults); options is {replay: true} while replaying recorded responses.
// The returned object is its own async iterator (Symbol.asyncIterator when the runtime
// defines it, and Symbol.for('Symbol.asyncIterator'), which esbuild-lowered `for await`
// uses) with next/return/throw.
func Install(vm *goja.Runtime) (goja.Value, error) {
	prg, err := program()
	if err != nil {
		return nil, fmt.Errorf("paginate: compile helper: %w", err)
	}
	fn, err := vm.RunProgram(prg)
	if err != nil {
		return nil, fmt.Errorf("paginate: install helper: %w", err)
	}
	if _, ok := goja.AssertFunction(fn); !ok {
		return nil, fmt.Errorf("paginate: helper did not evaluate to a function")
	}
	return fn, nil
}

// Defaults wraps a catalog lookup as the providerDefaults argument of paginate. lookup runs
// only when the script iterates (as the reference reads its catalog lazily); it returns the
// provider's proxy.paginate block, nil when the provider has none, or an error (no catalog,
// unknown provider) that becomes a thrown JavaScript error carrying the Go error. paginate
// ignores that error when the script's own config.paginate names a type.
func Defaults(vm *goja.Runtime, lookup func() (map[string]any, error)) goja.Value {
	return vm.ToValue(func(goja.FunctionCall) goja.Value {
		m, err := lookup()
		if err != nil {
			panic(vm.NewGoError(err))
		}
		if m == nil {
			return goja.Null()
		}
		return plainObject(vm, m)
	})
}

// plainObject copies m into an ordinary JS object (sorted keys, nested maps and slices
// copied too) so that spreading and Object.keys behave as on a parsed YAML object.
func plainObject(vm *goja.Runtime, m map[string]any) *goja.Object {
	obj := vm.NewObject()
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		_ = obj.Set(k, plainValue(vm, m[k]))
	}
	return obj
}

func plainValue(vm *goja.Runtime, v any) goja.Value {
	switch t := v.(type) {
	case map[string]any:
		return plainObject(vm, t)
	case []any:
		items := make([]any, len(t))
		for i, e := range t {
			items[i] = plainValue(vm, e)
		}
		return vm.NewArray(items...)
	default:
		return vm.ToValue(v)
	}
}
