package dryrun

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/dop251/goja"

	"github.com/nango-go/nango/internal/jsruntime"
	"github.com/nango-go/nango/internal/records"
	"github.com/nango-go/nango/internal/schemavalidate"
	"github.com/nango-go/nango/internal/sdk"
)

// Run is one execution of a loaded script.
type Run struct {
	Script    *Script
	Transport sdk.Transport
	// Props: ScriptType is filled from the script; the caller sets the connection, integration,
	// provider, environment, lastSyncDate, variant, replay.
	Props sdk.Props
	// Input is the action's input as JSON text (nil: undefined).
	Input []byte
	// MetadataStub is --metadata as JSON text (nil: none).
	MetadataStub []byte
	// Validation is --validation: invalid input, output or records fail the run.
	Validation bool
	// Timeout bounds the run (0: none).
	Timeout     time.Duration
	TimeoutHint string
	// MemoryLimit stops the run past this heap size (jsruntime.Options.MemoryLimit; 0:
	// jsruntime.DefaultMemoryLimit).
	MemoryLimit int64
	// NodeModules are searched for zod.
	NodeModules []string
	// Log receives the script's console and nango.log lines, the store's warnings and the
	// run's own status lines.
	Log func(level jsruntime.LogLevel, message string)
	// OnBatch sees every batch call (see sdk.Options.OnBatch).
	OnBatch func(op records.Op, model, recordsJSON string) error
	// OnConnection sees every connection the script fetches.
	OnConnection     func(raw []byte)
	PaginateDefaults func() (map[string]any, error)
	Now              func() time.Time
	// TriggerSync runs nango.triggerSync (see sdk.Options.TriggerSync; nil: not available).
	TriggerSync func(ctx context.Context, req sdk.TriggerSyncRequest) (string, error)
}

// Outcome is what a run produced.
type Outcome struct {
	// Type is "sync", "action" or "on-event".
	Type string
	// Output is the action's result as JSON text (nil when it returned undefined).
	Output []byte
	// Store holds a sync's batch calls.
	Store *records.Store
	// Failure is set when the script failed (thrown error, timeout, invalid input/output
	// with --validation).
	Failure *sdk.Failure
	// Report is the validation report of an invalid input, output or record (with
	// --validation), for display.
	Report *schemavalidate.Report
	// Duration is the script's run time.
	Duration time.Duration
	// Requests is how many proxied requests the script made.
	Requests int
}

// OK reports whether the script succeeded.
func (o *Outcome) OK() bool { return o.Failure == nil }

func (r *Run) log(level jsruntime.LogLevel, msg string) {
	if r.Log != nil {
		r.Log(level, msg)
	}
}

