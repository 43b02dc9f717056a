// Package jsruntime runs a compiled (CommonJS, esbuild-bundled) integration script in an
// embedded goja VM with a real event loop, the Node-like globals scripts use, and a sandbox:
// no file system, network, process environment or code generation from strings. Scripts reach
// the outside only through what the host installs (the `nango` object, host modules).
//
// One Runtime is one VM owned by one goroutine at a time: the caller of Load/Run. Host code that
// does I/O starts goroutines and hands results back with Go or RegisterCallback; it never
// touches the VM from another goroutine.
//
//	prog, err := jsruntime.Compile("/proj/build/github_actions_x.cjs", code)
//	rt, err := jsruntime.New(jsruntime.Options{Logger: l, NodeModules: dirs, Timeout: t})
//	mod, err := rt.Load(ctx, prog)
//	v, err := rt.Call(ctx, mod, "default", nangoObj, input) // awaits the promise
//	out, err := rt.ToJSON(v)                                 // err may be *ScriptError
package jsruntime

import (
	"context"
	"crypto/rand"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/dop251/goja"

	"github.com/nango-go/nango/internal/jsruntime/eventloop"
	"github.com/nango-go/nango/internal/jsruntime/modules/buffer"
)

// LogLevel is the level of a console line.
type LogLevel string

// Console methods map onto four levels: log/info/dir/table → info, debug/trace → debug.
const (
	LevelDebug LogLevel = "debug"
	LevelInfo  LogLevel = "info"
	LevelWarn  LogLevel = "warn"
	LevelError LogLevel = "error"
)

// Logger receives what the script prints with console.*. Messages are already formatted
// (objects as JSON, errors with their stack).
type Logger interface {
	Log(level LogLevel, message string)
}

// LoggerFunc adapts a function to Logger.
type LoggerFunc func(level LogLevel, message string)

// Log calls f.
func (f LoggerFunc) Log(level LogLevel, message string) { f(level, message) }

// ModuleLoader builds a host-provided module (for example `nango`, whose createAction and
// createSync the nango-object layer supplies). It runs on the loop goroutine the first time a
// script requires the module; the value is cached per runtime.
type ModuleLoader func(rt *Runtime) (goja.Value, error)

// Options configures a Runtime. The zero value is usable: console output is discarded, no
// node_modules are searched, no timeout applies.
type Options struct {
	// Logger receives console output; nil discards it.
	Logger Logger

	// NodeModules lists node_modules directories searched in order for packages scripts may
	// require from disk (zod). The command layer computes it: the project's node_modules
	// searched upward, then the user cache `nango deps install` fills.
	NodeModules []string

	// Timeout bounds each Load and Run (0: none). Past it the script is interrupted, even in
	// the middle of `while (true) {}`, and the run fails with a *ScriptError of KindTimeout.
	Timeout time.Duration

	// TimeoutHint tells the user how to raise the limit; it ends the timeout message.
	// Default: "raise the limit with --timeout".
	TimeoutHint string

	// Modules are extra modules the host provides to require (checked before the built-in
	// allow-list), e.g. "nango".
	Modules map[string]ModuleLoader

	// Rand feeds crypto.randomBytes/randomUUID and Math.random; default crypto/rand.Reader.
	Rand io.Reader

	// Now is the clock behind Date; default time.Now.
	Now func() time.Time

	// MaxCallStackSize turns runaway recursion into a RangeError; default 5000 frames.
	MaxCallStackSize int

	// MemoryLimit stops a Load or Run once the process's heap passes this many bytes, with a
	// *ScriptError of KindMemory (0: DefaultMemoryLimit; negative: none). See memory.go.
	MemoryLimit int64
	// MemoryHint tells the user how to raise the limit; it ends the message.
	// Default: "raise the limit with --max-memory".
	MemoryHint string
}

// Runtime is one goja VM with its event loop, globals and module cache.
type Runtime struct {
	vm      *goja.Runtime
	loop    *eventloop.Loop
	opts    Options
	buf     *buffer.API
	helpers struct {
		inspect, format goja.Callable
	}
	jsonStringify, jsonParse goja.Callable

	// ctx is the context of the Load or Run in progress (background otherwise): host
	// goroutines started through Go get it, so they stop when the run ends.
	ctx context.Context

	rejections []*goja.Promise // rejected with no handler, in order
	modules    map[string]goja.Value
	urlExports *goja.Object
	// programNames are the programs run here; positions in them are not source-mapped.
	programNames map[string]bool
}

