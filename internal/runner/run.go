package runner

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/dop251/goja"

	"github.com/nango-go/nango/internal/jsruntime"
	"github.com/nango-go/nango/internal/project"
	"github.com/nango-go/nango/internal/records"
	"github.com/nango-go/nango/internal/schemavalidate"
	"github.com/nango-go/nango/internal/sdk"
)

// Options are everything one run of a script takes besides the script and its transport.
// Callers keep one value (the command fills the limits and the clock) and set the per-run
// fields on a copy.
type Options struct {
	// Props: ScriptType is filled from the script; the caller sets the connection, integration,
	// provider, environment, lastSyncDate, variant, replay.
	Props sdk.Props
	// Input is the action's input as JSON text (nil: undefined).
	Input []byte
	// MetadataStub is --metadata as JSON text (nil: none).
	MetadataStub []byte
	// Validation: invalid input, output or records fail the run.
	Validation bool

	// Timeout bounds the run (0: none); TimeoutHint ends the timeout message (how to raise the
	// limit; "": jsruntime's default).
	Timeout     time.Duration
	TimeoutHint string
	// MemoryLimit stops the run past this heap size (0: jsruntime.DefaultMemoryLimit);
	// MemoryHint ends that message ("": jsruntime's default).
	MemoryLimit int64
	MemoryHint  string
	// NodeModules are searched for require('zod') (see NodeModules).
	NodeModules []string
	// Now is the clock (nil: time.Now).
	Now func() time.Time
	// Log receives the script's console and nango.log lines, the store's warnings and the
	// run's own status lines.
	Log func(level jsruntime.LogLevel, message string)

	// OnBatch sees every batch call (see sdk.Options.OnBatch).
	OnBatch func(op records.Op, model, recordsJSON string) error
	// OnConnection sees every connection the script fetches.
	OnConnection func(raw []byte)
	// PaginateDefaults looks up the provider's default pagination (nil: none).
	PaginateDefaults func() (map[string]any, error)
	// TriggerSync runs nango.triggerSync (see sdk.Options.TriggerSync; nil: not available).
	TriggerSync func(ctx context.Context, req sdk.TriggerSyncRequest) (string, error)
}

func (o *Options) log(level jsruntime.LogLevel, msg string) {
	if o.Log != nil {
		o.Log(level, msg)
	}
}

// Outcome is what a run produced.
type Outcome struct {
	Kind project.Kind
	// Output is the action's result as JSON text (nil when it returned undefined).
	Output []byte
	// Store holds a sync's batch calls.
	Store *records.Store
	// Failure is set when the script failed (thrown error, timeout, memory limit, invalid
	// input/output with Validation, a request with no recording in a replay).
	Failure *sdk.Failure
	// Report is the validation report of an invalid input, output or record (with
	// Validation), for display.
	Report *schemavalidate.Report
	// Duration is the script's run time.
	Duration time.Duration
	// Requests is how many proxied requests the script made.
	Requests int
}

// OK reports whether the script succeeded.
func (o *Outcome) OK() bool { return o.Failure == nil }

// Run runs the script once with every request going to t. Setup failures (a runtime that
// cannot start) are errors; everything the script does wrong is in Outcome.Failure.
func Run(ctx context.Context, s *Script, t sdk.Transport, o Options) (*Outcome, error) {
	out := &Outcome{Kind: s.Kind()}
	if o.Now == nil {
		o.Now = time.Now
	}
	props := o.Props
	props.ScriptType = s.Kind()
	props.Validation = o.Validation
	recOpts := records.Options{Schema: s.Schema, Validation: o.Validation, Variant: props.Variant,
		Log: func(level records.Level, msg string) { o.log(jsruntime.LogLevel(level), msg) }}
	switch out.Kind {
	case project.KindAction:
		if !s.undeclared(s.InputModel()) {
			if err := records.ValidateActionInput(recOpts, s.InputModel(), o.Input); err != nil {
				return out, out.invalid(err)
			}
		}
	case project.KindSync:
		out.Store = records.New(recOpts)
	}
	rt, err := jsruntime.New(jsruntime.Options{
		Logger: jsruntime.LoggerFunc(o.log), NodeModules: o.NodeModules,
		Timeout: o.Timeout, TimeoutHint: o.TimeoutHint, MemoryLimit: o.MemoryLimit, MemoryHint: o.MemoryHint,
		Modules: jsruntime.NangoModules(),
	})
	if err != nil {
		return nil, fmt.Errorf("start the script runtime: %w", err)
	}
	n, err := sdk.Install(rt, sdk.Options{
		Props: props, Transport: t, Store: out.Store, OnBatch: o.OnBatch,
		Log: o.log, PaginateDefaults: o.PaginateDefaults, MetadataStub: o.MetadataStub,
		OnConnection: o.OnConnection, Now: o.Now, TriggerSync: o.TriggerSync,
	})
	if err != nil {
		return nil, err
	}
	start := o.Now()
	defer func() { out.Duration = o.Now().Sub(start); out.Requests = n.Requests() }()
	return out, out.exec(ctx, rt, n, s, recOpts, o.Input)
}

// exec loads the bundle, calls its default export and judges an action's output.
func (out *Outcome) exec(ctx context.Context, rt *jsruntime.Runtime, n *sdk.Nango, s *Script, recOpts records.Options, inputJSON []byte) error {
	mod, err := rt.Load(ctx, s.Program)
	if err != nil {
		return out.fail(n, err, s.Dir)
	}
	var input goja.Value = goja.Undefined()
	if inputJSON != nil {
		v, err := rt.FromJSON(inputJSON)
		if err != nil {
			return fmt.Errorf("input: %w", err)
		}
		input = v
	}
	result, err := callDefault(ctx, rt, mod, n, input)
	if err == errNoDefault {
		return out.failWith(&sdk.Failure{Type: sdk.ErrInternal, Status: 500,
			Message: fmt.Sprintf("there is no default export that is a function for %s", s.Name()),
			Payload: json.RawMessage(`{"message":"no default export"}`)})
	}
	if err != nil {
		return out.fail(n, err, s.Dir)
	}
	if out.Kind == project.KindAction {
		text, err := rt.ToJSON(result)
		if err != nil {
			return out.fail(n, err, s.Dir)
		}
		out.Output = text
		if model := firstOrEmpty(s.OutputModels()); !s.undeclared(model) {
			if err := records.ValidateActionOutput(recOpts, model, text); err != nil {
				return out.invalid(err)
			}
		}
	}
	return nil
}

var errNoDefault = fmt.Errorf("no default export")

// callDefault calls the module's default export: a function (nango.yaml scripts), or an
// object with an exec function (zero-yaml scripts export {type, exec, ...}).
func callDefault(ctx context.Context, rt *jsruntime.Runtime, mod *jsruntime.Module, n *sdk.Nango, input goja.Value) (goja.Value, error) {
	fn := mod.Export("default")
	if _, isFn := goja.AssertFunction(fn); isFn {
		return rt.Call(ctx, mod, "default", n.Value(), input)
	}
	obj, ok := fn.(*goja.Object)
	if !ok || obj.Get("exec") == nil {
		return nil, errNoDefault
	}
	exec, isFn := goja.AssertFunction(obj.Get("exec"))
	if !isFn {
		return nil, errNoDefault
	}
	return rt.Run(ctx, func(vm *goja.Runtime) (goja.Value, error) { return exec(obj, n.Value(), input) })
}