// Execute runs the script once. Setup failures (a runtime that cannot start) are errors;
// everything the script does wrong is in Outcome.Failure.
func Execute(ctx context.Context, r Run) (*Outcome, error) {
	s := r.Script
	out := &Outcome{Type: s.Type()}
	if r.Now == nil {
		r.Now = time.Now
	}
	props := r.Props
	props.ScriptType = s.Type()
	props.Validation = r.Validation

	recOpts := records.Options{Schema: s.Schema, Validation: r.Validation, Variant: props.Variant,
		Log: func(level records.Level, msg string) { r.log(jsruntime.LogLevel(level), msg) }}

	if out.Type == sdk.TypeAction {
		if err := records.ValidateActionInput(recOpts, s.InputModel(), r.Input); err != nil {
			return out, out.invalid(err)
		}
	}
	if out.Type == sdk.TypeSync {
		out.Store = records.New(recOpts)
	}

	rt, err := jsruntime.New(jsruntime.Options{
		Logger:      jsruntime.LoggerFunc(r.log),
		NodeModules: r.NodeModules,
		Timeout:     r.Timeout,
		TimeoutHint: r.TimeoutHint,
		MemoryLimit: r.MemoryLimit,
		MemoryHint:  MemoryHint,
		Modules:     jsruntime.NangoModules(),
	})
	if err != nil {
		return nil, fmt.Errorf("start the script runtime: %w", err)
	}
	n, err := sdk.Install(rt, sdk.Options{
		Props: props, Transport: r.Transport, Store: out.Store, OnBatch: r.OnBatch,
		Log: r.log, PaginateDefaults: r.PaginateDefaults, MetadataStub: r.MetadataStub,
		OnConnection: r.OnConnection, Now: r.Now, TriggerSync: r.TriggerSync,
	})
	if err != nil {
		return nil, err
	}
	start := r.Now()
	defer func() { out.Duration = r.Now().Sub(start); out.Requests = n.Requests() }()

	mod, err := rt.Load(ctx, s.Program)
	if err != nil {
		return out, out.fail(n, err, s.Dir)
	}
	var input goja.Value = goja.Undefined()
	if r.Input != nil {
		v, err := rt.FromJSON(r.Input)
		if err != nil {
			return nil, fmt.Errorf("input: %w", err)
		}
		input = v
	}
	fn := mod.Export("default")
	if obj, ok := fn.(*goja.Object); ok {
		if _, isFn := goja.AssertFunction(obj); !isFn {
			// A zero-yaml script exports {type, exec, ...}.
			if exec := obj.Get("exec"); exec != nil {
				if _, ok := goja.AssertFunction(exec); ok {
					fn = obj
				}
			}
		}
	}
	var result goja.Value
	if _, isFn := goja.AssertFunction(fn); isFn {
		result, err = rt.Call(ctx, mod, "default", n.Value(), input)
	} else if obj, ok := fn.(*goja.Object); ok && obj.Get("exec") != nil {
		result, err = rt.Run(ctx, func(vm *goja.Runtime) (goja.Value, error) {
			exec, _ := goja.AssertFunction(obj.Get("exec"))
			return exec(obj, n.Value(), input)
		})
	} else {
		return out, out.failWith(&sdk.Failure{Type: sdk.ErrInternal, Status: 500,
			Message: fmt.Sprintf("there is no default export that is a function for %s", s.Name()),
			Payload: json.RawMessage(`{"message":"no default export"}`)})
	}
	if err != nil {
		return out, out.fail(n, err, s.Dir)
	}
	if out.Type == sdk.TypeAction {
		text, err := rt.ToJSON(result)
		if err != nil {
			return out, out.fail(n, err, s.Dir)
		}
		out.Output = text
		if err := records.ValidateActionOutput(recOpts, firstOrEmpty(s.OutputModels()), text); err != nil {
			return out, out.invalid(err)
		}
	}
	return out, nil
}

func firstOrEmpty(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return s[0]
}

// fail records a failed run; it returns nil so that callers can `return out, out.fail(...)`.
func (o *Outcome) fail(n *sdk.Nango, err error, root string) error {
	var se *jsruntime.ScriptError
	if errors.As(err, &se) {
		o.Failure = n.Describe(se, root)
		if o.Failure.Validation {
			var inv *records.InvalidRecordError
			if errors.As(se.Cause, &inv) {
				rep := inv.Report()
				o.Report = &rep
			} else if len(o.Failure.Payload) > 0 {
				var rep schemavalidate.Report
				if json.Unmarshal(o.Failure.Payload, &rep) == nil {
					o.Report = &rep
				}
			}
		}
		return nil
	}
	o.Failure = &sdk.Failure{Type: sdk.ErrInternal, Status: 500, Message: err.Error(), Cause: err}
	return nil
}

func (o *Outcome) failWith(f *sdk.Failure) error {
	o.Failure = f
	return nil
}

// invalid records an invalid action input or output (--validation).
func (o *Outcome) invalid(err error) error {
	var inv *records.InvalidActionError
	if errors.As(err, &inv) {
		rep := inv.Report()
		o.Report = &rep
		payload, _ := json.Marshal(rep)
		o.Failure = &sdk.Failure{Type: inv.Code(), Status: 500, Message: inv.Error(), Payload: payload, Validation: true}
		return nil
	}
	o.Failure = &sdk.Failure{Type: sdk.ErrInternal, Status: 500, Message: err.Error(), Cause: err}
	return nil
}