//go:embed prelude.js
var preludeSource string

var preludeProgram = goja.MustCompile("nango:prelude.js", preludeSource, true)

// New creates a runtime with every global installed.
func New(opts Options) (*Runtime, error) {
	if opts.Rand == nil {
		opts.Rand = rand.Reader
	}
	if opts.TimeoutHint == "" {
		opts.TimeoutHint = "raise the limit with --timeout"
	}
	if opts.MemoryHint == "" {
		opts.MemoryHint = "raise the limit with --max-memory"
	}
	if opts.MemoryLimit == 0 {
		opts.MemoryLimit = DefaultMemoryLimit
	}
	if opts.MaxCallStackSize <= 0 {
		opts.MaxCallStackSize = 5000
	}
	vm := goja.New()
	r := &Runtime{
		vm:      vm,
		loop:    eventloop.New(),
		opts:    opts,
		ctx:     context.Background(),
		modules: map[string]goja.Value{},
		programNames: map[string]bool{
			"nango:prelude.js": true,
			"nango:url.js":     true,
		},
	}
	vm.SetMaxCallStackSize(opts.MaxCallStackSize)
	if opts.Now != nil {
		vm.SetTimeSource(opts.Now)
	}
	vm.SetRandSource(randSource(opts.Rand))
	vm.SetPromiseRejectionTracker(r.trackRejection)

	if err := r.install(); err != nil {
		return nil, fmt.Errorf("setting up the script runtime: %w", err)
	}
	return r, nil
}

func (r *Runtime) install() error {
	vm := r.vm
	r.buf = buffer.Enable(vm)
	r.installURL()

	jsonObj := vm.Get("JSON").ToObject(vm)
	r.jsonStringify, _ = goja.AssertFunction(jsonObj.Get("stringify"))
	r.jsonParse, _ = goja.AssertFunction(jsonObj.Get("parse"))

	host := vm.NewObject()
	_ = host.Set("log", func(level, msg string) {
		if r.opts.Logger != nil {
			r.opts.Logger.Log(LogLevel(level), msg)
		}
	})
	r.installEncoding(host)

	fn, err := vm.RunProgram(preludeProgram)
	if err != nil {
		return err
	}
	call, _ := goja.AssertFunction(fn)
	res, err := call(goja.Undefined(), host)
	if err != nil {
		return err
	}
	helpers := res.ToObject(vm)
	r.helpers.inspect, _ = goja.AssertFunction(helpers.Get("inspect"))
	r.helpers.format, _ = goja.AssertFunction(helpers.Get("format"))

	r.installTimers()
	r.installBase64()
	_ = vm.Set("require", r.requireFunc(""))
	return nil
}

// VM returns the goja runtime, for host code running on the loop goroutine (inside Load, Run,
// a host function called by the script, or a callback enqueued through RegisterCallback).
func (r *Runtime) VM() *goja.Runtime { return r.vm }

// Loop returns the event loop behind the runtime.
func (r *Runtime) Loop() *eventloop.Loop { return r.loop }

// Buffer gives host code the Buffer helpers (wrap bytes as a Buffer, read bytes back).
func (r *Runtime) Buffer() *buffer.API { return r.buf }

// Context returns the context of the Load or Run in progress; it ends when the run ends
// (or times out). Host I/O started by the script should use it.
func (r *Runtime) Context() context.Context { return r.ctx }

// RegisterCallback reserves a slot in the event loop and returns the function that releases
// it by queueing a callback to run on the loop goroutine. Call RegisterCallback on the loop
// goroutine (inside a host function); call enqueue from any goroutine, exactly once. The loop
// does not finish while a reservation is outstanding, so a Promise the host will resolve later
// is never mistaken for one that can never settle.
func (r *Runtime) RegisterCallback() (enqueue func(func() error)) {
	return r.loop.RegisterCallback()
}

// Settle runs on the loop goroutine once asynchronous work is done and returns the value a
// promise resolves with, or an error that rejects it (see Reject for rejecting with a JS value).
type Settle func(vm *goja.Runtime) (goja.Value, error)

