// Package sdk is the host side of the `nango` object that sync, action and on-event scripts
// receive: the NangoAction/NangoSync members (nango.js lists them) with the reference CLI's
// dry-run semantics, installed into a jsruntime VM.
//
// The object itself is JavaScript (nango.js) so that it behaves natively for scripts
// (classes, `instanceof`, `nango.ActionError`, axios-like responses and errors); everything
// that leaves the VM goes through Go:
//
//   - every request (proxy/get/post/put/patch/delete and every page of paginate) through
//     one Transport: Live (the Nango server), Recording (live + mocks.Recorder, for
//     --save-responses) or Replay (mocks.Replayer: no server, no network);
//
//   - batchSave/batchUpdate/batchDelete into a records.Store (and an optional hook, which
//     `nango test` uses to collect the calls it judges);
//
//   - nango.log and console output to a log function.
//
//     n, err := sdk.Install(rt, sdk.Options{Props: props, Transport: t, Store: store, Log: logf})
//     out, err := rt.Call(ctx, mod, "default", n.Value(), input)
//     if se, ok := err.(*jsruntime.ScriptError); ok { f := n.Failure(se) ... }
package sdk

import (
	"context"
	_ "embed"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/dop251/goja"

	"github.com/nango-go/nango/internal/jsruntime"
	"github.com/nango-go/nango/internal/nangoapi"
	"github.com/nango-go/nango/internal/paginate"
	"github.com/nango-go/nango/internal/project"
	"github.com/nango-go/nango/internal/records"
)

//go:embed nango.js
var source string

var program = sync.OnceValues(func() (*goja.Program, error) {
	return goja.Compile("nango:sdk.js", source, true)
})

// Props are the values of one run that the nango object exposes, as the reference CLI's dry
// run sets them.
type Props struct {
	// ScriptType is sync, action or on-event; syncs get a NangoSync (batch calls,
	// lastSyncDate, variant), the others a NangoAction.
	ScriptType        project.Kind
	ConnectionID      string
	ProviderConfigKey string
	// Provider is the provider template name (pagination defaults, getIntegration in replay).
	Provider          string
	EnvironmentName   string
	NangoConnectionID int64
	// LastSyncDate is --lastSyncDate (nil: undefined, or null in replay).
	LastSyncDate *time.Time
	// Variant is --variant ("" means base).
	Variant string
	// Validation is --validation (runnerFlags).
	Validation bool
	// Replay selects the replay semantics of Nango's test harness: pagination stops after a
	// page from a legacy recording (one without request identity), zodValidateInput returns
	// {data: input}, lastSyncDate defaults to null.
	Replay bool
	// UserAgent is the node-client User-Agent that paginate adds to page requests.
	UserAgent string
	// Checkpoint is --checkpoint (JSON text of a flat object; nil: none): what a sync's
	// nango.getCheckpoint() returns until the script saves or clears it (in memory only).
	Checkpoint []byte
}

// Options configure the nango object of one run.
type Options struct {
	Props     Props
	Transport Transport
	// Store receives a sync's batch calls (nil: batch calls fail, as for an action).
	Store *records.Store
	// OnBatch, when set, also receives every batch call as the JSON text of the array the
	// script passed (before de-duplication), after the store accepted it; an error fails the
	// call. `nango test` collects calls here; --save-responses uses the store's batches.
	OnBatch func(op records.Op, model, recordsJSON string) error
	// Log receives nango.log lines (already formatted: objects as JSON).
	Log func(level jsruntime.LogLevel, message string)
	// PaginateDefaults looks up the provider's default pagination (nil: none); called only when
	// a script paginates without a type of its own.
	PaginateDefaults func() (map[string]any, error)
	// MetadataStub is --metadata (JSON text): a sync's getMetadata() returns it and its
	// getConnection().metadata is replaced by it, as in the reference.
	MetadataStub []byte
	// OnConnection is told about every connection fetched (JSON text), so the caller can keep
	// its credentials out of output.
	OnConnection func(raw []byte)
	// Now is the clock of the 60-second connection memo (default time.Now).
	Now func() time.Time
	// TriggerSync runs nango.triggerSync: the reference's CLI dry-runs that sync locally and
	// returns its text output. nil: triggerSync fails saying it is not available here.
	TriggerSync func(ctx context.Context, req TriggerSyncRequest) (string, error)
}

// TriggerSyncRequest is a script's nango.triggerSync(providerConfigKey, connectionId, sync,
// syncModeOrOpts).
type TriggerSyncRequest struct {
	ProviderConfigKey string
	ConnectionID      string
	Name              string
	// Variant is "" or "base" for the base sync.
	Variant string
	// FullResync is true for `true` or {reset: true}/'full_refresh*' modes (no lastSyncDate).
	FullResync bool
}

