// Package sdk is the host side of the `nango` object that sync, action and on-event scripts
// receive (runtime-sdk.md §1–3): the NangoAction/NangoSync members with the reference CLI's
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
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/dop251/goja"

	"github.com/nango-go/nango/internal/jsruntime"
	"github.com/nango-go/nango/internal/mocks"
	"github.com/nango-go/nango/internal/nangoapi"
	"github.com/nango-go/nango/internal/paginate"
	"github.com/nango-go/nango/internal/records"
)

//go:embed nango.js
var source string

var program = sync.OnceValues(func() (*goja.Program, error) {
	return goja.Compile("nango:sdk.js", source, true)
})

// Script types, as nango.yaml names them.
const (
	TypeSync    = "sync"
	TypeAction  = "action"
	TypeOnEvent = "on-event"
)

// Props are the values of one run that the nango object exposes (reference CLI dry run,
// cli-and-protocol.md §7.2).
type Props struct {
	// ScriptType is TypeSync, TypeAction or TypeOnEvent; syncs get a NangoSync (batch calls,
	// lastSyncDate, variant), the others a NangoAction.
	ScriptType        string
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
	// Replay selects the replay semantics of Nango's test harness (replay-mocks.md §4–5):
	// pagination stops after a legacy page, zodValidateInput returns {data: input},
	// lastSyncDate defaults to null.
	Replay bool
	// UserAgent is the node-client User-Agent that paginate adds to page requests.
	UserAgent string
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
	set("scriptType", p.ScriptType)
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

// ---- requests ---------------------------------------------------------------------------

func str(o *goja.Object, k string) string {
	v := o.Get(k)
	if v == nil || goja.IsUndefined(v) || goja.IsNull(v) {
		return ""
	}
	return v.String()
}

// request reads what nango.js's buildRequest produced.
func (n *Nango) request(spec *goja.Object) (*Request, error) {
	vm := n.rt.VM()
	w := nangoapi.ProxyRequest{
		Method:            strings.ToUpper(str(spec, "method")),
		Endpoint:          str(spec, "path"),
		ConnectionID:      str(spec, "connectionId"),
		ProviderConfigKey: str(spec, "providerConfigKey"),
		BaseURLOverride:   str(spec, "baseUrlOverride"),
		ContentType:       str(spec, "contentType"),
		Retries:           int(spec.Get("retries").ToInteger()),
		Decompress:        spec.Get("decompress").ToBoolean(),
	}
	var headerPairs [][]string
	if err := vm.ExportTo(spec.Get("headers"), &headerPairs); err != nil {
		return nil, fmt.Errorf("proxy headers: %w", err)
	}
	for _, p := range headerPairs {
		if len(p) == 2 {
			w.Headers = append(w.Headers, nangoapi.HeaderField{Name: p[0], Value: p[1]})
		}
	}
	var retryOn []float64
	_ = vm.ExportTo(spec.Get("retryOn"), &retryOn)
	for _, r := range retryOn {
		w.RetryOn = append(w.RetryOn, int(r))
	}
	id := mocks.Request{Method: str(spec, "method"), Endpoint: str(spec, "endpoint")}
	var err error
	if id.Params, err = mocks.ParamsFromJSON(str(spec, "paramsJSON")); err != nil {
		return nil, err
	}
	if id.Headers, err = mocks.EntriesFromJSON(str(spec, "headersJSON")); err != nil {
		return nil, err
	}
	body := spec.Get("body").ToObject(vm)
	switch str(body, "kind") {
	case "string":
		t := str(body, "text")
		w.Body = []byte(t)
		id.Body = mocks.StringBody(t)
	case "binary":
		b, _ := jsBytes(vm, body.Get("buffer"))
		w.Body = b
		id.Body = mocks.BinaryBody(b)
	case "json":
		t := str(body, "text")
		w.Body = []byte(t)
		id.Body = mocks.JSONBody(t)
	default:
		id.Body = mocks.NoBody()
	}
	if !spec.Get("hasData").ToBoolean() {
		// A falsy body (0, false, "") is sent but left out of the identity.
		id.Body = mocks.NoBody()
	}
	return &Request{Wire: w, Identity: id, ResponseType: str(spec, "responseType")}, nil
}

func (n *Nango) proxy(call goja.FunctionCall) goja.Value {
	vm := n.rt.VM()
	req, err := n.request(call.Argument(0).ToObject(vm))
	if err != nil {
		n.rt.Throw(err)
	}
	n.mu.Lock()
	n.calls++
	n.mu.Unlock()
	return vm.ToValue(n.rt.Go(func(ctx context.Context) jsruntime.Settle {
		resp, err := n.opts.Transport.Proxy(ctx, req)
		return func(vm *goja.Runtime) (goja.Value, error) {
			if err != nil {
				return nil, err
			}
			return n.rawResponse(req, resp)
		}
	}))
}

// rawResponse is the answer handed to nango.js, which builds the axios response or error.
func (n *Nango) rawResponse(req *Request, resp *Response) (goja.Value, error) {
	vm := n.rt.VM()
	o := vm.NewObject()
	_ = o.Set("status", resp.Status)
	_ = o.Set("statusText", statusText(resp.Status))
	_ = o.Set("hasStatus", resp.HasStatus)
	_ = o.Set("path", req.Wire.Endpoint)
	if resp.HeadersJSON != nil {
		h, err := n.rt.FromJSON(resp.HeadersJSON)
		if err != nil {
			return nil, err
		}
		_ = o.Set("headers", h)
		_ = o.Set("hasHeaders", true)
	} else {
		_ = o.Set("hasHeaders", false)
	}
	var data goja.Value
	switch {
	case resp.DataUndefined:
		data = goja.Undefined()
	case resp.DataJSON != nil:
		v, err := n.rt.FromJSON(resp.DataJSON)
		if err != nil {
			return nil, err
		}
		data = v
		if req.ResponseType == "arraybuffer" {
			if s, ok := v.Export().(string); ok {
				if b, err := base64.StdEncoding.DecodeString(s); err == nil {
					data = n.rt.Buffer().Wrap(b)
				}
			}
		}
	default:
		data = n.bodyValue(resp.Body, req.ResponseType)
	}
	_ = o.Set("data", data)
	return o, nil
}

// bodyValue is what axios gives for a body: a Buffer for arraybuffer, the text for text,
// otherwise parsed JSON when it parses (axios' default transitional parsing), else the text.
func (n *Nango) bodyValue(body []byte, responseType string) goja.Value {
	vm := n.rt.VM()
	switch responseType {
	case "arraybuffer", "blob", "stream":
		return n.rt.Buffer().Wrap(body)
	case "text":
		return vm.ToValue(string(body))
	}
	if len(body) > 0 && json.Valid(body) {
		if v, err := n.rt.FromJSON(body); err == nil {
			return v
		}
	}
	return vm.ToValue(string(body))
}

func base64Std(b []byte) string { return base64.StdEncoding.EncodeToString(b) }

func jsBytes(vm *goja.Runtime, v goja.Value) ([]byte, bool) {
	if v == nil || goja.IsUndefined(v) {
		return nil, false
	}
	switch x := v.Export().(type) {
	case []byte:
		return x, true
	case goja.ArrayBuffer:
		return x.Bytes(), true
	}
	o := v.ToObject(vm)
	if buf, ok := o.Get("buffer").Export().(goja.ArrayBuffer); ok {
		off := int(o.Get("byteOffset").ToInteger())
		l := int(o.Get("length").ToInteger())
		b := buf.Bytes()
		if off+l <= len(b) {
			return b[off : off+l], true
		}
	}
	return nil, false
}

// ---- connection, metadata, integration ----------------------------------------------------

func (n *Nango) fetchConnection(ctx context.Context, q ConnectionQuery) ([]byte, error) {
	key := q.ProviderConfigKey + "\x00" + q.ConnectionID
	if !q.ForceRefresh && !q.RefreshToken {
		n.mu.Lock()
		e, ok := n.memo[key]
		n.mu.Unlock()
		if ok && n.opts.Now().Sub(e.at) < connectionTTL {
			return e.raw, nil
		}
	}
	raw, err := n.opts.Transport.GetConnection(ctx, q)
	if err != nil {
		return nil, err
	}
	if n.opts.OnConnection != nil {
		n.opts.OnConnection(raw)
	}
	n.mu.Lock()
	n.memo[key] = memoEntry{raw: raw, at: n.opts.Now()}
	n.mu.Unlock()
	return raw, nil
}

func (n *Nango) isSync() bool { return n.opts.Props.ScriptType == TypeSync }

func (n *Nango) getConnection(pck, connID string, forceRefresh, refreshToken bool) goja.Value {
	q := ConnectionQuery{ProviderConfigKey: pck, ConnectionID: connID, ForceRefresh: forceRefresh, RefreshToken: refreshToken}
	return n.rt.VM().ToValue(n.rt.Go(func(ctx context.Context) jsruntime.Settle {
		raw, err := n.fetchConnection(ctx, q)
		return func(vm *goja.Runtime) (goja.Value, error) {
			if err != nil {
				return nil, err
			}
			v, err := n.rt.FromJSON(raw)
			if err != nil {
				return nil, err
			}
			if n.isSync() && n.opts.MetadataStub != nil {
				if o, ok := v.(*goja.Object); ok {
					stub, err := n.rt.FromJSON(n.opts.MetadataStub)
					if err != nil {
						return nil, err
					}
					_ = o.Set("metadata", stub)
				}
			}
			return v, nil
		}
	}))
}

func (n *Nango) getMetadata() goja.Value {
	p := n.opts.Props
	if n.isSync() && n.opts.MetadataStub != nil {
		v, err := n.rt.FromJSON(n.opts.MetadataStub)
		if err != nil {
			n.rt.Throw(err)
		}
		return v
	}
	return n.rt.VM().ToValue(n.rt.Go(func(ctx context.Context) jsruntime.Settle {
		var raw []byte
		var err error
		if ms, ok := n.opts.Transport.(MetadataSource); ok {
			raw, err = ms.GetMetadata(ctx)
		} else {
			raw, err = n.fetchConnection(ctx, ConnectionQuery{ProviderConfigKey: p.ProviderConfigKey, ConnectionID: p.ConnectionID})
		}
		return func(vm *goja.Runtime) (goja.Value, error) {
			if err != nil {
				return nil, err
			}
			v, err := n.rt.FromJSON(raw)
			if err != nil {
				return nil, err
			}
			if _, ok := n.opts.Transport.(MetadataSource); ok {
				return v, nil
			}
			if o, ok := v.(*goja.Object); ok {
				return o.Get("metadata"), nil
			}
			return goja.Undefined(), nil
		}
	}))
}

func (n *Nango) setMetadata(metadata goja.Value, update bool) goja.Value {
	vm := n.rt.VM()
	text, err := n.rt.ToJSON(metadata)
	if err != nil {
		n.rt.Throw(err)
	}
	if o, ok := metadata.(*goja.Object); !ok || o.ClassName() == "Array" || text == nil {
		n.rt.Throw(errors.New("setMetadata/updateMetadata expects an object"))
	}
	p := n.opts.Props
	return vm.ToValue(n.rt.Go(func(ctx context.Context) jsruntime.Settle {
		body, err := n.opts.Transport.SetMetadata(ctx, p.ProviderConfigKey, p.ConnectionID, text, update)
		if err == nil {
			// The reference drops its connection memo: the next getConnection sees the change.
			n.mu.Lock()
			n.memo = map[string]memoEntry{}
			n.mu.Unlock()
		}
		return func(vm *goja.Runtime) (goja.Value, error) {
			if err != nil {
				return nil, err
			}
			res := vm.NewObject()
			status := 201
			if update {
				status = 200
			}
			if body == nil {
				return goja.Undefined(), nil
			}
			data, err := n.rt.FromJSON(body)
			if err != nil {
				return nil, err
			}
			_ = res.Set("status", status)
			_ = res.Set("data", data)
			return res, nil
		}
	}))
}

func (n *Nango) jsonCall(work func(ctx context.Context) ([]byte, error), then func(goja.Value) goja.Value) goja.Value {
	return n.rt.VM().ToValue(n.rt.Go(func(ctx context.Context) jsruntime.Settle {
		raw, err := work(ctx)
		return func(vm *goja.Runtime) (goja.Value, error) {
			if err != nil {
				return nil, err
			}
			if len(raw) == 0 {
				return goja.Undefined(), nil
			}
			v, err := n.rt.FromJSON(raw)
			if err != nil {
				return nil, err
			}
			if then != nil {
				return then(v), nil
			}
			return v, nil
		}
	}))
}

func (n *Nango) getEnvironmentVariables() goja.Value {
	return n.jsonCall(n.opts.Transport.GetEnvironmentVariables, nil)
}

func (n *Nango) getIntegration(include []string) goja.Value {
	pck := n.opts.Props.ProviderConfigKey
	return n.jsonCall(func(ctx context.Context) ([]byte, error) {
		return n.opts.Transport.GetIntegration(ctx, pck, include)
	}, nil)
}

func (n *Nango) getWebhookURL() goja.Value {
	pck := n.opts.Props.ProviderConfigKey
	return n.jsonCall(func(ctx context.Context) ([]byte, error) {
		return n.opts.Transport.GetIntegration(ctx, pck, []string{"webhook"})
	}, func(v goja.Value) goja.Value {
		if o, ok := v.(*goja.Object); ok {
			return o.Get("webhook_url")
		}
		return goja.Undefined()
	})
}

func (n *Nango) triggerAction(pck, connID, action, input string) goja.Value {
	var in []byte
	if input != "" {
		in = []byte(input)
	}
	req := &Request{Wire: nangoapi.ProxyRequest{Method: http.MethodPost, Endpoint: "/action/trigger"}}
	return n.rt.VM().ToValue(n.rt.Go(func(ctx context.Context) jsruntime.Settle {
		resp, err := n.opts.Transport.TriggerAction(ctx, pck, connID, action, in)
		return func(vm *goja.Runtime) (goja.Value, error) {
			if err != nil {
				return nil, err
			}
			return n.rawResponse(req, resp)
		}
	}))
}

// listRecords reads one page of stored records; nango.js batches the ids, follows cursors
// and maps the records back to the ids the script passed.
func (n *Nango) listRecords(model string, ids []string, cursor string) goja.Value {
	p := n.opts.Props
	q := RecordsQuery{ProviderConfigKey: p.ProviderConfigKey, ConnectionID: p.ConnectionID, Model: model, IDs: ids, Cursor: cursor}
	req := &Request{Wire: nangoapi.ProxyRequest{Method: http.MethodGet, Endpoint: "/records/"}}
	return n.rt.VM().ToValue(n.rt.Go(func(ctx context.Context) jsruntime.Settle {
		resp, err := n.opts.Transport.ListRecords(ctx, q)
		return func(vm *goja.Runtime) (goja.Value, error) {
			if err != nil {
				return nil, err
			}
			return n.rawResponse(req, resp)
		}
	}))
}

// fetch sends nango.uncontrolledFetch's request (built by nango.js: url, method, headers as
// [name, value] pairs, body as text or bytes) and resolves with the raw answer nango.js wraps
// in a Response.
func (n *Nango) fetch(spec *goja.Object) goja.Value {
	vm := n.rt.VM()
	req := &FetchRequest{URL: str(spec, "url"), Method: strings.ToUpper(str(spec, "method")), Header: http.Header{}}
	if req.Method == "" {
		req.Method = http.MethodGet
	}
	u, err := url.Parse(req.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		n.rt.Throw(fmt.Errorf("uncontrolledFetch: %q is not an absolute http(s) URL", req.URL))
	}
	var pairs [][]string
	if err := vm.ExportTo(spec.Get("headers"), &pairs); err != nil {
		n.rt.Throw(fmt.Errorf("uncontrolledFetch headers: %w", err))
	}
	for _, p := range pairs {
		if len(p) == 2 {
			req.Header.Add(p[0], p[1])
		}
	}
	switch str(spec, "bodyKind") {
	case "string":
		req.Body, req.HasBody = []byte(str(spec, "body")), true
	case "binary":
		b, _ := jsBytes(vm, spec.Get("body"))
		req.Body, req.HasBody = append([]byte(nil), b...), true
	}
	if req.HasBody && (req.Method == http.MethodGet || req.Method == http.MethodHead) {
		n.rt.Throw(fmt.Errorf("uncontrolledFetch: a %s request cannot have a body", req.Method))
	}
	return vm.ToValue(n.rt.Go(func(ctx context.Context) jsruntime.Settle {
		resp, err := n.opts.Transport.Fetch(ctx, req)
		return func(vm *goja.Runtime) (goja.Value, error) {
			if err != nil {
				return nil, err
			}
			o := vm.NewObject()
			_ = o.Set("status", resp.Status)
			_ = o.Set("statusText", resp.StatusText)
			_ = o.Set("url", resp.URL)
			_ = o.Set("redirected", resp.Redirected)
			names := make([]string, 0, len(resp.Header))
			for k := range resp.Header {
				names = append(names, k)
			}
			sort.Strings(names)
			headers := make([]any, 0, len(names))
			for _, k := range names {
				headers = append(headers, []any{strings.ToLower(k), strings.Join(resp.Header[k], ", ")})
			}
			_ = o.Set("headers", headers)
			_ = o.Set("body", n.rt.Buffer().Wrap(resp.Body))
			return o, nil
		}
	}))
}

// triggerSync dry-runs another sync through Options.TriggerSync and resolves with its text.
func (n *Nango) triggerSync(pck, connID, name, variant string, fullResync bool) goja.Value {
	if n.opts.TriggerSync == nil {
		n.rt.Throw(fmt.Errorf("triggerSync(%q) is not available in this run: dry-run that sync itself with `nango dryrun %s <connection>`", name, name))
	}
	req := TriggerSyncRequest{ProviderConfigKey: pck, ConnectionID: connID, Name: name, Variant: variant, FullResync: fullResync}
	return n.rt.VM().ToValue(n.rt.Go(func(ctx context.Context) jsruntime.Settle {
		text, err := n.opts.TriggerSync(ctx, req)
		return func(vm *goja.Runtime) (goja.Value, error) {
			if err != nil {
				return nil, err
			}
			return vm.ToValue(text), nil
		}
	}))
}

// ---- logs and records ---------------------------------------------------------------------

func (n *Nango) log(call goja.FunctionCall) goja.Value {
	if n.opts.Log == nil {
		return goja.Undefined()
	}
	level := call.Argument(0).String()
	arr := call.Argument(1).ToObject(n.rt.VM())
	parts := make([]string, arr.Get("length").ToInteger())
	for i := range parts {
		a := arr.Get(fmt.Sprint(i))
		if s, ok := a.Export().(string); ok {
			parts[i] = s
			continue
		}
		parts[i] = n.rt.Inspect(a)
	}
	n.opts.Log(jsruntime.LogLevel(level), strings.Join(parts, " "))
	return goja.Undefined()
}

func statusText(status int) string { return http.StatusText(status) }

// batch records one batchSave/batchUpdate/batchDelete call. An invalid record with
// --validation throws the reference's invalid_sync_record error.
func (n *Nango) batch(op, model string, recs goja.Value) goja.Value {
	vm := n.rt.VM()
	if n.opts.Store == nil {
		n.rt.Throw(fmt.Errorf("batch%s is only available in syncs", strings.ToUpper(op[:1])+op[1:]))
	}
	text, err := n.recordsJSON(recs)
	if err != nil {
		n.rt.Throw(err)
	}
	switch records.Op(op) {
	case records.OpSave:
		err = n.opts.Store.Save(model, text)
	case records.OpUpdate:
		err = n.opts.Store.Update(model, text)
	case records.OpDelete:
		err = n.opts.Store.Delete(model, text)
	default:
		err = fmt.Errorf("unknown batch operation %q", op)
	}
	if err == nil && n.opts.OnBatch != nil {
		err = n.opts.OnBatch(records.Op(op), model, string(text))
	}
	if err != nil {
		var inv *records.InvalidRecordError
		if errors.As(err, &inv) {
			report, _ := json.Marshal(inv.Report())
			payload, perr := n.rt.FromJSON(report)
			if perr != nil {
				payload = goja.Undefined()
			}
			e := n.rt.NewError(inv.Error(), map[string]any{"name": "NangoError", "code": inv.Code(), "type": inv.Code(), "payload": payload})
			panic(e)
		}
		n.rt.Throw(err)
	}
	return vm.ToValue(true)
}