// Go runs work on a new goroutine and returns a Promise settled with its outcome. work gets the
// run's context (cancelled when the run ends or times out) and must not touch the VM; the
// Settle it returns runs on the loop goroutine and may. If work returns nil the promise
// resolves with undefined. Call Go on the loop goroutine (inside a host function).
func (r *Runtime) Go(work func(ctx context.Context) Settle) *goja.Promise {
	p, resolve, reject := r.vm.NewPromise()
	enqueue := r.loop.RegisterCallback()
	ctx := r.ctx
	go func() {
		var settle Settle
		func() {
			defer func() {
				if rec := recover(); rec != nil {
					err := fmt.Errorf("host function panicked: %v", rec)
					settle = func(*goja.Runtime) (goja.Value, error) { return nil, err }
				}
			}()
			settle = work(ctx)
		}()
		enqueue(func() error {
			if settle == nil {
				return resolve(goja.Undefined())
			}
			var (
				v    goja.Value
				serr error
			)
			if ex := r.vm.Try(func() { v, serr = settle(r.vm) }); ex != nil {
				return reject(ex.Value())
			}
			if serr != nil {
				return reject(r.errorValue(serr))
			}
			if v == nil {
				v = goja.Undefined()
			}
			return resolve(v)
		})
	}()
	return p
}

// Reject wraps a JS value (typically an error object from NewError) so that returning it as an
// error from a Settle, a ModuleLoader or a host function rejects/throws with exactly that value.
func Reject(v goja.Value) error { return &rejection{v} }

type rejection struct{ v goja.Value }

func (e *rejection) Error() string { return e.v.String() }

// errorValue turns a Go error into the JS value to throw or reject with.
func (r *Runtime) errorValue(err error) goja.Value {
	var rj *rejection
	if errors.As(err, &rj) {
		return rj.v
	}
	var ex *goja.Exception
	if errors.As(err, &ex) {
		return ex.Value()
	}
	return r.vm.NewGoError(err)
}

// Throw throws err into JS: a value wrapped by Reject is thrown as is, a *goja.Exception keeps
// its value, any other error becomes a JS Error whose message is err's. It panics by design and
// may only be used inside a host function called from JS.
func (r *Runtime) Throw(err error) {
	panic(r.errorValue(err))
}

// NewError returns `new Error(message)` with extra properties set (name, code, response, ...).
// Property values are converted with vm.ToValue; pass goja values (e.g. from FromJSON) for
// objects that must behave natively in JS.
func (r *Runtime) NewError(message string, props map[string]any) *goja.Object {
	ctor, _ := goja.AssertConstructor(r.vm.Get("Error"))
	obj, err := ctor(nil, r.vm.ToValue(message))
	if err != nil {
		panic(err)
	}
	for _, k := range sortedKeys(props) {
		_ = obj.Set(k, props[k])
	}
	return obj
}

// ToJSON serialises v with the VM's own JSON.stringify, so key order, toJSON methods and
// number formatting match what the script sees. It returns nil for undefined (and functions
// or symbols), which JSON cannot represent.
func (r *Runtime) ToJSON(v goja.Value) ([]byte, error) {
	return r.stringify(v, goja.Undefined())
}

// ToJSONIndent is ToJSON with JSON.stringify's indent argument (e.g. "  ").
func (r *Runtime) ToJSONIndent(v goja.Value, indent string) ([]byte, error) {
	return r.stringify(v, r.vm.ToValue(indent))
}

func (r *Runtime) stringify(v, indent goja.Value) ([]byte, error) {
	if v == nil {
		return nil, nil
	}
	var out goja.Value
	var err error
	if ex := r.vm.Try(func() { out, err = r.jsonStringify(goja.Undefined(), v, goja.Undefined(), indent) }); ex != nil {
		return nil, fmt.Errorf("converting the script's value to JSON: %w", r.scriptError(ex, KindError))
	}
	if err != nil {
		return nil, fmt.Errorf("converting the script's value to JSON: %w", r.asScriptError(err, KindError))
	}
	if goja.IsUndefined(out) {
		return nil, nil
	}
	return []byte(out.String()), nil
}