// Nango is an installed nango object.
type Nango struct {
	rt     *jsruntime.Runtime
	opts   Options
	object *goja.Object
	action goja.Value // the ActionError class

	// batchSizeHint is the largest batch text so far: the next one's buffer starts there.
	batchSizeHint int
	// marks are what nango.js reports about objects the plain JSON path must not trust (nil
	// until installed: JSON.stringify only).
	marks *shapeMarks

	mu    sync.Mutex
	memo  map[string]memoEntry
	calls int
}

type memoEntry struct {
	raw []byte
	at  time.Time
}

// connectionTTL is how long the reference memoizes getConnection.
const connectionTTL = 60 * time.Second

// Install creates the nango object for one run in rt. Call it on the loop goroutine (before
// or inside a Run).
func Install(rt *jsruntime.Runtime, opts Options) (*Nango, error) {
	if opts.Transport == nil {
		return nil, errors.New("sdk: no transport")
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	vm := rt.VM()
	prg, err := program()
	if err != nil {
		return nil, fmt.Errorf("sdk: compile nango object: %w", err)
	}
	create, err := vm.RunProgram(prg)
	if err != nil {
		return nil, fmt.Errorf("sdk: install nango object: %w", err)
	}
	createFn, ok := goja.AssertFunction(create)
	if !ok {
		return nil, errors.New("sdk: nango object factory is not a function")
	}
	n := &Nango{rt: rt, opts: opts, memo: map[string]memoEntry{}, marks: &shapeMarks{}}
	host, err := n.host()
	if err != nil {
		return nil, err
	}
	res, err := createFn(goja.Undefined(), host, n.props())
	if err != nil {
		return nil, fmt.Errorf("sdk: create nango object: %w", err)
	}
	obj := res.ToObject(vm)
	n.object = obj.Get("nango").ToObject(vm)
	n.action = obj.Get("ActionError")
	return n, nil
}

// Value is the nango object, to pass to the script's exported function.
func (n *Nango) Value() goja.Value { return n.object }

// Requests is how many requests the script made through the transport.
func (n *Nango) Requests() int {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.calls
}

func (n *Nango) props() goja.Value {
	p := n.opts.Props
	vm := n.rt.VM()
	o := vm.NewObject()
	set := func(k string, v any) { _ = o.Set(k, v) }
	set("scriptType", string(p.ScriptType))
	set("connectionId", p.ConnectionID)
	set("providerConfigKey", p.ProviderConfigKey)
	if p.Provider != "" {
		set("provider", p.Provider)
	}
	set("environmentName", p.EnvironmentName)
	if p.NangoConnectionID != 0 {
		set("nangoConnectionId", p.NangoConnectionID)
	}
	if p.LastSyncDate != nil {
		set("lastSyncDate", float64(p.LastSyncDate.UnixMilli()))
	}
	set("variant", p.Variant)
	set("validation", p.Validation)
	set("replay", p.Replay)
	ua := p.UserAgent
	if ua == "" {
		ua = nangoapi.SDKUserAgent("")
	}
	set("userAgent", ua)
	if p.Checkpoint != nil {
		set("checkpoint", string(p.Checkpoint))
	}
	return o
}

func (n *Nango) host() (*goja.Object, error) {
	vm := n.rt.VM()
	h := vm.NewObject()
	pg, err := paginate.Install(vm)
	if err != nil {
		return nil, err
	}
	var defaults goja.Value = goja.Null()
	if n.opts.PaginateDefaults != nil {
		defaults = paginate.Defaults(vm, n.opts.PaginateDefaults)
	}
	for k, v := range map[string]any{
		"proxy":                   n.proxy,
		"paginate":                pg,
		"paginateDefaults":        defaults,
		"getConnection":           n.getConnection,
		"getMetadata":             n.getMetadata,
		"setMetadata":             n.setMetadata,
		"getEnvironmentVariables": n.getEnvironmentVariables,
		"getIntegration":          n.getIntegration,
		"getWebhookURL":           n.getWebhookURL,
		"triggerAction":           n.triggerAction,
		"listRecords":             n.listRecords,
		"fetch":                   n.fetch,
		"triggerSync":             n.triggerSync,
		"markHidden":              func(o *goja.Object) { n.marks.markHidden(o) },
		"markProxy":               func(o *goja.Object) { n.marks.markProxy(o) },
		"log":                     n.log,
		"batch":                   n.batch,
	} {
		if err := h.Set(k, v); err != nil {
			return nil, err
		}
	}
	return h, nil
}