// FromJSON parses JSON text with the VM's JSON.parse, giving native JS objects and arrays
// (unlike vm.ToValue of Go maps and slices, which are wrapped and behave differently when
// mutated).
func (r *Runtime) FromJSON(data []byte) (goja.Value, error) {
	var out goja.Value
	var err error
	if ex := r.vm.Try(func() { out, err = r.jsonParse(goja.Undefined(), r.vm.ToValue(string(data))) }); ex != nil {
		return nil, r.scriptError(ex, KindError)
	}
	if err != nil {
		return nil, r.asScriptError(err, KindError)
	}
	return out, nil
}

// AsyncIteratorSymbol is Symbol.asyncIterator (goja lacks it; the prelude defines it as
// Symbol.for('Symbol.asyncIterator'), the key esbuild's lowered `for await` looks up). Host
// objects that scripts iterate with `for await` (nango.paginate) set their method under it.
func (r *Runtime) AsyncIteratorSymbol() *goja.Symbol {
	s, _ := r.vm.Get("Symbol").ToObject(r.vm).Get("asyncIterator").(*goja.Symbol)
	return s
}

// Format formats values the way console.log prints its arguments (printf-style directives in
// a first string argument, objects as JSON, errors with their stack), for nango.log and the like.
func (r *Runtime) Format(args ...goja.Value) string {
	var out goja.Value
	if ex := r.vm.Try(func() { out, _ = r.helpers.format(goja.Undefined(), r.vm.NewArray(valuesToAny(args)...)) }); ex != nil || out == nil {
		parts := make([]string, len(args))
		for i, a := range args {
			parts[i] = a.String()
		}
		return strings.Join(parts, " ")
	}
	return out.String()
}

func valuesToAny(vs []goja.Value) []any {
	out := make([]any, len(vs))
	for i, v := range vs {
		out[i] = v
	}
	return out
}

// Inspect formats a value the way console.log prints it.
func (r *Runtime) Inspect(v goja.Value) string {
	var out goja.Value
	if ex := r.vm.Try(func() { out, _ = r.helpers.inspect(goja.Undefined(), v) }); ex != nil || out == nil {
		return v.String()
	}
	return out.String()
}

func (r *Runtime) trackRejection(p *goja.Promise, op goja.PromiseRejectionOperation) {
	switch op {
	case goja.PromiseRejectionReject:
		r.rejections = append(r.rejections, p)
	case goja.PromiseRejectionHandle:
		for i, q := range r.rejections {
			if q == p {
				r.rejections = append(r.rejections[:i], r.rejections[i+1:]...)
				break
			}
		}
	}
}

// unhandled returns the first rejection nobody handled, other than the run's own promise
// (which the caller inspects and reports with its stack).
func (r *Runtime) unhandled(top *goja.Promise) *goja.Promise {
	for _, p := range r.rejections {
		if p != top {
			return p
		}
	}
	return nil
}

// Program is a compiled bundle; it can be loaded into many runtimes, concurrently.
type Program struct {
	name   string
	prg    *goja.Program
	banner bool
}

// Name is the bundle's file name as given to Compile.
func (p *Program) Name() string { return p.name }

// Module is a loaded bundle.
type Module struct {
	Name    string
	Exports *goja.Object
}

// Load runs a compiled bundle's top-level code in this runtime (CommonJS: module, exports,
// require, __filename, __dirname are provided) and returns its module. Requires of missing
// packages fail here, naming the bundle.
func (r *Runtime) Load(ctx context.Context, p *Program) (*Module, error) {
	var mod *Module
	r.programNames[p.name] = true
	_, err := r.Run(ctx, func(vm *goja.Runtime) (goja.Value, error) {
		fnV, err := vm.RunProgram(p.prg)
		if err != nil {
			return nil, err
		}
		fn, ok := goja.AssertFunction(fnV)
		if !ok {
			return nil, fmt.Errorf("%s: the bundle is not a CommonJS module wrapper", p.name)
		}
		module := vm.NewObject()
		exports := vm.NewObject()
		_ = module.Set("exports", exports)
		_ = module.Set("id", p.name)
		_ = module.Set("filename", p.name)
		req := vm.ToValue(r.requireFunc(p.name))
		if p.banner {
			// esbuild Banner/Footer form: (function(module, exports, require) { ... })
			_, err = fn(goja.Undefined(), module, exports, req)
		} else {
			_, err = fn(exports, exports, req, module, vm.ToValue(p.name), vm.ToValue(dirName(p.name)))
		}
		if err != nil {
			return nil, err
		}
		ex, ok := module.Get("exports").(*goja.Object)
		if !ok {
			ex = vm.NewObject()
		}
		mod = &Module{Name: p.name, Exports: ex}
		return goja.Undefined(), nil
	})
	if err != nil {
		return nil, err
	}
	return mod, nil
}

// Export returns a named export of the module, or nil. For "default" it falls back to
// module.exports itself when that is a function (module.exports = fn).
func (m *Module) Export(name string) goja.Value {
	v := m.Exports.Get(name)
	if (v == nil || goja.IsUndefined(v)) && name == "default" {
		if _, ok := goja.AssertFunction(m.Exports); ok {
			return m.Exports
		}
	}
	if v == nil || goja.IsUndefined(v) {
		return nil
	}
	return v
}

// Call calls the module's export `name` ("default", "onWebhookPayloadReceived", ...) with the
// arguments, runs the event loop until the returned promise settles, and returns its value.
// Failures are *ScriptError. Arguments: goja values pass through, json.RawMessage is parsed
// with JSON.parse (native JS objects: use it for inputs and payloads), anything else goes
// through vm.ToValue (Go maps and slices are then wrapped, not copied).
func (r *Runtime) Call(ctx context.Context, m *Module, name string, args ...any) (goja.Value, error) {
	fnV := m.Export(name)
	if fnV == nil {
		return nil, fmt.Errorf("%s has no %q export", m.Name, name)
	}
	if _, ok := goja.AssertFunction(fnV); !ok {
		return nil, fmt.Errorf("the %q export of %s is not a function", name, m.Name)
	}
	return r.CallFunction(ctx, fnV, goja.Undefined(), args...)
}

// CallFunction is Call for any function value, e.g. the `exec` of a zero-yaml default export
// object (pass that object as this). Arguments are converted as in Call.
func (r *Runtime) CallFunction(ctx context.Context, fnV, this goja.Value, args ...any) (goja.Value, error) {
	fn, ok := goja.AssertFunction(fnV)
	if !ok {
		return nil, fmt.Errorf("%s is not a function", r.Inspect(fnV))
	}
	if this == nil {
		this = goja.Undefined()
	}
	return r.Run(ctx, func(vm *goja.Runtime) (goja.Value, error) {
		vals := make([]goja.Value, len(args))
		for i, a := range args {
			if raw, ok := a.(json.RawMessage); ok {
				v, err := r.FromJSON(raw)
				if err != nil {
					return nil, fmt.Errorf("argument %d: %w", i+1, err)
				}
				vals[i] = v
				continue
			}
			vals[i] = vm.ToValue(a)
		}
		return fn(this, vals...)
	})
}

// Run is the primitive behind Load and Call: it runs start on the loop goroutine (this one),
// then the event loop until the value start returned, if a promise or thenable, settles. It
// returns the settled value or a *ScriptError:
//   - KindError: an uncaught exception, a rejected promise, or an unhandled rejection;
//   - KindTimeout / KindCancelled: the context (or Options.Timeout) ended first;
//   - KindNeverResolved: the loop ran out of work while the promise was still pending.
//
// Timers the script left behind are cancelled when the promise settles (as Nango's runner
// returns as soon as the script's promise does). When start returns a plain value, Run returns
// at once; timers it scheduled stay queued for the next Run.
func (r *Runtime) Run(ctx context.Context, start func(vm *goja.Runtime) (goja.Value, error)) (goja.Value, error) {
	ctx, cancel, timeout := r.runContext(ctx)
	defer cancel()
	if r.opts.MemoryLimit > 0 {
		var cancelMem context.CancelCauseFunc
		ctx, cancelMem = context.WithCancelCause(ctx)
		defer cancelMem(nil)
		defer guardMemory(r.opts.MemoryLimit, cancelMem)()
	}
	prevCtx := r.ctx
	r.ctx = ctx
	defer func() { r.ctx = prevCtx }()

	// Interrupt the VM when the context ends, even inside `while (true) {}`.
	interrupted := make(chan struct{})
	stopWatch := context.AfterFunc(ctx, func() {
		defer close(interrupted)
		r.vm.Interrupt(context.Cause(ctx))
	})
	defer func() {
		if !stopWatch() {
			<-interrupted
		}
		r.vm.ClearInterrupt()
	}()

	r.rejections = nil
	var result goja.Value
	var top *goja.Promise
	first := func() error {
		var err error
		if ex := r.vm.Try(func() { result, err = start(r.vm) }); ex != nil {
			return ex
		}
		if err != nil {
			return err
		}
		top = r.promiseOf(result)
		return nil
	}
	settled := func() bool {
		// A plain value needs no waiting: timers the code scheduled (say, at a bundle's top
		// level) stay queued and run during the next Run.
		if top == nil || r.unhandled(top) != nil {
			return true
		}
		return top.State() != goja.PromiseStatePending
	}
	err := r.loop.Run(ctx, first, settled)
	if err != nil || (top != nil && top.State() != goja.PromiseStatePending) {
		r.loop.ClearTimers()
	}
	if err != nil {
		return nil, r.runError(ctx, err, timeout)
	}
	if p := r.unhandled(top); p != nil {
		se := r.valueError(p.Result(), nil, KindError)
		se.Unhandled = true
		return nil, se
	}
	if top == nil {
		return result, nil
	}
	switch top.State() {
	case goja.PromiseStateFulfilled:
		return top.Result(), nil
	case goja.PromiseStateRejected:
		return nil, r.valueError(top.Result(), nil, KindError)
	default:
		if err := ctx.Err(); err != nil {
			return nil, r.runError(ctx, context.Cause(ctx), timeout)
		}
		return nil, &ScriptError{
			Kind:    KindNeverResolved,
			Name:    "Error",
			Message: "the script never resolved: it is awaiting a promise that nothing can settle any more (no timer, request or callback is pending)",
		}
	}
}

// promiseOf returns v as a promise: itself, Promise.resolve(v) for a thenable, nil otherwise.
func (r *Runtime) promiseOf(v goja.Value) *goja.Promise {
	if v == nil {
		return nil
	}
	if p, ok := v.Export().(*goja.Promise); ok {
		return p
	}
	o, ok := v.(*goja.Object)
	if !ok {
		return nil
	}
	if _, ok := goja.AssertFunction(o.Get("then")); !ok {
		return nil
	}
	promiseResolve, _ := goja.AssertFunction(r.vm.Get("Promise").ToObject(r.vm).Get("resolve"))
	pv, err := promiseResolve(r.vm.Get("Promise"), v)
	if err != nil {
		return nil
	}
	p, _ := pv.Export().(*goja.Promise)
	return p
}

type timeoutCause struct{ d time.Duration }

func (t *timeoutCause) Error() string { return fmt.Sprintf("timed out after %s", t.d) }

func (r *Runtime) runContext(ctx context.Context) (context.Context, context.CancelFunc, time.Duration) {
	if ctx == nil {
		ctx = context.Background()
	}
	if r.opts.Timeout > 0 {
		c, cancel := context.WithTimeoutCause(ctx, r.opts.Timeout, &timeoutCause{r.opts.Timeout})
		return c, cancel, r.opts.Timeout
	}
	var d time.Duration
	if dl, ok := ctx.Deadline(); ok {
		d = time.Until(dl).Round(time.Millisecond)
	}
	c, cancel := context.WithCancel(ctx)
	return c, cancel, d
}

func dirName(p string) string {
	for i := len(p) - 1; i >= 0; i-- {
		if p[i] == '/' || p[i] == '\\' {
			if i == 0 {
				return p[:1]
			}
			return p[:i]
		}
	}
	return "."
}

// randSource adapts an io.Reader to goja's Math.random source.
func randSource(rd io.Reader) goja.RandSource {
	var mu sync.Mutex
	var b [8]byte
	return func() float64 {
		mu.Lock()
		defer mu.Unlock()
		if _, err := io.ReadFull(rd, b[:]); err != nil {
			return 0
		}
		u := uint64(b[0])<<45 | uint64(b[1])<<37 | uint64(b[2])<<29 | uint64(b[3])<<21 |
			uint64(b[4])<<13 | uint64(b[5])<<5 | uint64(b[6])>>3
		return float64(u) / float64(uint64(1)<<53)
	}
}
